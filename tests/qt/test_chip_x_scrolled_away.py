"""A name's × clicked in 参加人员 after she scrolled there with the mouse wheel, the cursor left in a field above:
the form answered the layout change by jumping back to the cursor's field, away from the names she was reading
(qt/editor/in_view.py follows the cursor only until she scrolls away herself)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QToolButton

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from test_keyboard_evening import editor_at_cursor, fields, new_record, press, window  # noqa: F401 (the main window)
from test_typing_blind import seen

Key = Qt.Key


def wheel_down(widget) -> None:
    """One notch of the mouse wheel over `widget`."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def meeting_with_names(qtbot):
    """A new 会议 in a 760x500 window, four names in 参加人员; its editor."""
    new_record(qtbot, Key.Key_2)
    editor = editor_at_cursor().editor
    editor.window().resize(760, 500)
    fields(qtbot, "会", "学习宪法", "宪法", "2026-05-28", "830", "900", "", "会议室", "田玉春", "杨芳")
    fields(qtbot, "", "", "", "16", "16")
    for typed in ["马志刚", "李强", "杨芳", "苏燕"]:
        fields(qtbot, typed)
    qtbot.wait(20)
    return editor


def wheel_to_li_qiang_and_remove(qtbot, editor, first) -> int:
    """The wheel, notch by notch, until she reads the names and the cursor's field `first` is gone; 李强's ×
    clicked. The scroll bar's value before the click."""
    field = editor.field_widget("participants")
    chip = field.chips[1]
    for _ in range(40):
        if seen(editor, chip) == (0, 0) and seen(editor, first) != (0, 0):
            break
        wheel_down(editor.scroll.viewport())
    assert seen(editor, chip) == (0, 0) and seen(editor, first) != (0, 0)
    before = editor.scroll.verticalScrollBar().value()
    qtbot.mouseClick(chip.findChild(QToolButton), Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert field.names == ["马志刚", "杨芳", "苏燕"]
    return before


def test_clicking_a_chips_x_does_not_scroll_the_form_away_from_it(qtbot, window):  # noqa: F811
    editor = meeting_with_names(qtbot)
    first = editor.body.nextInFocusChain()  # the cursor back in the form's first field (会议类型)
    while not (first.focusPolicy() & Qt.FocusPolicy.TabFocus and first.isVisible()):
        first = first.nextInFocusChain()
    first.setFocus()
    qtbot.wait(20)
    before = wheel_to_li_qiang_and_remove(qtbot, editor, first)
    assert first.hasFocus()
    chip = editor.field_widget("participants").chips[0]
    after = editor.scroll.verticalScrollBar().value()
    assert seen(editor, chip) == (0, 0), f"scroll bar {before} -> {after}: the form jumped away"


def test_a_chips_x_in_a_record_opened_again_does_not_scroll_away(qtbot, window, store):  # noqa: F811
    """Opened again, the cursor in its first field: the × is the first change, which shows the status line (未保存)
    and shrinks the view; that resize was followed whether or not she had scrolled away, back to the first field."""
    meeting_with_names(qtbot)
    press(qtbot, Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    record = editor_at_cursor().editor.record
    assert record is not None
    editor_at_cursor().close()
    qtbot.wait(20)
    got = store.get(record.id)
    win = window.open_editor(got.ledger, got)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    editor = win.editor
    win.resize(760, 500)
    qtbot.wait(20)
    assert not editor.status.isVisible(), editor.status.text()
    before = wheel_to_li_qiang_and_remove(qtbot, editor, QApplication.focusWidget())
    assert editor.status.isVisible()
    chip = editor.field_widget("participants").chips[0]
    after = editor.scroll.verticalScrollBar().value()
    assert sum(seen(editor, chip)) < chip.height(), f"scroll bar {before} -> {after}: the form jumped away"
