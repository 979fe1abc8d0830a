"""The indicator catalog: `resources/indicators/catalog.toml` read into typed, checked objects.

The catalog is data the county may replace without a new program version (docs/INDICATORS.md). Each entry names a
ledger, a formula (a count, or a ratio of two counts) over records chosen by conditions written in a small TOML
filter language, a period, a threshold and a direction. Nothing in the file is executed: conditions are checked here
against the ledger forms and compiled to parameterised SQL in one place (`sql.py`). A malformed catalog is refused
with the file, the entry's code (and line) and the reason.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from fazhi_desktop.core import paths, textfiles
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.failures import read_reason
from fazhi_desktop.core.forms import FieldDef, LedgerDef
from fazhi_desktop.core.indicators.conditions import Condition, ConditionReader
from fazhi_desktop.core.people import ROLES

CATALOG_FORMAT = 1
SETTING = "indicator_catalog"  # the settings key holding the path of a county's own catalog
DIGEST_SETTING = "indicator_catalog.sha256"  # and the digest of that file as enabled (its copy: catalog_copies.py)
DIRECTIONS = {">=": "不少于", "<=": "不超过", "=": "等于", "report": "仅报告"}
FORMULAS = ("count", "ratio")
PERIODS = ("year", "open_during_year")
SECTIONS = {"indicator": "target", "statistic": "statistic"}
_CODE = re.compile(r"^[A-Z][A-Za-z0-9_]{0,15}$")
_ENTRY_KEYS = frozenset({
    "code", "task", "title", "text", "ledger", "computable", "needs", "formula", "period", "date_field",
    "period_until", "count", "numerator", "denominator", "threshold", "direction", "unit", "note", "pace",
    "breakdown", "final_misses", "judged_from", "linked_from", "act", "lacking",
})
_MEASURE_KEYS = frozenset({"where", "sum", "rows", "rows_where", "person", "else_sum", "people", "roster_role",
                           "empty", "empty_of", "empty_some"})
_TOP_KEYS = frozenset({"format", "name", "version", "from_year", "until_year", "indicator", "statistic"})
_YEARS = (2000, 2100)  # a from_year / until_year outside is a typo (20224), not a year a ledger has


class CatalogError(FazhiError):
    """A catalog file is malformed: carries the file, the entry (code) and the reason, in Chinese."""

    def __init__(self, file: Path | str, reason: str, code: str | None = None, line: int | None = None):
        self.file, self.reason, self.code, self.line = str(file), reason, code, line
        where = self.file + (f" 第 {line} 行" if line else "")
        what = f"，指标 {code}" if code else ""
        super().__init__(f"指标目录 {where}{what}：{reason}")


@dataclass(frozen=True)
class Measure:
    """What is counted: records meeting `where`; or the sum of a number field over them; or the rows of a
    repeating group meeting `rows_where`; or distinct roster people of a role named in a people field; or (with
    `roster_role` alone) the roster people of that role.

    Rows with `person` (a sub-field naming someone) count each person once per township and year, as their last row
    of the year (latest date, then the later record) has them: the same enforcement officer checked twice is one
    member of staff, certified or not as the latest check found them. `else_sum` counts a record whose group lists
    no one by a number field instead (a check that entered only its totals)."""

    where: tuple[Condition, ...] = ()
    sum: str | None = None
    rows: str | None = None
    rows_where: tuple[Condition, ...] = ()
    person: str | None = None
    else_sum: str | None = None
    people: str | None = None
    roster_role: str | None = None
    #: a denominator's: what counting none of it means, said where the figure is 无数据 (本年没有乡镇行政会议)
    empty: str = ""
    #: a denominator's narrower than a population another entry counts (M2's cases with a result of M1's cases):
    #: that entry's code, and what is said instead of `empty` when the township has some of it (受理的案件都还没有调解
    #: 结果): one of the two, never both hedged (`Indicator.empty_said`)
    empty_of: str = ""
    empty_some: str = ""

    @property
    def kind(self) -> str:
        if self.sum:
            return "sum"
        if self.rows:
            return "rows"
        if self.people:
            return "people"
        if self.roster_role:
            return "roster"
        return "count"


@dataclass(frozen=True)
class Indicator:
    """One catalog entry. `section` is "target" ([[indicator]]) or "statistic" ([[statistic]], report only)."""

    code: str
    task: str
    title: str
    text: str
    ledger: str
    section: str = "target"
    computable: bool = True
    needs: str = ""
    formula: str = "count"
    period: str = "year"
    date_field: str = ""
    period_until: str | None = None
    count: Measure | None = None
    numerator: Measure | None = None
    denominator: Measure | None = None
    threshold: float | None = None
    direction: str = "report"
    unit: str = ""
    note: str = ""
    pace: bool = True
    breakdown: str | None = None
    #: a ratio whose denominator counts events that are over once entered (a 乡镇行政会议 held): one short of a 100%
    #: target cannot be made up by a later one, so it is 未达标 at once, not 有风险 for the rest of the year
    final_misses: bool = False
    #: "MM-DD": before this day of the year a figure below its target is 进行中, not 有风险 (T47's 述法 is given at
    #: the year's end: every township read 有风险 from 1 January)
    judged_from: str | None = None
    #: "meeting.pre_meeting_study": the link field of another ledger its records are expected to be linked from; the
    #: drill-down marks a counted record no live record links to (a cancelled meeting's 会前学法, still counted)
    linked_from: str | None = None
    #: what a person counted from the roster does (述法, 讲法): the drill-down's parts are named by it (尚未讲法的人员)
    act: str = "述法"
    #: what a person counted by name who falls short lacks (T29's "未持有效执法证"): leads their names in 说明 and
    #: the PDF report, "未达到" when a catalog does not say
    lacking: str = "未达到"

    @property
    def is_ratio(self) -> bool:
        return self.formula == "ratio"

    @property
    def main(self) -> Measure:
        """The measure whose records are "the value": the count, or the ratio's numerator."""
        measure = self.numerator if self.is_ratio else self.count
        assert measure is not None
        return measure

    @property
    def from_roster(self) -> bool:
        """Whether it counts the roster's people (T47: the 主要负责同志 who reported on the law), not records: figured
        and listed by person, each shown with the 职务 and 任职时间 the roster gives."""
        return self.main.kind == "people"

    def empty_said(self, population: float | None = None) -> str:
        """What a ratio's 0 denominator means, as every 无数据 of it says (the page, the reports, the command line):
        the catalog's `empty` ("本年没有乡镇行政会议（政府常务会议）"), or "比率的分母为 0" for a catalog without it.
        With `empty_of`, `population` is that entry's count: its `empty_some` when above 0, `empty` at 0, both
        (…，或…) only when it is not known (None)."""
        denominator = self.denominator if self.is_ratio else None
        if denominator is None or not denominator.empty:
            return "比率的分母为 0"
        if not denominator.empty_of:
            return denominator.empty
        if population is None:
            return f"{denominator.empty}，或{denominator.empty_some}"
        return denominator.empty_some if population else denominator.empty

    def target_text(self) -> str:
        """"不少于 4 次", "100%", "不超过 0 项", "仅报告"."""
        if self.direction == "report" or self.threshold is None:
            return "仅报告"
        amount = f"{self.threshold:g}%" if self.is_ratio else f"{self.threshold:g} {self.unit}".strip()
        if self.is_ratio and self.direction == ">=" and self.threshold >= 100:
            return amount
        return f"{DIRECTIONS[self.direction]} {amount}"


@dataclass(frozen=True)
class Catalog:
    name: str
    version: str
    source: str
    indicators: tuple[Indicator, ...] = field(default_factory=tuple)
    chosen_for_once: bool = False  # given for one report (--catalog), not enabled for the database
    #: the years the catalog says it applies to (its notice's: 海政办发〔2024〕12号 from 2024 on); None: not said (the
    #: first year: every year before another catalog's; the last: until another catalog's first year)
    from_year: int | None = None
    until_year: int | None = None
    #: at a township: the county's catalog, adopted from its receipt (core/bundle/receipt_catalogs.py)
    from_county: bool = False

    def applies_to(self, year: int) -> bool:
        """Whether the catalog's own years (from_year, until_year) include `year`."""
        return (self.from_year or year) <= year <= (self.until_year or year)

    @property
    def years_text(self) -> str:
        """"2024 年起", "2024—2025 年", "各年度" (it says no years)."""
        return years_text(self.from_year, self.until_year)

    def get(self, code: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        known = "、".join(i.code for i in self.indicators)
        raise CatalogError(self.source, f"没有代码为“{code}”的指标（可用：{known}）")

    @property
    def shipped(self) -> bool:
        """The program's own catalog, not one a county enabled (`fazhi catalog use`, 统计 → 启用指标目录)."""
        return Path(self.source).resolve() == default_catalog_path().resolve()

    @property
    def label(self) -> str:
        """How every page and report names the catalog its figures follow; another than the shipped one says so,
        with its file, since it may keep the official name and version."""
        if self.chosen_for_once:
            own = f"；另行指定、未启用的目录：{Path(self.source).name}"
        elif self.from_county:
            own = f"；县司法局的目录，随回执同步：{Path(self.source).name}"
        else:
            own = "" if self.shipped else f"；县里启用的目录：{Path(self.source).name}"
        return f"{self.name}（{self.version}{own}）"

    @property
    def computable(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.computable)

    @property
    def targets(self) -> tuple[Indicator, ...]:
        """Computable [[indicator]] entries: the columns of the county's matrix."""
        return tuple(i for i in self.indicators if i.computable and i.section == "target")

    @property
    def judged(self) -> tuple[Indicator, ...]:
        """Targets with a threshold (not report-only): what met / at risk / missed is about."""
        return tuple(i for i in self.targets if i.direction != "report")

    @property
    def reported(self) -> tuple[Indicator, ...]:
        """Targets without a threshold (direction = "report"): figures with no status, not in the matrix."""
        return tuple(i for i in self.targets if i.direction == "report")

    @property
    def statistics(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.computable and i.section == "statistic")

    @property
    def not_computable(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if not i.computable)

    @property
    def roster_roles(self) -> frozenset[str]:
        """The roster roles the figures count people of (T47: 主要负责同志)."""
        return frozenset(m.roster_role for i in self.computable for m in (i.main, i.denominator)
                         if m is not None and m.roster_role)


def years_text(first: int | None, last: int | None) -> str:
    """A span of years as a notice says it: "2024 年起", "2023 年及以前", "2024 年", "2024—2025 年", "各年度"."""
    if first is None:
        return "各年度" if last is None else f"{last} 年及以前"
    if last is None:
        return f"{first} 年起"
    return f"{first} 年" if first == last else f"{first}—{last} 年"


def default_catalog_path() -> Path:
    return paths.resource("indicators", "catalog.toml")


def catalog_path(setting: str | None = None, override: Path | str | None = None) -> Path:
    """Which catalog applies: `override` (--catalog), else the database's setting, else the shipped one."""
    if override:
        return Path(override)
    if setting:
        return Path(setting)
    return default_catalog_path()


def load_catalog(path: Path | str | None, ledgers: dict[str, LedgerDef]) -> Catalog:
    """Read and check a catalog against the ledger forms. Raises CatalogError naming file, entry and reason."""
    path = Path(path) if path else default_catalog_path()
    return parse_catalog(catalog_file(path)[0], path, ledgers)


def catalog_file(path: Path) -> tuple[str, str]:
    """A catalog file's text and the SHA-256 of its bytes, read once; CatalogError when it cannot be read."""
    try:
        data = path.read_bytes()
        return textfiles.decode_text(data), hashlib.sha256(data).hexdigest()
    except OSError as exc:
        raise CatalogError(path, f"无法读取文件（{read_reason(exc)}）") from None
    except UnicodeDecodeError:
        raise CatalogError(path, textfiles.NOT_TEXT) from None


def parse_catalog(text: str, path: Path | str, ledgers: dict[str, LedgerDef]) -> Catalog:
    """A catalog's text (the copy a database keeps of an enabled one, or a receipt carries), checked as a file is:
    CatalogError naming `path` (its file), entry and reason."""
    path = Path(path)
    try:
        raw = textfiles.parse_toml(text)
    except textfiles.NotParsed as exc:
        raise CatalogError(path, str(exc), line=exc.line) from None
    return _Reader(path, text, ledgers).catalog(raw)


class _Reader:
    """Turns a parsed catalog into checked objects, raising CatalogError with file, code, line and reason."""

    def __init__(self, path: Path, text: str, ledgers: dict[str, LedgerDef]):
        self.path, self.lines, self.ledgers = path, text.splitlines(), ledgers
        self.code: str | None = None
        self.start = 1  # the line of the entry being read (its [[indicator]] header), where its code is looked for

    def fail(self, reason: str) -> CatalogError:
        return CatalogError(self.path, reason, self.code, self._line())

    def _line(self) -> int | None:
        """The line of the current entry's code (at or after its header: a duplicate code names its own line)."""
        if not self.code:
            return None
        pattern = re.compile(r'^\s*code\s*=\s*["\']' + re.escape(self.code) + r'["\']')
        found = (n for n, line in enumerate(self.lines, 1) if n >= self.start and pattern.match(line))
        return next(found, None)

    def headers(self, key: str) -> list[int]:
        """The lines of the `[[key]]` headers, in order (an entry written inline has none: its line is unknown)."""
        pattern = re.compile(r"^\s*\[\[\s*" + key + r"\s*\]\]")
        return [n for n, line in enumerate(self.lines, 1) if pattern.match(line)]

    def catalog(self, raw: dict[str, Any]) -> Catalog:
        unknown = sorted(set(raw) - _TOP_KEYS)
        if unknown:
            raise self.fail(f"未知的顶层键：{'、'.join(unknown)}（可用：{'、'.join(sorted(_TOP_KEYS))}）")
        if raw.get("format") != CATALOG_FORMAT:
            raise self.fail(f"format 应为 {CATALOG_FORMAT}（本程序能读的目录格式），收到 {raw.get('format')!r}")
        entries: list[Indicator] = []
        seen: dict[str, int | None] = {}  # code -> the line it was first given on
        for key, section in SECTIONS.items():
            items = raw.get(key, [])
            if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
                raise self.fail(f"{key} 应写成 [[{key}]] 表数组")
            headers = self.headers(key)
            for n, item in enumerate(items, 1):
                header = headers[n - 1] if len(headers) == len(items) else None
                self.start = header or 1
                if "code" not in item:
                    self.code = None
                    raise CatalogError(self.path, f"第 {n} 个 [[{key}]] 缺少 code（写成 code = \"T99\"）",
                                       line=header)
                entry = self.entry(item, section)
                if entry.code in seen:
                    first = seen[entry.code]
                    raise self.fail("指标代码重复" + (f"（第一次出现在第 {first} 行）" if first else ""))
                seen[entry.code] = self._line()
                entries.append(entry)
        self.empty_of(entries, seen)
        self.code, self.start = None, 1
        if not entries:
            raise self.fail("目录中没有任何指标（[[indicator]]）")
        return Catalog(str(raw.get("name") or "指标目录"), str(raw.get("version") or ""), str(self.path),
                       tuple(entries), from_year=self.year(raw, "from_year"), until_year=self.until(raw))

    def year(self, raw: dict[str, Any], key: str) -> int | None:
        """`from_year = 2024`: a year, checked (a date or a typo is refused, not read as no year)."""
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not _YEARS[0] <= value <= _YEARS[1]:
            raise self.fail(f"{key} 应为年份（{_YEARS[0]}–{_YEARS[1]} 的整数，如 {key} = 2024），收到 {value!r}")
        return value

    def until(self, raw: dict[str, Any]) -> int | None:
        """`until_year`: only with a `from_year` not after it (a catalog without from_year is the first one)."""
        until, first = self.year(raw, "until_year"), self.year(raw, "from_year")
        if until is not None and first is None:
            raise self.fail("until_year 须与 from_year 一起写（不写 from_year 的目录适用于以后启用的目录之前的各年度）")
        if until is not None and first is not None and until < first:
            raise self.fail(f"until_year（{until}）早于 from_year（{first}）")
        return until

    def entry(self, item: dict[str, Any], section: str) -> Indicator:
        code = item.get("code")
        self.code = code if isinstance(code, str) else None
        if not isinstance(code, str) or not _CODE.match(code):
            raise self.fail(f"指标代码 {code!r} 不合格式（大写字母开头，字母数字，如 T40a）")
        unknown = sorted(set(item) - _ENTRY_KEYS)
        if unknown:
            raise self.fail(f"未知的键：{'、'.join(unknown)}")
        title, text = self.text(item, "title", True), self.text(item, "text", True)
        ledger_name = self.text(item, "ledger", True)
        task = str(item.get("task", ""))
        computable = item.get("computable", True)
        if not isinstance(computable, bool):
            raise self.fail("computable 应为 true 或 false")
        if not computable:
            needs = self.text(item, "needs", True)
            return Indicator(code, task, title, text, ledger_name, section, False, needs,
                             note=self.text(item, "note", False))
        ledger = self.ledgers.get(ledger_name)
        if ledger is None:
            raise self.fail(f"台账“{ledger_name}”不存在（可用：{'、'.join(self.ledgers)}）")
        return self.computable(item, section, code, task, title, text, ledger)

    def computable(self, item: dict[str, Any], section: str, code: str, task: str, title: str, text: str,
                   ledger: LedgerDef) -> Indicator:
        formula = item.get("formula", "count")
        if formula not in FORMULAS:
            raise self.fail(f"formula 应为 count 或 ratio，收到 {formula!r}")
        period, date_field, until = self.period(item, ledger)
        direction = item.get("direction", "report" if section == "statistic" else None)
        if direction not in DIRECTIONS:
            raise self.fail(f"direction 应为 >=、<=、= 或 report，收到 {direction!r}")
        threshold = item.get("threshold")
        if direction != "report":
            if isinstance(threshold, bool) or not isinstance(threshold, int | float):
                raise self.fail("有目标的指标须给出数值 threshold")
            if formula == "ratio" and not 0 <= threshold <= 100:
                raise self.fail(f"比率指标的 threshold 是百分数（0–100），收到 {threshold}")
        elif threshold is not None:
            raise self.fail("direction = \"report\" 的指标不设 threshold")
        count = numerator = denominator = None
        if formula == "count":
            if "numerator" in item or "denominator" in item:
                raise self.fail("count 指标只写 count，不写 numerator/denominator")
            count = self.measure(item.get("count", {}), ledger, "count")
        else:
            if "count" in item:
                raise self.fail("ratio 指标写 numerator 和 denominator，不写 count")
            denominator = self.measure(item.get("denominator"), ledger, "denominator")
            numerator = self.measure(item.get("numerator"), ledger, "numerator")
            self.pair(numerator, denominator)
        if period != "year" and any(m is not None and m.person for m in (count, numerator, denominator)):
            raise self.fail("按人计（person）的指标只能按年度计（period = \"year\"）")
        breakdown = item.get("breakdown")
        if breakdown is not None:
            f = self.field(ledger, breakdown, "breakdown")
            if f.type not in ("choice", "text", "person"):
                raise self.fail(f"breakdown 字段“{breakdown}”应为单选或文字字段")
        pace = item.get("pace", True)
        if not isinstance(pace, bool):
            raise self.fail("pace 应为 true 或 false")
        final = item.get("final_misses", False)
        if not isinstance(final, bool):
            raise self.fail("final_misses 应为 true 或 false")
        if final and (formula != "ratio" or direction != ">=" or threshold != 100
                      or numerator is None or numerator.kind != "count"):
            raise self.fail("final_misses 只用于按记录计数、目标为 100% 的比率指标（direction = \">=\"，"
                            "threshold = 100）")
        return Indicator(code, task, title, text, ledger.name, section, True, "", formula, period, date_field, until,
                         count, numerator, denominator, float(threshold) if threshold is not None else None,
                         direction, self.text(item, "unit", False), self.text(item, "note", False), pace, breakdown,
                         final, self.judged_from(item), self.linked_from(item, ledger),
                         self.text(item, "act", False) or "述法", self.text(item, "lacking", False) or "未达到")

    def linked_from(self, item: dict[str, Any], ledger: LedgerDef) -> str | None:
        """`linked_from = "meeting.pre_meeting_study"`: a link field of another ledger to this one, checked."""
        value = item.get("linked_from")
        if value is None:
            return None
        other, _, name = str(value).partition(".")
        source = self.ledgers.get(other)
        found = next((f for f in source.fields if f.name == name), None) if source else None
        if found is None or found.type != "link" or found.link != ledger.name:
            raise self.fail(f"linked_from 应写成“台账.链接字段”，且该字段链接到台账“{ledger.label}”，收到 {value!r}")
        return str(value)

    def judged_from(self, item: dict[str, Any]) -> str | None:
        """`judged_from = "12-01"`: a day of the year (month-day), checked."""
        value = item.get("judged_from")
        if value is None:
            return None
        if not isinstance(value, str) or not re.fullmatch(r"\d\d-\d\d", value):
            raise self.fail(f"judged_from 应写成“月-日”，如 \"12-01\"，收到 {value!r}")
        try:
            date(2001, int(value[:2]), int(value[3:]))  # a year with no 29 February: one every year has
        except ValueError:
            raise self.fail(f"judged_from“{value}”不是一年中的日期") from None
        return value

    def period(self, item: dict[str, Any], ledger: LedgerDef) -> tuple[str, str, str | None]:
        period = item.get("period", "year")
        if period not in PERIODS:
            raise self.fail(f"period 应为 year 或 open_during_year，收到 {period!r}")
        date_field = item.get("date_field", ledger.date_field)
        if self.field(ledger, date_field, "date_field").type != "date":
            raise self.fail(f"date_field“{date_field}”不是日期字段")
        until = item.get("period_until")
        if period == "open_during_year":
            if until is None or self.field(ledger, until, "period_until").type != "date":
                raise self.fail("period = \"open_during_year\" 须用 period_until 指定结束日期字段（如 closed_on）")
        elif until is not None:
            raise self.fail("period_until 只用于 period = \"open_during_year\"")
        return period, date_field, until

    def measure(self, raw: Any, ledger: LedgerDef, what: str) -> Measure:
        if not isinstance(raw, dict):
            raise self.fail(f"缺少 {what}（写成 {what} = {{ where = [...] }}）")
        unknown = sorted(set(raw) - _MEASURE_KEYS)
        if unknown:
            raise self.fail(f"{what} 中有未知的键：{'、'.join(unknown)}")
        reader = ConditionReader(ledger, self.fail)
        where = reader.conditions(raw.get("where", []), f"{what}.where")
        kinds = [k for k in ("sum", "rows", "people") if k in raw]
        if len(kinds) > 1:
            raise self.fail(f"{what} 只能有 sum、rows、people 之一")
        measure = Measure(where=where)
        if "sum" in raw:
            f = self.field(ledger, raw["sum"], f"{what}.sum")
            if f.type not in ("integer", "decimal"):
                raise self.fail(f"{what}.sum 字段“{f.name}”不是数字字段")
            measure = Measure(where=where, sum=f.name)
        elif "rows" in raw:
            f = self.field(ledger, raw["rows"], f"{what}.rows")
            if f.type != "group":
                raise self.fail(f"{what}.rows 字段“{f.name}”不是重复组")
            rows_where = ConditionReader(ledger, self.fail, group=f).conditions(raw.get("rows_where", []),
                                                                                 f"{what}.rows_where")
            measure = Measure(where=where, rows=f.name, rows_where=rows_where, **self.person(raw, ledger, f, what))
        elif "people" in raw:
            f = self.field(ledger, raw["people"], f"{what}.people")
            if f.type not in ("people", "person"):
                raise self.fail(f"{what}.people 字段“{f.name}”不是人员字段")
            measure = Measure(where=where, people=f.name, roster_role=self.role(raw, what, required=True))
        elif "roster_role" in raw:
            if where:
                raise self.fail(f"{what} 按名册计数（roster_role）时不能带 where 条件")
            measure = Measure(roster_role=self.role(raw, what, required=True))
        for key in ("rows_where", "person", "else_sum"):
            if key in raw and measure.kind != "rows":
                raise self.fail(f"{what}.{key} 只能与 rows 一起使用")
        if "empty" in raw:
            if what != "denominator":
                raise self.fail(f"{what}.empty 只能写在 denominator 中（分母为 0 时的说明）")
            measure = replace(measure, empty=self.text(raw, "empty", True))
        if "empty_of" in raw or "empty_some" in raw:
            if not ("empty" in raw and "empty_of" in raw and "empty_some" in raw):
                raise self.fail(f"{what}.empty_of 与 empty_some 须和 empty 一起写"
                                "（分母为 0 时按另一指标的数选用的两种说明）")
            measure = replace(measure, empty_of=self.text(raw, "empty_of", True),
                              empty_some=self.text(raw, "empty_some", True))
        return measure

    def empty_of(self, entries: list[Indicator], seen: dict[str, int | None]) -> None:
        """Each `denominator.empty_of` names another computable entry of the same ledger (whose count tells which
        of `empty`, `empty_some` is true)."""
        by_code = {e.code: e for e in entries}
        for entry in entries:
            named = entry.denominator.empty_of if entry.is_ratio and entry.denominator else ""
            other = by_code.get(named)
            if named and (other is None or other is entry or not other.computable or other.ledger != entry.ledger):
                self.code, self.start = entry.code, seen[entry.code] or 1
                raise self.fail(f"denominator.empty_of 应为同一台账（{entry.ledger}）的另一可计算指标的代码，"
                                f"收到 {named!r}")

    def person(self, raw: dict[str, Any], ledger: LedgerDef, group: FieldDef, what: str) -> dict[str, str]:
        """`person` (a sub-field of the group) and `else_sum` (a number field of the record), checked."""
        out = {}
        if "person" in raw:
            sub = next((f for f in group.fields if f.name == raw["person"]), None)
            if sub is None or sub.type not in ("person", "text"):
                raise self.fail(f"{what}.person 应为重复组“{group.label}”中的人员或文字字段，收到 {raw['person']!r}")
            if raw.get("where"):
                # a person's last row is looked for among all the year's records: a `where` would hide it
                raise self.fail(f"{what} 按人计（person）时不能带 where 条件")
            out["person"] = sub.name
        if "else_sum" in raw:
            if "person" not in raw:
                raise self.fail(f"{what}.else_sum 只能与 person 一起使用")
            f = self.field(ledger, raw["else_sum"], f"{what}.else_sum")
            if f.type not in ("integer", "decimal"):
                raise self.fail(f"{what}.else_sum 字段“{f.name}”不是数字字段")
            out["else_sum"] = f.name
        return out

    def role(self, raw: dict[str, Any], what: str, required: bool) -> str | None:
        role = raw.get("roster_role")
        if role is None and not required:
            return None
        if role not in ROLES:
            raise self.fail(f"{what}.roster_role 应为名册角色之一（{'、'.join(ROLES)}），收到 {role!r}")
        return str(role)

    def pair(self, numerator: Measure, denominator: Measure) -> None:
        """A ratio compares like with like: the numerator is counted within the denominator."""
        allowed = {("count", "count"), ("sum", "sum"), ("rows", "rows"), ("people", "roster")}
        if (numerator.kind, denominator.kind) not in allowed:
            raise self.fail(f"分子（{numerator.kind}）与分母（{denominator.kind}）的计数方式不相配"
                            "（可用：count/count、sum/sum、rows/rows、people/roster_role）")
        if numerator.kind == "rows" and numerator.rows != denominator.rows:
            raise self.fail("分子与分母须数同一个重复组的行")
        if numerator.kind == "rows" and (numerator.person != denominator.person
                                         or bool(numerator.else_sum) != bool(denominator.else_sum)):
            raise self.fail("分子与分母须按同一字段计人（person），并同样写或不写 else_sum")
        if numerator.kind == "people" and numerator.roster_role != denominator.roster_role:
            raise self.fail("分子与分母须是名册中的同一角色")

    def field(self, ledger: LedgerDef, name: Any, what: str) -> FieldDef:
        try:
            return ledger.field(str(name))
        except KeyError:
            raise self.fail(f"{what}：字段“{name}”不在台账“{ledger.label}”（{ledger.name}）中") from None

    def text(self, item: dict[str, Any], key: str, required: bool) -> str:
        value = item.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(f"{key} 应为非空文字")
        return value.strip()
