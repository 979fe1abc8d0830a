"""Finding a database's backups in a folder, and keeping the last N daily and N weekly ones.

A backup's name says whose and when: `<db stem>-backup-<office code>-<YYYYMMDD>-<HHMMSS>.zip` (local time), e.g.
`fazhi-backup-640522100-20260601-173015.zip`; a database's name too long for that is cut (`name_stem`). Rotation
keeps the newest backup of each of the last `keep_daily` days that have backups and the newest of each of the last
`keep_weekly` ISO weeks that have backups; the others are deleted; the newest `KEEP_LATEST` are kept whatever their
day, so a backup made right after a mistake (the window closing after a morning's wrong deletions) does not replace
the morning's. Days and weeks are counted among those with backups, not on the calendar: a PC left off for a month
does not lose its last backups. Files of other databases, and anything not named like a backup, are never touched.

A backup whose database copy failed the record check (`fazhi check`: a record changed outside the program) is named
`…-<HHMMSS>-check-failed.zip`: restoring it needs a confirmation (restoring.py). Rotation keeps what it would keep
of all backups and, besides, what it would keep of the passing ones alone: while every new backup fails, the last
ones that pass are not rotated away.

A backup whose name says a time more than a day (`clock.SLACK`) later than now was taken while the PC's clock ran
ahead (or the clock is behind now): its name cannot say how new its data is. It is listed last, marked `AHEAD`,
offered as the one to restore only when there is no other, takes no place among the newest, the days or the weeks
(a week of backups named a year ahead pushed the real ones out), and is never deleted by rotation: whoever sees it
deletes it by hand. Once now has passed its time it is an ordinary backup again.

A backup in parts (a FAT32 stick: in_parts.py) is one backup by its joined name: listed, kept and deleted whole. One
missing a part or its list (`BackupFile.broken`: copied by hand and not finished, or a part deleted) is listed with
what is missing, never offered, and neither counted among those kept nor deleted: whoever sees it completes or
deletes it. One rotation could not delete whole (a part held by an antivirus: in_parts.delete marks it first) is
listed as 正在删除/未删完 with the files left (`BackupFile.deleting`), and the next rotation finishes it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from fazhi_desktop.core import file_parts, paths
from fazhi_desktop.core.backup import in_parts
from fazhi_desktop.core.backup.archive import SUFFIX
from fazhi_desktop.core.clock import SLACK, WRONG_CLOCK, Clock, local_now, system_clock

KEEP_LATEST = 3
#: what a backup named later than now is shown with (`BackupFile.ahead`)
AHEAD = f"备份时间晚于现在（{WRONG_CLOCK}）"
#: the end of the name of a backup whose database copy failed the record check (beyond `_LONGEST_TAIL`: the name
#: may then run that many bytes over paths.NAME_BYTES, still far below what file systems allow)
FAILED_MARK = "-check-failed"
#: the longest a backup's name runs after the database's name: a county code and the 999th backup of one second
_LONGEST_TAIL = f"-backup-640522100-20260601-173015-999{SUFFIX}"
_NAME = re.compile(r"^(?P<stem>.+)-backup-(?P<code>\d{6}(?:\d{3})?)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d{1,3}))?"
                   f"(?P<failed>{re.escape(FAILED_MARK)})?" + re.escape(SUFFIX) + "$")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    stem: str
    code: str
    taken: datetime  # local time, from the name
    n: int = 0
    failed: bool = False  # its database copy failed the record check (FAILED_MARK)
    #: a backup in parts that cannot be read whole (a part or its list missing): what is wrong, said
    broken: str | None = None
    #: a backup in parts marked as being deleted (in_parts.being_deleted): `broken` says what is left
    deleting: bool = False

    @property
    def day(self) -> date:
        return self.taken.date()

    @property
    def week(self) -> tuple[int, int]:
        year, week, _ = self.taken.isocalendar()
        return year, week

    def ahead(self, now: datetime) -> bool:
        """Is it named more than `clock.SLACK` later than `now` (local time)? Its name then says nothing of how new
        its data is."""
        return self.taken > now + SLACK


def name_stem(stem: str) -> str:
    """Database `stem` as its backups' names begin: whole, or, when the whole name would be too long for the file
    system (`paths.NAME_BYTES`), cut and followed by "~" and a digest of the whole stem, so that two databases whose
    long names begin alike never share (and rotate away) each other's backups."""
    if len(paths.fit_name(stem, _LONGEST_TAIL)) == len(stem) + len(_LONGEST_TAIL):
        return stem
    digest = "~" + hashlib.sha256(stem.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return paths.fit_name(stem, digest + _LONGEST_TAIL).removesuffix(_LONGEST_TAIL)


def backup_name(stem: str, code: str, taken: datetime, n: int = 0, failed: bool = False) -> str:
    """The file name of a backup of database `stem` of office `code` taken at local time `taken`; `failed`: its
    database copy failed the record check."""
    suffix = (f"-{n}" if n else "") + (FAILED_MARK if failed else "")
    return f"{name_stem(stem)}-backup-{code}-{taken:%Y%m%d-%H%M%S}{suffix}{SUFFIX}"


def parse_name(path: Path) -> BackupFile | None:
    """What a backup's file name says (database, office, time), or None for any other file."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        taken = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    return BackupFile(path, match["stem"], match["code"], taken, int(match["n"] or 0), bool(match["failed"]))


def list_backups(folder: Path | str, stem: str | None = None, code: str | None = None, *,
                 clock: Clock = system_clock) -> list[BackupFile]:
    """The backups in `folder` (of database `stem` and office `code` when given), newest first, those named later
    than now (`BackupFile.ahead`) last. A missing or unreadable folder has none."""
    try:
        candidates = [p for p in Path(folder).iterdir() if p.name.endswith(SUFFIX) and not p.name.startswith(".")]
    except OSError:
        return []
    candidates += file_parts.names_in(Path(folder), lambda name: name.endswith(SUFFIX))
    found = [b if (said := in_parts.problem(b.path)) is None
             else replace(b, broken=said, deleting=in_parts.being_deleted(b.path))
             for b in map(parse_name, candidates) if b is not None]
    stem = name_stem(stem) if stem is not None else None
    found = [b for b in found if (stem is None or b.stem == stem) and (code is None or b.code == code)]
    return newest_first(found, local_now(clock))


def newest_first(backups: list[BackupFile], now: datetime) -> list[BackupFile]:
    """`backups` newest first by their names, those named later than `now` (local time) after all the others."""
    return sorted(backups, key=lambda b: (not b.ahead(now), b.taken, b.n, b.path.name), reverse=True)


def plan_rotation(backups: list[BackupFile], keep_daily: int, keep_weekly: int,
                  now: datetime) -> tuple[list[BackupFile], list[BackupFile]]:
    """(keep, delete) for one database's backups at `now` (local time). The newest `KEEP_LATEST` are always kept,
    and so are those the passing backups alone would keep (a run of backups that fail the record check never
    pushes them out), and every one named later than now (`BackupFile.ahead`), outside the count. A backup in parts
    that cannot be read whole (`BackupFile.broken`) is in neither list."""
    backups = [b for b in backups if b.broken is None]
    ordered = [b for b in newest_first(backups, now) if not b.ahead(now)]
    keep = _kept(ordered, keep_daily, keep_weekly)
    kept_passing = set(_kept([b for b in ordered if not b.failed], keep_daily, keep_weekly))
    keep += [b for b in ordered if b in kept_passing and b not in keep]
    keep += [b for b in backups if b.ahead(now)]
    return keep, [b for b in ordered if b not in keep]


def _kept(ordered: list[BackupFile], keep_daily: int, keep_weekly: int) -> list[BackupFile]:
    """Of `ordered` (newest first), those the rules keep: the newest few, of each recent day and week."""
    keep: list[BackupFile] = []
    days: set[date] = set()
    weeks: set[tuple[int, int]] = set()
    for index, backup in enumerate(ordered):
        kept = index < KEEP_LATEST
        if backup.day not in days and len(days) < max(1, keep_daily):
            days.add(backup.day)
            kept = True
        if backup.week not in weeks and len(weeks) < keep_weekly:
            weeks.add(backup.week)
            kept = True
        if kept:
            keep.append(backup)
    return keep


def rotate(folder: Path | str, stem: str, code: str, keep_daily: int, keep_weekly: int, *,
           clock: Clock = system_clock) -> tuple[int, int, list[str]]:
    """Delete the backups rotation does not keep. Returns (kept, deleted, problems met while deleting): a file
    that cannot be deleted is left and reported, never a reason to fail the backup just made. A backup in parts goes
    whole (in_parts.delete); one an earlier rotation could not is finished first (in_parts.finish_deleting)."""
    mine = _of(stem, code)
    problems = in_parts.finish_deleting(Path(folder), lambda path: mine(parse_name(path)))
    keep, delete = plan_rotation(list_backups(folder, stem, code), keep_daily, keep_weekly, local_now(clock))
    deleted = 0
    for backup in delete:
        if not in_parts.taken(backup.path):
            continue
        parts = in_parts.parts_said(backup.path)
        try:
            in_parts.delete(backup.path)
            deleted += 1
        except OSError as exc:
            problems.append(f"无法删除旧备份 {backup.path.name}{parts}：{exc.strerror or exc}（下次备份时再删）")
    return len(keep), deleted, problems


def _of(stem: str, code: str) -> Callable[[BackupFile | None], bool]:
    """Whether a parsed name is a backup of database `stem` and office `code`."""
    named = name_stem(stem)
    return lambda backup: backup is not None and backup.stem == named and backup.code == code


def latest_backup(folder: Path | str, stem: str, code: str | None = None, passing: bool = False, *,
                  clock: Clock = system_clock) -> BackupFile | None:
    """The newest backup of database `stem` in `folder` (`passing`: of those whose copy passed the record check),
    one named later than now only when there is no other, or None. A backup in parts that cannot be read whole is
    none."""
    found = [b for b in list_backups(folder, stem, code, clock=clock) if not (passing and b.failed) and not b.broken]
    return found[0] if found else None
