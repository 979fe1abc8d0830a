"""The renames of a restore's swap (swap.py), written down before the first one (`.<stem>-restoring.json` beside the
database, written atomically), so that a restore cut in the middle (a power cut, the task manager) is finished on
the next open: the current database, its log and its `-files`/`-keys` folders aside, the backup's moved in from the
staging folder (`.<stem>-restore-*`), one rename at a time. Killed between two, the database beside the
files would be the backup's and the folders the ones set aside, or none: `fazhi check` would call the backup's files,
waiting in the hidden staging folder, lost, and the staging folder went a day later (core/leftovers.py keeps it now
while a journal names it).

Each step tells from the files whether it is done: a step aside (to the new `-before-restore-` name) once that name
exists, a step in (from the staging folder) once its file is gone from there. So the journal is finished forward
(`finish`, on the next open, `fazhi check` and `fazhi restore`) by doing the steps not done, in order; one that
failed while the restore ran, whose undo was then cut (it is rewritten `back` first), is finished backward. The
journal is locked (core/instance.try_lock) while its restore runs: one whose lock is held is left alone."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from fazhi_desktop.core import atomic, failures
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.instance import try_lock

SUFFIX = "-restoring.json"
FORWARD, BACK = "forward", "back"


def journal_path(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.stem}{SUFFIX}")


@dataclass(frozen=True)
class Step:
    """One rename of the swap, names relative to the database's folder. `aside`: the current file or folder to its
    `-before-restore-` name (the database itself by a second name, `link`, where the file system has hard links);
    else from the staging folder to the current name."""

    source: str
    target: str
    aside: bool
    link: bool = False

    def done(self, folder: Path) -> bool:
        return (folder / self.target).exists() if self.aside else not (folder / self.source).exists()

    def do(self, folder: Path) -> None:
        source, target = folder / self.source, folder / self.target
        if self.done(folder) or not source.exists():
            return
        if self.link:
            with contextlib.suppress(OSError):
                os.link(source, target)
                return
        atomic.rename(source, target)

    def undo(self, folder: Path) -> None:
        source, target = folder / self.source, folder / self.target
        if not self.done(folder) or not target.exists():
            return
        if self.link and source.exists() and os.path.samefile(source, target):  # renaming onto itself does nothing
            target.unlink()
            return
        source.parent.mkdir(exist_ok=True)
        atomic.rename(target, source)


def run(steps: list[Step], folder: Path, direction: str = FORWARD) -> None:
    """Do the steps not done yet, in order (FORWARD), or undo those done, last first (BACK)."""
    if direction == FORWARD:
        for step in steps:
            step.do(folder)
    else:
        for step in reversed(steps):
            step.undo(folder)


class Journal:
    """The journal of a restore being swapped in, locked until `close`."""

    def __init__(self, db_path: Path, data: dict):
        self.path, self.data = journal_path(db_path), data
        self._fd: int | None = None
        self._write()

    @classmethod
    def begin(cls, db_path: Path, staging: Path, backup: str, steps: list[Step], code_seen: bool) -> Journal:
        """Write the journal (atomically, synced) before the first rename. Raises the plain OSError."""
        return cls(db_path, {"database": db_path.name, "backup": backup, "staging": staging.name,
                             "direction": FORWARD, "code_seen": code_seen, "steps": [asdict(step) for step in steps]})

    def turn_back(self) -> None:
        """The swap failed: its undo, should it be cut too, is finished backward."""
        self.data["direction"] = BACK
        self._write()

    def _write(self) -> None:
        self.release()  # Windows renames no file held open
        with atomic.replacing(self.path, private=True) as out:
            out.write(json.dumps(self.data, ensure_ascii=False, indent=1).encode("utf-8"))
        with contextlib.suppress(OSError):
            fd = os.open(self.path, os.O_RDWR)
            if try_lock(fd):
                self._fd = fd
            else:
                os.close(fd)

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def close(self) -> None:
        """The swap is complete (or undone): the journal goes."""
        self.release()
        _remove(self.path)


def unfinished(db_path: Path) -> bool:
    return journal_path(db_path).is_file()


def staging_named(folder: Path) -> set[str]:
    """The staging folders the journals in `folder` name: kept while they wait to be finished."""
    named = set()
    for path in folder.glob(f".*{SUFFIX}"):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            named.add(str(json.loads(path.read_text(encoding="utf-8"))["staging"]))
    return named


def finish(db_path: Path) -> str | None:
    """Finish the restore a journal beside database `db_path` was left by (see the module docstring); returns the
    sentence that tells the user, None when there is none (or its restore is running now). Raises FazhiError when a
    step cannot be done (a read-only medium): the database is not opened half-swapped. The journal is read as a file
    anyone could have written: only one naming this database's own files and a staging folder beside it, whose
    steps the files show done up to one and not after it, is acted on (`_plan`); any other is left as it is."""
    path = journal_path(db_path)
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        try:  # a read-only medium: locked and read all the same, so that the open says it cannot be finished
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            return None
    try:
        if not try_lock(fd):
            return None  # a restore swapping now
        # read through the handle that holds the lock: Windows refuses to read a locked byte through another
        data = json.loads(_read(fd).decode("utf-8"))
        planned = _plan(data, db_path)
        if planned is None:
            return None  # not one this program wrote for this database, or not what the files show: left as it is
        steps, direction, staging = planned
        try:
            run(steps, db_path.parent, direction)
        except OSError as exc:
            raise FazhiError(f"上次从备份 {data.get('backup', '')} 恢复时程序中断，现在补完时出错（"
                             f"{failures.explain_os_error(exc)}）：请确认 {db_path.parent} 可以写入后重新打开"
                             f"（{path.name} 记着要做的）") from None
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # not one this program wrote whole: left as it is
    finally:
        os.close(fd)
    if direction == FORWARD and data.get("code_seen"):
        from fazhi_desktop.core.backup import sealing

        sealing.mark_code_shown(db_path)
    _remove(path)
    shutil.rmtree(staging, ignore_errors=True)
    return said(data, direction, db_path.parent)


def _read(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _plan(data: dict, db_path: Path) -> tuple[list[Step], str, Path] | None:
    """The steps, direction and staging folder of journal `data`, when it is one `steps` (swap.py) could have
    written for database `db_path`: its own files aside under `-before-restore-` names, a staging folder's files in,
    every name one beside the database (a name with a folder in it, or `..`, would move or delete what is not the
    restore's); and the files show its first steps done, the rest not (a journal left behind after its restore
    ended, whose kept files were deleted since, would move the current attachments aside). Else None."""
    from fazhi_desktop.core.backup.archive import DATABASE  # (only when a journal is there: not at every open)

    folder, name, stem = db_path.parent, db_path.name, db_path.stem
    staging, direction = data["staging"], data.get("direction", FORWARD)
    if data.get("database") != name or direction not in (FORWARD, BACK) or not _plain(staging) \
            or not (staging.startswith(".") and "-restore-" in staging):
        return None
    own = {name, f"{name}-wal", f"{name}-shm", f"{stem}-files", f"{stem}-keys", f"{stem}-autosave"}
    restored = {f"{staging}/{DATABASE}": name, f"{staging}/files": f"{stem}-files", f"{staging}/keys": f"{stem}-keys"}
    steps = [Step(**step) for step in data["steps"]]
    for step in steps:
        if not all(isinstance(value, bool) for value in (step.aside, step.link)):
            return None
        if step.aside:
            fits = step.source in own and _plain(step.target) and "-before-restore-" in step.target \
                and step.target not in own and (not step.link or step.source == name)
        else:
            fits = restored.get(step.source) == step.target and not step.link
        if not fits:
            return None
    done = [step.done(folder) for step in steps]
    if done != sorted(done, reverse=True):  # a step done after one not done
        return None
    return steps, direction, folder / staging


def _plain(name: object) -> bool:
    """A file name alone, beside the database: no folder in it, not `.` or `..`."""
    return isinstance(name, str) and name not in ("", ".", "..") and not any(c in name for c in "/\\:\0")


def said(data: dict, direction: str, folder: Path) -> str:
    """What the finished journal `data` did, said once in a box (the window) or a note (a command)."""
    backup = data.get("backup", "")
    if direction == BACK:
        return f"上次从备份 {backup} 恢复没有成功，撤回时程序又中断了：现已退回恢复之前的数据，没有恢复"
    kept = [step["target"] for step in data["steps"] if step["aside"] and not step["target"].endswith(("-wal", "-shm"))]
    return f"上次从备份 {backup} 恢复时程序中断，现已补完恢复{'。' + kept_said(folder, kept) if kept else ''}"


def kept_said(folder: Path, names: list[str]) -> str:
    """Where a restore kept the data it replaced, and that it may go once the restored data is checked (the box
    named office-before-restore-….db alone, with no folder and no word of keeping or deleting it)."""
    return f"原来的数据保留在 {folder} 中：{'、'.join(names)}；核对恢复后的数据无误后，可以删除它们"


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
    with contextlib.suppress(OSError):
        atomic.fsync_dir(path.parent)
