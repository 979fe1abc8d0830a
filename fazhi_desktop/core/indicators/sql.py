"""The one place where catalog conditions become SQL: parameterised, over the ledger's own table.

Only names checked against the ledger forms (snake_case ASCII, see forms.py) are written into the SQL text; every
value from the catalog travels as a parameter. Repeating groups are JSON arrays, read with SQLite's `json_each` and
`json_extract`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from fazhi_desktop.core.db import counted
from fazhi_desktop.core.indicators.catalog import Indicator, Measure
from fazhi_desktop.core.indicators.conditions import COMPARE, LIST_TYPES, Condition

ALIAS = "t"  # the ledger table in every query


def earlier_install(alias: str) -> str:
    """SQL: the record (of `alias`) is of an earlier install of its township, kept at the county when the township
    re-installed (core/bundle/lost.py; `Store.earlier_install`); never at a township."""
    return f"EXISTS (SELECT 1 FROM earlier_changes AS e WHERE e.record_id = {alias}.id)"


def numbered_again(ledger: str, alias: str) -> str:
    """SQL: a counted record of a later install of the record's township (of `alias`, in `ledger`'s table) has its
    number too: the new install numbered before it imported a receipt (the drill-down's and the record viewer's
    编号 note of a record of an earlier install, said only when it is so)."""
    return (f'EXISTS (SELECT 1 FROM "{ledger}" AS again WHERE again.township = {alias}.township '
            f"AND again.number = {alias}.number AND {counted('again')} AND NOT {earlier_install('again')})")
ROW = "g"  # a row of a repeating group


@dataclass
class Sql:
    """A piece of SQL and its parameters, in order."""

    text: str
    params: list[Any] = field(default_factory=list)

    def __and__(self, other: Sql) -> Sql:
        if self.text == "1":
            return other
        if other.text == "1":
            return self
        return Sql(f"({self.text}) AND ({other.text})", [*self.params, *other.params])


TRUE = Sql("1")


def join(parts: Sequence[Sql], separator: str) -> Sql:
    return Sql(separator.join(p.text for p in parts), [v for p in parts for v in p.params])


def period_bounds(year: int, today: date) -> tuple[str, str]:
    """[start, end) of the dates counted for `year` as of `today`: the year, up to and including today."""
    end = min(date(year + 1, 1, 1), today + timedelta(days=1))
    return f"{year:04d}-01-01", max(end, date(year, 1, 1)).isoformat()


def standing_day(year: int, today: date) -> date:
    """The day a year's figures stand on: 31 December, or today within the year (1 January for a year ahead). A
    past year's roster is taken on it (T47) and its 履行期限 have passed by it (`passed`), whatever the clock says."""
    return min(max(today, date(year, 1, 1)), date(year, 12, 31))


class Compiler:
    """Compiles conditions and measures of one ledger for one year, as of `today`: a record dated after it (a
    lecture planned for next month, saved to print its sign-in sheet) has not happened and counts for nothing yet.

    A matter's conclusion (调解结果, 履行情况…) is read whenever it was entered: the mediation statistics count cases by
    受理日期, so a case accepted in December and concluded in January counts its result in December's year, as it
    always has. Hiding a conclusion dated after the year would drop such a case from every year's figures; so a
    closed year (core/year_close.py) still takes the conclusion of a matter it left open (see README, 年度封账).

    `merged` (townships.merges: township -> the one it joined before the year) says under which township a record
    counts: a township merged away counts its records of the year, and the matters it carried over and concluded in
    it, under the one it joined (`township`, `of_township`); empty, the SQL is the township column itself."""

    def __init__(self, ledger: str, year: int, today: date, merged: Mapping[str, str] | None = None):
        self.ledger = ledger
        self.merged = dict(sorted((merged or {}).items()))
        self.start, self.end = period_bounds(year, today)
        # a date before the day the year's figures stand on has passed (a 履行期限, `passed`): a past year's figures
        # stand on its 31 December, so a closed year's M5 does not move as the clock runs on
        self.standing = standing_day(year, today).isoformat()

    # -- townships -------------------------------------------------------------------------------------------

    def township(self, alias: str = ALIAS) -> Sql:
        """The township a record (of `alias`) counts under in this year: its own, or the one its township joined."""
        column = f"{alias}.township"
        if not self.merged:
            return Sql(column)
        return Sql(f"CASE {column} {' '.join('WHEN ? THEN ?' for _ in self.merged)} ELSE {column} END",
                   [code for pair in self.merged.items() for code in pair])

    def of_township(self, code: str, alias: str = ALIAS) -> Sql:
        """The records (of `alias`) counted under township `code` this year: its own and those of the townships
        merged into it (by the township column, so that its index serves)."""
        codes = [code, *(gone for gone, into in self.merged.items() if into == code)]
        if len(codes) == 1:
            return Sql(f"{alias}.township = ?", codes)
        return Sql(f"{alias}.township IN ({', '.join('?' for _ in codes)})", codes)

    # -- conditions ------------------------------------------------------------------------------------------

    def where(self, conditions: Sequence[Condition], row: bool = False) -> Sql:
        """All of `conditions` (TRUE when there are none)."""
        out = TRUE
        for condition in conditions:
            out = out & self.condition(condition, row)
        return out

    def column(self, name: str, row: bool, alias: str = ALIAS) -> str:
        """A field of the record (of `alias`), or with `row` of a group row."""
        return f"json_extract({ROW}.value, '$.{name}')" if row else f'{alias}."{name}"'

    def condition(self, c: Condition, row: bool = False) -> Sql:
        if c.kind in ("all_of", "any_of"):
            parts = [self.condition(x, row) for x in c.children]
            joined = join([Sql(f"coalesce({p.text}, 0)", p.params) for p in parts],
                          " AND " if c.kind == "all_of" else " OR ")
            return Sql(f"({joined.text})", joined.params)
        if c.kind == "not":
            inner = self.condition(c.children[0], row)
            return Sql(f"NOT coalesce({inner.text}, 0)", inner.params)
        if c.kind in ("any", "none"):
            inner = self.where(c.children, row=True)
            exists = "EXISTS" if c.kind == "any" else "NOT EXISTS"
            return Sql(f"{exists} (SELECT 1 FROM json_each({self.column(c.field, False)}) AS {ROW} "
                       f"WHERE {inner.text})", inner.params)
        if c.kind == "last":  # the latest row of those `of` picks (a date not filled counts as earliest)
            among, inner = self.where(c.among, row=True), self.where(c.children, row=True)
            return Sql(f"coalesce((SELECT coalesce({inner.text}, 0) FROM json_each({self.column(c.field, False)}) "
                       f"AS {ROW} WHERE {among.text} ORDER BY {self.column(c.by, True)} DESC, {ROW}.key DESC "
                       f"LIMIT 1), 0)", [*inner.params, *among.params])
        if c.kind == "days":
            first, second = (self.column(name, row and name not in c.record_fields) for name in (c.field, c.until))
            return Sql(f"(julianday({second}) - julianday({first})) {c.op} ?", [c.value])
        return self._field(c, self.column(c.field, row))

    def _field(self, c: Condition, col: str) -> Sql:
        op, value, is_bool = c.op, c.value, c.field_type == "boolean"
        if op == "in_year":
            return Sql(f"({col} >= ? AND {col} < ?)", [self.start, self.end])
        if op == "passed":
            return Sql(f"({col} != '' AND {col} < ?)", [self.standing])
        if op == "filled":
            if c.field_type in LIST_TYPES or c.field_type in ("group", "attachments"):
                filled = f"coalesce(json_array_length({col}), 0) > 0"
            elif is_bool:
                filled = f"{col} IS NOT NULL"
            else:
                filled = f"({col} IS NOT NULL AND {col} != '')"
            return Sql(filled if value else f"NOT ({filled})")
        if op == "contains":
            return Sql(f"EXISTS (SELECT 1 FROM json_each({col}) WHERE value = ?)", [value])
        if is_bool:
            return Sql(f"coalesce({col}, 0) {'=' if op == '=' else '!='} ?", [int(value)])
        if op == "=":
            return Sql(f"{col} = ?", [value])
        if op == "!=":
            return Sql(f"({col} IS NULL OR {col} != ?)", [value])
        if op in ("in", "not_in"):
            marks = ", ".join("?" for _ in value)
            if op == "in":
                return Sql(f"{col} IN ({marks})", list(value))
            return Sql(f"({col} IS NULL OR {col} NOT IN ({marks}))", list(value))
        assert op in COMPARE
        return Sql(f"{col} {op} ?", [value])

    # -- periods and measures --------------------------------------------------------------------------------

    def period(self, indicator: Indicator) -> Sql:
        """The records an indicator looks at in this year (before its own conditions)."""
        col = self.column(indicator.date_field, False)
        if indicator.period == "open_during_year":
            # begun in the year, or before it and not ended by 1 January: a complaint accepted in the year whose
            # 办结日期 was typed before its 受理日期 (2024 for 2025) is open in the year, not dropped from every year
            until = self.column(indicator.period_until or "", False)
            # an earlier install's record still open is not carried (at the county): its township re-installed
            # without a backup and cannot close it, so it stayed 未办结 in every later year (数据完整性 names it)
            return Sql(f"{col} < ? AND ({col} >= ? OR {until} >= ? OR (({until} IS NULL OR {until} = '')"
                       f" AND NOT {earlier_install(ALIAS)}))", [self.end, self.start, self.start])
        return Sql(f"{col} >= ? AND {col} < ?", [self.start, self.end])

    def record_filter(self, indicator: Indicator, part: str) -> Sql:
        """Conditions on the record for `part`: "value" (the count or the ratio's numerator) or "denominator"."""
        if not indicator.is_ratio:
            assert indicator.count is not None
            return self.where(indicator.count.where)
        assert indicator.numerator is not None and indicator.denominator is not None
        denominator = self.where(indicator.denominator.where)
        if part == "denominator":
            return denominator
        return denominator & self.where(indicator.numerator.where)

    def rows_filter(self, indicator: Indicator, part: str) -> Sql:
        """For `rows` measures: the conditions a group row must meet."""
        if not indicator.is_ratio:
            assert indicator.count is not None
            return self.where(indicator.count.rows_where, row=True)
        assert indicator.numerator is not None and indicator.denominator is not None
        rows = self.where(indicator.denominator.rows_where, row=True)
        if part == "denominator":
            return rows
        return rows & self.where(indicator.numerator.rows_where, row=True)

    def amount(self, indicator: Indicator, part: str) -> Sql | None:
        """What one matching record adds: None for a plain count, else an SQL number expression."""
        measure = self.measure(indicator, part)
        capped = part == "value" and indicator.is_ratio and indicator.denominator is not None
        if measure.kind == "sum":
            assert measure.sum is not None
            return self._sum(measure.sum, indicator.denominator.sum if capped and indicator.denominator else None)
        if measure.kind == "rows":
            rows = self.rows_filter(indicator, part)
            if measure.person:
                rows = rows & self.last_of_person(indicator, measure)
            group = self.column(measure.rows, False)
            counted_rows = Sql(f"(SELECT count(*) FROM json_each({group}) AS {ROW} WHERE {rows.text})", rows.params)
            if not measure.else_sum:
                return counted_rows
            unlisted = self.unlisted(indicator, part)
            return Sql(f"{counted_rows.text} + {unlisted.text}", [*counted_rows.params, *unlisted.params])
        return None

    def unlisted(self, indicator: Indicator, part: str) -> Sql:
        """What a record's `else_sum` total holds beyond the rows it lists that `part` counts: the people it
        counted and did not name. A check of 5 staff listing its 2 certified officers adds 3 uncertified people to
        the denominator (it read 2 / 2, 100%); a check listing no one adds its totals. A ratio's numerator never
        adds more than its denominator does: a check never certifies more staff than it checked. Unnamed, they
        cannot be told apart from another check's: each check adds its own."""
        measure = self.measure(indicator, part)
        assert measure.rows is not None and measure.else_sum is not None
        group = self.column(measure.rows, False)
        whole = indicator.denominator if indicator.is_ratio else None
        numerator = part == "value" and whole is not None
        total = self._sum(measure.else_sum, whole.else_sum if numerator and whole else None)
        rows = self.rows_filter(indicator, part)
        listed = Sql(f"(SELECT count(*) FROM json_each({group}) AS {ROW} WHERE {rows.text})", rows.params)
        beyond = Sql(f"max({total.text} - {listed.text}, 0)", [*total.params, *listed.params])
        if not numerator:
            return beyond
        most = self.unlisted(indicator, "denominator")
        return Sql(f"min({beyond.text}, {most.text})", [*beyond.params, *most.params])

    def _sum(self, name: str, cap: str | None) -> Sql:
        """A number field of the record (0 when empty), at most `cap`: a record never certifies more staff than
        it checked."""
        value = f"coalesce({self.column(name, False)}, 0)"
        return Sql(f"min({value}, coalesce({self.column(cap, False)}, 0))" if cap else value)

    def last_of_person(self, indicator: Indicator, measure: Measure) -> Sql:
        """A row naming someone that is their last of the year in the township: no record of the year dated later
        (or the same day and entered later) names them again, and of two rows of one record naming them, the one
        the figure counts ("value": T29's certified row) before one it does not, else the later. So each person
        counts once, as the latest check found them, and a name listed twice in one check (the form warns) is not
        taken as uncertified for its blank row. The last rows are ranked once per statement (a window over the
        year's rows, not correlated: SQLite materialises it; its aliases are the outer query's, shadowed, so that
        the counted rows' conditions read them), where a search for a later row behind every row made the matrix
        4.5x its plain counts (300 checks a township)."""
        person = f"json_extract({ROW}.value, '$.{measure.person}')"
        group, day = self.column(measure.rows, False), f'"{indicator.date_field}"'
        held = self.rows_filter(indicator, "value")
        town = self.township()  # a person checked by a township and by the one it joined counts once there
        last = (f"SELECT rid, key FROM (SELECT {ALIAS}.rid AS rid, {ROW}.key AS key, row_number() OVER (PARTITION BY "
                f"{town.text}, {person} ORDER BY {ALIAS}.{day} DESC, {ALIAS}.rid DESC, "
                f"coalesce(({held.text}), 0) DESC, {ROW}.key DESC) AS place "
                f'FROM "{self.ledger}" AS {ALIAS}, json_each({group}) AS {ROW} WHERE {counted(ALIAS)} '
                f"AND {ALIAS}.{day} >= ? AND {ALIAS}.{day} < ? AND coalesce({person}, '') != '') WHERE place = 1")
        return Sql(f"coalesce({person}, '') != '' AND ({ALIAS}.rid, {ROW}.key) IN ({last})",
                   [*town.params, *held.params, self.start, self.end])

    @staticmethod
    def measure(indicator: Indicator, part: str) -> Measure:
        if part == "denominator":
            assert indicator.denominator is not None
            return indicator.denominator
        return indicator.main

    def aggregate(self, indicator: Indicator, part: str, ids: bool) -> list[Sql]:
        """The SELECT expressions of one figure part in a GROUP BY township query: its number, and (with `ids`)
        the ids of the records behind it, comma-separated."""
        where = self.record_filter(indicator, part)
        amount = self.amount(indicator, part)
        if amount is None:
            out = [Sql(f"count(CASE WHEN {where.text} THEN 1 END)", where.params)]
            contributes = where
        else:
            out = [Sql(f"total(CASE WHEN {where.text} THEN {amount.text} END)", [*where.params, *amount.params])]
            contributes = where & Sql(f"{amount.text} > 0", amount.params)
        if ids:
            out.append(Sql(f"group_concat(CASE WHEN {contributes.text} THEN {ALIAS}.id END)", contributes.params))
        return out

    def contributing(self, indicator: Indicator, part: str) -> Sql:
        """The condition for a record to lie behind a figure part (drill-down)."""
        where = self.record_filter(indicator, part)
        amount = self.amount(indicator, part)
        return where if amount is None else where & Sql(f"{amount.text} > 0", amount.params)
