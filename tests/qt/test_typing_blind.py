"""A clerk typing a pile of paper forms without looking at the screen: where her keys land.

She reads the paper, not the window: Ctrl+Shift+S after each form, then the next form's first field at once. What
the program does between two forms (a pause for a warning, a new row, a field below the window's edge) must not
send her keys where she does not expect them, nor hide what she types.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from helpers import press, type_text
from test_keyboard_evening import editor_at_cursor, fields, new_record, window  # noqa: F401 (the main window)

from fazhi_desktop.core.store import ListQuery
from fazhi_desktop.qt.dialogs import Dialogs

Key, Mod = Qt.Key, Qt.KeyboardModifier
CTRL, SHIFT = Mod.ControlModifier, Mod.ShiftModifier
#: three complaints from the 12345 hotline; the second has the first one's matter and unit: a possible duplicate
PAPERS = [("2026-05-20", "1", "马某", "15509542033", "镇综合执法办", "执法人员未出示执法证"),
          ("2026-05-20", "1", "李某", "13995012345", "镇综合执法办", "执法人员未出示执法证"),
          ("2026-05-21", "", "王某", "13895012345", "镇市场监管所", "检查时态度粗暴")]
pytestmark = pytest.mark.usefixtures("window")  # a 录入员's main window, keys going where the keyboard sends them


def complaints(store) -> dict[str, tuple[int, str, str]]:
    """Each complaint's number: its version, 投诉事项 and 投诉人."""
    return {r.number: (r.revision, r["matter"], r["complainant"]) for r in store.list(ListQuery("complaint"))}


def keys_into_the_box(qtbot, typed: str, seen: list[str]) -> None:
    """When a message box opens, type into it what she types next without looking (the next form's date), then
    Enter: to the widget of the box that has the keyboard (the offscreen platform activates no window, so it is
    asked of the box); note the box's text in `seen`. Then her window is active again, as Windows makes it."""
    def type_blind(tries: int = 100) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            if tries:  # for a second at most: no box, nothing typed (the test says what it expected)
                QTimer.singleShot(10, lambda: type_blind(tries - 1))
            return
        seen.append(box.text())
        owner = box.parentWidget().window()
        keys = box.focusWidget() or box
        for ch in typed:
            qtbot.keyClick(keys, ch)
        qtbot.keyClick(keys, Key.Key_Return)
        if box.isVisible():  # the keys did not close it: the test fails instead of waiting for ever
            seen.append("（仍然打开）")
            box.done(0)
        QTimer.singleShot(0, owner.activateWindow)
    QTimer.singleShot(0, type_blind)


def test_the_next_paper_typed_after_a_paused_save_and_new_never_changes_the_saved_record(qtbot, store, dialogs,
                                                                                          monkeypatch):
    """The second complaint had a duplicate note: 保存并新建 stopped with the cursor left in the last field, and the
    whole third form went into 〔2026〕投诉字第2号's 投诉内容; the next Ctrl+Shift+S saved that as its version 2.
    Now the pause is a box that takes her next keys, Enter there means 返回核对, and a change to the saved record
    is saved only when she says so, in a box that names what changed."""
    monkeypatch.setattr(dialogs, "confirm", lambda *args, **kw: Dialogs.confirm(dialogs, *args, **kw))  # real boxes
    new_record(qtbot, Key.Key_4)
    fields(qtbot, *PAPERS[0])
    press(qtbot, Key.Key_S, CTRL | SHIFT)
    fields(qtbot, *PAPERS[1])
    seen: list[str] = []
    keys_into_the_box(qtbot, PAPERS[2][0], seen)  # the third form's 受理日期, then Enter
    press(qtbot, Key.Key_S, CTRL | SHIFT)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert seen[0].startswith("已保存：〔2026〕投诉字第2号（第 1 版）。\n有 1 条提醒（橙色）")
    assert "投诉事项：与 〔2026〕投诉字第1号 的受理日期和投诉事项相同" in seen[0]
    editor = editor_at_cursor().editor
    assert editor.title() == "〔2026〕投诉字第2号"
    assert editor.field_widget("matter").control.hasFocus()  # 返回核对: at the orange field
    assert editor.field_widget("matter").control.text() == "执法人员未出示执法证"  # the date went nowhere
    fields(qtbot, *PAPERS[2][1:])  # not looking, she types on into the saved record's fields
    keys_into_the_box(qtbot, "2026-05-22", seen)  # Ctrl+Shift+S, and the fourth form's date
    press(qtbot, Key.Key_S, CTRL | SHIFT)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert seen[1].startswith("〔2026〕投诉字第2号 已保存（第 1 版）。本窗口中又改动了：投诉内容。")
    assert complaints(store) == {"〔2026〕投诉字第1号": (1, "执法人员未出示执法证", "马某"),
                                 "〔2026〕投诉字第2号": (1, "执法人员未出示执法证", "李某")}  # unchanged
    assert editor_at_cursor().editor is editor and editor.status.text().startswith("未保存：〔2026〕投诉字第2号 的改动")


def test_a_correction_made_after_checking_is_saved_when_she_says_so_and_the_next_form_follows(qtbot, store,
                                                                                               dialogs):
    new_record(qtbot, Key.Key_4)
    for paper in PAPERS[:2]:
        fields(qtbot, *paper)
        press(qtbot, Key.Key_S, CTRL | SHIFT)
    assert dialogs.shown[-1][1] == "保存并新建" and dialogs.confirm_defaults == [False]  # Enter: 返回核对
    editor = editor_at_cursor().editor
    assert editor.field_widget("matter").control.hasFocus()
    editor.field_widget("matter").control.selectAll()
    type_text(qtbot, QApplication.focusWidget(), "检查人员态度粗暴")  # the paper says so: not a duplicate
    dialogs.confirm_answers = [True]  # 保存修改
    press(qtbot, Key.Key_S, CTRL | SHIFT)
    assert dialogs.shown[-1][:2] == ("confirm", "修改已保存的记录") and "改动了：投诉事项。" in dialogs.shown[-1][2]
    assert dialogs.confirm_defaults == [False, False]  # Enter: 返回, nothing saved
    assert complaints(store)["〔2026〕投诉字第2号"] == (2, "检查人员态度粗暴", "李某")
    qtbot.waitUntil(lambda: editor_at_cursor().editor is not editor)  # no warning left: on to the next form
    assert editor_at_cursor().editor.status.text() == "上一条已保存：〔2026〕投诉字第2号"
