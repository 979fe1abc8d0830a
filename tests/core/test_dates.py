"""Dates and times as people write them, and the forms they are stored and shown in."""

from datetime import date, datetime, time, timedelta, timezone

import pytest

from fazhi_desktop.core.dates import (
    cn_date,
    iso_date,
    iso_datetime,
    iso_time,
    parse_date,
    parse_datetime,
    parse_time,
)

MARCH_5 = date(2026, 3, 5)


# --- parse_date ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "2026-03-05",
        "2026-3-5",
        "2026年3月5日",
        "2026年03月05日",
        "2026 年 3 月 5 日",
        "2026年3月5号",
        "2026/3/5",
        "2026.3.5",
        "20260305",
        "２０２６年３月５日",
        "２０２６－０３－０５",
        "  2026-03-05 \t",
    ],
)
def test_common_written_dates_are_understood(raw):
    assert parse_date(raw) == MARCH_5


def test_date_objects_pass_through_and_datetimes_give_their_date():
    assert parse_date(MARCH_5) == MARCH_5
    assert parse_date(datetime(2026, 3, 5, 14, 30)) == MARCH_5


@pytest.mark.parametrize(
    "raw", ["2026-03-05 14:30", "2026-03-05T14:30:00", "2026年3月5日 下午3点", "2026-03-05T23:30:00+08:00"]
)
def test_a_datetime_string_gives_its_written_date(raw):
    assert parse_date(raw) == MARCH_5


def test_feb_29_exists_in_leap_years_only():
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    with pytest.raises(ValueError, match="2025年2月只有28天"):
        parse_date("2025-02-29")


def test_a_day_that_does_not_exist_is_rejected_and_named():
    with pytest.raises(ValueError, match="日期“2026-02-30”不存在"):
        parse_date("2026-02-30")
    with pytest.raises(ValueError, match="不存在"):
        parse_date("2026年4月31日")


def test_month_thirteen_is_rejected_with_the_expected_forms():
    with pytest.raises(ValueError) as excinfo:
        parse_date("2026-13-05")
    assert str(excinfo.value) == "无法识别的日期“2026-13-05”，请按 2026-03-05 或 2026年3月5日 填写"


@pytest.mark.parametrize("raw", ["3/5", "3-5", "3月5日", "03.05"])
def test_a_date_without_year_is_rejected_not_completed_from_today(raw):
    with pytest.raises(ValueError, match="缺少年份"):
        parse_date(raw)


@pytest.mark.parametrize("raw", ["2026年3月", "2026-03", "2026/3"])
def test_a_date_without_day_is_rejected_not_completed_from_today(raw):
    with pytest.raises(ValueError, match="缺少日"):
        parse_date(raw)


@pytest.mark.parametrize(
    "raw",
    ["明天", "hello", "March 5 2026", "05/03/2026", "26-3-5", "2026-3/5", "2026-03-05x", "202635", "2026-03-05 25:00"],
)
def test_random_or_ambiguous_text_is_rejected(raw):
    with pytest.raises(ValueError, match="无法识别的日期"):
        parse_date(raw)


def test_empty_date_is_rejected():
    with pytest.raises(ValueError, match="不能为空"):
        parse_date("  ")


def test_a_number_is_read_as_its_digits():
    assert parse_date(20260305) == MARCH_5  # type: ignore[arg-type]  # e.g. a JSON number


# --- parse_time ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("9:30", time(9, 30)),
        ("09:30", time(9, 30)),
        ("9：30", time(9, 30)),
        ("９：３０", time(9, 30)),
        (" 14:05 ", time(14, 5)),
        ("0:00", time(0, 0)),
        ("23:59", time(23, 59)),
        ("9点", time(9, 0)),
        ("9点钟", time(9, 0)),
        ("9点整", time(9, 0)),
        ("9点30分", time(9, 30)),
        ("9点30", time(9, 30)),
        ("9点5分", time(9, 5)),
        ("9点半", time(9, 30)),
        ("9时30分", time(9, 30)),
        ("14时", time(14, 0)),
        ("9.30", time(9, 30)),  # typed on the numeric keypad
        ("930", time(9, 30)),
        ("0930", time(9, 30)),
        ("1430", time(14, 30)),
        ("下午230", time(14, 30)),
    ],
)
def test_common_written_times_are_understood(raw, expected):
    assert parse_time(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("下午3点", time(15, 0)),
        ("下午3:30", time(15, 30)),
        ("下午 3 点 30 分", time(15, 30)),
        ("下午12点", time(12, 0)),
        ("下午15点", time(15, 0)),
        ("上午9点", time(9, 0)),
        ("上午10:30", time(10, 30)),
        ("早上8点半", time(8, 30)),
        ("凌晨2点", time(2, 0)),
        ("凌晨12点", time(0, 0)),
        ("中午12点", time(12, 0)),
        ("中午1点", time(13, 0)),
        ("晚上8点", time(20, 0)),
        ("晚上7:30", time(19, 30)),
        ("3:30 PM", time(15, 30)),
        ("12am", time(0, 0)),
        ("12 p.m.", time(12, 0)),
    ],
)
def test_morning_afternoon_and_evening_readings_become_24_hour_times(raw, expected):
    assert parse_time(raw) == expected


def test_seconds_are_dropped():
    assert parse_time("9:30:45") == time(9, 30)
    assert parse_time("9点30分45秒") == time(9, 30)
    assert parse_time(time(9, 30, 45, 123)) == time(9, 30)


def test_24_00_is_rejected():
    with pytest.raises(ValueError, match="小时应为0-23"):
        parse_time("24:00")


@pytest.mark.parametrize("raw", ["25:00", "9:60", "9点60分", "2500", "960"])
def test_out_of_range_hours_and_minutes_are_rejected(raw):
    with pytest.raises(ValueError, match="无效"):
        parse_time(raw)


@pytest.mark.parametrize("raw", ["上午15点", "下午0点", "13pm", "中午5点"])
def test_a_period_that_contradicts_the_hour_is_rejected(raw):
    with pytest.raises(ValueError, match="不合理"):
        parse_time(raw)


@pytest.mark.parametrize("raw", ["晚上12点", "夜里1点"])
def test_evening_readings_past_midnight_are_rejected_as_ambiguous(raw):
    with pytest.raises(ValueError, match="含义不明确"):
        parse_time(raw)


@pytest.mark.parametrize("raw", ["9:5", "9点5", "九点半", "下午", "soon", "93", "93000"])
def test_unrecognised_times_are_rejected_with_the_expected_forms(raw):
    with pytest.raises(ValueError, match=f"无法识别的时间“{raw}”，请按 9:30"):
        parse_time(raw)


def test_empty_time_is_rejected():
    with pytest.raises(ValueError, match="不能为空"):
        parse_time("")


# --- parse_datetime ------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "2026-03-05 15:00",
        "2026-03-05T15:00",
        "2026-03-05t15:00",
        "2026-3-5 15:00:59",
        "2026/3/5 下午3点",
        "2026-03-05下午3点",
        "2026年3月5日 下午3点",
        "2026年3月5日下午3点",
        "2026年3月5日15时",
        "20260305 15:00",
        "２０２６年３月５日　１５：００",
    ],
)
def test_a_date_and_a_time_are_understood_together(raw):
    assert parse_datetime(raw) == datetime(2026, 3, 5, 15, 0)


def test_iso_datetime_with_offset_is_converted_to_local_time():
    expected = datetime(2026, 3, 5, 15, 0, tzinfo=timezone(timedelta(hours=8))).astimezone()
    assert parse_datetime("2026-03-05T15:00:00+08:00") == expected.replace(tzinfo=None)


def test_iso_datetime_with_fraction_is_read_to_the_minute():
    assert parse_datetime("2026-03-05T15:00:30.250") == datetime(2026, 3, 5, 15, 0)


def test_datetime_objects_pass_through_to_the_minute():
    assert parse_datetime(datetime(2026, 3, 5, 15, 0, 42)) == datetime(2026, 3, 5, 15, 0)


def test_a_datetime_without_a_time_is_rejected_not_set_to_midnight():
    with pytest.raises(ValueError, match="缺少时间"):
        parse_datetime("2026-03-05")


def test_a_datetime_with_midnight_24_is_rejected():
    with pytest.raises(ValueError, match="小时应为0-23"):
        parse_datetime("2026-03-05 24:00")
    with pytest.raises(ValueError):
        parse_datetime("2026-03-05T24:00:00")


def test_digits_of_date_and_time_run_together_are_rejected():
    with pytest.raises(ValueError, match="无法识别的日期时间"):
        parse_datetime("2026-03-0515:00")


def test_a_datetime_on_a_day_that_does_not_exist_is_rejected():
    with pytest.raises(ValueError, match="不存在"):
        parse_datetime("2026-02-30 10:00")


@pytest.mark.parametrize("raw", ["下午3点", "3/5 15:00", "tomorrow 9am", ""])
def test_a_datetime_without_a_full_date_is_rejected(raw):
    with pytest.raises(ValueError):
        parse_datetime(raw)


# --- Output forms --------------------------------------------------------------------


def test_printed_chinese_date_has_no_leading_zeros():
    assert cn_date("2026-03-05") == "2026年3月5日"
    assert cn_date("2026-12-25") == "2026年12月25日"


def test_stored_forms_are_iso_to_the_minute():
    assert iso_date(MARCH_5) == "2026-03-05"
    assert iso_date(datetime(2026, 3, 5, 15, 0)) == "2026-03-05"
    assert iso_time(time(9, 5, 59)) == "09:05"
    assert iso_datetime(datetime(2026, 3, 5, 9, 5, 59)) == "2026-03-05T09:05"


def test_stored_forms_parse_back_to_the_same_value():
    assert parse_date(iso_date(MARCH_5)) == MARCH_5
    assert parse_date(cn_date(iso_date(MARCH_5))) == MARCH_5
    assert parse_time(iso_time(time(7, 45))) == time(7, 45)
    moment = datetime(2026, 3, 5, 7, 45)
    assert parse_datetime(iso_datetime(moment)) == moment


def test_an_iso_datetime_whose_offset_leaves_the_calendar_is_a_date_not_understood():
    """0001-01-01T00:00:00+14:00 is a day of year 0 here: `fazhi add` and the editor's date field stopped on an
    OverflowError (a traceback) instead of saying the date was not understood."""
    with pytest.raises(ValueError, match="无法识别的日期"):
        parse_date("0001-01-01T00:00:00+14:00")
    with pytest.raises(ValueError, match="无法识别"):
        parse_datetime("0001-01-01T00:00:00+14:00")
