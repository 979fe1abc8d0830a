"""Indicators measured against the people roster (T47 领导干部述法: who reported / who must report).

The roster is the office's `people` table in a township database, and the rosters the townships sent
(`township_people`) in a county database. Who must report in a year is who held the role and was in post on the
day the year's figures stand on (31 December, or today in the current year): 到任 on or before that day and 离任
on or after it. Someone taken out of use without a 离任日期 (before the dates existed) counts in no year.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi_desktop.core.indicators.catalog import Indicator
from fazhi_desktop.core.indicators.sql import ALIAS, Compiler, Sql
from fazhi_desktop.core.store import Store


def standing_day(year: int, today: date) -> date:
    """The day a year's roster is taken on: 31 December, or today within the year (1 January for a year ahead)."""
    return min(max(today, date(year, 1, 1)), date(year, 12, 31))


def roster_sql(store: Store, role: str, year: int, today: date) -> Sql:
    """A SELECT of (township, name) for the roster people holding `role` and in post on the year's standing day."""
    day = standing_day(year, today).isoformat()
    where = ("EXISTS (SELECT 1 FROM json_each(roles) WHERE value = ?) AND (joined_on IS NULL OR joined_on <= ?)"
             " AND (CASE WHEN left_on IS NULL THEN active = 1 ELSE left_on >= ? END)")
    if store.is_county:
        return Sql(f"SELECT township, name FROM township_people WHERE {where}", [role, day, day])
    return Sql(f"SELECT ? AS township, name FROM people WHERE {where}", [store.township, role, day, day])


def _named(store: Store, ind: Indicator, year: int, today: date, township: str | None) -> tuple[str, list[Any]]:
    """FROM/WHERE of the ledger records joined with the roster people they name in the indicator's people field."""
    measure = ind.main
    compiler = Compiler(ind.ledger, year, today)
    where = Sql(f"{ALIAS}.deleted = 0") & compiler.period(ind) & compiler.where(measure.where)
    if township:
        where = where & Sql(f"{ALIAS}.township = ?", [township])
    roster = roster_sql(store, measure.roster_role or "", year, today)
    sql = (f'FROM "{ind.ledger}" AS {ALIAS}, json_each({ALIAS}."{measure.people}") AS p '
           f"WHERE {where.text} AND EXISTS (SELECT 1 FROM ({roster.text}) AS r "
           f"WHERE r.township = {ALIAS}.township AND r.name = p.value)")
    return sql, [*where.params, *roster.params]


def people_figures(store: Store, ind: Indicator, year: int, today: date, township: str | None,
                   ids: bool) -> dict[tuple[str, str], dict[str, Any]]:
    """Per township: roster people of the role named in the year's records (numerator, with the records' ids) and
    roster people of the role (denominator). Two GROUP BY queries."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    body, params = _named(store, ind, year, today, township)
    listed = f"group_concat(DISTINCT {ALIAS}.id)" if ids else "NULL"
    sql = f"SELECT {ALIAS}.township, count(DISTINCT p.value), {listed} {body} GROUP BY {ALIAS}.township"
    for town, count, record_ids in store.conn.execute(sql, params):
        out[ind.code, town] = {"value.n": count, **({"value.ids": record_ids} if ids else {})}
    roster = roster_sql(store, ind.main.roster_role or "", year, today)
    filter_sql, filter_params = ("WHERE township = ?", [township]) if township else ("", [])
    sql = f"SELECT township, count(DISTINCT name) FROM ({roster.text}) {filter_sql} GROUP BY township"
    for town, count in store.conn.execute(sql, [*roster.params, *filter_params]):
        out.setdefault((ind.code, town), {})["denominator.n"] = count
    return out


def roster_names(store: Store, role: str, year: int, today: date, township: str | None) -> list[tuple[str, str]]:
    """(township, name) of the roster people with `role` in post in `year` (as roster_sql), sorted."""
    roster = roster_sql(store, role, year, today)
    filter_sql, filter_params = ("WHERE township = ?", [township]) if township else ("", [])
    sql = f"SELECT DISTINCT township, name FROM ({roster.text}) {filter_sql} ORDER BY township, name"
    return [(r[0], r[1]) for r in store.conn.execute(sql, [*roster.params, *filter_params])]


def named_people(store: Store, ind: Indicator, year: int, today: date,
                 township: str | None) -> tuple[list[str], list[tuple[str, str]]]:
    """The ids of the records naming roster people of the role, and the (township, name) pairs named."""
    body, params = _named(store, ind, year, today, township)
    rows = store.conn.execute(f"SELECT DISTINCT {ALIAS}.id, {ALIAS}.township, p.value {body}", params).fetchall()
    return sorted({r[0] for r in rows}), sorted({(r[1], r[2]) for r in rows})
