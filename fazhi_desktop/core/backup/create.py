"""Making a backup: a consistent copy of the database (SQLite's online backup API, safe while the program writes),
checked (SQLite's integrity check: a damaged file is not backed up; then `fazhi check`, as a restore will: a copy
that fails it is still backed up, marked and said: copy_check.py, rotation.py), packed with the attachments and
keys into one ZIP file, encrypted (sealing.py) into the backup file that appears under its final name only when
complete (core/atomic.py), then old backups rotated away. A backup larger than the backup folder's file system holds
in one file (a FAT32 stick: 4 GB) is written in parts (core/file_parts.py, in_parts.py), none under its final name
until all are written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO

from fazhi_desktop.core import damaged, failures, file_parts, renamed, unlisted_files
from fazhi_desktop.core import settings as db_settings
from fazhi_desktop.core.atomic import atomic_output
from fazhi_desktop.core.backup import config, in_parts, sealing
from fazhi_desktop.core.backup.archive import DATABASE, MANIFEST, BackupError, Manifest, Member
from fazhi_desktop.core.backup.copy_check import MAX_PROBLEMS, listed, opened_copy
from fazhi_desktop.core.backup.rotation import FAILED_MARK, backup_name, latest_backup, rotate
from fazhi_desktop.core.backup.work import work_dir
from fazhi_desktop.core.clock import Clock, system_clock, utc_iso
from fazhi_desktop.core.display import size_text
from fazhi_desktop.core.encryption import encrypted_size
from fazhi_desktop.core.jobs import Progress, no_progress
from fazhi_desktop.core.leftovers import remove_parts, unfinished_note
from fazhi_desktop.core.paths import app_version
from fazhi_desktop.core.places import BACKUP_SECTION, RESTORE
from fazhi_desktop.core.stick_names import program_output

CHUNK = 1 << 20
#: what the outer ZIP adds to the encrypted archive (fazhi-backup.txt, key.age, headers), and more
OUTER_BYTES = 64 * 1024
_KEY_FILE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$")


@dataclass
class BackupResult:
    """What a backup wrote and what rotation did."""

    path: Path
    size: int
    manifest: Manifest
    kept: int = 0
    removed: int = 0
    notes: list[str] = field(default_factory=list)
    new_recovery_code: str | None = None  # the first encrypted backup made the key: its code, to be shown once
    #: what `fazhi check` found in the backup's copy (records changed outside the program): said at once
    problems: list[str] = field(default_factory=list)
    last_passing: Path | None = None  # with problems: the newest backup in the folder that passed the check
    #: attachments the database registers whose file is not in its folder, so not in the backup (`fazhi check`
    #: names them): said as a warning, and `fazhi backup` exits 1
    missing_attachments: int = 0

    def lines(self) -> list[str]:
        db = self.manifest.database
        out = [f"已备份：{self.path}（{size_text(self.size)}）", *filter(None, [in_parts.parts_note(self.path)]),
               f"内容：数据库（记录 {db.get('records')} 条，变更 {db.get('changes')} 条），"
               f"附件 {self.manifest.attachments} 个，密钥文件 {len(self.manifest.keys)} 个"
               + ("（随备份一起加密）" if self.manifest.keys else "")]
        if self.removed:
            out.append(f"清理旧备份：删除 {self.removed} 个，保留 {self.kept} 个")
        out += self.problem_lines() + self.missing_lines()
        out += [f"注意：{note}" for note in self.notes]
        return out

    def missing_lines(self) -> list[str]:
        """The warning when attachments the database registers are not in the backup (else nothing)."""
        if not self.missing_attachments:
            return []
        return [f"警告：数据库登记的附件中有 {self.missing_attachments} 个文件不在附件文件夹中，没有备份进去"
                "（fazhi check 列出是哪些记录的附件）：请找回这些文件，放回附件文件夹后再备份。"]

    def problem_lines(self) -> list[str]:
        """What is wrong and what to do, when the copy failed the record check (else nothing)."""
        if not self.problems:
            return []
        last = (f"最近一份：{self.last_passing.name}" if self.last_passing is not None
                else "这个文件夹中还没有通过检查的备份")
        count = f"共 {len(self.problems)} 处{'以上' if len(self.problems) >= MAX_PROBLEMS else ''}"
        kept = (f"备份照样写好了，文件名末尾带“{FAILED_MARK}”，用它恢复时要另外确认；通过检查的备份都保留着，"
                f"不会被自动清理（{last}）。")
        if damaged.among(self.problems):  # a bad sector: nobody changed anything, and the record cannot be opened
            return [f"警告：数据库文件已损坏，有数据的{damaged.REASON}，{count}：", *listed(self.problems), kept,
                    f"请管理员尽快用最近一份通过检查的备份恢复（{RESTORE}，或 fazhi restore 备份文件；"
                    "之后的修改需重新录入）：损坏的记录打不开，无法在程序中修改；在此之前其他记录仍可查看和打印。"]
        return [f"警告：数据库没有通过检查（有数据在本程序之外被改动过，例如用 DB Browser），{count}：",
                *listed(self.problems), kept,
                "请管理员尽快处理：核对上面的记录，改动没错的，在程序中打开这条记录修改并保存一次（保存即重新登记）；"
                "改动不该有，或是变更日志被改动，用最近一份通过检查的备份恢复（之后的修改需重新录入）。"]


def create_backup(db_path: Path | str, folder: Path | str | None = None, *, clock: Clock = system_clock,
                  progress: Progress = no_progress, part_bytes: int | None = None) -> BackupResult:
    """Back up the database at `db_path` (with its attachments and keys) into `folder` (default: the configured
    backup folder). Safe while the database is in use. Raises BackupError, DiskFull, ReadOnlyStorage,
    DatabaseDamaged (nothing is rotated away then) or Cancelled; never leaves a half-written file under the
    backup's name. Too large for a FAT32 stick, it is written in parts (`part_bytes` each when given: tests)."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise BackupError(f"数据库文件不存在：{db_path}")
    if (moved := renamed.said_of_file(db_path, renamed.NO_BACKUP)) is not None:  # before a new key is made where
        raise BackupError(moved)  # the old one is not
    settings = config.load_settings(db_path)
    folder = Path(folder) if folder else config.backup_folder(db_path, settings)
    _prepare_folder(folder)
    source_mtime = config.database_mtime(db_path)
    key = sealing.ensure_key(db_path, progress)  # before the key files are listed: the backup carries it too
    progress(0, 0, "正在复制数据库……")
    with work_dir(db_path, _work_size(db_path)) as work:
        copy = work / DATABASE
        _snapshot(db_path, copy)
        progress(0, 0, "正在检查数据库副本……")
        problems = _record_check(copy, db_path)
        office, database, forms, referenced = _describe(copy)
        if problems:
            database["check_problems"] = problems
        attachments = _attachment_files(db_path, referenced)
        keys = _key_files(db_path)
        taken = clock().astimezone()
        target = _free_name(folder, db_path.stem, office["township"], taken.replace(tzinfo=None), bool(problems))
        manifest = Manifest(utc_iso(taken), app_version(), forms, office, database)
        members = [(DATABASE, copy, zipfile.ZIP_DEFLATED),
                   *((f"files/{sha[:2]}/{sha}", path, zipfile.ZIP_STORED) for sha, path in attachments.items()),
                   *((f"keys/{path.name}", path, zipfile.ZIP_STORED) for path in keys)]
        inner = work / "backup.zip"
        _write_archive(inner, members, manifest, taken.replace(tzinfo=None), progress)
        split = file_parts.part_size_for(folder, encrypted_size(_size(inner)) + OUTER_BYTES, part_bytes)
        progress(0, 0, f"正在加密备份 {target.name}……")
        try:
            with _output(target, split) as out:
                sealing.seal(inner, out, key, target.name if split else None)
        except failures.DiskFull as exc:  # not old backups filling it: another PC's, or one cut off just now
            if note := unfinished_note(folder):
                raise failures.DiskFull(f"{exc}{note}", exc.path) from None
            raise
    result = BackupResult(target, in_parts.size(target), manifest, problems=problems)
    if not key.shown:  # also when the backup that made the key failed (a full stick): said until it is seen
        result.new_recovery_code = key.code
        # the code itself only to whom may see it (qt/backup_view.py, cli_backup.py): not in the result's lines
        result.notes.append("已生成备份恢复码：备份已加密，在另一台电脑上恢复时需要它（所长或管理员可在"
                            f"{BACKUP_SECTION}点“显示恢复码”或用 fazhi backup-settings --recovery-code 查看，"
                            "请抄在纸上，与U盘分开妥善保管）")
    result.missing_attachments = len(referenced - set(attachments))
    _after_success(db_path, result, source_mtime, clock)
    return result


def _prepare_folder(folder: Path) -> None:
    """The folder must exist, or at least its parent (a missing USB stick must not become a folder on drive C)."""
    if folder.is_dir():
        remove_parts(folder, program_output)  # a backup or bundle a killed program left there (a USB stick)
        return
    if not folder.parent.is_dir():
        raise BackupError(f"备份文件夹不存在：{folder}（U盘是否已插入？请在{BACKUP_SECTION}重新选择）")
    try:
        folder.mkdir()
    except OSError as exc:
        raise failures.from_os(exc, folder, "建立备份文件夹", output=True) from None


@contextlib.contextmanager
def _output(target: Path, split: int | None) -> Iterator[IO[bytes]]:
    """`atomic_output` for the backup `target`, or, `split`, its parts of that size (file_parts.replacing_in_parts,
    each under its temporary name until all are written, the renames marked: in_parts.py), file errors said as
    atomic_output says them."""
    if not split:
        with atomic_output(target, "写入备份", private=True) as out:
            yield out
        return
    started = False
    try:
        with file_parts.replacing_in_parts(target, split, private=True, hold=True,
                                           before_renames=lambda: in_parts.mark_written(target)) as out:
            started = True
            yield out
    except OSError as exc:
        raise failures.from_os(exc, target, "写入备份", cleaned_up=started, output=True) from None
    finally:
        in_parts.unmark_written(target)  # written, or removed: the mark goes; parts left (a stick pulled): it stays


def _work_size(db_path: Path) -> int:
    """What the work folder holds at most: the database copy (the file and its write-ahead log), then the ZIP of
    that copy (compressed: at most as large), the attachments and the keys."""
    database = sum(_size(db_path.with_name(db_path.name + suffix)) for suffix in ("", "-wal"))
    return 2 * database + sum(map(_size, [*_attachment_files(db_path).values(), *_key_files(db_path)]))


def _snapshot(db_path: Path, copy: Path) -> None:
    """A consistent copy while others may write: one backup step in one read transaction (WAL lets writers go on),
    then the copy is made a single file (journal mode DELETE) and checked."""
    try:
        source = sqlite3.connect(str(db_path), timeout=5.0)
    except sqlite3.Error as exc:
        raise _db_error(exc, db_path) from None
    try:
        target = sqlite3.connect(copy)
        try:
            source.execute("PRAGMA busy_timeout=5000")
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
            rows = target.execute("PRAGMA integrity_check").fetchall()
        finally:
            target.close()
    except sqlite3.Error as exc:
        raise _db_error(exc, db_path, copy) from None
    finally:
        source.close()
    if rows != [("ok",)]:
        detail = "；".join(str(r[0]) for r in rows[:3])
        raise failures.DatabaseDamaged(f"数据库文件已损坏（完整性检查：{detail}），本次没有备份，以前的备份都保留着。"
                                       f"{failures.DatabaseDamaged.way_out}", db_path)


def _record_check(copy: Path, db_path: Path) -> list[str]:
    """What `fazhi check` finds in the copy, as a restore of this backup will (a damaged file was refused before)."""
    from fazhi_desktop.core.check import check_database

    with opened_copy(copy, None, f"备份失败：{db_path.name} 的副本") as store:
        return check_database(store, MAX_PROBLEMS).problems


def _db_error(exc: sqlite3.Error, db_path: Path, copy: Path | None = None) -> Exception:
    """`exc` in Chinese; a full disk is the work folder's (`copy`'s), whose disk needs the room, not the stick's."""
    if "no such file" in str(exc) or "unable to open" in str(exc):
        return BackupError(f"无法打开数据库文件 {db_path} 进行备份")
    where, doing = db_path, "备份数据库"
    if copy is not None and failures.sqlite_failure_class(exc) is failures.DiskFull:
        where, doing = copy.parent, "备份数据库（复制到临时文件夹）"
    return failures.from_sqlite(exc, where, doing) or BackupError(f"备份数据库 {db_path} 失败：{exc}")


def _describe(copy: Path) -> tuple[dict[str, str], dict[str, object], dict[str, int], set[str]]:
    """Office, counts and form versions of the copy, and the attachments its records list (a township's: not a
    scan added in an editor and never saved, core/unlisted_files.py) or, at the county, it registered."""
    conn = sqlite3.connect(copy)
    try:
        whose = db_settings.office(conn)
        if whose.township is None:
            raise BackupError("数据库尚未初始化（没有单位和乡镇代码），不需要备份")
        division = db_settings.read(conn, "division_name") or ""
        forms = {k: int(v) for k, v in db_settings.under(conn, "form_version.").items() if str(v).isdigit()}
        records = sum(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in forms
                      if conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", [name]).fetchone())
        last = conn.execute("SELECT seq, entry_hash FROM changes ORDER BY seq DESC LIMIT 1").fetchone()
        referenced = unlisted_files.listed(conn)  # the county's: every file it registered
        if referenced is None:
            referenced = {r[0] for r in conn.execute("SELECT sha256 FROM attachments")}
    except sqlite3.Error as exc:
        raise BackupError(f"数据库内容不完整，无法备份：{exc}") from None
    finally:
        conn.close()
    office = {"name": whose.name, "township": whose.township, "mode": whose.mode, "division": division}
    database = {"records": records, "changes": last[0] if last else 0,
                "last_entry_hash": last[1] if last else None}
    return office, database, forms, referenced


def _attachment_files(db_path: Path, listed: set[str] | None = None) -> dict[str, Path]:
    """The attachment files to back up: those `listed` (all when None)."""
    return {sha: path for sha, path in unlisted_files.stored_files(db_path).items() if listed is None or sha in listed}


def _key_files(db_path: Path) -> list[Path]:
    folder = db_path.with_name(db_path.stem + "-keys")
    with contextlib.suppress(OSError):
        return sorted(p for p in folder.iterdir() if _KEY_FILE.match(p.name) and p.is_file())
    return []


def _free_name(folder: Path, stem: str, code: str, taken: datetime, failed: bool) -> Path:
    for n in range(1000):  # a number no backup of that second has, passing or not: the number orders them
        if not any(in_parts.taken(folder / backup_name(stem, code, taken, n, mark)) for mark in (False, True)):
            return folder / backup_name(stem, code, taken, n, failed)
    raise BackupError(f"{folder} 中同一秒的备份太多")


def _write_archive(target: Path, members: list[tuple[str, Path, int]], manifest: Manifest, taken: datetime,
                   progress: Progress) -> None:
    total = sum(_size(path) for _, path, _ in members)
    done = 0
    stamp = (max(taken.year, 1980), taken.month, taken.day, taken.hour, taken.minute, taken.second)
    with atomic_output(target, "写入备份", private=True) as out, zipfile.ZipFile(out, "w", allowZip64=True) as archive:
        for name, path, method in members:
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = method
            info.external_attr = (0o600 if name.startswith("keys/") else 0o644) << 16
            digest, size = hashlib.sha256(), 0
            try:
                source = path.open("rb")
            except OSError as exc:
                raise failures.from_os(exc, path, "读取要备份的文件") from None
            with source, archive.open(info, "w", force_zip64=_size(path) > 1 << 30) as sink:
                for chunk in iter(lambda src=source: src.read(CHUNK), b""):
                    digest.update(chunk)
                    sink.write(chunk)
                    size += len(chunk)
                    done += len(chunk)
                    progress(done, total, "正在写入备份……")
            manifest.members[name] = Member(size, digest.hexdigest())
        data = _manifest_bytes(manifest)
        info = zipfile.ZipInfo(MANIFEST, stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        archive.writestr(info, data)


def _manifest_bytes(manifest: Manifest) -> bytes:
    return (json.dumps(manifest.as_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _after_success(db_path: Path, result: BackupResult, source_mtime: float, clock: Clock) -> None:
    """Remember the backup (for 'changed since') and rotate; neither may turn a good backup into a failure."""
    settings = config.load_settings(db_path)  # another window may have changed them meanwhile
    settings.last_file, settings.last_at = str(result.path), result.manifest.created_at
    settings.last_source_mtime = source_mtime
    try:
        config.save_settings(db_path, settings)
    except failures.StorageError as exc:
        result.notes.append(f"备份已完成，但无法记录备份时间：{exc}")
    office = result.manifest.office
    result.kept, result.removed, problems = rotate(result.path.parent, db_path.stem, office["township"],
                                                   settings.keep_daily, settings.keep_weekly, clock=clock)
    result.notes += problems
    if result.problems:
        last = latest_backup(result.path.parent, db_path.stem, office["township"], passing=True, clock=clock)
        result.last_passing = last.path if last is not None else None


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


