"""A word typed into a drop-down that no choice holds: 借 in a mediation case's 纠纷类型 picked nothing, Enter moved on,
and only the save said 纠纷类型：必填 (one lost round trip). It is said under the box as she leaves it, until a choice
is made; a word one choice holds anywhere (交通) picks that choice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_keyboard_evening import editor_at_cursor, field_at_cursor, fields, new_record, press, window, write

from fazhi_desktop.qt.dialogs import Answer

__all__ = ["window"]  # the fixture: the main window, its 录入员 马丽 logged in
Key = Qt.Key


def at_dispute_type(qtbot):
    """A new mediation case, the cursor in 纠纷类型: its input."""
    new_record(qtbot, Key.Key_5)
    fields(qtbot, "", "马文与海玉借款纠纷", "2026-05-26", "")
    assert field_at_cursor() == "dispute_type"
    return editor_at_cursor().editor.field_widget("dispute_type")


def test_a_word_no_choice_holds_is_said_as_she_leaves_and_cleared_by_a_choice(qtbot, window, dialogs):
    dispute = at_dispute_type(qtbot)
    fields(qtbot, "借")
    assert field_at_cursor() != "dispute_type" and dispute.value() is None
    assert dispute.message.isVisibleTo(dispute)
    assert dispute.message.text() == "“借”不在纠纷类型的选项中，请从列表中选择（按空格键列出全部选项）"
    dispute.control.setFocus()
    press(qtbot, Key.Key_Space)  # as the note says: the list opens
    assert QApplication.activePopupWidget() is not None
    press(qtbot, Key.Key_Escape)
    write(qtbot, "交通")  # held by one choice only: it is meant
    assert dispute.value() == "道路交通事故纠纷"
    assert not dispute.message.isVisibleTo(dispute), "a choice made: the note goes"
    fields(qtbot, "")
    assert not dispute.message.isVisibleTo(dispute)
    dialogs.save_answers.append(Answer.DISCARD)
    press(qtbot, Key.Key_Escape)


def test_a_word_several_choices_hold_names_them_and_a_chosen_value_is_said_kept(qtbot, window, dialogs):
    dispute = at_dispute_type(qtbot)
    fields(qtbot, "地")
    assert dispute.value() is None
    assert dispute.message.text() == ("“地”在纠纷类型的 3 个选项中都有（房屋宅基地纠纷、山林土地纠纷、征地拆迁纠纷），"
                                      "请从列表中选择")
    dispute.control.setFocus()
    press(qtbot, Key.Key_Down)  # a choice by the arrow: the note goes as soon as it is made
    assert dispute.value() == "婚姻家庭纠纷" and not dispute.message.isVisibleTo(dispute)
    fields(qtbot, "借")
    assert dispute.value() == "婚姻家庭纠纷"
    assert dispute.message.text() == ("“借”不在纠纷类型的选项中，仍为“婚姻家庭纠纷”，"
                                      "请从列表中选择（按空格键列出全部选项）")
    dialogs.save_answers.append(Answer.DISCARD)
    press(qtbot, Key.Key_Escape)


def test_the_choice_shown_picked_from_the_list_is_a_choice_made(qtbot, window, dialogs):
    """借 typed over 婚姻家庭纠纷, then the list opened (Space) and 婚姻家庭纠纷 taken from it with Enter: she has
    chosen, and leaving the box no longer tells her 请从列表中选择 (the index did not change, so nothing cleared it)."""
    dispute = at_dispute_type(qtbot)
    dispute.control.setFocus()
    press(qtbot, Key.Key_Down)
    fields(qtbot, "借")
    assert "仍为“婚姻家庭纠纷”" in dispute.message.text()
    dispute.control.setFocus()
    press(qtbot, Key.Key_Space)
    assert QApplication.activePopupWidget() is not None
    qtbot.keyClick(dispute.control.view(), Key.Key_Return)  # the one shown, highlighted as the list opens
    press(qtbot, Key.Key_Tab)
    assert field_at_cursor() != "dispute_type" and dispute.value() == "婚姻家庭纠纷"
    assert not dispute.message.isVisibleTo(dispute), dispute.message.text()
    dialogs.save_answers.append(Answer.DISCARD)
    press(qtbot, Key.Key_Escape)
