"""Parsing of the dates and times people type, and their stored and displayed forms.

Accepted input is deliberately a closed list of unambiguous forms (``2026-03-05``,
``2026年3月5日``, ``9:30``, ``下午3点`` ...). A value is never completed from today's
date: ``dateutil.parser.parse("3/5")`` silently adds the current year, and
``parse("March 2026")`` today's day (checked with python-dateutil 4.0.0), so
free-form dateutil parsing is not used. ``dateutil.parser.isoparse`` is used only
for full ISO 8601 date-times (seconds, fractions, ``Z`` or ``+08:00``) after the
date part has been validated here.

Errors are ``ValueError`` with a Chinese message naming what was written and the
expected form.
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from datetime import date, datetime, time

from fazhi_desktop.core.clock import office_time

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "cn_date",
    "cn_time",
    "iso_date",
    "iso_datetime",
    "iso_time",
    "parse_date",
    "parse_date_query",
    "parse_datetime",
    "parse_search_date",
    "parse_time",
    "time_doubt",
    "year_problem",
]

#: The years the program works in: the window's year box for printing a register offers these, and the command line
#: refuses others (year 0 would otherwise mean "every year", and 10000 is past what a date can hold).
FIRST_YEAR, LAST_YEAR = 2000, 2100

_DATE_HINT = "请按 2026-03-05 或 2026年3月5日 填写"
_TIME_HINT = "请按 9:30、14:30 或 下午3点 填写"
_DATETIME_HINT = "请按 2026-03-05 14:30 或 2026年3月5日 下午2点30分 填写"

# Full forms, matched at the start of the text; the date-time parser takes the rest.
_CHINESE_DATE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})(?!\d)\s*[日号]?")
_SEPARATED_DATE = re.compile(r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)")
_COMPACT_DATE = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?!\d)")
# Incomplete forms, recognised only to say what is missing.
_DATE_WITHOUT_YEAR = re.compile(r"\d{1,2}\s*(?:[-/.]|月)\s*\d{1,2}\s*[日号]?")
_DATE_WITHOUT_DAY = re.compile(r"\d{4}\s*(?:[-/.]|年)\s*\d{1,2}\s*月?")

_COLON_TIME = re.compile(r"(?P<h>\d{1,2})[:.](?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?")
#: "930", "0930", "1430": hours and minutes typed without a separator, as on a numeric keypad
_DIGITS_TIME = re.compile(r"(?P<h>\d{1,2})(?P<m>\d{2})")
_CHINESE_TIME = re.compile(
    r"(?P<h>\d{1,2})(?:点钟?|时)"
    r"(?:(?P<half>半)|整|(?P<m>\d{2})分?|(?P<m1>\d)分)?"
    r"(?:(?P<s>\d{1,2})秒)?"
)
_PERIOD_PREFIX = re.compile(r"(?P<p>凌晨|半夜|清晨|早上|早晨|上午|中午|下午|傍晚|晚上|晚间|夜里|夜间|am|pm)")
_BARE_HOUR = re.compile(r"\d{1,2}")
_PERIOD_SUFFIX = re.compile(r"(?P<p>a\.?m\.?|p\.?m\.?)$")

_MORNING = frozenset({"凌晨", "半夜", "清晨", "早上", "早晨", "上午"})


def _written(raw: object) -> str:
    """The text as the user wrote it; other values (a JSON number, None) as their text."""
    return "" if raw is None else str(raw).strip()


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: a time as stored (`iso_time`), a real one: read at once, and never doubted (`time_doubt`)
_ISO_TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")


def _clean(raw: str) -> str:
    """Fold full-width digits and punctuation (２０２６, ：, ／) to ASCII and trim; 。 is a full stop too: with a
    Chinese input method on, 2026.3.5 is typed 2026。3。5, and was refused as 无法识别的日期."""
    return unicodedata.normalize("NFKC", raw).replace("。", ".").strip()


def _match_date(text: str) -> re.Match[str] | None:
    """Match a complete date at the start of *text* (never followed by another digit)."""
    for pattern in (_CHINESE_DATE, _SEPARATED_DATE, _COMPACT_DATE):
        match = pattern.match(text)
        if match:
            return match
    return None


def _date_from_match(match: re.Match[str], written: str) -> date:
    year, month, day = (int(match.group(part)) for part in ("y", "m", "d"))
    if not 1 <= month <= 12 or year < 1:
        raise ValueError(f"无法识别的日期“{written}”，{_DATE_HINT}")
    days_in_month = monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        raise ValueError(f"日期“{written}”不存在：{year}年{month}月只有{days_in_month}天")
    return date(year, month, day)


def _unrecognised_date(text: str, written: str) -> ValueError:
    if _DATE_WITHOUT_YEAR.fullmatch(text):
        return ValueError(f"日期“{written}”缺少年份，{_DATE_HINT}")
    if _DATE_WITHOUT_DAY.fullmatch(text):
        return ValueError(f"日期“{written}”缺少日，{_DATE_HINT}")
    return ValueError(f"无法识别的日期“{written}”，{_DATE_HINT}")


def parse_date(raw: str | date) -> date:
    """Parse a date written as 2026-03-05, 2026-3-5, 2026/3/5, 2026.3.5, 20260305 or 2026年3月5日.

    Full-width digits and surrounding spaces are accepted. A date followed by a valid
    time (``2026-03-05 14:30``) gives its date; a time with an offset
    (``2026-12-31T23:30:00Z``) is first converted to the computer's local time, as
    :func:`parse_datetime` does, so the date is the day it was here (2027-01-01 in
    Beijing). Dates that do not exist, lack a year or a day, or are written ambiguously
    raise ``ValueError``.
    """
    if type(raw) is str and _ISO_DATE.fullmatch(raw):  # how dates are stored: the common case, checked first
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass  # 2026-02-30: the parser below says why, in Chinese
    elif isinstance(raw, datetime):
        return parse_datetime(raw).date()  # a moment with an offset: its day here
    elif isinstance(raw, date):
        return raw
    written = _written(raw)
    text = _clean(written)
    if not text:
        raise ValueError("日期不能为空")
    match = _match_date(text)
    if match is None:
        raise _unrecognised_date(text, written)
    day = _date_from_match(match, written)
    if match.end() < len(text):
        try:
            return parse_datetime(text).date()  # 2026-12-31T23:30:00Z is 1 January in Beijing: the local day
        except ValueError:
            raise ValueError(f"无法识别的日期“{written}”，{_DATE_HINT}") from None
    return day


def _apply_period(period: str | None, hour: int, written: str) -> int:
    """Turn a 12-hour reading (上午/下午/晚上/am/pm ...) into a 24-hour hour."""
    if period is None:
        return hour
    if period in ("am", "pm"):
        if not 1 <= hour <= 12:
            raise ValueError(f"时间“{written}”不合理：12小时制的钟点应为1-12")
        return hour % 12 + (12 if period == "pm" else 0)
    if period in _MORNING:
        if hour > 12:
            raise ValueError(f"时间“{written}”不合理：{period}没有{hour}点")
        return 0 if hour == 12 and period in ("凌晨", "半夜") else hour
    if period == "中午":
        if hour in (1, 2):
            return hour + 12
        if 11 <= hour <= 14:
            return hour
        raise ValueError(f"时间“{written}”不合理：中午没有{hour}点")
    if period == "下午":
        if 1 <= hour <= 11:
            return hour + 12
        if 12 <= hour <= 23:
            return hour
        raise ValueError(f"时间“{written}”不合理：下午没有{hour}点")
    # What is left: the evening words (傍晚 晚上 晚间 夜里 夜间). "晚上12点" or "夜里1点" cross midnight, so the date
    # would be wrong.
    if 4 <= hour <= 11:
        return hour + 12
    if 16 <= hour <= 23:
        return hour
    raise ValueError(f"时间“{written}”含义不明确，请用24小时制并注意日期，如 23:30 或次日 0:30")


def _split_period(text: str) -> tuple[str | None, str]:
    prefix = _PERIOD_PREFIX.match(text)
    if prefix:
        return prefix.group("p"), text[prefix.end() :]
    suffix = _PERIOD_SUFFIX.search(text)
    if suffix:
        return suffix.group("p").replace(".", ""), text[: suffix.start()]
    return None, text


def _parse_clock(body: str, *, twelve_hour: bool) -> tuple[int, int, int] | None:
    """Return (hour, minute, second) from "9:30" or "9点30分"-style text, else None.

    A bare hour is a time only with am/pm ("3pm"); "下午3" or "3" alone is not.
    """
    match = _COLON_TIME.fullmatch(body)
    if match:
        return int(match["h"]), int(match["m"]), int(match["s"] or 0)
    match = _CHINESE_TIME.fullmatch(body)
    if match:
        minute = 30 if match["half"] else int(match["m"] or match["m1"] or 0)
        return int(match["h"]), minute, int(match["s"] or 0)
    match = _DIGITS_TIME.fullmatch(body)
    if match:
        return int(match["h"]), int(match["m"]), 0
    if twelve_hour and _BARE_HOUR.fullmatch(body):
        return int(body), 0, 0
    return None


def parse_time(raw: str | time) -> time:
    """Parse a time of day to minute precision (seconds are dropped).

    Accepts 9:30, 09:30, 9：30, 9.30, 930, 0930, 9点, 9点30分, 9点半, 9时30分 and 12-hour readings
    such as 上午9点, 下午3点, 下午3:30, 晚上8点, 3:30 PM. ``24:00`` is rejected (write 0:00
    of the next day).
    """
    if isinstance(raw, time):
        return raw.replace(second=0, microsecond=0)
    if type(raw) is str and _ISO_TIME.fullmatch(raw):  # how times are stored: the common case, read fast
        return time(int(raw[:2]), int(raw[3:]))
    written = _written(raw)
    text = "".join(_clean(written).lower().split())
    if not text:
        raise ValueError("时间不能为空")
    period, body = _split_period(text)
    clock = _parse_clock(body, twelve_hour=period in ("am", "pm"))
    if clock is None:
        raise ValueError(f"无法识别的时间“{written}”，{_TIME_HINT}")
    hour, minute, second = clock
    if hour > 23:
        raise ValueError(f"时间“{written}”无效：小时应为0-23，午夜请写 0:00")
    if minute > 59 or second > 59:
        raise ValueError(f"时间“{written}”无效：分、秒应为0-59")
    return time(_apply_period(period, hour, written), minute)


def time_doubt(raw: str) -> str | None:
    """Why a time parse_time accepts may not be the one meant (a warning: the value stands), or None.

    An hour from 1 to 6 written without 上午/下午 or another period word and without a leading zero (“3点半”,
    “2:30”, “330”) is read as a clock reads it, in the small hours; but a meeting typed “3点半” is held at 15:30.
    “03:30” (the zero is typed on purpose), “0:40” (no clock says 0 for the afternoon: a meeting past midnight),
    “凌晨3点” and “下午3点” say what they mean."""
    if _ISO_TIME.fullmatch(raw):  # as stored (03:30, 14:30): every saved time, read fast
        return None
    text = "".join(_clean(raw).lower().split())
    if text[:1] == "0" or text[2:3] == ":":  # 03:30, 14:30: the stored form and 24-hour writing, at once
        return None
    period, body = _split_period(text)
    match = None if period else next(
        (m for m in (p.fullmatch(body) for p in (_COLON_TIME, _CHINESE_TIME, _DIGITS_TIME)) if m), None)
    if match is None or len(match["h"]) != 1 or not 1 <= int(match["h"]) <= 6:
        return None
    read = parse_time(raw)
    written, later = raw.strip(), f"{read.hour + 12}:{read.minute:02d}"
    said = f"下午{written}" if re.search(r"[点时]", written) else f"下午{read.hour}:{read.minute:02d}"
    when = "凌晨" if read.hour < 6 else "早上"
    return f"“{written}”记为{when}{iso_time(read)}；下午请写 {later} 或 {said}"


def _iso_datetime(text: str, written_day: date) -> datetime | None:
    """Read a full ISO 8601 date-time (seconds, fractions, offsets) with dateutil."""
    from dateutil.parser import isoparse  # rare input; importing dateutil costs ~20 ms at start-up

    try:
        parsed = isoparse(text)
    except ValueError:
        return None
    if parsed.date() != written_day:
        return None  # e.g. T24:00, which isoparse rolls over to the next day
    if parsed.tzinfo is not None:
        try:
            parsed = parsed.astimezone().replace(tzinfo=None)
        except OverflowError:  # 0001-01-01T00:00+14:00: a day before year 1 here
            return None
    return parsed.replace(second=0, microsecond=0)


def parse_datetime(raw: str | datetime) -> datetime:
    """Parse a date and a time into a naive local ``datetime`` (minute precision).

    The date is any form :func:`parse_date` accepts and the time any form
    :func:`parse_time` accepts, separated by a space or ``T`` (none is needed before
    a non-digit: ``2026年3月5日下午3点``). ISO 8601 values with an offset
    (``2026-03-05T14:30:00+08:00``) are converted to the computer's local time.
    A missing time is an error, never midnight.
    """
    if isinstance(raw, datetime):
        if raw.tzinfo is not None:
            raw = raw.astimezone().replace(tzinfo=None)
        return raw.replace(second=0, microsecond=0)
    written = _written(raw)
    text = _clean(written)
    if not text:
        raise ValueError("日期时间不能为空")
    match = _match_date(text)
    if match is None:
        raise ValueError(f"无法识别的日期时间“{written}”，{_DATETIME_HINT}")
    day = _date_from_match(match, written)
    rest = text[match.end() :]
    if not rest.strip():
        raise ValueError(f"“{written}”缺少时间，{_DATETIME_HINT}")
    time_text = rest.strip()
    if time_text[0] in "Tt":
        time_text = time_text[1:]
    try:
        return datetime.combine(day, parse_time(time_text))
    except ValueError:
        iso = _iso_datetime(text, day)
        if iso is not None:
            return iso
        raise


def iso_date(d: date) -> str:
    """Return the stored form YYYY-MM-DD (also for a ``datetime``, whose time is dropped): `date`'s own, which
    writes the year with four digits too (0026), in a fifth of an f-string's time (every date of every save)."""
    return date.isoformat(d)


def iso_time(t: time | datetime) -> str:
    """Return the stored form HH:MM."""
    return f"{t.hour:02d}:{t.minute:02d}"


def iso_datetime(dt: datetime) -> str:
    """Return the stored form YYYY-MM-DDTHH:MM."""
    return f"{iso_date(dt)}T{iso_time(dt)}"


def cn_date(iso: str | None, blank: str = "　　年　　月　　日") -> str:
    """2026-03-05 -> 2026年3月5日 (Arabic numerals, as GB/T 9704 asks); `blank` for a date to be written by hand."""
    if not iso:
        return blank
    year, month, day = iso[:10].split("-")
    if "*" in month + day:  # masked: 1985-**-** (display.mask_value)
        return f"{int(year)}年{month}月{day}日"
    return f"{int(year)}年{int(month)}月{int(day)}日"


_CN_DIGITS = "零一二三四五六七八九"
_CN_PLACES = ((1000, "千"), (100, "百"), (10, "十"))


def cn_number(n: int, head: bool = True) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 100 -> 一百, 101 -> 一百零一, 110 -> 一百一十, 1010 -> 一千零一十,
    12000 -> 一万二千 (headings, copies and group rows: a dispute of a hundred households has an 当事人一百).
    `head`: the number begins here, so 十二 rather than the 一十二 said inside a larger one."""
    if n >= 10000:
        high, low = divmod(n, 10000)
        return f"{cn_number(high)}万{'零' if 0 < low < 1000 else ''}{cn_number(low, head=False) if low else ''}"
    if head and 10 <= n < 20:
        return "十" + (_CN_DIGITS[n - 10] if n > 10 else "")
    out, zero = "", False
    for place, name in _CN_PLACES:
        digit, n = divmod(n, place)
        if digit:
            out += ("零" if zero else "") + _CN_DIGITS[digit] + name
            zero = False
        elif out:
            zero = True
    if n:
        out += ("零" if zero else "") + _CN_DIGITS[n]
    return out or _CN_DIGITS[0]


def cn_time(at: str | None) -> str:
    """A stored UTC time in the offices' Beijing time, as a printed heading or note says it: "2026年11月28日 09:05"
    (`clock.office_time`, its date as `cn_date` writes it); "" for none. Not the PC's zone: on a PC set to Tokyo,
    a register printed at 23:30 on 31 December Beijing time said 生成时间：2027年1月1日 00:30."""
    office = office_time(at, marked=False) if at else ""
    return f"{cn_date(office[:10])} {office[11:]}" if len(office) == 16 else office


#: parts of a date typed into a search box: a month of a year (2026年3月, 2026年03月, 2026年3月份, 2026-3, 2026/3,
#: 2026.3), a day of a month (3月5日)
_QUERY_MONTH = re.compile(r"(?P<y>\d{4})(?:年|[-/.])(?P<m>\d{1,2})(?:月份?)?")
_QUERY_DAY = re.compile(r"(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]")


def parse_date_query(term: str) -> str | None:
    """A date, or a month of a year, or a day of a month, as a clerk types it into a search box, spelled as the
    lists show dates (ISO), else None: 2026-3-5, 2026/3/5, 2026.3.5, 20260305 and 2026年3月5日 give 2026-03-05
    (what `parse_date` accepts in a date field), 2026年3月, 2026年03月, 2026年3月份, 2026-3, 2026/3 and 2026.3 give
    2026-03, 3月5日 gives -03-05 (every year's 5 March, as the stored 2026-03-05 holds it). The search looks for the
    term as typed too, so 2026.3 still finds a text's amount of 2026.3 元."""
    text = _clean(term)
    if not text[:1].isdigit():
        return None
    if month := _QUERY_MONTH.fullmatch(text):
        return f"{int(month['y']):04d}-{int(month['m']):02d}" if 1 <= int(month["m"]) <= 12 else None
    if day := _QUERY_DAY.fullmatch(text):
        return f"-{int(day['m']):02d}-{int(day['d']):02d}" if 1 <= int(day["m"]) <= 12 and 1 <= int(day["d"]) <= 31 \
            else None
    if not (_CHINESE_DATE.fullmatch(text) or _SEPARATED_DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)):
        return None  # a date with a time after it is no search term
    try:
        return iso_date(parse_date(text))
    except ValueError:  # 2026-02-30: no date, searched as typed
        return None


#: a month typed without its year (3月, 03月, 3月份, 三月, 十二月份), or after one (2026年三月), and a year (2026年)
_QUERY_BARE_MONTH = re.compile(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])月份?")
_QUERY_YEAR = re.compile(r"(?P<y>\d{4})年度?")
_CN_MONTHS = {cn_number(month): month for month in range(1, 13)}  # 一 … 十二


def parse_search_date(term: str, year: int | None = None) -> str | None:
    """`parse_date_query`'s spelling of a search term, or of a month or a year as a clerk types it into a search
    box, spelled as the lists show dates: a month without its year (3月, 3月份, 三月) as that month of `year` (the
    list's: 2026-03) or, with none, of any year (-03-, as 2026-03-05 holds it); 2026年三月 as 2026-03; a year (2026年,
    2026年度) as 2026-. None for anything else (the search looks for the term as typed too)."""
    if (spelled := parse_date_query(term)) is not None:
        return spelled
    text = _clean(term)
    if found := _QUERY_YEAR.fullmatch(text):
        return f"{found['y']}-"
    if not (found := _QUERY_BARE_MONTH.fullmatch(text)):
        return None
    month = int(found["m"]) if found["m"].isdigit() else _CN_MONTHS[found["m"]]
    if not 1 <= month <= 12:
        return None
    if found["y"] is not None:
        return f"{found['y']}-{month:02d}"
    return f"{year:04d}-{month:02d}" if year is not None else f"-{month:02d}-"


def year_problem(year: int, first: int = FIRST_YEAR) -> str | None:
    """Why `year` is not one the program works in (`first`, by default `FIRST_YEAR`, to `LAST_YEAR`), or None."""
    return None if first <= year <= LAST_YEAR else f"年份应在 {first}–{LAST_YEAR} 之间，收到 {year}"
