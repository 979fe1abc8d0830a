"""The report's views as plain tables (headers, typed columns, rows), shared by the XLSX, the PDF and the CLI.

    汇总矩阵   townships x targets, the status of each (and how many townships met each target)
    指标明细   one row per indicator and township: numbers, target, status, progress, the records' numbers
    数据完整性  last bundle per township, days since, gaps, records per ledger
    调解统计   the mediation figures per township, and cases by dispute type
    指标说明   the catalog: what each indicator counts, its target, and those this version cannot compute
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fazhi_desktop.core.clock import office_time, utc_iso
from fazhi_desktop.core.dates import cn_date
from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.indicators.catalog import Catalog, Indicator
from fazhi_desktop.core.indicators.completeness import SOURCE_BUNDLES, Completeness, completeness
from fazhi_desktop.core.indicators.describe import counting_rule
from fazhi_desktop.core.indicators.drill import (
    QUANTITY,
    RecordRef,
    check_text,
    drill,
    per_township,
    records_by_ids,
    unreviewed_text,
)
from fazhi_desktop.core.indicators.engine import AS_OF_NOTE, Figure, Results, compute
from fazhi_desktop.core.indicators.moving import NOT_COUNTED, NOT_YET, Moving, moving
from fazhi_desktop.core.indicators.roster import shared_names
from fazhi_desktop.core.indicators.townships import merges
from fazhi_desktop.core.jobs import Progress, no_progress
from fazhi_desktop.core.store import Store

TEXT, NUMBER, PERCENT, STATUS = "text", "number", "percent", "status"
#: what every title of the report is about: "海原县司法局2026年法治政府建设指标完成情况汇总表"
SUBJECT = "法治政府建设指标"
LISTED = 200  # record numbers written into one cell; a spreadsheet cell holds at most 32,767 characters
AMOUNT = "amount"  # a column of `Amount`s: ratios and counts of several indicators side by side (指标明细's 完成值)


@dataclass(frozen=True)
class Amount:
    """A figure's value where ratios and counts share a column: a fraction for a ratio, else a count in `unit`;
    None when there is no data (a ratio without a denominator). Kept a number, not "90.0%" or "3 次", so that a
    reviewer's spreadsheet sorts and filters 完成值 by value: as text "100.0%" sorted before "80.0%"."""

    value: float | None
    unit: str
    ratio: bool

    @classmethod
    def of(cls, fig: Figure) -> Amount:
        """The figure's value; none where its status is 无数据 (a township that sent nothing has no "0 次")."""
        ind = fig.indicator
        value = None if fig.status == st.NO_DATA else fig.value if ind.is_ratio else fig.numerator or 0
        return cls(value, ind.unit, ind.is_ratio)

    def __str__(self) -> str:
        """As a reviewer reads it: "90.0%", "3 次", "无数据"."""
        if self.value is None:
            return "无数据"
        if self.ratio:
            return f"{self.value:.1%}"
        return f"{self.value:g} {self.unit}".rstrip()


@dataclass(frozen=True)
class Shortfall:
    """Who or what falls short of a ratio counted in people or amounts, by name, where a record's number alone
    says too little: T47's leaders who have not reported ("马志刚"), T29's checks short of certified staff with what
    they had ("〔2026〕执监字第3号（3 / 4）"). `unit` counts them: 人 or 条."""

    items: tuple[str, ...]
    unit: str

    def text(self, limit: int = LISTED) -> str:
        """Every item (the first `limit`, then how many in all): the workbook's cell."""
        shown = "、".join(self.items[:limit])
        return shown if len(self.items) <= limit else f"{shown}……等共 {len(self.items)} {self.unit}"

    def brief(self, longest: int) -> str:
        """As many items as fit in `longest` characters, then "等 N 条" (always the first, however long): a cell of
        a summary table that must not run to half a page (the PDF's 未达标或有风险的乡镇)."""
        shown = [self.items[0]] if self.items else []
        for item in self.items[1:]:
            if len("、".join([*shown, item])) > longest:
                break
            shown.append(item)
        rest = f"等 {len(self.items)} {self.unit}" if len(shown) < len(self.items) else ""
        return "、".join(shown) + rest


@dataclass
class View:
    """One table of the report: `kinds` says how each column is formatted (text, number, percent, status)."""

    name: str
    title: str
    headers: list[str]
    kinds: list[str]
    rows: list[list[Any]]
    notes: list[str] = field(default_factory=list)
    frozen_columns: int = 1  # columns kept in view when scrolling sideways (the township's name)
    extra: list[View] = field(default_factory=list)  # smaller tables shown under this one (same sheet)


@dataclass
class Report:
    """Everything a year's report shows, computed once."""

    title: str
    office: str
    scope: str  # whose figures: the office ("海原县司法局"), or the one township a report was asked for
    year: int
    today: date
    generated: str
    catalog: Catalog
    results: Results
    completeness: Completeness
    views: list[View]
    #: (code, township) -> what falls short, by name, of a figure counted in people or amounts (views.shortfalls)
    shortfalls: dict[tuple[str, str], Shortfall] = field(default_factory=dict)
    #: the counted records nobody has reviewed and those perhaps entered twice, in one sentence (`review_note`)
    review: str = ""
    #: which figures of the closed year can still move, and the open matters they count (core/indicators/moving.py)
    moving: Moving = field(default_factory=Moving)
    #: (code, township) -> the records a counted ratio not met still waits for, by number (`gaps`)
    gaps: dict[tuple[str, str], Shortfall] = field(default_factory=dict)


def build_report(store: Store, catalog: Catalog, year: int, township: str | None = None, today: date | None = None,
                 progress: Progress = no_progress) -> Report:
    """Compute the year's figures (with the records behind them) and lay them out as the report's views."""
    progress(0, 4, "正在计算指标……")
    results = compute(store, catalog, year, township, today, ids=True)
    progress(1, 4, "正在读取记录编号……")
    refs = record_refs(store, results)
    progress(2, 4, "正在统计数据完整性……")
    comp = completeness(store, year, results.today, results.carried)
    if township:
        comp = comp.only([township])
    office = store.setting("office_name") or ""
    scope = results.name(township) if township else office
    title = f"{scope}{year}年{SUBJECT}完成情况"
    short = shortfalls(store, results)
    review = review_note(results, refs)
    still = moving(store, results, comp)
    views = [matrix_view(results, review, comp), detail_view(results, refs, short, still),
             completeness_view(store, comp),
             mediation_view(results, still),
             catalog_view(catalog, store.ledgers)]
    progress(3, 4, "正在生成报表……")
    return Report(title, office, scope, year, results.today, utc_iso(store.clock()), catalog, results, comp, views,
                  short, review, still, gaps(results, refs))


def record_refs(store: Store, results: Results) -> dict[str, RecordRef]:
    """Record id -> the record as a drill-down lists it (number, status, twins), for every record behind a figure
    (one query per ledger and 500 ids)."""
    wanted: dict[str, set[str]] = {}
    for fig in results.figures.values():
        wanted.setdefault(fig.indicator.ledger, set()).update((*(fig.ids or ()), *(fig.denominator_ids or ())))
    out = {}
    for ledger, ids in wanted.items():
        out.update({r.id: r for r in records_by_ids(store, ledger, sorted(ids))})
    return out


def review_note(results: Results, refs: dict[str, RecordRef]) -> str:
    """"计入指标的 57 条记录中，草稿 2 条……；可能重复登记的 2 条（海城镇 2 条）……": what of the counted records a
    scorer should check before accepting the figures (they count all the same); "" when there is nothing to check.
    Each record once, however many figures it counts for."""
    counted = sorted({i for fig in results.figures.values() for i in behind(fig)})
    chosen = [refs[i] for i in counted if i in refs]
    unreviewed = unreviewed_text(chosen)
    doubled = Counter(r.township for r in chosen if r.twins)
    parts = [f"尚未经所长审核的：{unreviewed}"] if unreviewed else []
    if doubled:
        towns = per_township(doubled, results.name)
        parts.append(f"可能重复登记的（同一乡镇同一台账中日期和名称都相同）{sum(doubled.values())} 条（{towns}）")
    if not parts:
        return ""
    return (f"计入指标的 {len(chosen)} 条记录中，" + "；".join(parts) + "。它们照常计入；逐条见“指标明细”的“待核对”"
            "一列，或程序中的“查看记录”。")


def behind(fig: Figure) -> list[str]:
    """The ids of the records behind a figure, its denominator's too: a meeting the office head missed, entered
    twice, is two of T40b's denominator, and a scorer checking the figure should hear of both (待核对 named only
    the numerator's records)."""
    return sorted({*(fig.ids or ()), *(fig.denominator_ids or ())})


def _heading(ind: Indicator) -> str:
    return f"{ind.code}\n{ind.title}"


def matrix_view(results: Results, review: str = "", comp: Completeness | None = None) -> View:
    """Townships x targets with a threshold, each cell the status; the status counts per township at the right, and
    per target in the last rows (report-only indicators are in the detail sheet). A township whose records of the
    ended year may not all have arrived (`Completeness.not_all_arrived`) is marked * and named in a note."""
    targets = results.catalog.judged
    headers = ["乡镇", "代码", *(_heading(i) for i in targets), *st.MATRIX_STATUSES]
    kinds = [TEXT, TEXT, *(STATUS for _ in targets), *(NUMBER for _ in st.MATRIX_STATUSES)]
    late = comp.not_all_arrived() if comp is not None else {}
    rows = []
    for town in results.townships:
        figures = [results.figure(i.code, town.code) for i in targets]
        statuses = [f.status for f in figures]
        name = f"{town.name} *" if town.code in late else town.name
        rows.append([name, town.code, *(f.status_text for f in figures),
                     *(statuses.count(s) for s in st.MATRIX_STATUSES)])
    if len(results.townships) > 1:
        for status in st.MATRIX_STATUSES:
            rows.append([f"{status}乡镇数", "", *(results.summary(i.code)[status] for i in targets),
                         *("" for _ in st.MATRIX_STATUSES)])
    arrival = comp.arrival_note() if comp is not None else ""
    notes = [f"统计截至 {cn_date(results.today.isoformat())}：{AS_OF_NOTE}{results.ahead_text()}状态："
             + "；".join(STATUS_NOTES),
             *([empty] if (empty := results.no_data_note(targets)) else []),
             *([merged] if (merged := results.merged_note()) else []),
             *([arrival] if arrival else []), *([review] if review else [])]
    return View("汇总矩阵", f"{results.year}年{SUBJECT}完成情况汇总表", headers, kinds, rows, notes,
                frozen_columns=2)


#: what each status means, for the legends of every report (Excel, PDF, the CLI)
STATUS_NOTES = (
    "达标＝已完成目标",
    "目前达标＝年度尚未结束，按目前的记录已完成目标，以后的记录仍可能使其不达标（比率和“不超过”类指标；计入达标乡镇数）",
    "进行中＝年内尚未完成但进度正常", "有风险＝进度落后（按全年均匀进度计）或比率低于目标",
    "未达标＝年度结束仍未完成，或“不超过”类指标已超出",
    "无数据＝比率分母为0，或尚无该乡镇本年的记录（年度结束后报送的数据包中仍没有本年记录的，计为0）",
    "仅报告＝无目标值",
)


def gaps_header(results: Results, still: Moving) -> str:
    """指标明细's column of the records a figure has not counted: 尚未计入的记录 while the year is open or not yet
    closed (年度封账: a conclusion entered late, dated in the year, still counts), 未计入的记录 once it is over and
    a township has closed it (a row whose records may still count in it says so, `Moving.final`)."""
    over = results.today > st.year_bounds(results.year)[1]
    return f"{NOT_COUNTED if over and still.closed else NOT_YET}的记录"


#: leads a row of 未计入的记录 whose records may still count in the year just ended (T35's case still being handled)
MAY_STILL_COUNT = "（仍可能计入本年）"


def detail_view(results: Results, refs: dict[str, RecordRef],
                short: dict[tuple[str, str], Shortfall] | None = None, still: Moving | None = None) -> View:
    """One row per indicator and township (`still`: its `Moving.note` among the notes; a row of 未计入的记录 whose
    records may still count in the year ended is led by MAY_STILL_COUNT). 完成值 is a number (a ratio as
    a fraction, shown 0.0%; a count in its unit), left empty where the status is 无数据, so that it sorts by value
    and 无数据 sorts last either way. 待核对 says which of the records behind it (a ratio's denominator's too)
    nobody has reviewed, which wait in an open conflict and which may be entered twice: they count all the same, but
    a scorer disputing the figure looks there first."""
    still = still or Moving()
    gaps = gaps_header(results, still)
    headers = ["指标代码", "任务", "指标", "乡镇", "乡镇代码", "完成数/分子", "分母", "完成值", "目标", "状态",
               "进度说明", "计入的记录", gaps, "待核对"]
    kinds = [TEXT, TEXT, TEXT, TEXT, TEXT, NUMBER, NUMBER, AMOUNT, TEXT, STATUS, TEXT, TEXT, TEXT, TEXT]
    numbers = {i: r.number or i for i, r in refs.items()}
    rows = []
    for ind in results.catalog.computable:
        for town in results.townships:
            fig = results.figure(ind.code, town.code)
            falls_short = (short or {}).get((ind.code, town.code))
            missing = falls_short.text() if falls_short else _listed(_gap(fig), numbers)
            if missing and gaps.startswith(NOT_COUNTED) and not still.final(fig):
                missing = MAY_STILL_COUNT + missing
            rows.append([ind.code, ind.task, ind.title, town.name, town.code, fig.numerator,
                         fig.denominator if ind.is_ratio else None, Amount.of(fig), ind.target_text(), fig.status_text,
                         fig.progress_text(), _listed(fig.ids or (), numbers), missing,
                         check_text([refs[i] for i in behind(fig) if i in refs], sets=None) or None])
    notes = ["完成值：比率按百分比、计数按单位记为数值，可直接排序、筛选；状态为“无数据”（比率分母为0，或尚无该乡镇"
             "本年的记录）时留空，排序时总在最后。",
             "待核对：计入的记录（比率含分母中尚未计入的）中尚未经所长审核的（草稿、已提交）、有冲突待处理的（县里收到"
             "同一版本的另一份内容，按现有版本计入）和可能重复登记的（同一乡镇同一台账中日期和名称都相同的记录）；它们"
             "照常计入，核对时请先看这些记录。",
             *([said] if (said := still.note()) else []),
             *([merged] if (merged := results.merged_note()) else [])]
    return View("指标明细", f"{results.year}年{SUBJECT}完成情况明细表", headers, kinds, rows, notes,
                frozen_columns=3)


def _listed(ids: tuple[str, ...] | list[str], numbers: dict[str, str]) -> str:
    """Record numbers joined with 、, the first LISTED of them and then how many in all."""
    shown = "、".join(numbers.get(i, i) for i in list(ids)[:LISTED])
    return shown if len(ids) <= LISTED else f"{shown}……等共 {len(ids)} 条（全部见程序中的“查看记录”）"


def shortfalls(store: Store, results: Results) -> dict[tuple[str, str], Shortfall]:
    """(code, township) -> what falls short of a ratio counted in people or amounts, where one record's id says
    too little: the roster people who have not reported (T47: "田玉春、马志刚"), the officers without a valid
    certificate at their last check (T29: "马小龙、禹成"), and otherwise the records short of their own target
    with what they have ("〔2026〕执监字第3号（3 / 4）"). Only figures not met."""
    out: dict[tuple[str, str], Shortfall] = {}
    merged = merges(store, results.year)  # a township merged away: its records and people listed under the one joined
    for ind in results.catalog.computable:
        if not ind.is_ratio or ind.main.kind == "count":
            continue
        short = [town.code for town in results.townships
                 if (fig := results.figure(ind.code, town.code)).denominator
                 and fig.status not in (st.MET, st.REPORT)]
        if not short:
            continue
        # one drill-down of every township, split by township: a drill-down per township read the whole county's
        # year of rows each time (T29's last check of each person is ranked over them all), 18 times 0.4 s of the
        # county's 7 s PDF report
        one = short[0] if len(short) == 1 else None
        found = drill(store, results.catalog, ind.code, results.year, one, "gap", results.today)
        # two leaders of one name said as namesakes, as 本年度指标 says them (`not_yet`), not "马志刚、马志刚"
        shared = shared_names(store, ind, results.year, results.today, one) if ind.from_roster and found.people \
            else []
        for town in short:
            names = _namesakes([name for of, name in found.people if merged.get(of, of) == town],
                               tuple(name for of, name in shared if merged.get(of, of) == town))
            # what a check adds to T29 is not its own 应持证 / 实际持证: said as the drill-down's column heads it
            said = "" if found.quantity_header == QUANTITY["gap"] else f"{found.quantity_header}："
            records = tuple(f"{r.number or r.id}（{said}{r.quantity}）" for r in found.records
                            if merged.get(r.township, r.township) == town)
            # people when the figure counts people (T47's roster, T29's officers): the records say too little
            out[ind.code, town] = Shortfall(names or records, "人" if names else "条")
    return out


def gaps(results: Results, refs: dict[str, RecordRef]) -> dict[tuple[str, str], Shortfall]:
    """(code, township) -> the records of a counted ratio not met in its denominator but not its numerator, by
    number as 指标明细's 尚未计入的记录 lists them: T30b's complaints still open, T40b's meetings the office head
    missed. Numbers only: a complaint's number says which it is without its complainant's name."""
    out: dict[tuple[str, str], Shortfall] = {}
    for ind in results.catalog.computable:
        for town in results.townships:
            fig = results.figure(ind.code, town.code)
            if fig.status not in (st.MET, st.REPORT) and (ids := _gap(fig)):
                out[ind.code, town.code] = Shortfall(tuple((refs[i].number if i in refs else None) or i
                                                           for i in ids), "条")
    return out


def not_yet(store: Store, results: Results, township: str) -> dict[str, str]:
    """code -> who of a roster-counted figure (T46c, T47) has not yet done what it counts ("马志刚"), which the
    township's 本年度指标 says beside the days left: 尚未讲法：马志刚. The secretary reading 1 / 2 there was told only
    还剩 33 天 (比率低于目标，请查看尚未计入的记录: there is no such record, a leader has not lectured). Figures met,
    report-only or 无数据, and those whose roster lists no one of the role (`Figure.unrostered` says it), have none."""
    out: dict[str, str] = {}
    for ind in results.catalog.computable:
        fig = results.figure(ind.code, township)
        if not ind.from_roster or fig.unrostered or fig.status in (st.MET, st.REPORT, st.NO_DATA):
            continue
        found = drill(store, results.catalog, ind.code, results.year, township, "gap", results.today)
        if names := [name for of, name in found.people if of == township]:
            out[ind.code] = Shortfall(_namesakes(names, found.shared), "人").text()
    return out


def _namesakes(names: list[str], shared: tuple[str, ...]) -> tuple[str, ...]:
    """Names as the secretary can read them when two roster people of the role share one: "马志刚、马志刚" read as
    a slip, and "马志刚" alone beside his recorded lecture as a lost record (it counted for the other 马志刚)."""
    counts = Counter(names)
    return tuple(f"{name}（同名 {n} 人）" if n > 1 else f"{name}（同名的另一人）" if name in shared else name
                 for name, n in counts.items())


def _gap(fig: Figure) -> list[str]:
    """A counted ratio's records in the denominator but not the numerator (the meetings to explain)."""
    if not fig.indicator.is_ratio or fig.indicator.main.kind != "count" or fig.denominator_ids is None:
        return []
    counted = set(fig.ids or ())
    return [i for i in fig.denominator_ids if i not in counted]


def value_text(fig: Figure) -> str:
    """The figure as a reviewer reads it: "3 次", "90.0%", "无数据"."""
    return str(Amount.of(fig))


def completeness_view(store: Store, comp: Completeness) -> View:
    ledgers = list(store.ledgers.values())  # in the notice's order (forms.LEDGER_ORDER)
    log = comp.source == SOURCE_BUNDLES
    # the day of the last import, not its minute: 距今天数 beside it counts days, and the table fits a laptop in
    # 长者模式 (数据交换 → 写回执… shows each township's last import to the minute)
    since = "距统计截至日天数" if comp.as_of else "距今天数"
    bundle_headers = ["密钥已登记", "数据包数", "最后数据包", "最后导入日期", since] if log else []
    bundle_kinds = [TEXT, NUMBER, NUMBER, TEXT, NUMBER] if log else []
    # 年度封账 only once a township has closed the year (core/year_close.py): until January it would be empty
    closings = log and any(t.year_closing for t in comp.townships)
    if closings:
        bundle_headers, bundle_kinds = [*bundle_headers, "年度封账"], [*bundle_kinds, TEXT]
    # 县级公钥 only once the county replaced its key (core/indicators/county_keys.py)
    county_key = log and any(t.county_key for t in comp.townships)
    if county_key:
        bundle_headers, bundle_kinds = [*bundle_headers, "县级公钥"], [*bundle_kinds, TEXT]
    # 需关注 third: it is what a reviewer reads first, and it stays in view beside the names (frozen with them)
    headers = ["乡镇", "代码", "需关注", *bundle_headers, *(ledger.label for ledger in ledgers), "本年记录合计"]
    kinds = [TEXT, TEXT, TEXT, *bundle_kinds, *(NUMBER for _ in ledgers), NUMBER]
    rows = []
    for t in comp.townships:
        imported = office_time(t.last_imported)[:10] if t.last_imported else ""  # printed: Beijing's day
        key = "是" if t.enrolled else "已吊销" if t.revoked else "否"
        bundle_cells = [key, t.bundles, t.last_sequence, imported, t.days_since] if log else []
        if closings:
            bundle_cells.append(t.closing_text())
        if county_key:
            bundle_cells.append(t.county_key)
        # an item to a line, each ended by "。": items have parts of their own ("；"), and a long one wraps in the
        # PDF; the window's cell shows how many and the first (…), its tooltip, the PDF and Excel each on its line
        rows.append([t.name, t.code, t.attention(), *bundle_cells,
                     *(t.records.get(ledger.name, 0) for ledger in ledgers), t.total_records])
    return View("数据完整性", f"{comp.year}年数据报送完整性情况表", headers, kinds, rows, [comp.note], frozen_columns=3)


def mediation_view(results: Results, still: Moving | None = None) -> View:
    """The mediation statistics per township (and the county's pooled figures), then cases by dispute type; under
    them, of a closed year, which of them its matters still open may move (`still`: moving.py's, as 指标明细 says)."""
    stats = results.catalog.statistics
    headers = ["乡镇", "代码", *(f"{s.title}" + ("" if s.is_ratio else f"（{s.unit}）") for s in stats)]
    kinds = [TEXT, TEXT, *(PERCENT if s.is_ratio else NUMBER for s in stats)]
    rows: list[list[Any]] = []
    for town in results.townships:
        rows.append([town.name, town.code, *(_statistic(results.figure(s.code, town.code)) for s in stats)])
    if len(results.townships) > 1:
        rows.append(["全县", "", *(_pooled(results, s) for s in stats)])
    notes = ["统计范围：人民调解、行政调解案件（不含行政裁决），按受理日期计入年度，其调解结果、履行、回访等"
             "无论何时填写都计入受理的年度；比率分母为0时，或乡镇尚无本年记录（未报送）时，记为“—”（无数据）。"]
    if empty := results.no_data_note(stats):  # what each "—" lacks, in the page's words
        notes.append(empty)
    if still is not None and (moved := still.note(of=stats)):
        notes.append(moved)
    notes += [f"{s.title}：{s.note}" for s in stats if s.note]
    by_type = _by_type(results, stats)
    return View("调解统计", f"{results.year}年调解工作统计表", headers, kinds, rows, notes, frozen_columns=2,
                extra=[by_type] if by_type else [])


def _statistic(fig: Figure) -> float | str | None:
    """A statistic's cell: a count, a rate (None: no cases, shown "—"), or "—" for a township without data."""
    if fig.status == st.NO_DATA:
        return None if fig.indicator.is_ratio else st.NO_DATA_MARK
    return fig.value


def _pooled(results: Results, ind: Indicator) -> float | str | None:
    num, den = results.total(ind.code)
    if ind.is_ratio:
        return num / den if den else None
    if all(results.figure(ind.code, t.code).status == st.NO_DATA for t in results.townships):
        return st.NO_DATA_MARK
    return num


def _by_type(results: Results, stats: tuple[Indicator, ...]) -> View | None:
    """Cases and success rate by dispute type, all townships together (from the statistics with a breakdown)."""
    counted = next((s for s in stats if s.breakdown and not s.is_ratio), None)
    rate = next((s for s in stats if s.breakdown and s.is_ratio), None)
    if counted is None:
        return None
    cases: dict[str, float] = {}
    success: dict[str, list[float]] = {}
    for town in results.townships:
        for key, (num, _den) in results.figure(counted.code, town.code).breakdown.items():
            cases[key] = cases.get(key, 0) + num
        if rate is not None:
            for key, (num, den) in results.figure(rate.code, town.code).breakdown.items():
                pair = success.setdefault(key, [0.0, 0.0])
                pair[0] += num
                pair[1] += den or 0
    rows: list[list[Any]] = []
    for key, count in sorted(cases.items(), key=lambda kv: (-kv[1], kv[0])):
        num, den = success.get(key, [0.0, 0.0])
        rows.append([key, count, num / den if den else None])
    scope = "全县" if len(results.townships) > 1 else results.townships[0].name
    headers = ["纠纷类型", f"{counted.title}（{counted.unit}）", rate.title if rate else "调解成功率"]
    return View("按纠纷类型", f"按纠纷类型（{scope}）", headers, [TEXT, NUMBER, PERCENT], rows)


def catalog_view(catalog: Catalog, ledgers: dict[str, LedgerDef]) -> View:
    """The catalog as a township reads it to check (or dispute) a figure: 计入条件 says which records count."""
    headers = ["代码", "任务", "简称", "方案原文", "台账", "计算方法", "计入条件", "目标", "说明"]
    rows = []
    for ind in catalog.indicators:
        if ind.computable:
            method = ("比率（分子/分母）" if ind.is_ratio else "计数") + ("，跨年结转" if ind.period != "year" else "")
            ledger = ledgers[ind.ledger]
            rows.append([ind.code, ind.task, ind.title, ind.text, ledger.label, method, counting_rule(ind, ledger),
                         ind.target_text(), ind.note])
        else:
            rows.append([ind.code, ind.task, ind.title, ind.text, "（未设）", "本版本不能计算", "", "",
                         f"需要：{ind.needs}"])
    notes = [f"以上为指标目录：{catalog.label}"]  # by name and version: never the program's install path
    return View("指标说明", f"{SUBJECT}说明", headers, [TEXT] * len(headers), rows, notes, frozen_columns=1)
