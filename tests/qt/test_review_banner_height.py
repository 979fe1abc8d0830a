# ruff: noqa: F811  (the open_window fixture imported from test_review_gui)
"""The orange banner above a reopened record's buttons (重新打开（退回修改）：…) in 长者模式: its stylesheet padding
made Qt wrap the text narrower than it draws it, a blank line's height under the text (the clock banner's fault,
mended in session 25 the same way)."""

from __future__ import annotations

import pytest
from elder_screen import elder_screen, old_desktop_screen  # noqa: F401  (fixtures)
from PySide6.QtWidgets import QApplication
from test_review_dead_ends import REASON, meetings
from test_review_gui import open_window  # noqa: F401  (open_window is a fixture)
from test_scaled_screens import lines_shown

from fazhi_desktop.core import sent_back


@pytest.mark.parametrize("screen", ["elder_screen", "old_desktop_screen"])
def test_the_sent_back_banner_is_as_tall_as_its_lines_in_large_text(qtbot, store, staff, valid_record, open_window,
                                                                     dialogs, ui_settings, request, screen):
    room = request.getfixturevalue(screen)
    ui_settings.setValue("display/large_text", True)
    (record,) = meetings(store, valid_record, 1)
    head = open_window("杨芳")
    editor = head.open_record(store.get(record.id))
    dialogs.text_answers.append(REASON * 3)
    dialogs.reopen_choices.append(sent_back.CLERK)
    editor.review_bar.buttons["reopen"].click()
    editor.close()
    head.close()
    editor = open_window("马丽").open_record(store.get(record.id))  # the clerk it was sent back to
    label = editor.review_bar.banner
    assert "退回修改" in label.text()
    for width in (room.width(), editor.minimumSizeHint().width()):
        editor.resize(width, room.height())
        QApplication.processEvents()
        lines = len(lines_shown(label))
        line = label.fontMetrics().lineSpacing()
        assert lines * line <= label.contentsRect().height() < (lines + 1) * line, (width, lines)
