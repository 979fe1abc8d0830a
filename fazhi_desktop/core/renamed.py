"""A database file renamed or moved without the files beside it: `office.db` became `fazhi.db`, and its attachments
(`office-files/`), keys (`office-keys/`) and backup settings (`office-backup.json`) kept the old name. Every such
path is the database's name plus a suffix, so the renamed database finds none of them: its attachments look deleted,
its signing key missing, and a backup would go out without them under a new recovery code.

`find` notices it: the database registered attachments or a key, its own folder for them is not there, and a folder
beside it under another name holds them, where no database of that name sits beside it or that one is of the same
office (same township or county code: two offices in one folder share files, such as a county notice every township
attaches, and another county database's `county-sign.pub` is not this one's). Then every command and the window say
so (`str(Renamed)`), and what would do harm refuses with that text (`refuse`: creating a key, a backup, an export, a
restore; `fazhi check` says it instead of advising to delete the attachments)."""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fazhi_desktop.core import settings
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.failures import StorageError

if TYPE_CHECKING:
    from fazhi_desktop.core.store import Store

#: what lives beside `<stem>.db` under its name, in the order the message names them
SIBLINGS = ("-files", "-keys", "-backup.json", "-backups")
#: in the name a restore keeps the current files under (`office-before-restore-<time>-files`, core/backup/swap.py)
AFTER_RESTORE = "-before-restore-"
#: how many registered attachments are looked for in a folder of another name
_LOOKED_FOR = 20


@dataclass(frozen=True)
class Renamed:
    """Database `path` whose attachments and keys are under the name `old` (`office` for `office-files`)."""

    path: Path
    old: str

    def __str__(self) -> str:
        parent, new, suffix = self.path.parent, self.path.stem, self.path.suffix
        restored = AFTER_RESTORE in self.old  # restored from a backup without them: the current ones set aside
        kept = [s for s in SIBLINGS if (parent / (self.old + s)).exists()
                and not (restored and (parent / (new + s)).exists())]  # (what the backup brought back stays)
        olds, news = "、".join(self.old + s for s in kept), "、".join(new + s for s in kept)
        original = f"{self.old}{suffix}"
        if restored:
            return (f"{olds} 是从备份恢复之前保留下来的，所恢复的备份没有带上其中的附件或密钥：请把它们复制为 "
                    f"{news}（恢复前的数据库也保留为 {original}）")
        if (parent / original).exists():  # copied, not renamed: the original still needs its own files
            return (f"数据库文件是从 {original} 复制来的，附件、密钥和备份设置还在 {olds} 中：请把它们一并复制为 "
                    f"{news}（或改用原来的数据库 {original}）")
        return f"数据库文件改过名：请把 {olds} 一并改名为 {news}（或把数据库改回原名 {original}）"


def find(path: Path | None, conn: sqlite3.Connection) -> Renamed | None:
    """`path`'s database renamed away from its attachments or keys (see the module docstring), else None."""
    if path is None:
        return None
    try:
        shas = [r[0] for r in conn.execute("SELECT sha256 FROM attachments LIMIT ?", [_LOOKED_FOR])]
        keys = settings.among(conn, ("signing_key.id", "county_key.created", "county_key.id"))
        office = settings.office(conn).township
    except sqlite3.Error:  # not set up, or damaged: the open says so
        return None
    files_lost = bool(shas) and not path.with_name(path.stem + "-files").is_dir()
    keys_lost = bool(keys) and not path.with_name(path.stem + "-keys").is_dir()
    if not (files_lost or keys_lost):
        return None
    with contextlib.suppress(OSError):
        for folder in sorted(path.parent.iterdir()):
            old = _stem_of(folder.name)
            if old is None or old == path.stem or not folder.is_dir():
                continue
            if ((files_lost and folder.name.endswith("-files") and _holds_files(folder, shas)) or
                    (keys_lost and folder.name.endswith("-keys") and _holds_key(folder, keys))) and \
                    _same_office(path.with_name(old + path.suffix), office):
                return Renamed(path, old)
    return None


def remember_county_key(store: Store) -> None:
    """A county database whose key was made before the seventeenth session kept no `county_key.id`: `_holds_key`
    then took any folder holding a county key (another county database's beside it) for its own. Opened beside its
    own folder of keys (named after the database itself, never another), it records that key's id (one settings
    write); renamed away from it, or with no key there, nothing. Quietly: a file it cannot write to (read-only, another
    program writing, the disk full) is left for the next open."""
    if store.path is None or not store.setting("county_key.created") or store.setting("county_key.id"):
        return
    from fazhi_desktop.core.bundle.keys import COUNTY_PUBLIC

    key_id = key_id_of(store.path.with_name(store.path.stem + "-keys") / COUNTY_PUBLIC)
    if key_id is not None:
        with contextlib.suppress(sqlite3.Error, StorageError):  # (the write path turns SQLite's into StorageError)
            store.set_settings(**{"county_key.id": key_id})


def said(path: Path | None, conn: sqlite3.Connection, undone: str) -> str | None:
    """The way out and what is not done until then (`undone`: one of the texts below), when database `path` was
    renamed away from its files; else None."""
    renamed = find(path, conn)
    return f"{renamed}。改好之前{undone}" if renamed is not None else None


def said_of_file(path: Path, undone: str) -> str | None:
    """`said` for the database file at `path`, read without writing (None when it is missing or unreadable: a
    damaged file registers nothing that can be looked for)."""
    from fazhi_desktop.core import db as dbmod

    with dbmod.read_only(path) as peek:
        return said(path, peek, undone) if peek is not None else None


def refuse(path: Path | None, conn: sqlite3.Connection, undone: str) -> None:
    """Raise `said`'s text when database `path` was renamed away from its files."""
    text = said(path, conn, undone)
    if text is not None:
        raise FazhiError(text)


#: what waits for the files to be renamed too (`said`, `refuse`)
NO_EXPORT = "不能导出数据包：本所的签名密钥和附件都在原来的名字下"
NO_BACKUP = "不做备份：备份会缺少附件和密钥，还会另生成一个恢复码"
NO_KEY = "不能创建密钥：本所的密钥还在原来的名字下，新密钥须到县里重新登记"
NO_RESTORE = "不能从备份恢复：恢复的附件和密钥会放在新名字下，原来的留在旧名字下，备份设置也会回到默认"


def _same_office(other: Path, office: str | None) -> bool:
    """Whether the folders of database `other` may be this office's: `other` is gone (renamed away) or has the same
    township or county code; read without writing."""
    from fazhi_desktop.core import db as dbmod

    return not other.exists() or (office is not None and dbmod.peek_setting(other, "township") == office)


def _stem_of(name: str) -> str | None:
    for suffix in ("-files", "-keys"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name.removesuffix(suffix)
    return None


def _holds_files(folder: Path, shas: list[str]) -> bool:
    return any((folder / sha[:2] / sha).is_file() for sha in shas)


def _holds_key(folder: Path, keys: dict[str, str]) -> bool:
    """The township key this database registered (by its id), or the county's key where the county made one (by
    its id too where it was kept: keys made before the seventeenth session were not)."""
    from fazhi_desktop.core.bundle.keys import COUNTY_PUBLIC, TOWNSHIP_PUBLIC

    if keys.get("county_key.created") and (folder / COUNTY_PUBLIC).is_file():
        return keys.get("county_key.id") in (None, key_id_of(folder / COUNTY_PUBLIC))
    return key_id_of(folder / TOWNSHIP_PUBLIC) == keys.get("signing_key.id")


def key_id_of(public_file: Path) -> str | None:
    """The id of the minisign public key in `public_file`, None when it is missing or not one."""
    from fazhi_desktop.core.bundle import minisign

    try:
        return minisign.parse_public_key(public_file.read_text(encoding="utf-8")).key_id_hex
    except (OSError, ValueError, FazhiError):
        return None
