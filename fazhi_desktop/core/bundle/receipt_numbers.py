"""The numbers a receipt carries: the county's last number in each of a township's numbering series.

A township whose PC died without a backup sets up a new database, which numbers from 第1号 again: one township then
held two 〔2026〕会记字第1号, two official papers with one number. The county holds the earlier install's records, so
its receipt tells the township the last number of each series (ledger × year × prefix, as `Store._next_seq` counts
them) over both installs, and the township numbers on after it. For a township that did not re-install this changes
nothing: the county holds no number it has not given out.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fazhi_desktop.core.dates import FIRST_YEAR, LAST_YEAR
from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.core.store import Store

log = logging.getLogger(__name__)

#: The highest number a receipt carries or a township takes from one. A township registers some hundreds of records
#: a year in a series; a number above this one is a typo or a damaged record, and taken on it would raise the series
#: for good (the next meeting 〔2026〕会记字第1000001号), or past SQLite's integers (2**63) stop the import. Five digits
#: leave a busy office a hundred times its year's work.
MAX_NUMBER = 99_999
#: the most numbering entries a receipt's list may hold: a county has some tens of series a township (5 ledgers, a
#: few prefixes, the years it has numbered in); a list longer than this is not one the program wrote
MAX_SERIES = 10_000


@dataclass(frozen=True)
class Continued:
    """A series the township numbers on after the county's last number: 2026年会记字, was 第 1 号, now after 12."""

    ledger: str
    year: int
    prefix: str
    held: int  # the county's last number
    before: int  # the township's last number before the receipt
    label: str  # the ledger's, named for a format without a prefix

    @property
    def text(self) -> str:
        """2026年会记字从第 13 号起编号（县里已有第 12 号）"""
        return f"{self.year}年{self.prefix or self.label}从第 {self.held + 1} 号起编号（县里已有第 {self.held} 号）"


def held_numbers(store: Store, township: str) -> list[dict[str, Any]]:
    """At the county: the township's last number in each series, as a receipt carries them. Every number the county
    holds counts, the earlier install's records, deleted and set-aside ones, and numbers a record had before it was
    renumbered (those the county received it under: one it had and lost between two bundles never reached it): none
    of them is to be given out again."""
    last: dict[tuple[str, int, str], int] = {}
    for ledger in store.ledgers.values():
        for number, day, category, created in _numbers(store, ledger, township):
            seq = ledger.numbering.seq(number)
            if seq is None or seq > MAX_NUMBER:  # not a number this ledger's format wrote, or an absurd one
                continue
            series = _series(ledger, number, day, category, created)
            if FIRST_YEAR <= series[1] <= LAST_YEAR:  # 〔0026〕 of a date an older version let through: not numbered
                last[series] = max(seq, last.get(series, 0))
    return [{"ledger": ledger, "year": year, "prefix": prefix, "last": seq}
            for (ledger, year, prefix), seq in sorted(last.items())]


def _numbers(store: Store, ledger: LedgerDef, township: str) -> list[tuple[Any, ...]]:
    """(number, date, prefix field, created_at) of the township's records and of the numbers they had before."""
    field = ledger.numbering.prefix_field
    prefix = f'l."{field}"' if field else "NULL"
    columns = f'l."{ledger.date_field}", {prefix}, l.created_at'
    return store.conn.execute(
        f'SELECT l.number, {columns} FROM "{ledger.name}" l WHERE l.township = ?'
        f' UNION ALL SELECT f.number, {columns} FROM former_numbers f JOIN "{ledger.name}" l ON l.id = f.record_id'
        " WHERE f.township = ?", [township, township]).fetchall()


def _series(ledger: LedgerDef, number: str, day: Any, category: Any, created: str) -> tuple[str, int, str]:
    """The series a number was given in: the year and prefix it carries, or (a format without them) the record's,
    as the township numbered it."""
    numbering = ledger.numbering
    parts = numbering.series(number) or {}
    year = parts.get("year") or int(day[:4] if isinstance(day, str) and day[:4].isdigit() else created[:4])
    prefix = parts.get("prefix", numbering.prefix_for({numbering.prefix_field: category} if numbering.prefix_field
                                                      else {}))
    return ledger.name, year, prefix


def read_numbers(receipt: dict[str, Any], path: Path,
                 ledgers: Mapping[str, LedgerDef]) -> tuple[list[dict[str, Any]], str | None]:
    """A receipt's `numbering`: the series this program can number on after (none in a receipt of a version before
    it was carried), and what the clerk importing it is told of the entries it cannot use, or None. Such an entry (a
    year it does not number in, an absurd number, a ledger it has not, a prefix the ledger's numbering never gives,
    a county's other version wrote it) is skipped, not the receipt refused: the county's signature vouches for the
    receipt, and the numbers are only advice on where to go on. Its series numbers on from the township's own
    numbers, as before any receipt. A series named twice goes on after the higher of its numbers."""
    numbering = receipt.get("numbering", [])
    if not isinstance(numbering, list) or len(numbering) > MAX_SERIES:
        log.warning("receipt %s: numbering skipped (not a list, or over %d entries)", path.name, MAX_SERIES)
        return [], f"回执中的编号记录格式不对，未采用。{_TAKEN}"
    usable = [s for s in numbering if _usable(s)]
    known = [s for s in usable if s["ledger"] in ledgers]
    ours = [s for s in known if s["prefix"] in ledgers[s["ledger"]].numbering.given_prefixes]
    highest: dict[tuple[str, int, str], dict[str, Any]] = {}
    for series in ours:
        key = (series["ledger"], series["year"], series["prefix"])
        if key not in highest or series["last"] > highest[key]["last"]:
            highest[key] = series
    if len(highest) < len(ours):  # the series is still numbered on, after the higher: nothing to tell the clerk
        log.warning("receipt %s: %d numbering entries repeat a series", path.name, len(ours) - len(highest))
    unread, unknown = len(numbering) - len(usable) + len(known) - len(ours), len(usable) - len(known)
    if not unread + unknown:
        return list(highest.values()), None
    log.warning("receipt %s: %d numbering entries skipped (%d not usable, %d of ledgers not here)", path.name,
                unread + unknown, unread, unknown)
    why = ([f"{unread} 条不是本程序能用的（年份不在{FIRST_YEAR}—{LAST_YEAR}年、编号大于{MAX_NUMBER}、"
            "编号字头不是本程序的或内容不全）"] if unread else [])
    why += [f"{unknown} 条是本程序没有的台账的"] if unknown else []
    return list(highest.values()), (f"回执中有 {unread + unknown} 条编号记录未采用：{'，'.join(why)}，"
                                    f"可能县里的程序版本与本所不同。{_TAKEN}")


#: what a receipt with numbering entries it cannot use still did (`read_numbers`)
_TAKEN = "回执的其他内容已照常导入；这些编号系列仍按本所自己的编号接着编。"


def _usable(series: Any) -> bool:
    return (isinstance(series, dict) and isinstance(series.get("ledger"), str) and isinstance(series.get("prefix"), str)
            and _whole(series.get("year")) and FIRST_YEAR <= series["year"] <= LAST_YEAR
            and _whole(series.get("last")) and 0 < series["last"] <= MAX_NUMBER)



def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def continue_numbers(store: Store, numbering: list[dict[str, Any]]) -> list[Continued]:
    """At the township, in the receipt's transaction: each series the county holds further than this database goes
    on after the county's last number (a series it does not hold, or holds less far, is left as it is)."""
    moved = []
    order = list(store.ledgers)  # said in the order the ledgers are listed; one this program has not, not numbered
    for series in sorted((s for s in numbering if s["ledger"] in order),
                         key=lambda s: (order.index(s["ledger"]), s["year"], s["prefix"])):
        key = (series["ledger"], series["year"], series["prefix"])
        before = store.continue_numbers(*key, series["last"])
        if series["last"] > before:
            moved.append(Continued(*key, series["last"], before, store.ledgers[series["ledger"]].label))
            log.info("receipt: %s %d %s numbered on after %d (was %d)", *key, series["last"], before)
    return moved
