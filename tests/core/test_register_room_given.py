"""The demo year's registers as a review printed them on 10 January: the 会议台账 of 30 meetings took seven pages,
three rows on page 1, its 议题 about nine characters a line beside a 司法所所长列席情况 header of four lines over
全程 / 部分; and 状态 stood last in two registers, in the middle of the others."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from test_documents_register import column_widths, header_lines

from fazhi_desktop.core.demo import DEMO_OFFICE, DEMO_TOWNSHIP, fill_demo
from fazhi_desktop.core.documents import build_register_document
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store

LEDGERS = ("meeting", "law_study", "enforcement_check", "complaint", "mediation_case")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[Store]:
    """The desktop's demo (`fazhi-desktop --demo`: 30 records a ledger, seed 2026) built on 10 January 2027."""
    moment = datetime(2027, 1, 10, 2, tzinfo=UTC)
    store = init_database(tmp_path_factory.mktemp("demo") / "demo.db", DEMO_TOWNSHIP, office=DEMO_OFFICE,
                          clock=lambda: moment)
    fill_demo(store, 2026, per_ledger=30, seed=2026, worked=True)
    yield store
    store.close()


def listed(doc, page: int) -> str:
    return next(run.text for run in doc.pages[page].texts() if run.text.startswith("本页"))


def test_the_meetings_of_the_year_get_the_room_short_columns_do_not_use(demo):
    doc = build_register_document(demo, "meeting", 2026)
    assert len(doc.pages) <= 6  # was 7
    assert listed(doc, 0).startswith("本页 5 条记录")  # was 3
    assert header_lines(doc, "所长") == ["所长", "列席"]  # 司法所所长列席情况 in four lines over 全程
    widths = column_widths(doc)
    assert widths["所长列席"] < 36  # as wide as 未列席
    assert widths["议题"] > 13 * 9.5  # thirteen characters a line: most items of the agenda on two lines, not three


def test_a_header_over_short_values_still_breaks_where_it_reads(demo):
    """Narrowed for room, a header keeps two characters a line and its bracket whole: 时长 / （分钟）, not
    （分 / 钟）."""
    doc = build_register_document(demo, "law_study", 2026)
    assert header_lines(doc, "时长") == ["时长", "（分钟）"]
    assert len(doc.pages) <= 3


@pytest.mark.parametrize("ledger", LEDGERS)
def test_status_stands_before_remarks_in_every_register(demo, ledger):
    assert build_register_document(demo, ledger, 2026).extra["columns"][-2:] == ["状态", "备注"]
