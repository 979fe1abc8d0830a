# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""人员名册 → 历史…: who changed what of a person, when, as a record's 修改历史 shows it; and a 录入员, who may not
change a 主要负责同志's tenure, sees its fields but cannot change them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import county_template, world  # noqa: F401  (fixtures)
from helpers import type_text

from fazhi_desktop.core import accounts, people
from fazhi_desktop.qt.roster_view import RosterView

STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)
LEADER = "主要负责同志"


@pytest.fixture
def roster(qtbot, store, staff, dialogs):
    """马书记 (主要负责同志) and 苏燕 (调解员), added by the 所长 杨芳, who is logged in; the page open."""
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    people.add_person(store, "", "马书记", roles=[LEADER], joined_on="2021-03-01")
    people.add_person(store, "", "苏燕", roles=["调解员"])
    view = RosterView(store, dialogs, "杨芳")
    qtbot.addWidget(view)
    view.resize(1000, 500)
    view.show()
    qtbot.waitExposed(view)
    yield view
    if view.dialog is not None:
        view.dialog.done(QDialog.DialogCode.Rejected)


def select(view: RosterView, name: str) -> None:
    view.table.selectRow(next(r for r, p in enumerate(view.people) if p.name == name))


def opened_history(qtbot, view: RosterView):
    """Click 历史… and return the dialog it opened."""
    from fazhi_desktop.qt.history_dialog import RevisionsDialog

    view.history_button.click()
    qtbot.waitUntil(lambda: any(isinstance(w, RevisionsDialog) and w.isVisible() for w in view.children()))
    dialog = next(w for w in view.children() if isinstance(w, RevisionsDialog))
    qtbot.addWidget(dialog)
    return dialog


def test_history_shows_who_changed_a_leaders_day_in_post_from_what_to_what(qtbot, roster, store):
    select(roster, "马书记")
    roster.edit_button.click()
    roster.dialog.joined_on.clear()
    type_text(qtbot, roster.dialog.joined_on, "2021-04-01")
    roster.dialog.save_button.click()
    assert roster.dialog is None
    dialog = opened_history(qtbot, roster)
    assert dialog.windowTitle() == "修改历史 — 人员名册 马书记"
    assert [dialog.revision_table.horizontalHeaderItem(c).text() for c in range(6)] == [
        "版本", "时间", "操作人", "操作", "状态", "说明"]
    assert [row[2:5] for row in dialog.rows()] == [["杨芳", "添加", "在用"], ["杨芳", "修改", "在用"]]
    assert dialog.change_title.text().startswith("第 2 版：杨芳 修改（")  # the newest chosen, its fields below
    changes = [[dialog.change_table.item(r, c).text() for c in range(3)] for r in range(dialog.change_table.rowCount())]
    assert changes == [["到任日期", "2021-03-01", "2021-04-01"]]
    assert dialog.note.text().startswith("共 2 条，时间为本机时间。名册的每一次添加、修改、停用和启用都记在这里")


def test_history_needs_a_person_chosen_and_the_county_has_none(qtbot, roster, world, dialogs):
    roster.table.clearSelection()
    assert not roster.history_button.isEnabled()
    select(roster, "苏燕")
    assert roster.history_button.isEnabled() and roster.history_button.text() == "历史…"
    county = RosterView(world.county, dialogs, "县司法局")
    qtbot.addWidget(county)
    assert county.history_button.isHidden()  # the county keeps no roster log: the township's database has it


def test_a_clerk_sees_a_leaders_tenure_but_cannot_change_it(qtbot, roster, store):
    accounts.login(store, "马丽", STAFF_PASSWORD)
    roster.refresh()
    select(roster, "马书记")
    reason = "录入员无权登记或修改主要负责同志的任职（需要所长或管理员）"
    assert not roster.active_button.isEnabled() and roster.active_button.toolTip().startswith(reason)
    roster.edit_button.click()
    dialog = roster.dialog
    assert dialog.joined_on.isReadOnly() and dialog.left_on.isReadOnly() and dialog.name.isReadOnly()
    assert dialog.joined_on.toolTip().startswith(reason) and dialog.role_boxes[LEADER].toolTip().startswith(reason)
    qtbot.mouseClick(dialog.role_boxes[LEADER], Qt.MouseButton.LeftButton)
    assert dialog.role_boxes[LEADER].isChecked()  # the click takes nothing away
    type_text(qtbot, dialog.title_edit, "镇党委书记")  # what T47 does not count is hers to change
    dialog.save_button.click()
    assert roster.dialog is None
    assert next(p.title for p in people.list_people(store) if p.name == "马书记") == "镇党委书记"
    select(roster, "苏燕")
    assert roster.active_button.isEnabled()
    roster.add_button.click()
    boxes = roster.dialog.role_boxes
    for box in (boxes[LEADER], boxes["调解员"]):
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert not boxes[LEADER].isChecked() and boxes["调解员"].isChecked()  # she adds no 主要负责同志
