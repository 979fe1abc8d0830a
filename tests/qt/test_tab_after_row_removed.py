"""Tab after 删除此行 in the middle of a case's parties. The editor's Tab order is set by walking Qt's focus chain
(editor._chain_tab_order); PySide ties each widget the walk is handed to the one that handed it, so deleting a row
dropped the Python handles of widgets after it, and the next Tab read one: the program closed (a crash, not even a
message) as the clerk pressed Tab."""

from __future__ import annotations

import sys
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))

from gui_big_case import ACTOR, case

from fazhi_desktop.qt.editor import EditorWindow

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def press(qtbot, control, key, modifiers) -> None:
    control.setFocus()
    qtbot.waitUntil(control.hasFocus)
    QTest.keyClick(control, key, modifiers)
    QApplication.processEvents()


def test_tab_goes_round_the_window_after_a_middle_party_is_removed(qtbot, store, dialogs):
    """(The scripted dialogs, not real ones: closing the window, its row added and removed, asks 保存修改吗 — a real
    box waited for ever at teardown and held up every test after it.)"""
    record = store.save("mediation_case", case(3), ACTOR)
    dialogs.confirm_answers.append(True)  # 删除此行
    window = EditorWindow(store, store.ledgers["mediation_case"], record, dialogs, ACTOR)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    parties = window.editor.group_widget("parties")
    press(qtbot, parties.rows[1].inputs["name"].control, Qt.Key.Key_Return, CTRL)  # 添加一行
    assert len(parties.rows) == 4 and QApplication.focusWidget() is parties.rows[3].focus_chain()[0]
    press(qtbot, parties.rows[1].inputs["name"].control, Qt.Key.Key_Delete, CTRL | SHIFT)  # 删除此行
    QApplication.processEvents()  # the row deleted
    assert len(parties.rows) == 3
    assert all(shiboken6.isValid(w) for w in window.tab_after)  # 显示完整证件号's reason box was dropped
    window.editor.field_widget("case_category").control.setFocus()
    seen = []
    for _ in range(80):
        assert window.focusNextPrevChild(True)  # raised: a deleted widget's handle read
        seen.append(QApplication.focusWidget())
    assert window.save_button in seen and window.editor.field_widget("remarks").control in seen
