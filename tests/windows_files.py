"""Windows' file rules that Linux does not have, emulated for the tests of code that runs its Windows branch
(`sys.platform == "win32"`): import the `windows_files` fixture from here.

- `msvcrt.locking(fd, mode, n)` locks n bytes from `fd`'s current position (which it does not move; bytes past the
  end may be locked), and the lock is MANDATORY: another handle (of this process too) reading those bytes is refused
  (ERROR_LOCK_VIOLATION, WinError 33); a second lock on them is refused at once (LK_NBLCK: EACCES) or, after the C
  runtime's ten tries a second apart, with EDEADLOCK (LK_LOCK; not waited for here); LK_UNLCK takes exactly a
  region this handle locked (the C runtime's _locking, LockFileEx/UnlockFileEx).
- A file open through `os.open` or `mkstemp` (the C runtime opens without FILE_SHARE_DELETE) cannot be renamed,
  replaced or deleted while open (ERROR_SHARING_VIOLATION, WinError 32, which core/atomic.rename tries again).

Only the handles that took a lock are followed (those the program's locking code opens; Windows refuses the rename
of a file open through any handle); a read is checked in `Path.read_text` / `Path.read_bytes` (not `open`), a delete
by its path (not shutil.rmtree's by folder handle). `killed()` forgets every handle, as a killed program's go with
it."""

from __future__ import annotations

import errno
import os
import pathlib
import sys
import types
from dataclasses import dataclass, field

import pytest

LK_UNLCK, LK_LOCK, LK_NBLCK, LK_RLCK, LK_NBRLCK = 0, 1, 2, 3, 4


@dataclass
class Handle:
    fd: int
    key: tuple[int, int]  # (device, inode)
    ranges: list[tuple[int, int]] = field(default_factory=list)  # [start, end)


def _key(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


class WindowsFiles:
    """The rules above, in force between `install` and the fixture's end."""

    def __init__(self):
        self.handles: dict[int, Handle] = {}
        self.refused: list[str] = []  # the reads, renames and deletes the rules refused (a lock refused is no fault)

    def install(self, monkeypatch) -> WindowsFiles:
        msvcrt = types.SimpleNamespace(LK_UNLCK=LK_UNLCK, LK_LOCK=LK_LOCK, LK_NBLCK=LK_NBLCK, LK_RLCK=LK_RLCK,
                                       LK_NBRLCK=LK_NBRLCK, locking=self.locking)
        monkeypatch.setattr(sys, "platform", "win32")
        monkeypatch.setitem(sys.modules, "msvcrt", msvcrt)
        close, replace, rename, unlink = os.close, os.replace, os.rename, os.unlink
        read_text, read_bytes = pathlib.Path.read_text, pathlib.Path.read_bytes

        def closing(fd):
            self.handles.pop(fd, None)
            close(fd)

        def checked(function, *names):
            def call(*args, **kwargs):
                for name in args[:len(names)]:
                    self._not_open(name)
                return function(*args, **kwargs)
            return call

        def reading(function):
            def call(path, *args, **kwargs):
                self._not_locked(path)
                return function(path, *args, **kwargs)
            return call

        monkeypatch.setattr(os, "close", closing)
        monkeypatch.setattr(os, "replace", checked(replace, "src", "dst"))
        monkeypatch.setattr(os, "rename", checked(rename, "src", "dst"))
        monkeypatch.setattr(os, "unlink", checked(unlink, "path"))
        monkeypatch.setattr(os, "remove", checked(unlink, "path"))
        monkeypatch.setattr(pathlib.Path, "read_text", reading(read_text))
        monkeypatch.setattr(pathlib.Path, "read_bytes", reading(read_bytes))
        return self

    def killed(self) -> None:
        """The program was killed: the system closed its handles and released their locks."""
        self.handles.clear()

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        start = os.lseek(fd, 0, os.SEEK_CUR)
        span = (start, start + nbytes)
        key = _key(os.fstat(fd))
        mine = self.handles.get(fd)
        if mine is None or mine.key != key:  # a number reused for another file: the old handle was closed
            mine = self.handles[fd] = Handle(fd, key)
        if mode == LK_UNLCK:
            if span not in mine.ranges:
                raise OSError(errno.EACCES, "解锁的区域没有锁定")
            mine.ranges.remove(span)
            return
        for handle in self._alive(key):
            if any(a < span[1] and span[0] < b for a, b in handle.ranges):
                if mode in (LK_LOCK, LK_RLCK):
                    raise OSError(errno.EDEADLK, "Resource deadlock avoided")
                raise PermissionError(errno.EACCES, "Permission denied")
        mine.ranges.append(span)

    def _alive(self, key: tuple[int, int]) -> list[Handle]:
        alive = []
        for fd, handle in list(self.handles.items()):
            try:
                same = _key(os.fstat(fd)) == handle.key
            except OSError:
                same = False
            if not same:
                del self.handles[fd]
            elif handle.key == key:
                alive.append(handle)
        return alive

    def _not_locked(self, path) -> None:
        """A read of the whole file through a new handle."""
        st = os.stat(path)
        for handle in self._alive(_key(st)):
            if any(a < st.st_size for a, _b in handle.ranges):
                self.refused.append(f"read {path}")
                raise _windows_error(33, "另一个程序已锁定文件的一部分，进程无法访问。", path)

    def _not_open(self, path) -> None:
        try:
            st = os.stat(path, follow_symlinks=False)
        except (OSError, TypeError, ValueError):
            return
        if self._alive(_key(st)):
            self.refused.append(f"rename or delete {path}")
            raise _windows_error(32, "另一个程序正在使用此文件，进程无法访问。", path)


def _windows_error(winerror: int, said: str, path) -> PermissionError:
    """The PermissionError Windows raises (EACCES), with its own number as `winerror`, as Python sets it there."""
    exc = PermissionError(errno.EACCES, said, str(path))
    exc.winerror = winerror
    return exc


@pytest.fixture
def windows_files(monkeypatch) -> WindowsFiles:
    """`sys.platform` is "win32" and Windows' file rules hold (see the module docstring)."""
    return WindowsFiles().install(monkeypatch)
