"""保管期限: the concluded files of this office whose keeping period has run out, or runs out this year.

A ledger with a `retention_period` field (调解案件 and, since its form version 4, 投诉举报: 永久 / 30年 / 10年,
shared/domain/ledgers.md) keeps each concluded record for that long. As archives count it, the period runs from 1
January of the year after the file was concluded (its `open_until`, 结案日期 or 办结日期): a case
concluded in 2026 and kept 10年 is kept to 31 December 2036. A record without a period (a complaint saved before
version 4, or a township's not yet upgraded) counts by the form's default and is said so (`未填保管期限（按10年计）`):
a complainant's name and phone were otherwise kept for good without a word (个人信息保护法 art. 19). The program
deletes nothing (README: Correcting a person's data): the hash chains prove that nothing was changed, the county holds
a copy, and disposing of an archive needs its appraisal and approval (档案法, 个人信息保护法 art. 47 once the period is
over). What it does is say, where the 所长 looks every January (年度封账, `fazhi year list`), which files have reached
their period, so that the office can list them and have them appraised, instead of keeping them for good unawares.
The county, which holds a copy of every township's files, is told the same of the copies it holds, township by
township (数据完整性, `fazhi year list` there): its copies too are disposed of under the archive rules, not kept for
good unawares once the township disposed of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from fazhi_desktop.core import divisions
from fazhi_desktop.core.clock import office_date
from fazhi_desktop.core.dates import cn_date
from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.core.store import Store

FIELD = "retention_period"
#: what follows the files named: what the office does about them, since the program does nothing
NOT_DELETED = ("本程序不删除记录：请导出{which}的列表，按{dates}和保管期限筛出这些案卷，"
               "按县档案管理规定鉴定后处置（销毁须经批准；县里的数据库和各处备份另行处理）")
#: ... and at the county, of the copies it holds
COUNTY_NOT_DELETED = ("本程序不删除记录：这些是各乡镇报送、县里保存的副本，请导出该乡镇的列表"
                      "{how}，按{dates}和保管期限筛出这些案卷，与乡镇的鉴定处置一道，"
                      "按县档案管理规定鉴定后处置（销毁须经批准；各处备份另行处理）")
#: how the county exports one township's list of the ledgers named: by the command (`fazhi year list`), one per
#: ledger, or in the window (数据完整性), whose reviewer is not asked to type a command
BY_COMMAND = "fazhi list {name} --township 乡镇 -o 文件.xlsx"
IN_WINDOW = "左侧{labels}中选该乡镇，再用“文件 → 导出列表…”"
#: a period that ends: the form's 10年 and 30年, or any "N年" a later form version adds (FORMS.md: adding a choice);
#: 永久 never ends, and 长期 (an older rule's word) or a blank names no number of years
YEARS = re.compile(r"([1-9][0-9]{0,2})年")


@dataclass(frozen=True)
class Due:
    """How many of a ledger's files concluded in `concluded` and kept `period` end on `ends`."""

    ledger: LedgerDef
    concluded: int
    period: str
    ends: date
    count: int
    township: str = ""  # at the county, whose copies (its code); "" at a township
    assumed: bool = False  # the records hold no period: `period` is the form's default

    @property
    def concluded_as(self) -> str:
        """What concluding is called in this ledger: 结案 (结案日期), 办结 (办结日期)."""
        return self.ledger.field(self.ledger.open_until or "").label.removesuffix("日期")


def ends_on(concluded: int, period: str) -> date | None:
    """The last day of the keeping period of a file concluded in the year `concluded` (None: 永久, or not a period,
    or a day past 9999: a 结案日期 of 9999, which an earlier version took, ended 年度封账 in a traceback)."""
    years = YEARS.fullmatch(period) if isinstance(period, str) else None
    if years is None or concluded + int(years[1]) > date.max.year:
        return None
    return date(concluded + int(years[1]), 12, 31)


def due(store: Store) -> list[Due]:
    """This office's live, concluded files whose keeping period has ended or ends this year (by Beijing's date),
    counted by ledger, year concluded and period, the earliest end first; at the county the copies it holds of
    every township's, counted by township too, in the order of their codes."""
    this_year = office_date(store.clock()).year
    own = "" if store.is_county else " AND township = ?"
    found = []
    for ledger in store.ledgers.values():
        if ledger.open_until is None or FIELD not in ledger.field_names:
            continue
        default = ledger.field(FIELD).default
        rows = store.conn.execute(
            f'SELECT township, substr("{ledger.open_until}", 1, 4), "{FIELD}", count(*) FROM "{ledger.name}"'
            f' WHERE deleted = 0{own} AND "{ledger.open_until}" IS NOT NULL GROUP BY 1, 2, 3',
            [] if store.is_county else [store.township]).fetchall()
        for township, year, period, count in rows:
            assumed = period in (None, "") and isinstance(default, str)
            period = default if assumed else period
            ends = ends_on(int(year), period) if year and year.isdigit() else None
            if ends is not None and ends.year <= this_year:
                found.append(Due(ledger, int(year), period, ends, count, township if store.is_county else "", assumed))
    return sorted(found, key=lambda d: (d.township, d.ends, d.ledger.name))


def said(store: Store, how: str = BY_COMMAND) -> str:
    """What the 年度封账 window and `fazhi year list` say of `due`: "保管期限：2026年结案、保管期限10年的调解案件
    28 件，到2036年12月31日届满。…"; at the county (数据完整性, `fazhi year list` there) township by township,
    "…县里保存的各乡镇副本中：海城镇：…。李旺镇：…。", saying `how` the county exports a township's list (`BY_COMMAND`,
    `IN_WINDOW`); "" when no file's period ends by the end of this year."""
    today = office_date(store.clock())
    found = due(store)
    if not found:
        return ""
    by_township: dict[str, list[str]] = {}
    for d in found:
        kept = f"未填保管期限（按{d.period}计）" if d.assumed else f"保管期限{d.period}"
        by_township.setdefault(d.township, []).append(
            f"{d.concluded}年{d.concluded_as}、{kept}的{d.ledger.label} {d.count} 件，"
            + (f"已于{cn_date(d.ends.isoformat())}届满" if d.ends < today else f"到{cn_date(d.ends.isoformat())}届满"))
    ledgers = [ledger for ledger in store.ledgers.values() if any(d.ledger is ledger for d in found)]
    dates = "、".join(ledger.field(ledger.open_until or "").label for ledger in ledgers)
    since = "、".join(dict.fromkeys(d.concluded_as for d in found))
    if not store.is_county:
        return (f"保管期限（从{since}次年1月1日起算）：" + "；".join(by_township[""]) + "。"
                + NOT_DELETED.format(which="该台账" if len(ledgers) == 1 else "这些台账", dates=dates))
    names = divisions.names()
    towns = "".join(f"{names.get(code, code)}：{'；'.join(parts)}。" for code, parts in by_township.items())
    told = COUNTY_NOT_DELETED.format(how=_how(how, ledgers), dates=dates)
    return f"保管期限（从{since}次年1月1日起算），县里保存的各乡镇副本中：{towns}{told}"


def _how(how: str, ledgers: list[LedgerDef]) -> str:
    """`BY_COMMAND` (one command per ledger) or `IN_WINDOW` for the `ledgers` named, in brackets."""
    if "{name}" in how:
        return "（" + "；".join(how.format(name=ledger.name) for ledger in ledgers) + "）"
    return "（" + how.format(labels="".join(f"“{ledger.label}”" for ledger in ledgers)) + "）"
