"""Lists read again while shown put their cells into an emptied table, as 待办事项 does since its 刷新 froze the
window (tests/qt/test_todo_refill_cells.py): 查找当事人's hits (each 查找 of another name) and the texts naming the
person, 数据包冲突 (after each one settled), the county's 查看记录 (each 分子/分母 chosen) and 写回执 (after the
receipts are written). Each cell laid over the one shown made Qt measure its whole column again, which at five
years' records froze the window for minutes."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/test_todo_refill_cells.py
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import conflicted, county_template, world  # noqa: F401  (fixtures)
from PySide6.QtCore import Qt
from test_idle_lock_gui import STAFF_PASSWORD, open_window
from test_person_view import action
from test_todo_refill_cells import counting_replaced, shown

from fazhi_desktop.core import accounts
from fazhi_desktop.core.indicators import load_catalog_for
from fazhi_desktop.qt.conflicts_view import ConflictsDialog
from fazhi_desktop.qt.indicator_widgets import DrillDialog
from fazhi_desktop.qt.receipts_view import ReceiptsDialog


def test_finding_the_person_again_lays_no_cell_over_another(qtbot, store, staff, dialogs, ui_settings, valid_record):
    accounts.login(store, "马丽", STAFF_PASSWORD)
    for number in range(1, 5):
        store.save("mediation_case", valid_record("mediation_case", parties=[
            {"role": "申请人", "party_type": "自然人", "name": "马海军"}], case_name=f"马海军邻里纠纷第{number}起"),
            actor="马丽")
    accounts.logout(store)
    window = open_window(qtbot, store, dialogs, ui_settings, accounts.login(store, "杨芳", STAFF_PASSWORD))
    action(window, "查找当事人").trigger()
    dialog = window.person_dialog
    dialog.name_edit.setText("马海军")

    def find() -> None:
        qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.task is None, timeout=10_000)  # the search runs on a worker thread

    find()
    before = shown(dialog.hits)
    assert len(before) == 4
    replaced = counting_replaced(dialog.hits)
    find()
    assert replaced == []
    assert shown(dialog.hits) == before


def test_the_county_lists_read_again_lay_no_cell_over_another(qtbot, conflicted, dialogs, valid_record):
    world, town, _record = conflicted
    town.store.save("meeting", valid_record("meeting", host="马文军", title="另一次会议"), "杨芳")
    world.import_(world.export(town).path)
    county = world.county

    conflicts = ConflictsDialog(county, dialogs, "杨芳")
    qtbot.addWidget(conflicts)
    conflicts.show_resolved.setChecked(True)
    before = shown(conflicts.table)
    replaced = counting_replaced(conflicts.table)
    conflicts.refresh()
    assert replaced == [] and shown(conflicts.table) == before and len(before) == 1

    drill = DrillDialog(county, load_catalog_for(county, remember=False), "T40b", 2026, town.code,
                        lambda _record: None, part="denominator")
    qtbot.addWidget(drill)
    before = shown(drill.table)
    replaced = counting_replaced(drill.table)
    drill.load()
    assert replaced == [] and shown(drill.table) == before and len(before) == 2

    receipts = ReceiptsDialog(county, dialogs)
    qtbot.addWidget(receipts)
    receipts.refresh()
    before = shown(receipts.table)
    replaced = counting_replaced(receipts.table)
    receipts.refresh()
    assert replaced == [] and shown(receipts.table) == before and len(before) == 1


# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
