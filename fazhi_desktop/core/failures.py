"""When the disk, the medium or the database file fails: typed errors with a Chinese message and a way out.

Four failures a township office meets in practice, each with its own class so that the GUI and the CLI can offer
the right way out:

- `DiskFull`: the disk or USB stick is full (ENOSPC, SQLite's "database or disk is full", and its "disk I/O error"
  when there is no room for the 32 KB shared-memory file or the disk has almost no space left);
- `ReadOnlyStorage`: the medium is write-protected or the file read-only (EROFS, EACCES, "readonly database");
- `DatabaseLocked`: another program holds the database (SQLite's "database is locked" after the 5 s busy wait);
- `DatabaseDamaged`: the file is not a database or is damaged ("file is not a database", "malformed");

and one met where the clerk names a file: `FileNameTooLong` (ENAMETOOLONG; on Windows a name over 255 characters
or a path over 260), which read as a pulled USB stick, with Python's English words, before it had its own class.
`FileTooLarge` (EFBIG: a file of 4 GB or more written onto a FAT32 stick) read as a loose stick too.

And three mistakes in a name the clerk typed or picked, which the system would say in English ("Is a directory"):
`IsAFolder` (a file was wanted), `NotAFolder` (a folder was wanted, a file has that name) and `FileMissing`.

Whatever failed, nothing is half-written: SQLite rolls the transaction back, files are written under a temporary
name and renamed only when complete. The messages say so, and what to do next.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import ClassVar

from fazhi_desktop.core.errors import FazhiError, SetupError
from fazhi_desktop.core.places import RESTORE

# SQLite's primary result codes (the low byte of an extended code)
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR = 5, 6, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 13, 14, 26
#: SQLITE_IOERR_SHMSIZE: no room for the database's -shm file (32 KB), which every open in WAL mode makes
_SQLITE_IOERR_SHMSIZE = 4874
#: below this much free space an I/O error of SQLite's is the full disk, not a failing one (a pulled stick has none)
LOW_SPACE = 1024**2


class StorageError(FazhiError):
    """The disk, the medium or the database file failed; `kind` says how, `path` which file (if known)."""

    kind: ClassVar[str] = "io"
    reason: ClassVar[str] = "读写磁盘出错（U盘可能被拔出，或磁盘有故障）"
    way_out: ClassVar[str] = "请检查U盘或磁盘是否连接正常，然后再试。"

    def __init__(self, message: str, path: Path | str | None = None):
        super().__init__(message)
        self.path = Path(path) if path else None


class DiskFull(StorageError):
    """ENOSPC, EDQUOT, SQLITE_FULL."""

    kind = "disk_full"
    reason = "磁盘（U盘）空间不足"
    way_out = "请删除不需要的文件（或旧备份）、清空回收站，或换一个空间足够的位置，然后再试。"


def free_space(path: Path | str) -> int | None:
    """Bytes free on the disk that holds `path` (its folder when the file is not there); None when it cannot be
    read (a stick pulled out)."""
    target = Path(path)
    try:
        return shutil.disk_usage(target if target.is_dir() else target.parent).free
    except OSError:
        return None


def nearly_full(path: Path | str) -> bool:
    """Has the disk that holds `path` almost no space left (under `LOW_SPACE`)?"""
    free = free_space(path)
    return free is not None and free < LOW_SPACE


def disk_name(path: Path | str) -> str:
    """The disk a clerk is asked to clear, as she knows it: "D 盘" on Windows, else the folder's."""
    target = Path(path).absolute()
    drive = target.drive
    if len(drive) == 2 and drive.endswith(":"):
        return f" {drive[0].upper()} 盘"
    return f"“{target.parent}”所在的磁盘"


def clear_disk(path: Path | str, say_free: bool = True) -> str:
    """The way out of a full disk under `path`, naming the disk and what is left on it:
    请清理 D 盘（剩余 12 KB）：删除不需要的文件（或旧备份）、清空回收站，然后再试。 `say_free=False` where the free
    space is not what the clerk will find (a journal written before the failure goes when the program closes)."""
    from fazhi_desktop.core.display import size_text  # only when a disk is full: not at every start

    free = free_space(path) if say_free else None
    left = f"（剩余 {size_text(free)}）" if free is not None else ""
    return f"请清理{disk_name(path)}{left}：删除不需要的文件（或旧备份）、清空回收站，然后再试。"


class ReadOnlyStorage(StorageError):
    """EROFS, EACCES, EPERM, SQLITE_READONLY (and a database that cannot be opened on a read-only medium)."""

    kind = "read_only"
    reason = "文件或所在位置只读（例如U盘开了写保护，或没有写入权限）"
    way_out = "请关闭U盘的写保护，或把数据库文件连同同名的 -files、-keys 文件夹复制到本机硬盘后再打开。"
    #: for a file the user chose to write (an export, a PDF, a backup): the database itself is not the problem
    output_way_out = "请关闭U盘的写保护，或换一个可以写入的位置。"
    #: for a file the user chose to read (an attachment, a JSON file): write protection does not keep it from her
    input_way_out = "请确认有读取这个文件的权限（或先把它复制到本机硬盘再选），然后再试。"


class DatabaseLocked(StorageError):
    """SQLITE_BUSY or SQLITE_LOCKED after the busy timeout: another connection holds the write lock."""

    kind = "locked"
    reason = "数据库正被另一个程序使用（等待 5 秒后仍未释放）"
    way_out = "请关闭其他正在使用这个数据库的程序（另一个法治台账窗口、DB Browser 等），然后再试。"


class DatabaseUpdating(DatabaseLocked):
    """The lock is held while the index of a database made by an earlier version is rebuilt (core/search.py): the
    first open after an upgrade, seconds long on a large database. Said as such, not as another program."""

    reason = "数据库正在为新版本更新搜索索引（升级后第一次打开时进行一次，十万条记录约需十几秒）"
    way_out = "请稍等片刻再试。"


def updating(path: Path | str | None) -> DatabaseUpdating:
    """The error of a program that opened the database while another rebuilt its search index."""
    where = f" {path}" if path else ""
    return DatabaseUpdating(f"暂时无法打开数据库{where}：{DatabaseUpdating.reason}。{DatabaseUpdating.way_out}", path)


class DatabaseDamaged(StorageError, SetupError):
    """SQLITE_CORRUPT, SQLITE_NOTADB; a SetupError too, as opening such a file always was."""

    kind = "damaged"
    reason = "不是法治台账的数据库文件，或文件已损坏"
    way_out = f"请不要删除这个文件；可以从最近的备份恢复（{RESTORE}，或 fazhi restore 备份文件）。"


class FileInUse(StorageError):
    """Windows' sharing and lock violations: another program holds the file open."""

    kind = "in_use"
    reason = "文件正被其他程序占用（例如在 WPS、Excel、看图或杀毒程序中打开着）"
    way_out = "请关闭占用它的程序，然后再试。"


class FileNameTooLong(StorageError):
    """ENAMETOOLONG (Linux allows 255 bytes: 85 Chinese characters), Windows' ERROR_FILENAME_EXCED_RANGE, and a
    name Windows refuses as not found or invalid that is longer than it allows."""

    kind = "name_too_long"
    reason = "文件名太长"
    way_out = "请换一个短一些的文件名（例如不超过 60 个汉字），然后再试。"


class FileTooLarge(StorageError):
    """EFBIG: a file of 4 GB or more written onto a FAT32 stick (the export and the backup write one in parts there:
    file_parts.part_size_for; this is for a stick they cannot tell, a Mac's or a share on one)."""

    kind = "too_large"
    reason = "文件超过了U盘允许的单个文件大小（FAT32 格式的U盘单个文件不能超过 4 GB）"
    way_out = "请换一个 exFAT 或 NTFS 格式的U盘或移动硬盘，然后再试。"


class IsAFolder(StorageError):
    """EISDIR: a file was to be read or written, and the name given is a folder's."""

    kind = "is_folder"
    reason = "是一个文件夹，不是文件"
    way_out = "请给出文件的名字（可以是文件夹中的一个文件），然后再试。"


class NotAFolder(StorageError):
    """ENOTDIR, or EEXIST where a folder was to be made: a folder was wanted, and the name is a file's."""

    kind = "not_folder"
    reason = "不是文件夹（已有同名的文件）"
    way_out = "请给出一个文件夹，或换一个名字，然后再试。"


class FileMissing(StorageError):
    """ENOENT: the file (or the folder it should be in) is not there: a typo, or a stick that was pulled out."""

    kind = "missing"
    reason = "找不到文件"
    way_out = "请检查文件名和位置是否正确、U盘是否插好，然后再试。"


_BY_SQLITE_CODE: dict[int, type[StorageError]] = {
    _SQLITE_FULL: DiskFull, _SQLITE_READONLY: ReadOnlyStorage, _SQLITE_BUSY: DatabaseLocked,
    _SQLITE_LOCKED: DatabaseLocked, _SQLITE_CORRUPT: DatabaseDamaged, _SQLITE_NOTADB: DatabaseDamaged,
    _SQLITE_IOERR: StorageError, _SQLITE_CANTOPEN: StorageError,
}
#: when the driver gives no code (other SQLite bindings), SQLite's own words
_BY_SQLITE_TEXT: dict[str, type[StorageError]] = {
    "database or disk is full": DiskFull, "readonly database": ReadOnlyStorage, "database is locked": DatabaseLocked,
    "database table is locked": DatabaseLocked, "file is not a database": DatabaseDamaged,
    "disk image is malformed": DatabaseDamaged, "malformed database schema": DatabaseDamaged,
    "disk I/O error": StorageError,
    "unable to open database file": StorageError,
}
_BY_ERRNO: dict[int, type[StorageError]] = {
    errno.ENOSPC: DiskFull, errno.EDQUOT: DiskFull, errno.EROFS: ReadOnlyStorage, errno.EACCES: ReadOnlyStorage,
    errno.EPERM: ReadOnlyStorage, errno.EIO: StorageError, errno.ENODEV: StorageError, errno.ENXIO: StorageError,
    errno.ENAMETOOLONG: FileNameTooLong, errno.EFBIG: FileTooLarge,
    errno.EISDIR: IsAFolder, errno.ENOTDIR: NotAFolder, errno.EEXIST: NotAFolder, errno.ENOENT: FileMissing,
}


#: Windows' own error numbers, which Python maps coarsely (a pulled stick and a file in use both become EACCES)
_BY_WINERROR: dict[int, type[StorageError]] = {
    19: ReadOnlyStorage,  # ERROR_WRITE_PROTECT
    32: FileInUse, 33: FileInUse,  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
    39: DiskFull, 112: DiskFull,  # ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
    # ERROR_NOT_READY, WRITE_FAULT, READ_FAULT, GEN_FAILURE, DEV_NOT_EXIST, DEVICE_NOT_CONNECTED: the stick is gone
    21: StorageError, 29: StorageError, 30: StorageError, 31: StorageError, 55: StorageError, 1167: StorageError,
    206: FileNameTooLong,  # ERROR_FILENAME_EXCED_RANGE (Python makes it ENOENT: "not found")
}
#: what Windows (and its C library, which `open` goes through) says for a name or path longer than it allows
_WINDOWS_TOO_LONG_ERRNOS = (errno.ENOENT, errno.EINVAL)
_WINDOWS_TOO_LONG_WINERRORS = (3, 123, 206)  # ERROR_PATH_NOT_FOUND, ERROR_INVALID_NAME, ERROR_FILENAME_EXCED_RANGE


_ACCESS_DENIED = 5  # ERROR_ACCESS_DENIED: a file held open by another program, or no permission


def windows_failure_class(exc: OSError) -> type[StorageError] | None:
    """The StorageError class Windows' own error number names, or None (not Windows, or a number not listed)."""
    winerror = getattr(exc, "winerror", None)
    return _BY_WINERROR.get(winerror) if isinstance(winerror, int) else None


def os_failure_class(exc: OSError, path: Path | str | None = None) -> type[StorageError]:
    """The StorageError class for a file error: by Windows' own number where there is one, else by errno; a name
    Windows calls not found or invalid that is longer than it allows is `FileNameTooLong`."""
    if name_too_long_on_windows(exc, path):
        return FileNameTooLong
    return windows_failure_class(exc) or _BY_ERRNO.get(exc.errno or 0, StorageError)


def name_too_long_on_windows(exc: OSError, path: Path | str | None = None) -> bool:
    """Did Windows refuse `path` (or the error's own file name) for its length? It says "not found" or "invalid"
    for a name over 255 characters and a path over 259 (without long paths switched on), not "too long"."""
    winerror = getattr(exc, "winerror", None)
    if winerror is not None:
        said = winerror in _WINDOWS_TOO_LONG_WINERRORS
    else:  # `open` goes through the C library, which keeps errno only
        said = sys.platform == "win32" and exc.errno in _WINDOWS_TOO_LONG_ERRNOS
    if not said:
        return False
    target = path if path is not None else exc.filename
    if not isinstance(target, str | Path):
        return False
    target = Path(target)
    return len(target.name.encode("utf-16-le")) > 2 * 255 or len(str(target)) >= 260


def sqlite_failure_class(exc: sqlite3.Error, path: Path | str | None = None) -> type[StorageError] | None:
    """The StorageError class for an SQLite error caused by the disk or the file; None for any other error
    (a constraint, a programming error), which is not the user's to act on. SQLite says "disk I/O error" for a
    full disk too (no room for the -shm file at open); with the database's `path`, an I/O error on a disk with
    almost no space left is `DiskFull`, since the way out is to clear it, not to restore a backup."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code == _SQLITE_IOERR_SHMSIZE:
        return DiskFull
    if isinstance(code, int) and (code & 0xFF) in _BY_SQLITE_CODE:
        cls: type[StorageError] | None = _BY_SQLITE_CODE[code & 0xFF]
    else:
        text = str(exc)
        cls = next((cls for words, cls in _BY_SQLITE_TEXT.items() if words in text), None)
    if cls is StorageError and path is not None and str(path) != ":memory:" and nearly_full(path):
        return DiskFull
    return cls


def from_sqlite(exc: sqlite3.Error, path: Path | str | None, doing: str) -> StorageError | None:
    """A typed error for `exc` met while `doing` (e.g. "保存") on `path`, or None when it is not a storage failure."""
    cls = sqlite_failure_class(exc, path)
    if cls is None:
        return None
    where = f"（{path}）" if path else ""
    unsaved = "，刚才的修改没有保存，数据库保持修改前的状态" if doing == "保存" else ""
    return cls(f"{doing}失败{where}：{cls.reason}{unsaved}。{cls.way_out}", path)


def from_os(exc: OSError, path: Path | str | None, doing: str, cleaned_up: bool = False,
            output: bool = False) -> StorageError:
    """A typed error for a file error met while `doing` on `path`. `cleaned_up`: the unfinished file was removed.
    `output`: `path` is a file the user chose to write (an export, a PDF, a backup), not the database's own, so a
    read-only place is left for another place rather than the database copied to the hard disk."""
    cls = os_failure_class(exc, path)
    if getattr(exc, "winerror", None) == _ACCESS_DENIED and path is not None and not location_read_only(path):
        # Windows refuses to replace a file another program holds open (a PDF in the viewer) with this one too
        cls = FileInUse
        reason = "文件可能正被其他程序打开（例如在 WPS、Excel 或看图程序中），或没有写入权限"
    elif cls is FileNameTooLong:
        reason = cls.reason
    else:
        reason = write_reason(exc)
    tidy = "，未写完的文件已删除" if cleaned_up else ""
    way_out = ReadOnlyStorage.output_way_out if output and cls is ReadOnlyStorage else cls.way_out
    return cls(f"{doing}失败：{path}：{reason}{tidy}。{way_out}", path)


def write_reason(exc: OSError) -> str:
    """Why a file could not be written, in Chinese: the failure class's reason where the error is one listed here,
    else that reason with the system's own words after it."""
    if exc.errno == errno.ENOENT:
        return "文件或文件夹不存在（U盘可能已拔出）"
    if windows_failure_class(exc) or exc.errno in _BY_ERRNO:
        return os_failure_class(exc).reason
    return f"{os_failure_class(exc).reason}（{exc.strerror or exc}）"


def location_read_only(path: Path | str) -> bool:
    """Is the file (or, before it exists, its folder) on a read-only medium or not writable for us?"""
    path = Path(path)
    target = path if path.exists() else path.parent
    try:
        if hasattr(os, "statvfs") and os.statvfs(target).f_flag & os.ST_RDONLY:
            return True
    except OSError:
        pass
    if sys.platform == "win32" and target.exists() and _windows_volume_read_only(target):
        return True
    return target.exists() and not os.access(target, os.W_OK)


def _windows_volume_read_only(target: Path) -> bool:
    """A write-protected stick on Windows: the volume says FILE_READ_ONLY_VOLUME (os.access ignores it for folders)."""
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    root = ctypes.create_unicode_buffer(261)
    if not kernel32.GetVolumePathNameW(str(target), root, len(root)):
        return False
    flags = wintypes.DWORD()
    if not kernel32.GetVolumeInformationW(root, None, 0, None, None, ctypes.byref(flags), None, 0):
        return False
    return bool(flags.value & 0x00080000)  # FILE_READ_ONLY_VOLUME


def database_path(conn: sqlite3.Connection) -> str | None:
    """The file behind a connection, for messages (None for an in-memory database or a broken connection)."""
    try:
        row = conn.execute("PRAGMA database_list").fetchone()
    except sqlite3.Error:
        return None
    return row[2] if row and row[2] else None


def probe_writable(conn: sqlite3.Connection, path: Path | str | None = None) -> StorageError | None:
    """Can this connection write? Takes and releases the write lock without changing anything. Returns the
    failure (read-only medium, locked by another program) or None."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        return from_sqlite(exc, path or database_path(conn), "写入数据库") or StorageError(
            f"写入数据库失败（{path}）：{exc}", path)
    return None


def explain_os_error(exc: OSError) -> str:
    """A Chinese reason for the file errors a clerk meets."""
    said_by_windows = windows_failure_class(exc)  # more than errno says: a file in use, a stick pulled out
    if said_by_windows is not None:
        return said_by_windows.reason
    if exc.errno == errno.ENAMETOOLONG or name_too_long_on_windows(exc):
        return f"{FileNameTooLong.reason}，{FileNameTooLong.way_out.removesuffix('。')}"
    if exc.errno == errno.ENOSPC:
        return "磁盘（U盘）空间不足，未写完的文件已删除"
    if exc.errno == errno.EFBIG:
        return f"{FileTooLarge.reason}：{FileTooLarge.way_out.removesuffix('，然后再试。')}，未写完的文件已删除"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "没有写入权限"
    if exc.errno == errno.EROFS:
        return "位置只读（U盘可能开了写保护）"
    if exc.errno in (errno.EIO, errno.ENODEV, errno.ENXIO):
        return "读写出错（U盘可能被拔出）"
    if exc.errno == errno.ENOENT:
        return "文件或文件夹不存在"
    if exc.errno in (errno.EISDIR, errno.ENOTDIR, errno.EEXIST):
        return _BY_ERRNO[exc.errno].reason
    return exc.strerror or str(exc)


def read_reason(exc: OSError) -> str:
    """A Chinese reason why a file the user named could not be read (a JSON record, a passphrase file, a catalog,
    a receipt): never the system's English words."""
    if windows_failure_class(exc) is None and not name_too_long_on_windows(exc):
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):  # nope.json, or a/b.json where a is a file
            return FileMissing.reason
        if exc.errno in (errno.EACCES, errno.EPERM):
            return "没有读取权限"
    return explain_os_error(exc)


def cannot_read(exc: OSError, path: Path | str, what: str = "") -> StorageError:
    """The typed error for a file the user named that could not be read: 无法读取{what} {path}：{reason}。{way out}
    (`what`: "JSON 文件", "口令文件")."""
    cls = FileMissing if exc.errno == errno.ENOTDIR else os_failure_class(exc, path)
    what = f" {what}" if what and what[0].isascii() else what  # 无法读取 JSON 文件, 无法读取口令文件
    way_out = ReadOnlyStorage.input_way_out if cls is ReadOnlyStorage else cls.way_out
    reason = cls.reason if cls is FileNameTooLong else read_reason(exc)  # read_reason's own says the way out too
    return cls(f"无法读取{what} {path}：{reason}。{way_out}", path)
