"""马丽 types 成功 into 调解结果, as she would say it: 调解不成功(终止) holds 成功 too, so nothing was chosen and
the box said “成功”在调解结果的 2 个选项中都有; she had to type 调解成功 whole or open the list, on every successful
case. A choice that holds the text only after 不 (未, 无, 非) says its opposite: 成功 means 调解成功, also typed over
a 调解不成功(终止) chosen before; 不成功 still means 调解不成功(终止)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_keyboard_evening import editor_at_cursor, fields, new_record, press, window, write

from fazhi_desktop.qt.dialogs import Answer

__all__ = ["window"]  # the fixture: the main window, its 录入员 马丽 logged in
Key = Qt.Key


def test_success_typed_means_the_success_not_its_negation(qtbot, window, dialogs):
    new_record(qtbot, Key.Key_5)
    fields(qtbot, "", "马文与海玉邻里纠纷", "2026-05-26")
    result = editor_at_cursor().editor.field_widget("result")
    result.control.setFocus()
    write(qtbot, "成功")
    assert result.value() == "调解成功"
    write(qtbot, "不成功")
    assert result.value() == "调解不成功(终止)"
    write(qtbot, "成功")  # over the 调解不成功(终止) shown, which holds it only negated
    assert result.value() == "调解成功"
    fields(qtbot, "")
    assert not result.message.isVisibleTo(result)
    dialogs.save_answers.append(Answer.DISCARD)
    press(qtbot, Key.Key_Escape)
