"""本年度指标 in February: T40b 所长全程列席 1 / 1 after the first 常务会议 reads 目前达标, its tooltip and 说明 saying
why (a later meeting attended in part still misses it); T40a 专题研究部署 1 / 1 stays 达标; after the year, 达标."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/test_indicators_not_yet_gui.py

from helpers import as_read
from test_indicators_not_yet_gui import page_on

ACTOR = "杨芳"
WHY = ("按目前的记录已达到目标；年度尚未结束，以后的记录也计入比率，其中未达到要求的仍会使比率低于目标。"
       "年度结束后才是最终结果")


def row_said(page, code: str) -> tuple[str, str, str]:
    """(状态, its tooltip, 说明) of a target's row."""
    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == code)
    status = page.table.item(row, 5)
    return status.text().replace("\n", ""), status.toolTip(), page.table.item(row, 6).text()  # 目前/达标: 2 lines


def test_a_ratio_met_in_february_reads_met_so_far_and_says_why(qtbot, store, valid_record, dialogs, ui_settings,
                                                               clock):
    clock.set(datetime(2026, 2, 20, 8, 0, tzinfo=UTC))
    store.save("meeting", valid_record("meeting", held_on="2026-02-10"), ACTOR)
    store.save("meeting", valid_record("meeting", title="法治政府建设专题研究部署会", held_on="2026-02-12",
                                       meeting_type="专题研究部署法治政府建设会议"), ACTOR)
    page = page_on(qtbot, store, dialogs, ui_settings)
    assert row_said(page, "T40b") == ("目前达标", WHY, WHY)
    assert row_said(page, "T40a") == ("达标", "", "已达标")  # a count met stays met
    said = as_read(page.summary.text())
    assert "达标 1 项" in said and "目前达标 2 项" in said  # T40b, T21


def test_after_the_year_it_reads_met(qtbot, store, valid_record, dialogs, ui_settings, clock):
    store.save("meeting", valid_record("meeting", held_on="2026-02-10"), ACTOR)
    clock.set(datetime(2027, 1, 10, 8, 0, tzinfo=UTC))
    page = page_on(qtbot, store, dialogs, ui_settings)
    page.year_combo.setCurrentIndex(page.year_combo.findData(2026))
    assert row_said(page, "T40b") == ("达标", "", "已达标")
