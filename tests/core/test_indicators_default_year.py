"""Which year the statistics pages and their 导出本年度指标报表 open on: a year-end review is done in January, when
the new year has nothing recorded yet, and opening on it showed (and exported) a year of 无数据."""

from __future__ import annotations

from datetime import UTC, datetime

from indicator_data import ACTOR

from fazhi_desktop.core.indicators import default_year


def lecture(store, held_on: str) -> None:
    store.save("law_study", {"activity_type": "专题法治讲座", "topic": "民法典专题讲座", "held_on": held_on}, ACTOR)


def test_in_a_january_without_records_the_last_year_with_records_is_shown_and_said_so(store, clock):
    lecture(store, "2026-11-20")
    clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    assert default_year(store) == (2026, "2027年尚无记录，显示2026年")


def test_once_the_new_year_has_a_record_it_is_the_year_shown(store, clock):
    lecture(store, "2026-11-20")
    clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    lecture(store, "2027-01-05")
    assert default_year(store) == (2027, "")


def test_a_record_planned_for_later_in_the_new_year_does_not_make_it_the_year_shown(store, clock):
    """A lecture saved in January for March (to print its sign-in sheet) has not happened: 2027 would be all 无数据."""
    lecture(store, "2026-11-20")
    clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    lecture(store, "2027-03-01")
    assert default_year(store) == (2026, "2027年尚无记录，显示2026年")


def test_an_office_without_any_record_is_shown_this_year(store, clock):
    clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    assert default_year(store) == (2027, "")


def test_after_january_this_year_is_shown_records_or_not(store, clock):
    """The reviewer's November: no 2026 record yet, and the page opened on 2025 (`2026年尚无记录，显示2025年`), hiding
    that this year's lectures were still to be held. The year-end review is January's; after it, this year."""
    lecture(store, "2026-11-20")
    for month in (2, 11, 12):
        clock.set(datetime(2027, month, 12, 2, 0, tzinfo=UTC))
        assert default_year(store) == (2027, ""), month
