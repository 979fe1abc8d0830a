"""Where a database's backups go, how many are kept, and when the last one was made.

Kept in `<db stem>-backup.json` beside the database (like `<db stem>-files/` and `<db stem>-keys/`), not inside it:
when the database file is damaged, this is how the program still finds the backups to restore from. Without a
chosen folder, backups go to `<db stem>-backups/` beside the database; a USB stick or another disk is better, and
the settings page says so.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fazhi_desktop.core.atomic import write_bytes_atomic

DEFAULT_KEEP_DAILY = 7
DEFAULT_KEEP_WEEKLY = 4
MAX_KEEP = 365
#: automatic backups: at most one a day while the program runs (and on exit when something changed)
DAILY = timedelta(hours=24)


@dataclass
class BackupSettings:
    folder: str | None = None
    keep_daily: int = DEFAULT_KEEP_DAILY
    keep_weekly: int = DEFAULT_KEEP_WEEKLY
    last_file: str | None = None
    last_at: str | None = None  # UTC ISO-8601, as every time the program stores
    last_source_mtime: float | None = None  # the database's modification time the last backup copied


def settings_path(db_path: Path | str) -> Path:
    """`office.db` -> `office-backup.json` beside it."""
    path = Path(db_path)
    return path.with_name(path.stem + "-backup.json")


def default_folder(db_path: Path | str) -> Path:
    """`office.db` -> `office-backups/` beside it: where backups go until a folder is chosen."""
    path = Path(db_path)
    return path.with_name(path.stem + "-backups")


def backup_folder(db_path: Path | str, settings: BackupSettings | None = None) -> Path:
    """The chosen folder, else the default one beside the database."""
    settings = settings or load_settings(db_path)
    return Path(settings.folder) if settings.folder else default_folder(db_path)


def load_settings(db_path: Path | str) -> BackupSettings:
    """The settings, or the defaults when the file is missing or unreadable (a damaged settings file must never stop
    a backup or a restore)."""
    try:
        data = json.loads(settings_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return BackupSettings()
    if not isinstance(data, dict):
        return BackupSettings()
    settings = BackupSettings()
    if isinstance(data.get("folder"), str) and data["folder"].strip():
        settings.folder = data["folder"]
    for key in ("keep_daily", "keep_weekly"):
        value = data.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            setattr(settings, key, clamp_keep(value))
    for key in ("last_file", "last_at"):
        if isinstance(data.get(key), str):
            setattr(settings, key, data[key])
    if isinstance(data.get("last_source_mtime"), (int, float)):
        settings.last_source_mtime = float(data["last_source_mtime"])
    return settings


def save_settings(db_path: Path | str, settings: BackupSettings) -> None:
    """Write the settings atomically; raises a StorageError (disk full, read-only) naming the file."""
    settings.keep_daily, settings.keep_weekly = clamp_keep(settings.keep_daily), clamp_keep(settings.keep_weekly)
    text = json.dumps(asdict(settings), ensure_ascii=False, indent=2) + "\n"
    write_bytes_atomic(settings_path(db_path), text.encode("utf-8"), "保存备份设置", output=False)  # beside the db


def clamp_keep(value: int) -> int:
    """At least one daily backup is always kept (the newest); weekly may be none."""
    return max(0, min(MAX_KEEP, int(value)))


def database_mtime(db_path: Path | str) -> float:
    """When the database last changed: the newest modification time of the file and its write-ahead log."""
    path = Path(db_path)
    times = []
    for candidate in (path, path.with_name(path.name + "-wal")):
        try:
            times.append(candidate.stat().st_mtime)
        except OSError:
            continue
    return max(times, default=0.0)


def changed_since_backup(db_path: Path | str, settings: BackupSettings | None = None) -> bool:
    """Has the database changed since the last backup (or was none made yet)? A last backup that copied a file
    modified later than now (the PC's clock, which dates files too, ran ahead then) cannot tell: changed."""
    settings = settings or load_settings(db_path)
    if settings.last_source_mtime is None or settings.last_source_mtime > time.time():
        return True
    return database_mtime(db_path) > settings.last_source_mtime


def daily_backup_due(db_path: Path | str, now: datetime, settings: BackupSettings | None = None) -> bool:
    """Is an automatic daily backup due: none in the last 24 hours, and the database changed since the last one?
    A last backup made later than `now` (the clock ran ahead then) is no reason to wait: due."""
    settings = settings or load_settings(db_path)
    if not changed_since_backup(db_path, settings):
        return False
    if settings.last_at is None:
        return True
    try:
        last = datetime.strptime(settings.last_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return True
    return now - last >= DAILY or last > now
