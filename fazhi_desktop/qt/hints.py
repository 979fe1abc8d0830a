"""A line of help under a control: dark grey, readable (a disabled label's light grey is too faint for older eyes)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

HINT_STYLE = "color: #5f6368;"
ERROR_STYLE = "color: #b3261e;"


def hint_label(text: str = "") -> QLabel:
    label = QLabel(text, wordWrap=True)
    label.setStyleSheet(HINT_STYLE)
    return label


def error_label(text: str = "") -> QLabel:
    """A problem with what was typed (两次输入的口令不一致), in red under the field: not to be read as help."""
    label = QLabel(text, wordWrap=True)
    label.setStyleSheet(ERROR_STYLE)
    return label
