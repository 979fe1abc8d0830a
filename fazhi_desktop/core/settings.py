"""The `settings` table (key, value) read and written on a connection: the one way its rows are read and written.

A caller holding a Store uses its `setting`, `setting_in_file` and `set_settings` (built on these), which keep its
cache right, inside a transaction and after it; these are for code that holds a connection only (migrations, a
restore's staging copy, the search index and record-rules marks inside the write path's transaction)."""

from __future__ import annotations

import sqlite3


def read(conn: sqlite3.Connection, key: str) -> str | None:
    """The setting as the file holds it now (this connection's view: its own transaction's writes included)."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def under(conn: sqlite3.Connection, prefix: str) -> dict[str, str]:
    """The settings whose key starts with `prefix`, by the rest of their key ("receipt.written." -> {code: at})."""
    rows = conn.execute("SELECT substr(key, length(?) + 1), value FROM settings WHERE substr(key, 1, length(?)) = ?",
                        [prefix, prefix, prefix]).fetchall()
    return dict(rows)


def write(conn: sqlite3.Connection, **values: str | None) -> None:
    """Write settings, in the caller's transaction (it decides whether they stay)."""
    conn.executemany("INSERT OR REPLACE INTO settings VALUES (?, ?)", list(values.items()))
