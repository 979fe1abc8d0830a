"""Work folders and unfinished files a killed program leaves beside the database: a decrypted bundle being verified
(`.fazhi-import-*`), a bundle being packed before it is encrypted onto the stick (`.fazhi-export-*`), a backup being
assembled (`.fazhi-backup-*`), the county demo being built (`.fazhi-demo-*`), a restore's staging (`.<name>-restore-*`),
an unfinished atomic write (`.<name>.<random>.part`). The work folders hold the office's records in clear, so opening
the database removes them.

Never one a running program uses: a work folder made by `WorkFolder` holds a file (`IN_USE`) locked by the
operating system for as long as its process works in it (released however the process ends: a crash, a power cut,
the task manager), so a folder whose lock can be taken is abandoned and goes at once, and one whose lock is held is
left. An unfinished atomic write is locked alike while written (core/atomic.py): it goes once its lock can be taken
and it has not changed for `FRESH` seconds (`remove_parts`). What has no lock (a restore's staging, work of an
earlier version) goes once it is a day old: a younger one may belong to a `fazhi` command running now. A restore's
staging named by an unfinished journal (core/backup/journal.py) stays: it holds the backup's files, not yet moved in.

The same unfinished writes are looked for in the database's `-files/` and `-keys/` folders and its backup folder
(`remove_beside`), before a PDF, workbook or CSV list is written, in the folder it goes to (`remove_output_parts`),
and, before a bundle, backup or receipt is written, in the folder it goes to (a USB stick: a
bundle killed while written would otherwise stay there at full size, and the next one would not fit). There only
names the program gives its own files are touched, never one another program (this one on another PC sharing the
stick, or the county importing from that folder) is writing.

A backup of a database on a write-protected stick, or on a disk without room for the work, is assembled in the
system's temp folder instead (`fazhi-backup-*`, locked alike: core/backup/work.py); earlier versions packed bundles
there too (`fazhi-export-*`): both are looked for there as well.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from fazhi_desktop.core.atomic import part_of
from fazhi_desktop.core.instance import try_lock

#: (glob pattern, whether it names folders) of what the program's own work leaves beside the database
_LEFTOVERS = ((".fazhi-import-*", True), (".fazhi-export-*", True), (".fazhi-backup-*", True),
              (".*-restore-*", True), (".fazhi-demo-*", True))
#: ... and in the system's temp folder
_IN_TEMP = (("fazhi-backup-*", True), ("fazhi-export-*", True))
DAY = 24 * 3600
#: the documents the program writes into a folder the user chose: PDFs, Excel workbooks, CSV lists
OUTPUT_SUFFIXES = (".pdf", ".xlsx", ".csv")
IN_USE = ".in-use"  # inside a work folder: locked while its process works there
#: an unfinished write whose lock is free is left this long after its last change: one being made this moment is
#: locked only after it appears, and an earlier version of the program locks none (it goes on changing while written)
FRESH = 30
#: ... and, where its lock cannot be tried (a read-only stick, a network drive without locks), this long
STALE = 10 * 60


class WorkFolder:
    """A new private folder (owner-only, `tempfile.mkdtemp`) in `parent` (None: the system's temp folder), named
    `prefix` + random, held in use until the `with` block ends, then removed. Raises the plain OSError when it
    cannot be made (callers say it in their own words)."""

    def __init__(self, parent: Path | None, prefix: str):
        self.path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        self._fd: int | None = None
        with contextlib.suppress(OSError):  # no lock (a file system without locks): the age rule still applies
            fd = os.open(self.path / IN_USE, os.O_RDWR | os.O_CREAT, 0o600)
            if try_lock(fd):
                self._fd = fd
            else:
                os.close(fd)

    def __enter__(self) -> Path:
        return self.path

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)  # before removing: Windows refuses to delete an open file
            self._fd = None
        shutil.rmtree(self.path, ignore_errors=True)


def remove_leftovers(folder: Path, now: float | None = None, age: float = DAY) -> list[Path]:
    """Remove what `_LEFTOVERS` names in `folder` (and `_IN_TEMP` in the system's temp folder) that nobody uses:
    a work folder whose `IN_USE` lock can be taken at once, anything else once last changed more than `age`
    seconds before `now`; and the unfinished writes in `folder` (`remove_parts`). Returns what was removed.
    Anything that cannot be removed (in use, read-only medium) is left."""
    now = time.time() if now is None else now
    places = [(folder, _LEFTOVERS)]
    with contextlib.suppress(OSError):
        temp = Path(tempfile.gettempdir())
        if temp.resolve() != folder.resolve():
            places.append((temp, _IN_TEMP))
    from fazhi_desktop.core.backup.journal import staging_named

    waiting = staging_named(folder)  # a restore cut in the middle still needs its staging folder
    removed = remove_parts(folder, lambda _name: True, now)
    for place, patterns in places:
        for pattern, is_folder in patterns:
            for path in place.glob(pattern):
                try:
                    if path.is_dir() != is_folder or path.is_symlink() or (place == folder and path.name in waiting) \
                            or not _abandoned(path, now, age):
                        continue
                    if is_folder:
                        shutil.rmtree(path)
                    else:
                        path.unlink()
                except OSError:
                    continue
                removed.append(path)
    return removed


def remove_parts(folder: Path, ours: Callable[[str], bool], now: float | None = None) -> list[Path]:
    """Remove the unfinished writes (core/atomic.py's temporary files) in `folder` whose final name `ours` accepts
    and that nobody writes: their lock can be taken and they have not changed for `FRESH` seconds, or, where the
    lock cannot be tried, for `STALE` seconds. Returns what was removed; what cannot be removed is left."""
    now = time.time() if now is None else now
    removed = []
    with contextlib.suppress(OSError):
        for path in folder.glob(".*.part"):
            name = part_of(path.name)
            try:
                if name is None or not ours(name) or not path.is_file() or path.is_symlink() \
                        or not _part_abandoned(path, now):
                    continue
                path.unlink()
            except OSError:
                continue
            removed.append(path)
    return removed


def being_written(folder: Path, ours: Callable[[str], bool], now: float | None = None) -> bool:
    """Is an unfinished write in `folder` whose final name `ours` accepts still being written (one `remove_parts`
    leaves: its lock held, or too recent)?"""
    now = time.time() if now is None else now
    with contextlib.suppress(OSError):
        for path in folder.glob(".*.part"):
            name = part_of(path.name)
            with contextlib.suppress(OSError):
                if name is not None and ours(name) and path.is_file() and not _part_abandoned(path, now):
                    return True
    return False


def remove_output_parts(target: Path | str, now: float | None = None) -> list[Path]:
    """`remove_parts` in the folder a PDF, Excel workbook or CSV list is about to be written to (`target`): the
    unfinished writes of such files a killed program left there (on Windows a hidden-name file is not hidden: a PDF
    of full ID numbers stayed in 文档 as .个人信息摘录 2026-11-28.pdf.k3x9q2ab.part). Only names core/atomic.py gives
    a file of those kinds; never one being written now (its lock, `FRESH`)."""
    return remove_parts(Path(target).parent, _output_document, now)


def _output_document(name: str) -> bool:
    return name.lower().endswith(OUTPUT_SUFFIXES)


def unfinished_note(folder: Path) -> str:
    """What `remove_parts` left of the program's own files in `folder` (being written now, or cut off under
    `FRESH` seconds ago), said for a message about a full stick; "" when nothing."""
    from fazhi_desktop.core.display import size_text  # (here: the window imports this module before it is painted)
    from fazhi_desktop.core.stick_names import program_output

    found = []
    with contextlib.suppress(OSError):
        found = [(p.name, p.stat().st_size) for p in sorted(folder.glob(".*.part"))
                 if (name := part_of(p.name)) is not None and program_output(name)]
    if not found:
        return ""
    names = "、".join(name for name, _ in found[:3]) + (f" 等 {len(found)} 个" if len(found) > 3 else "")
    return (f"U盘上有没写完的临时文件 {names}（共 {size_text(sum(size for _, size in found))}）：另一台电脑或另一个"
            "窗口正在往这里导出或备份，或刚被中断；若没有别处在写，一分钟后再试，程序会自动删去它")


def remove_beside(db_path: Path, now: float | None = None) -> list[Path]:
    """`remove_parts` in the folders of database `db_path`'s own files (`-files/` and its sub-folders, `-keys/`,
    each account's `-autosave/` drafts), where everything is the program's, and in its backup folder (a USB stick,
    maybe), where only what `stick_names.program_output` names."""
    from fazhi_desktop.core.backup.config import backup_folder  # (as in unfinished_note)

    removed: list[Path] = []
    files = db_path.with_name(db_path.stem + "-files")
    with contextlib.suppress(OSError):
        folders = [files, *(p for p in files.iterdir() if p.is_dir() and len(p.name) == 2)] if files.is_dir() else []
        drafts = db_path.with_name(db_path.stem + "-autosave")  # (core/autosave.py's folder, without its import)
        folders += [p for p in drafts.iterdir() if p.is_dir()] if drafts.is_dir() else []
        for folder in folders:
            removed += remove_parts(folder, lambda _name: True, now)
    keys = db_path.with_name(db_path.stem + "-keys")
    with contextlib.suppress(OSError):
        # only beside the key it was to become: files written together (the county's two key files) are moved aside
        # before the new ones go in, and a cut between leaves the key under temporary names alone — kept for the
        # technician (docs/BUNDLES.md), never removed as a leftover
        removed += remove_parts(keys, lambda name: (keys / name).exists(), now)
    with contextlib.suppress(OSError):
        removed += remove_parts(backup_folder(db_path), _program_output, now)
    return removed


def _program_output(name: str) -> bool:
    """`stick_names.program_output`, loaded (with the backup's names, ~10 ms) only when a folder holds an unfinished
    write."""
    from fazhi_desktop.core.stick_names import program_output

    return program_output(name)


def _part_abandoned(path: Path, now: float) -> bool:
    """Does nobody write the unfinished file `path`? Not when another open file holds its lock; when the lock
    cannot be tried, its age says."""
    changed = now - path.stat().st_mtime
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return changed >= STALE
    try:
        return try_lock(fd) and changed >= FRESH
    except OSError:
        return changed >= STALE
    finally:
        os.close(fd)  # releases the lock just taken: the file goes next


def _abandoned(path: Path, now: float, age: float) -> bool:
    """Does no running program work in `path`? Its lock says so when it has one; else its age."""
    lock = path / IN_USE
    if path.is_dir() and lock.is_file():
        fd = os.open(lock, os.O_RDWR)
        try:
            return try_lock(fd)
        finally:
            os.close(fd)  # releases the lock just taken: the folder goes next
    return now - path.stat().st_mtime >= age


def clear_viewable(folder: Path) -> None:
    """Remove the copies core/attachments.viewable_copy made (on start and exit: they are personal data). A copy a
    viewer still holds open on Windows stays until the next time. Here, not beside viewable_copy, so the program
    can clear them at its start without importing the Store (qt/app.py: after the first paint, before any record
    or setup is opened)."""
    def writable_then_again(function, path, _exc) -> None:
        try:
            os.chmod(path, stat.S_IWRITE | stat.S_IREAD)
            function(path)
        except OSError:
            pass

    if folder.exists():
        shutil.rmtree(folder, onerror=writable_then_again)
