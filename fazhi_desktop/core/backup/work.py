"""Where a backup is assembled and a backup being restored is decrypted: a private work folder that holds every
record in clear, so only where opening the database looks for what a killed program left (core/leftovers.py).

Beside the database first (the same disk as the data it copies). The system's temp folder when the database's disk
cannot hold the work (`need` bytes: a nearly full drive, a small stick) or cannot be written (a write-protected
stick): a roomy backup stick does not help there, since the copy is made before anything goes to the stick. When
neither has room, DiskFull says which disk needs how many MB.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from fazhi_desktop.core import failures
from fazhi_desktop.core.leftovers import WorkFolder

#: room kept free besides the work itself (a journal, the ZIP's directory, the disk's other users)
MARGIN = 16 * 1024**2
MB = 1024**2


@contextlib.contextmanager
def work_dir(db_path: Path, need: int = 0, doing: str = "备份") -> Iterator[Path]:
    """A private folder for `need` bytes of work on the database at `db_path`: beside it when its disk has the
    room, else in the system's temp folder (see the module docstring). Removed when the block ends. `doing`
    ("备份", "恢复") begins the message when there is no room."""
    temp = Path(tempfile.gettempdir())
    room_beside, room_in_temp = _free(db_path.parent), _free(temp)
    folder = None
    if room_beside >= need + MARGIN:
        with contextlib.suppress(OSError):  # a write-protected stick: the temp folder
            folder = WorkFolder(db_path.parent, ".fazhi-backup-")
    if folder is None:
        if room_in_temp < need + MARGIN:
            raise _no_room(db_path, temp, need, room_beside, doing)
        try:
            folder = WorkFolder(None, "fazhi-backup-")
        except OSError as exc:
            raise failures.from_os(exc, temp, "建立临时文件夹") from None
    with folder as work:
        yield work


def _free(folder: Path) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return 0


def _no_room(db_path: Path, temp: Path, need: int, free: int, doing: str) -> failures.DiskFull:
    """Which disk needs room, and how much: a backup stick that is large enough is not the problem."""
    mb = (need + MARGIN) // MB + 1
    also = "" if _same_disk(db_path.parent, temp) else f"，系统临时文件夹（{temp}）所在磁盘也不够"
    stick = "换U盘或备份文件夹没有用：" if doing == "备份" else ""
    return failures.DiskFull(
        f"{doing}失败：数据库所在的磁盘空间不足（{db_path.parent}）。{doing}时要先在那里放一份约 {mb} MB 的临时副本，"
        f"现在只剩 {free // MB} MB{also}。{stick}请删除数据库所在磁盘上不需要的文件、清空回收站，使它至少有约 {mb} MB"
        f"可用空间，然后再{doing}。数据库本身没有受影响。", db_path.parent)


def _same_disk(a: Path, b: Path) -> bool:
    try:
        return os.stat(a).st_dev == os.stat(b).st_dev
    except OSError:
        return False
