"""The SQLite file: connection settings, named migrations of the system tables, ledger tables from the forms.

This module creates and widens the ledger tables; only `store.py` writes their rows. Readers in core (indicators,
bundles, registers, checks) query them with their own SQL.
"""

from __future__ import annotations

import itertools
import json
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any

from fazhi_desktop.core import damaged, failures, private_files, settings
from fazhi_desktop.core.clock import OFFICE_ZONE, utc_iso
from fazhi_desktop.core.errors import FazhiError, NewerDatabase, SetupError
from fazhi_desktop.core.forms import LedgerDef, field_error

#: SQLite's own words for the failures a user can meet, and what to tell them
_OPEN_ERRORS = {
    "file is not a database": "不是法治台账的数据库文件，或文件已损坏",
    "database disk image is malformed": "数据库文件已损坏",
    "malformed database schema": "数据库文件已损坏（表结构无法读取）",
    "database is locked": "数据库正被另一个程序使用，请关闭后再试",
    "unable to open database file": "无法打开（文件夹不存在或没有权限）",
    "attempt to write a readonly database": "文件或所在位置只读（例如写保护的U盘）",
    "disk I/O error": "读写磁盘出错（U盘被拔出或磁盘故障）",
}


def explain(exc: sqlite3.Error) -> str:
    """A Chinese sentence for an SQLite error a user can meet."""
    text = str(exc)
    for english, chinese in _OPEN_ERRORS.items():
        if english in text:
            return chinese
    return f"数据库错误（{text}）"


def connect(path: Path | str) -> sqlite3.Connection:
    """Open (creating if needed) the database file with the settings every writer relies on.

    The stdlib `sqlite3` is used deliberately (sqlite-utils would silently prefer `pysqlite3` when installed);
    `Store.db` wraps this connection in a `sqlite_utils.Database` when asked. Autocommit mode: transactions are
    opened explicitly by `transaction()`.
    """
    conn = None
    try:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            private_files.create_database_file(Path(path))
            private_files.restrict_database(Path(path))  # also a database, -wal or -shm an earlier version made 0644
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=True, timeout=5.0)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=5000")
    except (sqlite3.Error, OSError) as exc:
        # closed now, not when the garbage collector reaches the traceback: on Windows an open handle keeps the
        # damaged file from being replaced by the backup the program offers next
        if conn is not None:
            conn.close()
        if isinstance(exc, OSError):
            raise SetupError(f"无法打开数据库文件 {path}：{failures.read_reason(exc)}") from None
        raise open_error(path, exc) from None
    return conn


def open_error(path: Path | str, exc: sqlite3.Error, failed_check: bool = False) -> FazhiError:
    """The error for a database that cannot be opened. A damaged file (DatabaseDamaged, still a SetupError: the
    program offers the latest backup) and a read-only medium (ReadOnlyStorage) get their own types. `failed_check`:
    the file failed `intact`, whatever SQLite's own error said (a damaged page can hide a table, which then reads as
    "table settings already exists" when it is made again)."""
    kind = failures.DatabaseDamaged if failed_check else failures.sqlite_failure_class(exc, path)
    if kind is failures.DiskFull:  # no room for the -shm file: the file is fine, the disk wants clearing
        way_out = failures.clear_disk(path)
        return failures.DiskFull(f"无法打开数据库文件 {path}：磁盘空间不足（打开数据库需要少量空间）。{way_out}", path)
    if kind is failures.DatabaseDamaged:
        said = "数据库文件已损坏（完整性检查未通过）" if failed_check else explain(exc)
        return failures.DatabaseDamaged(f"无法打开数据库文件 {path}：{said}。{kind.way_out}", path)
    if kind in (failures.ReadOnlyStorage, failures.StorageError) and failures.location_read_only(path):
        ro = failures.ReadOnlyStorage
        return ro(f"无法打开数据库文件 {path}：{ro.reason}。{ro.way_out}", path)
    if Path(path).is_dir():
        folder = failures.IsAFolder
        return folder(f"无法打开数据库文件 {path}：{folder.reason}。{folder.way_out}", path)
    return SetupError(f"无法打开数据库文件 {path}：{explain(exc)}")


@contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection to the database file at `path`, to look at it before anything is written: None for
    no file, an empty one (a first setup cut short), or one SQLite cannot open.

    A database nobody has open (no -wal file beside it: closed cleanly, its log folded in) is read as immutable, so
    that looking leaves nothing behind: a read-only connection to a WAL database creates its -wal and -shm files and
    cannot remove them (a restore refused before it began left them beside the current data). One that is open, or
    was left with its log, is read through that log as usual."""
    peek = None
    try:
        if path.is_file() and path.stat().st_size > 0:
            closed = not path.with_name(path.name + "-wal").exists()
            mode = "ro&immutable=1" if closed else "ro"
            peek = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True, timeout=5.0)
    except (OSError, sqlite3.Error):
        pass
    try:  # (yielded outside the try above: an sqlite3.Error the caller raises is its own, not a failed open)
        yield peek
    finally:
        if peek is not None:
            peek.close()


def peek_setting(path: Path, key: str) -> str | None:
    """A setting of the database file at `path` (its office code, whether it is a demonstration), read without
    writing; None when it has none or cannot be read."""
    with read_only(path) as peek:
        try:
            return settings.read(peek, key) if peek else None
        except sqlite3.Error:
            return None


def refuse_foreign(path: Path, ledgers: dict[str, LedgerDef]) -> None:
    """Refuse, before anything is written to it, a file that is not a 法治台账 database or comes from a newer version
    of the program: opening one made it one (85 tables added to another program's file, its journal mode changed),
    and a newer file was "upgraded" down (its form versions written back, its records then called tampered with).
    Read through a read-only connection; a file SQLite cannot read is left to the usual open (damage, locks), and so
    is an empty one or one the program began and did not finish (the setup then runs on it)."""
    with read_only(path) as peek:
        if peek is None:
            return
        try:
            tables = {row[0] for row in peek.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            ours = {"_migrations", "settings"}
            if not tables <= {"_migrations"} and not ours <= tables and intact(peek):  # damage may hide a table
                # (no table, or only the list of upgrades: a database the program began and did not finish)
                shown = "、".join(sorted(t for t in tables if not t.startswith("sqlite_"))[:5]) or "没有任何表"
                raise SetupError(f"无法打开 {path}：不是法治台账的数据库文件（其中：{shown}），请选择正确的文件")
            known = {name for name, _ in MIGRATIONS}
            applied = [row[0] for row in peek.execute("SELECT name FROM _migrations")]
            if not all(isinstance(name, str) for name in applied):  # a damaged page read as NULLs: the open says so
                return
            unknown = sorted(name for name in applied if name not in known)
            newer = [(ledgers[name].label, int(version), ledgers[name].version) for name, version in (
                (key.removeprefix("form_version."), value) for key, value in peek.execute(
                    "SELECT key, value FROM settings WHERE key LIKE 'form_version.%'") if isinstance(key, str))
                if name in ledgers and str(version).isdigit() and int(version) > ledgers[name].version]
        except sqlite3.Error:
            return
    if unknown or newer:
        said = "；".join([*(f"“{label}”表单第 {theirs} 版，本程序是第 {ours} 版" for label, theirs, ours in newer),
                         *([f"本程序不认识的数据库升级 {'、'.join(unknown[:3])}"] if unknown else [])])
        raise NewerDatabase(f"无法打开 {path}：数据库来自较新版本的法治台账（{said}）。请安装新版本的程序再打开；"
                            "用旧版本打开会损坏新版本写入的数据")


def intact(conn: sqlite3.Connection) -> bool:
    """Does the file pass SQLite's quick check (structure, not content)? False also when the check cannot run."""
    try:
        return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.Error:
        return False


def query(conn: sqlite3.Connection, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    """Rows as dicts (the shape sqlite-utils' `query` gives), without loading sqlite-utils at start-up.

    Text a damaged file holds as bytes that are not UTF-8 raises `damaged.DamagedRows` (a DatabaseDamaged carrying
    the rows that can be read), never Python's English error quoting the bytes; only then is the query read again.
    """
    try:
        cursor = conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    except sqlite3.OperationalError as exc:
        if not damaged.undecodable(exc):
            raise
        raise damaged.reread(conn, sql, params) from None


def _conn(db: Any) -> sqlite3.Connection:
    return db if isinstance(db, sqlite3.Connection) else db.conn


_SAVEPOINTS = itertools.count(1)  # a name of its own for each nested transaction


@contextmanager
def not_waiting(conn: sqlite3.Connection) -> Iterator[None]:
    """`conn` with no busy timeout: a lock another connection holds fails at once (SQLITE_BUSY), for a write that
    can be skipped; the timeout it had is put back after."""
    (timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
    conn.execute("PRAGMA busy_timeout=0")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA busy_timeout={int(timeout)}")


@contextmanager
def transaction(db: Any, doing: str = "保存") -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error: all of a multi-step write or none of it. Inside an
    open transaction, a savepoint: rolled back alone on an error, kept (until the outer one ends) otherwise.

    `db` is a connection or anything with `.conn` (a Store, a sqlite_utils.Database); `doing` names the write in
    the message of a storage failure ("保存失败…").
    """
    conn = _conn(db)
    if conn.in_transaction:  # inside a larger one (a dry run of a whole stick): a savepoint, all of it or none
        name = f"nested_{next(_SAVEPOINTS)}"
        try:
            conn.execute(f"SAVEPOINT {name}")
            yield
            conn.execute(f"RELEASE {name}")
        except BaseException as exc:
            if conn.in_transaction:  # a full disk may have ended the whole transaction already
                with suppress(sqlite3.Error):
                    conn.execute(f"ROLLBACK TO {name}")
                    conn.execute(f"RELEASE {name}")
            if isinstance(exc, sqlite3.Error):
                storage = failures.from_sqlite(exc, failures.database_path(conn), doing)
                if storage is not None:
                    raise storage from exc
            raise
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield
        conn.execute("COMMIT")  # a full disk often shows only here (WAL pages are written at commit)
    except BaseException as exc:
        _rollback(conn)
        if isinstance(exc, sqlite3.Error):
            storage = failures.from_sqlite(exc, failures.database_path(conn), doing)
            if storage is not None:  # disk full, read-only, locked, damaged: typed, in Chinese, with a way out
                raise storage from exc
        raise


def _rollback(conn: sqlite3.Connection) -> None:
    """Roll back what is open (also after a failed COMMIT, which leaves the transaction open); a failing ROLLBACK
    must not hide the error that caused it."""
    if conn.in_transaction:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def _m001_system_tables(db: sqlite3.Connection) -> None:
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


def _m002_bundles(db: sqlite3.Connection) -> None:
    """Bundles township -> county: the county's keys as a township knows them, the bundles sent; on the county's
    side the enrolled township keys, the bundles received, their change-log entries and rosters, and conflicts."""
    db.execute(
        """CREATE TABLE county_keys (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('age', 'minisign')),
            value TEXT NOT NULL UNIQUE,
            label TEXT,
            added_at TEXT NOT NULL,
            added_by TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE bundles_sent (
            sequence INTEGER PRIMARY KEY,
            bundle_id TEXT NOT NULL UNIQUE,
            bundle_hash TEXT NOT NULL,
            full INTEGER NOT NULL,
            changes_after INTEGER NOT NULL,
            changes_through INTEGER NOT NULL,
            file_name TEXT NOT NULL,
            summary TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            acknowledged_at TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE township_keys (
            key_id TEXT PRIMARY KEY,
            township TEXT NOT NULL,
            office TEXT NOT NULL,
            public_key TEXT NOT NULL UNIQUE,
            fingerprint TEXT NOT NULL,
            created TEXT,
            enrolled_at TEXT NOT NULL,
            enrolled_by TEXT NOT NULL,
            revoked_at TEXT,
            revoked_by TEXT
        )"""
    )
    db.execute("CREATE INDEX township_keys_township ON township_keys(township)")
    db.execute(
        """CREATE TABLE bundles_received (
            bundle_id TEXT PRIMARY KEY,
            township TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            bundle_hash TEXT NOT NULL,
            previous_hash TEXT,
            changes_after INTEGER NOT NULL,
            changes_through INTEGER NOT NULL,
            key_id TEXT NOT NULL,
            file_name TEXT NOT NULL,
            report TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            imported_by TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX bundles_received_township ON bundles_received(township, sequence)")
    db.execute(
        """CREATE TABLE received_changes (
            township TEXT NOT NULL,
            seq INTEGER NOT NULL,
            ledger TEXT NOT NULL,
            record_id TEXT NOT NULL,
            revision INTEGER NOT NULL,
            op TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            entry_hash TEXT NOT NULL,
            bundle_id TEXT NOT NULL,
            PRIMARY KEY (township, seq)
        )"""
    )
    db.execute(
        """CREATE TABLE township_people (
            township TEXT NOT NULL,
            id TEXT NOT NULL,
            name TEXT NOT NULL,
            title TEXT,
            unit TEXT,
            roles TEXT NOT NULL,
            cert_no TEXT,
            cert_expiry TEXT,
            phone TEXT,
            active INTEGER NOT NULL,
            revision INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (township, id)
        )"""
    )
    db.execute(
        """CREATE TABLE conflicts (
            id INTEGER PRIMARY KEY,
            township TEXT NOT NULL,
            ledger TEXT NOT NULL,
            record_id TEXT NOT NULL,
            revision INTEGER NOT NULL,
            held_hash TEXT NOT NULL,
            incoming_hash TEXT NOT NULL,
            incoming TEXT NOT NULL,
            bundle_id TEXT NOT NULL,
            detected_at TEXT NOT NULL,
            resolved_at TEXT,
            resolved_by TEXT,
            UNIQUE (record_id, revision, incoming_hash)
        )"""
    )


def _m003_accounts(db: sqlite3.Connection) -> None:
    """Local user accounts (core/accounts.py), their audit log, and an optional reason on change-log entries
    (a status change such as 重新打开 carries one; the entry's hash covers it only when present)."""
    db.execute(
        """CREATE TABLE accounts (
            name TEXT PRIMARY KEY COLLATE NOCASE,
            display_name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('clerk', 'head', 'admin')),
            password_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            failed_logins INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            last_login_at TEXT,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE account_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            account TEXT NOT NULL,
            event TEXT NOT NULL,
            actor TEXT NOT NULL
        )"""
    )
    db.execute("ALTER TABLE changes ADD COLUMN reason TEXT")
    db.execute("ALTER TABLE received_changes ADD COLUMN reason TEXT")


def _m004_conflict_resolution(db: sqlite3.Connection) -> None:
    """How a conflict was closed (held, incoming or superseded) and, when the incoming version was taken, the
    version it replaced (core/bundle/conflicts.py)."""
    db.execute("ALTER TABLE conflicts ADD COLUMN resolution TEXT")
    db.execute("ALTER TABLE conflicts ADD COLUMN replaced TEXT")


def _m005_received_changes_by_record(db: sqlite3.Connection) -> None:
    """County: a printed township record's code is checked against the received change log by record id."""
    db.execute("CREATE INDEX received_changes_record ON received_changes (record_id, revision)")


def _m006_bundle_attachments(db: sqlite3.Connection) -> None:
    """Township: which attachments each bundle carried, so that an incremental bundle leaves out the files the
    county has acknowledged receiving (core/bundle/collect.py)."""
    db.execute(
        """CREATE TABLE bundle_attachments (
            sequence INTEGER NOT NULL REFERENCES bundles_sent (sequence),
            sha256 TEXT NOT NULL,
            PRIMARY KEY (sequence, sha256)
        )"""
    )


def _m007_received_records(db: sqlite3.Connection) -> None:
    """County: which records each imported bundle brought and what became of each (new, updated, older and not
    applied, conflict; unchanged ones are only counted), for 数据包记录 → 查看明细 and `fazhi bundles --show`."""
    db.execute(
        """CREATE TABLE received_records (
            bundle_id TEXT NOT NULL REFERENCES bundles_received (bundle_id),
            record_id TEXT NOT NULL,
            ledger TEXT NOT NULL,
            revision INTEGER NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('new', 'updated', 'older', 'conflict')),
            PRIMARY KEY (bundle_id, record_id)
        ) WITHOUT ROWID"""
    )


def _m008_people_in_post(db: sqlite3.Connection) -> None:
    """到任日期 and 离任日期 of roster people, so that 领导干部述法 (T47) of a past year counts who was in post then,
    not who is in post today (core/indicators/roster.py). NULL: not known (in post since before the records)."""
    for table in ("people", "township_people"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN joined_on TEXT")
        db.execute(f"ALTER TABLE {table} ADD COLUMN left_on TEXT")


def _m009_reveal_log(db: sqlite3.Connection) -> None:
    """Who showed full ID and phone numbers of which record, when and how (core/reveals.py). Stays in the office."""
    db.execute(
        """CREATE TABLE reveal_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            record_id TEXT NOT NULL,
            township TEXT NOT NULL,
            ledger TEXT NOT NULL,
            number TEXT,
            how TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX reveal_log_record ON reveal_log (record_id)")


def _m010_former_numbers(db: sqlite3.Connection) -> None:
    """At the county: the numbers a township's record held before an import renumbered it (its year or category
    corrected), so that a paper carrying the old number is still found. The township's own are in its change log."""
    db.execute(
        """CREATE TABLE former_numbers (
            number TEXT NOT NULL,
            record_id TEXT NOT NULL,
            township TEXT NOT NULL,
            PRIMARY KEY (number, record_id)
        ) WITHOUT ROWID"""
    )



def _m011_set_aside(db: sqlite3.Connection) -> None:
    """At the county: records a township no longer has (kept from the history it abandoned when it restored a
    backup and carried on), left out of the indicators until a bundle brings their state again (core/bundle/lost.py).
    """
    db.execute(
        """CREATE TABLE set_aside (
            record_id TEXT PRIMARY KEY,
            township TEXT NOT NULL,
            ledger TEXT NOT NULL,
            number TEXT,
            bundle_id TEXT NOT NULL,
            at TEXT NOT NULL
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX set_aside_township ON set_aside (township)")



def _m012_bundle_made(db: sqlite3.Connection) -> None:
    """When each received bundle was made (its bag-info's Fazhi-Created-At): of two bundles a township numbered
    alike (it restored a backup and carried on), the later one is its history (core/bundle/apply.py)."""
    db.execute("ALTER TABLE bundles_received ADD COLUMN created_at TEXT")


#: the reveal log's columns an entry's hash covered when migration 013 chained it: its own copy, so that a column
#: reveal_chain.FIELDS gains later cannot make 013 ask an older database for it
_M013_FIELDS = ("id", "at", "actor", "record_id", "township", "ledger", "number", "how", "withdraws", "prev_hash")


def _m013_reveal_log_chain(db: sqlite3.Connection) -> None:
    """The reveal log hash-chained like the change log, with its newest entry kept apart, so that `fazhi check`
    sees entries deleted with sqlite3 (core/reveal_chain.py); a reveal taken back is an entry that `withdraws` it.
    The entries a database holds are chained as they stand."""
    from fazhi_desktop.core import reveal_chain

    _reveal_log_township(db)
    for column in ("withdraws INTEGER", "prev_hash TEXT", "entry_hash TEXT"):
        db.execute(f"ALTER TABLE reveal_log ADD COLUMN {column}")
    db.execute("CREATE TABLE reveal_log_head (one INTEGER PRIMARY KEY CHECK (one = 1), last_id INTEGER NOT NULL,"
               " last_hash TEXT NOT NULL)")
    reveal_chain.chain_existing(db, reveal_chain.Chain("reveal_log", "reveal_log_head", _M013_FIELDS,
                                                       reveal_chain.NAME))


def _reveal_log_township(db: sqlite3.Connection) -> None:
    """Migration 009 gained `township` after it had shipped (builds b0b96f8 to a1e73ab made reveal logs without it,
    and their databases then stopped at 013 with "no such column: township"): added here where it is missing, each
    entry given its record's township (at the county, whose record it is), else the office's."""
    if "township" in {row[1] for row in db.execute("PRAGMA table_info(reveal_log)")}:
        return
    db.execute("ALTER TABLE reveal_log ADD COLUMN township TEXT NOT NULL DEFAULT ''")
    for (ledger,) in db.execute("SELECT DISTINCT ledger FROM reveal_log").fetchall():
        if {"id", "township"} <= {row[0] for row in db.execute("SELECT name FROM pragma_table_info(?)", [ledger])}:
            db.execute(f'UPDATE reveal_log SET township = coalesce((SELECT township FROM "{ledger}" r'
                       f" WHERE r.id = reveal_log.record_id), '') WHERE ledger = ?", [ledger])
    db.execute("UPDATE reveal_log SET township = coalesce((SELECT value FROM settings WHERE key = 'township'), '')"
               " WHERE township = ''")


def _m014_year_log(db: sqlite3.Connection) -> None:
    """A township's years closed (年度封账) and reopened, hash-chained like the reveal log so that `fazhi check`
    sees an entry removed with sqlite3 (core/year_close.py); at the county, what each bundle said of them."""
    from fazhi_desktop.core import reveal_chain, year_close

    db.execute(
        """CREATE TABLE year_log (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,
            op TEXT NOT NULL CHECK (op IN ('close', 'reopen')),
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            reason TEXT,
            locked INTEGER NOT NULL DEFAULT 0,
            prev_hash TEXT NOT NULL,
            entry_hash TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX year_log_year ON year_log (year, id)")
    db.execute("CREATE TABLE year_log_head (one INTEGER PRIMARY KEY CHECK (one = 1), last_id INTEGER NOT NULL,"
               " last_hash TEXT NOT NULL)")
    reveal_chain.chain_existing(db, year_close.CHAIN)
    db.execute("ALTER TABLE bundles_received ADD COLUMN year_closings TEXT")


def _m015_year_reasons(db: sqlite3.Connection) -> None:
    """At the county, why a township's years open again were reopened, as its bundle said (year_close.py)."""
    db.execute("ALTER TABLE bundles_received ADD COLUMN year_reasons TEXT")


def _m016_excel_imports(db: sqlite3.Connection) -> None:
    """Each 从Excel导入 as one entry: its ledger, file, time, user, and the change-log entries (`first_seq` to
    `last_seq`, one transaction's) that added its records, so that 撤销Excel导入 finds exactly them
    (core/import_undo.py). The imports made before are found in the change log by their history note."""
    from fazhi_desktop.core import import_undo

    db.execute(
        """CREATE TABLE excel_imports (
            id INTEGER PRIMARY KEY,
            ledger TEXT NOT NULL,
            file_name TEXT NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            records INTEGER NOT NULL,
            first_seq INTEGER NOT NULL,
            last_seq INTEGER NOT NULL,
            undone INTEGER NOT NULL DEFAULT 0,
            undone_at TEXT,
            undone_by TEXT
        )"""
    )
    import_undo.record_earlier_imports(db)


def _m017_earlier_installs(db: sqlite3.Connection) -> None:
    """At the county: the change log of a township's earlier install, kept when the township re-installed (a new
    database whose log shares no entry with the one held, core/bundle/apply.py), so that the records of that install
    stay known as the township's own and counted (core/bundle/lost.py), with their history and printed codes
    (`township_logs`: every log the county holds of its townships, the current ones and the earlier installs'), and
    which bundles were that install's (`bundles_received.replaced_by`: the new one numbers its bundles from 1 again)."""
    db.execute(
        """CREATE TABLE earlier_changes (
            replaced_by TEXT NOT NULL,
            township TEXT NOT NULL,
            seq INTEGER NOT NULL,
            ledger TEXT NOT NULL,
            record_id TEXT NOT NULL,
            revision INTEGER NOT NULL,
            op TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            entry_hash TEXT NOT NULL,
            bundle_id TEXT NOT NULL,
            reason TEXT,
            PRIMARY KEY (replaced_by, seq)
        )"""
    )
    db.execute("CREATE INDEX earlier_changes_record ON earlier_changes (record_id, revision)")
    columns = ("township, seq, ledger, record_id, revision, op, content_hash, actor, at, prev_hash, entry_hash,"
               " bundle_id, reason")
    db.execute(f"CREATE VIEW township_logs AS SELECT {columns} FROM received_changes"
               f" UNION ALL SELECT {columns} FROM earlier_changes")
    db.execute("ALTER TABLE bundles_received ADD COLUMN replaced_by TEXT")


def _m018_year_log_received(db: sqlite3.Connection) -> None:
    """At the county, each bundle's year log as the township sent it (bag-info's Fazhi-Year-Log), and what its
    change log was to the one held when it came (`history`: apply.py's same, unlinked, restored, reinstalled or
    stale), so that a log shorter than the one held is told apart from a restored backup's (core/reopened_years.py).
    """
    db.execute("ALTER TABLE bundles_received ADD COLUMN year_log TEXT")
    db.execute("ALTER TABLE bundles_received ADD COLUMN history TEXT")


def _m019_changes_by_time(db: sqlite3.Connection) -> None:
    """The change log by time, so that the latest change is one index step (core/clock_behind.py: a computer clock
    behind the last change), not a read of the whole log (0.1 s warm, 0.8 s cold at 120,000 entries)."""
    db.execute("CREATE INDEX changes_at ON changes (at)")


def _m020_roster_log(db: sqlite3.Connection) -> None:
    """Every roster change (added, changed, 停用, 启用): who, when, each field's old and new value, hash-chained like
    the reveal log so that `fazhi check` sees an entry removed with sqlite3 (core/roster_log.py). Only the changes
    made from now on: a person already in the roster has no entry until changed."""
    from fazhi_desktop.core import reveal_chain, roster_log

    db.execute(
        """CREATE TABLE roster_log (
            id INTEGER PRIMARY KEY,
            person_id TEXT NOT NULL,
            name TEXT NOT NULL,
            revision INTEGER NOT NULL,
            op TEXT NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            note TEXT,
            changes TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            entry_hash TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX roster_log_person ON roster_log (person_id, id)")
    db.execute("CREATE TABLE roster_log_head (one INTEGER PRIMARY KEY CHECK (one = 1), last_id INTEGER NOT NULL,"
               " last_hash TEXT NOT NULL)")
    reveal_chain.chain_existing(db, roster_log.CHAIN)


def _m021_bundle_made_after(db: sqlite3.Connection) -> None:
    """Of each received bundle, the latest time its township had recorded when it confirmed its clock right after it
    ran ahead (bag-info's Fazhi-Clock-Confirmed, core/clock_behind.py): the bundle was made after every bundle of
    the township dated up to then (`BUNDLE_MADE`), though its own time is earlier."""
    db.execute("ALTER TABLE bundles_received ADD COLUMN made_after TEXT")


#: The order a township's bundles were made in, as an SQL expression on `bundles_received`: when each was made (its
#: Fazhi-Created-At; one imported before migration 012, when it was imported), and never before the times its
#: township confirmed were recorded while its clock ran ahead (`made_after`, migration 021). Ties: the sequence.
BUNDLE_MADE = "max(coalesce(created_at, imported_at), coalesce(made_after, ''))"


#: What a received bundle's change log was to the one the county held of its township when it came, as
#: core/bundle/apply.py judges it and `bundles_received.history` (migration 018) keeps it: the same (or following
#: on), not told by its log (no changes, or a gap before them), a restored backup's, a re-install's, or one the
#: township abandoned (made before the bundle whose history replaced it). Here, not in apply.py, so that
#: core/reopened_years.py reads them without loading the bundle package (which imports it).
SAME, UNLINKED, RESTORED, REINSTALLED, STALE = "same", "unlinked", "restored", "reinstalled", "stale"
#: what `history` says of a SAME or UNLINKED bundle that is a restored backup's all the same (apply.py's `_went_back`;
#: RESTORED when its records were taken as a restore's too, `_renumbered`), so that the year log it carries is read as
#: one that went back with the data (core/reopened_years.py)
BEHIND = "behind"


def _m022_year_logs_once(db: sqlite3.Connection) -> None:
    """At the county, each year log a bundle carried kept once however many bundles carry it (`received_year_logs`,
    by its SHA-256), each bundle naming it (`bundles_received.year_log_id`) instead of holding it whole (018's
    `year_log`, emptied): a bundle mostly repeats the log of the one before, and 18 townships x 520 bundles of a
    ten-year log (about 12 KB) took the county database from 10.5 MB to 73 MB. The logs 018 kept were of builds that
    sent the township's local time to the minute (core/year_log_label.py now sends UTC): read as Beijing time, where
    the townships are, and kept in UTC (`log_in_utc`), so that the county still knows the closings and reopenings
    they told; core/reopened_years.py compares such an entry with the same one sent since to the minute. The column
    is set to NULL, not dropped: DROP COLUMN needs SQLite 3.35, and this runs on every township's database too."""
    from fazhi_desktop.core.reopened_years import keep_log  # it imports this module

    db.execute("CREATE TABLE received_year_logs (id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE,"
               " log TEXT NOT NULL)")
    db.execute("ALTER TABLE bundles_received ADD COLUMN year_log_id INTEGER REFERENCES received_year_logs (id)")
    kept = db.execute("SELECT bundle_id, year_log FROM bundles_received WHERE year_log IS NOT NULL").fetchall()
    db.executemany("UPDATE bundles_received SET year_log_id = ?, year_log = NULL WHERE bundle_id = ?",
                   [(keep_log(db, log_in_utc(log)), bundle) for bundle, log in kept])


def _m023_received_moves(db: sqlite3.Connection) -> None:
    """At the county, a record a bundle dated in another year than the version held before it: that version's date
    and number (`received_records.held_date`, `held_number`; NULL for any other), so that a reopened year's notes
    count and name a record moved out of it (core/reopened_years.py). The county keeps no earlier versions of a
    record, and the change log carries none of its content."""
    db.execute("ALTER TABLE received_records ADD COLUMN held_date TEXT")
    db.execute("ALTER TABLE received_records ADD COLUMN held_number TEXT")


def _m024_bundle_confirmed_at(db: sqlite3.Connection) -> None:
    """Of each received bundle that carried a clock confirmation (Fazhi-Clock-Confirmed), when it was made
    (`bundles_received.confirmed_at`; `made_after` keeps the latest time it accepted): the clock ran ahead before
    then, so only a year's reopening logged between the two is distrusted (core/reopened_years.py), not every one
    before the times accepted. NULL for a bundle imported before: the times bundles carrying the same confirmation
    say, else none (every reopening up to `made_after` distrusted, as before)."""
    db.execute("ALTER TABLE bundles_received ADD COLUMN confirmed_at TEXT")


def _m025_bundles_received_by_time(db: sqlite3.Connection) -> None:
    """The received bundles newest first, all or one township's, so that 数据包记录 reads its first page in one index
    step, not a sort of every bundle's report (0.2 s at 20,000 bundles; core/bundle/exchanges.py)."""
    db.execute("CREATE INDEX bundles_received_imported ON bundles_received (imported_at)")
    db.execute("CREATE INDEX bundles_received_township_imported ON bundles_received (township, imported_at)")


def _m026_received_dates(db: sqlite3.Connection) -> None:
    """At the county, the date of the version of a record each received bundle carried (`received_records.date`,
    its ledger's date field; NULL for a row received before), so that a reopened year's notes know a record's year
    as its first closing left it, also when the bundles came out of order (core/reopened_years.py `_left_open`),
    read by record (the table's key begins with the bundle)."""
    db.execute("ALTER TABLE received_records ADD COLUMN date TEXT")
    db.execute("CREATE INDEX received_records_record ON received_records (record_id, revision)")


def _m027_print_key(db: sqlite3.Connection) -> None:
    """The secret a printed document's verification code is keyed with (core/print_key.py): made with the
    database, so that every backup holds it and a paper checks out after a restore as before."""
    db.execute("INSERT OR IGNORE INTO settings VALUES ('print_key', ?)", [secrets.token_hex(32)])


def _m028_temporary_passwords(db: sqlite3.Connection) -> None:
    """An account's password set by a 管理员 (a new account, a reset) is temporary: asked to be changed at the next
    login (core/accounts.py). Accounts made before keep theirs as they are (0)."""
    db.execute("ALTER TABLE accounts ADD COLUMN password_temporary INTEGER NOT NULL DEFAULT 0")


def log_in_utc(text: str) -> str | None:
    """A year log as the builds of migrations 018-021 sent it ("at": "2027-01-12 10:00", the township's local time),
    with each time in UTC as the label sends it now ("2027-01-12T02:00:00Z"), read as Beijing time; written as
    year_log_label writes it. None when it is not such a log (then the bundle reads as an earlier version's). Also
    how the county reads such a log in a bundle of those builds (year_log_label.in_utc)."""
    try:
        items = json.loads(text)
        for item in items:
            local = datetime.strptime(item["at"], "%Y-%m-%d %H:%M").replace(tzinfo=OFFICE_ZONE)
            item["at"] = utc_iso(local)
    except (ValueError, TypeError, KeyError):
        return None
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))


#: Named, ordered, applied once each inside a transaction and recorded (never edit one that has shipped).
MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("001_system_tables", _m001_system_tables),
    ("002_bundles", _m002_bundles),
    ("003_accounts", _m003_accounts),
    ("004_conflict_resolution", _m004_conflict_resolution),
    ("005_received_changes_by_record", _m005_received_changes_by_record),
    ("006_bundle_attachments", _m006_bundle_attachments),
    ("007_received_records", _m007_received_records),
    ("008_people_in_post", _m008_people_in_post),
    ("009_reveal_log", _m009_reveal_log),
    ("010_former_numbers", _m010_former_numbers),
    ("011_set_aside", _m011_set_aside),
    ("012_bundle_made", _m012_bundle_made),
    ("013_reveal_log_chain", _m013_reveal_log_chain),
    ("014_year_log", _m014_year_log),
    ("015_year_reasons", _m015_year_reasons),
    ("016_excel_imports", _m016_excel_imports),
    ("017_earlier_installs", _m017_earlier_installs),
    ("018_year_log_received", _m018_year_log_received),
    ("019_changes_by_time", _m019_changes_by_time),
    ("020_roster_log", _m020_roster_log),
    ("021_bundle_made_after", _m021_bundle_made_after),
    ("022_year_logs_once", _m022_year_logs_once),
    ("023_received_moves", _m023_received_moves),
    ("024_bundle_confirmed_at", _m024_bundle_confirmed_at),
    ("025_bundles_received_by_time", _m025_bundles_received_by_time),
    ("026_received_dates", _m026_received_dates),
    ("027_print_key", _m027_print_key),
    ("028_temporary_passwords", _m028_temporary_passwords),
]



def migrate(db: Any) -> list[str]:
    """Apply the migrations this file has not seen, all in one transaction: a failure (a full disk at the first
    start after an upgrade) leaves the file as it was, which the version before still opens. Returns their names."""
    db = _conn(db)
    if not exists(db, "_migrations"):
        db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in db.execute("SELECT name FROM _migrations").fetchall()}
    if all(name in done for name, _ in MIGRATIONS):
        return []
    applied = []
    try:
        with transaction(db, "升级数据库" if done else "创建数据库"):
            # asked again under the write lock: a program opening the same file at the same moment (the window and
            # a `fazhi` command after an upgrade) may have applied them while this one waited ("table already exists")
            done = {row[0] for row in db.execute("SELECT name FROM _migrations").fetchall()}
            for name, step in MIGRATIONS:
                if name not in done:
                    step(db)
                    db.execute("INSERT INTO _migrations VALUES (?, datetime('now'))", [name])
                    applied.append(name)
    except failures.DiskFull as exc:
        raise no_room_to_upgrade(db, fresh=not done, unchanged=True) from exc
    return applied


def no_room_to_upgrade(db: Any, fresh: bool, unchanged: bool) -> failures.DiskFull:
    """What a full disk while a database is brought up to date says (Store.open: the migrations, then the ledger
    tables and the search index): nothing the clerk typed was being saved, and what became of the file. `fresh`: a
    new database being made; `unchanged`: the failed step was the first to write. The room asked for is the file's
    size and a megabyte: an upgrade may rewrite every page into the journal before the file."""
    path = failures.database_path(_conn(db)) or ""
    size = 0
    with suppress(OSError):
        size = Path(path).stat().st_size
    need = -(-(size + 1024**2) // 1024**2)  # whole megabytes, rounded up
    room = f"（需要约 {need} MB 可用空间）"
    if fresh:
        said = f"创建数据库失败（{path}）：磁盘空间不足{room}"
    elif unchanged:
        said = f"升级数据库失败（{path}）：磁盘空间不足，数据库未改动{room}"
    else:
        said = f"升级数据库失败（{path}）：磁盘空间不足{room}，已有的数据都在，腾出空间后再打开即可完成升级"
    way_out = failures.clear_disk(path, say_free=False)  # the journal written before the failure goes at close
    return failures.DiskFull(f"{said}。{way_out}", path)


def search_table(ledger: str) -> str:
    return f"search_{ledger}"


def twins_index(ledger: str) -> str:
    return f"{ledger}_twins"


def counted(alias: str) -> str:
    """The records the indicators count: not deleted, and at the county not set aside (a township's records it no
    longer has after restoring a backup: core/bundle/lost.py). `alias`: the table's name in the query, "" for none."""
    prefix = f"{alias}." if alias else ""
    return f"{prefix}deleted = 0 AND {prefix}id NOT IN (SELECT record_id FROM set_aside)"


#: between the numbers `twins_sql` joins (char(31): a number may hold any other character)
TWIN_SEP = "\x1f"


def twins_sql(ledger: LedgerDef, day: str, title: str, township: str, record_id: str) -> str:
    """可能重复, defined once for the clerk's warning as she saves (Store.lookups) and the scorer's drill-down
    (indicators/drill.py), so that the two cannot disagree: a scalar subquery giving the numbers (the id of a record
    without one) of the counted records of `ledger` in `township` dated `day` with the title `title`, but
    `record_id`, in the order they were entered, joined by TWIN_SEP; NULL when there are none. The four arguments
    are SQL expressions: `?`, or columns of the query this is part of. At a township the index `twins_index` finds
    them."""
    o = "twin"
    return (f'(SELECT group_concat(n, char(31)) FROM (SELECT coalesce({o}.number, {o}.id) AS n FROM "{ledger.name}" '
            f'AS {o} WHERE {counted(o)} AND {o}."{ledger.date_field}" = {day} AND {o}."{ledger.title_field}" = {title} '
            f"AND {o}.township = {township} AND {o}.id IS NOT {record_id} ORDER BY {o}.rid))")


def twin_numbers(joined: str | None) -> tuple[str, ...]:
    """The numbers a `twins_sql` gave."""
    return tuple(joined.split(TWIN_SEP)) if joined else ()


def sync_ledger_tables(db: Any, ledgers: dict[str, LedgerDef]) -> None:
    """Create each ledger's table and search index, or add the columns a newer form version brings.

    Columns are never dropped or retyped: data entered under an older form stays in the file. When nothing needs
    changing (every ordinary start), nothing is written.
    """
    db = _conn(db)
    versions = dict(db.execute("SELECT key, value FROM settings WHERE key LIKE 'form_version.%' OR key = 'mode'")
                    .fetchall())
    county = versions.get("mode") == "county"
    pending = [
        ledger for ledger in ledgers.values()
        if versions.get(f"form_version.{ledger.name}") != str(ledger.version)
        or not exists(db, ledger.name) or not exists(db, search_table(ledger.name))
        or exists(db, twins_index(ledger.name)) == county or _missing_columns(db, ledger)
    ]
    if not pending:
        return
    with transaction(db, "更新数据库表结构"):  # at the first start after an upgrade: nothing the clerk typed
        for ledger in pending:
            _sync_one(db, ledger, county)


def _missing_columns(db: sqlite3.Connection, ledger: LedgerDef) -> list[str]:
    existing = {row[1] for row in db.execute(f'PRAGMA table_info("{ledger.name}")').fetchall()}
    return [f.name for f in ledger.fields if f.name not in existing]


def _refuse_unmarked_new_fields(db: sqlite3.Connection, ledger: LedgerDef, missing: list[str]) -> None:
    """A field added to a form whose table already holds records must say `since`: a first-version field is in
    every record's content hash, so each stored record would hash its new empty value and `fazhi check` would call
    all of them altered, for good (saves meanwhile would hash the empty field too)."""
    unmarked = [name for name in missing if ledger.field(name).since == 1]
    if not unmarked or db.execute(f'SELECT 1 FROM "{ledger.name}" LIMIT 1').fetchone() is None:
        return
    version = settings.read(db, f"form_version.{ledger.name}")
    held = int(version) if str(version).isdigit() else 1
    step = max(held + 1, ledger.version)
    field = ledger.field(unmarked[0])
    raise field_error(ledger.source, f"“{field.label}”是新加的字段，而数据库中已有{ledger.label}记录：新加的字段须写 "
                      f"since = {step}" + (f"，并把 version 提高到 {step}" if ledger.version < step else "")
                      + "（不写则已有记录的内容摘要全都对不上，fazhi check 会报告记录被改动）", field.name)


def _sync_one(db: sqlite3.Connection, ledger: LedgerDef, county: bool = False) -> None:
    table = ledger.name
    if not exists(db, table):
        columns = ",\n".join(f'"{f.name}" {_sql_type(f.type)}' for f in ledger.fields)
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
        missing = _missing_columns(db, ledger)
        _refuse_unmarked_new_fields(db, ledger, missing)
        for name in missing:
            db.execute(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {_sql_type(ledger.field(name).type)}')
    # a record of the same date and title as one being saved (twins_sql, asked on every save) found in the index
    # alone: reading each record of the day from the table cost a save a fifth more (100,000 meetings); built once
    # for a database from before it. The county saves no record (it imports them), so it keeps no such index.
    if county:
        db.execute(f'DROP INDEX IF EXISTS "{twins_index(table)}"')
    else:
        db.execute(f'CREATE INDEX IF NOT EXISTS "{twins_index(table)}" '
                   f'ON "{table}"(deleted, "{ledger.date_field}", "{ledger.title_field}")')
    fts = search_table(table)
    if not exists(db, fts):
        db.execute(f"CREATE VIRTUAL TABLE \"{fts}\" USING fts5(grams, content='', columnsize=0, tokenize='unicode61')")
        # merge index segments less eagerly: ~15% cheaper writes, same query speed (measured at 60,000 rows)
        db.execute(f"INSERT INTO \"{fts}\"(\"{fts}\", rank) VALUES ('automerge', 16)")
    settings.write(db, **{f"form_version.{table}": str(ledger.version)})


def exists(db: sqlite3.Connection, name: str) -> bool:
    """Is there a table, an index or a view of this name?"""
    row = db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [name]).fetchone()
    return row is not None


def _sql_type(field_type: str) -> str:
    if field_type in ("integer", "boolean"):
        return "INTEGER"
    if field_type == "decimal":
        return "REAL"
    return "TEXT"
