"""T46c/T47 match a lecture's 主讲人 to the roster's 主要负责同志 as clerks write names: 王　伟 aligned with a
full-width space (not 马志刚书记 with the 职务 after it: test_leader_names_matched_alike.py); two leaders of one name
are two people; a township whose roster has no leader but whose lectures are ticked as theirs is to be seen to, not
无数据; and the county's T29 shortfalls and T46a list come in one query each (code review D)."""

from __future__ import annotations

import re
from datetime import date

from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.indicators.drill import count_text, drill, why_empty
from fazhi_desktop.core.people import add_person

TALK = {"activity_type": "专题法治讲座", "speaker_is_principal_leader": True}
TODAY = date(2026, 8, 1)


def t46c(store, today=TODAY):
    return compute(store, load_catalog_for(store), 2026, today=today).figure("T46c", store.township)


def talk(store, valid_record, day, speaker):
    return store.save("law_study", valid_record("law_study", held_on=day, topic=f"讲法{day}", speaker=speaker,
                                                **TALK), "杨芳")


def test_a_name_padded_to_align_is_the_roster_leader_a_post_after_it_no_one(store, valid_record):
    add_person(store, "杨芳", "王伟", "镇长", roles=["主要负责同志"])
    add_person(store, "杨芳", "马志刚", "镇党委书记", roles=["主要负责同志"])
    talk(store, valid_record, "2026-01-10", "王　伟")  # a full-width space, as a two-character name is aligned
    talk(store, valid_record, "2026-01-11", "马志刚书记")  # the record's check says so: to be written 马志刚
    fig = t46c(store)
    assert (fig.numerator, fig.denominator, fig.status) == (1, 2, st.AT_RISK)  # read 0 / 3: a leader, a stranger
    found = drill(store, load_catalog_for(store), "T46c", 2026, part="value", today=TODAY)
    assert [name for _, name in found.people] == ["王伟"]


def test_two_leaders_of_one_name_are_two_and_the_drill_down_says_so(store, valid_record):
    add_person(store, "杨芳", "马志刚", "镇党委书记", roles=["主要负责同志"])
    add_person(store, "杨芳", "马志刚", "镇长", roles=["主要负责同志"])
    talk(store, valid_record, "2026-01-10", "马志刚")
    fig = t46c(store)
    assert (fig.numerator, fig.denominator) == (1, 2)  # read 1 / 1 达标 although one of them gave no talk
    gap = drill(store, load_catalog_for(store), "T46c", 2026, part="gap", today=TODAY)
    assert [name for _, name in gap.people] == ["马志刚"]
    assert "名册中有同名的“主要负责同志”：马志刚" in count_text(gap)


def test_ticked_lectures_without_a_roster_leader_are_at_risk_and_said(store, valid_record):
    talk(store, valid_record, "2026-01-10", "马志刚")
    talk(store, valid_record, "2026-03-10", "马志刚")
    fig = t46c(store)
    assert fig.status == st.AT_RISK  # was 无数据: out of 未达标或有风险, as if nobody had lectured
    assert "有 2 次勾选为主要负责同志的讲法，名册中没有登记主要负责同志" in fig.progress_text()
    assert t46c(store, date(2027, 1, 15)).status == st.MISSED
    found = drill(store, load_catalog_for(store), "T46c", 2026, part="denominator", today=TODAY)
    said = why_empty(store, found, TODAY)
    assert "有 2 次勾选为主要负责同志的讲法，名册中没有登记主要负责同志" in said and "本年也没有人讲法" not in said


def test_no_leader_and_no_lecture_stays_no_data(store, valid_record):
    store.save("law_study", valid_record("law_study", held_on="2026-01-10", speaker="马志刚",
                                         activity_type="专题法治讲座"), "杨芳")  # not ticked
    assert t46c(store).status == st.NO_DATA


def test_the_county_list_of_unlinked_studies_reads_the_meetings_once(store, valid_record):
    """T46a's whole-county drill-down took 16–33 s: a NOT EXISTS per study searched the unindexed 会前学法 column."""
    linked = store.save("law_study", valid_record("law_study", activity_type="会前学法"), "杨芳")
    alone = store.save("law_study", valid_record("law_study", activity_type="会前学法", topic="另一次"), "杨芳")
    store.save("meeting", valid_record("meeting", pre_meeting_study=linked.id), "杨芳")
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        found = drill(store, load_catalog_for(store), "T46a", int(linked.values["held_on"][:4]))
    finally:
        store.conn.set_trace_callback(None)
    assert {r.id: r.unlinked for r in found.records} == {linked.id: "", alone.id: "没有会议链接此会前学法"}
    sql = next(s for s in statements if s.startswith("SELECT") and '"meeting" AS l' in s)
    plan = {row[0]: (row[1], row[3]) for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql)}
    scans = [parent for parent, detail in plan.values() if re.match(r"(SCAN|SEARCH) l\b", detail)]
    assert scans and not any("CORRELATED" in plan.get(parent, (0, ""))[1] for parent in scans), plan


def test_the_report_drills_each_short_figure_once_for_all_townships(store, valid_record, monkeypatch):
    """The county's PDF took ~15 s: a T29 gap drill-down per township each ranked the whole county's checks."""
    from dataclasses import replace

    from fazhi_desktop.core.indicators import views
    from fazhi_desktop.core.indicators.townships import Township

    store.save("enforcement_check", {
        "checked_on": "2025-03-01", "check_type": "日常检查", "supervised_unit": "乡综合执法办",
        "certificates": [{"name": "马小龙"}, {"name": "海军", "certificate_no": "宁执0087",
                                             "valid_until": "2027-12-31"}],
        "staff_requiring_certificate": 2, "staff_certified": 1}, "杨芳")
    results = compute(store, load_catalog_for(store), 2025, today=date(2026, 1, 15))
    other = "640522199"  # a second township short of T29 as well, without records of its own here
    results = replace(results, townships=[*results.townships, Township(other, "另一乡")], figures={
        **results.figures, **{(code, other): replace(fig, township=other)
                              for (code, town), fig in results.figures.items() if town == store.township}})
    asked = []
    real = views.drill
    monkeypatch.setattr(views, "drill", lambda *args, **kwargs: asked.append(args[2]) or real(*args, **kwargs))
    found = views.shortfalls(store, results)
    assert found["T29", store.township].text() == "马小龙" and found["T29", other].items == ()
    assert asked.count("T29") == 1  # was once per township
