"""The `settings` table (key, value) read and written on a connection: the one way its rows are read and written.

A caller holding a Store uses its `setting`, `setting_in_file` and `set_settings` (built on these), which keep its
cache right, inside a transaction and after it; these are for code that holds a connection only (migrations, a
restore's staging copy, the search index and record-rules marks inside the write path's transaction, a file looked
at before a restore). Which office a database is, `office`, is read here and nowhere else."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

#: the two modes a database is set up in (core/setup.py writes one of them, always)
TOWNSHIP, COUNTY = "township", "county"


@dataclass(frozen=True)
class Office:
    """Which office a database (or a backup's manifest) is: its division code, None when it was never set up (a first
    setup cut short: told apart from every set-up office); its mode; its name as printed on documents ("" unset)."""

    township: str | None
    mode: str
    name: str = ""

    @property
    def which(self) -> tuple[str | None, str]:
        """What tells two databases' offices apart: the code and the mode (not the name, which may be edited)."""
        return self.township, self.mode


def mode_of(value: str | None) -> str:
    """A mode as a file or a manifest holds it: unset is a township's (the program always writes one; only a file
    never set up, or edited by hand, has none, and every reader asking `== COUNTY` took it for a township's)."""
    return value or TOWNSHIP


def office(conn: sqlite3.Connection) -> Office:
    """The office of the database on `conn` (sqlite3.Error when its settings cannot be read)."""
    held = among(conn, ("township", "mode", "office_name"))
    return Office(held.get("township") or None, mode_of(held.get("mode")), held.get("office_name") or "")


def read(conn: sqlite3.Connection, key: str) -> str | None:
    """The setting as the file holds it now (this connection's view: its own transaction's writes included)."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def among(conn: sqlite3.Connection, keys: Iterable[str]) -> dict[str, str]:
    """The settings of `keys` the file holds (a key it does not hold is missing from the result)."""
    keys = list(keys)
    rows = conn.execute(f"SELECT key, value FROM settings WHERE key IN ({', '.join('?' * len(keys))})", keys)
    return dict(rows.fetchall())


def under(conn: sqlite3.Connection, prefix: str) -> dict[str, str]:
    """The settings whose key starts with `prefix`, by the rest of their key ("receipt.written." -> {code: at})."""
    rows = conn.execute("SELECT substr(key, length(?) + 1), value FROM settings WHERE substr(key, 1, length(?)) = ?",
                        [prefix, prefix, prefix]).fetchall()
    return dict(rows)


def write(conn: sqlite3.Connection, **values: str | None) -> None:
    """Write settings, in the caller's transaction (it decides whether they stay)."""
    conn.executemany("INSERT OR REPLACE INTO settings VALUES (?, ?)", list(values.items()))
