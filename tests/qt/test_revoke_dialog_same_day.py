"""改记 of a key revoked as 更换 asks the day of the theft, and 改记 stays off until one is chosen. A theft on the very
day of the revocation, the day the box shows, could not be chosen: picking it again changed nothing, so the user had
to pick another day and come back. Picking the day shown in the calendar, or typing it and leaving, now counts."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from fazhi_desktop.qt.revoke_dialog import RevokeDialog

REVOKED = date(2026, 6, 1)


def dialog(qtbot) -> RevokeDialog:
    box = RevokeDialog(None, "海城镇（640522100）的密钥 ABCD ", date(2026, 11, 28), adding=REVOKED, was="更换")
    qtbot.addWidget(box)
    box.choose("被盗")
    assert not box.ok.isEnabled()  # the day not chosen yet
    return box


def test_the_day_shown_picked_in_the_calendar_enables_the_button(qtbot):
    box = dialog(qtbot)
    box.since_edit.calendarWidget().clicked.emit(QDate(2026, 6, 1))  # as a click on that day in the popup does
    assert box.ok.isEnabled() and box.since() == REVOKED


def test_the_day_shown_confirmed_by_typing_enables_the_button(qtbot):
    box = dialog(qtbot)
    box.since_edit.editingFinished.emit()
    assert box.ok.isEnabled() and box.since() == REVOKED
