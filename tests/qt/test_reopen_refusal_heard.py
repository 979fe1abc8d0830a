# ruff: noqa: F811  (the office fixture, imported)
"""重新打开…'s red line (no reason yet; a reason with an ID or phone number) is read out by a screen reader, each
time, though the cursor stays in the reason box and so nothing else is said. It was announced from the line while
still hidden, the first time: Qt leaves a hidden control out of what a screen reader is given of the window, so the
announcement may come from nothing the reader can find. The line shows first, then is said, interrupting; said
again on a second Enter. The review bar's banner, shown after it was said, likewise."""

from __future__ import annotations

import pytest
import review_steps
from helpers import type_text
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication
from test_editor import office  # noqa: F401  (a fixture)

from fazhi_desktop.core.store import NUMBER_IN_REASON
from fazhi_desktop.qt.editor import EditorWindow
from fazhi_desktop.qt.reopen_dialog import ReopenDialog
from fazhi_desktop.qt.review_bar import REOPEN_PROMPT


@pytest.fixture
def heard(monkeypatch) -> list[tuple[str, bool, bool]]:
    """(what a screen reader is told to say, whether it interrupts, whether the line saying it is on screen)."""
    told: list[tuple[str, bool, bool]] = []

    def update(event) -> None:
        if event.type() == QAccessible.Event.Announcement:
            assertive = event.politeness() == QAccessible.AnnouncementPoliteness.Assertive
            told.append((event.message(), assertive, event.object().isVisible()))

    monkeypatch.setattr(QAccessible, "updateAccessibility", update)
    return told


def test_the_reopen_refusal_is_said_from_a_line_on_screen_each_time(qtbot, heard):
    dialog = ReopenDialog(None, "重新打开", REOPEN_PROMPT)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    for _twice in range(2):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
        assert QApplication.focusWidget() is dialog.reason  # the cursor did not move: nothing else is said
    missing = "请填写重新打开的原因，再按确定。"
    assert heard == [(missing, True, True), (missing, True, True)]
    type_text(qtbot, dialog.reason, "电话13995120316写错")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible() and heard[-1] == (NUMBER_IN_REASON, True, True)
    assert dialog.problem.isVisible() and dialog.problem.text() == NUMBER_IN_REASON


def test_a_banner_that_appears_is_said_from_the_line_on_screen(qtbot, office, dialogs, heard, valid_record):
    """The review bar's banner, hidden while a draft is edited, appears when the record is submitted and locked
    elsewhere: said as it shows, not while still hidden (the same order as the red line's)."""
    record = office.save("meeting", valid_record("meeting"), "李娟")
    window = EditorWindow(office, office.ledgers["meeting"], record, dialogs, "李娟")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert not window.review_bar.banner.isVisible() and heard == []
    review_steps.submit(office, record.id, "李娟")
    review_steps.lock(office, record.id, "李娟")
    window.start_editing()
    banner = window.review_bar.banner
    assert banner.isVisible() and heard and heard[-1] == (banner.text(), False, True)
