"""A 乡长 made 乡党委书记 mid-year is one leader, not two: the roster dialog tells the clerk to keep the old entry with
its 离任日期 and add the new post as a second entry, and T46c/T47 counted each entry as a person, so his talk as 乡长
left the 书记 "尚未讲法" (3 / 4, 未达标, for a township where every leader had spoken). Two entries of one name in post
at the same time stay two people (test_indicators_leader_names.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.indicators.drill import drill
from fazhi_desktop.core.people import add_person

AFTER_YEAR = date(2027, 1, 4)
LEADER = ["主要负责同志"]


def roster_of_a_year_with_a_change(store, clock):
    """马建国 书记 until 30 June; 杨文华 乡长 until 30 June, then 书记 (a second entry, as the dialog says); 田志刚 乡长
    from 1 July: entered on 4 January, as the year is summed up."""
    clock.set(datetime(2027, 1, 4, 1, 0, tzinfo=UTC))
    add_person(store, "杨芳", "马建国", "乡党委书记", roles=LEADER, joined_on="2024-03-01", left_on="2026-06-30")
    add_person(store, "杨芳", "杨文华", "乡长", roles=LEADER, joined_on="2023-01-01", left_on="2026-06-30")
    add_person(store, "杨芳", "杨文华", "乡党委书记", roles=LEADER, joined_on="2026-07-01")
    add_person(store, "杨芳", "田志刚", "乡长", roles=LEADER, joined_on="2026-07-01")


def talk(store, valid_record, day, speaker):
    store.save("law_study", valid_record("law_study", held_on=day, topic=f"讲法{day}", speaker=speaker,
                                         activity_type="会前学法", speaker_is_principal_leader=True), "杨芳")


def figure(store, code):
    return compute(store, load_catalog_for(store), 2026, today=AFTER_YEAR).figure(code, store.township)


def test_a_leader_who_spoke_before_his_new_post_is_counted_once_and_as_having_spoken(store, clock, valid_record):
    roster_of_a_year_with_a_change(store, clock)
    talk(store, valid_record, "2026-03-06", "马建国")
    talk(store, valid_record, "2026-05-20", "杨文华")  # as 乡长
    talk(store, valid_record, "2026-09-06", "田志刚")
    fig = figure(store, "T46c")
    assert (fig.numerator, fig.denominator, fig.status) == (3, 3, st.MET)  # read 3 / 4, 未达标
    gap = drill(store, load_catalog_for(store), "T46c", 2026, part="gap", today=AFTER_YEAR)
    assert gap.people == []  # read 尚未讲法：杨文华
    owed = drill(store, load_catalog_for(store), "T46c", 2026, part="denominator", today=AFTER_YEAR)
    assert sorted(name for _, name in owed.people) == ["杨文华", "田志刚", "马建国"]


def test_two_talks_in_two_posts_do_not_hide_a_leader_who_gave_none(store, clock, valid_record):
    roster_of_a_year_with_a_change(store, clock)
    talk(store, valid_record, "2026-05-20", "杨文华")  # as 乡长
    talk(store, valid_record, "2026-09-06", "杨文华")  # as 书记
    fig = figure(store, "T46c")
    assert (fig.numerator, fig.denominator, fig.status) == (1, 2, st.MISSED)  # read 2 / 3: one man counted twice
    gap = drill(store, load_catalog_for(store), "T46c", 2026, part="gap", today=AFTER_YEAR)
    assert [name for _, name in gap.people] == ["田志刚"]


def test_a_report_given_in_the_earlier_post_counts_for_the_leader_in_post_at_the_year_end(store, clock, valid_record):
    roster_of_a_year_with_a_change(store, clock)
    store.save("law_study", valid_record("law_study", held_on="2026-06-20", activity_type="领导干部述法",
                                         topic="半年述法", reporters=["杨文华"]), "杨芳")  # as 乡长
    store.save("law_study", valid_record("law_study", held_on="2026-12-20", activity_type="领导干部述法",
                                         topic="年度述法", reporters=["田志刚"]), "杨芳")
    fig = figure(store, "T47")
    assert (fig.numerator, fig.denominator, fig.status) == (2, 2, st.MET)  # read 2 / 3, 未达标
