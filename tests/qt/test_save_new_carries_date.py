"""An evening's backlog typed with 保存并新建 or Ctrl+D: the next record's date started at today, and Enter passed over
it, so a May sheet typed in November was dated in November. The date now starts at the saved record's, selected (a
date typed replaces it), and the window's line says so."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from helpers import press, type_text

from fazhi_desktop.core.store import ListQuery
from fazhi_desktop.qt.main_window import create_main_window

Key, CTRL, SHIFT = Qt.Key, Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def open_window(qtbot, store, staff, dialogs, ui_settings):
    window = create_main_window(store, dialogs, ui_settings, staff["clerk"])
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def fields(qtbot, *texts: str) -> None:
    for text in texts:
        if text:
            type_text(qtbot, QApplication.focusWidget(), text)
        press(qtbot, Key.Key_Return)


def editor():
    return QApplication.focusWidget().window().editor


def test_save_and_new_starts_the_next_sheet_at_the_saved_ones_date(qtbot, store, staff, dialogs, ui_settings):
    open_window(qtbot, store, staff, dialogs, ui_settings)
    press(qtbot, Key.Key_2, CTRL)
    press(qtbot, Key.Key_N, CTRL)
    fields(qtbot, "会", "学习《行政复议法》", "", "2026-05-28")
    press(qtbot, Key.Key_S, CTRL | SHIFT)
    assert editor().status.text() == ("上一条已保存：〔2026〕学法字第1号；"
                                      "已从上一条带入日期 2026-05-28，不是这一天的请直接输入")
    assert editor().is_untouched_new()  # the key pressed again saves nothing
    fields(qtbot, "会", "学习《宪法》", "")  # Enter passes over the date: the evening's papers of one day
    press(qtbot, Key.Key_S, CTRL | SHIFT)
    fields(qtbot, "会", "学习《民法典》", "")
    date_box = editor().field_widget("held_on").control
    assert date_box.hasFocus() and date_box.selectedText() == "2026-05-28"
    type_text(qtbot, date_box, "2026-05-29")  # typed over it, not after it
    press(qtbot, Key.Key_S, CTRL)
    held = {r["topic"]: r["held_on"] for r in store.list(ListQuery("law_study"))}
    assert held == {"学习《行政复议法》": "2026-05-28", "学习《宪法》": "2026-05-28", "学习《民法典》": "2026-05-29"}


def test_a_copy_whose_date_comes_first_starts_there_selected(qtbot, store, staff, dialogs, ui_settings):
    open_window(qtbot, store, staff, dialogs, ui_settings)
    press(qtbot, Key.Key_4, CTRL)
    press(qtbot, Key.Key_N, CTRL)
    fields(qtbot, "2026-05-28", "1", "张某", "", "乡综合执法办", "执法人员未出示执法证")
    press(qtbot, Key.Key_D, CTRL)
    assert "已从上一条带入日期 2026-05-28" in editor().status.text()
    date_box = editor().field_widget("accepted_on").control
    assert date_box.hasFocus() and date_box.selectedText() == "2026-05-28"
    type_text(qtbot, date_box, "2026-05-27")
    assert date_box.text() == "2026-05-27"


def test_a_click_into_the_carried_date_selects_it_as_into_todays(qtbot, store, staff, dialogs, ui_settings):
    """A click into a new record's untouched date selects it all (test_date_click_selects_default.py); into the
    carried one it put the cursor at the end, and 2026-05-29 typed there read 2026-05-282026-05-29 in red."""
    open_window(qtbot, store, staff, dialogs, ui_settings)
    press(qtbot, Key.Key_2, CTRL)
    press(qtbot, Key.Key_N, CTRL)
    fields(qtbot, "会", "学习《行政复议法》", "", "2026-05-28")
    press(qtbot, Key.Key_S, CTRL | SHIFT)
    date_box = editor().field_widget("held_on").control
    editor().field_widget("topic").control.setFocus()
    qtbot.mouseClick(date_box, Qt.MouseButton.LeftButton)
    assert date_box.hasFocus() and date_box.selectedText() == "2026-05-28"
    type_text(qtbot, date_box, "2026-05-29")
    assert date_box.text() == "2026-05-29"
