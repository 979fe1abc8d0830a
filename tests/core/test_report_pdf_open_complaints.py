# ruff: noqa: F811  (pytest fixtures imported from tests/indicator_data.py and tests/bundle_world.py)
"""The indicator report's PDF names the records a counted ratio still waits for, as the workbook's 尚未计入的记录
does: T30b's open complaints by number (never by complainant), in the township's 进度说明 and in the county's
未达标或有风险的乡镇. The inspector holding the paper asked which complaints were open and it did not say."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bundle_world import county_template, world  # noqa: F401
from indicator_data import YEAR, fill_known_year, known, known_template  # noqa: F401
from test_open_complaints_until_closed import close_2026

from fazhi_desktop.core.indicators import load_catalog_for
from fazhi_desktop.core.indicators.report_pdf import build_pdf_report
from fazhi_desktop.core.indicators.views import build_report

COMPLAINANT = "马秀兰"


def open_complaints(report, code="T30b", town="640522100"):
    """指标明细's 尚未计入的记录 of `code` and `town`, as the workbook lists them."""
    view = next(v for v in report.views if v.name == "指标明细")
    at = view.headers.index("尚未计入的记录")
    return next(row[at] for row in view.rows if row[0] == code and row[4] == town).split("、")


def test_the_township_pdf_names_the_open_complaints_by_number(known):
    store, catalog, _ids = known
    store.save("complaint", {"accepted_on": "2026-11-02", "source": "来访", "complainant": COMPLAINANT,
                             "respondent": "综合执法队", "matter": "执法态度"}, "杨芳")
    report = build_report(store, catalog, YEAR, today=date(2026, 12, 31))
    numbers = open_complaints(report)
    assert len(numbers) == 3 and all(numbers)
    text = build_pdf_report(report).text().replace("\n", "")
    # the first in full, then as many as fit the column's few lines, and how many in all
    assert f"尚未计入的记录：{numbers[0]}" in text and "等 3 条" in text
    assert COMPLAINANT not in text
    # T40b's meeting the office head missed is named once: its progress already says "…未计入，全年已不能达到"
    # (and once more by T21 when an item came to that meeting unreviewed: 多出 2 项（见…）)
    missed = open_complaints(report, "T40b")[0]
    assert text.count(missed) == 1 + (missed in report.results.figure("T21", "640522100").short)


def test_the_county_pdf_names_a_townships_open_complaints_beside_its_status(world):
    town = world.town("640522100")
    fill_known_year(town.store)
    assert world.import_(world.export(town).path).ok
    report = build_report(world.county, load_catalog_for(world.county), YEAR, today=date(2026, 12, 31))
    first = open_complaints(report)[0]
    assert first
    text = build_pdf_report(report).text().replace("\n", "")
    assert f"，尚未计入：{first}" in text


JANUARY = date(2027, 1, 8)


def detail(report, code="T30b", town="640522100"):
    """指标明细's header of the records not counted, and `code`'s cell of it for `town`."""
    view = next(v for v in report.views if v.name == "指标明细")
    at = view.headers.index("未计入的记录") if "未计入的记录" in view.headers else 12
    return view.headers[at], next(row[at] for row in view.rows if row[0] == code and row[4] == town)


def test_after_the_year_the_pdf_and_the_workbook_say_the_open_complaints_were_not_counted(known):
    """In January the PDF report of 2026 still said 尚未计入的记录：〔2026〕投诉字第… while 本年度指标 said
    未计入的记录: a complaint concluded in January counts in 2027's T30b, never in 2026's once it is closed."""
    store, catalog, _ids = known
    store.save("complaint", {"accepted_on": "2026-11-02", "source": "来访", "complainant": COMPLAINANT,
                             "respondent": "综合执法队", "matter": "执法态度"}, "杨芳")
    close_2026(store)
    report = build_report(store, catalog, YEAR, today=JANUARY)
    header, cell = detail(report)
    assert header == "未计入的记录" and cell.startswith("〔2026〕投诉字第")
    text = build_pdf_report(report).text().replace("\n", "")
    assert f"未计入的记录：{cell.split('、')[0]}" in text
    assert "尚未计入的记录：〔2026〕投诉字" not in text
    assert "“未计入的记录”一列" in text


def test_after_the_year_the_county_pdf_says_not_counted_beside_the_status(world):
    town = world.town("640522100")
    fill_known_year(town.store)
    world.clock.set(datetime(2027, 1, 8, 2, 0, tzinfo=UTC))
    close_2026(town.store)
    assert world.import_(world.export(town).path).ok
    report = build_report(world.county, load_catalog_for(world.county), YEAR, today=JANUARY)
    first = detail(report)[1].split("、")[0]
    text = build_pdf_report(report).text().replace("\n", "")
    assert f"，未计入：{first}" in text and "尚未计入：〔2026〕投诉字" not in text


def test_a_case_still_being_handled_is_still_said_not_yet_counted(known):
    """The year's 行政裁决 still open in January can still take its 告知 into 2026's T35: its row is not said 未计入
    as T30b's is."""
    store, catalog, _ids = known
    close_2026(store)
    report = build_report(store, catalog, YEAR, today=JANUARY)
    header, cell = detail(report, "T35")
    assert header == "未计入的记录" and cell == "（仍可能计入本年）〔2026〕行裁字第2号"
    text = build_pdf_report(report).text().replace("\n", "")
    assert "；尚未计入的记录：〔2026〕行裁字第2号" in text
