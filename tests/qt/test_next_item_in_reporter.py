# ruff: noqa: F811  (the open_window fixture imported from test_review_gui)
"""A new clerk typing the paper minutes' 议题 one under another pressed Enter after the first, expecting a new line:
Enter moved on to 汇报人, and the second 议题 was saved as the name of its reporter, said only as “有数字或标点，请核对
姓名”. The note now says what happened and how to add a 议题; and a title pasted from a WeChat notice keeps no space
a keyboard does not type."""

from __future__ import annotations

from helpers import press, type_text
from PySide6.QtCore import QEvent, QMimeData, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from test_review_gui import open_window  # noqa: F401  (a fixture)

from fazhi_desktop.core.names import ITEM_IN_NAME


def shown_note(field) -> str:
    return field.message.text() if field.message.isVisible() else ""


def test_the_next_item_typed_into_the_reporter_is_said_as_an_item(qtbot, staff, open_window):
    window = open_window("马丽")
    editor = window.open_editor("meeting", None)
    qtbot.waitExposed(editor)
    row = editor.editor.inputs["agenda_items"].add_row()
    type_text(qtbot, row.inputs["title"].control, "1.关于人居环境整治")
    press(qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is row.inputs["presenter"].control  # Enter moved on, as it does everywhere
    type_text(qtbot, QApplication.focusWidget(), "2.关于防汛工作")
    press(qtbot, Qt.Key.Key_Return)
    assert shown_note(row.inputs["presenter"]) == f"“2.关于防汛工作”{ITEM_IN_NAME}"


def test_a_title_pasted_from_wechat_shows_without_its_odd_spaces(qtbot, staff, open_window):
    window = open_window("马丽")
    editor = window.open_editor("meeting", None)
    qtbot.waitExposed(editor)
    title = editor.editor.inputs["title"].control
    title.setFocus()
    pasted = QMimeData()
    pasted.setText("2026年第3次\u2005镇政府常务会议\u00a0")
    QApplication.clipboard().setMimeData(pasted)
    QApplication.sendEvent(title, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier))
    assert title.text() == "2026年第3次镇政府常务会议"
