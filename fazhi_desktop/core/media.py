"""USB sticks as the export sees them: which mounted volumes are removable (Linux), and whether a folder is still
on the medium it was on when chosen.

On Linux a stick unmounted (or pulled out) after it was chosen leaves its mount point behind: an empty folder on the
PC's own disk, where a bundle written "to the stick" would land and count as sent.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: where desktop systems mount what is plugged in (udisks: /media/<user>/<label>, /run/media/<user>/<label>; macOS)
AUTOMOUNT_PREFIXES = ("/media/", "/run/media/", "/Volumes/")
SYS_BLOCK = Path("/sys/class/block")
#: what the check before writing and a write that failed half-way both say of a stick no longer there
STICK_GONE = "U盘已拔出或已更换"


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
    """Where a chosen folder was: its device number and whether it was a mount point (None: it was not there)."""

    folder: Path
    device: int | None
    mount_point: bool


def placement(folder: Path) -> Placement:
    """Note which medium `folder` is on now, to compare just before writing (`medium_changed`)."""
    device = _device(folder)
    return Placement(folder, device, device is not None and os.path.ismount(folder))


def medium_changed(chosen: Placement) -> str | None:
    """Why `chosen.folder` is no longer on the medium it was on when chosen (the stick was pulled out or unmounted,
    or another put in), or None. A folder now missing is left to the writer, which says so."""
    now = placement(chosen.folder)
    if chosen.device is None or now.device is None:
        return None
    if now.device != chosen.device or (chosen.mount_point and not now.mount_point):
        return (f"{STICK_GONE}：{chosen.folder} 已不是选择时的那个U盘（现在写入会写到电脑的硬盘上）。"
                "请插好U盘，点“上一步”重新选择后再导出")
    return None


def medium_gone(chosen: Placement) -> bool:
    """Is `chosen.folder` gone (Windows: the drive letter of a stick pulled out) or on another medium (Linux: the
    mount point left behind)? Asked when a write failed, to say why."""
    return _device(chosen.folder) is None or medium_changed(chosen) is not None


def _device(folder: Path) -> int | None:
    try:
        return os.stat(folder).st_dev
    except OSError:
        return None
