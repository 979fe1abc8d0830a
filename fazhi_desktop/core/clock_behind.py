"""Whether this computer's clock is behind what the database itself recorded: a PC whose battery ran out, back at
2026 while the office has changes of 2027, dates a new record (today by default) and numbers it in the wrong year,
dates a bundle before the last one and a year's closing on the wrong day. The same shows when the clock ran ahead
and was put right: what was recorded meanwhile lies later than now. The program cannot tell which time is wrong;
it says both, where a wrong clock does harm: the main window's banner, a new record still dated today
(`doubtful_today`), an export (bundle/export.py `clock_problem`) and a year's closing (年度封账).

What is compared: the newest change-log entry (migration 019 indexes `changes.at`), year-log entry, bundle made,
bundle imported (the county) and backup (`<db>-backup.json`), each as the program stored it (UTC). A day's slack
(`clock.SLACK`) lets a time zone set wrong and put right pass.

The way out once the clock that ran ahead is right again is the 所长's or 管理员's word (`confirm`, after checking
the time against a phone or the network): what was recorded up to then no longer counts against the clock, what is
recorded later does (each source's last row then is kept, `Confirmation.marks`), so a clock that goes wrong again is
said again. The confirmation is kept in the settings (`CONFIRMED`, the latest one) and in the account log (who,
when, which time it accepted); while real time has not yet reached the times it accepted, a bundle carries it to
the county (`bag_value`, `Fazhi-Clock-Confirmed`), which then knows that the township's bundles made before were
made before this one, whatever their times say (core/bundle/apply.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.clock import (
    OFFICE_MARK,
    SLACK,
    WRONG_CLOCK,
    is_utc_iso,
    local_time,
    local_today,
    office_time,
    past_slack,
    utc_iso,
)
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.places import YEAR_CLOSE  # as every text sending the user there (`for_command_line`)

if TYPE_CHECKING:
    from fazhi_desktop.core.forms import LedgerDef
    from fazhi_desktop.core.store import Store

#: where each time is recorded (table, the time's column), and what it is to a person (of equal times, the first
#: is named)
_RECORDED = (
    ("bundles_sent", "created_at", "本所上次导出数据包的时间"),
    ("bundles_received", "imported_at", "上次导入数据包的时间"),
    ("year_log", "at", "本所年度封账日志最近一条的时间"),
    ("changes", "at", "本所最近一次修改记录的时间"),
)
_YEAR_LOG = _RECORDED[2][2]  # said in Beijing time (`recorded_time`)
_BACKUP = "上次备份的时间"
#: settings key: the latest confirmation, as JSON (`Confirmation`)
CONFIRMED = "clock_confirmed"
#: the bundle's label while the times a confirmation accepted lie ahead of real time (`bag_value`)
BAG_LABEL = "Fazhi-Clock-Confirmed"
CONFIRM_BUTTON = "电脑时间无误"
_BAG_VALUE = re.compile(r"at=(\S+) through=(\S+)", re.ASCII)


@dataclass(frozen=True)
class Confirmation:
    """The 所长's or 管理员's word that the clock was right at `at` (UTC), though the database had recorded times up
    to `accepted` (UTC; `what`), later than then."""

    at: str
    by: str
    accepted: str
    what: str
    marks: dict[str, int]  # table -> its last rowid then: rows after it count again
    backup: str | None  # the last backup's time then: a later backup counts again


def confirmation(store: Store) -> Confirmation | None:
    """The latest confirmation, or None (never, or a value not as `confirm` writes it). Read from the database
    itself, not the Store's cache: another window or `fazhi clock confirm` may have written it."""
    text = store.setting_in_file(CONFIRMED)
    try:
        value = json.loads(text) if text else None
        found = Confirmation(**value) if isinstance(value, dict) else None
    except (TypeError, ValueError):
        return None
    if found is None or not (is_utc_iso(found.at) and is_utc_iso(found.accepted) and isinstance(found.marks, dict)):
        return None
    return found


def latest_recorded(store: Store) -> tuple[str, str] | None:
    """(the latest time the database recorded, UTC as stored; what it is), or None for a database with nothing
    recorded yet (or nothing since the clock was confirmed right). A value that is not a time as the program stores
    it (a row edited by hand) is left out."""
    from fazhi_desktop.core.backup import config as backup_config

    confirmed = confirmation(store)
    marks = confirmed.marks if confirmed else {}
    found = []
    for table, column, what in _RECORDED:
        # by the time's index from the latest down (changes: migration 019), past the rows the confirmation accepted
        row = store.conn.execute(f"SELECT {column} FROM {table} WHERE +rowid > ? ORDER BY {column} DESC LIMIT 1",
                                 [marks.get(table, 0)]).fetchone()
        if row and is_utc_iso(row[0]):
            found.append((row[0], what))
    last = backup_config.load_settings(store.path).last_at if store.path is not None else None
    if is_utc_iso(last) and not (confirmed and last == confirmed.backup):
        found.append((last, _BACKUP))
    return max(found, key=lambda found: found[0], default=None)


def recorded_time(at: str, what: str) -> str:
    """A time recorded (`latest_recorded`: `at`, what it is) as shown: the year log's in Beijing time, marked so,
    as every year-log time (`clock.office_time`), the others in this PC's local time."""
    return office_time(at) if what == _YEAR_LOG else local_time(at)


def _after(at: str, what: str) -> str:
    """`recorded_time` said after what it is: "（2027-01-04 17:00）", or " 2028-01-03 09:00（北京时间）" (not bracketed
    twice)."""
    return f" {recorded_time(at, what)}" if what == _YEAR_LOG else f"（{recorded_time(at, what)}）"


def _ahead(store: Store) -> tuple[str, str] | None:
    """The latest time recorded (`latest_recorded`) when it lies more than a day later than now, else None."""
    latest = latest_recorded(store)
    return latest if latest is not None and utc_iso(store.clock() + SLACK) < latest[0] else None


def clock_behind(store: Store) -> str | None:
    """Why this computer's clock is doubted, naming both times ("这台电脑的日期时间（2026-01-05 09:00）早于本所最近
    一次修改记录的时间（2027-01-04 17:00）"), or None when it is not behind anything recorded by more than a day."""
    latest = _ahead(store)
    if latest is None:
        return None
    return f"这台电脑的日期时间（{local_time(utc_iso(store.clock()))}）早于{latest[1]}{_after(*latest)}"


def confirm_question(store: Store) -> str | None:
    """What the confirmation asks (the window's box, `fazhi clock confirm`): today's date as this computer reads it,
    the later time recorded, to check against a phone first, what confirming does; None when the clock is not
    behind (nothing to confirm)."""
    latest = _ahead(store)
    if latest is None:
        return None
    text = (f"{today_said(store)}，现在 {local_time(utc_iso(store.clock()))[11:]}；而{latest[1]}是 "
            f"{recorded_time(*latest)}，晚于现在。\n\n请先用手机或网络时间核对电脑右下角的日期和时间：\n"
            "· 电脑时间不对（例如主板电池没电后回到了过去的日期）：请取消，把电脑的日期和时间改正确；\n"
            f"· 电脑时间无误（是记下那个时间时电脑时间走快了）：点“{CONFIRM_BUTTON}”。此前记下的时间不再提示，"
            "此后记下的时间照常核对；确认人、时间和所接受的时间记入账户日志。")
    years = closings_ahead(store)
    if years:
        text += f"\n\n{closings_ahead_text(years)}"
    return text


def confirm(store: Store, actor: str) -> Confirmation:
    """The 所长's or 管理员's word that the computer's date and time are right now (checked against a phone or the
    network): the times recorded up to now that lie later (recorded while the clock ran ahead) no longer count
    against the clock. Kept in the settings and, for a logged-in account, the account log, both or neither.
    FazhiError when the clock is not behind anything recorded (nothing to confirm)."""
    from fazhi_desktop.core import accounts
    from fazhi_desktop.core.backup import config as backup_config

    # read under the write lock: a row another window writes meanwhile is not accepted unseen by the marks, and a
    # role taken away meanwhile confirms nothing
    with dbmod.transaction(store.conn, "确认电脑时间"):
        store.permit("clock.confirm")
        latest = _ahead(store)
        if latest is None:
            raise FazhiError("这台电脑的日期时间不早于本所记下的时间，无须确认")
        marks = {table: store.conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]
                 for table, _column, _what in _RECORDED}
        backup = backup_config.load_settings(store.path).last_at if store.path is not None else None
        by = store.user.name if store.user is not None else actor
        done = Confirmation(utc_iso(store.clock()), by, latest[0], latest[1], marks, backup)
        accounts.note(store, f"确认电脑时间无误（{local_time(done.at)}）：此前记下的{done.what}"
                             f"{_after(done.accepted, done.what)}是电脑时间走快时记下的，不再提示")
        store.set_settings(**{CONFIRMED: json.dumps(done.__dict__, ensure_ascii=False)})
    return done


def confirmed_text(done: Confirmation) -> str:
    """What is said once the clock was confirmed."""
    return (f"已记下：{done.by} 于 {local_time(done.at)} 确认电脑时间无误，此前记下的{done.what}"
            f"{_after(done.accepted, done.what)}是电脑时间走快时记下的，不再提示")


def closings_ahead(store: Store) -> list[tuple[int, str]]:
    """(year, UTC time) of the years closed now whose closing is dated more than a day later than now: closed while
    the clock ran ahead, a closing the county refuses (year_close.parse_bag_value) and a year that is not over."""
    from fazhi_desktop.core import year_close

    limit = utc_iso(store.clock() + SLACK)
    return [(year, state.at) for year, state in year_close.states(store.conn).items()
            if state.closed and state.at > limit]


def closings_ahead_text(years: list[tuple[int, str]]) -> str:
    """What to do about `closings_ahead`."""
    named = "、".join(f"{year}年的封账时间 {office_time(at)}" for year, at in years)
    first = years[0][0]
    return (f"{named}是电脑时间走快时记下的，县里会拒收带着这样封账日期的数据包：请所长或管理员先重新打开{first}年"
            f"（{YEAR_CLOSE}），原因如：电脑时间曾不对，{first}年当时尚未结束；需要时再封账")


def bag_value(store: Store, made: str) -> str | None:
    """`BAG_LABEL`'s value for a bundle made at `made` (UTC): "at=<when confirmed> through=<the latest time it
    accepted>", while that time is later than the bundle (after it, the bundle's own time orders it); else None."""
    done = confirmation(store)
    return f"at={done.at} through={done.accepted}" if done is not None and made < done.accepted else None


def parse_bag_value(text: str | None, made: str) -> tuple[str, str] | None:
    """`bag_value` read back: (when confirmed, the latest time accepted), or None when absent. ValueError (a Chinese
    reason) when it is not what `bag_value` writes: two times as the program stores them, the confirmation not after
    the bundle was made (a day's slack) and accepting a time later than itself and than the bundle."""
    if text is None:
        return None
    match = _BAG_VALUE.fullmatch(text)
    if match is None or not (is_utc_iso(match[1]) and is_utc_iso(match[2])):
        raise ValueError("不是程序写出的格式")
    at, through = match[1], match[2]
    if past_slack(made) < at:
        raise ValueError(f"确认时间 {local_time(at)} 晚于数据包的制作时间（{local_time(made)}）")
    if through <= at or through <= made:
        raise ValueError(f"所接受的时间 {local_time(through)} 不晚于确认时间和数据包的制作时间")
    return at, through


def time_said(store: Store, at: str, marked: bool = True) -> str:
    """The year log's time `at` as shown: in Beijing time (`office_time`; `marked` with 北京时间 unless the caller
    says it once, as `fazhi year list`'s column does), marked when it is more than a day later than now (recorded
    while the clock ran ahead, or it is behind now)."""
    later = f"（晚于现在，{WRONG_CLOCK}）" if utc_iso(store.clock() + SLACK) < at else ""
    return (office_time(at) if marked else office_time(at).removesuffix(OFFICE_MARK)) + later


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
