"""The swap at the end of a restore (restoring.py): no program writing to the current database, its write-ahead log
folded in, then the current files moved aside under `<stem>-before-restore-<time>` and the restored ones moved in,
each step written down first (journal.py) and undone if a later one fails."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fazhi_desktop.core import failures, paths
from fazhi_desktop.core.backup.archive import DATABASE, BackupError
from fazhi_desktop.core.backup.journal import Step
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


def steps(db_path: Path, staging: Path, aside: str) -> list[Step]:
    """The renames of the swap, in order: the current files aside (the database by a second name where it can be, so
    that it stays in place until the one rename that switches it), the restored ones in."""
    parent, stem = db_path.parent, db_path.stem
    aside_db = f"{aside}{db_path.suffix}"
    out = []
    for suffix in ("-wal", "-shm"):  # never leave an old log beside the new file
        if (parent / (db_path.name + suffix)).exists():
            out.append(Step(db_path.name + suffix, aside_db + suffix, aside=True))
    if db_path.exists():
        out.append(Step(db_path.name, aside_db, aside=True, link=True))
    out.append(Step(f"{staging.name}/{DATABASE}", db_path.name, aside=False))  # the switch: one rename
    # the editors' autosaved drafts (core/autosave.py) go aside too, with the database they were typed over and the
    # scans they list: over the restored records they named a record saved after the backup 已被删除; none come in
    for folder in ("-files", "-keys", "-autosave"):
        if (parent / f"{stem}{folder}").exists():
            out.append(Step(f"{stem}{folder}", f"{aside}{folder}", aside=True))
        if (staging / folder.lstrip("-")).exists():
            out.append(Step(f"{staging.name}/{folder.lstrip('-')}", f"{stem}{folder}", aside=False))
    return out


def kept(steps: list[Step], db_path: Path) -> list[Path]:
    """The names the current data is kept under (its database and folders; the log folded in is not named)."""
    return [db_path.parent / step.target for step in steps
            if step.aside and not step.source.endswith(("-wal", "-shm"))]
