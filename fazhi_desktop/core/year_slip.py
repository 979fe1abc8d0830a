"""A new record's date with the year slipped: in January the clerk enters last December's paper records by editing
the date field's default, today's 2027-01-02, into 2027-12-28 for the meeting of 2026-12-28. A meeting may be saved
ahead (to print its sign-in sheet), so the date alone is only information (`会议日期晚于今天：到当天才计入本年度指标`),
but the record is then numbered 〔2027〕会记字第1号 and counts in no figure of 2026, which the 所长 then closes
without it (its date corrected, the number is given back unless a later record or a bundle took it meanwhile, so
that January's first meeting is 第1号, not 第2号: Store._give_back, `renumbered_said`). Asked before saving
(the editor) and said (`fazhi add`), not refused: the paper may be right. Not while the clock is behind what the
database recorded (core/clock_behind.py, said by the main window's banner): the computer's today is then no measure,
and a true date, 2026-12-28 typed on a PC reading 2026-01-05, was told to be 2025-12-28."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from fazhi_desktop.core.clock import local_today
from fazhi_desktop.core.clock_behind import clock_behind
from fazhi_desktop.core.dates import parse_date

if TYPE_CHECKING:
    from fazhi_desktop.core.forms import LedgerDef
    from fazhi_desktop.core.store import Record, Store

#: how lately the same day a year earlier must have passed for a date ahead to look like last year's: a quarter,
#: so last December is caught through March, while a meeting saved a few days ahead (its day a year ago long past)
#: is not doubted
RECENT_DAYS = 92


def last_years(day: date, today: date) -> date | None:
    """The date `day` likely meant: the same day a year earlier, when `day` lies ahead in this year and that day
    passed within RECENT_DAYS; None otherwise (also for 29 February, which last year lacked)."""
    if day <= today or day.year != today.year:
        return None
    try:
        before = day.replace(year=day.year - 1)
    except ValueError:
        return None
    return before if (today - before).days <= RECENT_DAYS else None


def slipped_year(store: Store, ledger: LedgerDef, day: object) -> str | None:
    """Why a new record dated `day` (as typed: 2027-12-28, 2027年12月28日…) may be dated a year late, naming the date
    it likely meant; None when it does not look so (or is no date)."""
    try:
        typed = parse_date(str(day))
    except ValueError:
        return None
    today = local_today(store.clock)
    meant = last_years(typed, today)
    if meant is None or clock_behind(store) is not None:
        return None
    label = ledger.field(ledger.date_field).label
    return (f"{label} {typed.isoformat()} 比今天（{today.isoformat()}）晚{(typed - today).days}天，这条记录会记入"
            f"{typed.year}年、按{typed.year}年编号，不计入{meant.year}年的指标。如是去年的{ledger.label}，"
            f"{label}应为 {meant.isoformat()}")


def renumbered_said(store: Store, before: Record) -> str:
    """"原为 〔2027〕会记字第1号，原编号已收回": what the editor and `fazhi update` say after 编号已改为 of a record an
    edit moved to another year (or 字); the number left is given back when nothing was numbered after it and
    nothing outside the database shows it (a bundle, a printed register page or paper: printed.number_kept), so that
    the register has no gap (Store._give_back)."""
    back = store.number_given_back(before.ledger, before.number, before.values)
    return f"原为 {before.number}" + ("，原编号已收回" if back else "")
