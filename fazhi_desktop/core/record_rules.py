"""The version of the record rules, and up to where a township's records are known to meet them.

The county refuses a whole bundle for one live record whose values fail its check (`clean_record`,
core/bundle/values.py), and rules tighten between versions (record dates held to 2000–2100), so a record an older
version saved can stop every bundle. The export runs the county's check first, but on every record that costs
0.1 ms each (a full export of 10,000 records took twice as long as the stock tools). Most records need none: one
saved by this program through the one write path (Store) was cleaned by these very rules. So the database remembers
(setting `MARK`) the rules and the change-log entry through which every live record but those it names is known to
meet them, and the export, the wizard and `fazhi check` check only the records changed after it and those named:

- set at the creation of a township's database (entry 0: no records yet);
- carried to the change log's end by each write of this program (`Store._writing`) that finds it there under these
  rules: every record met them before, and the write adds values cleaned by them (a save, an Excel import), or no
  new values (a status change, a deletion, an import undone);
- set by an export's check (`collect`: the records changed after it, or every record when it was set under other
  rules or never) to that export's change-log entry (and by the plan's check the wizard and `fazhi export` read
  first, when the change log has not moved since it read it: a clerk who looks and cancels is not made to wait for
  every record again at the next opening), with the ids of the live records found failing that the bundle
  did not carry (`failing`: an older county took them, and holds them as they are): these are checked again at each
  export, refused when a bundle carries them, named as a note when not, and the mark goes on past them (it stopped
  at them for good, and every export then checked every record, twice);
- not carried by a program that does not know it (a version before it), whose writes then lie after it and are
  checked; not valid under other rules (`rules`: RULES_VERSION and the text of the forms), so after an upgrade that
  tightened them every record is checked once, at the next export;
- part of the database file, so a restored backup brings the mark that describes its own records (a restore
  carries no settings), and one made before the mark existed has none: every record is checked once.

A migration that rewrites stored values must delete the mark.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from functools import lru_cache

from fazhi_desktop.core import settings
from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.core.ids import canonical_json, sha256_text

#: The version of the record rules: what `clean_record` (core/validate.py, dates.py, identifiers.py,
#: form_checks.py) refuses. RAISE IT BY ONE whenever cleaning refuses something it accepted before (a range narrowed,
#: a warning made a problem, a canonical form changed): every township's database is then checked whole once, at its
#: next export, and a record an older version saved that the new rules refuse is named at the office, with who
#: corrects it how, instead of the county refusing the bundle. Left as it is, such records go out unchecked and the
#: county refuses them, as before this check. Loosening needs no raise. Changed forms (forms/*.toml) need none either:
#: their text is part of `rules`.
RULES_VERSION = 1

#: the setting: {"rules": rules(), "through": change-log seq, "failing": [record id, …]}
MARK = "records.rules_met_through"


@dataclass(frozen=True)
class Mark:
    """Every live record, as of change-log entry `through`, meets the record rules `rules`, but those of `failing`
    (ids: found failing and not carried by the bundle whose check found them)."""

    rules: str
    through: int
    failing: tuple[str, ...] = ()


def rules(ledgers: dict[str, LedgerDef]) -> str:
    """The record rules in force: RULES_VERSION and a digest of the forms' text (`LedgerDef.digest`)."""
    forms = sha256_text("".join(f"{name}:{ledger.digest}\n" for name, ledger in sorted(ledgers.items())))
    return f"{RULES_VERSION}/{forms[:16]}"


def to_check(conn: sqlite3.Connection, ledgers: dict[str, LedgerDef], known: Mark | None = None) -> Mark:
    """What may fail the county's check under today's rules: the live records changed after the mark's `through` (0:
    every record), and its `failing`. The database's mark, or `known` (one a plan just worked out: its snapshot's
    `checked`) when it is still good; none (every record) when set under other rules, past the change log's end
    (a backup restored over it) or never set."""
    key, end = rules(ledgers), _end(conn)
    for mark in (known, _read(conn)):
        if mark is not None and mark.rules == key and mark.through <= end:
            return mark
    return Mark(key, 0)


def remember(conn: sqlite3.Connection, mark: Mark) -> None:
    """Record `mark` (inside the caller's transaction). A mark further on under the same rules is kept."""
    held = _read(conn)
    if held is not None and held.rules == mark.rules and (held.through > mark.through or held == mark):
        return
    _write(conn, mark)


def remember_current(conn: sqlite3.Connection, mark: Mark) -> bool:
    """`remember` what a check that wrote nothing found (the export's plan), inside the caller's write transaction,
    only when the change log still ends at the entry it read through: a write since (a save on another window, an
    older version's) lies after it either way, but a mark only ever set at the log's end as the check read it needs no
    more thought. Whether it was kept."""
    if _end(conn) != mark.through:
        return False
    remember(conn, mark)
    return True


def at_end(conn: sqlite3.Connection, key: str) -> Mark | None:
    """The mark, when it is at the change log's end under the rules `key` (today's: `rules`, which the write path's
    Store works out once) and so every record but its `failing` meets them. Asked by the write path before it writes,
    inside its transaction; it then calls `carry` with it after."""
    mark = _read(conn)
    return mark if mark is not None and mark.rules == key and mark.through == _end(conn) else None


def carry(conn: sqlite3.Connection, mark: Mark, end: int) -> None:
    """Move `mark` to change-log entry `end`, the log's end after this program's write: what the write added was
    cleaned by today's rules. Nothing is written when the write logged nothing."""
    if end != mark.through:
        _write(conn, Mark(mark.rules, end, mark.failing))


def _write(conn: sqlite3.Connection, mark: Mark) -> None:
    settings.write(conn, **{MARK: canonical_json({"rules": mark.rules, "through": mark.through,
                                                   "failing": list(mark.failing)})})


def _read(conn: sqlite3.Connection) -> Mark | None:
    return _parse(settings.read(conn, MARK))


@lru_cache(maxsize=8)
def _parse(value: str | None) -> Mark | None:
    """The setting's text as a Mark (kept for the text last read: each write reads the text its last write made)."""
    try:
        mark = json.loads(value or "")
        failing = mark.get("failing", [])
        if not (isinstance(failing, list) and all(isinstance(i, str) for i in failing)):
            return None
        return Mark(str(mark["rules"]), int(mark["through"]), tuple(failing))
    except (TypeError, ValueError, KeyError, AttributeError):  # none, or not as written here: every record is checked
        return None


def _end(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0]
