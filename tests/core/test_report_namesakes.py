# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The county's reports name two 主要负责同志 of one name in a township as 本年度指标 does: 马志刚（同名 2 人）, not
马志刚、马志刚 (a slip to a reader's eye), and 马志刚（同名的另一人） once one of them lectured, not 马志刚 beside his
own recorded lecture; a namesake in one township says nothing of another's."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bundle_world import county_template, world  # noqa: F401

from fazhi_desktop.core.indicators import load_catalog_for
from fazhi_desktop.core.indicators.report_pdf import build_pdf_report
from fazhi_desktop.core.indicators.views import build_report
from fazhi_desktop.core.people import add_person

TODAY = date(2026, 7, 3)


def falls_short(report, code, town):
    """The 指标明细 sheet's 尚未计入的记录 of one indicator and township."""
    view = report.views[1]
    at = view.headers.index("尚未计入的记录")
    return next(row[at] for row in view.rows if row[0] == code and row[4] == town)


def pdf_text(report):
    return "".join(run.text for page in build_pdf_report(report).pages for run in page.texts())


def lecture(store, valid_record, day, speaker, by_leader=True):
    return store.save("law_study", valid_record("law_study", held_on=day, topic=f"讲法{day}", speaker=speaker,
                                                activity_type="专题法治讲座", speaker_is_principal_leader=by_leader),
                      "杨芳")


def test_two_leaders_of_one_name_are_said_as_namesakes_in_the_county_reports(world, valid_record):
    a, b = world.town("640522100"), world.town("640522101")
    add_person(a.store, "杨芳", "马志刚", "镇党委书记", roles=["主要负责同志"])
    add_person(a.store, "杨芳", "马志刚", "镇长", roles=["主要负责同志"])
    add_person(b.store, "杨芳", "马志刚", "乡党委书记", roles=["主要负责同志"])  # another township's, no namesake
    add_person(b.store, "杨芳", "王伟", "乡长", roles=["主要负责同志"])
    for town in (a, b):  # a lecture by a teacher: the township has sent this year's records, its figures are due
        lecture(town.store, valid_record, "2026-03-01", "李老师", by_leader=False)
    world.clock.set(datetime(2026, 7, 3, 8, 0, tzinfo=UTC))
    for town in (a, b):
        assert world.import_(world.export(town).path).ok
    report = build_report(world.county, load_catalog_for(world.county), 2026, today=TODAY)
    assert falls_short(report, "T46c", a.code) == "马志刚（同名 2 人）"  # was 马志刚、马志刚
    assert falls_short(report, "T46c", b.code) == "王伟、马志刚"
    assert "马志刚（同名 2 人）" in pdf_text(report) and "马志刚、马志刚" not in pdf_text(report)

    lecture(a.store, valid_record, "2026-07-01", "马志刚")
    assert world.import_(world.export(a).path).ok
    report = build_report(world.county, load_catalog_for(world.county), 2026, today=TODAY)
    assert falls_short(report, "T46c", a.code) == "马志刚（同名的另一人）"  # was 马志刚, beside his lecture
    assert falls_short(report, "T46c", b.code) == "王伟、马志刚"
