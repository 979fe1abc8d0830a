"""A line of help under a control: dark grey, readable (a disabled label's light grey is too faint for older eyes)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

HINT_STYLE = "color: #5f6368;"


def hint_label(text: str = "") -> QLabel:
    label = QLabel(text, wordWrap=True)
    label.setStyleSheet(HINT_STYLE)
    return label
