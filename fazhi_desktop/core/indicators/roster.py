"""Indicators measured against the people roster (T47 领导干部述法: who reported / who must report).

The roster is the office's `people` table in a township database, and the rosters the townships sent
(`township_people`) in a county database. Who counts:

- reported (numerator): roster people of the role named in the year's records, each in post on the record's day;
- must report (denominator): roster people of the role in post on the day the year's figures stand on (31 December,
  or today within the current year), and everyone who reported: a leader who gave the year's 述法 and was moved on
  before December still counts as having reported.

In post on a day: 到任 on or before it (or not known) and 离任 on or after it; someone taken out of use without a
离任日期 (before the dates existed) is in post on no standing day, but counts for a report they gave.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from fazhi_desktop.core.db import counted
from fazhi_desktop.core.indicators.catalog import Indicator
from fazhi_desktop.core.indicators.sql import ALIAS, Compiler, Sql, standing_day
from fazhi_desktop.core.indicators.townships import merges
from fazhi_desktop.core.people import matched_name
from fazhi_desktop.core.store import Store


def _in_post(day: str, reported: bool = False) -> str:
    """SQL: the roster row is in post on `day` (an SQL expression: a `?` or a column). Someone taken out of use
    without a 离任日期 is in post on no standing day; but a report they gave (`reported`) shows they were in post
    on its day, whatever the roster lacks."""
    left = f"(left_on IS NULL OR left_on >= {day})" if reported else \
        f"(CASE WHEN left_on IS NULL THEN active = 1 ELSE left_on >= {day} END)"
    return f"(joined_on IS NULL OR joined_on <= {day}) AND {left}"


def counted_in(year: int, name: str, roles: Iterable[str], joined_on: str | None, left_on: str | None,
               active: bool) -> tuple[Any, ...] | None:
    """What a roster person is to a past `year`'s figures, as the SQL here reads them: their name and roles, in post
    on its standing day (31 December) or not, and the days of the year they were in post for a report they gave;
    None when they are nothing to it (no role, or not in post in the year); the name as `people.matched_name` cleans
    it. A roster change that changes this for a closed year is refused (core/people.py), and one a bundle brings is
    told at the county (core/bundle/roster_moves.py)."""
    first, last = f"{year:04d}-01-01", f"{year:04d}-12-31"
    standing = (joined_on is None or joined_on <= last) and (active if left_on is None else left_on >= last)
    since, until = max(joined_on or first, first), min(left_on or last, last)
    days = (since, until) if since <= until else None
    if not roles or (not standing and days is None):
        return None
    return (matched_name(name), tuple(sorted(roles)), standing, days)


def unrostered_text(ind: Indicator, records: int) -> str:
    """"有 2 次勾选为主要负责同志的讲法，名册中没有登记主要负责同志": a roster-based figure with records naming someone
    and no one of the role on the roster (Figure.unrostered), and what to do."""
    role = ind.main.roster_role or ""
    ticked = any(c.op == "=" and c.value is True for c in ind.main.where)
    return (f"有 {records} 次{f'勾选为{role}的' if ticked else ''}{ind.act}，名册中没有登记{role}："
            f"请在人员名册中登记{role}（角色勾选“{role}”，填写到任日期）")


def _roster(store: Store, role: str, dirty: list[tuple[str, str]] | None = None) -> Sql:
    """The roster as (id, township, name, roles, joined_on, left_on, active) rows of this database, each name as
    `people.matched_name` cleans it: the roster's 马文军 saved with a tab by an earlier version is the 马文军 a record
    names, so that correcting the tab moves no figure, as the closed-year check and the county's roster moves judge
    (`counted_in`).

    `id` is the person's: the entries of `role` of one name (of one township) none of which was in post while
    another was, a handover day aside, are one person, counted under the first entry's id. The roster dialog has a
    leader moved to another post (乡长 made 乡党委书记) or back in post keep the old entry with its 离任日期 and get a
    second one: counted as two, his talk as 乡长 left the 书记 "尚未讲法" (3 / 4 for a township whose three leaders
    had all spoken). Two entries of one name in post at one time are two people, as before (a record naming the name
    counts for one of them)."""
    table, town, params = ("township_people", "township", []) if store.is_county else ("people", "?", [store.township])
    name = _cleaned("name", _dirty(store) if dirty is None else dirty)
    base = (f"SELECT id, {town} AS township, {name.text} AS name, roles, joined_on, left_on, active, person "
            f"FROM {table}", [*params, *name.params])
    # entries not asked (person NULL) keep the rule above among themselves; an entry asked is its own person
    # (another person) or the person of the entry it was said to be (that entry's key, by the same rule), while the
    # two have one name: one renamed since (王军 corrected to 王俊) is no longer that person, and the entries said
    # to be one that still have one name are one (under the first's id)
    same = "{0}.township = e.township AND {0}.name = e.name AND {0}.person IS NULL AND " + \
        _HAS_ROLE.replace("r.", "{0}.")
    overlapping = ("coalesce(a.joined_on, '') < coalesce(b.left_on, '9999-12-31') "
                   "AND coalesce(b.joined_on, '') < coalesce(a.left_on, '9999-12-31')")
    legacy = (f"CASE WHEN e.person IS NULL AND {_HAS_ROLE.replace('r.', 'e.')} AND NOT EXISTS (SELECT 1 "
              f"FROM entries AS a, entries AS b WHERE {same.format('a')} AND {same.format('b')} AND a.id < b.id "
              f"AND {overlapping}) THEN (SELECT min(o.id) FROM entries AS o WHERE {same.format('o')}) ELSE e.id END")
    person = ("CASE WHEN e.person IS NULL OR e.person = e.id THEN k.key ELSE coalesce((SELECT j.key FROM keys AS j "
              "WHERE j.id = e.person AND j.township = e.township AND j.name = e.name), (SELECT min(o.id) "
              "FROM entries AS o WHERE o.person = e.person AND o.township = e.township AND o.name = e.name)) END")
    return Sql(f"WITH entries AS ({base[0]}), keys AS (SELECT e.id, e.township, e.name, {legacy} AS key "
               "FROM entries AS e) "
               f"SELECT {person} AS id, e.township, e.name, e.roles, e.joined_on, e.left_on, e.active "
               "FROM entries AS e JOIN keys AS k ON k.id = e.id AND k.township = e.township",
               [*base[1], role, role, role, role])


def _dirty(store: Store, named: str = "") -> list[tuple[str, str]]:
    """The roster's names that `people.matched_name` changes, each with its cleaned form; with `named` (a SELECT of
    names: those the records name) theirs too, in the same query. Nothing more: a name with a 职务 after it
    (马志刚书记) is no roster name, even where one roster person's 职务 fits it, for the words point at a name, not a
    person (a 纪委书记 namesake of the 镇长 王伟 made 王伟书记 count for the 镇长): it counts for no one, and the
    record's check says so as the clerk saves it (`holding`)."""
    table = "township_people" if store.is_county else "people"
    sql = f"SELECT name FROM {table}" + (f" UNION SELECT * FROM ({named})" if named else "")
    names = [name for (name,) in store.conn.execute(sql) if isinstance(name, str)]
    return [(name, clean) for name in names if (clean := matched_name(name)) != name]


def _cleaned(column: str, dirty: list[tuple[str, str]]) -> Sql:
    """`column` (an SQL expression of a name) with the roster's `dirty` names cleaned. They are few (usually none): a
    CASE of them, not a function on the connection."""
    if not dirty:
        return Sql(column)
    return Sql(f"CASE {column} {' '.join('WHEN ? THEN ?' for _ in dirty)} ELSE {column} END",
               [value for pair in dirty for value in pair])


_HAS_ROLE = "EXISTS (SELECT 1 FROM json_each(r.roles) WHERE value = ?)"


def roster_sql(store: Store, role: str, year: int, today: date) -> Sql:
    """A SELECT of (township, key, name) for the roster people holding `role` and in post on the year's standing
    day, `key` their roster id (two leaders of one name are two)."""
    day = standing_day(year, today).isoformat()
    roster = _roster(store, role)
    return Sql(f"SELECT r.township AS township, r.id AS key, r.name AS name FROM ({roster.text}) AS r "
               f"WHERE {_HAS_ROLE} AND {_in_post('?')}", [*roster.params, role, day, day])


def holding(store: Store, role: str, day: str, names: Iterable[str]) -> list[str]:
    """Those of `names` (as a record of `day` writes them) that name this office's roster people holding `role` and
    in post on `day`, matched as the figures match them (`people.matched_name` on both sides, as `_named` does): the
    form's checks (the 司法所所长 listed as 请假; a 述法人 T47 counts for no one) and the editor's fill of 主讲人是否
    主要负责同志 ask this, so that what the record says and the figure agree. No names (`[]`) at the county, whose
    rosters are the townships'."""
    if store.is_county:
        return []
    roster = _roster(store, role)
    sql = f"SELECT r.name FROM ({roster.text}) AS r WHERE {_HAS_ROLE} AND {_in_post('?', True)}"
    held = {row[0] for row in store.conn.execute(sql, [*roster.params, role, day, day])}
    return [name for name in names if matched_name(name) in held]


def _named(store: Store, ind: Indicator, year: int, today: date, township: str | None,
           holders: bool = False) -> Sql:
    """A SELECT of (id, township, name, key, holders): each name the year's counted records give in the indicator's
    people field, cleaned as the roster's are (one person whether the roster or the record holds the name as an
    earlier version saved it, 马\x0b文军, or cleaned; 王　伟 is 王伟), with the roster person it names (`key`: their
    roster id; None for a free name, a deputy, a leader not in post that day) and how many roster people of the role
    in post that day have the name (`holders`, when asked, else NULL: two leaders of one name, the record counts for
    one of them only)."""
    measure = ind.main
    compiler = Compiler(ind.ledger, year, today, merges(store, year))
    where = Sql(counted(ALIAS)) & compiler.period(ind) & compiler.where(measure.where)
    if township:
        where = where & compiler.of_township(township)
    on_day = f'{ALIAS}."{ind.date_field}"'
    column = compiler.column(measure.people, False)
    one = store.ledger(ind.ledger).field(measure.people or "").type == "person"  # 主讲人: one name, not a list
    people = f'json_each({f"json_array({column})" if one else column}) AS p'
    dirty = _dirty(store, f'SELECT p.value FROM "{ind.ledger}" AS {ALIAS}, {people}')
    roster, who = _roster(store, measure.roster_role or "", dirty), _cleaned("p.value", dirty)
    match = (f"FROM ({roster.text}) AS r WHERE r.township = {ALIAS}.township AND r.name = {who.text} "
             f"AND {_HAS_ROLE} AND {_in_post(on_day, True)}")
    matched = [*roster.params, *who.params, measure.roster_role or ""]
    count = f"(SELECT count(*) {match})" if holders else "NULL"
    # counted under the township it joined, a merged township's record names a person of its own roster
    town = compiler.township()
    return Sql(f"SELECT {ALIAS}.id AS id, {town.text} AS township, {who.text} AS name, "
               f"(SELECT min(r.id) {match}) AS key, {count} AS holders "
               f'FROM "{ind.ledger}" AS {ALIAS}, {people} WHERE {where.text} AND p.value IS NOT NULL',
               [*town.params, *who.params, *matched, *(matched if holders else []), *where.params])


def _owed(store: Store, ind: Indicator, year: int, today: date, township: str | None,
          named: Sql | None = None) -> Sql:
    """A SELECT of (township, key, name): who must report this year, the people in post on the standing day and those
    who reported (UNION: each once, by roster id). `named`: `_named`'s answer, when the caller has it."""
    roster = roster_sql(store, ind.main.roster_role or "", year, today)
    named = named or _named(store, ind, year, today, township)
    filter_sql, filter_params = ("WHERE township = ?", [township]) if township else ("", [])
    return Sql(f"SELECT township, key, name FROM ({roster.text}) {filter_sql} "
               f"UNION SELECT township, key, name FROM ({named.text}) WHERE key IS NOT NULL",
               [*roster.params, *filter_params, *named.params])


def people_figures(store: Store, ind: Indicator, year: int, today: date, township: str | None,
                   ids: bool) -> dict[tuple[str, str], dict[str, Any]]:
    """Per township: roster people of the role who reported in the year's records (numerator, with the records'
    ids), who must report (denominator), and how many of the year's records name someone there (`named.n`: with no
    one on the roster to count, ticked lectures are no 无数据). Two GROUP BY queries."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    named = _named(store, ind, year, today, township)
    listed = "group_concat(DISTINCT CASE WHEN key IS NOT NULL THEN id END)" if ids else "NULL"
    sql = (f"SELECT township, count(DISTINCT key), {listed}, count(DISTINCT id) FROM ({named.text}) "
           "GROUP BY township")
    for town, count, record_ids, records in store.conn.execute(sql, named.params):
        out[ind.code, town] = {"value.n": count, "named.n": records, **({"value.ids": record_ids} if ids else {})}
    owed = _owed(store, ind, year, today, township, named)
    for town, count in store.conn.execute(f"SELECT township, count(*) FROM ({owed.text}) GROUP BY township",
                                          owed.params):
        out.setdefault((ind.code, town), {})["denominator.n"] = count
    return out


def roster_names(store: Store, ind: Indicator, year: int, today: date, township: str | None) -> list[tuple[str, str]]:
    """(township, name) of the people who must report in `year` (the denominator), sorted; a name twice for two
    people of it."""
    owed = _owed(store, ind, year, today, township)
    return [(r[0], r[1]) for r in store.conn.execute(
        f"SELECT township, name FROM ({owed.text}) ORDER BY township, name, key", owed.params)]


def named_people(store: Store, ind: Indicator, year: int, today: date,
                 township: str | None) -> tuple[list[str], list[tuple[str, str]]]:
    """The ids of the records naming roster people of the role, and the (township, name) of the people named."""
    named = _named(store, ind, year, today, township)
    rows = store.conn.execute(f"SELECT DISTINCT id, township, key, name FROM ({named.text}) WHERE key IS NOT NULL",
                              named.params).fetchall()
    return sorted({r[0] for r in rows}), [(t, n) for t, n, _ in sorted({(r[1], r[3], r[2]) for r in rows})]


def unreported(store: Store, ind: Indicator, year: int, today: date,
               township: str | None) -> list[tuple[str, str]]:
    """(township, name) of the people who must report and have not (the gap), by roster id: of two leaders of one
    name, the one no record counted."""
    named = _named(store, ind, year, today, township)
    owed = _owed(store, ind, year, today, township, named)
    sql = (f"SELECT township, name FROM ({owed.text}) WHERE (township, key) NOT IN "
           f"(SELECT township, key FROM ({named.text}) WHERE key IS NOT NULL) ORDER BY township, name, key")
    return [(r[0], r[1]) for r in store.conn.execute(sql, [*owed.params, *named.params])]


def shared_names(store: Store, ind: Indicator, year: int, today: date,
                 township: str | None) -> list[tuple[str, str]]:
    """(township, name) of the names the year's records give that two or more roster people of the role in post that
    day hold: each such record counts for one of them only (which one the record cannot say)."""
    named = _named(store, ind, year, today, township, holders=True)
    return [(r[0], r[1]) for r in store.conn.execute(
        f"SELECT DISTINCT township, name FROM ({named.text}) WHERE holders > 1 ORDER BY 1, 2", named.params)]


def unmatched_names(store: Store, ind: Indicator, year: int, today: date,
                    township: str | None) -> list[tuple[str, str, str]]:
    """(record id, township, name) of each name the year's records give that counts for no one: a 述法人 that is no
    roster person of the role in post on the record's day (a free name such as 田镇长, a deputy, a leader before his
    到任日期), cleaned as the roster's names are."""
    named = _named(store, ind, year, today, township)
    sql = f"SELECT DISTINCT id, township, name FROM ({named.text}) WHERE key IS NULL"
    return [(r[0], r[1], r[2]) for r in store.conn.execute(sql, named.params)]
