"""Backups of an office's data (database, attachments, keys) into one encrypted file, with rotation, and restoring
one.

    archive.py   the backup's ZIP: members, manifest, opening it safely
    sealing.py   the encryption (age) that makes a backup on a lost USB stick unreadable; the recovery code
    create.py    making a backup (SQLite online backup API, atomic write, rotation)
    copy_check.py `fazhi check` on the database copy of a backup being made or restored
    work.py      the private work folder: beside the database, else the temp folder when that disk lacks room or
                 cannot be written; a restore's decrypted archive moved out of the room its unpacking needs
    rotation.py  finding a database's backups; keeping the last N daily and N weekly
    offer.py     which backup to offer for a database that cannot be used, and the command that restores it
    restoring.py checking a backup completely, keeping the current data aside, swapping (`restore`)
    swap.py      the swap itself: nobody writing, the current files aside, the restored ones in, undone on failure
    journal.py   the swap's renames written down first: a restore cut in the middle is finished on the next open
    carry.py     the reveal log's and account log's entries since the backup, carried into the restored database
    config.py    the backup folder and how many to keep (`<db stem>-backup.json` beside the database)

Long jobs: `create_backup` and `prepare_restore` take `progress` (core/jobs.py) and stop when it raises Cancelled.
The names below are loaded when first used: the desktop program imports this package at start-up, and making or
restoring a backup is rare.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "BackupError": "archive", "Manifest": "archive",
    "BackupSettings": "config", "backup_folder": "config", "changed_since_backup": "config",
    "daily_backup_due": "config", "load_settings": "config", "save_settings": "config",
    "Offer": "offer", "backup_to_offer": "offer", "restore_by_command": "offer",
    "BackupResult": "create", "create_backup": "create",
    "MismatchedRecords": "restoring", "OtherOffice": "restoring", "PreparedRestore": "restoring",
    "RestoreResult": "restoring",
    "prepare_restore": "restoring", "restore": "restoring",
    "RecoveryCodeNeeded": "sealing", "WrongRecoveryCode": "sealing", "load_key": "sealing",
    "mark_code_shown": "sealing", "with_recovery_code": "sealing",
    "BackupFile": "rotation", "latest_backup": "rotation", "list_backups": "rotation",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
