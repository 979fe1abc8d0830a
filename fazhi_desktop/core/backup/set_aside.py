"""The data a restore set aside (restoring.py, swap.py): the database it replaced, its `-files`, `-keys` and
`-autosave` folders, each under `<stem>-before-restore-<time>` beside the database. Nothing deletes them by itself:
they are the office's records, personal information included, kept until someone decides (PIPL art. 19: kept no
longer than needed). Listed where backups are listed with their age and size, and those older than a number of days
deleted when the 管理员 asks for it (never silently, never the newest, never one a window has open)."""

from __future__ import annotations

import contextlib
import re
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from fazhi_desktop.core import paths
from fazhi_desktop.core.display import size_text
from fazhi_desktop.core.instance import AlreadyOpen, InstanceLock, lock_path
from fazhi_desktop.core.renamed import AFTER_RESTORE

_NAME = re.compile(rf"^(?P<stem>.+){re.escape(AFTER_RESTORE)}(?P<stamp>\d{{8}}-\d{{6}})(?:-(?P<n>\d{{1,2}}))?"
                   r"(?P<rest>.*)$")
_RESTS = ("-files", "-keys", "-autosave")


@dataclass(frozen=True)
class SetAside:
    """One restore's set-aside data: its files and folders, when it was set aside (local time, from the name)."""

    name: str  # `<stem>-before-restore-<time>`
    taken: datetime
    paths: tuple[Path, ...]
    size: int

    def days_old(self, now: datetime) -> int:
        return max(0, (now - self.taken).days)

    def said(self, now: datetime) -> str:
        """One line where backups are listed: its name, age, size and files."""
        return (f"{self.name}（{self.taken:%Y-%m-%d %H:%M} 恢复时换下，{self.days_old(now)} 天前，"
                f"{size_text(self.size)}：{'、'.join(p.name for p in self.paths)}）")


def find(db_path: Path) -> list[SetAside]:
    """What restores of database `db_path` set aside beside it, newest first."""
    groups: dict[str, list[Path]] = {}
    stamps: dict[str, datetime] = {}
    with contextlib.suppress(OSError):
        for path in db_path.parent.iterdir():
            match = _NAME.match(path.name)
            if match is None or not _own_rest(match["rest"], db_path):
                continue
            tail = f"{AFTER_RESTORE}{match['stamp']}" + (f"-{match['n']}" if match["n"] else "")
            if paths.fit_name(db_path.stem, tail) != match["stem"] + tail:  # another database's ("off" of "office")
                continue
            try:
                stamps[path.name.removesuffix(match["rest"])] = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
            except ValueError:
                continue
            groups.setdefault(path.name.removesuffix(match["rest"]), []).append(path)
    found = [SetAside(name, stamps[name], tuple(sorted(paths, key=lambda p: (p.is_dir(), p.name))),
                      sum(map(_size, paths))) for name, paths in groups.items()]
    return sorted(found, key=lambda s: (s.taken, s.name), reverse=True)


def _own_rest(rest: str, db_path: Path) -> bool:
    """Is `rest` what follows the set-aside name in one of a restore's files: the database (`.db`, its `-wal` or
    `-shm`) or one of its folders?"""
    return rest in _RESTS or rest in (db_path.suffix, f"{db_path.suffix}-wal", f"{db_path.suffix}-shm")


def _size(path: Path) -> int:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
        return path.stat().st_size
    return 0


def older_than(found: list[SetAside], days: int, now: datetime) -> list[SetAside]:
    """Of `found` (newest first), those set aside more than `days` days before `now`: never the newest (the last
    restore's, the one that may still be needed to check it)."""
    return [s for s in found[1:] if s.taken < now - timedelta(days=days)]


def delete(db_path: Path, chosen: list[SetAside]) -> tuple[int, list[str]]:
    """Delete the set-aside data `chosen` of database `db_path` (asked first by the caller). One a window has open
    (opened with `--db`) is left. Returns (how many deleted whole, what could not be deleted, said)."""
    deleted, problems = 0, []
    for aside in chosen:
        database = db_path.with_name(aside.name + db_path.suffix)
        try:
            lock = InstanceLock.acquire(database) if database.exists() else None
        except AlreadyOpen:
            problems.append(f"{database.name} 正在法治台账窗口中打开，没有删除：请先关闭那个窗口")
            continue
        try:
            failed = [path.name for path in aside.paths if not _removed(path)]
        finally:
            if lock is not None:
                lock.release()
                with contextlib.suppress(OSError):
                    if not database.exists():  # the lock file made just now would stay alone
                        lock_path(database).unlink()
        if failed:
            problems.append(f"无法删除 {'、'.join(failed)}（可能被其他程序占用，或没有删除的权限）")
        else:
            deleted += 1
    return deleted, problems


def _removed(path: Path) -> bool:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        return not path.exists()
    return True
