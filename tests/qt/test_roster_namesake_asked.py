"""人员名册 → 添加人员 under a name the roster has (书记 王军 left in March; a 王军 arrives in October): the figures
took entries of one name whose terms never overlap for one person, and a second 王军 who never spoke was hidden
behind the first one's talk. The dialog now asks 是同一人 / 是另一人 of the entry, and the answer is kept with the
new one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from helpers import type_text

from fazhi_desktop.core import people
from fazhi_desktop.qt.roster_view import RosterView

QUESTION = "名册中已有“王军”（镇党委书记，2024-03-01 至 2026-03-31）：是同一人改任（或再任）吗？"


@pytest.fixture
def roster(qtbot, store, dialogs):
    people.add_person(store, "杨芳", "王军", "镇党委书记", roles=["主要负责同志"], joined_on="2024-03-01",
                      left_on="2026-03-31")
    view = RosterView(store, dialogs, "杨芳")
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    yield view
    if view.dialog is not None:
        view.dialog.done(QDialog.DialogCode.Rejected)


def add_wang_jun(qtbot, roster):
    roster.add_button.click()
    dialog = roster.dialog
    type_text(qtbot, dialog.name, "王军")
    type_text(qtbot, dialog.title_edit, "镇党委书记")
    dialog.role_boxes["主要负责同志"].setChecked(True)
    type_text(qtbot, dialog.joined_on, "2026-10-08")
    dialog.save_button.click()
    return dialog


def second(store):
    return [p for p in people.list_people(store) if p.joined_on == "2026-10-08"]


@pytest.mark.parametrize("answer", ["是同一人", "是另一人"])
def test_the_clerk_is_asked_and_the_answer_is_kept(qtbot, roster, store, dialogs, answer):
    dialogs.choices = [answer]
    add_wang_jun(qtbot, roster)
    assert dialogs.shown == [("choose", "是否同一人", QUESTION)]
    assert roster.dialog is None
    first = next(p for p in people.list_people(store) if p.left_on)
    [new] = second(store)
    assert new.person == (first.id if answer == "是同一人" else new.id)


def test_cancel_saves_nothing_and_keeps_the_dialog_open(qtbot, roster, store, dialogs):
    dialog = add_wang_jun(qtbot, roster)  # no answer scripted: 取消
    assert roster.dialog is dialog and dialog.isVisible()
    assert second(store) == []


def test_another_name_is_not_asked_about(qtbot, roster, store, dialogs):
    roster.add_button.click()
    type_text(qtbot, roster.dialog.name, "田志刚")
    roster.dialog.save_button.click()
    assert dialogs.shown == [] and roster.dialog is None
