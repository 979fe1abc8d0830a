"""Where a backup is assembled and a backup being restored is decrypted: a private work folder that holds every
record in clear, so only where opening the database looks for what a killed program left (core/leftovers.py).

Beside the database first (the same disk as the data it copies). The system's temp folder when the database's disk
cannot hold the work (`need` bytes: a nearly full drive, a small stick) or its folder cannot be written (a
write-protected stick, no permission): a roomy backup stick does not help there, since the copy is made before
anything goes to the stick. When the temp folder has no room either, DiskFull says which disk needs how many MB:
the database's when it lacked room, the temp folder's when the database's folder could not be written.

A restore needs room twice on the database's disk: for the decrypted archive and for the backup unpacked from it
(beside the database: the swap is renames). How large the backup unpacks is known once it is decrypted; when the
disk cannot hold both, the archive moves to the temp folder if that is on another disk with room
(`out_of_the_way`), and `room_to_unpack` counts it when it stays.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from fazhi_desktop.core import failures
from fazhi_desktop.core.backup.archive import ZIP_ERRORS
from fazhi_desktop.core.leftovers import WorkFolder

#: room kept free besides the work itself (a journal, the ZIP's directory, the disk's other users)
MARGIN = 16 * 1024**2
MB = 1024**2


@contextlib.contextmanager
def work_dir(db_path: Path, need: int = 0, doing: str = "备份", beside: bool = True) -> Iterator[Path]:
    """A private folder for `need` bytes of work on the database at `db_path`: beside it when its disk has the
    room and its folder can be written, else in the system's temp folder (see the module docstring); `beside`
    False: in the temp folder at once. Removed when the block ends. `doing` ("备份", "恢复") begins the message
    when there is no room."""
    temp = Path(tempfile.gettempdir())
    room_beside = free(db_path.parent)
    folder, refused = None, None
    if beside and room_beside >= need + MARGIN:
        try:
            folder = WorkFolder(db_path.parent, ".fazhi-backup-")
        except OSError as exc:  # a write-protected stick, no permission: the temp folder
            refused = exc
    if folder is None:
        if free(temp) < need + MARGIN:
            if refused is not None:
                raise _no_room_in_temp(db_path, temp, need, refused, doing)
            raise _no_room(db_path, temp, need, room_beside, doing)
        try:
            folder = WorkFolder(None, "fazhi-backup-")
        except OSError as exc:
            raise failures.from_os(exc, temp, "建立临时文件夹") from None
    with folder as work:
        yield work


def out_of_the_way(plain: Path, db_path: Path, stack: contextlib.ExitStack) -> Path:
    """A restore's decrypted archive `plain`, moved to the temp folder (in a work folder `stack` removes) when,
    beside the database, it takes the room the unpacked backup needs there (which must be the database's disk: the
    swap is renames) and the temp folder, on another disk, has room for it. How large the backup unpacks is known
    only once it is decrypted."""
    try:
        with zipfile.ZipFile(plain) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except ZIP_ERRORS:
        return plain  # opening the archive says what is wrong with it
    temp, size = Path(tempfile.gettempdir()), plain.stat().st_size
    if (free(db_path.parent) >= unpacked + MARGIN or not same_disk(plain.parent, db_path.parent)
            or same_disk(temp, db_path.parent) or free(temp) < size + MARGIN):
        return plain  # room enough, or moving it cannot help: room_to_unpack says what is needed
    moved = stack.enter_context(work_dir(db_path, size, "恢复", beside=False)) / plain.name
    try:
        shutil.move(plain, moved)
    except OSError as exc:
        raise failures.from_os(exc, moved, "恢复（把解密的临时副本移到临时文件夹）") from None
    return moved


def room_to_unpack(db_path: Path, need: int, decrypted: Path | None) -> None:
    """Raise DiskFull unless the database's disk has room for a restore's `need` unpacked bytes; the message counts
    the decrypted archive (`decrypted`) when it is on that disk too, where it stays until the restore ends."""
    room = shutil.disk_usage(db_path.parent).free
    if room >= need + MARGIN:
        return
    held = decrypted.stat().st_size if decrypted is not None and same_disk(decrypted.parent, db_path.parent) else 0
    counted = (f"：解开的备份约 {need // MB + 1} MB、解密时的临时副本约 {held // MB + 1} MB，"
               f"另需留出约 {MARGIN // MB} MB" if held else "")
    raise failures.DiskFull(f"恢复失败：{db_path.parent} 所在磁盘空间不足（需要约 {(need + held + MARGIN) // MB} MB"
                            f"{counted}；剩余 {(room + held) // MB} MB）。{failures.DiskFull.way_out}", db_path.parent)


def free(folder: Path) -> int:
    """Bytes free on the disk that holds `folder` (0 when that cannot be read)."""
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return 0


def _no_room(db_path: Path, temp: Path, need: int, room: int, doing: str) -> failures.DiskFull:
    """Which disk needs room, and how much: a backup stick that is large enough is not the problem."""
    mb = (need + MARGIN) // MB + 1
    also = "" if same_disk(db_path.parent, temp) else f"，系统临时文件夹（{temp}）所在磁盘也不够"
    stick = "换U盘或备份文件夹没有用：" if doing == "备份" else ""
    return failures.DiskFull(
        f"{doing}失败：数据库所在的磁盘空间不足（{db_path.parent}）。{doing}时要先在那里放一份约 {mb} MB 的临时副本，"
        f"现在只剩 {room // MB} MB{also}。{stick}请删除数据库所在磁盘上不需要的文件、清空回收站，使它至少有约 {mb} MB"
        f"可用空间，然后再{doing}。数据库本身没有受影响。", db_path.parent)


def _no_room_in_temp(db_path: Path, temp: Path, need: int, refused: OSError, doing: str) -> failures.DiskFull:
    """The database's folder could not be written (it had the room), and the temp folder's disk lacks it."""
    mb = (need + MARGIN) // MB + 1
    return failures.DiskFull(
        f"{doing}失败：数据库所在的文件夹（{db_path.parent}）不能写入：{failures.write_reason(refused)}。{doing}时的"
        f"临时副本只能放在系统临时文件夹（{temp}）中，而它所在的磁盘空间不足：需要约 {mb} MB，现在只剩 "
        f"{free(temp) // MB} MB。请删除那个磁盘上不需要的文件、清空回收站，使它至少有约 {mb} MB可用空间；"
        f"或关闭U盘的写保护（或把数据库连同同名的 -files、-keys 文件夹复制到本机硬盘），然后再{doing}。"
        "数据库本身没有受影响。", temp)


def same_disk(a: Path, b: Path) -> bool:
    try:
        return os.stat(a).st_dev == os.stat(b).st_dev
    except OSError:
        return False
