"""马丽 copies a party's row from the Word table of a 受理登记表 and pastes it into 姓名 with Ctrl+V. The cells ran
together into one name holding his ID and phone numbers; Ctrl+S saved it with an orange note that repeated the whole
number on the screen, and the 协议书 and the 台账 printed it unmasked. The save is refused now, naming the field and
where the numbers go, without showing them again."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from helpers import press
from test_keyboard_evening import editor_at_cursor, field_at_cursor, fields, new_record, window

__all__ = ["window"]  # the fixture: the main window, its 录入员 马丽 logged in

Key, CTRL = Qt.Key, Qt.KeyboardModifier.ControlModifier
WORD_ROW = "马文\t男\t回族\t640522198501081234\t海城镇南坪村7组\t15509542033\r\n"


def test_a_word_row_pasted_into_a_name_is_not_saved(qtbot, window, store):
    new_record(qtbot, Key.Key_5)
    fields(qtbot, "", "马文与海玉宅基地纠纷", "2026-05-26", "", "房", "申", "")
    assert field_at_cursor() == "name"
    QApplication.clipboard().setText(WORD_ROW)
    press(qtbot, Key.Key_V, CTRL)
    press(qtbot, Key.Key_S, CTRL)
    editor = editor_at_cursor().editor
    said = editor.status.text()
    assert said.startswith("未保存") and "当事人第1行·姓名" in said and "身份证号、联系电话请填在各自的栏中" in said
    assert "640522198501081234" not in said and "15509542033" not in said
    assert store.count("mediation_case") == 0
