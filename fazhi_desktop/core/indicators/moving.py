"""Which figures of a year can still move once it is closed (README, 年度封账: a case counts in the year it was
accepted, with its handling and conclusion whenever they come), and whether any does: said under the figures where a
reviewer reads them (the Excel's 指标明细, the PDF under its targets, `fazhi indicators`, 县级汇总's matrix, the
township's 本年度指标), only of a closed year that left a matter such a figure counts that can still change
(`year_close.movable`: still being handled, or concluded since and not yet locked, its conclusion still open to
correction, downwards too; not one locked, nor one concluded in a later year closed since); a row of such a figure
no longer says its target is finally missed while such a matter remains, in a year closed or not. A figure is said
to move only by the open matters it may yet count: those its own conditions on what cannot change any more (a
case's 类别) let in, not every open matter of its ledger (an open 人民调解 case cannot move T35, an open 行政裁决 not
M2)."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from fazhi_desktop.core import damaged, year_close
from fazhi_desktop.core.db import counted
from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.core.indicators.catalog import Catalog, Indicator
from fazhi_desktop.core.indicators.completeness import Completeness
from fazhi_desktop.core.indicators.conditions import Condition
from fazhi_desktop.core.indicators.engine import Figure, Results
from fazhi_desktop.core.indicators.sql import ALIAS, Compiler, Sql
from fazhi_desktop.core.store import ListQuery, Store, decoded_values

RULE = ("它们按受理日期计入年度，年度封账时仍在办理的事项，此后填写的办理和办结情况"
        "（权利义务告知、调解结果、履行、回访等）无论何时填写都计入受理的年度；已办结的事项锁定前仍可更正办结情况"
        "（如调解成功改为调解不成功），这些指标也可能随之下降，锁定后不再变动；"
        "其他指标（如按办结年度计入的投诉举报办结率）封账后不再变动。")
#: the matters a year's figures may still take in (`year_close.movable`), as the note and a row name them
MATTERS = "办理中或已办结尚未锁定"
#: the records a figure has not counted, while they may still count in its year and once they cannot (`Moving.final`)
NOT_YET, NOT_COUNTED = "尚未计入", "未计入"


def can_move(catalog: Catalog, ledgers: Mapping[str, LedgerDef]) -> list[Indicator]:
    """The catalog's figures a closed year still takes later handling into: those that count a matter left open (a
    ledger's `open_until`) in the year of its date, with what handling it fills whenever that comes (a 告知 given in
    January, a result, a 回访); not those that count a conclusion in the year it is concluded (`period`: T30b)."""
    return [i for i in catalog.computable if i.period == "year"
            and (ledger := ledgers.get(i.ledger)) is not None and _reads(i) & ledger.concluding_fields]


def _reads(ind: Indicator) -> set[str]:
    """The record's own fields `ind` reads (a repeating group by its name: its rows are the record's)."""
    found: set[str] = set()
    for measure in (ind.count, ind.numerator, ind.denominator):
        if measure is not None:
            found |= _fields(measure.where)
            found.update(name for name in (measure.sum, measure.rows, measure.else_sum, measure.people) if name)
    return found


def _fields(conditions: Iterable[Condition]) -> set[str]:
    """The record's own fields `conditions` read (a repeating group by its name)."""
    found: set[str] = set()
    for c in conditions:
        found.update(name for name in (c.field, c.until) if name)
        if c.kind not in ("any", "none", "last"):  # those look inside the group `c.field`
            found |= _fields(c.children)
    return found


def _settled(ind: Indicator, ledger: LedgerDef) -> list[Condition]:
    """The conditions of the records `ind` counts (its count, or its ratio's denominator, within which the numerator
    counts) that an open matter's later handling cannot change: those reading no field of its conclusion (its 类别,
    not its 调解结果 or 结案日期, which an open matter may yet fill and so meet)."""
    whole = ind.denominator if ind.is_ratio else ind.count
    assert whole is not None
    return [c for c in whole.where if not _fields([c]) & ledger.concluding_fields]


@dataclass(frozen=True)
class Moving:
    """Of a year's figures (`Results`): those that can still move (`can_move`), the matters dated in the year that
    can still change (`year_close.movable`), by township and ledger, and the townships that closed the year."""

    indicators: tuple[Indicator, ...] = ()
    #: township -> indicator code -> the ids of the matters that can still change (`year_close.movable`) it may yet
    #: count
    open: Mapping[str, Mapping[str, frozenset[str]]] = field(default_factory=dict)
    closed: frozenset[str] = frozenset()  # the townships whose year is closed (at the county: as their bundles say)
    names: Mapping[str, str] = field(default_factory=dict)  # township -> its name, for the county's note

    def open_for(self, fig: Figure) -> int:
        """The matters that can still change that `fig` may yet take in (0 when it cannot move)."""
        if fig.indicator not in self.indicators:
            return 0
        return len(self.open.get(fig.township, {}).get(fig.indicator.code, ()))

    def final(self, fig: Figure) -> bool:
        """Is `fig`'s year over and closed (年度封账) by its township, with no matter it may yet take in
        (`open_for`)? Then the records it has not counted never count in that year (a complaint concluded in January
        counts in the new year's T30b; a closed year takes no conclusion dated in it): every page says 未计入, not
        尚未计入, which told the 所长 that concluding one now would still count. Before the closing it is not final:
        a complaint concluded on 29 December whose 办结日期 is entered in January counts in the year."""
        return not fig.year_open and fig.township in self.closed and not self.open_for(fig)

    def not_counted(self, fig: Figure) -> str:
        """How the records `fig` has not counted are said: 未计入 once they never will be in its year (`final`),
        else 尚未计入."""
        return NOT_COUNTED if self.final(fig) else NOT_YET

    def missed(self, fig: Figure) -> str:
        """What the township's row of a target missed at the year's end says when a matter it counts can still change
        (`year_close.movable`: in a year closed or not, by the same rule, so the count is of what its words name):
        not that the target is finally missed (a 告知 entered later still counts in the year)."""
        return (f"年度已结束，目前未完成目标；本年仍有 {n} 件事项{MATTERS}，此后填写或更正的办理情况仍计入本年，"
                "结果可能改变"
                if (n := self.open_for(fig)) else "年度已结束，未完成目标")

    def note(self, of: Iterable[Indicator] | None = None) -> str:
        """"年度封账后仍可能变动的指标：T35 …（封账时仍在办理的事项 1 件）。它们按受理日期…", naming the townships
        at the county; "" when the year is not closed, or the closing left no matter these figures count open.
        `of`: only those figures (the 调解统计's statistics, under their table)."""
        towns = sorted(self.closed)
        wanted = None if of is None else set(of)  # once: `of` may be a generator
        shown = [i for i in self.indicators if wanted is None or i in wanted]
        named = [i for i in shown if any(self.open.get(t, {}).get(i.code) for t in towns)]
        if not named:
            return ""
        counts = {t: n for t in towns
                  if (n := len(frozenset().union(*(self.open.get(t, {}).get(i.code, ()) for i in named))))}
        if len(self.names) > 1:
            which = "：" + "、".join(f"{self.names.get(t, t)} {n} 件" for t, n in counts.items())
        else:
            which = f" {sum(counts.values())} 件"
        return (f"年度封账后仍可能变动的指标：{'、'.join(f'{i.code} {i.title}' for i in named)}"
                f"（封账时仍在办理、现在{MATTERS}的事项{which}）。{RULE}")


def moving(store: Store, results: Results, comp: Completeness | None = None) -> Moving:
    """What of `results`' year can still move: at the county, by the townships' closings as `comp` (数据完整性) read
    them from their bundles (none closed without it); in a township, by its own year log."""
    indicators = tuple(can_move(results.catalog, store.ledgers))
    towns = [t.code for t in results.townships]
    # a township merged away before the year: its matters of the year count under the one it joined, and are judged
    # by its own closings (its database concludes them; README 新增或合并乡镇)
    merged = {a.code: t.code for t in results.townships for a in t.absorbed}
    if store.is_county:
        years = {t.code: t.closed_years for t in comp.townships} if comp is not None else {}
    else:
        years = dict.fromkeys(towns, year_close.closed_years(store.conn))
    closed = frozenset(code for code in towns if results.year in years.get(code, ()))
    open_: dict[str, dict[str, frozenset[str]]] = {}
    for name in sorted({i.ledger for i in indicators}):
        matters = _movable(store, store.ledger(name), results.year, frozenset([*towns, *merged]), years)
        if not matters:
            continue
        for ind in (i for i in indicators if i.ledger == name):
            for code, ids in _may_count(store, ind, results, matters, merged).items():
                open_.setdefault(code, {})[ind.code] = ids
    return Moving(indicators, open_, closed, {t.code: t.name for t in results.townships})


def _movable(store: Store, ledger: LedgerDef, year: int, towns: Collection[str],
             closed: Mapping[str, Collection[int]]) -> list[str]:
    """The ids of `ledger`'s records in its list of `year` (ListQuery), of `towns`, that are matters that can still
    change (`year_close.movable`, by the years `closed` of each township: still being handled or concluded, not
    locked, and held by no closed year; at the county not one of a township's earlier install, 重装前: the township
    re-installed without a backup and can change it no more, as it is not 逾期), read by its date, the fields it
    judges by (`matter_fields`), the number and the status alone: decoding the year's whole records to judge them
    took 174 ms at county size, on every refresh (README, Performance)."""
    rids = store.query_rids(ListQuery(ledger.name, year=year))
    fields = [ledger.field(name) for name in dict.fromkeys((ledger.date_field, *ledger.matter_fields))]
    columns = "".join(f', "{f.name}"' for f in fields)
    sql = (f'SELECT id, rid, number, township, status{columns} FROM "{ledger.name}"'
           ' WHERE rid IN (SELECT value FROM json_each(?))')
    try:
        with damaged.reading(ledger.label, store.path):
            rows = store.query(sql, [json.dumps(rids)])
    except damaged.DamagedRows as exc:  # named with their ledger and number, as Store.rows names them
        raise damaged.DamagedRecords(ledger.label, exc.keyed("rid", "number"), {}, store.path) from None
    movable = [row["id"] for row in rows if row["township"] in towns and year_close.movable(
        ledger, decoded_values(fields, row), row["number"], row["status"], closed.get(row["township"], ()))]
    earlier = store.earlier_install(movable)  # its township cannot change it (as core/overdue.py leaves it out)
    return [record_id for record_id in movable if record_id not in earlier]


def _may_count(store: Store, ind: Indicator, results: Results, matters: list[str],
               merged: Mapping[str, str] | None = None) -> dict[str, frozenset[str]]:
    """Township -> the ids of `matters` (matters that can still change: `year_close.movable`) that `ind` may yet
    count: in its period, and meeting its conditions that their handling cannot change (`_settled`), compiled as the
    figures are, under the township the figures count them (`merged`: a township merged away -> the one it joined,
    as sql.Compiler's)."""
    compiler = Compiler(ind.ledger, results.year, results.today, merged)
    where = (Sql(counted(ALIAS)) & compiler.period(ind) & compiler.where(_settled(ind, store.ledger(ind.ledger)))
             & Sql(f"{ALIAS}.id IN (SELECT value FROM json_each(?))", [json.dumps(matters)]))
    under = compiler.township()
    found: dict[str, set[str]] = {}
    for town, record_id in store.conn.execute(
            f'SELECT {under.text}, {ALIAS}.id FROM "{ind.ledger}" AS {ALIAS} WHERE {where.text}',
            [*under.params, *where.params]):
        found.setdefault(town, set()).add(record_id)
    return {town: frozenset(ids) for town, ids in found.items()}
