"""What a restore does to the years the office closed (年度封账), said before it is done and in its result.

The year log goes back with the records (carry.py: it is the state of the data). A backup made before a closing,
restored after it, reopens that year without a word and without a reason in the log: the records the closing locked
are 已提交 again, a correction made while the year was reopened is gone, and the register printed for the archive box
no longer matches. The 管理员 is told which closings and reopenings of the current database the backup lacks, and
which year is now in another state, so that the 所长 closes it again once the work since the backup is entered.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core import year_close
from fazhi_desktop.core.clock import OFFICE_MARK, office_time
from fazhi_desktop.core.places import YEAR_CLOSE

#: the restored database's setting of `to_close_again`'s years and the last entry of its year log then
#: ("2025,2026@41"; none when the restore reopened none): a closing after that entry is the closing again
TO_CLOSE = "restore.years_to_close"


def years_said(current: Path, restored: sqlite3.Connection) -> list[str]:
    """One sentence per year whose closings or reopenings in the database at `current` the restored database
    (`restored`) lacks: what goes, and the state the year is in after the restore. [] when nothing goes (a newer
    backup, a database never closed) or the current database cannot be read (a damaged file: nothing to compare)."""
    lost = _lost(current, restored)
    after = year_close.states(restored) if dbmod.exists(restored, "year_log") else {}
    out = []
    for year, events in sorted(lost.items()):
        done = "、".join(f"{office_time(at, marked=False)} {'封账' if op == year_close.CLOSE else '重新打开'}"
                        + (f"（原因：{reason}）" if reason else "") for _, op, at, reason in events)
        state = after.get(year)
        if state is not None and state.closed:
            then = f"恢复后{year}年为封账（{office_time(state.at, marked=False)} 的封账）"
        else:
            then = (f"恢复后{year}年没有封账：封账时锁定的记录回到了备份时的状态，备份之后所做的修改也不在了，"
                    "为归档打印的台账和文书与数据库不再一致。"
                    f"补录、核对备份之后的修改后，请所长再次封账（{YEAR_CLOSE}）")
        out.append(f"{year}年的年度封账日志中，{done}{OFFICE_MARK}不在所恢复的备份中；{then}")
    return out


def to_close_again(current: Path, restored: sqlite3.Connection) -> list[int]:
    """The years `years_said` asks the 所长 to close again: the restore loses some of their closings or reopenings
    and leaves them not closed (the main window's restore banner says them until they are, after_restore.py)."""
    lost = _lost(current, restored)
    logged = dbmod.exists(restored, "year_log")
    return [year for year in sorted(lost) if not (logged and year_close.is_closed(restored, year))]


def to_close_setting(current: Path, restored: sqlite3.Connection) -> str | None:
    """`TO_CLOSE`'s value for the restore of `restored` over `current`: the years to close again, and the year log's
    last entry, after which their closing is looked for (a year closed again and later reopened on purpose is not
    said again: after_restore.to_close)."""
    years = to_close_again(current, restored)
    if not years:
        return None
    last = restored.execute("SELECT max(id) FROM year_log").fetchone()[0] if dbmod.exists(restored, "year_log") else 0
    return ",".join(map(str, years)) + f"@{last or 0}"


def closed_since(conn: sqlite3.Connection, value: str | None) -> tuple[list[int], list[int]]:
    """Of `TO_CLOSE`'s `value`: (the years listed, those closed since the restore). A value without the log's last
    entry counts a year closed now as closed again."""
    listed, _, after = (value or "").partition("@")
    years = [int(y) for y in listed.split(",") if y.isdigit()]
    if not years:
        return [], []
    if not after.isdigit():
        return years, sorted(year_close.closed_years(conn) & set(years))
    done = {year for (year,) in conn.execute("SELECT DISTINCT year FROM year_log WHERE op = ? AND id > ?",
                                              [year_close.CLOSE, int(after)])}
    return years, sorted(done & set(years))


def _lost(current: Path, restored: sqlite3.Connection) -> dict[int, list[tuple[int, str, str, str | None]]]:
    """The events of the year log at `current` that the `restored` database lacks, by year ({} if it cannot be read)."""
    try:
        with dbmod.read_only(current) as source:
            if source is None or not dbmod.exists(source, "year_log"):
                return {}
            now = _events(source)
    except sqlite3.Error:
        return {}
    kept = set(_events(restored)) if dbmod.exists(restored, "year_log") else set()
    lost: dict[int, list[tuple[int, str, str, str | None]]] = {}
    for event in now:
        if event not in kept:
            lost.setdefault(event[0], []).append(event)
    return lost


def _events(conn: sqlite3.Connection) -> list[tuple[int, str, str, str | None]]:
    return [tuple(row) for row in conn.execute("SELECT year, op, at, reason FROM year_log ORDER BY id")]
