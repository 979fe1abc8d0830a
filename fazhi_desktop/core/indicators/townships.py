"""Which townships a computation covers: the office's own township, or in county mode every township of the county
(from the shipped division list) plus any other township that has sent records; for a year, those the list dates to
it plus any that sent records dated in it."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from fazhi_desktop.core import divisions
from fazhi_desktop.core.db import counted
from fazhi_desktop.core.errors import NotFound, SetupError
from fazhi_desktop.core.store import Store


@dataclass(frozen=True)
class Township:
    code: str
    name: str
    #: the years the division list gives a township kept in a year outside them for the records it sent dated in it
    #: ("2019—2025 年"); "" for every other township
    listed_years: str = ""
    #: so kept in a year after the list's `until_year`: merged away (README 新增或合并乡镇), and the list's note of it
    #: ("2027年1月1日并入李旺镇"; "" without one)
    merged: bool = False
    note: str = ""
    #: with `merged`: the township the division list says it joined (`merged_into`), under which its records of the
    #: year count; such a row is one of 数据完整性's (it still sends bundles), never of the figures
    into: str = ""
    into_name: str = ""
    #: the townships merged into this one whose records of the year count here (`Absorbed`); () for the others
    absorbed: tuple[Absorbed, ...] = ()


@dataclass(frozen=True)
class Absorbed:
    """A township merged into another before the year, whose records of the year (and the matters it carried over and
    concluded in it) count under that one: its code, name and "2027年1月1日并入" (`merged_since`)."""

    code: str
    name: str
    since: str


def merges(store: Store, year: int) -> dict[str, str]:
    """Township code -> the township its records count under in `year` (divisions.merged_into), at the county; {} in
    a township's own database, and without a division list to read."""
    if not store.is_county:
        return {}
    try:
        return divisions.merged_into(year, divisions.load_divisions())
    except SetupError:
        return {}


def merged_since(division: divisions.Division) -> str:
    """"2027年1月1日并入": the day its note gives (`2026年7月1日并入李旺镇`), else the first year its records count
    under the other township ("2027年起并入")."""
    found = re.search(r"(\d{4}年\d{1,2}月\d{1,2}日)并入", division.note)
    return f"{found.group(1)}并入" if found else f"{(division.until_year or 0) + 1}年起并入"


def townships_with_records(store: Store) -> set[str]:
    """Township codes found in any ledger table (one index scan per ledger)."""
    found: set[str] = set()
    for ledger in store.ledgers:
        found.update(r[0] for r in store.conn.execute(f'SELECT DISTINCT township FROM "{ledger}"'))
    return found


def records_in_year(store: Store, year: int, through: date | None = None) -> dict[str, dict[str, int]]:
    """ledger -> township -> the counted records dated in `year` (by the ledger's own date field); `through`: only
    those dated on or before that day (the figures' 统计截至 day, `--as-of`)."""
    end = f"{year + 1:04d}-01-01"
    if through is not None:
        end = min(end, (through + timedelta(days=1)).isoformat())
    out = {}
    for ledger in store.ledgers.values():
        sql = (f'SELECT township, count(*) FROM "{ledger.name}" WHERE {counted("")} AND "{ledger.date_field}" >= ? '
               f'AND "{ledger.date_field}" < ? GROUP BY township')
        out[ledger.name] = dict(store.conn.execute(sql, [f"{year:04d}-01-01", end]).fetchall())
    return out


def township_list(store: Store, only: str | None = None, year: int | None = None,
                  records: dict[str, dict[str, int]] | None = None, senders: bool = False) -> list[Township]:
    """The townships to compute for, in code order. `only` picks one (it must belong to this database). With `year`,
    a township the division list dates (from_year, until_year) to other years is left out unless it has records dated
    in `year`: a township added this year does not turn up 无数据 in earlier years' reports, nor a merged one in later
    years'; but what a township sent is never silently dropped from the figures (`listed_years` then says why it
    is there, and 数据完整性 says it). A township merged away before `year` whose row names the one it joined
    (`merged_into`) is not listed: its records count under that one, which lists it in `absorbed`; with `senders`
    (数据完整性: who sent what) it is, when it sent records dated in the year, with `into` saying where they count.
    `records`: `records_in_year`'s answer for `year`, when the caller has it."""
    outside: set[str] = set()
    moved: dict[str, str] = {}
    try:
        known = divisions.load_divisions()
    except SetupError:
        known = {}
    if store.is_county:
        county = store.township[:6]
        codes = {d.code for d in divisions.townships(county, known)} if known else set()
        codes |= {c for c in townships_with_records(store) if c.startswith(county) or not known}
        if year is not None and not only:
            gone = {c for c in codes if c in known and not known[c].exists_in(year)}
            if gone:
                records = records_in_year(store, year) if records is None else records
                dated = {town for counts in records.values() for town in counts}
                outside = gone & dated
                codes -= gone - dated
        if year is not None:
            moved = divisions.merged_into(year, known)
            if not senders and not only:
                codes -= set(moved)
    else:
        codes = {store.township}
    if only:
        if only in moved and not senders:
            raise NotFound(_counted_elsewhere(known[only], known[moved[only]], year or 0))
        if store.is_county and only == store.township:  # the county's own code, taken for a township's
            raise NotFound(_county_code_given(store, sorted(codes), known))
        if only not in codes:
            where = "本县" if store.is_county else f"本数据库（{store.township}）"
            raise NotFound(f"乡镇代码“{only}”不属于{where}")
        codes = {only}
    towns = [_township(code, known.get(code), year if code in outside else None) for code in sorted(codes)]
    into = [replace(t, into=moved[t.code], into_name=known[moved[t.code]].name) if t.code in moved else t
            for t in towns]
    # a township's own database lists the townships merged into it too: its figures cannot count their records,
    # and say so (`Results.merged_note`)
    joined = moved if store.is_county or year is None else divisions.merged_into(year, known)
    return [replace(t, absorbed=tuple(Absorbed(c, known[c].name, merged_since(known[c]))
                                      for c in sorted(joined) if joined[c] == t.code)) for t in into]


def _counted_elsewhere(gone: divisions.Division, into: divisions.Division, year: int) -> str:
    """Why a township merged away has no figures of `year`: they are the township's it joined."""
    return (f"{gone.name}（{gone.code}）已{merged_since(gone)}{into.name}：{year}年它的记录计入{into.name}"
            f"（{into.code}），请查看{into.name}")


def _township(code: str, division: divisions.Division | None, outside: int | None) -> Township:
    """A township as listed; `outside`: the year it is kept in though the division list does not have it then."""
    if division is None:
        return Township(code, code)
    if outside is None:
        return Township(code, division.name)
    merged = division.until_year is not None and outside > division.until_year
    return Township(code, division.name, _years(division), merged, division.note if merged else "")


def _years(division: divisions.Division) -> str:
    """"2019—2025 年", "2027 年起", "2025 年及以前": the years the division list gives a township."""
    since, until = division.from_year, division.until_year
    if since and until:
        return f"{since}—{until} 年"
    return f"{since} 年起" if since else f"{until} 年及以前"


def _county_code_given(store: Store, codes: list[str], known: dict) -> str:
    """"640522" names the county: say so, and how a township is named (不指定乡镇 is the county as a whole)."""
    county = known[store.township].name if store.township in known else "本县"
    example = next((c for c in codes if c in known), codes[0] if codes else "")
    named = f"，如 {example}（{known[example].name}）或 {known[example].name}" if example in known else ""
    return (f"“{store.township}”是{county}的代码，不是乡镇的：请写 9 位乡镇代码或乡镇名称{named}；"
            "不指定乡镇即为全县汇总")
