"""改记 of a key revoked as 更换 asks the day of the theft, and 改记 stays off until one is chosen. A theft on the very
day of the revocation, the day the box shows, could not be chosen: picking it again changed nothing, so the user had
to pick another day and come back. Picking the day shown in the calendar, or typing it and leaving, now counts; only
passing through the field (Tab through its year, month and day) does not: the day shown, the revocation's, flags
none of the thief's bundles, and leaving it so is no choice."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from fazhi_desktop.qt.revoke_dialog import RevokeDialog

REVOKED = date(2026, 6, 1)


def dialog(qtbot) -> RevokeDialog:
    box = RevokeDialog(None, "海城镇（640522100）的密钥 ABCD ", date(2026, 11, 28), adding=REVOKED, was="更换")
    qtbot.addWidget(box)
    box.choose("被盗")
    assert not box.ok.isEnabled()  # the day not chosen yet
    return box


def at_the_day(qtbot, box: RevokeDialog) -> None:
    """The dialog shown, the cursor in the day's field (its year)."""
    box.show()
    qtbot.waitExposed(box)
    box.activateWindow()
    box.since_edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box.since_edit)


def leave(qtbot, box: RevokeDialog) -> None:
    """Tab through the day's parts left (month, day) and out of it."""
    for _part in range(3):
        if QApplication.focusWidget() is box.since_edit:
            qtbot.keyClick(box.since_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not box.since_edit


def test_the_day_shown_picked_in_the_calendar_enables_the_button(qtbot):
    box = dialog(qtbot)
    box.since_edit.calendarWidget().clicked.emit(QDate(2026, 6, 1))  # as a click on that day in the popup does
    assert box.ok.isEnabled() and box.since() == REVOKED


def test_the_day_shown_typed_and_left_enables_the_button(qtbot):
    box = dialog(qtbot)
    at_the_day(qtbot, box)
    qtbot.keyClicks(box.since_edit, "2026")  # the year typed as shown
    leave(qtbot, box)
    assert box.ok.isEnabled() and box.since() == REVOKED


def test_tabbing_through_the_day_shown_chooses_nothing(qtbot):
    box = dialog(qtbot)
    at_the_day(qtbot, box)
    leave(qtbot, box)
    assert not box.ok.isEnabled(), "the revocation's day, passed through, is not the day of the theft chosen"
