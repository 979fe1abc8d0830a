"""A backup written in parts (core/file_parts.py): a backup larger than the backup folder's file system holds in one
file (a FAT32 stick: 4 GB) is `NAME.zip.001`, `.002`, … and, written last, its list `NAME.zip.sha256`. It is one
backup everywhere by its joined name (`NAME.zip`, no file of its own): listed, rotated, offered and restored whole;
picked by any of its files. A set missing a part or its list is named so and never restored.

A set is deleted (rotation) by renaming its list to the deletion mark `NAME.zip.deleting` first, then its parts,
then the mark: a part that cannot be deleted (an antivirus holding it, no permission) leaves a set marked so, which
is listed as 未删完 with the files left, never offered, and finished by the next rotation (`finish_deleting`). The
mark, empty, also stands before the parts of a backup being written get their final names (create.py): a program
killed among those renames leaves parts that can never be a backup, and the next rotation deletes them too."""

from __future__ import annotations

import contextlib
import os
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from fazhi_desktop.core import atomic, file_parts, leftovers
from fazhi_desktop.core.backup.archive import SUFFIX, BackupError

WHAT = "备份"  # a set's messages name it so (core/file_parts.py)
#: what a set's list becomes while the set is deleted (and, empty, stands before a set's parts are renamed)
DELETING_SUFFIX = ".deleting"
#: an empty mark (a set being written) younger than this may be a backup being written this moment: left alone
WRITE_MARK_AGE = 10 * 60


def backup_path(path: Path) -> Path:
    """The backup a chosen file is: a part or the list of a backup in parts names the set (`NAME.zip`)."""
    joined = file_parts.joined_path(path)
    return joined if joined != path and joined.name.endswith(SUFFIX) and file_parts.is_set(joined) else path


def problem(path: Path) -> str | None:
    """What makes the backup in parts `path` unreadable as one file (a part or the list missing, a part left over or
    cut short), or None: whole, or no set."""
    if not file_parts.is_set(path):
        return None
    if being_deleted(path):
        return deleting_said(path)
    try:
        file_parts.read_set(path, WHAT)
    except file_parts.PartsError as exc:
        return str(exc)
    return None


def check(path: Path) -> None:
    """Raise BackupError naming what is missing from the backup in parts `path` (nothing for a whole file)."""
    if said := problem(path):
        raise BackupError(f"{said}。这个备份不能用于恢复")  # the window adds: 当前数据没有任何改动


def opened(path: Path) -> IO[bytes]:
    """The backup `path` to read and seek in (zipfile): the file, or its parts as one."""
    try:
        return file_parts.open_joined(path, WHAT)
    except file_parts.PartsError as exc:
        raise BackupError(str(exc)) from None


def bad_part(path: Path) -> str | None:
    """For a backup in parts found damaged: which part does not match its list (read again), said; else None."""
    with contextlib.suppress(file_parts.PartsError):
        if file_parts.is_set(path):
            parts = file_parts.read_set(path, WHAT)
            for number, (part, digest) in enumerate(zip(parts.parts, parts.digests, strict=True), 1):
                if file_parts.file_sha256(part) != digest:
                    return file_parts.not_its_part(WHAT, path.name, number, part.name)
    return None


def zip_of(path: Path) -> zipfile.ZipFile:
    """The backup `path` (a file or a set) as the outer ZIP (sealing.py). Raises OSError, BackupError, zip errors."""
    source = opened(path)
    try:
        return zipfile.ZipFile(source)
    except BaseException:
        source.close()
        raise


def size(path: Path) -> int:
    """The backup's size, its parts added; 0 when it cannot be read."""
    with contextlib.suppress(OSError, file_parts.PartsError):
        return file_parts.size_of(path, WHAT)
    return 0


def files(path: Path) -> list[Path]:
    """The files of the backup `path`: itself, or its parts and list (those there)."""
    if not file_parts.is_set(path):
        return [path]
    index = file_parts.index_path(path)
    return [*(p for _, p in sorted(file_parts.found_parts(path).items())), *[index] * index.is_file()]


def deleting_mark(path: Path) -> Path:
    return path.with_name(path.name + DELETING_SUFFIX)


def being_deleted(path: Path) -> bool:
    """Is the backup in parts `path` marked as being deleted (or cut off while its parts were renamed), with no
    list beside (a list says the set was written whole: the mark beside it is stale)?"""
    return deleting_mark(path).is_file() and not file_parts.index_path(path).is_file()


def deleting_said(path: Path) -> str:
    """What is said of the marked set `path` where backups are listed: why it is no backup, the files left."""
    left = "、".join(p.name for _, p in sorted(file_parts.found_parts(path).items()))
    with contextlib.suppress(OSError):
        if deleting_mark(path).stat().st_size == 0:
            return (f"正在删除/未删完：写入备份时程序中断，分卷不全，不是一份备份；下次备份时删除 {left}"
                    if left else "正在删除/未删完")
    return (f"正在删除/未删完：{left} 删不掉（可能被杀毒软件等程序占用，或没有删除的权限），下次备份时再删；"
            f"也可以关掉占用它的程序后手动删除 {path.name} 的这些文件和 {deleting_mark(path).name}")


def mark_written(path: Path) -> None:
    """Stand the empty mark before the parts of the set `path` get their final names (create.py)."""
    deleting_mark(path).touch()  # empty: nothing in it to be half-written


def unmark_written(path: Path) -> None:
    """The set `path` written (its list there) or removed (no part left): its mark goes."""
    if file_parts.index_path(path).is_file() or not file_parts.found_parts(path):
        with contextlib.suppress(OSError):
            deleting_mark(path).unlink()


def delete(path: Path) -> None:
    """Delete the backup `path` whole: a set's list renamed to its deletion mark first (what stays, should a part
    not go, is a set marked as being deleted, never one that passes for whole or unfinished), then its parts, then
    the mark. Raises the first OSError after trying every part (the mark then stays: `finish_deleting`)."""
    if not file_parts.is_set(path):
        path.unlink(missing_ok=True)
        deleting_mark(path).unlink(missing_ok=True)  # a mark whose parts are all gone (finish_deleting)
        return
    index, mark = file_parts.index_path(path), deleting_mark(path)
    if index.is_file():
        os.replace(index, mark)
        with contextlib.suppress(OSError):
            atomic.fsync_dir(path.parent)
    failed: OSError | None = None
    for _, part in sorted(file_parts.found_parts(path).items()):
        try:
            part.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            failed = failed or exc
    if failed is not None:
        raise failed
    mark.unlink(missing_ok=True)


def _renaming(path: Path, now: float) -> bool:
    """Are parts of the set `path` still held under their temporary names by the program writing it (synced and
    renamed one by one after the mark: 4 GB parts to a slow stick take longer than `WRITE_MARK_AGE`)?"""
    return leftovers.being_written(path.parent, lambda name: file_parts.joined_path(Path(name)).name == path.name, now)


def finish_deleting(folder: Path, mine: Callable[[Path], bool], now: float | None = None) -> list[str]:
    """Finish deleting the marked sets in `folder` whose joined name `mine` accepts (the one database's): those a
    rotation could not delete whole, and those a program killed while renaming their parts left (once older than
    `WRITE_MARK_AGE` and none of their parts is held under its temporary name: a backup may be being written now,
    by another program). A stale mark beside a list goes alone, and one with no part left. Returns what
    still cannot be deleted, said."""
    now = time.time() if now is None else now
    problems: list[str] = []
    marks: list[Path] = []
    with contextlib.suppress(OSError):
        marks = sorted(p for p in folder.iterdir() if p.name.endswith(SUFFIX + DELETING_SUFFIX) and p.is_file())
    for mark in marks:
        path = mark.with_name(mark.name.removesuffix(DELETING_SUFFIX))
        if not mine(path):
            continue
        try:
            if file_parts.index_path(path).is_file():
                if now - mark.stat().st_mtime >= WRITE_MARK_AGE:
                    mark.unlink()
                continue
            if mark.stat().st_size == 0 and (now - mark.stat().st_mtime < WRITE_MARK_AGE or _renaming(path, now)):
                continue
            delete(path)
        except FileNotFoundError:
            continue
        except OSError as exc:
            problems.append(f"无法删除旧备份 {path.name} 剩下的分卷：{exc.strerror or exc}（下次备份时再删）")
    return problems


def taken(path: Path) -> bool:
    """Is the name `path` taken by a backup, whole or in parts (its list or any part)?"""
    return path.exists() or file_parts.is_set(path)


def parts_note(path: Path) -> str | None:
    """What is said of a backup in parts once written: its parts and list, to be kept together; None for a file."""
    if not file_parts.is_set(path):
        return None
    parts = sorted(file_parts.found_parts(path).items())
    return (f"FAT32 格式的U盘单个文件不能超过 4 GB，备份分成了 {len(parts)} 卷：{parts[0][1].name} 至 "
            f"{parts[-1][1].name}，另有分卷清单 {file_parts.index_path(path).name}。这 {len(parts) + 1} 个文件是"
            "同一份备份，复制或带走时请一起，一个也不能少")


def parts_said(path: Path) -> str:
    """" （分 N 卷）" after a backup in parts' name in a list; "" for a whole file."""
    count = len(file_parts.found_parts(path))
    return f"（分 {count} 卷）" if file_parts.is_set(path) and count else ""
