# ruff: noqa: F811  (pytest fixtures imported from tests/indicator_data.py)
"""T21 未审查上会 gone over names its meetings, as T40b's final miss names the meetings the office head missed: the
inspector holding the report asked which meetings took an item without a legality review, and 本年度指标, 待办事项
and the PDF report said only 应不超过 0 项，多出 2 项."""

from __future__ import annotations

from datetime import date

from indicator_data import YEAR, known, known_template  # noqa: F401  (fixtures)

from fazhi_desktop.core import todo
from fazhi_desktop.core.indicators import compute
from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.indicators.report_pdf import build_pdf_report
from fazhi_desktop.core.indicators.views import build_report

TOWN = "640522100"


def test_the_missed_target_names_the_meetings_in_date_order(known):
    store, catalog, records = known
    fig = compute(store, catalog, YEAR, today=date(2027, 1, 15)).figure("T21", TOWN)
    assert fig.status == st.MISSED
    jan, dec = store.get(records["admin_jan1"]).number, store.get(records["admin_dec31"]).number
    # the 2025 meeting and the deleted one are not named; the meetings as the drill-down lists them
    assert fig.progress_text() == f"未审查上会 2 项，应不超过 0 项，多出 2 项（见{jan}、{dec}）"


def test_the_todo_list_and_the_pdf_report_name_them_too(known):
    store, catalog, records = known
    jan = store.get(records["admin_jan1"]).number
    item = next(i for i in todo.build(store, YEAR).items if i.number == "T21")
    assert jan in item.missing
    report = build_report(store, catalog, YEAR, today=date(2026, 12, 31))
    assert f"（见{jan}" in build_pdf_report(report).text().replace("\n", "")

