"""A save with warnings said 有 1 条提醒（橙色） in the status line while the orange note stood a screen above the
field she saved from, in a mediation case with its parties: she had to scroll up and look for it. The save now
brings the first orange note into view, the cursor in its field, as a refused save does with the first red one;
when an orange note is in view already, the cursor stays where it was."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))

from helpers import type_text
from test_big_case_far_rows import in_view
from test_editor import ACTOR
from test_editor import open_window as open_editor


def case(first_name: str) -> dict:
    parties = [{"role": role, "party_type": "自然人", "name": name, "address": "海城镇山门村"}
               for role, name in (("申请人", first_name), ("被申请人", "李海"), ("被申请人", "王军"))]
    return {"case_category": "人民调解", "case_name": "山门村宅基地纠纷", "accepted_on": "2026-03-05",
            "dispute_type": "房屋宅基地纠纷", "parties": parties, "mediators": [ACTOR],
            "dispute_summary": "双方因宅基地边界发生争执。"}


def save_from_the_bottom(qtbot, store, dialogs, first_name: str, at=lambda editor: editor.field_widget(
        "mediation_record").control):
    window = open_editor(qtbot, store, "mediation_case", dialogs, store.save("mediation_case", case(first_name), ACTOR))
    window.resize(760, 460)
    editor = window.editor
    bottom = at(editor)
    bottom.setFocus()
    editor.in_view.reveal(bottom)
    QApplication.processEvents()
    type_text(qtbot, bottom, "第二次调解")
    qtbot.keyClick(bottom, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.status.text().startswith("已保存"))
    QApplication.processEvents()
    return editor, bottom


def test_a_save_with_a_note_out_of_view_brings_it_into_view(qtbot, store, dialogs):
    editor, _bottom = save_from_the_bottom(qtbot, store, dialogs, "马某1")
    assert "有 1 条提醒（橙色）" in editor.status.text()
    name = editor.group_widget("parties").rows[0].inputs["name"]
    assert name.warning() == "“马某1”中有数字或标点，请核对姓名"
    assert in_view(editor, name.message) and in_view(editor, name.control)
    assert name.control.hasFocus()


def test_a_save_without_notes_leaves_the_cursor_where_it_was(qtbot, store, dialogs):
    editor, bottom = save_from_the_bottom(qtbot, store, dialogs, "马文")
    assert "提醒" not in editor.status.text()
    assert bottom.hasFocus() and in_view(editor, bottom)


def test_a_save_with_its_note_in_view_leaves_the_cursor_where_it_was(qtbot, store, dialogs):
    editor, address = save_from_the_bottom(qtbot, store, dialogs, "马某1", lambda editor: editor.group_widget(
        "parties").rows[0].inputs["address"].control)
    name = editor.group_widget("parties").rows[0].inputs["name"]
    assert "有 1 条提醒（橙色）" in editor.status.text() and in_view(editor, name.message)
    assert address.hasFocus() and in_view(editor, address)
