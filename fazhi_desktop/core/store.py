"""The office's records: the one write path, reads, numbering, the hash-chained change log.

Only this module writes ledger tables. `Store.save`, `save_many`, `delete`, `restore_deleted` and `change_status`
validate, bump the
revision, hash the canonical record, update the search index and append to `changes` in one transaction;
`write_received` (county import, inside the caller's transaction) stores a township's record exactly as it came,
without touching the county's own change log.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fazhi_desktop.core import (
    autosave,
    damaged,
    failures,
    keys_pending,
    leftovers,
    migrations,
    printed,
    record_rules,
    renamed,
    renumber,
    search,
    settings,
    unlisted_files,
    unprintable,
    year_close,
)
from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.clock import Clock, local_today, system_clock, utc_iso
from fazhi_desktop.core.errors import (
    AccountStopped,
    Conflict,
    FazhiError,
    FieldProblem,
    LoginFailed,
    NotFound,
    SetupError,
    ValidationError,
)
from fazhi_desktop.core.export_pending import settle as settle_export
from fazhi_desktop.core.forms import STATUS_LABELS, FieldDef, LedgerDef, load_forms, named_ledger
from fazhi_desktop.core.identifiers import holds_number
from fazhi_desktop.core.ids import canonical_json, sha256_text, uuid7
from fazhi_desktop.core.masked import keep_stored
from fazhi_desktop.core.permissions import allowed, require
from fazhi_desktop.core.places import DELETED_RECORDS
from fazhi_desktop.core.sent_back import sent_back_where

if TYPE_CHECKING:
    import sqlite_utils

    from fazhi_desktop.core.accounts import User
    from fazhi_desktop.core.validate import Cleaned, Lookups

GENESIS_HASH = "0" * 64
#: why the county adds no record (its records arrive in the townships' bundles)
COUNTY_KEEPS_NO_LEDGER = "县级数据库不登记台账记录：记录由各乡镇登记，以数据包报送到县里"
STATUSES = ("draft", "submitted", "reviewed", "locked")
#: the permission (core.permissions) a change or deletion needs, by the record's status; locked records are
#: refused before any permission is asked (only 重新打开 in core.review changes them)
_EDIT_ACTION = {"draft": "record.edit", "submitted": "record.edit", "reviewed": "record.edit_reviewed"}
DELETE_ACTION = {"draft": "record.delete", "submitted": "record.delete", "reviewed": "record.edit_reviewed"}
#: the reason of a restored record's change-log entry (op "update"): the county's history shows it beside 修改
RESTORED = "恢复已删除的记录"
#: the warning of a restored record a bundle would be refused for (Store.restore_deleted): said by the GUI and the CLI
RESTORED_REFUSED = "已恢复；导出前须打开记录改正"
#: the change-log reason of a record entered again under the county's id and its printed number (`Store.reenter`)
REENTERED = "按县里回执补录（原编号）"
#: the change-log reason of a link 从Excel导入's question made (links.link_all): part of the import, which its undo
#: deletes with it (core/import_undo)
LINKED_NOTE = "从Excel导入后链接同日的记录"
#: the notes the program writes itself in the change log, which what reads the log trusts: a typed reason (`fazhi
#: update --reason`) may not be one (it made an undo of an import delete a meeting she had edited since)
PROGRAM_NOTES = frozenset({RESTORED, REENTERED, LINKED_NOTE})
#: a reason holding an ID or phone number: the change log keeps it as typed, unmasked, and the history, the banner
#: over a record sent back, 待办事项 and its workbook, 批量提交审核 and the county (by the bundle) show it to everyone
NUMBER_IN_REASON = ("请不要在原因中写身份证号或电话号码：原因记入修改历史，不遮盖，录入员和县里都能看到，"
                    "也列在待办事项中；写明哪一项有误即可（如“申请人身份证号有误，请对照证件核对”）")


def _no_number(reason: str | None, label: str) -> None:
    """ValidationError naming `label` when the typed `reason` holds an ID or phone number (NUMBER_IN_REASON)."""
    if reason and holds_number(reason):
        raise ValidationError([FieldProblem("reason", label, NUMBER_IN_REASON)])


@dataclass(frozen=True)
class Record:
    """A record as stored: system columns plus field values (JSON columns decoded)."""

    ledger: str
    id: str
    number: str | None
    revision: int
    status: str
    deleted: bool
    content_hash: str
    township: str
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    values: dict[str, Any]
    warnings: tuple[FieldProblem, ...] = ()

    def __getitem__(self, name: str) -> Any:
        return self.values.get(name)


@dataclass(frozen=True)
class ListQuery:
    """What a list shows: a ledger's live records filtered by year or days, status (one, or any of several), search
    text, who entered them, being late (`overdue`) and being sent back (`sent_back`), sorted."""

    ledger: str
    year: int | None = None
    status: str | tuple[str, ...] | None = None
    text: str = ""
    township: str | None = None
    sort: str | None = None
    descending: bool = True
    include_deleted: bool = False
    #: only the records late today (core/overdue.py: a deadline passed with nothing concluded), the list's 逾期
    overdue: bool = False
    #: only the drafts a 所长 reopened and nobody has submitted again (core/sent_back.py), the list's 退回待改
    sent_back: bool = False
    #: only the records this account entered (登记人: `created_by`, the account's user name), the list's 登记人
    entered_by: str | None = None
    #: only the records whose date (the ledger's `date_field`) falls on or after / on or before these ISO days
    date_from: str | None = None
    date_to: str | None = None


class Store:
    """An open office database. One per thread (SQLite connections stay on the thread that opened them)."""

    def __init__(self, conn: sqlite3.Connection, ledgers: dict[str, LedgerDef], clock: Clock = system_clock,
                 path: Path | None = None):
        self.conn, self.ledgers, self.clock, self.path = conn, ledgers, clock, path
        self._db: sqlite_utils.Database | None = None
        self._settings: dict[str, str | None] = {}
        #: settings written inside a transaction opened by a caller: read from the file, not cached, until read
        #: outside any transaction (its COMMIT may fail, or a ROLLBACK undo them: see set_settings)
        self._settings_unsettled: set[str] = set()
        #: (seq, entry_hash) of the change log's last entry, valid inside the current write transaction only
        self._tail: tuple[int, str] | None = None
        #: list order per query, with the (data_version, local write count) it was read at
        self._order_cache: dict[ListQuery, tuple[tuple[int, int], list[int]]] = {}
        self._writes = 0
        #: queued inserts of a bulk write (save_many), None otherwise
        self._batch: _Batch | None = None
        #: the logged-in account (core.accounts.User), bound at login by the GUI and the CLI; None without accounts.
        #: When set, it is the actor of every change and its role is checked on the write path (core.permissions).
        self.user: User | None = None
        #: called before an AccountStopped is raised (the desktop program logs the user out: qt/session.py)
        self.on_account_stopped: Callable[[], None] | None = None
        #: called with the account as it was when `check_account` finds its role or 姓名 changed since the login (and
        #: has taken them over): the desktop program enables what the new role may do (qt/account_watch.py)
        self.on_account_changed: Callable[[User], None] | None = None
        self._has_accounts = False
        #: what opening found and finished of work cut short (a restore, an export), for the user to be told
        self.opened_notes: list[str] = []

    # -- opening ---------------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, ledgers: dict[str, LedgerDef] | None = None, clock: Clock = system_clock,
             create: bool = False, progress: Callable[[int, int], None] | None = None, tidy: bool = True) -> Store:
        """Open an existing database (or create an empty one with `create=True`) and bring its tables up to date.
        `progress(done, total)`: records indexed so far, when the first open after an upgrade rebuilds the search
        index (seconds on a large database; see search.bring_up_to_date). `tidy`: remove what killed work left
        beside it and the scans no record lists (False: a job of the window, whose own open did, and whose editors
        may hold a scan added yesterday and not saved yet)."""
        path = Path(path)
        from fazhi_desktop.core.backup.journal import finish  # (the backup package loads its modules when used)

        notes = [said] if (said := finish(path)) else []  # a restore cut in the middle: finished before it is read
        if not create and not path.exists():
            raise SetupError(f"数据库文件不存在：{path}（请先运行 fazhi init 或在程序中完成初始设置）")
        ledgers = ledgers if ledgers is not None else load_forms()
        if not create:
            dbmod.refuse_foreign(path, ledgers)
        conn = dbmod.connect(path)
        try:
            fresh = "001_system_tables" in migrations.migrate(conn)
            try:
                dbmod.sync_ledger_tables(conn, ledgers)
                search.bring_up_to_date(conn, ledgers, progress)
            except failures.DiskFull as exc:  # the rest of an upgrade (or of a new database), after the migrations
                raise dbmod.no_room_to_upgrade(conn, fresh, unchanged=False) from exc
            if tidy:
                leftovers.remove_leftovers(path.parent)  # what a killed import, export or backup left: in clear
                leftovers.remove_beside(path)  # unfinished attachments, keys, backups
                with suppress(OSError, sqlite3.Error):  # (a folder that cannot be read: left for the next open)
                    autosave.take_over(conn, path)  # renamed without its `-autosave`: the drafts typed over it
                unlisted_files.remove_unlisted(conn, path)  # scans added in an editor but never saved
            store = cls(conn, ledgers, clock, path)
            keys_pending.settle(store)  # a key made or replaced, cut before its settings were set
            renamed.remember_county_key(store)  # an older county database's key id, from its own folder of keys
            with suppress(FazhiError, sqlite3.Error):  # (a read-only file: settled at the export)
                notes += [said] if (said := settle_export(store)) else []  # an export cut before recorded
            store.opened_notes = notes
        except BaseException as exc:
            # an error SQLite does not call damage may still come from a damaged file: asked before closing
            failed_check = isinstance(exc, sqlite3.Error) and failures.sqlite_failure_class(exc) is None \
                and not dbmod.intact(conn)
            conn.close()  # at once: an open handle keeps Windows from replacing the file with a backup
            if isinstance(exc, sqlite3.Error):
                raise dbmod.open_error(path, exc, failed_check) from None
            raise
        return store

    @property
    def db(self) -> sqlite_utils.Database:
        """The same connection as a `sqlite_utils.Database` (loaded on first use: it costs ~80 ms at start-up)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        """Rows as dicts."""
        return dbmod.query(self.conn, sql, params)

    def close(self) -> None:
        self.conn.close()
        self.closed = True

    closed = False  # set by close(): a window outliving its database must not read from it

    def commits(self) -> tuple[int, int]:
        """A value that changes with every commit to the file, this connection's (rows it changed) or another's (a
        job's on a worker thread, a `fazhi` command's: SQLite's data_version)."""
        return self.conn.total_changes, self.conn.execute("PRAGMA data_version").fetchone()[0]

    def checkpoint(self) -> bool:
        """Fold the write-ahead log (`<db>-wal`) into the database file, so that a copy of the .db file alone, made
        while the program is open, holds every record saved so far. PASSIVE: it waits for no reader or writer, and
        never runs inside a transaction (the desktop program calls it when saving has paused: qt/checkpoints.py;
        a `fazhi` command's close folds the log in as the last connection). True when all of the log is in the
        file; False when a reader kept part of it out, or the file could not be written (tried again later)."""
        if self.closed or self.conn.in_transaction:
            return False
        try:
            busy, logged, folded = self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error:
            return False  # the records are safe in the log; the next call tries again
        return not busy and logged == folded

    # -- settings --------------------------------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        if key in self._settings_unsettled:
            if self.conn.in_transaction:  # perhaps still undone: this connection's view, not kept
                value = self.setting_in_file(key)
                return default if value is None else value
            self._settings_unsettled.discard(key)
        if key not in self._settings:
            self._settings[key] = self.setting_in_file(key)
        value = self._settings[key]
        return default if value is None else value

    def setting_in_file(self, key: str) -> str | None:
        """A setting as the file holds it now, past the cache (another connection may have written it since it was
        read here: under a write lock, read it so)."""
        return settings.read(self.conn, key)

    def settings_in_file(self, prefix: str) -> dict[str, str]:
        """The settings whose key starts with `prefix`, by the rest of their key, as the file holds them now."""
        return settings.under(self.conn, prefix)

    def reread_settings(self) -> None:
        """Forget the settings read so far, which another connection has changed (a new key made by a job on a
        worker thread: its id, read before from this one, would call the new key file foreign)."""
        self._settings.clear()

    def set_settings(self, **values: str | None) -> None:
        """Write settings. Inside a caller's transaction only that transaction's end decides whether they stay (a
        COMMIT failing on a full disk, a ROLLBACK): they are read from the file until then, never cached ahead of it."""
        inside = self.conn.in_transaction
        with dbmod.transaction(self.conn):
            settings.write(self.conn, **values)
        if inside:
            for key in values:
                self._settings.pop(key, None)
            self._settings_unsettled.update(values)
        else:
            self._settings.update(values)

    @property
    def township(self) -> str:
        code = self.setting("township")
        if not code:
            raise SetupError("数据库尚未初始化（缺少乡镇代码），请先运行 fazhi init")
        return code

    @property
    def is_county(self) -> bool:
        return self.setting("mode") == "county"

    # -- the write path --------------------------------------------------------------------------------------

    def ledger(self, name: str) -> LedgerDef:
        """A ledger by its name or its label (调解案件, as a clerk names it on the command line)."""
        return named_ledger(self.ledgers, name)

    def lookups(self, ledger: LedgerDef | None = None, stored: dict[str, Any] | None = None,
                record_id: str | None = None) -> Lookups:
        """What validation asks of the database; with a record's `stored` values, those masked to a user who may
        not reveal them (the checks then compare only what the mask shows of the ID numbers and birth dates she was
        shown masked). With `ledger`, the records of the same date and title as the one checked (`record_id`, None
        for a new one) are looked for."""
        Lookups, id_numbers, holding, roster_certificate, link_target = self._lookup_parts
        hidden = ledger is not None and stored is not None and self.user is not None \
            and not allowed(self.user, "record.reveal")
        stored_ids = id_numbers(ledger, stored) if ledger is not None and stored is not None else frozenset()
        return Lookups(
            record_exists=self._record_exists,
            linked=self._linked,
            attachment_exists=self._attachment_exists,
            today=lambda: local_today(self.clock),
            masked_from=stored if hidden else None,
            stored_ids=stored_ids,
            role_holding=lambda role, day, names: holding(self, role, day, names),
            certificate=lambda name, day: roster_certificate(self, name, day),
            link_target=lambda ledger_name, text: link_target(self, ledger_name, text),
            roster=not self.is_county,
            **({"twins": lambda day, title, apart=None: self._twins(ledger, day, title, record_id, apart)}
               if ledger else {}),
        )

    @cached_property
    def _lookup_parts(self) -> tuple[Any, ...]:
        """What `lookups` is made of, imported with the first write (not at start-up) and held: importing them again
        at each save was 1 % of it."""
        from fazhi_desktop.core.indicators.roster import holding
        from fazhi_desktop.core.links import link_target
        from fazhi_desktop.core.people import roster_certificate
        from fazhi_desktop.core.validate import Lookups, id_numbers

        return Lookups, id_numbers, holding, roster_certificate, link_target

    def _twins(self, ledger: LedgerDef, day: str, title: str, record_id: str | None, apart: Any = None) -> list[str]:
        """The numbers of the records that may duplicate record `record_id` (None: a new one of this office) if it
        is dated `day` with the title `title` and holds `apart` in the form's `twin_apart` (db.twins_sql): of its
        township, at the county the sender's."""
        told = [apart if isinstance(apart, str) else None] if ledger.twin_apart else []
        (joined,) = self.conn.execute(_twins_sql(ledger), [day, title, record_id, self.township, *told]).fetchone()
        return list(dbmod.twin_numbers(joined))

    def save(self, ledger_name: str, data: dict[str, Any], actor: str, record_id: str | None = None,
             expected_revision: int | None = None, reason: str | None = None, note: str | None = None) -> Record:
        """Add a record (no `record_id`) or update one (the given keys replace the stored values). `reason`: why
        (当事人申请更正身份证号), kept in the change log beside 修改 as the history shows it (one line; none when
        blank), never one of the program's own notes (PROGRAM_NOTES); `note`: such a note (LINKED_NOTE), in its
        place.

        Raises ValidationError naming every field at fault; Conflict when `expected_revision` is stale.
        Nothing is written unless everything succeeds. Saving unchanged values writes nothing.
        """
        ledger = self.ledger(ledger_name)
        actor = self.acting(actor)
        with self._writing():
            reason = " ".join((reason or "").split()) or None
            if reason in PROGRAM_NOTES:
                raise ValidationError([FieldProblem("reason", "修改原因", f"“{reason}”是程序自动记入修改历史的说明，"
                                                    "不能作为修改原因，请换一种写法")])
            _no_number(reason, "修改原因")
            return self._save(ledger, data, actor, record_id, expected_revision, note or reason)

    def reenter(self, ledger_name: str, data: dict[str, Any], actor: str, record_id: str, number: str,
                revision: int) -> Record:
        """补录: add a record the county holds and this office lost (a receipt named it: core/bundle/reentry.py) under
        the county's id, its printed number and `revision` (above the county's), so that the county takes it as an
        update of its record (no second record, no gap). Refused when this database has a record of that id, when a
        live record here holds the number, or when the number is not of the record's series (its date's year, its
        prefix); its number is taken out of its series."""
        ledger = self.ledger(ledger_name)
        actor = self.acting(actor)
        with self._writing():
            return self._save(ledger, data, actor, None, None, REENTERED, (record_id, number, revision))

    def save_many(self, ledger_name: str, items: Sequence[dict[str, Any]], actor: str,
                  reasons: Sequence[str] | None = None, names: Sequence[str] | None = None) -> list[Record]:
        """Add many records in one transaction (demo data, bulk entry, 从Excel导入): all of them or, on any error,
        none. `reasons`: each record's note in its history (从Excel导入（台账.xlsx 第 5 行）); `names`: how a
        problem names each item (第 5 行; default 第 1 条, 第 2 条…)."""
        ledger = self.ledger(ledger_name)
        actor = self.acting(actor)
        with self._writing():
            self._batch = _Batch(self.conn)
            try:
                saved = []
                for index, data in enumerate(items, 1):
                    try:
                        reason = reasons[index - 1] if reasons is not None else None
                        saved.append(self._save(ledger, data, actor, None, None, reason))
                    except ValidationError as exc:
                        name = names[index - 1] if names is not None else f"第 {index} 条"
                        raise ValidationError(
                            [FieldProblem(p.path, f"{name}·{p.label}", p.message) for p in exc.problems]
                        ) from None
                self._batch.flush()
            finally:
                self._batch = None
            return saved

    def closed_now(self) -> frozenset[int]:
        """The years closed now (year_close.closed_years); read once per `save_many`, whose transaction holds the
        write lock (a save asked the year log twice: a tenth of its SQL)."""
        if self._batch is None:
            return year_close.closed_years(self.conn)
        if self._batch.closed is None:
            self._batch.closed = year_close.closed_years(self.conn)
        return self._batch.closed

    @cached_property
    def _rules(self) -> str:
        """The record rules this Store's forms make (core/record_rules.py), for the write path: worked out once, the
        forms being fixed for a Store. Were they changed under it, the mark would only stop moving (it no longer
        matches) or move under rules not in force, which the export's check does not take: safe either way."""
        return record_rules.rules(self.ledgers)

    def keep_checked(self, mark: record_rules.Mark) -> bool:
        """Keep what a check that wrote nothing found (the export's plan: core/record_rules.py), under the database's
        write lock, when the change log has not moved since the check read it. Whether it was kept. The lock is
        tried without waiting: while another program holds it (an Excel import, a backup), the plan, a read, would
        wait the whole busy timeout (5 s) for a mark it can do without; it raises DatabaseLocked at once instead."""
        if record_rules.to_check(self.conn, self.ledgers) == mark:
            return True  # kept already: the write lock is not taken for nothing
        with dbmod.not_waiting(self.conn), dbmod.transaction(self.conn, "记录核验结果"):
            return record_rules.remember_current(self.conn, mark)

    @contextmanager
    def _writing(self, carries: bool = True) -> Iterator[None]:
        """A write transaction on ledger tables: the change log's tail is read afresh inside it. It carries the mark
        of the records known to meet today's rules along when it finds it at the log's end (core/record_rules.py):
        what it writes was cleaned by them, or changes no value. The mark is read once, and written only when the
        write logged something (`_tail`, the log's end after it). Not `carries`: the write brings back values no
        rule of today cleaned (a deleted record restored), which the next export checks."""
        with dbmod.transaction(self.conn):
            self._tail = None
            met = record_rules.at_end(self.conn, self._rules) if carries else None
            try:
                yield
                if met is not None and self._tail is not None:
                    record_rules.carry(self.conn, met, self._tail[0])
            finally:
                self._tail = None
                self._writes += 1

    def _save(self, ledger: LedgerDef, data: dict[str, Any], actor: str, record_id: str | None,
              expected_revision: int | None, reason: str | None = None,
              given: tuple[str, str, int] | None = None) -> Record:
        from fazhi_desktop.core.validate import clean_record, in_time_answers, refuse_at_save, revealed_defaults

        old = self._row(ledger, record_id) if record_id else None
        if record_id and old is None:
            raise NotFound(f"找不到记录 {record_id}")
        self._check_own(old)
        if old is not None:
            year_close.check_row(self, ledger, old)  # before 已锁定: a closed year's records cannot be reopened
            self._check_writable(old, record_id, expected_revision)
            self.permit(_EDIT_ACTION.get(old["status"], "record.edit"))
            old_values = self._decoded_values(ledger, old)
            kept, masked = keep_stored(ledger, data, old_values)  # a masked number sent back: unchanged
            merged = {**old_values, **kept}
            # a field with a default that this change shows (协议形式 as 调解成功 is set) takes it unless given
            revealed = revealed_defaults(ledger.fields, self.defaults(ledger), old_values, merged)
            merged.update({name: value for name, value in revealed.items() if name not in data})
            # 是否按期办结 follows a date changed under it (a new record's is filled by clean_record)
            merged.update({name: value for name, value in in_time_answers(ledger, old_values, merged).items()
                           if name not in data})
        else:
            self.permit("record.edit")
            kept, masked = keep_stored(ledger, data, {})
            merged = {**self.defaults(ledger), **kept}
        stored = old_values if old is not None else None
        cleaned = refuse_at_save(clean_record(ledger, merged, self.lookups(ledger, stored, record_id), fill=True),
                                 stored)
        if masked or cleaned.problems:  # a masked value's reason is said once, masked.py's
            said = {m.path for m in masked}
            raise ValidationError(masked + [p for p in cleaned.problems if p.path not in said])
        values = cleaned.values
        year_close.check_write(self, ledger, values, old, old_values if old is not None else None)
        now = utc_iso(self.clock())
        if old is None:
            row = self._new_row(ledger, values, actor, now, given)
        else:
            if _changes_nothing(ledger, values, merged, old_values):
                return self._record(ledger, old, warnings=self._said(ledger, old, values, cleaned,
                                                                     late=self._batch is None))  # still said
            row = {**old, **self.encode(ledger, values), "revision": old["revision"] + 1,
                   "updated_at": now, "updated_by": actor, "number": self._renumbered(ledger, old, values)}
            search.remove(self.conn, ledger, old["rid"], old)
        data_text = canonical_json(self.content(ledger, row, values))
        row["content_hash"] = sha256_text(data_text)
        rid = self._write_row(ledger, row)
        self._execute(*search.insert_statement(ledger, rid, {**values, "number": row["number"]}))
        self._log(ledger, row, "insert" if old is None else "update", actor, now, data_text, reason)
        # 从Excel导入 numbers its rows in date order; a 补录 takes the number the county holds
        said = self._said(ledger, row, values, cleaned, late=given is None and self._batch is None)
        said = (*said, *unprintable.notes(ledger, values, data_text))  # a character that prints blank (🫠)
        return self._record(ledger, row, values, said)

    def _said(self, ledger: LedgerDef, row: dict[str, Any], values: dict[str, Any],
              cleaned: Cleaned, late: bool = False) -> tuple[FieldProblem, ...]:
        """A save's warnings, those at fields a closed year holds said as information (year_close.held_warnings):
        a concluded check of a closed year is not asked 请核对 about what only a reopening could correct. `late`:
        with 早于已编号的… while it holds (renumber.out_of_order): said as a new record or a change is saved, as the
        record opened again says it (qt/editor); a change saved dropped it from the window while it still held."""
        warnings = cleaned.warnings
        if late:
            note = renumber.out_of_order(self, ledger, row["id"], row.get("number"), values.get(ledger.date_field))
            warnings = [*warnings, note] if note is not None else warnings
        asked, held = year_close.held_warnings(self, ledger, values, row.get("number"), row.get("status") or "",
                                               warnings)
        return (*asked, *held)

    def _check_own(self, old: dict[str, Any] | None) -> None:
        """Only an office's own records are written through the write path: at the county, the townships'
        records arrive in bundles (write_received) and are read-only, and the county keeps no ledger of its own."""
        if old is not None and old["township"] != self.township:
            from fazhi_desktop.core import divisions

            place = divisions.names().get(old["township"], "乡镇")
            raise Conflict(f"记录 {old['number'] or old['id']} 是{place}（{old['township']}）报送的，只能查看；"
                           "修改须由乡镇进行后重新报送")
        if old is None and self.is_county:
            raise Conflict(COUNTY_KEEPS_NO_LEDGER)

    @staticmethod
    def _check_writable(old: dict[str, Any], record_id: str | None, expected_revision: int | None) -> None:
        if old["deleted"]:
            raise Conflict(f"记录 {old['number'] or record_id} 已删除，不能修改")
        if old["status"] == "locked":
            raise Conflict(f"记录 {old['number']} 已锁定，须由所长重新打开后才能修改")
        if expected_revision is not None and old["revision"] != expected_revision:
            raise Conflict(
                f"记录 {old['number']} 已被他人修改（当前第 {old['revision']} 版，"
                f"您打开的是第 {expected_revision} 版），请重新打开后再改"
            )

    def delete(self, record_id: str, actor: str) -> Record:
        """Soft-delete: the record disappears from lists and search, its history stays."""
        actor = self.acting(actor)
        ledger = self.ledger_of(record_id)
        with self._writing():
            return self._delete(ledger, record_id, actor)

    def delete_many(self, ledger_name: str, record_ids: Sequence[str], actor: str,
                    reasons: Sequence[str | None] | None = None) -> list[Record]:
        """Soft-delete many records of a ledger in one transaction (撤销Excel导入): all of them or, on any error,
        none; each checked as `delete` checks it, its change-log entry carrying its item of `reasons`."""
        ledger = self.ledger(ledger_name)
        actor = self.acting(actor)
        with self._writing():
            return [self._delete(ledger, record_id, actor, reasons[index] if reasons is not None else None)
                    for index, record_id in enumerate(record_ids)]

    def _delete(self, ledger: LedgerDef, record_id: str, actor: str, reason: str | None = None) -> Record:
        old = self._row(ledger, record_id)
        if old is None or old["deleted"]:
            raise NotFound(f"找不到记录 {record_id}")
        self._check_own(old)
        year_close.check_row(self, ledger, old, deleting=True)
        if old["status"] == "locked":
            raise Conflict(f"记录 {old['number']} 已锁定，不能删除")
        self.permit(DELETE_ACTION.get(old["status"], "record.delete"))
        now = utc_iso(self.clock())
        row = {**old, "deleted": 1, "revision": old["revision"] + 1, "updated_at": now, "updated_by": actor}
        data_text = canonical_json(self.content(ledger, row))
        row["content_hash"] = sha256_text(data_text)
        search.remove(self.conn, ledger, old["rid"], old)
        self._write_row(ledger, row)
        self._log(ledger, row, "delete", actor, now, data_text, reason)
        return self._record(ledger, row)

    def restore_deleted(self, record_id: str, actor: str) -> Record:
        """Bring a deleted record back, as it was, with its id, number, status and attachments (their files are kept
        by content and never removed): a new revision, not deleted, whose change-log entry (op "update", reason
        RESTORED) a bundle carries to the county like any change. Refused as its deletion would be (another office's
        record, the county, a closed year, a locked record, the role: `DELETE_ACTION`), and when a live record now
        holds its number (given back by 撤销Excel导入 and given out again). A number given back and not yet given out
        again is taken out of the series, so the next new record does not get it. The warnings are the twins a
        retyped record makes (the same date and title: `_twins`), and, first, why a bundle carrying it would now be
        refused (today's checks, as the export runs them: bundle/values.py), labelled RESTORED_REFUSED: restored
        all the same (it cannot be corrected deleted), it stops the next export until it is corrected."""
        actor = self.acting(actor)
        ledger = self.ledger_of(record_id)
        with self._writing(carries=False):
            old = self._row(ledger, record_id)
            if old is None:
                raise NotFound(f"找不到记录 {record_id}")
            self._check_own(old)
            if not old["deleted"]:
                raise Conflict(f"记录 {old['number'] or record_id} 没有删除，不需要恢复")
            year_close.check_row(self, ledger, old, deleting=True)
            if old["status"] == "locked":
                raise Conflict(f"记录 {old['number']} 已锁定，不能恢复")
            self.permit(DELETE_ACTION.get(old["status"], "record.delete"))
            taken = self.number_taken(ledger.name, record_id, old["number"])
            if taken is not None:
                raise Conflict(taken)
            now = utc_iso(self.clock())
            row = {**old, "deleted": 0, "revision": old["revision"] + 1, "updated_at": now, "updated_by": actor}
            values = self._decoded_values(ledger, row)
            data_text = canonical_json(self.content(ledger, row, values))
            row["content_hash"] = sha256_text(data_text)
            self._write_row(ledger, row)
            self._execute(*search.insert_statement(ledger, row["rid"], {**values, "number": row["number"]}))
            self._number_kept(ledger, row["number"], values)
            self._log(ledger, row, "update", actor, now, data_text, RESTORED)
            day, title = values.get(ledger.date_field), values.get(ledger.title_field)
            apart = values.get(ledger.twin_apart) if ledger.twin_apart else None
            twins = self._twins(ledger, day, title, record_id, apart) if day and isinstance(title, str) and title \
                else []
        from fazhi_desktop.core.bundle.values import check_values, lookups
        from fazhi_desktop.core.validate import twin_warnings

        refused = check_values(ledger, self.content(ledger, row, values), row["content_hash"], lookups(self)).reason
        warnings = [FieldProblem("", RESTORED_REFUSED, refused)] if refused is not None else []
        return self._record(ledger, row, values, warnings=(*warnings, *twin_warnings(ledger, twins)))

    def number_taken(self, ledger_name: str, record_id: str, number: str | None) -> str | None:
        """Why a deleted record cannot get its number back: another live record of this office holds it (a number
        撤销Excel导入 gave back, given out again); None when none does."""
        if not number:
            return None
        holder = self.conn.execute(f'SELECT 1 FROM "{self.ledger(ledger_name).name}" WHERE number = ? AND id != ?'
                                   " AND deleted = 0 AND township = ?", [number, record_id, self.township]).fetchone()
        if holder is None:
            return None
        return (f"编号 {number} 已给了后来登记的另一条记录，这条已删除的记录不能再用这个编号，不能恢复："
                "需要时请按纸质材料重新登记（会得到新的编号）")

    def _number_kept(self, ledger: LedgerDef, number: str | None, values: dict[str, Any]) -> None:
        """A restored record's number taken out of its series again: the series goes on after it when it was given
        back meanwhile (撤销Excel导入), never lowered."""
        numbering = ledger.numbering
        seq, series = numbering.seq(number), numbering.series(number)
        if seq is None or series is None:
            return
        year, prefix = self._series_of(ledger, number, values)
        if seq > self.last_seq(ledger.name, year, prefix):
            self.conn.execute("INSERT OR REPLACE INTO numbering VALUES (?, ?, ?, ?)", [ledger.name, year, prefix, seq])

    def change_status(self, record_id: str, status: str, actor: str, reason: str | None = None,
                      expected_revision: int | None = None, corrector: str | None = None) -> Record:
        """Set a record's status (草稿 / 已提交 / 所长已审核 / 已锁定) through the one write path: a new revision
        whose change-log entry (op "status") carries `reason` when one is given, and `corrector` (重新打开: who is to
        correct the draft, sent_back.CORRECTORS) when given.

        Who may make which change is decided by core.review, which calls this; here only the record's state is
        checked: it exists, is not deleted, belongs to this office and is still at `expected_revision`.
        """
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        actor = self.acting(actor)
        reason = (reason or "").strip() or None
        _no_number(reason, "原因")
        ledger = self.ledger_of(record_id)
        with self._writing():
            old = self._row(ledger, record_id)
            if old is None or old["deleted"]:
                raise NotFound(f"找不到记录 {record_id}（可能已删除）")
            self._check_own(old)
            year_close.check_row(self, ledger, old)
            if expected_revision is not None and old["revision"] != expected_revision:
                raise Conflict(f"记录 {old['number']} 已被他人修改（当前第 {old['revision']} 版），请重新打开后再试")
            if old["status"] == status:
                return self._record(ledger, old)
            now = utc_iso(self.clock())
            row = {**old, "status": status, "revision": old["revision"] + 1, "updated_at": now, "updated_by": actor}
            data_text = canonical_json(self.content(ledger, row))
            row["content_hash"] = sha256_text(data_text)
            self._write_row(ledger, row)
            self._log(ledger, row, "status", actor, now, data_text, reason, corrector)
        return self._record(ledger, row)

    def acting(self, actor: str) -> str:
        """The actor of a change: the logged-in account when one is bound (whatever the caller passed), else
        the given name, which only a database without accounts accepts (tests, scripts, first start)."""
        if self.user is not None:
            self.check_account()
            return self.user.name
        if self._accounts_exist():
            raise LoginFailed("此数据库已设置账户，请先登录")
        return _actor(actor)

    def _accounts_exist(self) -> bool:
        # accounts are deactivated, never deleted: once there is one, there always is
        if not self._has_accounts:
            self._has_accounts = self.conn.execute("SELECT 1 FROM accounts LIMIT 1").fetchone() is not None
        return self._has_accounts

    def permit(self, action: str) -> None:
        """Refuse `action` when the logged-in account's role does not allow it, or the account was stopped since its
        login (no account bound: no check)."""
        if self.user is not None:
            self.check_account()
            require(self.user, action)

    def check_account(self) -> None:
        """Refuse (AccountStopped) when the logged-in account was stopped since it logged in, by a 管理员 in
        another window or process: from then on it saves, changes and reveals nothing. A role (or 姓名) changed
        since is taken over instead: a 所长 made 录入员 reviews nothing more from then on. One read by primary key,
        on every write and every permission asked (nobody logged in: nothing to check)."""
        if self.user is None:
            return
        row = self.conn.execute("SELECT active, role, display_name FROM accounts WHERE name = ?",
                                [self.user.name]).fetchone()
        if row is not None and row[0]:
            if (row[1], row[2]) != (self.user.role, self.user.display_name):  # a 管理员 changed them meanwhile
                before, self.user = self.user, replace(self.user, role=row[1], display_name=row[2])
                if self.on_account_changed is not None:
                    self.on_account_changed(before)
            return
        if self.on_account_stopped is not None:
            self.on_account_stopped()
        raise AccountStopped(f"账户 {self.user.name} 已被管理员停用，不能再保存、修改或显示完整号码，请联系管理员")

    def defaults(self, ledger: LedgerDef) -> dict[str, Any]:
        """The values a new record starts with, from the form's `default`s."""
        today = local_today(self.clock)
        from fazhi_desktop.core.validate import default_value

        return {f.name: default_value(f, today) for f in ledger.defaulted_fields}

    def content(self, ledger: LedgerDef, row: dict[str, Any], values: dict[str, Any] | None = None) -> dict[str, Any]:
        """The canonical content of a stored row: what `content_hash` covers and bundles carry.

        `values` (the row's field values already decoded) saves decoding the row again on the write path.
        """
        values = values if values is not None else self._decoded_values(ledger, row)
        return {
            "ledger": ledger.name,
            "id": row["id"],
            "township": row["township"],
            "number": row["number"],
            "revision": row["revision"],
            "status": row["status"],
            "deleted": bool(row["deleted"]),
            "remarks": row.get("remarks"),
            "values": ledger.content_values(values),
        }

    def _new_row(self, ledger: LedgerDef, values: dict[str, Any], actor: str, now: str,
                 given: tuple[str, str, int] | None = None) -> dict[str, Any]:
        """A new record's row: the next number of its series, or (`given`: `reenter`) the id, number and revision
        it is entered again under."""
        record_date = values.get(ledger.date_field)
        year = int(record_date[:4]) if record_date else local_today(self.clock).year
        prefix = ledger.numbering.prefix_for(values)
        if given is None:
            record_id, number, revision = uuid7(), ledger.numbering.render(
                year, prefix, self._next_seq(ledger.name, year, prefix)), 1
        else:
            record_id, number, revision = given
            self._check_reentered(ledger, record_id, number, year, prefix)
            self._number_kept(ledger, number, values)
        return {
            "rid": None, "id": record_id, "township": self.township, "number": number, "revision": revision,
            "created_at": now, "created_by": actor, "updated_at": now, "updated_by": actor,
            "status": "draft", "deleted": 0, "content_hash": "", **self.encode(ledger, values),
        }

    def _check_reentered(self, ledger: LedgerDef, record_id: str, number: str, year: int, prefix: str) -> None:
        """Why a record cannot be entered again under this id and number (`reenter`), raised."""
        held = self.conn.execute(f'SELECT number, deleted FROM "{ledger.name}" WHERE id = ?', [record_id]).fetchone()
        if held is not None:
            raise Conflict(f"本所已有这条记录（{held[0] or number}）" + (
                f"，已删除：请在“{DELETED_RECORDS}”中恢复，不必补录" if held[1] else "，不必补录"))
        holder = self.conn.execute(f'SELECT "{ledger.date_field}" FROM "{ledger.name}" WHERE number = ? AND deleted = 0'
                                   " LIMIT 1", [number]).fetchone()
        if holder is not None:
            day = f"（{ledger.field(ledger.date_field).label} {holder[0]}）" if holder[0] else ""
            raise Conflict(f"编号 {number} 本所已给了另一条记录{day}，不能按原编号补录：请按新记录登记（得新编号），"
                           "并告诉县司法局两个编号")
        series = ledger.numbering.series(number)
        if series is None:
            raise Conflict(f"编号 {number} 不是本台账的编号格式，不能按原编号补录")
        if series.get("year", year) != year:
            field = ledger.field(ledger.date_field)
            raise ValidationError([FieldProblem(field.name, field.label, f"是 {year} 年的，原编号 {number} 是 "
                                                                         f"{series['year']} 年的：请按纸质材料核对")])
        if series.get("prefix", prefix) != prefix:
            field = ledger.field(ledger.numbering.prefix_field or ledger.date_field)
            raise ValidationError([FieldProblem(field.name, field.label, f"与原编号 {number} 的字头不符（按所填的应为"
                                                                         f"{prefix}）：请按纸质材料核对")])

    def _renumbered(self, ledger: LedgerDef, old: dict[str, Any], values: dict[str, Any]) -> str | None:
        """The record's number after an edit: one of the right series when the edit moved the record to another
        year (its date corrected) or prefix (人民调解 corrected to 行政调解), else the one it has. A record that goes
        back to a series it was numbered in before gets that number back (a typo corrected twice, a paper already
        printed) unless another record holds it or held it since (`_held_since`); otherwise the next number of
        the series. The number left is
        given back when nothing was numbered after it and no bundle carried it (`_give_back`); else it is not
        given out again, and the change log and 修改历史 keep it."""
        numbering = ledger.numbering
        held = numbering.series(old["number"])
        if held is None:
            return old["number"]
        record_date = values.get(ledger.date_field)
        year = int(record_date[:4]) if record_date else held.get("year", int(old["created_at"][:4]))
        wanted = {"year": year, "prefix": numbering.prefix_for(values)}
        if all(held[part] == wanted[part] for part in held):
            return old["number"]
        self._give_back(ledger, old)
        for (number,) in self.conn.execute(
                "SELECT json_extract(data, '$.number') FROM changes WHERE record_id = ? ORDER BY seq DESC",
                [old["id"]]):
            before = numbering.series(number)
            if (before is not None and all(before[part] == wanted[part] for part in before)
                    and not self._held_since(ledger, old["id"], number, year, wanted["prefix"])):
                self._number_kept(ledger, number, values)  # given back when it left the series: taken again
                return number
        return numbering.render(year, wanted["prefix"], self._next_seq(ledger.name, year, wanted["prefix"]))

    def _held_since(self, ledger: LedgerDef, record_id: str, number: str, year: int, prefix: str) -> bool:
        """Does another record of this office show `number`, which `record_id` held and left: one holding it now,
        deleted too (已删除的记录, its papers), or one that held it and left it used (its 修改历史)? Not when the
        series has it free (given back again, or by 撤销Excel导入): none shows it as its own then."""
        if (ledger.numbering.seq(number) or 0) > self.last_seq(ledger.name, year, prefix):
            return self.number_taken(ledger.name, record_id, number) is not None
        holder = self.conn.execute(f'SELECT 1 FROM "{ledger.name}" WHERE number = ? AND id != ? AND township = ?',
                                   [number, record_id, self.township]).fetchone()
        return holder is not None or self.conn.execute(
            "SELECT 1 FROM changes WHERE record_id != ? AND instr(data, ?) AND json_extract(data, '$.number') = ?"
            " LIMIT 1", [record_id, number, number]).fetchone() is not None

    def _give_back(self, ledger: LedgerDef, old: dict[str, Any]) -> None:
        """The number a record leaves when an edit moves it to another year or prefix, given back when it is the
        last of its series and nothing outside the database shows it: a December meeting typed as next December
        (core/year_slip.py) took 〔2027〕会记字第1号, and once its date is corrected January's first meeting is 第1号
        again, not 第2号 with no 第1号 in the register. Numbers run on within a year (inspectors check them, the
        register accounts for each one given out); one the county holds, a printed register page lists, or a paper
        of a record printed (printed.number_kept, the rule 撤销Excel导入 follows too) is never given out again."""
        seq = ledger.numbering.seq(old["number"])
        year, prefix = self._series_of(ledger, old["number"], self._decoded_values(ledger, old))
        if seq is None or seq != self.last_seq(ledger.name, year, prefix):
            return
        if printed.number_kept(self.conn, ledger.name, old["id"], old["number"]) is None:
            self.conn.execute("UPDATE numbering SET last_seq = ? WHERE ledger = ? AND year = ? AND prefix = ?",
                              [seq - 1, ledger.name, year, prefix])

    def number_given_back(self, ledger_name: str, number: str | None, values: dict[str, Any]) -> bool:
        """Is `number`, which a record left, free again (`_give_back`): the next record of its series takes it?"""
        ledger = self.ledger(ledger_name)
        seq = ledger.numbering.seq(number)
        return seq is not None and seq > self.last_seq(ledger.name, *self._series_of(ledger, number, values))

    def _series_of(self, ledger: LedgerDef, number: str | None, values: dict[str, Any]) -> tuple[int, str]:
        """(year, prefix) of the series `number` is of: as it says them, else as the record's `values` do."""
        numbering = ledger.numbering
        series = numbering.series(number) or {}
        record_date = values.get(ledger.date_field)
        year = series.get("year") or (int(record_date[:4]) if record_date else local_today(self.clock).year)
        return year, series.get("prefix") or numbering.prefix_for(values)

    def _next_seq(self, ledger: str, year: int, prefix: str) -> int:
        # Two plain statements: an UPSERT ... RETURNING measured 10x slower here (re-prepared on every call).
        if self._batch is not None and (ledger, year, prefix) in self._batch.seqs:
            seq = self._batch.seqs[ledger, year, prefix] + 1
        else:
            seq = self.last_seq(ledger, year, prefix) + 1
        if self._batch is not None:
            self._batch.seqs[ledger, year, prefix] = seq  # written once per series when the batch is flushed
        else:
            self.conn.execute("INSERT OR REPLACE INTO numbering VALUES (?, ?, ?, ?)", [ledger, year, prefix, seq])
        return seq

    def return_numbers(self, ledger: str, year: int, prefix: str, last: int, was: int) -> None:
        """Give back the numbers of a series after `last` (撤销Excel导入 of the last records numbered in it): the
        next record is numbered `last + 1` again. Refused when the series has moved on from `was` meanwhile."""
        with self._writing():
            if self.last_seq(ledger, year, prefix) != was:
                raise Conflict(f"{year}年的编号（{prefix}）刚有变动，未收回编号：请重新查看后再试")
            self.conn.execute("UPDATE numbering SET last_seq = ? WHERE ledger = ? AND year = ? AND prefix = ?",
                              [last, ledger, year, prefix])

    def continue_numbers(self, ledger: str, year: int, prefix: str, after: int) -> int:
        """Have a series go on after `after` (the county's last number of it, from a receipt: a township that
        re-installed numbers on after its earlier install's records); never lowers it. Returns its last number
        before."""
        with self._writing():
            before = self.last_seq(ledger, year, prefix)
            if after > before:
                self.conn.execute("INSERT OR REPLACE INTO numbering VALUES (?, ?, ?, ?)", [ledger, year, prefix, after])
        return before

    def renumber_by_date(self, ledger_name: str, year: int, actor: str) -> renumber.Renumbering:
        """按日期重新编号 (core/renumber.py) of a ledger's records numbered in `year`, planned and written in one
        transaction: each record whose number changes gets a new revision whose change-log entry says its number
        before (`按日期重新编号（原为 〔2026〕人调字第7号）`). The 所长's or 管理员's (`numbers.manage`)."""
        ledger = self.ledger(ledger_name)
        actor = self.acting(actor)
        with self._writing():
            self.permit("numbers.manage")
            done = renumber.plan(self, ledger, year)
            now = utc_iso(self.clock())
            for move in done.moves:
                old = self._row(ledger, move.record_id)
                assert old is not None  # read by the plan in this transaction
                row = {**old, "number": move.new, "revision": old["revision"] + 1, "updated_at": now,
                       "updated_by": actor}
                values = self._decoded_values(ledger, row)
                search.remove(self.conn, ledger, old["rid"], old)
                data_text = canonical_json(self.content(ledger, row, values))
                row["content_hash"] = sha256_text(data_text)
                self._write_row(ledger, row)
                self._execute(*search.insert_statement(ledger, row["rid"], {**values, "number": move.new}))
                self._log(ledger, row, "update", actor, now, data_text, f"{renumber.RENUMBERED}（原为 {move.old}）")
        return done

    def last_seq(self, ledger: str, year: int, prefix: str) -> int:
        """The last number given out in a series (〔2026〕人调字: its 第 N 号), 0 before the first."""
        row = self.conn.execute(
            "SELECT last_seq FROM numbering WHERE ledger = ? AND year = ? AND prefix = ?", [ledger, year, prefix]
        ).fetchone()
        return row[0] if row else 0

    def _execute(self, sql: str, params: Sequence[Any]) -> None:
        """Run a write statement now, or queue it when a bulk write batches its inserts."""
        if self._batch is not None:
            self._batch.add(sql, params)
        else:
            self.conn.execute(sql, params)

    def _write_row(self, ledger: LedgerDef, row: dict[str, Any]) -> int:
        names = list(row)  # the columns but the row key (a list's remove, not a test of each of ~30 keys)
        if "rid" in row:
            names.remove("rid")
        columns = tuple(names)
        params = [row[c] for c in columns]
        if row.get("rid") is None and self._batch is not None:
            row["rid"] = self._batch.next_rid(ledger.name)
            self._batch.add(_row_sql(ledger.name, columns, "batch"), [row["rid"], *params])
        elif row.get("rid") is None:
            cursor = self.conn.execute(_row_sql(ledger.name, columns, "insert"), params)
            row["rid"] = cursor.lastrowid
        else:
            self.conn.execute(_row_sql(ledger.name, columns, "update"), [*params, row["rid"]])
        return row["rid"]

    def _log(self, ledger: LedgerDef, row: dict[str, Any], op: str, actor: str, now: str, data: str,
             reason: str | None = None, corrector: str | None = None) -> None:
        if self._tail is None:
            last = self.conn.execute("SELECT seq, entry_hash FROM changes ORDER BY seq DESC LIMIT 1").fetchone()
            self._tail = (last[0], last[1]) if last else (0, GENESIS_HASH)
        seq, prev = self._tail[0] + 1, self._tail[1]
        entry = {
            "seq": seq, "ledger": ledger.name, "record_id": row["id"], "revision": row["revision"], "op": op,
            "content_hash": row["content_hash"], "actor": actor, "at": now, "prev_hash": prev, "reason": reason,
            "corrector": corrector,
        }
        entry_hash = chain_hash(entry)
        self._execute(
            "INSERT INTO changes (seq, ledger, record_id, revision, op, content_hash, actor, at, data, prev_hash,"
            " entry_hash, reason, corrector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [seq, ledger.name, row["id"], row["revision"], op, row["content_hash"], actor, now, data, prev, entry_hash,
             reason, corrector],
        )
        self._tail = (seq, entry_hash)

    # -- reads -----------------------------------------------------------------------------------------------

    def ledger_of(self, record_id: str) -> LedgerDef:
        for ledger in self.ledgers.values():
            if self.conn.execute(f'SELECT 1 FROM "{ledger.name}" WHERE id = ?', [record_id]).fetchone():
                return ledger
        raise NotFound(f"找不到记录 {record_id}")

    def get(self, record_id: str, include_deleted: bool = False) -> Record:
        ledger = self.ledger_of(record_id)
        row = self._row(ledger, record_id)
        if row is None or (row["deleted"] and not include_deleted):
            raise NotFound(f"找不到记录 {record_id}（可能已删除）")
        return self._record(ledger, row)

    def find_by_number(self, number: str, include_deleted: bool = False) -> Record:
        """The live record with this number (a deleted one too with `include_deleted`: its history), or that had
        it before an edit renumbered it; the number may be typed as a keyboard allows (`number_spelling`). At the
        county every township numbers its own records, so a number held by several townships is refused, naming
        them, rather than one of them picked."""
        try:
            return self._find_by_number(number, include_deleted)
        except NotFound as typed:
            spelled = self.number_spelling(number)
            if spelled in (None, number):
                raise
            try:
                return self._find_by_number(spelled, include_deleted)
            except NotFound:
                raise typed from None

    def number_spelling(self, text: str) -> str | None:
        """`text` as the ledgers' numbering writes it: "（2026）人调字第02号" is 〔2026〕人调字第2号; None when no
        ledger's format reads it (then it is no number: `fazhi show` takes it for a record's id)."""
        return next((spelled for ledger in self.ledgers.values()
                     if (spelled := ledger.numbering.spelled(text)) is not None), None)

    def _find_by_number(self, number: str, include_deleted: bool) -> Record:
        live = "" if include_deleted else " AND deleted = 0"
        found = [row for ledger in self.ledgers.values() for row in self.conn.execute(
            f'SELECT id, township FROM "{ledger.name}" WHERE number = ?{live}', [number])]
        held = {record_id for record_id, _ in found}
        former = self._formerly_numbered(number, bool(held))
        for record in (self.get(record_id, include_deleted=True) for record_id in former if record_id not in held):
            if include_deleted or not record.deleted:
                found.append((record.id, record.township))
        if not found:
            raise NotFound(f"找不到编号为 {number} 的记录")
        if len(found) > 1:  # a record set aside yields to its township's record not set aside (the township restored
            aside = self.aside_of([record_id for record_id, _ in found])  # a backup and gave the number again),
            counted = {township for record_id, township in found if record_id not in aside}  # not another's
            found = [row for row in found if row[0] not in aside or row[1] not in counted]
        if len(found) > 1 and include_deleted:  # a number given back (撤销Excel导入) and given out again: the live
            found = [row for row in found if not self.get(row[0], include_deleted=True).deleted] or found  # record
        if len(found) > 1:
            from fazhi_desktop.core import divisions

            places = divisions.names()
            earlier = self.earlier_install([record_id for record_id, _ in found])  # a re-install numbers again
            each = "；".join(f"{places.get(township, township)}（{township}）：{record_id}"
                             + ("（重装前）" if record_id in earlier else "")
                             for record_id, township in sorted(found, key=lambda row: row[1]))
            whose = "分属不同乡镇" if len({township for _, township in found}) > 1 else "同属一个乡镇"
            raise Conflict(f"编号 {number} 有 {len(found)} 条记录，{whose}：{each}。请改用记录标识")
        return self.get(found[0][0], include_deleted=include_deleted)

    def _formerly_numbered(self, number: str, held: bool) -> list[str]:
        """The ids of the records that had `number` before their year or category was corrected (a paper carries
        it): at the county as received before an import renumbered it (another township's record may hold it now),
        in an office's change log, looked in only when no record holds it (`held`): its own numbers are never given
        out again; and only for a number a ledger's numbering gives, not for one typed without its year (人调字第19号:
        a part of numbers), a 文号 read as a number (〔2026〕3号 as 〔2026〕第3号, 2026年度第3号 as 〔2026〕度第3号) or
        an id, which no record ever had. The log's text is looked in before its JSON is read: a fourth of the time."""
        former = [row[0] for row in self.conn.execute("SELECT record_id FROM former_numbers WHERE number = ?",
                                                      [number])]
        if not held and not former and any(ledger.numbering.gives(number) for ledger in self.ledgers.values()):
            former = [row[0] for row in self.conn.execute(
                "SELECT DISTINCT record_id FROM changes WHERE instr(data, ?) AND json_extract(data, '$.number') = ?",
                [number, number])]
        return former

    def aside_of(self, record_ids: list[str]) -> set[str]:
        """Of `record_ids`, those set aside at the county: a version its township no longer has after restoring a
        backup, left out of the indicators (core/bundle/lost.py)."""
        return self._ids_in("set_aside", record_ids)

    def county_marks(self, record_ids: list[str]) -> dict[str, str]:
        """Of `record_ids`, those the county marks after their status, with the mark: 不计入 (set aside), 重装前 (of an
        earlier install of their township); every list, export and register says it the same way."""
        if not self.is_county:
            return {}
        return {**dict.fromkeys(self.earlier_install(record_ids), "重装前"),
                **dict.fromkeys(self.aside_of(record_ids), "不计入")}

    def earlier_install(self, record_ids: list[str]) -> set[str]:
        """Of `record_ids`, those of an earlier install of their township at the county: it re-installed, the county
        holds the only copy and counts them; the new install numbers from 第1号 again (core/bundle/lost.py)."""
        return self._ids_in("earlier_changes", record_ids)

    def _ids_in(self, table: str, record_ids: list[str]) -> set[str]:
        """Of `record_ids`, those `table`'s record_id column holds, read 500 at a time."""
        found: set[str] = set()
        for start in range(0, len(record_ids), 500):
            chunk = record_ids[start : start + 500]
            found.update(row[0] for row in self.conn.execute(
                f"SELECT DISTINCT record_id FROM {table} WHERE record_id IN ({','.join('?' for _ in chunk)})", chunk))
        return found

    def rid_of(self, record: Record) -> int | None:
        """The row key of `record` in its ledger's table (the lists' order is in row keys), None if it is gone."""
        found = self.conn.execute(f'SELECT rid FROM "{self.ledger(record.ledger).name}" WHERE id = ?',
                                  [record.id]).fetchone()
        return found[0] if found is not None else None

    def count(self, ledger_name: str, include_deleted: bool = False) -> int:
        ledger = self.ledger(ledger_name)
        where = "" if include_deleted else "WHERE deleted = 0"
        return self.conn.execute(f'SELECT count(*) FROM "{ledger.name}" {where}').fetchone()[0]

    def uncounted(self, ledger_name: str) -> int:
        """Of `count`, the records the indicators do not count (db.counted): at the county, those set aside (a
        township's versions it no longer has, core/bundle/lost.py); 0 at a township."""
        if not self.is_county:
            return 0
        ledger = self.ledger(ledger_name)
        return self.conn.execute(f'SELECT count(*) FROM "{ledger.name}" WHERE deleted = 0'
                                 " AND id IN (SELECT record_id FROM set_aside)").fetchone()[0]

    def query_rids(self, q: ListQuery) -> list[int]:
        """The row keys of a list, in display order: cheap even at 100,000 records (integers only).

        With search text, the index gives the set of matching rows and the list's order comes from the cached
        order of the unsearched list, so typing into a search box costs one index lookup per keystroke.
        """
        ledger = self.ledger(q.ledger)
        ordered = self._ordered_rids(ledger, replace(q, text="", overdue=False))
        if q.overdue:  # not cached with the order: a record falls late at midnight, with no write
            from fazhi_desktop.core import overdue

            late = overdue.rids(self, ledger)
            ordered = [rid for rid in ordered if rid in late]
        if not q.text.strip():
            return list(ordered)
        # a number typed from the paper as a keyboard allows, （2026）人调字第02号, is searched as the ledgers write
        # it, and as typed: a court's 案号 （2026）宁0522行初1号 or a 文号's 〔2026〕3号 reads as a number without 第,
        # yet is a record's text, not one of the ledgers' numbers. A number the record had before it was renumbered
        # (a paper carries it) finds it too, as `fazhi show` does
        # (and digit groups that make a whole phone or ID number also read apart: `search.readings`)
        typed = q.text.strip()
        spelled = self.number_spelling(typed)
        queries = _readings(typed, spelled, q.year)
        if spelled is None and len(queries) == 1:
            return self._search(ledger, ordered, queries[0])
        found = {rid for query in queries for rid in self._search(ledger, ordered, query)}
        if spelled is not None:
            found.update(self._renumbered_rids(ledger, spelled))
        return [r for r in ordered if r in found]

    def found_in(self, record: Record, text: str, year: int | None = None) -> list[str]:
        """The labels of the fields of `record` in which the search for `text` finds it (as `query_rids` reads
        `text` in a list of `year`: as typed, and as a number the ledgers write); none when found by a number it had
        before."""
        ledger = self.ledger(record.ledger)
        typed = text.strip()
        values = {**record.values, "number": record.number}
        return list(dict.fromkeys(label for query in _readings(typed, self.number_spelling(typed), year)
                                  for label in search.found_in(ledger, values, query)))

    def _renumbered_rids(self, ledger: LedgerDef, number: str) -> set[int]:
        """The row keys of `ledger`'s records that had `number` before they were renumbered. A number held now, the
        usual search, costs an indexed lookup per ledger; one no record holds, the office's change log is read
        (10 ms at a township's 3,400 changes, 0.45 s at 100,000) if a ledger's numbering gives it
        (`_formerly_numbered`)."""
        held = any(self.conn.execute(f'SELECT 1 FROM "{other.name}" WHERE number = ? LIMIT 1', [number]).fetchone()
                   for other in self.ledgers.values())
        former = self._formerly_numbered(number, held)
        if not former:
            return set()
        marks = ",".join("?" for _ in former)
        return {row[0] for row in self.conn.execute(f'SELECT rid FROM "{ledger.name}" WHERE id IN ({marks})', former)}

    def _search(self, ledger: LedgerDef, ordered: list[int], query: search.Query) -> list[int]:
        """The rows of `ordered` that `query` finds: narrowed by the index, confirmed on the text if it must be;
        none for a search of punctuation only (it would read every record, seconds at 20,000)."""
        if query.wordless:
            return []
        if query.match:
            table = dbmod.search_table(ledger.name)
            hits = {r[0] for r in self.conn.execute(
                f'SELECT rowid FROM "{table}" WHERE "{table}" MATCH ?', [query.match])}
            rids = [r for r in ordered if r in hits]
        else:
            rids = list(ordered)
        if query.needs_check:
            rids = self._confirm(ledger, rids, query)
        return rids

    def _ordered_rids(self, ledger: LedgerDef, q: ListQuery) -> list[int]:
        """A list's row keys without search, cached until this file changes (here or in another process)."""
        version = (self.conn.execute("PRAGMA data_version").fetchone()[0], self._writes)
        cached = self._order_cache.get(q)
        if cached and cached[0] == version:
            return cached[1]
        where, params = self._where(ledger, q)
        # One JSON array instead of 100,000 one-column rows: a third of the time (SQLite aggregates the ordered
        # subquery's rows in their order; tests/core/test_store.py checks the order)
        sql = (f'SELECT json_group_array(rid) FROM (SELECT rid FROM "{ledger.name}" WHERE {where} '
               f"ORDER BY {self._order_by(ledger, q)})")
        rids = json.loads(self.conn.execute(sql, params).fetchone()[0])
        if len(self._order_cache) >= 8:
            self._order_cache.pop(next(iter(self._order_cache)))
        self._order_cache[q] = (version, rids)
        return rids

    def _order_by(self, ledger: LedgerDef, q: ListQuery) -> str:
        sort = q.sort or ledger.date_field
        if sort not in ledger.field_names and sort not in ("number", "updated_at", "created_at", "status", "township"):
            raise NotFound(f"不能按“{sort}”排序")
        direction = "DESC" if q.descending else "ASC"
        if sort == "number":  # by year and prefix (the number without its N号), then 第9号 before 第10号
            tail = "0123456789" + ledger.numbering.format.rsplit("}", 1)[-1].replace("'", "''")
            return (f"rtrim(number, '{tail}') {direction}, length(number) {direction}, "
                    f"number {direction}, rid {direction}")
        if sort == "status":  # in the order a record goes through them, not by the codes' letters
            steps = " ".join(f"WHEN '{code}' THEN {step}" for step, code in enumerate(STATUS_LABELS))
            return f"CASE status {steps} END {direction}, rid {direction}"
        return f'"{sort}" {direction}, rid {direction}'

    def rows(self, ledger_name: str, rids: Sequence[int]) -> dict[int, Record]:
        """Records by row key (a page of a list). Records a damaged file no longer holds as text raise
        `damaged.DamagedRecords`, naming them and carrying the others (a list shows them as “（已损坏）”)."""
        ledger = self.ledger(ledger_name)
        found: dict[int, Record] = {}
        unreadable: dict[int, str | None] = {}
        for start in range(0, len(rids), 500):
            chunk = list(rids[start : start + 500])
            marks = ",".join("?" for _ in chunk)
            try:
                with damaged.reading(ledger.label, self.path):
                    rows = self.query(f'SELECT * FROM "{ledger.name}" WHERE rid IN ({marks})', chunk)
            except damaged.DamagedRows as exc:
                rows, unreadable = exc.readable(), {**unreadable, **exc.keyed("rid", "number")}
            for row in rows:
                found[row["rid"]] = self._record(ledger, row)
        if unreadable:
            raise damaged.DamagedRecords(ledger.label, unreadable, found, self.path)
        return found

    def list(self, q: ListQuery, limit: int | None = None) -> list[Record]:
        rids = self.query_rids(q)
        if limit is not None:
            rids = rids[:limit]
        by_rid = self.rows(q.ledger, rids)
        return [by_rid[r] for r in rids]

    def years(self, ledger_name: str) -> list[int]:
        ledger = self.ledger(ledger_name)
        sql = f'SELECT DISTINCT substr("{ledger.date_field}", 1, 4) FROM "{ledger.name}" WHERE deleted = 0'
        return sorted((int(r[0]) for r in self.conn.execute(sql).fetchall() if r[0]), reverse=True)

    def entered_by(self, ledger_name: str) -> list[str]:
        """The account names that entered (登记人, `created_by`) live records of a ledger, in name order."""
        sql = f'SELECT DISTINCT created_by FROM "{self.ledger(ledger_name).name}" WHERE deleted = 0 ORDER BY 1'
        return [row[0] for row in self.conn.execute(sql).fetchall() if row[0]]

    def history(self, record_id: str) -> list[dict[str, Any]]:
        """Every revision of a record from the change log, oldest first."""
        rows = self.query("SELECT * FROM changes WHERE record_id = ? ORDER BY seq", [record_id])
        return [{**r, "data": json.loads(r["data"])} for r in rows]

    def _where(self, ledger: LedgerDef, q: ListQuery) -> tuple[str, list[Any]]:
        clauses, params = (["1"] if q.include_deleted else ["deleted = 0"]), []
        if q.year:
            clauses.append(f'"{ledger.date_field}" BETWEEN ? AND ?')  # not < year + 1: "10000-01-01" < "9999-…"
            params += [f"{q.year:04d}-01-01", f"{q.year:04d}-12-31"]
        if q.status:
            statuses = (q.status,) if isinstance(q.status, str) else q.status
            clauses.append(f"status IN ({', '.join('?' * len(statuses))})")
            params += statuses
        if q.township:
            clauses.append("township = ?")
            params.append(q.township)
        if q.sent_back:
            clauses.append(sent_back_where(ledger.name))
        if q.entered_by:
            clauses.append("created_by = ?")
            params.append(q.entered_by)
        if q.date_from:
            clauses.append(f'"{ledger.date_field}" >= ?')
            params.append(q.date_from)
        if q.date_to:
            clauses.append(f'"{ledger.date_field}" <= ?')
            params.append(q.date_to)
        return " AND ".join(clauses), params

    def _confirm(self, ledger: LedgerDef, rids: list[int], query: search.Query) -> list[int]:
        keep = set()
        try:
            by_rid = self.rows(ledger.name, rids)
        except damaged.DamagedRecords as exc:  # their text cannot be searched; the unfiltered list shows them
            by_rid = exc.readable
        for rid, record in by_rid.items():
            if query.confirms(search.record_text(ledger, {**record.values, "number": record.number})):
                keep.add(rid)
        return [r for r in rids if r in keep]

    def _row(self, ledger: LedgerDef, record_id: str | None) -> dict[str, Any] | None:
        if self._batch is not None:
            self._batch.flush()
        try:
            rows = self.query(f'SELECT * FROM "{ledger.name}" WHERE id = ?', [record_id])
        except damaged.DamagedRows as exc:
            raise damaged.DamagedRecords(ledger.label, exc.keyed("rid", "number"), {}, self.path) from None
        return rows[0] if rows else None

    def _record_exists(self, ledger_name: str, record_id: str) -> bool:
        if self._batch is not None:
            self._batch.flush()
        if ledger_name not in self.ledgers:
            return False
        row = self.conn.execute(
            f'SELECT 1 FROM "{ledger_name}" WHERE id = ? AND deleted = 0', [record_id]
        ).fetchone()
        return row is not None

    def _linked(self, ledger_name: str, record_id: str) -> tuple[str, str | None, dict[str, Any]] | None:
        """(number, date, values) of the live record a link points to, for the form's `link` checks."""
        if not self._record_exists(ledger_name, record_id):
            return None
        record = self.get(record_id)
        return record.number or record.id, record[self.ledgers[ledger_name].date_field], record.values

    def _attachment_exists(self, sha256: str) -> bool:
        return self.conn.execute("SELECT 1 FROM attachments WHERE sha256 = ?", [sha256]).fetchone() is not None

    def encode(self, ledger: LedgerDef, values: dict[str, Any]) -> dict[str, Any]:
        row: dict[str, Any] = {"remarks": values.get("remarks")}
        for f in ledger.fields:
            value = values.get(f.name)
            if value is not None and f.is_json:
                value = canonical_json(value)
            elif isinstance(value, bool):
                value = int(value)
            row[f.name] = value
        return row

    def _decoded_values(self, ledger: LedgerDef, row: dict[str, Any]) -> dict[str, Any]:
        return {"remarks": row.get("remarks"), **decoded_values(ledger.fields, row)}

    def _record(self, ledger: LedgerDef, row: dict[str, Any], values: dict[str, Any] | None = None,
                warnings: tuple[FieldProblem, ...] = ()) -> Record:
        return Record(
            ledger=ledger.name, id=row["id"], number=row["number"], revision=row["revision"],
            status=row["status"], deleted=bool(row["deleted"]), content_hash=row["content_hash"],
            township=row["township"], created_at=row["created_at"], created_by=row["created_by"],
            updated_at=row["updated_at"], updated_by=row["updated_by"],
            values=values if values is not None else self._decoded_values(ledger, row), warnings=warnings,
        )


def _changes_nothing(ledger: LedgerDef, values: Mapping[str, Any], merged: Mapping[str, Any],
                     old_values: Mapping[str, Any]) -> bool:
    """Whether a save's cleaned `values` of a record change nothing the user changed: each is the stored one, or
    the stored one (left as it was in `merged`) only cleaned as the write path cleans text (`typed_record`). A title
    an older version kept with a no-break space pasted from WeChat came back without it from a save with nothing
    typed (Ctrl+S), a new revision the county received; it is kept until the title itself is changed."""
    from fazhi_desktop.core.validate import typed_record

    typed: dict[str, Any] | None = None
    for k in values:
        if ledger.same_value(k, values.get(k), old_values.get(k)):
            continue
        if not ledger.same_value(k, merged.get(k), old_values.get(k)):
            return False  # changed by the user
        typed = typed_record(ledger, old_values) if typed is None else typed
        if not ledger.same_value(k, values.get(k), typed.get(k)):
            return False  # changed by the save otherwise (filled from the ID number, emptied as hidden…)
    return True


#: `Store._twins`' query by ledger (its table, date, title and twin_apart fields: all that db.twins_sql reads of it)
_TWINS_SQL: dict[tuple[str, str, str, str | None], str] = {}


def _twins_sql(ledger: LedgerDef) -> str:
    """`Store._twins`' query of a ledger, written once (every save asks it)."""
    key = (ledger.name, ledger.date_field, ledger.title_field, ledger.twin_apart)
    if key not in _TWINS_SQL:
        township = f'coalesce((SELECT township FROM "{ledger.name}" WHERE id = ?3), ?4)'  # numbered: said twice
        apart = "?5" if ledger.twin_apart else "NULL"
        _TWINS_SQL[key] = f"SELECT {dbmod.twins_sql(ledger, '?1', '?2', township, '?3', apart)}"
    return _TWINS_SQL[key]


@lru_cache(maxsize=64)
def _row_sql(table: str, columns: tuple[str, ...], how: str) -> str:
    """The statement that writes a row of `table` with `columns` (every save of a ledger gives the same ones): an
    INSERT with the row key given (`batch`: save_many numbers the rows itself) or not (`insert`), or an `update` by
    row key. Made once: writing it again for each record was a few per cent of a save."""
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    if how == "batch":
        return f'INSERT INTO "{table}" (rid, {names}) VALUES (?, {marks})'
    if how == "insert":
        return f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
    assignments = ", ".join(f'"{c}" = ?' for c in columns)
    return f'UPDATE "{table}" SET {assignments} WHERE rid = ?'


class _Batch:
    """Inserts of a bulk write, run per statement with executemany (a third of the cost of one by one).

    Only new rows are queued, each statement's rows in order; row keys are assigned here (the transaction holds
    the write lock) and numbering is counted here. Any read on the write path flushes the queue first.
    """

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.queued: dict[str, list[Sequence[Any]]] = {}
        self.rids: dict[str, int] = {}
        self.seqs: dict[tuple[str, int, str], int] = {}
        self.numbered: dict[tuple[str, int, str], int] = {}  # the series' numbers as the numbering table holds them
        #: the years closed (year_close.closed_years), read once: nothing closes a year inside this transaction
        self.closed: frozenset[int] | None = None

    def add(self, sql: str, params: Sequence[Any]) -> None:
        self.queued.setdefault(sql, []).append(params)

    def next_rid(self, table: str) -> int:
        if table not in self.rids:
            self.rids[table] = self.conn.execute(f'SELECT coalesce(max(rid), 0) FROM "{table}"').fetchone()[0]
        self.rids[table] += 1
        return self.rids[table]

    def flush(self) -> None:
        queued, self.queued = self.queued, {}
        for sql, rows in queued.items():
            self.conn.executemany(sql, rows)
        # each series' last number once, not a row a record (a tenth of a bulk save's statements); a read flushing
        # the queue meanwhile (a linked record looked up) writes the series moved since the last flush
        moved = [(*series, seq) for series, seq in self.seqs.items() if self.numbered.get(series) != seq]
        if moved:
            self.conn.executemany("INSERT OR REPLACE INTO numbering VALUES (?, ?, ?, ?)", moved)
            self.numbered.update(self.seqs)


def decoded_values(fields: Iterable[FieldDef], row: Mapping[str, Any]) -> dict[str, Any]:
    """`fields`' values as a row of their ledger's table holds them (`row`: column -> value, a column it lacks
    empty), as a record's `values` have them: a group's rows, a tick."""
    values: dict[str, Any] = {}
    for f in fields:
        value = row.get(f.name)
        if value is not None and f.is_json:
            value = json.loads(value)
        elif value is not None and f.type == "boolean":
            value = bool(value)
        values[f.name] = value
    return values


def chain_hash(entry: dict[str, Any]) -> str:
    """The hash of one change-log entry; it includes the previous entry's hash, so history cannot be rewritten
    without every later hash changing."""
    keys = ("seq", "ledger", "record_id", "revision", "op", "content_hash", "actor", "at", "prev_hash")
    body = {k: entry[k] for k in keys}
    for optional in ("reason", "corrector"):  # only when present, so entries written before them still verify
        if entry.get(optional) is not None:
            body[optional] = entry[optional]
    return sha256_text(canonical_json(body))


def _readings(typed: str, spelled: str | None, year: int | None = None) -> list[search.Query]:
    """The searches run for `typed` in a list of `year`: its readings as typed, then as the number it spells the
    ledgers' way (`Store.number_spelling`, None when it spells none)."""
    return [query for text in dict.fromkeys((typed, spelled or typed)) for query in search.readings(text, year)]


def _actor(actor: str) -> str:
    actor = (actor or "").strip()
    if not actor:
        raise ValidationError([FieldProblem("actor", "操作人", "必须注明操作人")])
    return actor


def write_received(store: Store, ledger: LedgerDef, content: dict[str, Any], content_hash: str,
                   meta: dict[str, str], held: dict[str, Any] | None) -> None:
    """County import: store a township's record exactly as the township stored it, inside the caller's transaction.

    `content` is the record's canonical content and `content_hash` its SHA-256, both verified by the caller
    (core/bundle/records.py); `meta` its created/updated columns; `held` the row the county holds for this id
    (None for a new record). The row is encoded as `Store.save` encodes it and the search index follows. The
    county's own change log is not touched: a received record's history is the township's.
    """
    values = {**content["values"], "remarks": content["remarks"]}
    row = {
        "rid": held["rid"] if held else None, "id": content["id"], "township": content["township"],
        "number": content["number"], "revision": content["revision"], **meta, "status": content["status"],
        "deleted": int(content["deleted"]), "content_hash": content_hash, **store.encode(ledger, values),
    }
    if held is not None and not held["deleted"]:
        search.remove(store.conn, ledger, held["rid"], held)
    if held is not None and held["number"] and held["number"] != row["number"]:  # a paper may carry the old one
        store.conn.execute("INSERT OR IGNORE INTO former_numbers (number, record_id, township) VALUES (?, ?, ?)",
                           [held["number"], row["id"], row["township"]])
    rid = store._write_row(ledger, row)
    if not row["deleted"]:
        store._execute(*search.insert_statement(ledger, rid, {**values, "number": row["number"]}))
    store._writes += 1


@contextmanager
def received_batch(store: Store) -> Iterator[None]:
    """Queue the inserts of many `write_received` calls and run them with executemany, as `save_many` does
    (inside the caller's transaction; the caller flushes nothing itself)."""
    store._batch = _Batch(store.conn)
    try:
        yield
        store._batch.flush()
    finally:
        store._batch = None
