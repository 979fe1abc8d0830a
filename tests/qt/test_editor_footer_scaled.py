# ruff: noqa: F811  (the screen fixture imported from tests/qt/elder_screen.py)
"""The record editor in 长者模式 on a 1024x768 screen at 125 %: under the form, the key hint beside 保存 wrapped into
five lines (100 of the window's 514 pixels), and the form of a 200-party mediation case had 240. The hint keeps to two
lines, ending “…” (the whole of it in its tooltip), and shows whole where there is room."""

from __future__ import annotations

from elder_screen import small_scaled_screen  # noqa: F401  (fixture)
from PySide6.QtWidgets import QApplication
from test_editor_groups_scaled import party_rows

from fazhi_desktop.qt.editor.dialog import KEY_HINT


def test_the_form_keeps_most_of_the_window_and_the_key_hint_two_lines(qtbot, store, dialogs, ui_settings,
                                                                      valid_record, small_scaled_screen):
    dialog, editor, _rows = party_rows(qtbot, store, dialogs, ui_settings, valid_record, small_scaled_screen)
    hint = dialog.key_hint
    line = hint.fontMetrics().height()
    assert hint.height() <= 2 * line + 4 and hint.text().endswith("…")
    assert hint.toolTip() == KEY_HINT
    assert editor.scroll.height() > dialog.height() / 2  # the form, not what is under it, has the window
    dialog.resize(1400, dialog.height())  # a wider screen: the whole hint
    QApplication.processEvents()
    assert hint.text().replace("\u2060", "").replace("\u00a0", " ") == KEY_HINT
