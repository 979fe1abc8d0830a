# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The 所长's month end: the month's records reviewed and locked, the bundle to the county, the receipt back; what
each window says about it agrees with the others and with the lists."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/, whatever pytest's import mode
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import county_template, world  # noqa: F401
from test_bundles_gui import ScriptedPrompts, cheap_keys, export_with_wizard, make_window  # noqa: F401


def test_the_export_summary_counts_deleted_records_as_the_plan_did(qtbot, world, valid_record, dialogs,
                                                                   ui_settings):
    """A record deleted this month goes to the county as a deletion: the plan said "记录 5 条（其中已删除 1 条）"
    beside a list of four, and the done page must say the same, not an unexplained five."""
    town = world.town()
    records = [town.store.save("meeting", valid_record("meeting", title=f"第{i}次乡镇政府常务会议"), "马丽")
               for i in range(1, 6)]
    town.store.delete(records[0].id, "马丽")
    window = make_window(qtbot, town.store, dialogs, ui_settings, ScriptedPrompts())
    wizard = export_with_wizard(qtbot, window, town.usb)
    planned = wizard.plan_page.summary.text().splitlines()[1]
    assert planned == "将发送：变更 6 条，记录 5 条（其中已删除 1 条），附件 0 个（0 字节），名册 0 人"
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page, timeout=20000)
    done = wizard.done_page.text.text().splitlines()
    assert done[1] == "第 1 号数据包：" + planned.removeprefix("将发送：")
    assert window.pages["meeting"].count_label.text() == "共 4 条"

