"""USB sticks as the export sees them: which mounted volumes are removable (Linux), and whether a folder is still
on the medium it was on when chosen.

On Linux a stick unmounted (or pulled out) after it was chosen leaves its mount point behind: an empty folder on the
PC's own disk, where a bundle written "to the stick" would land and count as sent.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

#: where desktop systems mount what is plugged in (udisks: /media/<user>/<label>, /run/media/<user>/<label>; macOS)
AUTOMOUNT_PREFIXES = ("/media/", "/run/media/", "/Volumes/")
SYS_BLOCK = Path("/sys/class/block")
MOUNTS = Path("/proc/self/mounts")
DRIVE_REMOVABLE = 2  # GetDriveTypeW: a USB stick or a card reader (a network drive is 4, the PC's own disk 3)
#: what the check before writing and a write that failed half-way both say of a stick no longer there
STICK_GONE = "U盘已拔出或已更换"
#: the largest file a FAT32 volume holds (most sticks come formatted so): 4 GiB less one byte; beyond it EFBIG
FAT_MAX_FILE = 4 * 1024**3 - 1
#: the kernel's names for FAT (/proc/self/mounts); exFAT ("exfat", "fuseblk") holds larger files
FAT_TYPES = frozenset({"vfat", "msdos", "fat", "umsdos", "fuse.fusefat"})


def removable_volume(root: Path, device: str) -> bool:
    """Is the volume at `root` (mounted from `device` on Linux) a USB stick or other removable medium? Windows asks
    the drive's type; Linux and macOS `removable_mount`."""
    if sys.platform == "win32":
        import ctypes

        return ctypes.windll.kernel32.GetDriveTypeW(str(root)) == DRIVE_REMOVABLE  # type: ignore[attr-defined]
    return removable_mount(root, device)


def removable_mount(root: Path, device: str) -> bool:
    """Is the volume mounted at `root` from `device` (/dev/sdb1) a USB stick or other removable medium (Linux,
    macOS)? Whatever the system mounted under /media, /run/media or /Volumes is; under /mnt only a device the
    kernel calls removable or USB (a network share, a second disk or a system mount there is not a stick)."""
    text = root.as_posix()
    if text.startswith(AUTOMOUNT_PREFIXES):
        return True
    return text.startswith("/mnt/") and device_removable(device)


def device_removable(device: str) -> bool:
    """Does the kernel say the block device (/dev/sdb1, or its disk) is removable, or attached by USB?"""
    if not device.startswith("/dev/"):
        return False  # tmpfs, a network share, an overlay
    try:
        real = (SYS_BLOCK / Path(device).name).resolve(strict=True)
    except OSError:
        return False
    if "/usb" in real.as_posix():  # USB hard disks and some sticks say removable 0
        return True
    for folder in (real, real.parent):  # a partition's own folder has no `removable`; its disk's has
        try:
            return (folder / "removable").read_text().strip() == "1"
        except OSError:
            continue
    return False


@dataclass(frozen=True)
class Placement:
    """Where a chosen folder was: its device number, whether it was a mount point (None: it was not there), and
    whether it was on a removable medium (a stick, not a network folder nor the PC's own disk)."""

    folder: Path
    device: int | None
    mount_point: bool
    removable: bool = False


def placement(folder: Path) -> Placement:
    """Note which medium `folder` is on now, to compare just before writing (`medium_changed`)."""
    device = _device(folder)
    root = _volume_root(folder)
    return Placement(folder, device, device is not None and os.path.ismount(folder),
                     device is not None and removable_volume(root, _mounted_from(root)))


def medium_changed(chosen: Placement) -> str | None:
    """Why `chosen.folder` is no longer on the medium it was on when chosen (the stick was pulled out or unmounted,
    or another put in), or None. A folder now missing is left to the writer, which says so."""
    now = _device(chosen.folder)
    if chosen.device is None or now is None:
        return None
    if now != chosen.device or (chosen.mount_point and not os.path.ismount(chosen.folder)):
        return (f"{STICK_GONE}：{chosen.folder} 已不是选择时的那个U盘（现在写入会写到电脑的硬盘上）。"
                "请插好U盘，点“上一步”重新选择后再导出")
    return None


def medium_gone(chosen: Placement) -> bool:
    """Was `chosen.folder` on a stick now gone (Windows: the drive letter of a stick pulled out) or on another medium
    (Linux: the mount point left behind)? Asked when a write failed, to say why. A network folder or one on the PC's
    disk that cannot be looked at any more (the network dropped) is not a pulled stick."""
    return chosen.removable and (_device(chosen.folder) is None or medium_changed(chosen) is not None)


def fat_volume(folder: Path) -> bool:
    """Is `folder` on a FAT (FAT32) volume, which holds no file of 4 GiB or more (`FAT_MAX_FILE`)? Windows asks the
    volume's file system; Linux reads the mount's type; False where neither says (macOS)."""
    if sys.platform == "win32":
        return windows_file_system(folder).upper().startswith("FAT")  # FAT, FAT32; not exFAT, NTFS
    return volume_of(folder)[2] in FAT_TYPES


def windows_file_system(folder: Path) -> str:
    """The file system of the Windows volume `folder` is on (NTFS, FAT32, exFAT), or "" when not known."""
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    root = ctypes.create_unicode_buffer(261)
    name = ctypes.create_unicode_buffer(261)
    if not kernel32.GetVolumePathNameW(str(folder), root, len(root)):
        return ""
    if not kernel32.GetVolumeInformationW(root, None, 0, None, None, None, name, len(name)):
        return ""
    return name.value


def _volume_root(folder: Path) -> Path:
    """The root of the volume `folder` is on: its mount point (Linux, macOS), its drive (E:\\, \\\\server\\share\\).
    A folder reached through a symlink (~/U盘 → /media/…) is on the volume the link leads to (Linux, macOS)."""
    path = Path(os.path.abspath(folder) if sys.platform == "win32" else os.path.realpath(folder))
    while not os.path.ismount(path) and path != path.parent:
        path = path.parent
    return path


def _mounted_from(root: Path) -> str:
    """The device the volume at `root` is mounted from (/dev/sdb1), as the kernel lists it; "" where it does not."""
    return mount_of(root)[0]


def volume_of(folder: Path) -> tuple[Path, str, str]:
    """The volume `folder` is on (Linux, macOS): its mount point, the device it is mounted from (/dev/sdb1,
    //pc1/共享) and its file system's type (ext4, cifs); "" for those the kernel does not list."""
    root = _volume_root(folder)
    return (root, *mount_of(root))


def mount_of(root: Path) -> tuple[str, str]:
    """The device the volume at `root` is mounted from and its file system's type; ("", "") where not listed."""
    try:
        lines = MOUNTS.read_text(encoding="utf-8", errors="surrogateescape").splitlines()
    except OSError:
        return "", ""
    found = ("", "")
    for line in lines:  # the last mount on `root` is the one seen there
        fields = line.split()
        if len(fields) > 2 and _unescaped(fields[1]) == str(root):
            found = (_unescaped(fields[0]), fields[2])
    return found


def _unescaped(field: str) -> str:
    """A field of /proc/self/mounts as the path it names (a space is written \\040 there)."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def _device(folder: Path) -> int | None:
    try:
        return os.stat(folder).st_dev
    except OSError:
        return None
