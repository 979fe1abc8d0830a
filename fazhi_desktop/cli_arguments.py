"""The kinds of values `fazhi`'s options take, as argparse `type`s: each refuses what the program cannot use with a
Chinese reason (argparse then prints the usage and exits 2), so that no such value reaches core as a traceback.

A year to make something for (a register, indicators, a year's closing) outside 2000–2100, a year to find stored
records by outside 1–9999 (`--year 0` would list every year, `--year 10000` is past what a date holds), a negative
count, a number SQLite cannot store (`--show 99999999999999999999`), a date past 2100.
"""

from __future__ import annotations

import argparse
from datetime import date

from fazhi_desktop.core import divisions, overdue, sent_back
from fazhi_desktop.core.dates import FIRST_YEAR, LAST_YEAR, year_problem
from fazhi_desktop.core.errors import SetupError
from fazhi_desktop.core.forms import STATUS_LABELS

#: the largest integer SQLite stores (a signed 64-bit one)
LARGEST = 2**63 - 1
#: `--status 退回待改`, which is no stored status
SENT_BACK = "sent_back"
#: `--status 逾期` (the list's own filter word, `overdue.MARK`): the records late today, whatever their status
OVERDUE = "overdue"
#: the last year a stored date (YYYY-MM-DD) can hold
LAST_STORED_YEAR = 9999


def township(text: str) -> str:
    """`--township` takes a code or a name (海城镇), refusing an unknown name in Chinese."""
    try:
        return divisions.code_for(text)
    except SetupError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def status(text: str) -> str:
    """`--status` as the program shows it (已提交) or as stored (submitted), or 退回待改 (sent_back: the drafts a
    所长 sent back, core/sent_back.py), or 逾期 (overdue: the records late today, core/overdue.py), as the window's
    status filter offers them."""
    text = text.strip()
    for key, label in STATUS_LABELS.items():
        if text in (key, label):
            return key
    if text in (sent_back.FILTER, SENT_BACK):
        return SENT_BACK
    if text in (overdue.MARK, OVERDUE):
        return OVERDUE
    raise argparse.ArgumentTypeError(f"没有“{text}”这一状态（可选：{'、'.join(STATUS_LABELS.values())}、"
                                     f"{sent_back.FILTER}、{overdue.MARK}）")


def year(text: str) -> int:
    """A year to make something for (a register, indicators, demo records, a year's closing): one the program works
    in (2000–2100, as the window offers)."""
    value = _integer(text)
    problem = year_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return value


def stored_year(text: str) -> int:
    """A year to find stored records by (`fazhi list`, the batch steps' `--all`): any a date holds, 1–9999, as the
    list's year filter offers every year that has records; a record an earlier version saved dated 9999 or 0026 must
    be found from the terminal too, to be corrected. 0, a negative year or one past 9999 is no year at all."""
    value = _integer(text)
    if not 1 <= value <= LAST_STORED_YEAR:
        raise argparse.ArgumentTypeError(f"年份应在 1–{LAST_STORED_YEAR} 之间，收到 {value}")
    return value


def count(text: str) -> int:
    """A number of things: 0 or more."""
    value = _integer(text)
    if not 0 <= value <= LARGEST:
        raise argparse.ArgumentTypeError(f"应为 0 或正整数，收到 {text}")
    return value


def number(text: str) -> int:
    """A sequence number or a conflict's number: 1 or more, and no larger than SQLite stores."""
    value = _integer(text)
    if not 1 <= value <= LARGEST:
        raise argparse.ArgumentTypeError(f"应为 1 到 {LARGEST} 之间的整数，收到 {text}")
    return value


def day(text: str) -> date:
    """A date written YYYY-MM-DD, in the years the program works in."""
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 YYYY-MM-DD，收到“{text}”") from None
    if year_problem(value.year):
        raise argparse.ArgumentTypeError(f"日期应在 {FIRST_YEAR}–{LAST_YEAR} 年之间，收到 {text}")
    return value


def month(text: str) -> tuple[int, int]:
    """`--month 2026-05` (or 2026-5): a month of a year the program works in, as (year, month)."""
    year_text, _, month_text = text.strip().partition("-")
    if not (year_text.isdigit() and month_text.isdigit() and 1 <= int(month_text) <= 12):
        raise argparse.ArgumentTypeError(f"月份应写成 YYYY-MM，如 2026-05，收到“{text[:40]}”")
    return year(year_text), int(month_text)


def quarter(text: str) -> tuple[int, int]:
    """`--quarter 2026-2` (or 2026-Q2): a quarter of a year the program works in, as (year, quarter)."""
    year_text, _, quarter_text = text.strip().upper().partition("-")
    quarter_text = quarter_text.removeprefix("Q")
    if not (year_text.isdigit() and quarter_text.isdigit() and 1 <= int(quarter_text) <= 4):
        raise argparse.ArgumentTypeError(f"季度应写成 YYYY-N（N 为 1–4），如 2026-2，收到“{text[:40]}”")
    return year(year_text), int(quarter_text)


def _integer(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:  # not digits, or more of them than Python reads
        raise argparse.ArgumentTypeError(f"应为整数，收到“{text[:40]}”") from None


def reveal_options(parser: argparse.ArgumentParser) -> None:
    """`--reveal` (full ID and phone numbers, noted in the reveal log) and `--reason`, why (the entry keeps it)."""
    from fazhi_desktop.core.reveals import REVEAL_PURPOSES

    parser.add_argument("--reveal", action="store_true", help="显示完整身份证号和电话（默认遮盖）")
    parser.add_argument("--reason", metavar="TEXT",
                        help="与 --reveal 同用：用途，记入完整证件号查看日志，"
                             f"如 {'、'.join(REVEAL_PURPOSES[:2])}（可不写）")
