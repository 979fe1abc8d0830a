"""The main window's status bar says a year closed and reopened that is still open again (core/year_close.py):
"2026年已重新打开（原因：会议记录有误需更正），更正后请再次封账（编辑 → 年度封账…）", until it is closed again.

The county flags such a year at once (数据完整性); at the township a year left reopened was said nowhere after the
reopening, so it stayed open. The note is read again with the record counts (a save, 刷新, coming back to the
window) and after 年度封账 (`MainWindow.show_stored`); the reason is cut in the bar and whole in its tooltip.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from fazhi_desktop.core import year_close

NOTE_STYLE = "color: #b35c00;"  # the orange of what is still to be done (the editor's 草稿, the year's drafts)
REASON_SHOWN = 16  # characters of a reason in the bar


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
    label.setText("；".join(year_close.reopened_said(s, cut=REASON_SHOWN) for s in states))
    label.setToolTip("\n".join(year_close.reopened_said(s) for s in states))
    label.setVisible(bool(states))
