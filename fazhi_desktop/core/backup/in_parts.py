"""A backup written in parts (core/file_parts.py): a backup larger than the backup folder's file system holds in one
file (a FAT32 stick: 4 GB) is `NAME.zip.001`, `.002`, … and, written last, its list `NAME.zip.sha256`. It is one
backup everywhere by its joined name (`NAME.zip`, no file of its own): listed, rotated, offered and restored whole;
picked by any of its files. A set missing a part or its list is named so and never restored."""

from __future__ import annotations

import contextlib
import zipfile
from pathlib import Path
from typing import IO

from fazhi_desktop.core import file_parts
from fazhi_desktop.core.backup.archive import SUFFIX, BackupError

WHAT = "备份"  # a set's messages name it so (core/file_parts.py)


def backup_path(path: Path) -> Path:
    """The backup a chosen file is: a part or the list of a backup in parts names the set (`NAME.zip`)."""
    joined = file_parts.joined_path(path)
    return joined if joined != path and joined.name.endswith(SUFFIX) and file_parts.is_set(joined) else path


def is_set(path: Path) -> bool:
    return file_parts.is_set(path)


def problem(path: Path) -> str | None:
    """What makes the backup in parts `path` unreadable as one file (a part or the list missing, a part left over or
    cut short), or None: whole, or no set."""
    if not file_parts.is_set(path):
        return None
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


def delete(path: Path) -> None:
    """Delete the backup `path` whole: a set's list first (what stays, should a part not go, is no set that passes
    for whole), then its parts. Raises the first OSError after trying every file."""
    failed: OSError | None = None
    for file in sorted(files(path), key=lambda p: not p.name.endswith(file_parts.INDEX_SUFFIX)):
        try:
            file.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            failed = failed or exc
    if failed is not None:
        raise failed


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
