"""A cell of a workbook as the record editor would take it typed: Excel's dates, times and numbers made what the clerk
sees (3.0 is 3, a date cell a date), and what Excel has changed refused with what to do: a number of more than 15
digits in an ID, phone or text column (Excel keeps 15 and shows 6.40522E+17), a bare number in a date or time column,
an error value such as #N/A. Used by core/excel_import.py for every cell it reads."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Any

from fazhi_desktop.core import dates, excel_sheets
from fazhi_desktop.core.forms import FieldDef
from fazhi_desktop.core.plaintext import multi_line, one_line

_NUMBER_TYPES = frozenset({"integer", "decimal"})
_DIGIT_TYPES = frozenset({"idcard", "phone", "credit_code"})
_SCIENTIFIC = re.compile(r"[+-]?\d+(\.\d+)?[eE][+-]?\d+")
#: types whose cells keep their line breaks: long text's paragraphs, the breaks that separate names or choices
_LINES_KEPT = frozenset({"longtext", "people", "multichoice", "group", "attachments"})
#: Excel keeps 15 significant digits of a number
_EXACT_DIGITS = 15
#: a time cell holding a date from this year on is a date and time copied in (its time is what Excel shows), not a
#: number typed (930 is 1902-07-18 00:00)
_REAL_DATES = 1990


class Refused(ValueError):
    """A cell's value that cannot be used as it is (Excel changed it, or holds an error); `str()` says why."""


def lost_digits(f: FieldDef) -> str:
    return (f"{f.label}被 Excel 存成了数字（显示为 6.40522E+17 之类），超过 {_EXACT_DIGITS} 位的数字 Excel 只保留前 "
            f"{_EXACT_DIGITS} 位，后几位已经丢失：请把这一列的单元格格式设为“文本”，再逐个重新输入")


def cell_value(f: FieldDef, value: Any) -> Any:
    """A cell's value as the editor takes it for field `f`: Excel's dates, times and numbers made what they show
    (3.0 is 3), text stripped; raises Refused for what Excel has changed or holds as an error."""
    if value is None:
        return None
    if excel_sheets.is_excel_error(value):
        raise Refused(f"是 Excel 的错误值 {value}：请改正这一格")
    if isinstance(value, str):
        text = value.strip()
        if f.type in _DIGIT_TYPES and _SCIENTIFIC.fullmatch(text):  # a CSV Excel saved: the number as shown
            raise Refused(lost_digits(f))
        if f.type == "longtext":
            text = multi_line(text)
        elif f.type not in _LINES_KEPT:  # an Alt+Enter in a title or a name: a space, as the editor makes it
            text = one_line(text)
        if f.type == "choice":
            text = standard_choice(f, text)
        return text or None
    if isinstance(value, bool):
        return value if f.type == "boolean" else ("是" if value else "否")
    if isinstance(value, (int, float)):
        return _number(f, value)
    if isinstance(value, excel_sheets.Serial) and f.type == "time" and value.year < _REAL_DATES:
        return _time_number(value.serial)  # 930 typed into an hh:mm cell, shown as 00:00
    if isinstance(value, datetime):
        return _datetime(f, value)
    if isinstance(value, date):
        return value if f.type == "date" else value.isoformat()
    if isinstance(value, time):
        if f.type in ("date", "datetime"):
            raise Refused(f"是时间 {value:%H:%M}，不是日期")
        return _clock_text(value) if f.type == "time" else value.strftime("%H:%M")
    if isinstance(value, timedelta):  # a cell formatted [h]:mm
        if f.type == "time" and timedelta(0) <= value < timedelta(days=1):
            return _clock_text((datetime.min + value).time())
        raise Refused(f"是时长 {value}，不是{'时间' if f.type == 'time' else '文字'}")
    return str(value)


def standard_choice(f: FieldDef, text: str) -> str:
    """The form's choice `text` stands for, typed with full-width brackets (as a Chinese IME types them) or spaces:
    乡镇行政会议（政府常务会议） and 党 委会 are 乡镇行政会议(政府常务会议) and 党委会; otherwise `text` as it is."""
    key = _choice_key(text)
    return next((choice for choice in f.choices if _choice_key(choice) == key), text)


def _choice_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _number(f: FieldDef, value: float) -> Any:
    if not math.isfinite(value):  # 1E999 written into the file by a program
        raise Refused("是超出 Excel 数字范围的数字（文件不是 Excel 保存的）：请改正这一格")
    if f.type == "time":
        return _time_number(value)
    digits = len(str(abs(int(value)))) if abs(value) >= 1 else 1
    if f.type in _NUMBER_TYPES:
        return int(value) if isinstance(value, float) and value.is_integer() and digits <= _EXACT_DIGITS else value
    if f.type == "boolean":
        return value
    if f.type == "date" and isinstance(value, int | float) and float(value).is_integer() and digits == 8:
        return str(int(value))  # 20260305
    if f.type in ("date", "datetime"):
        raise Refused(f"是数字 {value:g}，不是日期：请把这一列的单元格格式设为日期，或写成 2026-03-05")
    if digits > _EXACT_DIGITS:
        raise Refused(lost_digits(f))
    if f.type == "phone" and float(value).is_integer() and digits == 10 and not str(int(value)).startswith("1"):
        raise Refused(f"{f.label}被 Excel 存成了数字，去掉了座机区号开头的 0：请把这一列的单元格格式设为“文本”，"
                      "再逐个输入完整的号码（如 0955-1234567）")
    if isinstance(value, float) and not value.is_integer():
        return repr(value)
    return str(int(value))


def _time_number(value: float) -> str:
    """A number in a time column read as the editor reads it typed: 930 and 9.30 (which Excel keeps as 9.3) are
    9:30; any other number is refused. Given on as typed, so that 230 is questioned as the editor questions it."""
    typed = str(int(value)) if float(value).is_integer() else f"{value:.2f}"
    if float(typed) == value:
        try:
            dates.parse_time(typed)
            return typed
        except ValueError:
            pass
    raise Refused(f"是数字 {value:g}，不是时间：请写成 9:30")


def _clock_text(value: time) -> str:
    """An Excel time as a clerk types it into the cell (2:30, which the hh:mm cell then shows as 02:30): the cleaner
    reads it as the editor reads it typed, and questions 2:30 as a time in the small hours (dates.time_doubt)."""
    return f"{value.hour}:{value.minute:02d}"


def _datetime(f: FieldDef, value: datetime) -> Any:
    if f.type == "date":
        return value.date()
    if f.type == "datetime":
        return datetime.combine(value.date(), value.time())  # a Serial as a plain datetime
    if f.type == "time":
        return _clock_text(value.time())
    midnight = value.time() == time(0)
    return value.date().isoformat() if midnight else value.strftime("%Y-%m-%d %H:%M")
