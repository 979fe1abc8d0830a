"""Backups of an office's data (database, attachments, keys) into one ZIP file, with rotation, and restoring one.

    archive.py   the file format: members, manifest, opening a backup safely
    create.py    making a backup (SQLite online backup API, atomic write, rotation)
    rotation.py  finding a database's backups; keeping the last N daily and N weekly
    restore.py   checking a backup completely, keeping the current data aside, swapping
    config.py    the backup folder and how many to keep (`<db stem>-backup.json` beside the database)
    atomic.py    writing a file so that it appears complete or not at all

Long jobs: `create_backup` and `prepare_restore` take `progress` (core/jobs.py) and stop when it raises Cancelled.
"""

from fazhi_desktop.core.backup.archive import BackupError, Manifest
from fazhi_desktop.core.backup.config import (
    BackupSettings,
    backup_folder,
    changed_since_backup,
    daily_backup_due,
    load_settings,
    save_settings,
)
from fazhi_desktop.core.backup.create import BackupResult, create_backup
from fazhi_desktop.core.backup.restore import OtherOffice, PreparedRestore, RestoreResult, prepare_restore, restore
from fazhi_desktop.core.backup.rotation import BackupFile, latest_backup, list_backups

__all__ = [
    "BackupError", "BackupFile", "BackupResult", "BackupSettings", "Manifest", "OtherOffice", "PreparedRestore",
    "RestoreResult",
    "backup_folder", "changed_since_backup", "create_backup", "daily_backup_due", "latest_backup", "list_backups",
    "load_settings", "prepare_restore", "restore", "save_settings",
]
