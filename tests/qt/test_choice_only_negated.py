"""The choice lists of the forms whose one choice holding a word holds it only after 不 or 未: 马丽 typed 列席 into
所长列席情况 (全程, 部分, 未列席) for a 所长 who sat in, and the box chose 未列席; 受理 into 办理结果 chose
不予受理（告知投诉人）: the opposite of what was typed, saved so unless she looked again. Such text now changes
nothing (the box says what was typed under it); the word with its negation, or the negation alone, still chooses."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from fazhi_desktop.qt.editor.widgets import PLEASE_CHOOSE, ChoiceBox

ATTENDANCE = [PLEASE_CHOOSE, "全程", "部分", "未列席"]
HANDLING = [PLEASE_CHOOSE, "属实", "部分属实", "不属实", "撤回（终止办理）", "转办（转送有权机关）",
            "不予受理（告知投诉人）"]


def typed_into(qtbot, choices: list[str], text: str, shown: str = PLEASE_CHOOSE) -> str:
    box = ChoiceBox()
    qtbot.addWidget(box)
    box.addItems(choices)
    box.setCurrentIndex(choices.index(shown))
    event = QInputMethodEvent("", [])
    event.setCommitString(text)  # a word from the input method, as 微软拼音 gives it
    QApplication.sendEvent(box, event)
    return box.currentText()


@pytest.mark.parametrize(("choices", "text", "shown"), [
    (ATTENDANCE, "列席", PLEASE_CHOOSE), (ATTENDANCE, "列席", "全程"), (HANDLING, "受理", PLEASE_CHOOSE)])
def test_a_word_its_one_choice_holds_only_negated_chooses_nothing(qtbot, choices, text, shown):
    assert typed_into(qtbot, choices, text, shown) == shown


@pytest.mark.parametrize(("choices", "text", "meant"), [
    (ATTENDANCE, "未列", "未列席"), (HANDLING, "不予", "不予受理（告知投诉人）"),
    ([PLEASE_CHOOSE, "已审查合法", "已审查不合法", "未审查"], "不", "已审查不合法"),
    ([PLEASE_CHOOSE, "会议记录", "会议纪要"], "纪", "会议纪要")])
def test_the_negation_typed_with_it_still_chooses(qtbot, choices, text, meant):
    assert typed_into(qtbot, choices, text) == meant
