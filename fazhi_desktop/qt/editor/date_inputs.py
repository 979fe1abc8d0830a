"""Dates typed the way clerks write them (2026年3月5日, 2026/3/5, 20260305) or picked from a calendar popup.

Typed text is parsed by `core.dates` (through `clean_value`); the calendar only writes ISO text into the field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QLocale, QPoint, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QCalendarWidget, QMenu, QToolButton, QWidget, QWidgetAction

from fazhi_desktop.core import dates
from fazhi_desktop.qt.common import em
from fazhi_desktop.qt.editor.widgets import FieldInput, LineEdit, ShortTextInput

DATE_HINT = "如 2026-03-05"
DATE_TIP = "可输入 2026-03-05、2026年3月5日、2026/3/5 或 20260305；F4 或“日历”按钮从日历中选择"
DATETIME_HINT = "如 2026-03-05 14:30"


class _DateLineEdit(LineEdit):
    """F4 or Alt+↓ opens the calendar, as in a Windows date picker. A click into it while it holds the untouched
    default (`untouched`: today's date, as the form filled it) selects it all, as Tab into it does: the click put the
    cursor at the end, and 2026年3月5日 typed there read 2026-11-282026年3月5日 in red."""

    def __init__(self, open_calendar, untouched: Callable[[], bool]):
        super().__init__()
        self._open_calendar = open_calendar
        self._untouched = untouched
        self._clicked_in = False

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._clicked_in = event.reason() == Qt.FocusReason.MouseFocusReason  # the click's release selects

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        clicked_in, self._clicked_in = self._clicked_in, False
        if clicked_in and not self.hasSelectedText() and self._untouched():  # a drag selects what it selects
            self.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        if event.key() == Qt.Key.Key_F4 or alt_down:
            self._open_calendar()
            event.accept()
            return
        super().keyPressEvent(event)


class DateInput(FieldInput):
    #: the date the field started at when not today (保存并新建: the saved record's, RecordEditor.carry_date)
    untouched_day: str | None = None

    def build(self) -> QWidget:
        edit = _DateLineEdit(self.open_calendar, self._untouched_default)
        edit.setPlaceholderText(DATE_HINT)
        edit.setToolTip(DATE_TIP)
        edit.setFixedWidth(em(edit, 8))
        edit.textChanged.connect(self.edited)
        self.button = QToolButton()
        self.button.setText("日历")
        self.button.setToolTip("从日历中选择（F4）")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.open_calendar)
        self.calendar = QCalendarWidget()
        self.calendar.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setGridVisible(True)
        self.calendar.setDateRange(QDate(self.field.first_year, 1, 1), QDate(dates.LAST_YEAR, 12, 31))  # as saved
        self.calendar.activated.connect(self.pick)
        self.calendar.clicked.connect(self.pick)
        self.popup = QMenu(self)
        action = QWidgetAction(self.popup)
        action.setDefaultWidget(self.calendar)
        self.popup.addAction(action)
        self.row.addWidget(edit)
        self.row.addWidget(self.button)
        self.row.addStretch(1)
        return edit

    def value(self) -> Any:
        return self.control.text()

    def _untouched_default(self) -> bool:
        """Today's date, or the one 保存并新建 carried (`untouched_day`), not typed by the clerk (a new record's
        default, as the form fills it)."""
        return not self.control.isModified() and self.control.text() in (self.ctx.today.isoformat(),
                                                                          self.untouched_day)

    def set_value(self, value: Any) -> None:
        self.control.setText("" if value is None else str(value))

    def show_cleaned(self, cleaned: Any) -> None:
        self.control.setText(str(cleaned))

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.button.setHidden(read_only)

    def current_date(self) -> date:
        try:
            return dates.parse_date(self.control.text())
        except ValueError:
            return self.ctx.today

    def open_calendar(self) -> None:
        if self.read_only:
            return
        day = self.current_date()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.popup.popup(self.control.mapToGlobal(QPoint(0, self.control.height())))
        self.calendar.setFocus()

    def pick(self, day: QDate) -> None:
        self.popup.close()
        self.control.setText(day.toString("yyyy-MM-dd"))
        self.control.setFocus()
        self.check()


class DateTimeInput(FieldInput):
    def build(self) -> QWidget:
        edit = LineEdit()
        edit.setPlaceholderText(DATETIME_HINT)
        edit.setFixedWidth(em(edit, 11))
        edit.textChanged.connect(self.edited)
        self.row.addWidget(edit)
        self.row.addStretch(1)
        return edit

    def value(self) -> Any:
        return self.control.text()

    def set_value(self, value: Any) -> None:
        self.control.setText("" if value is None else str(value).replace("T", " "))

    def show_cleaned(self, cleaned: Any) -> None:
        self.control.setText(str(cleaned).replace("T", " "))


class TimeInput(ShortTextInput):
    """A time, shown as stored (09:30) once the clerk leaves it; but a time core questions (“3点半”: read as 03:30)
    stays as typed, so that its orange note stays too and saving says it again, until the clerk writes 15:30."""

    def show_cleaned(self, cleaned: Any) -> None:
        if self._warning is None:  # its own: a note of the record's (结束时间早于开始时间) leaves it shown as stored
            super().show_cleaned(cleaned)
