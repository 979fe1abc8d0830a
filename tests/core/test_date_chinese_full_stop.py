"""With a Chinese input method on, a clerk typing 2026.3.5 (accepted) types 2026。3。5: it was refused as
无法识别的日期, and a time typed 9。30 likewise."""

from __future__ import annotations

from fazhi_desktop.core import dates


def test_dates_and_times_typed_with_the_chinese_full_stop_are_read():
    assert dates.parse_date("2026。3。5").isoformat() == "2026-03-05"
    assert dates.parse_time("9。30").isoformat(timespec="minutes") == "09:30"
    assert dates.parse_search_date("2026。3。5") == "2026-03-05"


def test_a_date_without_its_year_is_still_said_so():
    try:
        dates.parse_date("3。5")
    except ValueError as error:
        assert "缺少年份" in str(error)
    else:
        raise AssertionError("3。5 has no year")
