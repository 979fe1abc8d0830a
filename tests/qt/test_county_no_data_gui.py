# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The county window's matrix (twenty-fifth session): the cell of a township that never sent a bundle said
无数据：本年还没有任何记录, read by a 科员 as "the township did nothing"; it says what arrived now."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.qt.county_view import CountyPage


def county_page(qtbot, world, valid_record, dialogs, today: datetime) -> CountyPage:
    """县级汇总 shown on `today`, after 海城镇 alone sent a meeting of November 2026."""
    haicheng = world.town("640522100")
    haicheng.store.save("meeting", valid_record("meeting", held_on="2026-11-02"), "杨芳")
    world.clock.set(today)
    assert world.import_(world.export(haicheng).path).ok
    page = CountyPage(world.county, dialogs)
    qtbot.addWidget(page)
    page.show()  # computes the figures
    return page


def test_the_matrix_cell_of_a_township_that_sent_nothing_says_so(qtbot, world, valid_record, dialogs):
    page = county_page(qtbot, world, valid_record, dialogs, datetime(2026, 11, 20, 2, 0, tzinfo=UTC))
    matrix = page.matrix
    rows = {matrix.verticalHeaderItem(r).text(): r for r in range(matrix.rowCount())}
    column = next(c for c in range(matrix.columnCount()) if matrix.horizontalHeaderItem(c).text().startswith("T40b"))
    tip = matrix.item(rows["西安镇"], column).toolTip()
    assert tip == "西安镇：所长全程列席 无数据：尚未报送数据包", tip
    mediation = page.mediation_note.text()
    assert "尚未报送数据包" in mediation and "本年还没有任何记录" not in mediation


def test_the_note_under_the_matrix_says_why_a_township_reads_no_data(qtbot, world, valid_record, dialogs):
    """A January review: the matrix's row of 甘城乡 read 无数据 in every column, and only a tooltip, cell by cell,
    said why; the Excel, the PDF and `fazhi indicators` say it under their matrix (rf-yearend)."""
    page = county_page(qtbot, world, valid_record, dialogs, datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    note = page.matrix_note
    assert note.isVisibleTo(page) and "无数据的原因：" in note.text(), note.text()
    assert "甘城乡" in note.text() and "尚未报送数据包" in note.text()
