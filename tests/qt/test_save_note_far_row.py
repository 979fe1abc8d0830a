# ruff: noqa: F811  (the office fixture imported from tests/qt/test_big_case_far_rows.py)
"""A save with orange notes brings the first one into view (qt/editor/editor.py `_to_first_warning`); in a
群体性纠纷 whose 当事人 rows are built as they come into view (qt/editor/rows_in_view.py) it built every row with a
note to ask whether one was in view: 60 households each with a note, and each Ctrl+S froze the window for seconds
(about 4 s here, against 0.06 s without), rows nobody had reached built on every save."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_big_case_far_rows import PARTIES, case, in_view, office  # noqa: F401  (office is a fixture)
from test_editor import ACTOR
from test_editor import open_window as open_editor


def save_from_the_top(qtbot, store, dialogs, values):
    window = open_editor(qtbot, store, "mediation_case", dialogs, store.save("mediation_case", values, ACTOR))
    window.resize(760, 460)
    editor = window.editor
    QApplication.processEvents()
    top = editor.field_widget("case_name").control
    top.setFocus()
    qtbot.keyClick(top, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.status.text().startswith("已保存"))
    QApplication.processEvents()
    return editor, top


def test_a_save_with_a_note_on_every_party_builds_no_row_nobody_reached(qtbot, office, dialogs):
    editor, _top = save_from_the_top(qtbot, office, dialogs, case(noted=True))
    assert f"有 {PARTIES - 1} 条提醒（橙色）" in editor.status.text()
    rows = editor.group_widget("parties").rows
    assert not rows[-1].built and sum(row.built for row in rows) < PARTIES // 2
    first = rows[0].inputs["name"]  # the first note brought into view, as before
    assert first.control.hasFocus() and in_view(editor, first.message)


def test_the_only_note_in_a_row_far_down_is_brought_into_view(qtbot, office, dialogs):
    values = case()
    values["parties"][50]["name"] = "马某3"
    editor, _top = save_from_the_top(qtbot, office, dialogs, values)
    assert "有 1 条提醒（橙色）" in editor.status.text()
    name = editor.group_widget("parties").rows[50].inputs["name"]
    assert name.warning() and in_view(editor, name.message) and name.control.hasFocus()
