"""What a register says under its table of the year's figures that its rows do not add up to: an inspector compares
the paper with the indicators, and two of them count otherwise than the rows read.

- A figure counted by person (T29 执法人员持证): each officer the checks name counts once, as their latest check of the
  year found them, plus the staff the checks counted and did not name. The register's 应持证执法人员数 and 实际持证人数
  added down the page (13 / 7) count an officer checked twice twice: the note gives the figure (5 / 10), whom it
  names, certified or not, and how many it counts unnamed. A 执法证核查 column was tried instead: on the landscape page
  it narrowed 被监督单位, 检查人员 and 发现问题 to three lines a row with names alone, and still left the reader to
  find each officer's latest check and the unnamed staff.
- A figure of the records open during the year (T30b 投诉举报办结率): a complaint accepted last year and still open on
  1 January counts in this year's, though the register lists it in the year it was accepted. The note (上年结转)
  names each such record with its dates, as 编号说明 accounts for numbers the register does not list.

The figures and the records behind them are the indicator engine's (`compute`, `drill`), as the 指标 page shows them.
"""

from __future__ import annotations

from datetime import date

from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.core.indicators import Catalog, Figure, Indicator, compute, drill, load_catalog_for
from fazhi_desktop.core.indicators.engine import number_text
from fazhi_desktop.core.store import Record, Store


def figure_notes(store: Store, ledger: LedgerDef, year: int, township: str | None, records: list[Record]) -> list[str]:
    """The notes under the register of `ledger` for `year` (at the county, of `township`) whose rows are `records`:
    "指标说明：…" for a figure counted by person that the rows' numbers do not add up to, "上年结转：…" for records
    of earlier years a figure counts in this one; [] when none is needed, or the catalog cannot be read (the 指标 page
    says why)."""
    try:
        catalog = load_catalog_for(store, remember=False, year=year)  # maybe in a worker thread
        chosen = [ind for ind in catalog.computable if ind.ledger == ledger.name
                  and (_by_person_figure(ind) or ind.period == "open_during_year")]
        if not chosen:
            return []
        town = township or store.township
        figures = compute(store, catalog, year, township if store.is_county else None).figures
    except FazhiError:
        return []
    notes = [(_by_person if _by_person_figure(ind) else _carried)(store, catalog, ledger, ind, year, town,
                                                                   figures[ind.code, town], records)
             for ind in chosen if (ind.code, town) in figures]
    return [note for note in notes if note]


def _by_person_figure(ind: Indicator) -> bool:
    """A ratio counting people by name, and the staff a record does not name by its numbers (T29)."""
    return bool(ind.is_ratio and ind.main.person and ind.main.else_sum and ind.denominator
                and ind.denominator.else_sum)


def _by_person(store: Store, catalog: Catalog, ledger: LedgerDef, ind: Indicator, year: int, town: str, figure: Figure,
               records: list[Record]) -> str:
    """"指标说明：T29 执法人员持证按人计为 5 / 10（50.0%），不是上表“实际持证人数”“应持证执法人员数”两列相加（7 / 13）：
    执法证核查列出的 5 人每人只计一次，按其本年最后一次核查：持证 2 人（马强、海燕），未持证 3 人（李娟、王军、田刚）；
    未逐人列出的，按各次检查的两个人数减去所列人数计入，共 5 人，其中持证 3 人。" ("" when the rows add up to it).
    The sum in the figure's order (持证 / 应持证: "5 / 10" beside "13 / 7" read as two orders in one sentence), of the
    rows the figure counts: a row the county set aside (不计入) is listed but not added ("7 / 13，不含标“不计入”的
    1 条"), or the note put the gap its row made down to counting by person."""
    assert ind.denominator is not None and ind.main.else_sum and ind.denominator.else_sum
    held, whole = ind.main.else_sum, ind.denominator.else_sum
    aside = store.aside_of([r.id for r in records])
    added = [sum(r.values.get(name) or 0 for r in records if r.id not in aside) for name in (held, whole)]
    if figure.denominator is None or [figure.numerator, figure.denominator] == added:
        return ""
    named = [name for _, name in drill(store, catalog, ind.code, year, town, "denominator").people]
    certified = [name for _, name in drill(store, catalog, ind.code, year, town, "value").people]
    uncertified = [name for name in named if name not in certified]
    rows = ledger.field(ind.main.rows or "").label
    labels = "".join(f"“{ledger.field(name).label}”" for name in (held, whole))
    left_out = f"，不含标“不计入”的 {len(aside)} 条" if aside else ""
    said = [f"指标说明：{ind.code} {ind.title}按人计为 {figure.amount_text()}，不是上表{labels}两列相加"
            f"（{number_text(added[0])} / {number_text(added[1])}{left_out}）"]
    if named:
        said.append(f"：{rows}列出的 {len(named)} 人每人只计一次，按其本年最后一次核查："
                    f"{_people('持证', certified)}，{_people('未持证', uncertified)}")
    unnamed, unnamed_held = figure.denominator - len(named), (figure.numerator or 0) - len(certified)
    if unnamed:
        said.append(f"{'；' if named else '：'}未逐人列出的，按各次检查的两个人数减去所列人数计入，"
                    f"共 {number_text(unnamed)} 人，其中持证 {number_text(unnamed_held)} 人")
    return "".join(said) + "。"


def _people(what: str, names: list[str]) -> str:
    return f"{what} {len(names)} 人" + (f"（{'、'.join(names)}）" if names else "")


def _carried(store: Store, catalog: Catalog, ledger: LedgerDef, ind: Indicator, year: int, town: str, figure: Figure,
             records: list[Record]) -> str:
    """"上年结转：往年受理、到2026年1月1日尚未办结的投诉举报 1 件不在上表（列在受理当年的台账），计入本年 T30b
    投诉举报办结率 6 / 9（66.7%）：〔2025〕投诉字第2号（受理日期 2025-12-20，办结日期 2026-01-15）。" ("" when no
    record of an earlier year counts)."""
    start = date(year, 1, 1).isoformat()
    carried = [r for r in drill(store, catalog, ind.code, year, town, "denominator").records
               if r.date and r.date < start]
    if not carried:
        return ""
    begun, until = (ledger.field(name).label for name in (ind.date_field, ind.period_until or ""))
    verb, done = begun.removesuffix("日期"), until.removesuffix("日期")
    listed = "、".join(f"{r.number or r.title}（{begun} {r.date}，{_until(store, r.id, ind, until)}）" for r in carried)
    return (f"上年结转：往年{verb}、到{year}年1月1日尚未{done}的{ledger.label} {len(carried)} 件不在上表（列在{verb}"
            f"当年的台账），计入本年 {ind.code} {ind.title} {figure.amount_text()}：{listed}。")


def _until(store: Store, record_id: str, ind: Indicator, label: str) -> str:
    ended = store.get(record_id).values.get(ind.period_until or "")
    return f"{label} {ended}" if ended else f"{label}未填"
