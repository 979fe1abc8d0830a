"""Which year the statistics pages and their 导出本年度指标报表 open on: a year-end review is done in January, when
the new year has nothing recorded yet, and opening on it showed (and exported) a year of 无数据."""

from __future__ import annotations

from datetime import UTC, datetime

import review_steps
from indicator_data import ACTOR

from fazhi_desktop.core import year_close
from fazhi_desktop.core.indicators import default_year


def lecture(store, held_on: str):
    return store.save("law_study", {"activity_type": "专题法治讲座", "topic": "民法典专题讲座", "held_on": held_on},
                      ACTOR)


def test_in_a_january_without_records_the_last_year_with_records_is_shown_and_said_so(store, clock):
    lecture(store, "2026-11-20")
    clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    assert default_year(store) == (2026, "2027年尚无记录，显示2026年")


def test_once_the_new_year_has_a_record_it_is_the_year_shown_when_the_year_just_ended_is_closed(store, clock):
    review_steps.submit(store, lecture(store, "2026-11-20").id, ACTOR)
    clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    lecture(store, "2027-01-05")
    year_close.close_year(store, 2026, ACTOR)
    assert default_year(store) == (2027, "")


def test_in_january_the_year_just_ended_is_shown_until_it_is_closed_though_the_new_year_has_records(store, clock):
    """The clerk's first meeting of 2027 on 3 January turned the 所长's 本年度指标 to 2027 (目前达标 on one record)
    while she was reviewing 2026 to close it, with nothing said."""
    lecture(store, "2026-11-20")
    clock.set(datetime(2027, 1, 3, 2, 0, tzinfo=UTC))
    lecture(store, "2027-01-03")
    assert default_year(store) == (2026, "1月为2026年度考核期，2026年尚未封账，显示2026年")
    clock.set(datetime(2027, 2, 1, 2, 0, tzinfo=UTC))
    assert default_year(store) == (2027, "")  # the review is January's


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
