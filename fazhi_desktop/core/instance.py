"""One desktop window per database: an operating-system lock on `<db>.lock` beside the database file (the file
itself, through any link or spelling of its path: `lock_path`).

The lock is the operating system's (`fcntl.flock` on Linux and macOS, `msvcrt.locking` on Windows), held on an
open file: when the program ends, however it ends (a crash, a power cut, the task manager), the system releases
it, so a stale lock can never keep an office out of its own data. The file itself may stay behind; it is empty
and harmless.

Who takes it: the desktop program for as long as a window has the database open, and `restore` while it swaps
files. The `fazhi` command does not: it may run beside the window (county staff script it), and SQLite serialises
concurrent writes itself (WAL, 5 s busy timeout), so a command run during a session is as safe as a second save.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path
from types import TracebackType

from fazhi_desktop.core.errors import FazhiError

#: held while the program runs (the window and the `fazhi` command); the installer and uninstaller wait until it is
#: gone (WaitForProgramToClose), looking for both names: the global one for a session of another user (切换用户),
#: the plain one (the session's own) for a program of an earlier version
RUNNING_MUTEX = "fazhi-desktop-running"
RUNNING_MUTEX_NAMES = ("Global\\" + RUNNING_MUTEX, RUNNING_MUTEX)


def announce_running() -> list[int]:
    """On Windows, create the named mutexes `RUNNING_MUTEX_NAMES`, held until the process ends, so that an upgrade
    asks to close the program first, in any session: Windows cannot replace the files of a running program, and a
    half-replaced one would not start. Returns their handles (keep them); none elsewhere, nor those that could not
    be made (nothing depends on them)."""
    if sys.platform != "win32":
        return []
    import ctypes

    create = ctypes.windll.kernel32.CreateMutexW  # type: ignore[attr-defined]
    return [handle for name in RUNNING_MUTEX_NAMES if (handle := create(None, False, name))]


class AlreadyOpen(FazhiError):
    """The database is open in another window (this program, another process or the same one)."""


def lock_path(db_path: Path | str) -> Path:
    """`office.db` -> `office.db.lock`, beside the database as the system finds it (`Path.resolve`): opened through
    a symlink, a folder's link, `..` or another case of its name on Windows, one database has one lock. It was beside
    the path as given, and a second window opened the same database through another spelling."""
    path = Path(db_path)
    try:
        path = path.resolve()
    except (OSError, RuntimeError):  # a loop of links, a drive gone: the path as given, as before
        path = path.absolute()
    return path.with_name(path.name + ".lock")


class InstanceLock:
    """An exclusive lock on a database for this process; release it with `release()` or a `with` block."""

    def __init__(self, db_path: Path | str, fd: int | None):
        self.db_path, self._fd = Path(db_path), fd

    @classmethod
    def acquire(cls, db_path: Path | str) -> InstanceLock:
        """Take the lock or raise AlreadyOpen. On a read-only medium no lock file can be made; nothing can be
        written there either, so the lock is then a formality and an unlocked one is returned."""
        path = lock_path(db_path)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                return cls(db_path, None)
            if exc.errno == errno.ENOENT:  # no folder yet: nothing to lock before the database is made
                return cls(db_path, None)
            raise FazhiError(f"无法建立数据库锁文件 {path}：{exc.strerror}") from None
        if not try_lock(fd):
            os.close(fd)
            raise AlreadyOpen(f"该数据库已在另一个窗口中打开：{Path(db_path).absolute()}\n"
                              "请切换到已打开的法治台账窗口；同一个数据库同时只能在一个窗口中使用。")
        return cls(db_path, fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Give the lock back (closing the file releases it)."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()

    def __del__(self) -> None:
        self.release()


def is_locked(db_path: Path | str) -> bool:
    """Is a window holding this database now? (For messages; the answer can change right after.)"""
    try:
        lock = InstanceLock.acquire(db_path)
    except AlreadyOpen:
        return True
    lock.release()
    return False


#: the byte `try_lock` locks on Windows: far past the end of any file the program locks, as SQLite does. Windows'
#: byte-range locks are mandatory: a lock on a byte the file holds would refuse every other handle reading it, the
#: program's own too (a restore's journal, locked while read, then read through a second handle, was never finished)
WINDOWS_LOCK_BYTE = 0x40000000


def try_lock(fd: int) -> bool:
    """Take the operating system's exclusive lock on open file `fd` without waiting; False when another open
    file holds it (another process, or this one through another open). The file stays readable by others and
    `fd`'s position is kept; closing `fd` releases the lock (on Windows close it before renaming or deleting the
    file: a file open without FILE_SHARE_DELETE cannot be)."""
    if sys.platform == "win32":
        import msvcrt

        here = os.lseek(fd, 0, os.SEEK_CUR)
        os.lseek(fd, WINDOWS_LOCK_BYTE, os.SEEK_SET)  # msvcrt.locking locks from the current position
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            os.lseek(fd, here, os.SEEK_SET)
        return True
    import fcntl

    try:
        # flock, not lockf: flock belongs to the open file, so a second open in the same process is refused too
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True
