"""Where the database file lies, as far as its safety goes: a network share, a cloud-sync folder, a USB stick, or
the PC's own disk.

The database is SQLite in WAL mode: a save goes to `<db>-wal` and a shared-memory index `<db>-shm` first, which only
processes on one computer can share. On a network share (a mapped drive Z:, \\\\PC1\\共享) two PCs opening it at once,
or the network dropping during a save, can damage the file or lose what was just saved; so the program does not open
a database there (`NETWORK`). A sync client (OneDrive, 百度网盘同步空间, WPS云盘, 坚果云) uploads `<db>`, `<db>-wal` and
`<db>-shm` one at a time, half-written, and brings back another PC's copy over this one or beside it as a conflict
copy: records vanish without a word. A stick can be pulled out during a save, and lost. Those two are warned of
(`SYNCED`, `REMOVABLE`): one PC alone works there, and the program cannot tell whether another PC uses the folder.
"""

from __future__ import annotations

import ntpath
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path, PurePath, PureWindowsPath

from fazhi_desktop.core import media, paths
from fazhi_desktop.core.errors import SetupError
from fazhi_desktop.core.places import ACCOUNTS

NETWORK, SYNCED, REMOVABLE = "network", "synced", "removable"
DRIVE_REMOTE = 4  # GetDriveTypeW: a mapped network drive (media.DRIVE_REMOVABLE is 2)
#: the file systems of network shares as Linux lists them in /proc/self/mounts
NETWORK_FILE_SYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "sshfs", "9p", "afs", "ceph", "glusterfs",
    "fuse.glusterfs", "davfs", "fuse.davfs2", "fuse.rclone", "ncpfs", "lustre", "fuse.smbnetfs"})
#: WSL 2 mounts the Windows PC's own drives (/mnt/c) as 9p from "C:\\" ("drvfs" before 2021): its disk, not a share
WSL_DRIVE = re.compile(r"drvfs|[A-Za-z]:\\?")
#: set to 1 by a technician where the check is wrong about the only disk an office has: nothing refused nor warned of
SKIP_VARIABLE = "FAZHI_SKIP_PLACE_CHECK"
#: the folders sync clients make, as their names begin (lower case): OneDrive (also "OneDrive - 单位名"),
#: 百度网盘同步空间 (BaiduSyncdisk), WPS云盘/WPS云文档 (WPSDrive), 坚果云 (Nutstore), Dropbox, Google Drive, iCloud
SYNC_FOLDER_NAMES = ("onedrive", "baidusyncdisk", "百度网盘同步空间", "wpsdrive", "wps云盘", "wps云文档", "nutstore",
                     "我的坚果云", "坚果云", "dropbox", "google drive", "googledrive", "icloud drive", "iclouddrive")
#: where Windows says the OneDrive folders are (a renamed one keeps no telling name)
ONEDRIVE_VARIABLES = ("OneDrive", "OneDriveConsumer", "OneDriveCommercial")

#: what to do instead, said by every message below ({where}: the PC the backup is made on)
MOVE_BY_BACKUP = ("要把数据搬到这台电脑的硬盘上：{where}做一次备份（文件 → 立即备份，或 fazhi backup），关闭"
                  "法治台账，再在这台电脑硬盘上的新位置从备份恢复（首次使用设置中的“从备份恢复”，或 fazhi restore），"
                  "以后只用硬盘上的这一份")
HERE = "先在其他电脑上关闭法治台账，在这台电脑上"
ONE_PC = (f"一个司法所的数据只放在一台电脑的硬盘上：其他同事到这台电脑上录入（每人一个账户：{ACCOUNTS} → 添加），"
          "两台电脑不能共用一个数据库文件，也不能各存一份同时录入（县里只接收一个安装的数据包）")


@dataclass(frozen=True)
class Place:
    """Where a database lies: `kind` (NETWORK, SYNCED, REMOVABLE) and `where`, said to the user (Z:, OneDrive)."""

    kind: str
    where: str
    #: a share of this very PC (\\\\<its name>\\共享, \\\\localhost\\D$): opened by its own disk instead
    here: bool = False


class OnNetwork(SetupError):
    """The database is on a network share: not opened (`refusal`)."""


def place_of(db_path: Path | str) -> Place | None:
    """Where the database `db_path` (or, not made yet, its folder) lies, or None for the PC's own disk. A link or
    junction on the way is followed to where the file really is."""
    if os.environ.get(SKIP_VARIABLE) == "1":
        return None
    # the path as given first: following a link on a share whose server is gone would wait for the network
    if sys.platform == "win32":
        text = ntpath.abspath(str(db_path))
        place = _windows_place(text)
        if place is None and (real := ntpath.realpath(text)) != text:
            text, place = real, _windows_place(real)
        return place or _synced(PureWindowsPath(text))
    path = Path(os.path.abspath(db_path))
    place = _mounted_place(path)
    if place is None and (real := Path(os.path.realpath(path))) != path:
        path, place = real, _mounted_place(real)
    return place or _synced(path)


def refuse_network(db_path: Path | str) -> None:
    """Raise OnNetwork when the database is on a network share."""
    place = place_of(db_path)
    if place is not None and place.kind == NETWORK:
        raise OnNetwork(refusal(db_path, place))


def warned_of(db_path: Path | str) -> Place | None:
    """The place the window and `fazhi` warn of before opening the database: a sync folder, or a stick other than
    the portable mode's own (which has its own word); None on the PC's disk, and on a share (refused instead)."""
    place = place_of(db_path)
    if place is None or place.kind == NETWORK or (place.kind == REMOVABLE and paths.portable()):
        return None
    return place


def refusal(db_path: Path | str, place: Place) -> str:
    risk = "两台电脑同时打开，或者网络在保存时断开，都可能损坏数据库、丢失刚保存的记录。"
    if place.here:  # the PC holding the share, opening it by the share's name as the other PCs did
        return (f"数据库文件在网络共享文件夹上（{place.where}，就是这台电脑共享出去的文件夹），不能按网络路径打开："
                f"\n{db_path}\n\n按网络路径打开时，其他电脑也在用它；{risk}\n\n"
                "请按它在这台电脑硬盘上的位置打开（请技术人员把快捷方式中的 --db 或环境变量 FAZHI_DB 改为硬盘上的位置，"
                f"如 D:\\法治台账\\fazhi.db），并取消这个文件夹的共享，其他电脑不再打开它。{ONE_PC}。")
    return (f"数据库文件在网络共享文件夹上（{place.where}），不能在这里打开：\n{db_path}\n\n"
            f"数据库放在网络上，{risk}\n\n"
            f"请在存放这个数据库的那台电脑上使用法治台账。{ONE_PC}。\n"
            f"{MOVE_BY_BACKUP.format(where='在存放数据库的那台电脑上')}。")


def warning(db_path: Path | str, place: Place) -> str:
    """What the window and `fazhi` say of a database in a sync folder or on a stick (it is opened all the same)."""
    if place.kind == SYNCED:
        return (f"数据库文件在同步盘的文件夹中（{place.where}）：\n{db_path}\n\n同步程序会在保存到一半时上传数据库，"
                "把另一台电脑上的旧数据同步回来覆盖这里的，或另存为“冲突副本”：刚录入的记录会不声不响地丢失，"
                f"数据库也可能损坏。请不要用同步盘在两台电脑之间共用数据库。{ONE_PC}。\n{MOVE_BY_BACKUP.format(where=HERE)}；"
                "备份文件夹放在同步盘里没有问题。")
    return (f"数据库文件在U盘（移动硬盘）上（{place.where}）：\n{db_path}\n\n程序开着时拔下U盘，正在保存的记录会丢失，"
            "数据库可能损坏；U盘丢失，当事人的姓名、身份证号随之泄露。请把数据库放在电脑硬盘上，U盘只用来放备份和数据包。"
            f"\n{MOVE_BY_BACKUP.format(where=HERE)}。一定要用U盘时，先关闭本程序，再“安全删除硬件”后拔下U盘。")


def synced_note(saved: Path | str | None) -> str:
    """What a message about a file just saved adds when it went into a sync client's folder ("" elsewhere): the
    save dialogs start in 文档, which Windows' OneDrive backup (or WPS云盘) moves into the cloud, so a clerk's PDFs
    of parties' names and disputes were uploaded without a word."""
    place = _synced(PurePath(os.path.abspath(saved))) if saved else None
    if place is None or os.environ.get(SKIP_VARIABLE) == "1":
        return ""
    return (f"\n\n注意：这个文件夹在同步盘中（{place.where}），文件会被上传到网盘，其中当事人的姓名、案情等个人信息"
            "随之离开本机。涉及当事人的文书请保存到本机硬盘上不同步的文件夹（如 D:\\法治台账\\文书），"
            "并删除同步盘中的这一份。")


def _windows_place(text: str) -> Place | None:
    drive = ntpath.splitdrive(text)[0]
    upper = drive.upper()
    if upper.startswith("\\\\?\\UNC\\") or (drive.startswith("\\\\") and not upper.startswith("\\\\?\\")):
        host = drive[8 if upper.startswith("\\\\?\\UNC\\") else 2:].split("\\")[0].upper()
        return Place(NETWORK, drive, host in {"LOCALHOST", "127.0.0.1"} or host == _computer_name())
    if upper.startswith("\\\\?\\"):
        drive = ntpath.splitdrive(text[4:])[0]
    kind = drive_type(drive + "\\") if drive else 0
    if kind == DRIVE_REMOTE:
        return Place(NETWORK, f"{drive} 是网络驱动器")
    if kind == media.DRIVE_REMOVABLE:
        return Place(REMOVABLE, drive)
    return None


def _computer_name() -> str | None:
    """This PC's name as Windows gives it (PC1), upper case; None where it is not set."""
    return os.environ.get("COMPUTERNAME", "").upper() or None


def drive_type(root: str) -> int:
    """Windows' type of the drive at `root` (C:\\): DRIVE_REMOTE, media.DRIVE_REMOVABLE, 3 for the PC's disk."""
    import ctypes

    return ctypes.windll.kernel32.GetDriveTypeW(root)  # type: ignore[attr-defined]


def _mounted_place(path: Path) -> Place | None:
    folder = path if path.is_dir() else path.parent
    while not folder.exists() and folder != folder.parent:  # not made yet: the volume it will be made on
        folder = folder.parent
    root, device, kind = media.volume_of(folder)
    if kind in NETWORK_FILE_SYSTEMS and not (kind == "9p" and WSL_DRIVE.fullmatch(device)):
        return Place(NETWORK, f"{device} 挂载于 {root}" if device else str(root))
    if media.removable_mount(root, device):
        return Place(REMOVABLE, str(root))
    return None


def _synced(path: PurePath) -> Place | None:
    for variable in ONEDRIVE_VARIABLES:
        folder = os.environ.get(variable)
        if folder and path.is_relative_to(type(path)(folder)):
            return Place(SYNCED, folder)
    for part in path.parts[:-1]:
        if part.lower().startswith(SYNC_FOLDER_NAMES):
            return Place(SYNCED, part)
    return None

