"""本年度指标 of a closed year whose closing left a 行政裁决 open: T35 read 0 / 1 未达标 年度已结束，未完成目标 though
the case can still take its 告知, and nothing under the table said which figures can still move."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "core"))  # tests/core/test_closed_year_moving_figures.py

from test_closed_year_moving_figures import NOTE, adjudication_left_open

from fazhi_desktop.qt.indicators_view import IndicatorsPage


def test_the_township_page_says_a_missed_target_may_still_move(qtbot, store, dialogs, clock):
    adjudication_left_open(store, clock)
    clock.set(datetime(2027, 1, 10, 2, 0, tzinfo=UTC))
    page = IndicatorsPage(store, dialogs, lambda record: None)
    qtbot.addWidget(page)
    page.refresh()
    page.year_combo.setCurrentIndex(page.year_combo.findData(2026))
    rows = {page.table.item(row, 0).text(): row for row in range(page.table.rowCount())}
    assert page.table.item(rows["T35"], 6).text().startswith("年度已结束，目前未完成目标；本年仍有 1 件事项在办理")
    assert page.moving_note.text().startswith(f"{NOTE}T35 行政裁决权利告知") and not page.moving_note.isHidden()
    page.year_combo.setCurrentIndex(page.year_combo.findData(2027))
    assert page.moving_note.isHidden()
