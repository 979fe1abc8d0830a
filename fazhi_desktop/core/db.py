"""The SQLite file: connection settings, transactions, ledger tables from the forms (the named migrations of the
system tables are in migrations.py).

This module creates and widens the ledger tables; only `store.py` writes their rows. Readers in core (indicators,
bundles, registers, checks) query them with their own SQL.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from fazhi_desktop.core import damaged, failures, plaintext, private_files, settings
from fazhi_desktop.core.errors import FazhiError, NewerDatabase, SetupError
from fazhi_desktop.core.forms import LedgerDef, field_error
from fazhi_desktop.core.paths import app_version
from fazhi_desktop.core.versions import newer_program, upgrade_to, written_by

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
        # what a statement deletes or overwrites is zeroed, not only marked free: a value replaced (a late edit's
        # content by its hash, a township's record by its next version at the county, a roster's removed person)
        # is otherwise still read in the file with a hex viewer, and in every backup copied from it, until its
        # space is reused
        conn.execute("PRAGMA secure_delete=ON")
        conn.create_function(CLEANED, 1, plaintext.as_saved, deterministic=True)
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


#: setting: the program version that last changed the file's tables (`mark_upgraded`)
UPGRADED_BY = "program.upgraded_by"


def refuse_foreign(path: Path, ledgers: dict[str, LedgerDef]) -> None:
    """Refuse, before anything is written to it, a file that is not a 法治台账 database or comes from a newer version
    of the program: opening one made it one (85 tables added to another program's file, its journal mode changed),
    and a newer file was "upgraded" down (its form versions written back, its records then called tampered with).
    Read through a read-only connection; a file SQLite cannot read is left to the usual open (damage, locks), and so
    is an empty one or one the program began and did not finish (the setup then runs on it)."""
    from fazhi_desktop.core.migrations import MIGRATIONS  # it imports this module

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
            program = settings.read(peek, UPGRADED_BY) if unknown or newer else None
        except sqlite3.Error:
            return
    if unknown or newer:
        said = "；".join([*(f"“{label}”表单第 {theirs} 版，本程序是第 {ours} 版" for label, theirs, ours in newer),
                         *([f"本程序不认识的数据库升级 {'、'.join(unknown[:3])}"] if unknown else []),
                         *([written_by(program, "升级")] if newer_program(program) else [])])
        named = f"（{upgrade_to(program).strip()}）" if newer_program(program) else ""
        raise NewerDatabase(said, f"无法打开 {path}：数据库来自较新版本的法治台账（{said}）。请安装新版本的程序"
                                  f"{named}再打开；用旧版本打开会损坏新版本写入的数据")


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


def odd_titles_index(ledger: str) -> str:
    return f"{ledger}_odd_titles"


def counted(alias: str) -> str:
    """The records the indicators count: not deleted, and at the county not set aside (a township's records it no
    longer has after restoring a backup: core/bundle/lost.py). `alias`: the table's name in the query, "" for none."""
    prefix = f"{alias}." if alias else ""
    return f"{prefix}deleted = 0 AND {prefix}id NOT IN (SELECT record_id FROM set_aside)"


#: The order a township's bundles were made in, as an SQL expression on `bundles_received`: when each was made (its
#: Fazhi-Created-At; one imported before migration 012, when it was imported; one dated ahead of the county's clock
#: that was not in doubt, when it was imported: `made_before`, migration 032), and never before the times its
#: township confirmed were recorded while its clock ran ahead (`made_after`, migration 021). Ties: the sequence.
BUNDLE_MADE = "max(coalesce(made_before, created_at, imported_at), coalesce(made_after, ''))"


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


#: between the numbers `twins_sql` joins (char(31): a number may hold any other character)
TWIN_SEP = "\x1f"


#: the SQL function `connect` gives every connection: a one-line text as a save cleans it now (plaintext.as_saved),
#: so that text saved before with odd spaces (a no-break space pasted from WeChat) compares as the same
CLEANED = "fazhi_cleaned"
#: a title holding a character a save changes now (plaintext.CHANGED_ON_SAVE: a space pasted from WeChat, made usual
#: since the twenty-sixth session; a tab, a line break or a zero-width space, which earlier versions kept): one
#: saved before, which compares with a title typed now only as cleaned (`CLEANED`); the index `odd_titles_index`
#: holds these few alone, so that no save calls `CLEANED` on each of the day's titles (100,000 meetings: a save a
#: third slower by its end)
ODD_TITLE = f"GLOB '*[{plaintext.CHANGED_ON_SAVE}]*'"


def twins_sql(ledger: LedgerDef, day: str, title: str, township: str, record_id: str, apart: str = "NULL") -> str:
    """可能重复, defined once for the clerk's warning as she saves (Store.lookups) and the scorer's drill-down
    (indicators/drill.py), so that the two cannot disagree: a scalar subquery giving the numbers (the id of a record
    without one) of the counted records of `ledger` in `township` dated `day` with the title `title`, but
    `record_id`, in the order they were entered, joined by TWIN_SEP; NULL when there are none. Titles compare as a
    save cleans them (`CLEANED`): one saved before the twenty-sixth session with a no-break space pasted from WeChat
    is the twin of the one typed now. The four arguments are SQL expressions: numbered parameters (`?2`: `title` is
    said twice), or columns of the query this is part of. Two lookups by index, neither reading a title it does not
    match: the titles equal to `title` cleaned (at a township in `twins_index`, the day's titles compared in the
    index alone), and the few saved with odd spaces (`ODD_TITLE`, in `odd_titles_index`) compared cleaned. `apart`:
    the record's value of the form's `twin_apart` (投诉人), an SQL expression as the four are: a record whose own is
    filled too and different is no twin (a name that is none, 匿名 or 不详, is not filled: `_named`), compared on
    the few rows the day and title found."""
    o, title_column, date_column = "twin", f'"{ledger.title_field}"', f'"{ledger.date_field}"'
    of_day = f"WHERE deleted = 0 AND {date_column} = {day}"
    same_title = (f'SELECT rid FROM "{ledger.name}" {of_day} AND {title_column} = {CLEANED}({title}) UNION ALL '
                  f'SELECT rid FROM "{ledger.name}" INDEXED BY "{odd_titles_index(ledger.name)}" {of_day} '
                  f"AND {title_column} {ODD_TITLE} AND {CLEANED}({title_column}) = {CLEANED}({title})")
    return (f'(SELECT group_concat(n, char(31)) FROM (SELECT coalesce({o}.number, {o}.id) AS n FROM "{ledger.name}" '
            f"AS {o} WHERE {o}.rid IN ({same_title}) AND {counted(o)} "
            f"AND {o}.township = {township} AND {o}.id IS NOT {record_id}{_told_apart(ledger, o, apart)} "
            f"ORDER BY {o}.rid))")


def _told_apart(ledger: LedgerDef, alias: str, apart: str) -> str:
    """twins_sql's condition leaving out the records its `twin_apart` tells apart from `apart` ("" without one)."""
    if ledger.twin_apart is None:
        return ""
    own = f'{alias}."{ledger.twin_apart}"'
    return f" AND NOT ({_named(own)} AND {_named(apart)} AND trim({own}) <> trim({apart}))"


def _named(value: str) -> str:
    """SQL: `value` names someone (not empty, not 匿名, 不详…: display.NOT_A_PERSON)."""
    from fazhi_desktop.core.display import NOT_A_PERSON

    nobody = ", ".join(["''", *(f"'{n}'" for n in sorted(NOT_A_PERSON))])
    return f"coalesce(trim({value}), '') NOT IN ({nobody})"


def told_apart(one: Any, other: Any) -> bool:
    """`_told_apart` in Python, for two rows of one file (core/excel_import.py): both name someone, not the same."""
    from fazhi_desktop.core.display import NOT_A_PERSON

    def named(value: Any) -> str:
        text = value.strip() if isinstance(value, str) else ""
        return "" if text in NOT_A_PERSON else text

    return bool(named(one)) and bool(named(other)) and named(one) != named(other)


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
        or exists(db, twins_index(ledger.name)) == county or not _current_odd_titles(db, ledger.name)
        or _missing_columns(db, ledger)
    ]
    if not pending:
        return
    with transaction(db, "更新数据库表结构"):  # at the first start after an upgrade: nothing the clerk typed
        for ledger in pending:
            _sync_one(db, ledger, county)
        mark_upgraded(db)


def mark_upgraded(db: sqlite3.Connection) -> None:
    """Remember which program version last changed the file's tables (its migrations, its forms' versions): an
    older program refusing the file then names the version to install (`refuse_foreign`)."""
    settings.write(db, **{UPGRADED_BY: app_version()})


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
    # the few titles saved before a save made odd spaces usual (ODD_TITLE), which twins_sql compares cleaned: none in
    # a database begun since, so that this index costs a save nothing (built once for one from before it)
    if not _current_odd_titles(db, table):  # none, or one of other titles: twins_sql could not use it (INDEXED BY)
        db.execute(f'DROP INDEX IF EXISTS "{odd_titles_index(table)}"')
    db.execute(f'CREATE INDEX IF NOT EXISTS "{odd_titles_index(table)}" ON "{table}"'
               f'(deleted, "{ledger.date_field}", "{ledger.title_field}") WHERE "{ledger.title_field}" {ODD_TITLE}')
    fts = search_table(table)
    if not exists(db, fts):
        # `ascii`: the text is search.tokens' own, folded already; unicode61 folded and classified it again at 40 %
        # more of SQLite's cost of a save's index insert (migration 034 remade the indexes of unicode61)
        db.execute(f"CREATE VIRTUAL TABLE \"{fts}\" USING fts5(grams, content='', columnsize=0, tokenize='ascii')")
        # merge index segments less eagerly: ~15% cheaper writes, same query speed (measured at 60,000 rows)
        db.execute(f"INSERT INTO \"{fts}\"(\"{fts}\", rank) VALUES ('automerge', 16)")
    settings.write(db, **{f"form_version.{table}": str(ledger.version)})


def _current_odd_titles(db: sqlite3.Connection, table: str) -> bool:
    """Is the index `odd_titles_index` of `table` there, holding the titles `ODD_TITLE` names now?"""
    row = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [odd_titles_index(table)]).fetchone()
    return row is not None and row[0].endswith(ODD_TITLE)


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
