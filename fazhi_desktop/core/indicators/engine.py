"""Computing the catalog for a year: every computable indicator for one township or all of them.

The whole matrix costs a handful of GROUP BY township queries: one per ledger and period (every indicator of that
ledger is a column of the same query, and its count(*) says which townships have records in the year), one per
breakdown field, two per roster-based indicator, and one counting the year's records of ledgers no query covered
(complaints, whose period is "open during the year"). Nothing is computed per cell. With `ids=True` the same
queries also return the ids of the records behind every figure (`group_concat`); `drill.py` reads them for one
figure on demand.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from fazhi_desktop.core import year_close
from fazhi_desktop.core.clock import office_date
from fazhi_desktop.core.dates import cn_date, year_problem
from fazhi_desktop.core.db import counted
from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.indicators.catalog import Catalog, Indicator
from fazhi_desktop.core.indicators.completeness import carried_only, nothing_arrived, year_known_empty
from fazhi_desktop.core.indicators.drill import over_numbers, short_numbers
from fazhi_desktop.core.indicators.roster import people_figures, unrostered_text
from fazhi_desktop.core.indicators.sql import ALIAS, Compiler, Sql, join, period_bounds
from fazhi_desktop.core.indicators.townships import Absorbed, Township, merges, township_list
from fazhi_desktop.core.store import Store

#: what a figure counted as of a day (统计截至, `--as-of`) holds: the records dated by then, each with its conclusion
#: as entered now (sql.Compiler): a case closed or visited after that day still counts as closed and visited. It
#: names every later-dated field of a case the catalog reads: M2–M7 and T4 the result, performance, closing and
#: visits, M8 the 司法确认, T35 the 权利义务告知
AS_OF_NOTE = ("统计截至日以后日期的记录不计入；已计入的调解案件，其结论（调解结果、履行情况、结案日期、回访、"
              "司法确认、权利义务告知）"
              "按生成时已填写的计，即使其日期晚于统计截至日。")
#: why a figure is 无数据 when the township has no record dated in the year (`Figure.no_data_reason`), in its own
#: database; the county says what arrived (`completeness.nothing_arrived`)
NOTHING_YET = "本年还没有任何记录"


@dataclass(frozen=True)
class Figure:
    """One indicator for one township and year: the numbers, the verdict, and the records behind it."""

    indicator: Indicator
    township: str
    year: int
    numerator: float | None  # the count, or the ratio's numerator
    denominator: float | None  # ratios only
    status: str
    expected: float | None = None  # count targets during the year: what an even pace would have by now
    days_left: int = 0
    ids: tuple[str, ...] | None = None  # records behind the count / numerator (when computed with ids)
    denominator_ids: tuple[str, ...] | None = None
    breakdown: dict[str, tuple[float, float | None]] = field(default_factory=dict)
    #: a final miss (catalog `final_misses`: T40b's meeting attended only in part): the numbers of the denominator's
    #: records not counted, which no later record can make up; a "不超过" count gone over (T21): the records it went
    #: over with
    short: tuple[str, ...] = ()
    #: a roster-based ratio (T46c, T47) whose roster has no one of the role while the year's records name someone
    #: (lectures ticked as by the 主要负责同志): how many such records. Not 无数据: the figure cannot be met until the
    #: roster lists them, and it is judged 有风险 (未达标 once the year is over; 进行中 before a `judged_from` day)
    unrostered: int = 0
    #: the township's records dated before the year that figures count (`Results.carried`: a complaint still open on
    #: 1 January): with none dated in the year, what its 无数据 says (`no_data_reason`)
    carried: int = 0
    #: a ratio's 0 denominator whose catalog names the entry counting its population (`Measure.empty_of`): that
    #: entry's count for the township (its denominator, a ratio's), which tells why it is 无数据 (`no_data_reason`)
    population: float | None = None
    #: the year was not over on the day the figures stand on (today, or `--as-of`): a 达标 ratio may still be undone
    year_open: bool = False
    #: at the county, a township none of whose records of the year arrived: what arrived ("尚未报送数据包",
    #: "尚未收到本年的记录（最近一次报送：2026-10-08）", `completeness.nothing_arrived`), said of every 无数据 figure
    #: in place of 本年还没有任何记录 (read as "the township did nothing") or what a ratio's records lack
    arrived: str = ""

    @property
    def status_text(self) -> str:
        """The status as every page and report says it: 达标 as 目前达标 while the year is open for a target later
        records can still undo (status.word)."""
        ind = self.indicator
        return st.word(self.status, ind.direction, ind.is_ratio, self.year_open)

    def status_why(self) -> str:
        """Why it is 目前达标 (status.so_far_why); "" for any other status."""
        if self.status_text != st.MET_SO_FAR:
            return ""
        return st.so_far_why(self.indicator.direction, self.indicator.is_ratio, self.indicator.target_text())

    @property
    def value(self) -> float | None:
        """The count, or the ratio as a fraction (None when the denominator is 0)."""
        if not self.indicator.is_ratio:
            return self.numerator
        if not self.denominator or self.numerator is None:
            return None
        return self.numerator / self.denominator

    def amount_text(self) -> str:
        """"2 / 4 次", "9 / 10（90.0%）", "3 件", "0 / 0（无数据）"."""
        ind = self.indicator
        if ind.is_ratio:
            num, den = number_text(self.numerator), number_text(self.denominator)
            share = f"{self.value:.1%}" if self.value is not None else \
                f"名册中没有{ind.main.roster_role}" if self.unrostered else "无数据"
            return f"{num} / {den}（{share}）"
        count = number_text(self.numerator)
        if ind.direction in (">=", "=") and ind.threshold is not None:
            return f"{count} / {ind.threshold:g} {ind.unit}".rstrip()
        return f"{count} {ind.unit}".rstrip()

    def no_data_reason(self) -> str:
        """Why the figure is 无数据, the one text the page, the reports' 进度说明 and notes and the command line say:
        what a ratio's 0 denominator lacks (`Indicator.empty_said`), else that the township has no record dated in
        the year (or only those carried over from before it, as 数据完整性 says); "" for a figure with data."""
        if self.status != st.NO_DATA:
            return ""
        if self.arrived:
            return self.arrived
        if self.indicator.is_ratio and not self.denominator:
            return self.indicator.empty_said(self.population)
        return carried_only(self.carried) if self.carried else NOTHING_YET

    def named_short(self) -> str:
        """The first two of `short` and how many in all: "〔2026〕会记字第4号、〔2026〕会记字第11号等 5 条"."""
        return "、".join(self.short[:2]) + (f"等 {len(self.short)} 条" if len(self.short) > 2 else "")

    def time_left(self) -> str:
        """"还剩 35 天" (the days after today); on 31 December, whose records still count, "今天是最后一天"."""
        return f"还剩 {self.days_left} 天" if self.days_left else "今天是最后一天"

    def progress_text(self) -> str:
        """"会前学法 2 / 4 次，还剩 35 天，还差 2 次": what a township reads on its page (the county's matrix cell
        and 指标明细 too); "所长全程列席 无数据：本年没有乡镇行政会议（政府常务会议）" for 无数据 (`no_data_reason`)."""
        ind = self.indicator
        parts = [f"{ind.title} {self.amount_text()}"]
        if self.status == st.NO_DATA:
            return f"{ind.title} {st.NO_DATA}：{self.no_data_reason()}"
        if self.unrostered:
            return f"{ind.title}：{unrostered_text(ind, self.unrostered)}"
        if self.status in (st.ON_TRACK, st.AT_RISK):
            parts.append(self.time_left())
            if not ind.is_ratio and ind.threshold is not None and self.numerator is not None:
                parts.append(f"还差 {number_text(ind.threshold - self.numerator)} {ind.unit}".rstrip())
        elif self.status == st.MISSED and ind.direction == "<=":
            over = number_text((self.numerator or 0) - (ind.threshold or 0))
            parts += [f"应不超过 {number_text(ind.threshold)} {ind.unit}".rstrip(), f"多出 {over} {ind.unit}".rstrip()]
            if self.short:  # T21's meetings: which the inspector asks for, as T40b's are named
                parts[-1] += f"（见{self.named_short()}）"
        elif self.status == st.MISSED and self.short:
            parts.append(f"{self.named_short()}未计入，全年已不能达到 {ind.target_text()}")
        return "，".join(parts)


def absorbed_text(absorbed: Iterable[Absorbed], counts: Mapping[str, int]) -> str:
    """"含原甘城乡（2027年1月1日并入）的记录 3 条" of `absorbed` (townships.Absorbed) by `counts`; "" for none."""
    return "；".join(f"含原{a.name}（{a.since}）的记录 {counts[a.code]} 条" for a in absorbed if counts.get(a.code))


def number_text(value: float | None) -> str:
    """A count or amount as the notes and progress texts say it: 3, 2.5, 1000000 (not 1e+06); None as 0."""
    if value is None:
        return "0"
    return f"{value:g}" if value != int(value) else str(int(value))


@dataclass
class Results:
    """The figures of one year: `figure(code, township)`; townships in code order; the catalog they came from."""

    catalog: Catalog
    year: int
    today: date
    townships: list[Township]
    figures: dict[tuple[str, str], Figure]
    active: Counter[str]  # township -> records dated in the year (all ledgers)
    ahead: Counter[str] = field(default_factory=Counter)  # township -> records dated later in the year than today
    #: township -> records dated before the year that a figure counts (a complaint still open on 1 January, T30b)
    carried: Counter[str] = field(default_factory=Counter)
    #: the figures stand on a day before today (`--as-of`): what is dated after it is not planned, only not counted
    as_of: bool = False
    #: township merged away before the year (division list `merged_into`) -> its records the figures of the one it
    #: joined count: dated in the year, and carried over from before it (`Township.absorbed`, `merged_text`)
    absorbed: Counter[str] = field(default_factory=Counter)
    #: computed in a township's own database, which holds none of the records of a township merged into it: those
    #: the county counts here come from that township's own database (`merged_note` says so)
    own_only: bool = False

    def merged_text(self, township: str) -> str:
        """"含原甘城乡（2027年1月1日并入）的记录 3 条": what of a township's figures are the records of a township
        merged into it (README 新增或合并乡镇), as the reports, the matrix and the drill-downs say it; "" for one
        whose figures count none."""
        town = next((t for t in self.townships if t.code == township), None)
        return absorbed_text(town.absorbed if town else (), self.absorbed)

    def merged_note(self) -> str:
        """The reports' sentence under a table naming every such township: "李旺镇：含原甘城乡（2027年1月1日并入）的
        记录 3 条（计入该乡镇）。"; "" when none is. In a township's own database, of the townships merged into it
        before the year: the county counts their records here too, which these figures cannot ("县里统计本所指标时
        还计入原甘城乡（2027年1月1日并入）…，结果可能与县里的不同。")."""
        if self.own_only:
            gone = "、".join(f"原{a.name}（{a.since}）" for t in self.townships[:1] for a in t.absorbed)
            return (f"县里统计本所指标时还计入{gone}报送的本年记录和结转未办结的事项，本所统计的不含这些，"
                    "结果可能与县里的不同。") if gone else ""
        said = [f"{t.name}：{text}" for t in self.townships if (text := self.merged_text(t.code))]
        return f"{'；'.join(said)}（撤并后计入并入的乡镇，记录仍列其原乡镇）。" if said else ""

    def figure(self, code: str, township: str) -> Figure:
        return self.figures[code, township]

    def for_township(self, township: str, indicators: Iterable[Indicator] | None = None) -> list[Figure]:
        chosen = indicators if indicators is not None else self.catalog.computable
        return [self.figures[i.code, township] for i in chosen]

    def summary(self, code: str) -> Counter[str]:
        """How many townships are in each status for one indicator."""
        return Counter(self.figures[code, t.code].status for t in self.townships)

    def total(self, code: str) -> tuple[float, float | None]:
        """The county's sum of numerators (and denominators) for one indicator: counts add, ratios pool."""
        figures = [self.figures[code, t.code] for t in self.townships]
        num = sum(f.numerator or 0 for f in figures)
        dens = [f.denominator for f in figures if f.denominator is not None]
        return num, (sum(dens) if self.catalog.get(code).is_ratio else None)

    def total_empty(self, code: str) -> str:
        """Why the county's pooled ratio (`total`) is 无数据 when its denominator is 0, in the townships' words
        (`Indicator.empty_said`, of the summed `Figure.population`)."""
        known = [self.figures[code, t.code].population for t in self.townships]
        return self.catalog.get(code).empty_said(None if None in known else sum(p or 0 for p in known))

    def name(self, township: str) -> str:
        return next((t.name for t in self.townships if t.code == township), township)

    def no_data_note(self, indicators: Iterable[Indicator]) -> str:
        """Why the figures of `indicators` that are 无数据 are so, under a table whose cells cannot say it (the
        matrix, 调解统计): "无数据的原因：西安镇：本年还没有任何记录；海城镇、李俊乡的 T40b 所长全程列席：本年没有
        乡镇行政会议（政府常务会议）。" (`Figure.no_data_reason`, the page's words). A township with no record in the
        year is named once; a report of one township names none. "" when no figure is 无数据."""
        chosen = list(indicators)
        several = len(self.townships) > 1
        silent: dict[str, list[str]] = {}  # reason -> townships without a record of the year
        reasons: dict[tuple[str, tuple[str, ...]], list[str]] = {}  # (reason, indicators) -> townships
        for town in self.townships:
            figures = [f for f in self.for_township(town.code, chosen) if f.status == st.NO_DATA]
            nothing = next((f.no_data_reason() for f in figures if f.no_data_reason() in
                            (NOTHING_YET, carried_only(f.carried), f.arrived)), None)
            if nothing:
                silent.setdefault(nothing, []).append(town.name)
                continue
            by_reason: dict[str, list[str]] = {}
            for fig in figures:
                by_reason.setdefault(fig.no_data_reason(), []).append(f"{fig.indicator.code} {fig.indicator.title}")
            for reason, names in by_reason.items():
                reasons.setdefault((reason, tuple(names)), []).append(town.name)
        parts = [f"{'、'.join(towns)}：{reason}" if several else reason for reason, towns in silent.items()]
        parts += [f"{'、'.join(towns)}的{'、'.join(names)}：{reason}" if several else f"{'、'.join(names)}：{reason}"
                  for (reason, names), towns in reasons.items()]
        return f"无数据的原因：{'；'.join(parts)}。" if parts else ""

    def ahead_text(self, township: str | None = None) -> str:
        """What lies ahead and does not count yet, as every page and report says it: "另有 2 条记录的日期在今天以后
        （计划中的），到当天才计入。", naming the townships when there are several; "" when nothing does. Standing on
        an earlier day (`as_of`), those records are past, not planned: "统计截至日（2025年6月30日）以后日期的 19 条记录
        未计入。"."""
        towns = [township] if township else [t.code for t in self.townships]
        ahead = {town: self.ahead.get(town, 0) for town in towns if self.ahead.get(town, 0)}
        if not ahead:
            return ""
        which = "" if len(towns) == 1 else "（" + "、".join(f"{self.name(t)} {n} 条" for t, n in ahead.items()) + "）"
        if self.as_of:
            day = cn_date(self.today.isoformat())
            return f"统计截至日（{day}）以后日期的 {sum(ahead.values())} 条记录{which}未计入。"
        return f"另有 {sum(ahead.values())} 条记录的日期在今天以后（计划中的）{which}，到当天才计入。"


def compute(store: Store, catalog: Catalog, year: int, township: str | None = None, today: date | None = None,
            ids: bool = False) -> Results:
    """Every computable indicator of `catalog` for `year`, for one township (`township`, or the office's own in
    township mode) or every township of the county. `today` (default: the store's clock's day in Beijing time,
    `clock.office_date`, as the year's closing and every printed time go by: the report's 统计截至 followed the PC's
    zone) decides days left and whether the year is over. With `ids`, every figure carries the ids of its records."""
    today = today or office_date(store.clock())
    towns = township_list(store, township, year)
    merged = merges(store, year)  # townships merged away before the year: their records count under the one joined
    codes = [t.code for t in towns]
    only = township if township else (codes[0] if not store.is_county else None)
    raw: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    active: Counter[str] = Counter()
    counted: set[str] = set()  # ledgers whose records in the year a group query already counted
    carried: dict[str, Counter[str]] = defaultdict(Counter)  # ledger -> township -> counted records dated earlier
    for group in _groups(catalog.computable, lambda i: None):
        first = group[0]
        in_year, earlier = _ledger_query(store, group, year, today, only, ids, raw, merged)
        for town, n in earlier.items():
            carried[first.ledger][town] = max(carried[first.ledger][town], n)
        for town, n in in_year.items():  # a figure that counts a township's records has data, whatever else it has
            for ind in group:
                raw[ind.code, town]["in_period"] = n
        if first.period == "year" and first.date_field == store.ledger(first.ledger).date_field \
                and first.ledger not in counted:
            active.update(in_year)
            counted.add(first.ledger)
    for group in _groups([i for i in catalog.computable if i.breakdown], lambda i: i.breakdown):
        _breakdown_query(store, group, year, today, only, raw, merged)
    for indicator in catalog.computable:
        if indicator.from_roster:
            for key, values in people_figures(store, indicator, year, today, only, ids).items():
                raw[key].update(values)
    active.update(_active(store, [n for n in store.ledgers if n not in counted], year, today, only, merged=merged))
    empty = year_known_empty(store, year, today, [code for code in codes if not active.get(code)])
    carried_in = sum(carried.values(), Counter())
    ahead = Counter(_active(store, list(store.ledgers), year, today, only, later=True, merged=merged))
    arrived = nothing_arrived(store, [c for c in codes if not (active.get(c) or ahead.get(c) or carried_in[c])
                                      and c not in empty])
    figures = {}
    for indicator in catalog.computable:
        for code in codes:
            figures[indicator.code, code] = _figure(indicator, code, year, today, raw.get((indicator.code, code), {}),
                                                    active.get(code, 0) > 0 or code in empty, ids, carried_in[code],
                                                    arrived.get(code, ""))
    for indicator in (i for i in catalog.computable if i.final_misses):  # named: no later record makes them up
        missed = [code for code in codes if figures[indicator.code, code].status == st.MISSED]
        for code, numbers in short_numbers(store, indicator, year, today, missed, merged).items():
            figures[indicator.code, code] = replace(figures[indicator.code, code], short=numbers)
    for indicator in (i for i in catalog.computable if i.direction == "<=" and not i.is_ratio):  # T21: which
        over = [code for code in codes if figures[indicator.code, code].status == st.MISSED]
        for code, numbers in over_numbers(store, indicator, year, today, over, merged).items():
            figures[indicator.code, code] = replace(figures[indicator.code, code], short=numbers)
    _populations(catalog, codes, figures)
    as_of = today < office_date(store.clock())
    absorbed = _absorbed(store, catalog, year, today, [a.code for t in towns for a in t.absorbed])
    return Results(catalog, year, today, towns, figures, active, ahead, carried_in, as_of, absorbed,
                   own_only=not store.is_county)


def _absorbed(store: Store, catalog: Catalog, year: int, today: date, gone: list[str]) -> Counter[str]:
    """Of the townships `gone` (merged into a township the figures list), the records the figures count: dated in
    the year (up to today), and dated before it in a period open during the year (a complaint accepted before the
    merger and concluded after it: T30b's), the most any such period of a ledger counts, as `carried` is."""
    if not gone:
        return Counter()
    out = Counter({town: n for town, n in _active(store, list(store.ledgers), year, today, None).items()
                   if town in gone})
    earlier: dict[str, Counter[str]] = defaultdict(Counter)
    for group in _groups(catalog.computable, lambda i: None):
        first = group[0]
        if first.period == "year":
            continue
        compiler = Compiler(first.ledger, year, today)
        where = (Sql(counted(ALIAS)) & compiler.period(first)
                 & Sql(f"{compiler.column(first.date_field, False)} < ?", [compiler.start])
                 & Sql(f"{ALIAS}.township IN ({', '.join('?' for _ in gone)})", list(gone)))
        for town, n in store.conn.execute(f'SELECT {ALIAS}.township, count(*) FROM "{first.ledger}" AS {ALIAS} '
                                          f"WHERE {where.text} GROUP BY 1", where.params):
            earlier[first.ledger][town] = max(earlier[first.ledger][town], n)
    return out + sum(earlier.values(), Counter())


def _populations(catalog: Catalog, codes: list[str], figures: dict[tuple[str, str], Figure]) -> None:
    """Give each ratio without a denominator whose catalog names the entry counting its population (M2's of M1)
    that entry's count for its township (`Figure.population`): M2 said 本年没有受理…案件，或受理的都还没有调解结果
    beside M1 = 13 件; now the half that is true."""
    for ind in catalog.computable:
        of = ind.denominator.empty_of if ind.is_ratio and ind.denominator else ""
        if not of or not any(i.code == of for i in catalog.computable):
            continue
        for code in codes:
            fig, other = figures[ind.code, code], figures[of, code]
            if not fig.denominator:
                counted = other.denominator if other.indicator.is_ratio else other.numerator
                figures[ind.code, code] = replace(fig, population=counted or 0)


def default_year(store: Store, today: date | None = None) -> tuple[int, str]:
    """The year a statistics page (and its 导出本年度指标报表) opens on, and why when it is not this year: this year;
    in January, until a record of it has happened, the latest earlier year with records, since a year-end review is
    done in January, when the new year is still empty ("2027年尚无记录，显示2026年"), and at a township the year just
    ended while it is not closed (年度封账), also once the new year has records: the 所长 reviews and closes 2026 in
    the days the clerk enters January's first meetings ("1月为2026年度考核期，2026年尚未封账，显示2026年"; the page
    had jumped to 2027 with its first meeting, 目前达标 on one record). From February on this year,
    records or not: an office with nothing entered by November is to see this year's shortfall, not last year's
    figures. The county scores the year just ended in January while the townships' first records of the new year
    already arrive, so its pages show last year all through January, also before a record of it has arrived
    ("…显示2026年（2026年尚未收到记录）": the year before it, which the page jumped to, is not the one scored)."""
    today = today or office_date(store.clock())
    last = today.year - 1
    if today.month != 1:
        return today.year, ""
    if store.is_county:
        arrived = _active(store, list(store.ledgers), last, today, None)
        return last, f"1月为{last}年度考核期，显示{last}年" + ("" if arrived else f"（{last}年尚未收到记录）")
    earlier = [y for name in store.ledgers for y in store.years(name) if y < today.year and not year_problem(y)]
    if _active(store, list(store.ledgers), today.year, today, None):
        if last in earlier and not year_close.is_closed(store.conn, last):
            return last, f"1月为{last}年度考核期，{last}年尚未封账，显示{last}年"
        return today.year, ""
    if not earlier:
        return today.year, ""
    year = max(earlier)
    return year, f"{today.year}年尚无记录，显示{year}年"


def _groups(indicators: Iterable[Indicator], extra: Callable[[Indicator], str | None]) -> list[list[Indicator]]:
    """Indicators that can share one query: same ledger and period (and `extra`, the breakdown field); roster-based
    ones are counted apart."""
    groups: dict[tuple[str, str, str, str | None, str | None], list[Indicator]] = {}
    for ind in indicators:
        if ind.from_roster:
            continue
        groups.setdefault((ind.ledger, ind.period, ind.date_field, ind.period_until, extra(ind)), []).append(ind)
    return list(groups.values())


def parts(indicator: Indicator) -> tuple[str, ...]:
    return ("value", "denominator") if indicator.is_ratio else ("value",)


def _base(indicator: Indicator, compiler: Compiler, only: str | None) -> Sql:
    where = Sql(counted(ALIAS)) & compiler.period(indicator)
    if only:
        where = where & compiler.of_township(only)
    return where


def _ledger_query(store: Store, group: list[Indicator], year: int, today: date, only: str | None, ids: bool,
                  raw: dict[tuple[str, str], dict[str, Any]], merged: Mapping[str, str] | None = None
                  ) -> tuple[dict[str, int], dict[str, int]]:
    """One GROUP BY township query for a group of indicators (the township a record counts under: `merged`, see
    sql.Compiler); returns the records in the period per township, and those of them dated before the year (carried
    over into an "open during the year" period)."""
    ledger = group[0].ledger
    compiler = Compiler(ledger, year, today, merged)
    columns: list[tuple[str, str, str]] = []  # (code, part, "n" | "ids")
    exprs: list[Sql] = []
    for ind in group:
        for part in parts(ind):
            for kind, expr in zip(("n", "ids"), compiler.aggregate(ind, part, ids), strict=False):
                columns.append((ind.code, part, kind))
                exprs.append(expr)
    select = join(exprs, ", ")
    where = _base(group[0], compiler, only)
    day = compiler.column(group[0].date_field, False)
    town = compiler.township()
    sql = (f'SELECT {town.text}, count(*), count(CASE WHEN {day} < ? THEN 1 END), {select.text} '
           f'FROM "{ledger}" AS {ALIAS} WHERE {where.text} GROUP BY {town.text}')
    in_period, earlier = {}, {}
    params = [*town.params, compiler.start, *select.params, *where.params, *town.params]
    for row in store.conn.execute(sql, params):
        in_period[row[0]] = row[1]
        if row[2]:
            earlier[row[0]] = row[2]
        for (code, part, kind), value in zip(columns, row[3:], strict=True):
            raw[code, row[0]][f"{part}.{kind}"] = value
    return in_period, earlier


def _breakdown_query(store: Store, group: list[Indicator], year: int, today: date, only: str | None,
                     raw: dict[tuple[str, str], dict[str, Any]], merged: Mapping[str, str] | None = None) -> None:
    """One GROUP BY township, field query for the indicators broken down by the same field."""
    first = group[0]
    compiler = Compiler(first.ledger, year, today, merged)
    exprs = [e for ind in group for part in parts(ind) for e in compiler.aggregate(ind, part, False)]
    select = join(exprs, ", ")
    where = _base(first, compiler, only)
    key = compiler.column(first.breakdown or "", False)
    town = compiler.township()
    sql = (f"SELECT {town.text}, coalesce({key}, '（未填）'), {select.text} "
           f'FROM "{first.ledger}" AS {ALIAS} WHERE {where.text} GROUP BY {town.text}, 2 ORDER BY 2')
    for row in store.conn.execute(sql, [*town.params, *select.params, *where.params, *town.params]):
        values = iter(row[2:])
        for ind in group:
            numerator = next(values)
            denominator = next(values) if ind.is_ratio else None
            raw[ind.code, row[0]].setdefault("breakdown", {})[row[1]] = (numerator, denominator)


def _active(store: Store, ledgers: list[str], year: int, today: date, only: str | None,
            later: bool = False, merged: Mapping[str, str] | None = None) -> dict[str, int]:
    """Records of `ledgers` dated in the year (up to today) per township they count under (`merged`, see
    sql.Compiler; 0 or absent: nothing entered or sent); `later`: those dated after today in the year instead
    (planned: they count from their day)."""
    if not ledgers:
        return {}
    selects, params = [], []
    start, end = period_bounds(year, today)
    bounds = [end, f"{year + 1:04d}-01-01"] if later else [start, end]
    for ledger in (store.ledger(name) for name in ledgers):
        compiler = Compiler(ledger.name, year, today, merged)
        town = compiler.township()
        clause = f'{counted(ALIAS)} AND {ALIAS}."{ledger.date_field}" >= ? AND {ALIAS}."{ledger.date_field}" < ?'
        params += [*town.params, *bounds]
        if only:
            mine = compiler.of_township(only)
            clause += f" AND {mine.text}"
            params += mine.params
        selects.append(f'SELECT {town.text} AS township FROM "{ledger.name}" AS {ALIAS} WHERE {clause}')
    sql = f"SELECT township, count(*) FROM ({' UNION ALL '.join(selects)}) GROUP BY township"
    return dict(store.conn.execute(sql, params).fetchall())


def _figure(ind: Indicator, township: str, year: int, today: date, raw: dict[str, Any], has_data: bool,
            ids: bool, carried: int = 0, arrived: str = "") -> Figure:
    has_data = has_data or bool(raw.get("in_period"))  # a carried-over complaint is T30b's data in January
    numerator = float(raw.get("value.n") or 0)
    denominator = float(raw.get("denominator.n") or 0) if ind.is_ratio else None
    status, expected = st.judge(ind.direction, ind.threshold, numerator, denominator, ind.is_ratio, has_data, year,
                                today, ind.pace, ind.final_misses, ind.judged_from)
    unrostered = int(raw.get("named.n") or 0) if ind.from_roster and not denominator else 0
    if unrostered:  # lectures ticked and no leader on the roster: to be seen to, not 无数据; T47 not before 12-01
        status = st.MISSED if today > st.year_bounds(year)[1] else \
            st.AT_RISK if st.judged_yet(year, today, ind.judged_from) else st.ON_TRACK
    return Figure(ind, township, year, numerator, denominator, status, expected, st.days_left(year, today),
                  _ids(raw, "value.ids", ids), _ids(raw, "denominator.ids", ids and not ind.from_roster)
                  if ind.is_ratio else None,
                  dict(raw.get("breakdown", {})), unrostered=unrostered, carried=carried,
                  year_open=today <= st.year_bounds(year)[1], arrived=arrived)


def _ids(raw: dict[str, Any], key: str, wanted: bool) -> tuple[str, ...] | None:
    if not wanted:
        return None
    text = raw.get(key)
    return tuple(sorted(set(text.split(",")))) if text else ()
