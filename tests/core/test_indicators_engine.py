# ruff: noqa: F811  (pytest fixtures imported from tests/indicator_data.py)
"""The indicator engine on a township's year with a known answer for every computable indicator
(tests/indicator_data.py): year boundaries, deleted and revised records, a lecture counting twice, zero
denominators, complaints carried over, statuses and progress through the year, the records behind every figure."""

from __future__ import annotations

from datetime import date

import pytest
from indicator_data import ACTOR, EXPECTED, TOWN, YEAR, known, known_template  # noqa: F401  (fixtures)

from fazhi_desktop.core.indicators import compute, drill, load_catalog_for
from fazhi_desktop.core.indicators import status as st


def figure(store, catalog, code, year=YEAR, today=None, ids=False):
    return compute(store, catalog, year, today=today, ids=ids).figure(code, TOWN)


def test_the_known_answers_cover_every_computable_indicator_of_the_shipped_catalog(known):
    _, catalog, _ = known
    assert {i.code for i in catalog.computable} == set(EXPECTED)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_every_computable_indicator_has_its_known_answer(known, code):
    store, catalog, _ = known
    fig = figure(store, catalog, code)
    assert (fig.numerator, fig.denominator) == EXPECTED[code]


def test_records_on_31_december_count_and_those_a_day_outside_the_year_do_not(known):
    store, catalog, _ = known
    days = [r.date for r in drill(store, catalog, "T46a", YEAR, TOWN).records]
    assert days == ["2026-01-01", "2026-06-30", "2026-12-31"]
    assert figure(store, catalog, "T46a", year=2025).numerator == 1
    assert figure(store, catalog, "T46a", year=2027).numerator == 1


def test_deleted_records_never_count(known):
    store, catalog, _ = known
    titles = [r.title for r in drill(store, catalog, "T40b", YEAR, TOWN, "denominator").records]
    assert "作废的常务会议" not in titles and len(titles) == 2
    assert "重复登记" not in [r.title for r in drill(store, catalog, "T46a", YEAR, TOWN).records]


def test_a_lecture_counts_for_T46b_T46c_and_T49a(known):
    store, catalog, records = known
    results = compute(store, catalog, YEAR, ids=True)
    lecture = records["lecture"]
    for code in ("T46b", "T46c", "T49a"):
        assert lecture in results.figure(code, TOWN).ids


def test_only_the_latest_revision_of_a_record_counts(known):
    store, catalog, records = known
    meeting = store.get(records["admin_jan1"])
    assert meeting.revision == 2
    assert meeting.id in {r.id for r in drill(store, catalog, "T40b", YEAR, TOWN, "value").records}
    store.save("meeting", {"office_head_attendance": "未列席"}, ACTOR, record_id=meeting.id)
    assert figure(store, catalog, "T40b").numerator == 0


def test_t21_counts_agenda_items_that_reached_the_meeting_unreviewed(known):
    store, catalog, records = known
    behind = drill(store, catalog, "T21", YEAR, TOWN).records
    assert {r.id: r.amount for r in behind} == {records["admin_jan1"]: 1, records["admin_dec31"]: 1}


def test_a_zero_denominator_is_no_data_not_0_or_100_percent(store, valid_record):
    catalog = load_catalog_for(store)
    empty = compute(store, catalog, YEAR)
    assert {f.status for f in empty.for_township(TOWN)} == {st.NO_DATA}
    store.save("meeting", valid_record("meeting", meeting_type="党委会"), ACTOR)
    results = compute(store, catalog, YEAR)
    for code in ("T40b", "T35", "T29", "T30b", "M2"):
        fig = results.figure(code, TOWN)
        assert (fig.status, fig.value) == (st.NO_DATA, None), code
        assert "无数据" in fig.amount_text()
    assert results.figure("T40a", TOWN).status in (st.ON_TRACK, st.AT_RISK)  # a count of 0 is a real figure now


def test_complaints_open_on_1_january_are_carried_over_into_the_year(known):
    store, catalog, _ = known
    assert (figure(store, catalog, "T30b", 2025).numerator, figure(store, catalog, "T30b", 2025).denominator) == (1, 3)
    still_open = drill(store, catalog, "T30b", YEAR, TOWN, "gap").records
    assert [r.date for r in still_open] == ["2026-12-20", "2026-12-31"]
    carried = [r.date for r in drill(store, catalog, "T30b", YEAR, TOWN, "value").records]
    assert carried == ["2025-11-01", "2025-12-31", "2026-03-01"]


def test_statuses_once_the_year_is_over(known):
    store, catalog, _ = known
    results = compute(store, catalog, YEAR, today=date(2027, 1, 15))
    statuses = {f.indicator.code: f.status for f in results.for_township(TOWN)}
    assert statuses["T40a"] == st.MET and statuses["T49a"] == st.MET
    assert statuses["T46a"] == st.MISSED and statuses["T40b"] == st.MISSED and statuses["T30b"] == st.MISSED
    assert statuses["T21"] == st.MISSED  # a "不超过 0" target went over
    assert results.figure("T21", TOWN).progress_text().startswith("未审查上会 2 项，应不超过 0 项，多出 2 项（见")
    assert statuses["T45"] == st.REPORT and statuses["M1"] == st.REPORT


def test_progress_says_how_far_the_township_is_and_how_long_is_left(known):
    store, catalog, _ = known
    # 会前学法 on 1 January, 30 June and 31 December: counted as each day comes
    fig = figure(store, catalog, "T46a", today=date(2026, 7, 1))
    assert fig.status == st.ON_TRACK  # 4 x 181/365 = 1.98 expected by now, 2 done
    assert fig.days_left == 183
    assert fig.progress_text() == "会前学法 2 / 4 次，还剩 183 天，还差 2 次"
    late = figure(store, catalog, "T46a", today=date(2026, 11, 10))
    assert late.status == st.AT_RISK  # 4 x 313/365 = 3.43 expected by now, 2 done: more than half a step behind
    assert late.progress_text() == "会前学法 2 / 4 次，还剩 51 天，还差 2 次"
    assert figure(store, catalog, "T46a", today=date(2026, 6, 29)).numerator == 1  # the 30 June one lies ahead
    assert figure(store, catalog, "T40b", today=date(2026, 6, 1)).progress_text() == "所长全程列席 1 / 1（100.0%）"
    # 31 December still counts (a 会前学法 held today is in the year): not 还剩 0 天
    assert figure(store, catalog, "T30b", today=date(2026, 12, 31)).progress_text().endswith("，今天是最后一天")
    # a meeting attended in part cannot be made up by a later one: 未达标, naming it (catalog 2023.5, final_misses)
    assert figure(store, catalog, "T40b", today=date(2026, 12, 31)).progress_text().endswith(
        "未计入，全年已不能达到 100%")


def test_a_record_dated_after_today_has_not_happened_and_counts_for_nothing_yet(known):
    """A lecture saved in November for 20 December (to print its sign-in sheet) must not show the target as met."""
    store, catalog, records = known
    lecture = store.get(records["lecture"])
    november = date(2026, 11, 26)
    before = figure(store, catalog, "T46b", today=november)
    store.save("law_study", {**{k: v for k, v in lecture.values.items() if k != "attachments"},
                             "held_on": "2026-12-20", "topic": "计划中的讲座"}, ACTOR)
    assert figure(store, catalog, "T46b", today=november).numerator == before.numerator
    assert "计划中的讲座" not in [r.title for r in drill(store, catalog, "T46b", YEAR, TOWN, today=november).records]
    after = figure(store, catalog, "T46b", today=date(2026, 12, 20))
    assert after.numerator == before.numerator + 1


@pytest.mark.parametrize(("threshold", "count", "today", "expected"), [
    (1, 0, date(2026, 7, 1), st.ON_TRACK),
    (1, 0, date(2026, 7, 2), st.AT_RISK),
    (4, 0, date(2026, 2, 14), st.ON_TRACK),
    (4, 0, date(2026, 2, 15), st.AT_RISK),
    (4, 3, date(2026, 11, 15), st.ON_TRACK),
    (4, 3, date(2026, 11, 16), st.AT_RISK),
    (4, 4, date(2026, 1, 10), st.MET),
    (4, 3, date(2027, 1, 1), st.MISSED),
])
def test_a_count_target_is_at_risk_when_more_than_half_a_step_behind_an_even_pace(threshold, count, today,
                                                                                   expected):
    assert st.judge(">=", threshold, count, None, False, True, 2026, today)[0] == expected


def test_ratio_boundaries_are_exact():
    assert st.meets(">=", 90, 9, 10) and not st.meets(">=", 90, 8, 10)
    assert st.meets(">=", 100, 3, 3) and not st.meets(">=", 100, 2, 3)
    assert st.judge(">=", 90, 9, 10, True, True, 2026, date(2026, 6, 1))[0] == st.MET
    assert st.judge(">=", 90, 0, 0, True, True, 2026, date(2026, 6, 1))[0] == st.NO_DATA


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_every_figure_drills_down_to_the_records_it_counted(known, code):
    store, catalog, _ = known
    fig = compute(store, catalog, YEAR, ids=True).figure(code, TOWN)
    assert {r.id for r in drill(store, catalog, code, YEAR, TOWN).records} == set(fig.ids)
    if fig.indicator.is_ratio and fig.indicator.main.kind != "people":
        denominator = {r.id for r in drill(store, catalog, code, YEAR, TOWN, "denominator").records}
        assert denominator == set(fig.denominator_ids)
        assert set(fig.ids) <= denominator


def test_t47_lists_the_leaders_who_have_not_reported(known):
    store, catalog, records = known
    assert drill(store, catalog, "T47", YEAR, TOWN, "gap").people == [(TOWN, "马志刚")]
    assert drill(store, catalog, "T47", YEAR, TOWN, "denominator").people == [(TOWN, "田玉春"), (TOWN, "马志刚")]
    reported = drill(store, catalog, "T47", YEAR, TOWN)
    assert [r.id for r in reported.records] == [records["report"]] and reported.people == [(TOWN, "田玉春")]


def test_mediation_cases_by_dispute_type(known):
    store, catalog, _ = known
    results = compute(store, catalog, YEAR)
    assert results.figure("M1", TOWN).breakdown == {"山林土地纠纷": (1, None), "邻里纠纷": (3, None)}
    assert results.figure("M2", TOWN).breakdown == {"山林土地纠纷": (1, 1), "邻里纠纷": (1, 2)}


def test_the_whole_catalog_is_a_handful_of_queries(known):
    store, catalog, _ = known
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        compute(store, catalog, YEAR, ids=True)
    finally:
        store.conn.set_trace_callback(None)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    # T46c counted per person as T47 is (three each), T40b's final miss naming its meeting (one), and T21 gone
    # over naming its meetings (one)
    assert len(selects) <= 20, selects


def test_a_drill_into_a_part_a_count_does_not_have_is_refused(known):
    store, catalog, _ = known
    with pytest.raises(Exception, match="T46a 没有“gap”"):
        drill(store, catalog, "T46a", YEAR, TOWN, "gap")
    with pytest.raises(Exception, match="不能计算"):
        drill(store, catalog, "T8", YEAR, TOWN)


def test_an_empty_drill_down_says_why_it_lists_nothing(store, known):
    """"共 0 条记录" under an empty table left the reader guessing: nothing done, nothing entered, or nothing counts."""
    from fazhi_desktop.core.indicators.drill import why_empty

    catalog = load_catalog_for(store)
    assert why_empty(store, drill(store, catalog, "T40a", YEAR)) == "2026年没有会议记录。"
    known_store, known_catalog, _ = known
    found = drill(known_store, known_catalog, "T46a", 2026, TOWN)
    assert found.records and why_empty(known_store, found) == ""
    no_exam = drill(known_store, known_catalog, "T49b", 2025, TOWN)  # 2025: one 会前学法 on 31 December, no exam
    assert why_empty(known_store, no_exam) == "2025年的 1 条学法活动记录中，没有符合本项条件的。"
    rights = why_empty(known_store, drill(known_store, known_catalog, "T35", 2025, TOWN, "denominator"))
    assert "没有符合分母条件的" in rights and "不是 0% 或 100%" in rights


def test_an_empty_roster_is_named_as_the_reason_a_report_by_leaders_has_no_data(store, valid_record):
    """高崖乡's T47 (无数据: nobody of the role in its roster) said only that no one had reported."""
    from fazhi_desktop.core.indicators.drill import why_empty

    store.save("law_study", valid_record("law_study", held_on="2026-05-01"), ACTOR)
    found = drill(store, load_catalog_for(store), "T47", YEAR, TOWN, today=date(2026, 11, 20))
    assert why_empty(store, found, date(2026, 11, 20)) == \
        "人员名册中没有2026年在任的“主要负责同志”，本年也没有人述法：应述法的为 0 人，记为“无数据”。"
