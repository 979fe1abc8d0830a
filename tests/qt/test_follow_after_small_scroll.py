"""A scroll that left the cursor's field in view (one wheel notch to see the paper's next lines; ↓ in 参加人员's
entry, looking for the completer's list, which scrolls the form one step) turned the following off: the names typed
on into 参加人员 pushed its entry line below the edge (qt/editor/in_view.py took any scroll-bar action as hers; it
now stops following only when the cursor's field is scrolled out of view)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from test_chip_x_scrolled_away import wheel_down
from test_keyboard_evening import editor_at_cursor, fields, new_record, press, window  # noqa: F401 (the main window)
from test_typing_blind import seen

Key = Qt.Key

NAMES = ["马志刚", "李强", "杨芳", "苏燕", "王明", "张伟", "刘洋", "陈静", "赵磊", "孙丽", "周杰", "吴敏", "郑强",
         "冯涛", "何平", "马兰", "韩梅", "曹阳"]


@pytest.mark.parametrize("scroll", ["wheel", "down"])
def test_names_typed_after_a_small_scroll_stay_in_view(qtbot, window, scroll):  # noqa: F811
    new_record(qtbot, Key.Key_2)
    editor = editor_at_cursor().editor
    editor.window().resize(760, 500)
    fields(qtbot, "会", "学习宪法", "宪法", "2026-05-28", "830", "900", "", "会议室", "田玉春", "杨芳")
    fields(qtbot, "", "", "", "16", "16")
    entry = QApplication.focusWidget()
    assert seen(editor, entry) == (0, 0)
    if scroll == "wheel":
        wheel_down(editor.scroll.viewport())  # one notch; the entry stays in view
    else:
        press(qtbot, Key.Key_Down)  # nothing typed yet: no list to go down into
    qtbot.wait(20)
    assert entry.hasFocus() and seen(editor, entry) == (0, 0), seen(editor, entry)
    for typed in NAMES:
        fields(qtbot, typed)
        qtbot.wait(10)
        assert QApplication.focusWidget() is entry
        assert seen(editor, entry) == (0, 0), f"after {typed}: the entry line {seen(editor, entry)} out of view"
