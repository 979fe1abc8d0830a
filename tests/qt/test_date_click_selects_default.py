"""A new record's date box starts with today's date. Tab into it selected it all, but a clerk who clicked into it
with the mouse had the cursor put at the end, typed 2026年3月5日 and got 2026-11-282026年3月5日 and a red error. Now the
first click into a date box still holding that untouched default selects it all, as Tab does; a date she typed, or
a saved record's, takes the cursor where she clicks."""

from __future__ import annotations

from helpers import type_text
from PySide6.QtCore import Qt
from test_editor import open_window

from fazhi_desktop.core.setup import init_database


def test_a_click_into_the_untouched_default_date_selects_it_and_typing_replaces_it(qtbot, tmp_path, dialogs):
    store = init_database(tmp_path / "t.db", "640522100")
    editor = open_window(qtbot, store, "meeting", dialogs).editor
    held = editor.field_widget("held_on")
    assert held.control.text() == held.ctx.today.isoformat()  # the default
    editor.field_widget("title").control.setFocus()
    qtbot.mouseClick(held.control, Qt.MouseButton.LeftButton)
    assert held.control.hasFocus() and held.control.selectedText() == held.control.text()
    type_text(qtbot, held.control, "2026年3月5日")
    assert held.control.text() == "2026年3月5日"
    qtbot.keyClick(held.control, Qt.Key.Key_Return)  # left: read as a date
    assert held.control.text() == "2026-03-05" and held.warning() is None


def test_a_click_into_a_date_the_clerk_typed_puts_the_cursor_there(qtbot, tmp_path, dialogs):
    store = init_database(tmp_path / "t.db", "640522100")
    editor = open_window(qtbot, store, "meeting", dialogs).editor
    held = editor.field_widget("held_on").control
    held.setFocus()
    held.selectAll()
    type_text(qtbot, held, "2026-03-05")
    editor.field_widget("title").control.setFocus()
    qtbot.mouseClick(held, Qt.MouseButton.LeftButton)
    assert held.hasFocus() and held.selectedText() == ""
