"""Administrative divisions (GB/T 2260 county codes, the statistics office's township codes) shipped as data.

`resources/divisions/<county>.csv` lists one county and its townships; another county ships its own file.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fazhi_desktop.core import paths
from fazhi_desktop.core.errors import SetupError

#: the list ships inside the program (an upgrade replaces it): a township not in it needs a new build, at both ends
NEW_TOWNSHIP = "新设的乡镇须先安装名单中有它的新版本程序（县里和该乡镇都要装；见 README“新增或合并乡镇”）"


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    note: str = ""
    from_year: int | None = None  # the first year the division existed (None: always); a township set up later
    until_year: int | None = None  # the last year (None: still exists); a township merged into another
    #: the township it was merged into (`until_year` its last year): its records dated after that, and the matters it
    #: carried over and concluded later, count under that township (core/indicators/townships.py); None: not merged,
    #: or merged without the list saying where (its records then count under itself)
    merged_into: str | None = None

    @property
    def is_county(self) -> bool:
        return len(self.code) == 6

    def exists_in(self, year: int) -> bool:
        return (self.from_year or year) <= year <= (self.until_year or year)


def load_divisions(directory: Path | None = None) -> dict[str, Division]:
    """Every county and township in the shipped lists, by code."""
    directory = directory or paths.resource("divisions")
    found: dict[str, Division] = {}
    where: dict[str, tuple[Path, int]] = {}  # code -> its file and line, for what is checked once all are read
    for path in sorted(directory.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), 2):
                code = (row.get("code") or "").strip()
                if not code.isdigit() or len(code) not in (6, 9):
                    raise SetupError(f"区划文件 {path} 第 {line} 行：代码“{code}”应为6位（县）或9位（乡镇）数字")
                years = [_year(row, key, path, line) for key in ("from_year", "until_year")]
                if None not in years and years[0] > years[1]:
                    raise SetupError(f"区划文件 {path} 第 {line} 行：from_year {years[0]} 晚于 until_year {years[1]}")
                into = (row.get("merged_into") or "").strip() or None
                found[code] = Division(code, (row.get("name") or "").strip(), (row.get("note") or "").strip(), *years,
                                       into)
                where[code] = (path, line)
    for division in found.values():
        if division.merged_into:
            path, line = where[division.code]
            problem = _merged_into_problem(division, found)
            if problem:
                raise SetupError(f"区划文件 {path} 第 {line} 行：merged_into“{division.merged_into}”{problem}")
    return found


def _merged_into_problem(division: Division, found: dict[str, Division]) -> str | None:
    """Why a township's `merged_into` cannot be taken, or None: it names a township of the lists, of the same county,
    that exists from the year after the merged one's `until_year` (which must be given) on, or until it is merged in
    turn into one its own row names (README 新增或合并乡镇): so never back into this one, whose years end before."""
    into, target = division.merged_into or "", found.get(division.merged_into or "")
    if division.is_county:
        return "：县不能并入乡镇，只有乡镇一行可以填 merged_into"
    if division.until_year is None:
        return "：填了并入的乡镇，until_year 却为空；请在 until_year 写撤并前的最后一年（如 2026）"
    if into == division.code:
        return "是该乡镇自己的代码：请写它并入的乡镇的代码"
    if target is None or target.is_county:
        return "不是区划名单中的乡镇代码：请写并入的乡镇的9位代码（该乡镇须在名单中）"
    if into[:6] != division.code[:6]:
        return f"是另一个县（{into[:6]}）的乡镇：只能并入本县（{division.code[:6]}）的乡镇"
    first = division.until_year + 1
    if (target.from_year or first) > first or (target.until_year is not None and not target.merged_into) \
            or (target.until_year or first) < first:
        return (f"（{target.name}）在名单中的年份不含 {first} 年及以后各年（from_year {target.from_year or '空'}，"
                f"until_year {target.until_year or '空'}）：撤并后的记录要计入的乡镇须从 {first} 年起一直存在"
                "（或它以后也撤并，并在它的一行写明并入的乡镇）")
    return None


def merged_into(year: int, divisions: dict[str, Division]) -> dict[str, str]:
    """Township code -> the township its records count under in `year`: those merged away before it whose row names
    where (`merged_into`; README 新增或合并乡镇), followed on while that one too was merged away before `year` (甘城乡
    into 李旺镇 from 2027, 李旺镇 into 三河镇 from 2030: 甘城乡's records of 2030 count under 三河镇). Empty for a year
    before every merger."""
    out = {}
    for code in divisions:
        into, seen = code, {code}
        while (step := divisions.get(into)) is not None and step.merged_into and step.until_year is not None \
                and year > step.until_year and step.merged_into not in seen:
            into = step.merged_into
            seen.add(into)
        if into != code:
            out[code] = into
    return out


def _year(row: dict, key: str, path: Path, line: int) -> int | None:
    """An optional year column (from_year, until_year): empty or absent means always."""
    text = (row.get(key) or "").strip()
    if not text:
        return None
    if not (text.isdigit() and len(text) == 4):
        raise SetupError(f"区划文件 {path} 第 {line} 行：{key}“{text}”应为4位年份，或留空（一直存在）")
    return int(text)


def townships(county: str, divisions: dict[str, Division] | None = None) -> list[Division]:
    divisions = divisions or load_divisions()
    return [d for code, d in sorted(divisions.items()) if len(code) == 9 and code.startswith(county)]


def lookup(code: str, divisions: dict[str, Division] | None = None) -> Division:
    divisions = divisions or load_divisions()
    try:
        return divisions[code]
    except KeyError:
        kind = "县" if len(code) == 6 else "乡镇"
        new = f"；{NEW_TOWNSHIP}" if kind == "乡镇" else ""
        raise SetupError(f"区划代码“{code}”不在{kind}名单中（见 resources/divisions/）{new}") from None


def names() -> dict[str, str]:
    """Code -> name of every division in the shipped lists, for showing a code as a place (a code missing from
    them, or lists that cannot be read, show as the code itself)."""
    try:
        return {code: division.name for code, division in load_divisions().items()}
    except SetupError:
        return {}


_PLACE_ENDS = ("街道", "镇", "乡")


def office_names_place(office: str, code: str) -> bool:
    """Whether an office's name names the township of `code` (海城镇司法所, 海原县海城镇司法所, or 海城司法所 without
    镇/乡/街道) and no other township of the lists. The county enrols a township's key by its code and office
    (core/bundle/keys.office_problem), so the two must agree from the setup on."""
    known = names()
    place = known.get(code)
    if not place:
        return False
    stem = next((place.removesuffix(end) for end in _PLACE_ENDS if place.endswith(end)), place)
    others = [name for other, name in known.items() if len(other) == 9 and other != code and name in office
              and name not in place]
    return stem in office and not others


#: the longest name an office may have: the longest real one, with every level before it (宁夏回族自治区中卫市海原县
#: 海城街道司法所), is 20 characters; a name is one line of a document's heading and a part of file names
OFFICE_LIMIT = 40
#: what no office's name holds: markup, and what a file name cannot take
_NOT_IN_OFFICE = frozenset('<>/\\:*?"|')


def office_shape_problem(office: str) -> str | None:
    """Why `office` cannot be any office's name, or None: too long, a line break or other character that prints as
    nothing (a control character, a zero-width space, text that is not valid Unicode; a space of any width prints, as
    the input method's full-width one in “海原县　海城镇司法所”), or markup and what a file name
    cannot take (< > / \\ : * ? " |). Said after “单位名称” at the setup and of an enrolment file the county reads."""
    if len(office) > OFFICE_LIMIT:
        return f"太长：{len(office)} 个字，最多 {OFFICE_LIMIT} 个字"
    if any(not c.isprintable() and unicodedata.category(c) != "Zs" for c in office):
        return "含有换行或看不见的控制字符（单位名称只能是一行文字）"
    if marks := sorted(set(office) & _NOT_IN_OFFICE):
        return f"含有符号 {' '.join(marks)}（单位名称印在文书标题上、用在文件名中，不能有这些符号）"
    return None


def setup_office_problem(office: str, code: str) -> str | None:
    """Why an office's name cannot be set up with `code`, or None: its shape (`office_shape_problem`), and for a
    township that it names its township (see `office_names_place`), or the county cannot enrol its key. A code
    missing from the lists is said elsewhere."""
    place = names().get(code)
    if shape := office_shape_problem(office):
        example = f"“{place}{'司法局' if len(code) == 6 else '司法所'}”" if place else "“海城镇司法所”"
        return f"单位名称{shape}：请写成如{example}"
    if len(code) != 9:
        return None
    if not place or office_names_place(office, code):
        return None
    return (f"单位名称“{office}”没有写出所在的{place}（或写了别的乡镇）：单位名称打印在文书上，县里登记本所的密钥时"
            f"也按它核对乡镇，请写成如“{place}司法所”")


def renamed_office_problem(office: str, township: str) -> str | None:
    """Why a bundle's office, other than the one its key was enrolled with, is not a name its township may have
    taken since (修改单位名称 checks the same), or None: a rename the county takes from the signed bag-info
    (core/bundle/verify.py), which core/tampered.py does not name as a changed bundle."""
    if shape := office_shape_problem(office):
        return f"单位名称{shape}"
    if not office_names_place(office, township):
        return f"没有写出所在的{town_label(township)}（或写了别的乡镇）"
    return None


def setup_year_problem(code: str, year: int, divisions: dict[str, Division] | None = None) -> str | None:
    """Why no new office can be set up for `code` in `year`, or None: the division list has it merged away before
    (`until_year`; README 新增或合并乡镇). Its own database, restored from a backup, still concludes its matters."""
    division = (divisions or load_divisions()).get(code)
    if division is None or division.until_year is None or year <= division.until_year:
        return None
    note = f"，{division.note}" if division.note else ""
    return (f"{division.name}（{code}）在区划名单中到 {division.until_year} 年为止（已撤并{note}），"
            f"{year}年不能再新建它的数据库：撤并后的工作在并入的乡镇登记；原乡镇尚未办结的事项仍在原乡镇的数据库中办结"
            "（电脑坏了的，用首次使用设置的“从备份恢复”）")


def town_label(code: object, office: str = "") -> str:
    """An office as a message names it, the one way: by its name when known ("李旺镇司法所（640522101）": a database's
    or a backup's office_name), else by its place ("李旺镇（640522101）"), or "乡镇 640522101" for a code not in the
    lists. Messages about a refused bundle name what it claims, which may be anything (a list, a number): never a
    crash."""
    name = office or (names().get(code) if isinstance(code, str) else None)
    return f"{name}（{code}）" if name else f"乡镇 {code}"


def code_for(text: str) -> str:
    """A division given by its code or by its name in the shipped lists (海城镇, 海原县) -> its code. Digits are
    taken as a code as they are (whether it belongs where it is used is the caller's check)."""
    text = text.strip()
    if text.isdigit():
        return text
    known = names()
    found = sorted(code for code, name in known.items() if name == text)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise SetupError(f"“{text}”有 {len(found)} 个同名的区划（代码 {'、'.join(found)}）：请写代码")
    if not known:
        raise SetupError(f"区划名单无法读取（resources/divisions/），请写代码而不是名称“{text}”")
    raise SetupError(f"不认识的乡镇或县“{text}”：请写代码（如 640522100）或区划名单中的名称（如 海城镇）")


@dataclass(frozen=True)
class Bodies:
    """What a township's government and party bodies are called on formal documents."""

    government: str  # 海城镇人民政府 / 海城街道办事处 (seals the 行政调解协议书)
    party: str  # 中共海城镇委员会 / 中共海城街道工作委员会
    government_meeting: str  # the mark of its 常务会议 minutes


def bodies(name: str) -> Bodies:
    """A 镇 or 乡 has a 人民政府 and a party 委员会; a 街道 has an 办事处 (its 主任办公会议 is what a town's
    常务会议 is) and a party 工作委员会. No body called 海城街道人民政府 exists, and no seal."""
    if name.endswith("街道"):
        return Bodies(f"{name}办事处", f"中共{name}工作委员会", f"{name}办事处主任办公会议纪要")
    return Bodies(f"{name}人民政府", f"中共{name}委员会", f"{name}人民政府常务会议纪要")
