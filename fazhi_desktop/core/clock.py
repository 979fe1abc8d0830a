"""The one clock. Pass another callable in tests to control time."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache

Clock = Callable[[], datetime]
#: how far a time the program wrote down may lie ahead of now before this computer's clock is doubted (a backup's
#: name, the last change, the last bundle): a time zone set wrong and put right passes
SLACK = timedelta(days=1)
#: why a time the program wrote down lies later than now (a backup's name, a year-log entry)
WRONG_CLOCK = "电脑时间曾经或现在不对"
#: the offices' own time: every township and the county are in Haiyuan County, Ningxia, on Beijing time (UTC+8 all
#: year, no daylight saving), so a fixed offset is exact and needs no time-zone database (Windows Pythons have none).
#: What decides whether a year had ended when it was closed (`office_date`), whatever zone the PC that closed it, sent
#: it or reads it is set to; a time is still shown to a person in the PC's own (`local_time`), a year-log time in
#: Beijing time, marked so (`office_time`).
OFFICE_ZONE = timezone(timedelta(hours=8))
OFFICE_MARK = "（北京时间）"  # after a time said in `OFFICE_ZONE`


def system_clock() -> datetime:
    return datetime.now(UTC)


def utc_iso(moment: datetime) -> str:
    """UTC ISO-8601 to the second, with Z: how every timestamp is stored."""
    moment = moment.astimezone(UTC)
    if moment.year < 1000:  # strftime writes no leading zeros (999-…), which is_utc_iso refuses as it did
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.isoformat(timespec="seconds")[:19] + "Z"  # strftime's text in 40 % of its time (every save asks)


def past_slack(at: str) -> str:
    """The stored (UTC) time `at` plus the day's slack: a time recorded later than that was not recorded at `at`'s
    clock (a clock that ran ahead, or one put back)."""
    return utc_iso(datetime.fromisoformat(at) + SLACK)


#: the shape of a time as `utc_iso` writes it; whether it is a real one is `is_utc_iso`'s to say
_UTC_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")


def is_utc_iso(text: object) -> bool:
    """Whether `text` is a time exactly as `utc_iso` writes it (2026-06-01T08:00:00Z), a real one: what a bundle
    brings is kept and compared as text and later read back as a time (a day the month lacks broke the reading).
    Read by its shape and `fromisoformat`, written back to compare (a Python that reads 24:00 as the next day's
    00:00 reads it, and it is refused): an import asks it of every record's and change's times, and `strptime`
    took 20 times as long. A year before 1000 is refused, as `utc_iso` writes it otherwise (999-…); 9999 too, as
    9999-12-31 read as local time overflows."""
    if not isinstance(text, str) or not _UTC_ISO.fullmatch(text):
        return False
    try:
        moment = datetime.fromisoformat(text[:19])
    except ValueError:
        return False
    return 1000 <= moment.year < 9999 and moment.isoformat() == text[:19]


def local_today(clock: Clock) -> date:
    return clock().astimezone().date()


def office_date(moment: datetime | str) -> date:
    """The day of `moment` (a datetime with its zone, or a stored UTC time as `utc_iso` writes it) in the offices'
    own time (`OFFICE_ZONE`): 2026-12-31T16:30:00Z is 2027-01-01, on a PC set to any zone."""
    when = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return when.astimezone(OFFICE_ZONE).date()


@lru_cache(maxsize=1024)
def office_day_end(day: str) -> str:
    """The stored (UTC) time office day `day` (ISO) ends at: a time stored from then on is of a later office day
    (`office_date`), so a string comparison with it finds what was written after `day`. Remembered: the roster is
    asked of a check's day for each of its rows, at every save and edit (`people.roster_certificate`)."""
    return utc_iso(datetime.combine(date.fromisoformat(day) + timedelta(days=1), datetime.min.time(), OFFICE_ZONE))


def local_now(clock: Clock) -> datetime:
    """Now as this computer's local time without its zone: how a backup's name says when it was taken."""
    return clock().astimezone().replace(tzinfo=None)


def local_time(at: str | None) -> str:
    """A stored UTC time ("2026-06-01T08:00:00Z") as this computer's local time, to the minute ("2026-06-01
    16:00"): how a stored time is shown to a person on screen (a year-log time and a printed one: `office_time`).
    A time without its zone is UTC as well (every stored time is); no time (None) is ""; text that is not a time is
    returned unchanged."""
    if not at:
        return ""
    try:
        moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return at
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone().strftime("%Y-%m-%d %H:%M")


def office_time(at: str, marked: bool = True) -> str:
    """A stored UTC time in Beijing time (`OFFICE_ZONE`), to the minute and marked so ("2027-01-01 00:30（北京时间）";
    not `marked` where a text says it once, after its first time, or on paper, where every time is Beijing's): how
    a year-log time is shown, and every time a document prints (register and report headings, a record's 登记 and
    最后修改: a register printed at 23:30 on 31 December said 2027年1月1日 00:30 on a PC set to Tokyo). A closing is
    recorded and reported for its day in Beijing time (`office_date`); in the PC's own time, on a PC set west of
    Beijing, a closing at 00:30 on 1 January read "2026-12-31 08:30", closed before the year ended. A time without
    its zone is UTC (as `local_time` reads it); text that is not such a time is returned unchanged."""
    try:
        moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return at
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(OFFICE_ZONE).strftime("%Y-%m-%d %H:%M") + (OFFICE_MARK if marked else "")
