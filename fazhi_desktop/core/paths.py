"""Where things live: shipped resources (from source or frozen) and the user's data directory; which version runs."""

from __future__ import annotations

import functools
import os
import re
import sys
from pathlib import Path

APP_DIR_NAME = "fazhi-desktop"
PORTABLE_MARKER = "portable.txt"


@functools.cache
def app_version() -> str:
    """The installed package's version, as bundles and backups record it ("unknown" in a frozen build made
    without the package's metadata). Read once a process: the package's metadata holds the whole README (400 KB),
    ~20 ms to parse, and every new database, bundle, receipt and backup asked again."""
    from importlib import metadata

    try:
        return metadata.version("fazhi-desktop")
    except metadata.PackageNotFoundError:
        return "unknown"


def shown_version() -> str:
    """`app_version` as the program shows it to a person (关于法治台账, `fazhi --version`, the self-test): 0.1.0, or
    （版本未知）."""
    version = app_version()
    return "（版本未知）" if version == "unknown" else version


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


def fazhi_command() -> str:
    """`fazhi` as a clerk types it in a command window: the installed program's fazhi.exe by its full path, quoted
    (the installer puts it on no PATH), else `fazhi` (installed from source)."""
    if getattr(sys, "frozen", False):
        return f'"{program_dir() / "fazhi.exe"}"'
    return "fazhi"


#: said once when the program first runs in portable mode (a file in the data folder remembers it was said)
PORTABLE_RISK = ("本程序以便携模式运行（程序旁有 portable.txt）：数据库、附件和密钥都保存在程序旁的 data 文件夹中，"
                 "没有加密。U盘丢失或被人拿走，上面当事人的姓名、身份证号和电话都能被读出。\n\n"
                 "请只在从不离开办公室的U盘上使用便携模式，或先用 BitLocker To Go 给这个U盘加密；"
                 "否则请把程序安装到办公室的电脑上使用。")
PORTABLE_RISK_SAID = "便携模式风险已提示.txt"


def portable() -> bool:
    """Does the program keep its data beside itself (a `portable.txt` next to it, for running from a USB stick)?"""
    return (program_dir() / PORTABLE_MARKER).exists()


def data_dir() -> Path:
    """The user's data directory; beside the program in portable mode (a `portable.txt` marker there)."""
    if portable():
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
#: the longest name the program makes, in bytes of UTF-8: Linux allows 255 bytes (a Chinese character takes three,
#: so 97 characters of a meeting's title were too many), NTFS and FAT 255 UTF-16 units, which a count of UTF-8 bytes
#: never undercounts; well under both, so that "-2", a temporary ".<name>.XXXXXXXX.part" and a clerk's own few
#: characters still fit
NAME_BYTES = 180
#: ... and in characters: Windows' paths stop at 260 characters, folder included
NAME_CHARS = 120
#: a name cut to fit keeps this many characters of its end
KEEP_END = 8


def shorten(text: str, max_bytes: int, max_chars: int | None = None) -> str:
    """`text` cut at a character boundary to at most `max_bytes` bytes of UTF-8 (and `max_chars` characters)."""
    text = text[:max_chars] if max_chars is not None else text
    encoded = text.encode("utf-8", "surrogatepass")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max(max_bytes, 0)].decode("utf-8", "ignore")


def fit_name(stem: str, tail: str = "") -> str:
    """`stem` + `tail` as a file name of at most NAME_BYTES bytes and NAME_CHARS characters. The stem (a title, a
    database's name) is cut in its middle, marked "…", keeping its last KEEP_END characters ("…第二次会议纪要":
    what tells a meeting's 纪要 from its 签到表, or two meetings apart); never the tail (an extension, a date, the
    number that tells two backups apart)."""
    room, chars = NAME_BYTES - len(tail.encode("utf-8", "surrogatepass")), NAME_CHARS - len(tail)
    if shorten(stem, room, chars) == stem:
        return stem + tail
    if len(stem) <= 2 * KEEP_END:  # nothing worth keeping at both ends
        return shorten(stem, room, chars).rstrip(" ") + tail
    end = "…" + stem[-KEEP_END:]
    head = shorten(stem[:-KEEP_END], room - len(end.encode("utf-8", "surrogatepass")), chars - len(end))
    return head.rstrip(" ") + end + tail


def safe_file_name(text: str, fallback: str, extension: str = "") -> str:
    """`text` as a file name every system accepts: without the characters Windows forbids, the trailing dots and
    spaces it drops, or its device names (CON, NUL, COM1 ...); short enough (`fit_name`), keeping the extension:
    `extension` (".pdf") when given, else the one `text` ends with."""
    name = _UNSAFE.sub("_", text).strip().rstrip(". ") or fallback
    if name.split(".")[0].upper() in _RESERVED:  # NUL.txt and NUL.tar.gz are the device too
        name = "_" + name
    if extension:
        return fit_name(name, extension)
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    if len(extension) > 10:  # not an extension: a dot inside a title
        stem, extension, dot = name, "", ""
    return fit_name(stem, dot + extension)
