"""Writing a file so that its final name holds either nothing (or the old content) or all of the new content.

A temporary name in the same folder, fsync, rename, fsync of the folder. On any error (a full or pulled USB stick,
a write-protected one, a cancelled job) the temporary file is removed; file errors become the typed errors of
core/failures.py, naming the file and saying that nothing half-written was left. A program killed while writing
(a power cut, the task manager) leaves the temporary file: it is locked by the operating system while written, so
that the next write into that folder can tell one nobody writes any more from one another program (another PC
sharing the stick, another window) is writing now (`part_of`; core/leftovers.remove_parts).
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from fazhi_desktop.core import failures, paths
from fazhi_desktop.core.instance import try_lock

PART_PREFIX = "."
PART_SUFFIX = ".part"
#: a temporary name `_part` gives: "." + the final name (its start, when long) + "." + 8 random characters + ".part"
_PART_NAME = re.compile(r"^\.(?P<start>.+)\.[a-z0-9_]{8}\.part$")
#: Windows: an antivirus (360) or the search indexer opening a file just written refuses its rename for a moment
#: (ERROR_ACCESS_DENIED 5, ERROR_SHARING_VIOLATION 32); `rename` waits these seconds (about one in all) between tries
RENAME_WAITS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.25)
_HELD_WINERRORS = (5, 32)


def part_of(name: str) -> str | None:
    """The final name (its start, when it is long) that the temporary file `name` was written for, or None when
    `name` is not one this module makes."""
    match = _PART_NAME.match(name)
    return match["start"] if match else None


def rename(source: Path, target: Path) -> None:
    """`os.replace`; on Windows, a rename refused because another program holds one of the files is tried again
    (`RENAME_WAITS`), then raised as it was."""
    for wait in (*RENAME_WAITS, None):
        try:
            os.replace(source, target)
            return
        except PermissionError as exc:
            if wait is None or sys.platform != "win32" or getattr(exc, "winerror", None) not in _HELD_WINERRORS:
                raise
        time.sleep(wait)


@contextlib.contextmanager
def replacing(path: Path, private: bool = False) -> Iterator[IO[bytes]]:
    """The one implementation of the dance: a binary file to write that appears as `path` only when complete and
    synced. Raises the plain OSError after removing the temporary file (callers say it in their own words);
    `private` keeps mkstemp's owner-only mode (the office's own files: keys, backups, attachments, settings beside
    the database); else the file gets the usual 0644 once complete (an export the user writes on purpose to a
    folder she chose: core/private_files.py). The temporary name begins with the final one, cut so that it fits
    whenever the final name does."""
    out, tmp = _part(path, private)
    try:
        try:
            yield out
            out.flush()
            os.fsync(out.fileno())
        finally:
            out.close()
        _open_to_others(tmp, private)
        rename(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    # the file is in place, complete and synced: a folder that cannot be synced (some USB sticks and network
    # drives refuse) must not report it unwritten, nor withdraw what was noted of it (a reveal)
    with contextlib.suppress(OSError):
        fsync_dir(path.parent)


@contextlib.contextmanager
def replacing_together(paths: Sequence[Path], private: bool = False) -> Iterator[list[IO[bytes]]]:
    """`replacing` for files that go together (a receipt and its signature, which the township refuses unless they
    match): every one is complete and synced under its temporary name before any is renamed, so that an error while
    writing (a stick full at the second) leaves the files of those names as they were. Then the earlier files are
    moved aside (to temporary names in the same folder) and the new ones renamed in; should a rename fail (a stick
    pulled just then), the new ones renamed are removed and the earlier ones put back: the names hold the earlier
    set or the new one, never one file of each (`_swap`)."""
    temps: list[Path] = []
    try:
        with contextlib.ExitStack() as stack:
            outs = []
            for path in paths:
                out, tmp = _part(path, private)
                temps.append(tmp)
                stack.callback(out.close)
                outs.append(out)
            yield outs
            for out in outs:
                out.flush()
                os.fsync(out.fileno())
        for tmp in temps:
            _open_to_others(tmp, private)
        _swap(list(zip(temps, paths, strict=True)), private)
    except BaseException:
        for tmp in temps:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise
    for folder in dict.fromkeys(path.parent for path in paths):  # as in `replacing`: in place, synced or not
        with contextlib.suppress(OSError):
            fsync_dir(folder)


def _part(path: Path, private: bool) -> tuple[IO[bytes], Path]:
    """A new temporary file beside `path` (named as `replacing` names it), open to write, and its path."""
    _make_folder(path.parent, private)
    start = paths.shorten(path.name, paths.NAME_BYTES, paths.NAME_CHARS)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f"{PART_PREFIX}{start}.", suffix=PART_SUFFIX)
    try:
        with contextlib.suppress(OSError):  # held until the file is closed, however the program ends
            try_lock(fd)
        return os.fdopen(fd, "wb"), Path(tmp_name)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def _open_to_others(tmp: Path, private: bool) -> None:
    """A file the user writes on purpose (not `private`) gets the usual 0644 once it is complete, just before its
    rename: while written it keeps mkstemp's owner-only mode, so that what a killed program leaves (a revealed
    agreement or a 个人信息摘录 cut off halfway, full ID numbers in it) is not readable to others on the PC. A stick
    whose file system keeps no permissions (FAT32 mounted without `showexec`, exFAT through FUSE) refuses the change
    (EPERM, ENOSYS): the file is complete, only not opened wider, so the write goes on."""
    if not private:
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o644)


def _swap(moves: list[tuple[Path, Path]], private: bool) -> None:
    """Rename each (temporary, final) pair's temporary file to its final name, the earlier files of those names
    first moved aside and, once all are in, removed; on an error, the ones renamed in are removed and the earlier
    ones put back before it is raised. (A put-back that fails too leaves the earlier file under its temporary name,
    not removed.)"""
    aside: list[tuple[Path, Path]] = []  # (final name, where its earlier file waits)
    done: list[Path] = []
    try:
        for _, path in moves:
            if not path.exists() or path.is_dir():  # a folder of that name is never moved: the rename in says so
                continue
            out, waiting = _part(path, private)
            out.close()
            try:
                rename(path, waiting)
            except BaseException:
                with contextlib.suppress(OSError):
                    waiting.unlink()
                raise
            aside.append((path, waiting))
        for tmp, path in moves:
            rename(tmp, path)
            done.append(path)
    except BaseException:
        for path in done:
            with contextlib.suppress(OSError):
                path.unlink()
        for path, waiting in aside:
            with contextlib.suppress(OSError):
                rename(waiting, path)
        raise
    for _, waiting in aside:
        with contextlib.suppress(OSError):
            waiting.unlink()


def _make_folder(folder: Path, private: bool) -> None:
    """`folder` and its missing parents; those made for a file the user writes on purpose get the usual 0755, as
    the file gets 0644 (the program's umask makes its own folders the user's alone: core/private_files.py)."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir(exist_ok=True)
        if not private and os.name == "posix":
            with contextlib.suppress(OSError):
                os.chmod(made, 0o755)


@contextlib.contextmanager
def atomic_output(path: Path, doing: str, private: bool = False, output: bool = True) -> Iterator[IO[bytes]]:
    """`replacing`, with file errors turned into the typed errors of core/failures.py (naming the file and saying
    that nothing half-written was left). `output`: a file the user chose to write (an export, a backup), so a
    write-protected place is answered with "another place" (False for the database's own files beside it)."""
    started = False
    try:
        with replacing(path, private) as out:
            started = True
            yield out
    except OSError as exc:
        raise failures.from_os(exc, path, doing, cleaned_up=started, output=output) from None


def write_bytes_atomic(path: Path, data: bytes, doing: str, output: bool = True) -> None:
    """`data` into `path`, all or nothing (see `atomic_output`); beside the database (not `output`): owner-only."""
    with atomic_output(path, doing, private=not output, output=output) as out:
        out.write(data)


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; Windows commits renames with the file's metadata)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
