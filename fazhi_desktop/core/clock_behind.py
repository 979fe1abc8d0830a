"""Whether this computer's clock is behind what the database itself recorded: a PC whose battery ran out, back at
2026 while the office has changes of 2027, dates a new record (today by default) and numbers it in the wrong year,
dates a bundle before the last one and a year's closing on the wrong day. The same shows when the clock ran ahead
and was put right: what was recorded meanwhile lies later than now. The program cannot tell which time is wrong;
it says both, where a wrong clock does harm: the main window's banner, a new record still dated today
(`doubtful_today`), an export (bundle/export.py `clock_problem`) and a year's closing (年度封账).

What is compared: the newest change-log entry (migration 019 indexes `changes.at`), year-log entry, bundle made,
bundle imported (the county) and backup (`<db>-backup.json`), each as the program stored it (UTC). A day's slack
(`clock.SLACK`) lets a time zone set wrong and put right pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fazhi_desktop.core.clock import SLACK, WRONG_CLOCK, is_utc_iso, local_time, local_today, utc_iso

if TYPE_CHECKING:
    from fazhi_desktop.core.forms import LedgerDef
    from fazhi_desktop.core.store import Store

#: where each time is recorded, and what it is to a person (of equal times, the first is named)
_RECORDED = (
    ("SELECT max(created_at) FROM bundles_sent", "本所上次导出数据包的时间"),
    ("SELECT max(imported_at) FROM bundles_received", "上次导入数据包的时间"),
    ("SELECT max(at) FROM year_log", "本所年度封账日志最近一条的时间"),
    ("SELECT max(at) FROM changes", "本所最近一次修改记录的时间"),
)


def latest_recorded(store: Store) -> tuple[str, str] | None:
    """(the latest time the database recorded, UTC as stored; what it is), or None for a database with nothing
    recorded yet. A value that is not a time as the program stores it (a row edited by hand) is left out."""
    from fazhi_desktop.core.backup import config as backup_config

    found = []
    for sql, what in _RECORDED:
        (at,) = store.conn.execute(sql).fetchone()
        if is_utc_iso(at):
            found.append((at, what))
    if store.path is not None and is_utc_iso(last := backup_config.load_settings(store.path).last_at):
        found.append((last, "上次备份的时间"))
    return max(found, key=lambda found: found[0], default=None)


def clock_behind(store: Store) -> str | None:
    """Why this computer's clock is doubted, naming both times ("这台电脑的日期时间（2026-01-05 09:00）早于本所最近
    一次修改记录的时间（2027-01-04 17:00）"), or None when it is not behind anything recorded by more than a day."""
    latest = latest_recorded(store)
    now = store.clock()
    if latest is None or utc_iso(now + SLACK) >= latest[0]:
        return None
    return f"这台电脑的日期时间（{local_time(utc_iso(now))}）早于{latest[1]}（{local_time(latest[0])}）"


def time_said(store: Store, at: str) -> str:
    """The stored time `at` as shown (`local_time`), marked when it is more than a day later than now (recorded
    while the clock ran ahead, or it is behind now)."""
    later = f"（晚于现在，{WRONG_CLOCK}）" if utc_iso(store.clock() + SLACK) < at else ""
    return local_time(at) + later


def today_said(store: Store) -> str:
    """"今天是2028-01-03（这台电脑的日期）": said before what a wrong date would spoil (a year's closing)."""
    return f"今天是{local_today(store.clock).isoformat()}（这台电脑的日期）"


def doubtful_today(store: Store, ledger: LedgerDef, day: object) -> str | None:
    """Why a new record dated `day` may be in the wrong year, when `day` is today's date (the form's default) and
    the clock is behind (`clock_behind`); None otherwise. A date the clerk typed from paper is hers: not asked."""
    today = local_today(store.clock)
    if day != today.isoformat() or (behind := clock_behind(store)) is None:
        return None
    label = ledger.field(ledger.date_field).label
    return (f"{label} {day} 是这台电脑今天的日期，而{behind}：电脑的日期可能不对，这条记录会记入{today.year}年、"
            f"按{today.year}年编号。请先核对电脑右下角的日期和时间")
