"""Where things live: shipped resources (from source or frozen) and the user's data directory; which version runs."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

APP_DIR_NAME = "fazhi-desktop"
PORTABLE_MARKER = "portable.txt"


def app_version() -> str:
    """The installed package's version, as bundles and backups record it ("unknown" in a frozen build made
    without the package's metadata)."""
    from importlib import metadata

    try:
        return metadata.version("fazhi-desktop")
    except metadata.PackageNotFoundError:
        return "unknown"


def resource_root() -> Path:
    """The folder holding `forms/` and `resources/`: the repository from source, the bundle dir when frozen."""
    frozen_dir = getattr(sys, "_MEIPASS", None)
    if frozen_dir:
        return Path(frozen_dir)
    return Path(__file__).resolve().parents[2]


def resource(*parts: str) -> Path:
    """A file under `resources/`."""
    return resource_root().joinpath("resources", *parts)


def program_dir() -> Path:
    """The folder of the running program (the executable when frozen)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return resource_root()


def data_dir() -> Path:
    """The user's data directory; beside the program in portable mode (a `portable.txt` marker there)."""
    if (program_dir() / PORTABLE_MARKER).exists():
        return program_dir() / "data"
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR_NAME


def opened_attachments_dir() -> Path:
    """Where copies of attachments opened in the system's viewer go (core/attachments.viewable_copy)."""
    return data_dir() / "opened"


def default_db_path() -> Path:
    """`FAZHI_DB` if set, else `fazhi.db` in the data directory."""
    env = os.environ.get("FAZHI_DB")
    return Path(env) if env else data_dir() / "fazhi.db"


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}


def safe_file_name(text: str, fallback: str) -> str:
    """`text` as a file name every system accepts: without the characters Windows forbids, the trailing dots and
    spaces it drops, or its device names (CON, NUL, COM1 ...); at most 120 characters, keeping the extension."""
    name = _UNSAFE.sub("_", text).strip().rstrip(". ") or fallback
    if name.split(".")[0].upper() in _RESERVED:  # NUL.txt and NUL.tar.gz are the device too
        name = "_" + name
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    if len(extension) > 10:  # not an extension: a dot inside a title
        stem, extension, dot = name, "", ""
    return stem[: 120 - len(dot + extension)] + dot + extension
