"""Which backup to offer for a database that cannot be used (damaged, empty, never set up): the same one in the
window's question at start (qt/safety.py), in the command its message and `fazhi check` print (`restore_by_command`),
and what a restore of such a file says of the backup's office (restoring.py).

Two offices' databases may have the same name (`fazhi.db`) and back up to one stick, so the name of the file says
nothing of whose backups are whose; a backup's name says its office (rotation.py). The office this PC's data is
(`own_office`) is what the backup settings beside the database say (the last backup made here), else that of the
backups sealed with the key in its keys folder (the key.age every backup carries). Only that office's backups are
offered. When neither says, and the backup folders hold backups of more than one office, none is offered: the clerk
is asked to pick her office's own. Of those, the newest that passed the record check, else the newest; one named
later than now only when there is no other (rotation.newest_first).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fazhi_desktop.core import divisions
from fazhi_desktop.core.backup import config, in_parts, sealing
from fazhi_desktop.core.backup.archive import ZIP_ERRORS, BackupError
from fazhi_desktop.core.backup.rotation import BackupFile, list_backups, newest_first, parse_name
from fazhi_desktop.core.clock import Clock, local_now, system_clock
from fazhi_desktop.core.paths import fazhi_command


@dataclass(frozen=True)
class Offer:
    """The backup to offer (None: none found, or several offices' and none known to be this PC's), the newest of
    that office's (newer than the one offered when that failed the record check), and, when none is offered for not
    knowing whose, the newest backup of each office found."""

    backup: BackupFile | None = None
    newest: BackupFile | None = None
    offices: tuple[BackupFile, ...] = ()
    #: the office this PC's data is of (`own_office`), when known
    own: str | None = None


def backup_to_offer(db_path: Path | str, *, clock: Clock = system_clock) -> Offer:
    """The backup to offer for the database at `db_path`, from its configured and its default backup folder (the
    module docstring)."""
    db_path = Path(db_path)
    folders = dict.fromkeys([config.backup_folder(db_path), config.default_folder(db_path)])
    found = newest_first([b for folder in folders for b in list_backups(folder, db_path.stem, clock=clock)
                          if not b.broken], local_now(clock))
    codes = list(dict.fromkeys(b.code for b in found))
    own = own_office(db_path, [(b.path, b.code) for b in found])
    if own is None and len(codes) > 1:
        return Offer(offices=tuple(next(b for b in found if b.code == code) for code in codes))
    found = [b for b in found if own is None or b.code == own]
    newest = found[0] if found else None
    return Offer(next((b for b in found if not b.failed), newest), newest, own=own)


def own_office(db_path: Path, backups: Iterable[tuple[Path, str]]) -> str | None:
    """The office code this PC's data at `db_path` is of, by its backup settings (the last backup made here), else
    by its keys folder: the office of the first of `backups` (file, its office's code) sealed with its backup key.
    None when neither says."""
    last = config.load_settings(db_path).last_file
    made = parse_name(Path(last)) if last else None
    if made is not None:
        return made.code
    key = sealing.readable_key(db_path)
    if key is None:
        return None
    return next((code for path, code in backups if (sealed := sealed_identity(path)) is not None and key.holds(sealed)),
                None)


def sealed_identity(backup: Path) -> bytes | None:
    """A backup's key.age (the backup key it was sealed with, itself sealed with that key's recovery code), or None:
    a backup of an earlier version (not encrypted), or a file that cannot be read."""
    with contextlib.suppress(OSError, KeyError, BackupError, *ZIP_ERRORS), in_parts.zip_of(backup) as outer:
        return outer.read(sealing.KEY)
    return None


def restore_by_command(db_path: Path | str, offer: Offer) -> str:
    """"用命令恢复…" and the `fazhi restore` command for the database at `db_path` on a line of its own, last, with
    nothing after it: a clerk copies the line whole (a 。 after the command was copied with it). It names the backup
    offered; with several offices' backups and none known to be this PC's, the newest of each, each on its line, and
    the command with the one to put in; with none found, the backup folder the settings say (a stick not plugged in)
    on its own line, and the file name to put in its place."""
    db_path = Path(db_path).absolute()
    command = f'{fazhi_command()} --db "{db_path}" restore '
    backup = offer.backup
    if backup is not None:
        which = "最近一份备份" if backup is offer.newest else "最近一份通过检查的备份"
        return f'用命令恢复（{which}，{backup.taken:%Y-%m-%d %H:%M}）：\n{command}"{backup.path}"'
    if offer.offices:
        listed = [f"{divisions.town_label(b.code)}：{b.path}" for b in offer.offices]
        return ("用命令恢复。备份文件夹中有几个单位的备份，不知道哪一个是本单位的（文件名中“-backup-”后面是单位代码）。"
                "各单位最近一份备份：\n" + "\n".join(listed)
                + f'\n请只用本单位自己的备份，把命令中的“本单位的备份”换成它：\n{command}"本单位的备份"')
    folder = config.backup_folder(db_path)
    whose = f"{divisions.town_label(offer.own)}的" if offer.own else ""
    found = f"其中没有找到{whose}备份" if folder.is_dir() else "现在找不到：存放备份的U盘插上了吗？"
    return (f"用命令恢复。备份文件夹（{found}）：\n{folder}\n把命令中的“备份文件名”换成其中最近一份备份的文件名"
            f'（文件名中有备份日期）：\n{command}"{folder / "备份文件名.zip"}"')
