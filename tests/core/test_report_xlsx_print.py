# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The county reviewer hands the Excel report to her director as it is, printed: before, the notes under a table
(状态的含义, 无数据的原因, the townships marked *) were single cells spilling to the right, cut off at the table's
last column on paper (and past the screen's edge), and no page said which of the 指标明细's many pages it was."""

from __future__ import annotations

import openpyxl
from bundle_world import county_template, world  # noqa: F401
from test_indicators_reports import county_report

from fazhi_desktop.core.display import text_width
from fazhi_desktop.core.indicators.report_xlsx import HEADER_ROW, write_xlsx


def merged_span(sheet, cell) -> tuple[int, int] | None:
    """(first column, last column) of the merged range `cell` starts, or None."""
    for rng in sheet.merged_cells.ranges:
        if (rng.min_row, rng.min_col) == (cell.row, cell.column):
            return rng.min_col, rng.max_col
    return None


def test_notes_wrap_within_the_table_and_pages_are_numbered(world, tmp_path):
    book = openpyxl.load_workbook(write_xlsx(county_report(world), tmp_path / "县.xlsx"))
    for sheet in book:
        width = sum(1 for c in sheet[HEADER_ROW] if c.value is not None)
        notes = [c for c in sheet["A"][HEADER_ROW:] if isinstance(c.value, str) and text_width(c.value) > 60]
        assert notes or sheet.title == "数据完整性", sheet.title  # its notes are short
        for note in notes:
            span = merged_span(sheet, note)
            assert span is not None and span[1] >= width, (sheet.title, note.coordinate, note.value[:20])
            assert note.alignment.wrap_text, (sheet.title, note.coordinate)
            columns = sum(sheet.column_dimensions[openpyxl.utils.get_column_letter(c)].width
                          for c in range(span[0], span[1] + 1))
            lines = -(-text_width(note.value) // columns)
            assert sheet.row_dimensions[note.row].height >= 14 * lines, (sheet.title, note.coordinate)
        subtitle = sheet["A2"]
        assert merged_span(sheet, subtitle) is not None and subtitle.alignment.wrap_text, sheet.title
        assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text, sheet.title
    legend = next(c.value for c in book["汇总矩阵"]["A"] if isinstance(c.value, str) and c.value.startswith("统计截至"))
    assert "无数据＝比率分母为0" in legend
