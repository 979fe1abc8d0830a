"""The SQLite file: connection settings, named migrations of the system tables, ledger tables from the forms.

This module and `store.py` are the only places that talk SQL to the ledger tables.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from fazhi_desktop.core.errors import SetupError
from fazhi_desktop.core.forms import LedgerDef


def connect(path: Path | str) -> sqlite_utils.Database:
    """Open (creating if needed) the database file with the settings every writer relies on.

    The stdlib `sqlite3` is used deliberately (sqlite-utils would silently prefer `pysqlite3` when installed).
    Autocommit mode: transactions are opened explicitly by `transaction()`.
    """
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=True, timeout=5.0)
        conn.execute("PRAGMA journal_mode=WAL")
    except sqlite3.DatabaseError as exc:
        raise SetupError(f"无法打开数据库文件 {path}：{exc}") from None
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA busy_timeout=5000")
    return sqlite_utils.Database(conn)


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error: all of a multi-step write or none of it."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def _m001_system_tables(db: sqlite_utils.Database) -> None:
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)")
    db.execute(
        """CREATE TABLE changes (
            seq INTEGER PRIMARY KEY,
            ledger TEXT NOT NULL,
            record_id TEXT NOT NULL,
            revision INTEGER NOT NULL,
            op TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            data TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            entry_hash TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX changes_record ON changes(record_id, revision)")
    db.execute(
        """CREATE TABLE people (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            title TEXT,
            unit TEXT,
            roles TEXT NOT NULL DEFAULT '[]',
            cert_no TEXT,
            cert_expiry TEXT,
            phone TEXT,
            active INTEGER NOT NULL DEFAULT 1,
            revision INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX people_name ON people(name)")
    db.execute(
        """CREATE TABLE attachments (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            name TEXT NOT NULL,
            added_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE numbering (
            ledger TEXT NOT NULL, year INTEGER NOT NULL, prefix TEXT NOT NULL, last_seq INTEGER NOT NULL,
            PRIMARY KEY (ledger, year, prefix)
        )"""
    )


#: Named, ordered, applied once each inside a transaction and recorded (never edit one that has shipped).
MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("001_system_tables", _m001_system_tables),
]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations this file has not seen. Returns their names."""
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in db.execute("SELECT name FROM _migrations").fetchall()}
    applied = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        with transaction(db):
            step(db)
            db.execute("INSERT INTO _migrations VALUES (?, datetime('now'))", [name])
        applied.append(name)
    return applied


def search_table(ledger: str) -> str:
    return f"search_{ledger}"


def sync_ledger_tables(db: sqlite_utils.Database, ledgers: dict[str, LedgerDef]) -> None:
    """Create each ledger's table and search index, or add the columns a newer form version brings.

    Columns are never dropped or retyped: data entered under an older form stays in the file.
    """
    with transaction(db):
        for ledger in ledgers.values():
            table = ledger.name
            if not _table_exists(db, table):
                columns = ",\n".join(
                    f'"{f.name}" {_sql_type(f.type)}' for f in ledger.fields
                )
                db.execute(
                    f"""CREATE TABLE "{table}" (
                        rid INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE,
                        township TEXT NOT NULL,
                        number TEXT,
                        revision INTEGER NOT NULL,
                        created_at TEXT NOT NULL,
                        created_by TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        updated_by TEXT NOT NULL,
                        status TEXT NOT NULL DEFAULT 'draft',
                        deleted INTEGER NOT NULL DEFAULT 0,
                        content_hash TEXT NOT NULL,
                        remarks TEXT,
                        {columns}
                    )"""
                )
                db.execute(f'CREATE INDEX "{table}_date" ON "{table}"(deleted, "{ledger.date_field}")')
                db.execute(f'CREATE INDEX "{table}_township" ON "{table}"(township)')
                db.execute(f'CREATE INDEX "{table}_number" ON "{table}"(number)')
            else:
                existing = {row[1] for row in db.execute(f'PRAGMA table_info("{table}")').fetchall()}
                for f in ledger.fields:
                    if f.name not in existing:
                        db.execute(f'ALTER TABLE "{table}" ADD COLUMN "{f.name}" {_sql_type(f.type)}')
            fts = search_table(table)
            if not _table_exists(db, fts):
                db.execute(
                    f"CREATE VIRTUAL TABLE \"{fts}\" USING fts5(grams, content='', columnsize=0, tokenize='unicode61')"
                )
            db.execute(
                "INSERT OR REPLACE INTO settings VALUES (?, ?)", [f"form_version.{table}", str(ledger.version)]
            )


def _table_exists(db: sqlite_utils.Database, name: str) -> bool:
    row = db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [name]).fetchone()
    return row is not None


def _sql_type(field_type: str) -> str:
    if field_type in ("integer", "boolean"):
        return "INTEGER"
    if field_type == "decimal":
        return "REAL"
    return "TEXT"
