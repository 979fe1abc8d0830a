"""A phone typed into 投诉事项 is masked in the list but shown in the window and printed as typed: the save says so in
orange at the field, naming 联系方式, where the number is masked (core/number_in_text.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parent))

from helpers import type_text
from test_editor import ACTOR
from test_editor import open_window as open_editor

from fazhi_desktop.core.number_in_text import NUMBER_IN_TEXT


def test_a_phone_typed_into_the_matter_is_said_in_orange_at_save(qtbot, store, dialogs, valid_record):
    window = open_editor(qtbot, store, "complaint", dialogs,
                         store.save("complaint", valid_record("complaint", matter="反映执法态度问题"), ACTOR))
    editor = window.editor
    matter = editor.field_widget("matter")
    matter.control.setFocus()
    matter.control.end(False)
    type_text(qtbot, matter.control, "，电话13995120316")
    qtbot.keyClick(matter.control, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.status.text().startswith("已保存"))
    assert "有 1 条提醒（橙色" in editor.status.text()
    assert matter.warning() == NUMBER_IN_TEXT + "；号码请填在“联系方式”栏中，那里遮盖显示"
    assert store.get(editor.record.id).values["matter"] == "反映执法态度问题，电话13995120316"  # saved as typed
