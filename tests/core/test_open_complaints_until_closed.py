# ruff: noqa: F811  (pytest fixtures imported from tests/indicator_data.py)
"""In January, before the township closes the year (年度封账), a complaint still open in 2026 can still count in
2026's T30b: one concluded on 29 December whose 办结日期 the clerk enters only now is concluded in 2026. 本年度指标's
说明, the PDF report and the Excel's 指标明细 said of it 未计入的记录 from 1 January on, as if nothing entered now
could count in 2026 any more; that is so only once the year is closed (a conclusion then must be dated after it).
Now they say 尚未计入 until the closing, and 未计入 after it."""

from __future__ import annotations

from datetime import date

import review_steps
from indicator_data import ACTOR, TOWN, YEAR, known, known_template  # noqa: F401

from fazhi_desktop.core import year_close
from fazhi_desktop.core.indicators import compute
from fazhi_desktop.core.indicators.explained import explain, still_needs
from fazhi_desktop.core.indicators.moving import moving
from fazhi_desktop.core.indicators.report_pdf import build_pdf_report
from fazhi_desktop.core.indicators.views import build_report

JANUARY = date(2027, 1, 10)


def said(store, catalog) -> str:
    results = compute(store, catalog, YEAR, today=JANUARY)
    waiting, short = still_needs(store, results, TOWN)
    return explain(results.figure("T30b", TOWN), moving(store, results), waiting.get("T30b", ""),
                   short.get("T30b", ""))


def detail(report) -> tuple[str, str]:
    view = next(v for v in report.views if v.name == "指标明细")
    at = 12
    return view.headers[at], next(row[at] for row in view.rows if row[0] == "T30b" and row[4] == TOWN)


def complain(store):
    return store.save("complaint", {"accepted_on": "2026-12-21", "source": "来访", "complainant": "马秀兰",
                                    "respondent": "综合执法队", "matter": "执法态度"}, ACTOR)


def close_2026(store) -> None:
    """The 所长 submits the year's drafts and closes 2026 (年度封账)."""
    for draft in year_close.close_blocked(store, YEAR).drafts:
        review_steps.submit(store, draft.id, ACTOR)
    year_close.close_year(store, YEAR, ACTOR)


def test_before_the_closing_an_open_complaint_is_still_said_not_yet_counted(known):
    store, catalog, _ids = known
    late = complain(store)
    text = said(store, catalog)
    assert "（尚未计入的记录：〔2026〕投诉字第" in text
    assert "（未计入的记录" not in text
    report = build_report(store, catalog, YEAR, today=JANUARY)
    header, cell = detail(report)
    assert header == "尚未计入的记录" and cell.startswith("〔2026〕投诉字第")
    pdf = build_pdf_report(report).text().replace("\n", "")
    assert "；尚未计入的记录：〔2026〕投诉字" in pdf and "；未计入的记录：〔2026〕投诉字" not in pdf
    # and so it is: concluded on 29 December, entered now, it counts in 2026
    before = compute(store, catalog, YEAR, today=JANUARY).figure("T30b", TOWN).numerator
    values = dict(late.values, closed_on="2026-12-29", handling_result="属实", closed_in_time=True)
    store.save("complaint", values, ACTOR, record_id=late.id, expected_revision=late.revision)
    assert compute(store, catalog, YEAR, today=JANUARY).figure("T30b", TOWN).numerator == before + 1


def test_once_the_year_is_closed_they_are_said_not_counted(known):
    store, catalog, _ids = known
    complain(store)
    close_2026(store)
    assert "（未计入的记录：〔2026〕投诉字第" in said(store, catalog)
    report = build_report(store, catalog, YEAR, today=JANUARY)
    header, cell = detail(report)
    assert header == "未计入的记录" and cell.startswith("〔2026〕投诉字第")
    pdf = build_pdf_report(report).text().replace("\n", "")
    assert "；未计入的记录：〔2026〕投诉字" in pdf
