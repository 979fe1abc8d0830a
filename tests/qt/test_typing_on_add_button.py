"""What is typed while the cursor is on a group's ＋ 添加一行 goes on into the next field (twenty-second session):
Enter after a row's last field lands on ＋, and the clerk typing on from paper lost the next character."""

from __future__ import annotations

from helpers import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_editor import open_window

from fazhi_desktop.core.setup import init_database


def test_a_key_typed_on_add_a_row_goes_into_the_next_field(qtbot, tmp_path, dialogs):
    store = init_database(tmp_path / "t.db", "640522100")
    window = open_window(qtbot, store, "mediation_case", dialogs)
    editor = window.editor
    add = editor.group_widget("parties").add_button
    add.setFocus()
    qtbot.keyClick(add, "a")
    qtbot.keyClick(QApplication.focusWidget(), "b")  # the next key, where the cursor now is
    summary = editor.field_widget("dispute_summary")
    assert summary.value() == "ab" and summary.control.hasFocus()

    meeting = open_window(qtbot, store, "meeting", dialogs).editor
    add = meeting.group_widget("absentees").add_button
    add.setFocus()
    type_text(qtbot, add, "全")  # a word from the input method, committed on the button
    attendance = meeting.field_widget("office_head_attendance")
    assert attendance.value() == "全程" and attendance.control.hasFocus()
    rows = len(meeting.group_widget("absentees").rows)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # back to ＋
    assert QApplication.focusWidget() is add
    qtbot.keyClick(add, Qt.Key.Key_Space)  # Space still adds a row
    assert len(meeting.group_widget("absentees").rows) == rows + 1
    store.close()


def test_a_key_typed_on_add_a_row_before_the_attachments_goes_past_them_into_remarks(qtbot, tmp_path, dialogs):
    """A study's 缺席人员 ends before 附件, a list (and buttons) that take no text: both keys were lost there."""
    store = init_database(tmp_path / "t.db", "640522100")
    editor = open_window(qtbot, store, "law_study", dialogs).editor
    add = editor.group_widget("absentees").add_button
    add.setFocus()
    qtbot.keyClick(add, "a")
    qtbot.keyClick(QApplication.focusWidget(), "b")
    remarks = editor.field_widget("remarks")
    assert remarks.value() == "ab" and remarks.control.hasFocus()
    assert editor.field_widget("attachments").value() == []
    store.close()
