"""Attachment files no record lists. 添加 copies a scan into `<db>-files/` at once (core/attachments.py), before the
record is saved; one the clerk removed again before saving, or whose record was never saved (取消, a power cut), would
otherwise stay there, and in every backup, for good: a wrong person's ID card among them.

A file is listed when any revision of a record lists it: the change log holds every revision's values (a deleted
record's too, which can be restored with its attachments, and a revision's history shows what it held). A township's
backup carries only listed files (core/backup/create.py), and opening its database removes the unlisted ones once a
day old (`remove_unlisted`): an editor open now may have just added one (添加 renews the file's time when the same
file is already there), and one an autosaved draft lists (core/autosave.py) stays while the draft does. The county
keeps every file: its files come only in townships' bundles, and conflicts and set-aside records it holds may list
them.

Reading the whole change log takes a while on a large database (~0.2 s at 100,000 records), and every office has
day-old files that records list. A file a revision lists stays listed (the log is only added to), so opening reads
the log only for files that became a day old since it last did (setting `SWEPT`): most days, none.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import time
from pathlib import Path

from fazhi_desktop.core import autosave, settings
from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.errors import FazhiError

DAY = 24 * 3600
#: setting: when (the system's clock, seconds) opening last read the log for the day-old files, every unlisted one
#: removed; the files a day old then were listed
SWEPT = "files.swept"
_ATTACHMENT = re.compile(r"^[0-9a-f]{64}$")


def stored_files(db_path: Path) -> dict[str, Path]:
    """The attachment files in database `db_path`'s `-files/` folder, by sha256."""
    folder = db_path.with_name(db_path.stem + "-files")
    found: dict[str, Path] = {}
    with contextlib.suppress(OSError):
        for sub in sorted(folder.iterdir()):
            if sub.is_dir() and len(sub.name) == 2:
                for path in sorted(sub.iterdir()):
                    if _ATTACHMENT.match(path.name) and path.name.startswith(sub.name) and path.is_file():
                        found[path.name] = path
    return found


def listed(conn: sqlite3.Connection) -> set[str] | None:
    """The attachments any revision of a record lists (sha256), or None at the county, which keeps every file."""
    if settings.office(conn).mode == settings.COUNTY:
        return None
    found: set[str] = set()
    for (data,) in conn.execute("SELECT data FROM changes WHERE instr(data, '\"sha256\"') > 0"):
        found.update(autosave.SHA256_IN_JSON.findall(data))
    return found


def remove_unlisted(conn: sqlite3.Connection, db_path: Path, now: float | None = None) -> list[str]:
    """Remove the attachment files of a township's database that no record lists and that were last added more
    than a day before `now`, with their entries in the table of attachments; returns their sha256. Only files that
    became a day old since the last time (`SWEPT`) are looked up. What cannot be read or removed is left for the
    next time."""
    now = time.time() if now is None else now
    try:
        if settings.office(conn).mode == settings.COUNTY:
            return []
        swept = _swept(conn, now)
        old = {}
        for sha, path in stored_files(db_path).items():
            added = path.stat().st_mtime
            if now - added >= DAY and (swept is None or added > swept - DAY):
                old[sha] = path
        names = listed(conn) if old else None
    except (OSError, sqlite3.Error):
        return []
    if names is None:  # nothing a day old since the last time (or the county's)
        return []
    drafted = autosave.attachments(db_path)  # added in an editor whose draft waits to be restored (core/autosave.py)
    removed, left = [], False
    for sha, path in old.items():
        if sha in names:
            continue
        if sha in drafted:  # looked up again at the next open: the draft may yet be given up
            left = True
            continue
        try:
            if now - path.stat().st_mtime < DAY:  # added again this moment
                continue
            path.unlink()
        except OSError:
            left = True
            continue
        removed.append(sha)
    if removed or not left:
        with contextlib.suppress(sqlite3.Error, FazhiError), dbmod.transaction(conn):  # a read-only database
            conn.executemany("DELETE FROM attachments WHERE sha256 = ?", [(sha,) for sha in removed])
            if not left:  # (else the next open looks up those files again)
                settings.write(conn, **{SWEPT: repr(now)})
    return removed


def _swept(conn: sqlite3.Connection, now: float) -> float | None:
    """`SWEPT`, None when never (or, the clock set back since, later than `now`: every day-old file is looked up)."""
    try:
        swept = float(settings.read(conn, SWEPT) or "")
    except ValueError:
        return None
    return swept if swept <= now else None
