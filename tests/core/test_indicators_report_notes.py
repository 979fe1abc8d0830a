"""The indicator report's notes stay with the end of their table: the demo township's report printed page 5 of 5
with nothing on it but "指标目录：…" (the county's report too)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from bundle_world import county_template, world  # noqa: F401
from test_indicators_reports import county_report

from fazhi_desktop.core.demo import fill_demo
from fazhi_desktop.core.documents.fonts import resolve_fonts
from fazhi_desktop.core.documents.layout import A4_LANDSCAPE, GREY, Typesetter
from fazhi_desktop.core.documents.table import Flow
from fazhi_desktop.core.indicators import load_catalog_for
from fazhi_desktop.core.indicators.report_pdf import _table, build_pdf_report
from fazhi_desktop.core.indicators.views import build_report
from fazhi_desktop.core.setup import init_database

NOTE = "指标目录：海原县法治政府建设指标（海政办发〔2023〕34号）（2023.5）"


def lone_note_pages(doc) -> list[int]:
    """The pages whose only text, besides the footer, is grey notes."""
    lonely = []
    for number, page in enumerate(doc.pages, 1):
        runs = page.texts()
        foot = max(r.y for r in runs)
        body = [r for r in runs if r.y < foot - 1]
        if body and all(r.color == GREY for r in body):
            lonely.append(number)
    return lonely


def test_a_note_goes_over_with_the_last_row_of_its_table():
    ts = Typesetter(resolve_fonts())
    rows = [[f"W{n}", "县委、政府法治建设督查", "县级创建进度台账"] for n in range(1, 6)]
    for start in range(380, 500, 2):  # wherever the table ends on the page
        flow = Flow(A4_LANDSCAPE, 40, 520, 40, 800)
        flow.y = start
        _table(flow, ts, ["代码", "方案要求", "需要的台账"], rows, ["left"] * 3, "五、本版本不能计算的指标",
               notes=[NOTE])
        page = next(p for p in flow.pages if NOTE in {r.text for r in p.texts()})
        assert "W5" in {r.text for r in page.texts()}, start  # the last row on the note's page


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory):
    moment = datetime(2026, 11, 27, 8, tzinfo=UTC)
    store = init_database(tmp_path_factory.mktemp("report") / "demo.db", "640522100", operator="杨芳",
                          clock=lambda: moment)
    fill_demo(store, 2026, per_ledger=30, seed=2026)  # as `fazhi demo` fills it
    yield build_report(store, load_catalog_for(store), 2026, today=date(2026, 11, 27))
    store.close()


def test_no_page_of_the_demo_townships_report_holds_only_a_note(demo_report):
    doc = build_pdf_report(demo_report)
    assert lone_note_pages(doc) == []
    assert any(NOTE in r.text for r in doc.pages[-1].texts())


def test_no_page_of_the_county_report_holds_only_a_note(world):  # noqa: F811
    assert lone_note_pages(build_pdf_report(county_report(world))) == []
