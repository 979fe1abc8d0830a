"""A clerk typing a pile of paper forms without looking at the screen: where her keys land.

She reads the paper, not the window: Ctrl+Shift+S after each form, then the next form's first field at once. What
the program does between two forms (a pause for a warning, a new row, a field below the window's edge) must not
send her keys where she does not expect them, nor hide what she types.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from helpers import press, type_text
from test_keyboard_evening import editor_at_cursor, fields, new_record, window  # noqa: F401 (the main window)

from fazhi_desktop.core.store import ListQuery
from fazhi_desktop.qt.dialogs import Dialogs
from fazhi_desktop.qt.editor.in_view import MARGIN
from fazhi_desktop.qt.editor.widgets import FieldInput

Key, Mod = Qt.Key, Qt.KeyboardModifier
CTRL, SHIFT = Mod.ControlModifier, Mod.ShiftModifier
#: three complaints from the 12345 hotline; the second has the first one's matter, unit and complainant (who called
#: twice): a possible duplicate (from another 投诉人 it is another complaint: tests/core/test_twin_apart_complainant.py)
PAPERS = [("2026-05-20", "1", "马某", "15509542033", "镇综合执法办", "执法人员未出示执法证"),
          ("2026-05-20", "1", "马某", "13995012345", "镇综合执法办", "执法人员未出示执法证"),
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
    assert seen[0].startswith("已保存：〔2026〕投诉字第2号（第 1 版）。\n有 1 条提醒（橙色")
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
                                 "〔2026〕投诉字第2号": (1, "执法人员未出示执法证", "马某")}  # unchanged
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
    assert complaints(store)["〔2026〕投诉字第2号"] == (2, "检查人员态度粗暴", "马某")
    qtbot.waitUntil(lambda: editor_at_cursor().editor is not editor)  # no warning left: on to the next form
    assert editor_at_cursor().editor.status.text() == ("上一条已保存：〔2026〕投诉字第2号；"
                                                       "已从上一条带入日期 2026-05-20，不是这一天的请直接输入")


# -- the cursor in view -------------------------------------------------------------------------------------------


@pytest.fixture(params=["760x740", "1366x768 长者模式"])
def screen(request, window, monkeypatch):  # noqa: F811 (the fixture imported)
    """The editor's own size on a large screen (760x740), or a 1366x768 laptop's in 长者模式 (less the task bar)."""
    if request.param.endswith("长者模式"):
        monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, 1366, 728))
        window.set_large_text(True)
    yield request.param
    window.set_large_text(False)


def seen(editor, widget, rect: QRect | None = None) -> tuple[int, int]:
    """How many pixels of `widget` (or of `rect` in it) are above and below the form's visible part (0, 0: all
    seen)."""
    view = editor.scroll.viewport()
    rect = QRect(QPoint(0, 0), widget.size()) if rect is None else rect
    top = widget.mapTo(view, rect.topLeft()).y()
    return max(0, -top), max(0, top + rect.height() - view.height())


def field_around(widget):
    while widget is not None and not isinstance(widget, FieldInput):
        widget = widget.parentWidget()
    return widget


def test_the_row_ctrl_enter_or_space_adds_is_in_view_with_the_cursor_in_it(qtbot, screen):
    """当事人 3's 角色 got the cursor at y=690 in a 564-pixel view: she typed its role and name blind."""
    new_record(qtbot, Key.Key_5)
    editor = editor_at_cursor().editor
    parties = editor.group_widget("parties")
    fields(qtbot, "", "马文与海玉宅基地纠纷", "2026-05-26", "", "房", "申", "", "马文")
    while not parties.add_button.hasFocus():  # the rest of 当事人 1 left empty
        press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_Space)  # on ＋ 添加一行: 当事人 2
    fields(qtbot, "被", "", "海玉")
    press(qtbot, Key.Key_Return, CTRL)  # 当事人 3, the cursor in its 角色
    assert len(parties.rows) == 3 and parties.rows[2].inputs["role"].control.hasFocus()
    assert seen(editor, parties.rows[2]) == (0, 0), screen  # the whole row, 删除此行 to 委托代理人
    press(qtbot, Key.Key_Delete, CTRL | SHIFT)  # 删除此行 (nothing typed in it): back in 当事人 2
    assert parties.rows[1].inputs["role"].control.hasFocus() and seen(editor, parties.rows[1]) == (0, 0)


@pytest.mark.parametrize("key", [Key.Key_Return, Key.Key_Tab], ids=["Enter", "Tab"])
def test_every_field_the_cursor_reaches_is_in_view(qtbot, screen, key):
    """Enter or Tab through a whole mediation case: each field with its label and notes, or as much of it as
    fits, the cursor's widget always."""
    new_record(qtbot, Key.Key_5)
    editor_window = editor_at_cursor()
    editor, view = editor_window.editor, editor_window.editor.scroll.viewport()
    visited = []
    # under a loaded machine the new window (or a field Enter moved to) may not hold the focus at once: wait for
    # it, so that a focus lost for good still fails here, named
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=3000)
    while (focused := QApplication.focusWidget()) not in editor_window.tab_after:
        field = field_around(focused)
        visited.append(field.field.name if field else type(focused).__name__)
        assert seen(editor, focused) == (0, 0), (screen, visited[-1])
        if field is not None and field.height() + 2 * MARGIN <= view.height():
            assert seen(editor, field) == (0, 0), (screen, visited[-1])
        press(qtbot, Key.Key_Tab if isinstance(focused, QPlainTextEdit) else key)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=3000)
    assert {"case_name", "role", "dispute_summary", "mediation_record", "result", "remarks"} <= set(visited)


def test_lines_typed_in_a_long_text_stay_in_view_as_the_status_line_appears(qtbot, screen):
    """Tab into 调解记录 showed its first line; the next four, and the "有未保存的修改" line appearing with the first
    key, went below the edge; after a look higher up the form (the mouse wheel), typing went on out of sight."""
    new_record(qtbot, Key.Key_5)
    editor = editor_at_cursor().editor
    record = editor.field_widget("mediation_record")
    while not record.control.hasFocus():
        press(qtbot, Key.Key_Tab)
    for number in "一二三四五六":
        type_text(qtbot, record.control, f"第{number}行：调解员听取当事人陈述。")
        qtbot.wait(1)  # the status line's room is taken when the window lays itself out again
        assert seen(editor, record) == (0, 0), (screen, number)  # the whole field: its bottom line too
        assert seen(editor, record.control.viewport(), record.control.cursorRect()) == (0, 0), (screen, number)
        press(qtbot, Key.Key_Return)
    assert editor.status.isVisible() and editor.status.text() == "有未保存的修改（Ctrl+S 保存）"
    editor.scroll.verticalScrollBar().setValue(0)  # she scrolled up to read 当事人 1, the cursor left where it was
    type_text(qtbot, record.control, "第七行")
    assert seen(editor, record.control.viewport(), record.control.cursorRect()) == (0, 0), screen


def test_the_entry_line_for_the_next_name_stays_in_view_as_names_are_added(qtbot, screen):
    """马志刚 + Enter in 参加人员 (出席人员, 列席人员 of a meeting in 长者模式) showed his chip and 共 1 人 above the
    entry line, and pushed the line she types the next name into below the edge; nothing scrolled until she left
    the field. The chips wrapping to a second line did the same."""
    new_record(qtbot, Key.Key_2)
    editor = editor_at_cursor().editor
    fields(qtbot, "会", "学习宪法", "宪法", "2026-05-28", "830", "900", "", "会议室", "田玉春", "杨芳")
    fields(qtbot, "", "", "", "16", "16")  # 主讲人职务, 是否主要负责同志, 形式; 应到, 实到
    field = editor.field_widget("participants")
    names = ["马志刚", "李强", "杨芳", "苏燕", "马占福", "海玉福", "杨秀兰", "田玉兰", "马成", "李建军", "王海",
             "马小平", "海军", "苏玉", "杨建国", "马丽娟"]
    for typed in names:
        fields(qtbot, typed)
        qtbot.wait(10)  # chips wrapping to a new line are laid out in more than one pass of the event loop
        assert field.control.hasFocus()
        assert seen(editor, field.control) == (0, 0), (screen, typed)
        assert seen(editor, field) == (0, 0), (screen, typed)  # its label and chips too
    assert field.names == names and len({chip.y() for chip in field.chips}) > 1, screen  # the chips wrapped


def test_after_removing_a_row_its_next_row_is_in_view_with_the_cursor(qtbot, screen, dialogs):
    """Ctrl+Shift+Delete in 当事人 2 (its top scrolled off the view) gave the cursor to 当事人 3's 角色, which the
    form closing the gap then moved above the view: her next key 被 made a 第三人 a 被申请人 unseen."""
    new_record(qtbot, Key.Key_5)
    editor = editor_at_cursor().editor
    parties = editor.group_widget("parties")
    parties.add_row()
    parties.add_row()
    for row, name in zip(parties.rows, ("马文", "海玉", "马成"), strict=True):
        type_text(qtbot, row.inputs["name"].control, name)
    occupation = parties.rows[1].inputs["occupation"].control
    bar = editor.scroll.verticalScrollBar()
    bar.setValue(occupation.mapTo(editor.body, QPoint(0, 0)).y() - 2 * MARGIN)  # the wheel: 职业或职务 at the top
    occupation.setFocus()
    assert seen(editor, parties.rows[1])[0] > 0 and seen(editor, occupation) == (0, 0)
    dialogs.confirm_answers.append(True)
    press(qtbot, Key.Key_Delete, CTRL | SHIFT)
    assert [row.inputs["name"].value() for row in parties.rows] == ["马文", "马成"]
    focused = QApplication.focusWidget()
    assert focused is parties.rows[1].inputs["role"].control
    assert seen(editor, focused) == (0, 0) and seen(editor, parties.rows[1])[0] == 0, screen
