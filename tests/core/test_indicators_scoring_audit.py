# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The county scorer's audit (eleventh session): figures a scorer reads in January, checked against the notice
(海政办发〔2023〕34号) on records whose right answer was worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.indicators import compute, drill, load_catalog_for
from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.people import add_person

ACTOR, TOWN = "杨芳", "640522100"
JANUARY = date(2026, 1, 15)  # the scorer's day: 2025 is over


def study(store, kind, day, **more):
    return store.save("law_study", {"activity_type": kind, "topic": f"{kind}（{day}）", "held_on": day, **more}, ACTOR)


def test_t46c_counts_the_principal_leader_speaking_on_law_not_reporting_on_duties_or_sitting_in_court(store):
    """讲法 (task 46) is giving a talk on law. A 领导干部述法 session (task 47), a court hearing, an exam or an oath
    with the leader ticked as 主讲人 is not one: before, such a session alone made T46c 达标."""
    catalog = load_catalog_for(store)
    add_person(store, ACTOR, "马志刚", roles=["主要负责同志"])  # T46c counts the roster's leaders (catalog 2023.5)
    leader = {"speaker": "马志刚", "speaker_is_principal_leader": True}
    study(store, "领导干部述法", "2025-12-20", reporters=["马志刚"], **leader)
    study(store, "旁听庭审", "2025-09-01", court="海原县人民法院", **leader)
    study(store, "学法用法考试", "2025-10-01", **leader)
    study(store, "宪法宣誓", "2025-03-01", **leader)
    figure = compute(store, catalog, 2025, today=JANUARY).figure("T46c", TOWN)
    assert (figure.numerator, figure.status) == (0, st.MISSED)
    talks = [study(store, kind, day, **leader) for kind, day in (
        ("会前学法", "2025-02-10"), ("专题法治讲座", "2025-06-15"), ("法治研讨", "2025-07-01"), ("其他", "2025-08-01"))]
    study(store, "专题法治讲座", "2025-11-01", speaker="李强")  # not the principal leader
    figure = compute(store, catalog, 2025, today=JANUARY).figure("T46c", TOWN)
    assert (figure.numerator, figure.denominator, figure.status) == (1, 1, st.MET)  # one leader, four talks
    assert {r.id for r in drill(store, catalog, "T46c", 2025, TOWN, today=JANUARY).records} == {t.id for t in talks}


def test_a_township_whose_bundle_shows_an_empty_year_is_scored_not_left_without_data(world):
    """Task 3 names and docks points from the townships that miss their targets. A township that kept its
    ledgers in 2024, did nothing in 2025 and sent its bundle in January showed 无数据 everywhere, outside the
    未达标 count, while a township with one record of 2025 was named for every target it missed."""
    world.clock.set(datetime(2025, 6, 1, 8, 0, tzinfo=UTC))  # entered then (an export behind them is refused)
    idle, new = world.town("640522103"), world.town("640522104")
    study(idle.store, "会前学法", "2024-05-01")
    assert world.import_(world.export(idle).path).ok
    catalog = load_catalog_for(world.county)
    before = compute(world.county, catalog, 2025, today=JANUARY)
    assert before.figure("T46a", idle.code).status == st.NO_DATA  # its last bundle may predate its 2025 records

    world.clock.set(datetime(2026, 1, 10, 8, 0, tzinfo=UTC))
    study(idle.store, "会前学法", "2026-01-08")
    study(new.store, "会前学法", "2026-01-09")  # began with the program in 2026: it has no 2025 to score
    for town in (idle, new):
        assert world.import_(world.export(town).path).ok
    results = compute(world.county, catalog, 2025, today=JANUARY)
    for code in ("T40a", "T46a", "T30a"):
        figure = results.figure(code, idle.code)
        assert (figure.numerator, figure.status) == (0, st.MISSED), code
    assert results.figure("T21", idle.code).status == st.MET  # nothing went to a meeting unreviewed
    assert results.figure("T40b", idle.code).status == st.NO_DATA  # no 行政会议: nothing to attend
    assert results.summary("T46a")[st.MISSED] == 1
    assert {f.status for f in results.for_township(new.code)} == {st.NO_DATA}
    # the township's own page says the same once the year is over
    own = compute(idle.store, load_catalog_for(idle.store), 2025, today=JANUARY).figure("T46a", idle.code)
    assert (own.numerator, own.status) == (0, st.MISSED)


def test_the_reports_say_which_records_each_figure_counts(store, tmp_path):
    """A township that held an exam and got T49b 未达标 found in the workbook only “计数” and in the PDF nothing: the
    rule that only exams whose scores were circulated count was in no report. Every report now says it."""
    import openpyxl

    from fazhi_desktop.core.indicators.report_pdf import build_pdf_report
    from fazhi_desktop.core.indicators.report_xlsx import write_xlsx
    from fazhi_desktop.core.indicators.views import build_report

    study(store, "学法用法考试", "2025-11-01", scores_circulated=False)
    report = build_report(store, load_catalog_for(store), 2025, today=JANUARY)
    assert report.results.figure("T49b", TOWN).status == st.MISSED
    sheet = openpyxl.load_workbook(write_xlsx(report, tmp_path / "指标.xlsx"))["指标说明"]
    header = [c.value for c in sheet[3]]
    rules = {row[0]: row[header.index("计入条件")] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rules["T49b"] == "学法活动中活动类型为“学法用法考试”，且成绩是否通报为是的记录；按活动日期计入年度"
    assert rules["T40b"] == ("分母：会议中会议类型为“乡镇行政会议(政府常务会议)”的记录；"
                             "分子：其中司法所所长列席情况为“全程”；按会议日期计入年度")
    # the records the year holds are the denominator's (it read as if it limited the numerator)
    assert rules["T30b"] == ("分母：投诉举报中受理日期在本年内，或早于本年且办结日期未填（重装前的除外）"
                             "或不早于1月1日的记录（跨年结转）；分子：其中办结日期在本年内")
    assert "有效期已填且不早于检查日期" in rules["T29"]  # not "检查日期至有效期不少于 0 天"
    assert rules["T19"] is None  # not computable: nothing is counted
    texts = "".join(run.text for page in build_pdf_report(report).pages for run in page.texts())
    assert "四、各指标的计入条件" in texts and "且成绩是否通报为是" in texts


def test_a_drill_down_on_the_command_line_says_what_counts_and_why_nothing_does(store, capsys):
    from fazhi_desktop.cli import main

    study(store, "学法用法考试", "2025-11-01", scores_circulated=False)
    path = str(store.path)
    store.close()
    assert main(["--db", path, "indicators", "--year", "2025", "--as-of", "2026-01-15", "--drill", "T49b"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "计入条件：学法活动中活动类型为“学法用法考试”，且成绩是否通报为是的记录；按活动日期计入年度"
    assert out[-2:] == ["共 0 条记录", "2025年的 1 条学法活动记录中，没有符合本项条件的。"]
