"""Restoring a backup: check everything first, keep the current data aside, then swap.

`prepare_restore` unpacks the backup into a private folder beside the database and checks it: every member against
the manifest (size and SHA-256; attachments also against their own names), SQLite's `PRAGMA integrity_check`, the
program's own `check_database` (hash chain, every record's hash) on the restored copy, form versions no newer than
this program's, and the office: a backup of another office is refused unless forced. Nothing of the current data
has been touched when it raises. A copy that fails only `check_database` (SQLite finds no damage: records or log
entries changed outside the program) is prepared with its problems listed (`mismatched`), and `commit` refuses it
unless `accept_mismatched` says the user was asked; those records then fail `fazhi check` as they did before.

`PreparedRestore.commit` then takes the instance lock (no window may have the database open), moves the current
database, its write-ahead log and its `-files`/`-keys`/`-autosave` folders aside under `<stem>-before-restore-<time>`
(itself a complete database that `--db` opens), and moves the restored ones in (swap.py). If any step fails, the steps
done are undone; cut by a power cut, the next open finishes them (journal.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fazhi_desktop.core import damaged, failures, keys_pending, paths, printed, renamed, settings
from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.atomic import fsync_dir
from fazhi_desktop.core.backup import config as backup_config
from fazhi_desktop.core.backup import in_parts, sealing
from fazhi_desktop.core.backup.archive import DATABASE, MANIFEST, ZIP_ERRORS, BackupError, Manifest, open_archive
from fazhi_desktop.core.backup.carry import FRESH_SAID, carry_logs, note_restore, replaces_new_install
from fazhi_desktop.core.backup.copy_check import MAX_PROBLEMS, listed, opened_copy
from fazhi_desktop.core.backup.journal import BACK, Journal, finish, journal_path, kept_said, run
from fazhi_desktop.core.backup.key_notes import keys_said
from fazhi_desktop.core.backup.key_roster import carry_roster
from fazhi_desktop.core.backup.offer import own_office, sealed_identity
from fazhi_desktop.core.backup.rotation import FAILED_MARK, latest_backup, list_backups, parse_name
from fazhi_desktop.core.backup.swap import aside_stem, checkpoint, kept, steps
from fazhi_desktop.core.backup.work import out_of_the_way, room_to_unpack, work_dir
from fazhi_desktop.core.backup.year_notes import TO_CLOSE, to_close_setting, years_said
from fazhi_desktop.core.bundle.county_escrow import reseal
from fazhi_desktop.core.bundle.keys import COUNTY_PUBLIC, TOWNSHIP_PUBLIC, keep_current_passphrase
from fazhi_desktop.core.check import CheckReport, check_database
from fazhi_desktop.core.clock import Clock, local_time, system_clock, utc_iso
from fazhi_desktop.core.divisions import town_label
from fazhi_desktop.core.forms import LedgerDef, load_forms
from fazhi_desktop.core.instance import AlreadyOpen, InstanceLock
from fazhi_desktop.core.jobs import Progress, no_progress
from fazhi_desktop.core.places import BACKUP_SECTION, CONTINUE_NUMBERS, RECEIPT_IMPORT, REENTER
from fazhi_desktop.core.private_files import FILE_MODE, restrict
from fazhi_desktop.core.store import Store
from fazhi_desktop.core.versions import upgrade_to, written_by

CHUNK = 1 << 20
ACCEPT_FLAG = "--accept-mismatched"


class OtherOffice(BackupError):
    """The backup belongs to another office (or mode) than the current database; `force` restores it anyway."""


class MismatchedRecords(BackupError):
    """The backup's database fails `fazhi check` (records changed outside the program, not SQLite damage):
    restored only when the user, shown the problems, says so (`accept_mismatched`)."""


@dataclass
class RestoreResult:
    backup: Path
    db_path: Path
    manifest: Manifest
    set_aside: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the logs carried over (carry.py), or why they could not be
    #: no backup settings here (a new PC): backups now go beside the database, kept by the default counts
    settings_default: bool = False

    def lines(self) -> list[str]:
        out = [f"已恢复：{self.db_path}（来自备份 {self.backup.name}）"]
        if self.set_aside:
            out.append(kept_said(self.db_path.parent, [p.name for p in self.set_aside]))
        if self.settings_default:
            out.append(SETTINGS_DEFAULT.format(folder=backup_config.default_folder(self.db_path),
                                               daily=backup_config.DEFAULT_KEEP_DAILY,
                                               weekly=backup_config.DEFAULT_KEEP_WEEKLY))
        if self.manifest.whose.mode != settings.COUNTY:
            out.append(AFTER_BACKUP.format(made=local_time(self.manifest.created_at)))
        return out + self.notes


#: the backup settings (<db>-backup.json) are the PC's, not the office's data: a backup does not carry them
SETTINGS_DEFAULT = ("备份文件夹已回到默认（数据库旁：{folder}），保留份数也回到默认（最近 {daily} 天、{weekly} 周）："
                    f"请在{BACKUP_SECTION}重新选择U盘。")

#: a township's restore: the work since the backup is gone, and its numbers would be given again unless the county's
#: receipt, once it holds what the old PC sent last, says where they stand (README: What was done after the backup)
AFTER_BACKUP = ("备份于 {made}，此后录入或修改的记录都不在恢复的数据库中。录入新记录之前，请先："
                "① 旧电脑导出后还没交县里的数据包（U盘上的），交县里导入；"
                f"② 请县里写回执，在“{RECEIPT_IMPORT}”中导入：编号才会接着县里已有的编，"
                "不与备份之后已经打印的编号重复，回执也会列出本所已没有的记录，"
                f"按“{REENTER}”用原编号补录；"
                "③ 备份之后只在纸上、没有交县里的，按纸质材料重新录入（编号可能与纸上的不同）；"
                f"纸上已用过的编号，由所长在“{CONTINUE_NUMBERS}”中设定从纸上最后一个编号之后起编，"
                "免得同一个编号再给另一条记录。")

#: said when the backup was made before 更换恢复码 (sealing.keep_newer_key)
KEPT_KEY = ("备份是更换备份恢复码之前做的：恢复后的备份仍用更换后的恢复码加密（原来的恢复码打不开），"
            "这台电脑上的备份密钥保持不变")
#: said when the backup was made before 修改口令 (keys.keep_current_passphrase)
PASSPHRASE_KEPT = "备份是修改密钥口令之前做的：恢复后密钥口令仍是修改后的（原来的口令打不开私钥），密钥和指纹不变"


def settings_lost(db_path: Path, backup: Path) -> bool:
    """A restore where no backup settings are kept (a new PC) from a backup that was not in the default folder (the
    stick the old PC backed up to): the office's backups would go beside the database without a word."""
    if backup_config.settings_path(db_path).exists():
        return False
    return backup.parent.resolve() != backup_config.default_folder(db_path).resolve()


@dataclass
class PreparedRestore:
    """A backup unpacked and checked beside the database, ready to be swapped in (`commit`) or dropped (`discard`)."""

    backup: Path
    db_path: Path
    manifest: Manifest
    staging: Path
    records_checked: int
    changes_checked: int
    notes: list[str] = field(default_factory=list)
    #: what `fazhi check` found in the backup's database; restoring it needs `accept_mismatched`
    mismatched: list[str] = field(default_factory=list)
    #: the recovery code is in someone's hands (sealing.code_seen): the restored key file is marked so
    code_seen: bool = False
    #: the current database is another install nothing was done in (carry.new_install): its accounts are not kept
    new_install: bool = False
    #: a backup of another office may replace the current database (`prepare_restore`'s `force`)
    force: bool = False

    def lines(self) -> list[str]:
        """What was checked, for the confirmation a clerk reads."""
        files = f"清单校验（{len(self.manifest.members)} 个文件）、SQLite 完整性检查"
        if not self.mismatched:
            checked = [f"  检查通过：{files}、变更日志 {self.changes_checked} 条与记录 {self.records_checked} 条的摘要"]
        else:
            checked = [f"  检查通过：{files}", *self.mismatched_lines()]
        return [f"备份文件：{self.backup}", f"  {self.manifest.summary()}", *checked,
                *(f"  注意：{note}" for note in self.notes)]

    def mismatched_lines(self) -> list[str]:
        """The problems `fazhi check` found in the backup's database, and what restoring it means."""
        more = "以上" if len(self.mismatched) >= MAX_PROBLEMS else ""
        if damaged.among(self.mismatched):  # a bad sector when the backup was made: no record can mend it
            return [f"  未通过检查：{len(self.mismatched)} 处{more}（数据库文件已损坏，有数据的{damaged.REASON}）：",
                    *listed(self.mismatched),
                    "  恢复后这些记录仍然无法读取（列表中显示为“（已损坏）”），也打不开修改；"
                    f"请改用一份通过检查的备份（{self._passing_said()}）。"]
        return [f"  未通过检查：{len(self.mismatched)} 处{more}（数据在本程序之外被改动过）：",
                *listed(self.mismatched),
                "  SQLite 没有发现损坏，可以恢复；恢复后这些记录在检查（fazhi check）中仍显示为不符，"
                "以后的备份也会提醒，直到核对处理。"]

    def _passing_said(self) -> str:
        """The newest backup beside this one that passed the record check, as a clerk is told to choose it."""
        mine = parse_name(self.backup)
        last = latest_backup(self.backup.parent, mine.stem, mine.code, passing=True) if mine is not None else None
        if last is None:
            return f"{self.backup.parent} 中没有，请看看其他U盘或文件夹；文件名不带“{FAILED_MARK}”"
        return f"这个文件夹中最近的一份：{last.path.name}"

    def refuse_unaccepted(self) -> None:
        """Raise MismatchedRecords when the backup fails the record check (the caller did not ask the user)."""
        if self.mismatched:
            raise MismatchedRecords("\n".join([
                f"{self.backup.name}：其中的数据库没有通过检查（{self.mismatched[0]}…），不能直接用于恢复。",
                *(line.strip() for line in self.mismatched_lines()[1:]),
                f"如确实要用它恢复，请在询问时选择“仍然恢复”（命令行加 {ACCEPT_FLAG}）。"]))

    def discard(self) -> None:
        """Remove the unpacked copy (after a commit, or when the user declines)."""
        shutil.rmtree(self.staging, ignore_errors=True)

    def commit(self, actor: str, *, lock: InstanceLock | None = None, clock: Clock = system_clock,
               accept_mismatched: bool = False) -> RestoreResult:
        """Swap the checked backup in; the current data is kept aside. `lock`: the instance lock the caller holds
        (the desktop program); without one, it is taken here and AlreadyOpen raised when a window has the database
        open. `actor` is recorded in the restored database's settings (`restored_by`) and account log, into which
        the logs' entries written since the backup are carried (carry.py), and at the county the revocations and
        enrolments of township keys (key_roster.py). A backup that fails the record check
        raises MismatchedRecords unless `accept_mismatched` (the user was shown `lines()`)."""
        own: InstanceLock | None = None
        try:
            if not accept_mismatched:
                self.refuse_unaccepted()
            if lock is None:
                try:
                    own = InstanceLock.acquire(self.db_path)
                except AlreadyOpen:  # a command's restore, not a second window: “switch to it” would be wrong
                    raise AlreadyOpen(f"该数据库已在法治台账窗口中打开：{self.db_path.absolute()}\n恢复会替换整个"
                                      "数据库：请先关闭那个窗口（文件 → 退出），再恢复。") from None
            checkpoint(self.db_path)  # nobody writes now: the logs read next are complete
            self._refuse_other_office()
            default_settings = settings_lost(self.db_path, self.backup)
            kept_key = sealing.keep_newer_key(self.db_path, self.staging / "keys")
            if kept_key:  # its code was shown or not, whatever opened the backup
                self.code_seen = sealing.readable_key(self.db_path).shown
            kept_passphrase = keep_current_passphrase(sealing.keys_folder(self.db_path), self.staging / "keys")
            reseal(self.staging / "keys")  # the county's keys sealed to the backup key now in place (county_escrow)
            notes = self._note(actor, clock) + [KEPT_KEY] * kept_key + [PASSPHRASE_KEPT] * kept_passphrase
            moved = self._swap(aside_stem(self.db_path, clock))
            database, keys = _kept(moved)
            if self.code_seen:  # the key file as the backup had it may say not shown: not offered again
                sealing.mark_code_shown(self.db_path)
            notes = (keys_said(database, self.db_path, keys) if database else []) + notes
            return RestoreResult(self.backup, self.db_path, self.manifest, moved, notes, default_settings)
        finally:
            self.discard()
            if own is not None:
                own.release()

    def _swap(self, aside: str) -> list[Path]:
        """The current files aside, the restored ones in (swap.py), each rename written down first (journal.py): a
        restore cut in the middle is finished on the next open. Undone if a rename fails. Returns the names the
        current data is kept under."""
        planned = steps(self.db_path, self.staging, aside)
        try:
            done = Journal.begin(self.db_path, self.staging, self.backup.name, planned, self.code_seen)
        except OSError as exc:
            raise failures.from_os(exc, journal_path(self.db_path), "恢复（记下要做的步骤）") from None
        try:
            run(planned, self.db_path.parent)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                done.turn_back()
            try:
                run(planned, self.db_path.parent, BACK)
                done.close()
            except OSError:  # the journal stays: the next open puts back what it can then
                done.release()
            if isinstance(exc, OSError):
                raise failures.from_os(exc, self.db_path, "恢复（替换数据库文件）") from None
            raise
        with contextlib.suppress(OSError):
            fsync_dir(self.db_path.parent)
        done.close()
        return kept(planned, self.db_path)

    def _refuse_other_office(self) -> None:
        """The office compared again, now that nobody writes: a database held by another program (an antivirus, a
        sync program) while the backup was checked could not be read then, and no office was compared; let go
        while the clerk read the question, it was replaced by another office's backup. Raises OtherOffice unless
        `force`."""
        if not self.force:
            _check_office(self.manifest, _current_office(self.db_path), False, self.backup.name)

    def _note(self, actor: str, clock: Clock) -> list[str]:
        """The restore in the restored copy's settings and account log, with the logs carried over and, at the
        county, the roster of township keys (key_roster.py), in one transaction. Returns what carrying them says."""
        now = utc_iso(clock())
        conn = sqlite3.connect(self.staging / DATABASE)
        try:
            with conn:
                settings.write(conn, restored_at=now, restored_by=actor, restored_from=self.backup.name,
                               restored_backup_created_at=self.manifest.created_at,
                               restored_sequence=str(_last_bundle(conn)))
                if self.code_seen:
                    settings.write(conn, **{sealing.CODE_UNSEEN: None})
                printed.note_restored(conn)  # the papers printed after the backup are not in it
                years = years_said(self.db_path, conn)  # read before the restore's own writes: none to the log
                # said by the banner until closed (after_restore.py)
                settings.write(conn, **{TO_CLOSE: to_close_setting(self.db_path, conn)})
                carried = carry_logs(self.db_path, conn)
                roster = carry_roster(self.db_path, conn, self.manifest.created_at)
                note_restore(conn, actor, now, self.backup.name, self.manifest.created_at, carried.broken)
            return years + carried.notes + roster
        except sqlite3.Error as exc:
            raise failures.from_sqlite(exc, self.staging, "恢复") or BackupError(f"恢复失败：{exc}") from None
        finally:
            conn.close()


def _kept(moved: list[Path]) -> tuple[Path | None, Path | None]:
    """The database and the keys folder a restore set aside (swap.py's list), as `keys_said` compares them."""
    folders = [p for p in moved if p.name.endswith(("-files", "-keys", "-autosave"))]
    database = next((p for p in moved if p not in folders), None)
    return database, next((p for p in folders if p.name.endswith("-keys")), None)


def _last_bundle(conn: sqlite3.Connection) -> int:
    """The number of the last bundle the backup had exported (0 for none): a receipt confirming a later one was
    written after the restore, on the township's own count (core/backup/after_restore.py)."""
    if not dbmod.exists(conn, "bundles_sent"):
        return 0
    return conn.execute("SELECT coalesce(max(sequence), 0) FROM bundles_sent").fetchone()[0]


def restore(db_path: Path | str, backup: Path | str, actor: str, *, force: bool = False,
            lock: InstanceLock | None = None, clock: Clock = system_clock, progress: Progress = no_progress,
            ledgers: dict[str, LedgerDef] | None = None, recovery_code: str | None = None,
            accept_mismatched: bool = False) -> RestoreResult:
    """Check `backup` completely, keep the current data aside, then swap the backup in (see the module docstring).

    `actor` is who restores (the accounts module checks that this user may: 管理员 only). `force` allows a backup
    of another office, `accept_mismatched` one that fails the record check. Raises BackupError (the backup is
    refused: nothing changed; MismatchedRecords lists what the check found), AlreadyOpen, or a StorageError.
    """
    prepared = prepare_restore(db_path, backup, force=force, progress=progress, ledgers=ledgers,
                               recovery_code=recovery_code)
    return prepared.commit(actor, lock=lock, clock=clock, accept_mismatched=accept_mismatched)


def prepare_restore(db_path: Path | str, backup: Path | str, *, force: bool = False,
                    progress: Progress = no_progress, ledgers: dict[str, LedgerDef] | None = None,
                    recovery_code: str | None = None) -> PreparedRestore:
    """Decrypt, unpack and check `backup` for the database at `db_path` (which may not exist yet: a new PC).
    Changes nothing of the current data; raises BackupError naming the file and the first problem, or
    RecoveryCodeNeeded when the backup was made with another PC's key and `recovery_code` is not given. What
    `fazhi check` finds in a database SQLite finds sound is listed in `mismatched`, for the user to be asked. A
    backup in parts is named by any of its files (in_parts.py), and a folder by the one backup it holds
    (`chosen_backup`); a backup in parts missing a part or its list is refused first."""
    db_path, backup = Path(db_path), chosen_backup(Path(backup))
    finished = finish(db_path)  # a restore cut in the middle before: finished first, and said in the question
    # renamed away from its files: the restored ones would go under the new name beside the old, and the recovery
    # code would be asked for (the key is under the old name); said before anything is decrypted
    if (moved := renamed.said_of_file(db_path, renamed.NO_RESTORE) or _renamed_unreadable(db_path, backup)):
        raise BackupError(moved)
    ledgers = ledgers if ledgers is not None else load_forms()
    in_parts.check(backup)
    progress(0, 0, f"正在检查备份 {backup.name}……")
    with _plain_archive(db_path, backup, recovery_code, progress) as (plain, notes):
        archive, manifest = open_archive(plain, backup.name)
        with archive:
            _check_forms(manifest, ledgers, backup.name)
            current = _current_office(db_path)
            notes += _check_office(manifest, current, force, backup.name)
            notes += _whose(db_path, backup, manifest) if current is None or current.township is None else []
            staging = _staging(db_path, manifest, plain if plain != backup else None)
            try:
                _extract(archive, manifest, staging, backup.name, progress)
                report = _check_database(staging / DATABASE, manifest, ledgers, backup.name)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
    fresh = replaces_new_install(db_path, staging / DATABASE)
    notes += _years(db_path, staging / DATABASE)
    if fresh:
        notes.append(f"{FRESH_SAID}：恢复后账户用备份中的，当前的账户不保留")
    return PreparedRestore(backup, db_path, manifest, staging, report.records_checked, report.changes_checked,
                           [finished] * bool(finished) + notes + _newer_beside(backup), report.problems,
                           sealing.code_seen(db_path, backup, recovery_code), fresh, force)


def chosen_backup(path: Path) -> Path:
    """The backup a clerk gave: a file; a part or the list of a backup in parts (that backup, in_parts.py); a folder
    (a stick) holding one backup (that one). A folder holding none or several is refused, naming what it holds."""
    if not path.is_dir():
        return in_parts.backup_path(path)
    found = list_backups(path)
    if len(found) == 1:
        return found[0].path
    if not found:
        raise BackupError(f"{path} 中没有法治台账的备份（文件名如 fazhi-backup-640522100-20260601-173015.zip）："
                          "请选择备份文件，或存放备份的文件夹")
    raise BackupError(f"{path} 中有 {len(found)} 个备份，请选择其中要恢复的一个（最近一份：{found[0].path.name}"
                      f"{in_parts.parts_said(found[0].path)}）")


def _years(db_path: Path, staged: Path) -> list[str]:
    """year_notes.years_said of the backup's database unpacked at `staged`, for the question before the restore."""
    try:
        with dbmod.read_only(staged) as conn:
            return years_said(db_path, conn) if conn is not None else []
    except sqlite3.Error:
        return []


def _newer_beside(backup: Path) -> list[str]:
    """The newest backup of the same office in the same folder, when it is newer than the one chosen (an older one
    picked by mistake from a stick that holds both: the work since would be lost without a word)."""
    mine = parse_name(backup)
    if mine is None:
        return []
    last = latest_backup(backup.parent, mine.stem, mine.code)
    if last is None or (last.taken, last.n) <= (mine.taken, mine.n):
        return []
    failed = "，没有通过检查" if last.failed else ""
    return [f"同一文件夹中有更新的备份：{last.path.name}（备份于 {last.taken:%Y-%m-%d %H:%M}{failed}），这一份是 "
            f"{mine.taken:%Y-%m-%d %H:%M} 的，恢复后此后的修改都不在；要恢复最新的数据，请取消并改选那一份"]


def _renamed_unreadable(db_path: Path, backup: Path) -> str | None:
    """What `renamed.said_of_file` cannot see, when database `db_path` cannot be read at all (damaged): it was
    renamed (office.db → fazhi.db) away from its folders, shown by a keys folder beside it under another name, with
    no database of that name, that holds the key `backup` was made with (its key.age, as every backup of that key
    carries it). A folder merely left over says nothing of whose it was; this key proves it the office's own. The
    restore would ask for the recovery code that folder holds, put the backup's attachments and keys under the new
    name and leave those added since under the old one. None otherwise: a readable database is `renamed.find`'s; a
    backup of an earlier version has no key.age; the database's own folder of keys holding that key shows it was not
    renamed (the copies an earlier restore set aside, `office-before-restore-<time>-keys`, hold the same key, their
    database perhaps deleted by the clerk, and are never taken for the original)."""
    if not db_path.is_file() or _current_office(db_path) is not None:
        return None
    sealed = sealed_identity(backup)
    if sealed is None or _holds_backup_key(db_path, sealed):
        return None
    with contextlib.suppress(OSError):
        for folder in sorted(db_path.parent.iterdir()):
            old = folder.name.removesuffix("-keys")
            other = db_path.with_name(old + db_path.suffix)
            if old in (folder.name, "", db_path.stem) or renamed.AFTER_RESTORE in old or other.exists() \
                    or not folder.is_dir():
                continue
            if _holds_backup_key(other, sealed):
                return (f"{db_path.name} 无法读取，旁边的 {folder.name} 中是这个备份的密钥、却没有 {other.name}。"
                        f"{renamed.Renamed(db_path, old)}。改好之前{renamed.NO_RESTORE}")
    return None


def _holds_backup_key(db_path: Path, sealed: bytes) -> bool:
    """Whether database `db_path`'s folder of keys holds the backup key sealed as `sealed` (a backup's key.age)."""
    key = sealing.readable_key(db_path)
    return key is not None and key.holds(sealed)


@contextlib.contextmanager
def _plain_archive(db_path: Path, backup: Path, recovery_code: str | None,
                   progress: Progress) -> Iterator[tuple[Path, list[str]]]:
    """The archive.py ZIP of `backup`: decrypted into a private folder beside the database (removed after), or the
    file itself for a backup of an earlier version, which was not encrypted."""
    if not sealing.is_sealed(backup):
        notes = []
        if backup.is_file() and zipfile.is_zipfile(backup):
            notes.append("这是旧版程序做的未加密备份")
            with contextlib.suppress(BackupError):
                if sealing.load_key(db_path) is not None:  # this office's backups are encrypted since it has a key
                    notes.append("本单位的备份已经加密，这个文件却没有加密：除非确知它是升级前的旧备份，否则不要用它恢复")
        yield backup, notes
        return
    if not db_path.parent.is_dir():
        with contextlib.suppress(OSError):
            db_path.parent.mkdir(parents=True)
    with contextlib.ExitStack() as stack:
        work = stack.enter_context(work_dir(db_path, in_parts.size(backup), "恢复"))  # the decrypted archive
        progress(0, 0, f"正在解密备份 {backup.name}……")
        plain = work / "backup.zip"
        sealing.unseal(backup, db_path, plain, recovery_code, progress)
        yield out_of_the_way(plain, db_path, stack), []


def _check_forms(manifest: Manifest, ledgers: dict[str, LedgerDef], name: str) -> None:
    for ledger, version in sorted(manifest.form_versions.items()):
        ours = ledgers[ledger].version if ledger in ledgers else None
        if ours is not None and version > ours:
            raise BackupError(f"{name} 来自较新版本的程序（“{ledgers[ledger].label}”表单第 {version} 版，本程序是第 "
                              f"{ours} 版；{written_by(manifest.app_version)}）：请先把程序升级到"
                              f"{upgrade_to(manifest.app_version)}，再恢复")


def _current_office(db_path: Path) -> settings.Office | None:
    """The current database's office, or None when there is none or it cannot be read (damaged). Read without
    writing (db.read_only): a read-write connection folded a crashed program's -wal into the file and deleted the
    -wal and -shm, before the restore was even confirmed (refused or cancelled, the damaged file had changed)."""
    with dbmod.read_only(db_path) as peek:
        if peek is None:
            return None
        try:
            return settings.office(peek)
        except sqlite3.Error:
            return None


def _check_office(manifest: Manifest, current: settings.Office | None, force: bool, name: str) -> list[str]:
    if current is None:
        return ["当前没有可读的数据库（新电脑，或数据库已损坏），不比较单位"]
    if current.township is None:  # a first setup cut short: it was refused as 属于 （None）
        return ["当前数据库没有完成初始设置（没有单位），不比较单位"]
    if current.which == manifest.whose.which:
        return []
    message = f"{name} 是 {_named(manifest.whose)}的备份，当前数据库属于 {_named(current)}"
    if not force:
        raise OtherOffice(f"{message}。如确实要用它替换当前数据，请选择“仍然恢复”（命令行加 --force）")
    return [f"{message}（已确认仍然恢复）"]


def _named(office: settings.Office) -> str:
    return town_label(office.township, office.name)


def _whose(db_path: Path, backup: Path, manifest: Manifest) -> list[str]:
    """What a restore over a database that cannot say whose it is (empty, never set up, unreadable, deleted) says of
    the backup's office, unless it is known to be the office this PC's data is of (offer.own_office: the backup
    settings, the backup key). Two offices' `fazhi.db` backed up to one stick, and the command `fazhi check` printed
    named the other office's newest backup."""
    own = own_office(db_path, [(backup, manifest.township)])
    if own == manifest.township:
        return []
    theirs = _named(manifest.whose)
    if own is not None:
        return [f"这个备份是{theirs}的，这台电脑上的备份设置和备份密钥却是{town_label(own)}的：除非确知要换成"
                "那个单位的数据，请取消，改用本单位自己的备份"]
    if not db_path.exists():
        return []  # a new PC: nothing here says whose it was
    return [f"这台电脑上没有说明本单位是哪个单位的备份设置或备份密钥，这个备份是{theirs}的：请确认它是本单位的"
            "（几个单位的备份在同一个U盘上时，文件名中“-backup-”后面是单位代码）"]


def _staging(db_path: Path, manifest: Manifest, decrypted: Path | None) -> Path:
    """A private folder beside the database (same disk, so the final moves are renames), with room checked: the
    room a decrypted copy of the backup (`decrypted`) takes on the same disk until the restore ends is counted."""
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        room_to_unpack(db_path, sum(m.size for m in manifest.members.values()), decrypted)
        start = paths.shorten(db_path.stem, paths.NAME_BYTES, paths.NAME_CHARS)
        return Path(tempfile.mkdtemp(prefix=f".{start}-restore-", dir=db_path.parent))
    except OSError as exc:
        raise failures.from_os(exc, db_path.parent, "准备恢复") from None


def _extract(archive: zipfile.ZipFile, manifest: Manifest, staging: Path, name: str, progress: Progress) -> None:
    total, done = sum(m.size for m in manifest.members.values()), 0
    for info in archive.infolist():
        if info.filename == MANIFEST:
            continue
        expected = manifest.members[info.filename]
        target = staging / info.filename
        digest, size = hashlib.sha256(), 0
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as source, target.open("xb") as out:
                while chunk := source.read(CHUNK):
                    size += len(chunk)
                    if size > expected.size:
                        raise BackupError(f"{name}：{info.filename} 比清单所列的大，备份被改动，已拒绝")
                    digest.update(chunk)
                    out.write(chunk)
                    done += len(chunk)
                    progress(done, total, f"正在检查备份 {name}……")
                out.flush()
                os.fsync(out.fileno())
        except ZIP_ERRORS as exc:
            raise BackupError(f"{name}：无法读出 {info.filename}（备份文件已损坏：{type(exc).__name__}）") from None
        except OSError as exc:
            raise failures.from_os(exc, target, "恢复（解开备份）") from None
        if size != expected.size or digest.hexdigest() != expected.sha256:
            raise BackupError(f"{name}：{info.filename} 与清单不符（SHA-256 不一致），备份已损坏或被改动")
        if info.filename.startswith("files/") and info.filename.rsplit("/", 1)[1] != expected.sha256:
            raise BackupError(f"{name}：附件 {info.filename} 的文件名与其内容摘要不符")
        if info.filename.startswith("keys/"):  # a FAT stick keeps no permissions: the key file is whole, left so
            restrict(target, FILE_MODE)


def _check_database(copy: Path, manifest: Manifest, ledgers: dict[str, LedgerDef], name: str) -> CheckReport:
    """SQLite's integrity check, the office it belongs to, then `check_database` on the copy brought up to date:
    its report, whose problems (records changed outside the program) a user may accept."""
    try:
        conn = sqlite3.connect(copy)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            office = settings.office(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        raise BackupError(f"{name}：其中的数据库文件已损坏，不能用于恢复") from None
    if rows != [("ok",)]:
        raise BackupError(f"{name}：其中的数据库未通过完整性检查（{rows[0][0]}），不能用于恢复")
    if office.which != manifest.whose.which:
        raise BackupError(f"{name}：清单所写的单位与其中的数据库不符，备份被改动")
    with opened_copy(copy, ledgers, name) as store:
        report = check_database(store, MAX_PROBLEMS)
        keys_problem = _check_keys(store, copy.parent / "keys")
    if keys_problem:
        raise BackupError(f"{name}：{keys_problem}，不能用于恢复")
    if report.integrity != "ok":
        raise BackupError(f"{name}：其中的数据库未通过完整性检查（{report.integrity}），不能用于恢复")
    return report


#: each key's setting (its id, as the database registered it) and its public key file in the folder of keys
_REGISTERED_KEYS = (("signing_key.id", TOWNSHIP_PUBLIC), ("county_key.id", COUNTY_PUBLIC))


def _check_keys(store: Store, folder: Path) -> str | None:
    """The key files unpacked to `folder` (the backup's keys/) must be the database's own: each public key file the
    one its id names, or the one a key replacement cut short noted (keys_pending.py; the next open settles it). A
    database without the id (no key made, or one made by an older version) and a file not there are not compared."""
    for setting, public in _REGISTERED_KEYS:
        registered = store.setting(setting)
        if not registered or not (folder / public).exists():
            continue
        if renamed.key_id_of(folder / public) not in (registered, keys_pending.noted_id(store, public)):
            return f"其中的密钥与数据库不符（keys/{public} 与本数据库登记的密钥不一致，可能是从别处复制来的）"
    return None
