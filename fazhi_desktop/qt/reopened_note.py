"""The main window's status bar says a year closed and reopened that is still open again (core/year_close.py):
"2026年已重新打开，更正后请再次封账（编辑 → 年度封账…）", until it is closed again ("…更正后请所长再次封账" to a
录入员, for whom 年度封账 is greyed).

The county flags such a year at once (数据完整性); at the township a year left reopened was said nowhere after the
reopening, so it stayed open. The note is read again with the record counts (a save, 刷新, coming back to the
window) and after 年度封账 (`MainWindow.show_stored`). The reason is in its tooltip and the 年度封账 window: in the
bar it pushed the instruction out (长者模式 on a 1366×768 laptop showed "…更正后请再次封账（编辑"). The note is never
cut: the record counts beside it give way, then the database's and the office's names (`MainWindow._fit_counts`).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from fazhi_desktop.core import year_close

NOTE_STYLE = "color: #b35c00;"  # the orange of what is still to be done (the editor's 草稿, the year's drafts)


def add_reopened_note(window) -> QLabel:
    """The note's label, beside the database's in the status bar, empty and hidden while no year is open again."""
    label = QLabel()
    label.setStyleSheet(NOTE_STYLE)
    label.setContentsMargins(12, 0, 0, 0)
    label.hide()
    window.statusBar().addWidget(label)
    return label


def show_reopened(window) -> None:
    """The years open again now, said in the note (none at the county, which closes no year of its own)."""
    label = getattr(window, "reopened_label", None)
    if label is None:
        return
    states = [] if window.read_only or window.store.closed else year_close.reopened(window.store.conn)
    user = window.store.user
    label.setText("；".join(year_close.reopened_said(s, user, reason=False) for s in states))
    label.setToolTip("\n".join(year_close.reopened_said(s, user) for s in states))
    label.setVisible(bool(states))
