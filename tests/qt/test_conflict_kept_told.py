# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""处理冲突 → 保留本县原有版本: the reviewer is told that the township still has the other version, that its receipts
will name the record, and that its next edit of it counts (she took her choice for the last word on it)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/test_bundles_gui.py
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import conflicted, county_template, world  # noqa: F401  (fixtures)
from test_bundles_gui import ScriptedPrompts, make_window, menu_action


def test_keeping_the_countys_version_says_what_the_township_is_told_and_what_its_next_edit_does(
        qtbot, conflicted, dialogs, ui_settings):
    world, _town, record = conflicted
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts())
    menu_action(window, "处理冲突").trigger()
    dialog = window.conflicts_dialog
    assert "乡镇现在仍是新收到的那一版" not in dialog.summary.text()  # not decided yet
    dialog.keep_button.click()
    dialog.show_resolved.setChecked(True)
    assert dialog.table.item(0, 5).text().startswith("已处理：保留本县原有版本")
    summary = dialog.summary.text()
    assert "乡镇现在仍是新收到的那一版：以后写给该乡镇的回执会列出这条记录和不同的项目" in summary
    assert "乡镇修改这条记录并报送后，县里以乡镇修改后的为准" in summary
    assert world.county.get(record.id)["location"] == "会议室甲"
    dialog.close()
