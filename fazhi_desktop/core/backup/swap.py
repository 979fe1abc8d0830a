"""The swap at the end of a restore (restoring.py): no program writing to the current database, its write-ahead log
folded in, then the current files moved aside under `<stem>-before-restore-<time>` and the restored ones moved in,
each step undone if a later one fails."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from fazhi_desktop.core import failures, paths
from fazhi_desktop.core.backup.archive import DATABASE, BackupError
from fazhi_desktop.core.clock import Clock

#: how long a restore waits for another program's write to end (SQLite's busy timeout, as everywhere)
LOCK_WAIT = 5.0


def checkpoint(db_path: Path) -> None:
    """Make sure nobody is writing to the current database, and fold its write-ahead log into the file, so the copy
    kept aside is complete by itself. A `fazhi` command (which takes no window lock) writing meanwhile refuses the
    restore: its save would otherwise land in the copy set aside, reported as done. A damaged current database
    (what a restore is often for) is not in the way."""
    if not db_path.exists():
        return
    busy = 0
    try:
        conn = sqlite3.connect(db_path, timeout=LOCK_WAIT)
    except sqlite3.Error:
        return
    try:
        conn.execute("BEGIN IMMEDIATE")  # waits for a writer to finish; refused while one holds on
        conn.execute("ROLLBACK")
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlite3.Error as exc:
        if failures.sqlite_failure_class(exc) is failures.DatabaseLocked:
            busy = 1
    finally:
        conn.close()
    if busy:
        raise failures.DatabaseLocked(
            f"无法恢复：数据库 {db_path} 正被另一个程序读写（例如另一个 fazhi 命令或 DB Browser），当前数据没有改动。"
            "请等它结束或关闭它，然后再恢复。", db_path)


def aside_stem(db_path: Path, clock: Clock) -> str:
    stamp = clock().astimezone().strftime("%Y%m%d-%H%M%S")
    for n in range(100):
        stem = paths.fit_name(db_path.stem, f"-before-restore-{stamp}" + (f"-{n}" if n else ""))
        if not any(db_path.parent.glob(f"{stem}*")):
            return stem
    raise BackupError(f"{db_path.parent} 中同一秒的恢复太多")


class Moves:
    """Renames done so far, to be undone in reverse order if a later one fails."""

    def __init__(self) -> None:
        self.done: list[tuple[Path, Path]] = []

    def move(self, source: Path, target: Path) -> None:
        os.replace(source, target)
        self.done.append((source, target))

    def link(self, source: Path, target: Path) -> bool:
        """A second name for `source` (the current database stays in place until the swap); False if the file
        system has no hard links (FAT32 sticks)."""
        try:
            os.link(source, target)
        except OSError:
            return False
        self.done.append((source, target))  # undone like a move: the second name goes back over the first
        return True

    def undo(self) -> None:
        for source, target in reversed(self.done):
            with contextlib.suppress(OSError):
                os.replace(target, source)
        self.done.clear()


def swap(db_path: Path, staging: Path, aside: str, moves: Moves) -> list[Path]:
    """Current files aside, restored files in. Returns the names the current data is kept under."""
    parent, stem = db_path.parent, db_path.stem
    aside_db = parent / f"{aside}{db_path.suffix}"
    kept: list[Path] = []
    for suffix in ("-wal", "-shm"):  # never leave an old log beside the new file
        log = db_path.with_name(db_path.name + suffix)
        if log.exists():
            moves.move(log, aside_db.with_name(aside_db.name + suffix))
    if db_path.exists():
        kept.append(aside_db)
        if not moves.link(db_path, aside_db):
            moves.move(db_path, aside_db)
    moves.move(staging / DATABASE, db_path)  # the switch: one rename
    for folder in ("-files", "-keys"):
        current, restored = parent / f"{stem}{folder}", staging / folder.lstrip("-")
        if current.exists():
            kept.append(parent / f"{aside}{folder}")
            moves.move(current, kept[-1])
        if restored.exists():
            moves.move(restored, current)
    return kept
