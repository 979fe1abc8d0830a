"""The names the program gives the files it writes onto a USB stick or into a folder the clerk chose, for another
office or for safekeeping: a bundle, a backup, a receipt and its signature. Only files of these names (unfinished:
core/atomic.py's temporary files) are ever removed from such a folder (core/leftovers.remove_parts)."""

from __future__ import annotations

import re
from pathlib import Path

from fazhi_desktop.core.backup.rotation import parse_name

#: fazhi-<township>-<sequence>[-<n>].tar.age: `-n` when a file of the plain name was on the stick (bundle/export.py)
BUNDLE_NAME = re.compile(r"^fazhi-(?P<township>\d{6,12})-(?P<sequence>\d{6,})(?:-(?P<n>\d{1,3}))?\.tar\.age$",
                         re.IGNORECASE)
#: a bundle written in parts onto a FAT32 stick: its parts `….tar.age.001`, … and its list `….tar.age.sha256`
#: (core/file_parts.py)
BUNDLE_PART_NAME = re.compile(r"^fazhi-\d{6,12}-\d{6,}(?:-\d{1,3})?\.tar\.age\.(?:\d{3}|sha256)$", re.IGNORECASE)
#: fazhi-receipt-<township>-<through>.json and its .minisig (bundle/receipts.py)
RECEIPT_NAME = re.compile(r"^fazhi-receipt-\d{6,12}-\d{6,}\.json(?:\.minisig)?$", re.IGNORECASE)


def program_output(name: str) -> bool:
    """Is `name` one the program gives a bundle, a backup (or a part or the list of one in parts), a receipt or a
    receipt's signature?"""
    from fazhi_desktop.core.file_parts import joined_path  # a backup in parts: its parts and list too

    return bool(BUNDLE_NAME.match(name) or BUNDLE_PART_NAME.match(name) or RECEIPT_NAME.match(name)) \
        or parse_name(joined_path(Path(name))) is not None


#: what a Mac writes onto a FAT or exFAT stick: a 4 KB "._" (AppleDouble) file beside every file it copies, and its
#: folder index; Windows' own hidden files: never the clerk's, passed over without a word
MAC_FILES = (".DS_Store",)
QUIET_FILES = frozenset({"desktop.ini", "thumbs.db", "autorun.inf"})
MAC_SAID = "苹果电脑留下的附属文件（._ 开头，不是数据包，可以删除）"


def mac_leftover(name: str) -> bool:
    """Is `name` a file a Mac left on the stick (._fazhi-640522100-000001.tar.age, .DS_Store), not a bundle?"""
    return name.startswith("._") or name in MAC_FILES


def skipped_text(folder: Path, taken: list[Path]) -> str | None:
    """What a folder import passes over among the files of `folder` (a stick; not its sub-folders) besides the
    bundles `taken`, in one line for the county to read, or None: a Mac's "._" files, receipts, a temporary file an
    export cut off left, anything else by name. A Windows or Linux hidden file is not said."""
    from fazhi_desktop.core.atomic import part_of  # atomic is not needed by the other names here

    try:
        names = sorted(p.name for p in folder.iterdir() if p.is_file())
    except OSError:
        return None
    mac, receipts, parts, others = [], [], [], []
    from fazhi_desktop.core.file_parts import joined_path

    joined = {p.name for p in taken}
    for name in set(names) - joined:
        if joined_path(Path(name)).name in joined:  # a part of a bundle in parts, or its list: taken with it
            continue
        if mac_leftover(name):
            mac.append(name)
        elif RECEIPT_NAME.match(name):
            receipts.append(name)
        elif part_of(name) is not None:
            parts.append(name)
        elif not name.startswith(".") and name.lower() not in QUIET_FILES:
            others.append(name)
    said = [f"{len(mac)} 个{MAC_SAID}"] * bool(mac)
    said += [f"{len(receipts)} 个回执文件（县里写给乡镇的，不用导入）"] * bool(receipts)
    said += [f"{len(parts)} 个未写完的临时文件（写到一半时被中断，不是数据包）"] * bool(parts)
    if others:
        others.sort()
        said.append("、".join(others[:3]) + (f" 等 {len(others)} 个文件" if len(others) > 3 else ""))
    count = len(mac) + len(receipts) + len(parts) + len(others)
    return f"{folder} 中另有 {count} 个文件不是数据包，已跳过：{'；'.join(said)}" if said else None


def mac_leftovers_text(paths: list[Path]) -> str | None:
    """The Mac's "._" files among the files a clerk picked (Ctrl+A in the file dialog), said as passed over."""
    mac = [p.name for p in paths if mac_leftover(p.name)]
    if not mac:
        return None
    return f"已跳过 {len(mac)} 个{MAC_SAID}：{'、'.join(mac[:3])}{' 等' if len(mac) > 3 else ''}"
