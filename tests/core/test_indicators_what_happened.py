"""Indicators that say what happened (the 所长's hand count of a year): a cancelled meeting's 会前学法 still counted
without a word, T40b 有风险 after a meeting no later one can make up, T47 有风险 from 1 January for a year-end
述法, and `--as-of` calling past records planned."""

from __future__ import annotations

from datetime import date

from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.indicators.drill import drill
from fazhi_desktop.core.links import deletion_note
from fazhi_desktop.core.people import add_person

ADM = "乡镇行政会议(政府常务会议)"


def _figure(store, code, today, year=2026):
    catalog = load_catalog_for(store)
    return compute(store, catalog, year, today=today).figure(code, store.township)


def test_deleting_a_meeting_says_its_pre_meeting_study_still_counts(store, valid_record):
    study = store.save("law_study", valid_record("law_study"), "杨芳")
    meeting = store.save("meeting", valid_record("meeting", pre_meeting_study=study.id), "杨芳")
    note = deletion_note(store, meeting.id)
    assert note == (f"其“会前学法”{study.number}仍计入会前学法；会议取消、学法活动也未进行的，请一并删除该学法活动记录")
    assert store.get(study.id).deleted is False  # said, not done: the study may have taken place all the same
    plain = store.save("meeting", valid_record("meeting", title="另一次会议"), "杨芳")
    assert deletion_note(store, plain.id) == ""  # links to nothing: nothing to say


def test_a_study_no_live_meeting_links_to_is_marked_in_t46a(store, valid_record):
    study = store.save("law_study", valid_record("law_study"), "杨芳")
    meeting = store.save("meeting", valid_record("meeting", pre_meeting_study=study.id), "杨芳")
    catalog = load_catalog_for(store)
    linked = drill(store, catalog, "T46a", 2026, part="value")
    assert [r.mark for r in linked.records] == [""]
    store.delete(meeting.id, "杨芳")
    left = drill(store, catalog, "T46a", 2026, part="value")
    assert [r.mark for r in left.records] == ["没有会议链接此会前学法"]  # still counted: the notice counts sessions
    assert _figure(store, "T46a", date(2026, 6, 1)).numerator == 1


def test_t40b_is_missed_once_a_meeting_was_attended_in_part(store, valid_record):
    store.save("meeting", valid_record("meeting", held_on="2026-02-20", office_head_attendance="部分"), "杨芳")
    m2 = store.save("meeting", valid_record("meeting", title="第4次", held_on="2026-03-20"), "杨芳")
    fig = _figure(store, "T40b", date(2026, 6, 1))
    assert fig.status == st.MISSED  # 1 / 2 in June: no later meeting can bring a 100% year back
    first = store.conn.execute("SELECT number FROM meeting WHERE id != ?", [m2.id]).fetchone()[0]
    assert fig.progress_text() == f"所长全程列席 1 / 2（50.0%），{first}未计入，全年已不能达到 100%"


def test_a_ratio_below_100_percent_or_over_later_events_stays_at_risk(store, valid_record):
    store.save("complaint", valid_record("complaint"), "杨芳")  # open: a later 办结 lifts T30b
    assert _figure(store, "T30b", date(2026, 6, 1)).status == st.AT_RISK


def test_t47_is_in_progress_until_december(store, valid_record):
    add_person(store, "杨芳", "马志刚", roles=["主要负责同志"])
    store.save("law_study", valid_record("law_study", held_on="2026-01-01"), "杨芳")  # the year has data
    assert _figure(store, "T47", date(2026, 1, 2)).status == st.ON_TRACK  # 述法 is given at the year's end
    assert _figure(store, "T47", date(2026, 11, 30)).status == st.ON_TRACK
    assert _figure(store, "T47", date(2026, 12, 1)).status == st.AT_RISK
    assert _figure(store, "T47", date(2027, 1, 2)).status == st.MISSED


def test_as_of_an_earlier_day_does_not_call_past_records_planned(store, valid_record):
    store.save("law_study", valid_record("law_study", held_on="2026-05-20"), "杨芳")
    catalog = load_catalog_for(store)
    results = compute(store, catalog, 2026, today=date(2026, 3, 31))
    assert results.ahead_text() == "统计截至日（2026年3月31日）以后日期的 1 条记录未计入。"
    store.save("law_study", valid_record("law_study", held_on="2026-07-20", topic="计划中的"), "杨芳")
    today = compute(store, catalog, 2026)  # the clock's day, 1 June: the July study is planned
    assert today.ahead_text() == "另有 1 条记录的日期在今天以后（计划中的），到当天才计入。"


def test_t46c_counts_each_principal_leader_not_sessions(store, valid_record):
    add_person(store, "杨芳", "马志刚", roles=["主要负责同志"])
    add_person(store, "杨芳", "田玉春", roles=["主要负责同志"], joined_on="2026-03-01")
    talk = {"activity_type": "专题法治讲座", "speaker": "马志刚", "speaker_is_principal_leader": True}
    for day in ("2026-01-10", "2026-02-10", "2026-04-10"):  # three sessions, one leader
        store.save("law_study", valid_record("law_study", held_on=day, topic=f"讲座{day}", **talk), "杨芳")
    catalog = load_catalog_for(store)
    fig = _figure(store, "T46c", date(2026, 8, 1))
    assert (fig.numerator, fig.denominator, fig.status) == (1, 2, st.AT_RISK)  # was 3 次 达标: 田玉春 gave none
    assert _figure(store, "T46c", date(2026, 5, 1)).status == st.ON_TRACK  # as the once-a-year pace had it
    given = drill(store, catalog, "T46c", 2026, part="value", today=date(2026, 8, 1))
    owed = drill(store, catalog, "T46c", 2026, part="gap", today=date(2026, 8, 1))
    assert [p for _, p in given.people] == ["马志刚"] and len(given.records) == 3
    assert [p for _, p in owed.people] == ["田玉春"]
    assert given.heading.endswith("已讲法的人员及记录") and owed.heading.endswith("尚未讲法的人员")


def test_fazhi_delete_of_the_meeting_says_so(store, valid_record, capsys):
    from fazhi_desktop.cli import main

    study = store.save("law_study", valid_record("law_study"), "杨芳")
    meeting = store.save("meeting", valid_record("meeting", pre_meeting_study=study.id), "杨芳")
    path = str(store.path)
    store.close()
    assert main(["--db", path, "delete", meeting.number]) == 0
    assert f"注意：其“会前学法”{study.number}仍计入会前学法；" in capsys.readouterr().err
