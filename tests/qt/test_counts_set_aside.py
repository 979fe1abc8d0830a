# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The county's status bar said 共 3 条记录（会议 3…）while 数据完整性's 会议 column summed to 2: one was set aside (a
version the township no longer has after restoring a backup), and nothing said so. Now the bar says which of its
count the indicators leave out."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/test_bundles_gui.py
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import county_template, set_aside_by_restore, world  # noqa: F401
from test_bundles_gui import ScriptedPrompts, make_window

from fazhi_desktop.core.indicators.completeness import completeness

ACTOR = "杨芳"


def test_the_status_bar_says_how_many_of_a_ledgers_records_are_not_counted(qtbot, world, valid_record, dialogs,
                                                                          ui_settings):
    town = world.town()
    aside = town.store.save("meeting", valid_record("meeting", title="恢复前的会议"), ACTOR)
    set_aside_by_restore(world, town, valid_record, "meeting", aside.id, {"title": "恢复前改过的会议"})
    [row] = [r for r in completeness(world.county, 2026).townships if r.code == town.code]
    assert row.records["meeting"] == 1  # 数据完整性 counts the restored PC's meeting alone
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts())
    window.resize(1600, 700)
    window.update_counts()
    text = window.counts_label.text() + window.counts_label.toolTip()
    assert "会议 2（其中不计入 1）" in text, text
    assert "学法活动 0，" in text  # a ledger with none set aside is as before
