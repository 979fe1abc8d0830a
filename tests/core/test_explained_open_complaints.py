# ruff: noqa: F811  (pytest fixtures imported from tests/indicator_data.py)
"""本年度指标's 说明 names the complaints T30b (投诉办结率) still waits for, by number only and "等 N 条" when there
are many, as the PDF report does: the clerk was told 比率低于目标，请查看尚未计入的记录 while the paper named them."""

from __future__ import annotations

from datetime import date

from indicator_data import TOWN, YEAR, known, known_template  # noqa: F401
from test_open_complaints_until_closed import close_2026

from fazhi_desktop.core.indicators import compute
from fazhi_desktop.core.indicators.explained import explain, still_needs
from fazhi_desktop.core.indicators.moving import moving
from fazhi_desktop.core.indicators.views import build_report

COMPLAINANT = "马秀兰"


def said(store, catalog, code: str, today: date) -> str:
    """What 本年度指标 (and 待办事项) says of `code` on `today`."""
    results = compute(store, catalog, YEAR, today=today)
    waiting, short = still_needs(store, results, TOWN)
    return explain(results.figure(code, TOWN), moving(store, results), waiting.get(code, ""), short.get(code, ""))


def complain(store, day: str) -> None:
    store.save("complaint", {"accepted_on": day, "source": "来访", "complainant": COMPLAINANT,
                             "respondent": "综合执法队", "matter": "执法态度"}, "杨芳")


def test_the_open_complaints_are_named_by_number_as_the_pdf_names_them(known):
    store, catalog, _ids = known
    complain(store, "2026-11-02")
    text = said(store, catalog, "T30b", date(2026, 12, 31))
    report = build_report(store, catalog, YEAR, today=date(2026, 12, 31))
    numbers = report.gaps["T30b", TOWN].items
    assert len(numbers) == 3
    assert text.startswith("今天是最后一天，尚未计入的记录：")
    assert all(number in text for number in numbers)
    assert "请查看尚未计入的记录" not in text and COMPLAINANT not in text


def test_many_open_complaints_end_with_how_many_in_all(known):
    store, catalog, _ids = known
    for day in ("2026-10-08", "2026-10-15", "2026-11-02", "2026-11-09", "2026-11-16"):
        complain(store, day)
    text = said(store, catalog, "T30b", date(2026, 12, 31))
    assert text.endswith("等 7 条") and "尚未计入的记录：〔2026〕投诉字第" in text
    assert COMPLAINANT not in text


def test_after_the_year_ends_the_complaints_left_open_are_said_not_counted(known):
    """On 8 January 2027 2026's T30b was 未达标 "（尚未计入的记录：〔2026〕投诉字第9号）": the 所长 read that concluding
    it now would still count in 2026, but a complaint concluded in January counts in 2027's T30b only, and once 2026
    is closed no conclusion dated in it can be entered (before the closing: test_open_complaints_until_closed.py)."""
    store, catalog, _ids = known
    complain(store, "2026-11-02")
    close_2026(store)
    text = said(store, catalog, "T30b", date(2027, 1, 8))
    assert text.startswith("年度已结束，未完成目标（未计入的记录：〔2026〕投诉字第")
    assert "尚未计入" not in text
