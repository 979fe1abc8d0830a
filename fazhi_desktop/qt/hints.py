"""A line of help under a control: dark grey, readable (a disabled label's light grey is too faint for older eyes)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QWidget

HINT_STYLE = "color: #5f6368;"
ERROR_STYLE = "color: #b3261e;"


def hint_label(text: str = "") -> QLabel:
    """Plain text (a message quoting a file or a record is shown as typed: `dialogs.Rich`); a caller wanting rich
    text sets it."""
    label = QLabel(text, wordWrap=True, textFormat=Qt.TextFormat.PlainText)
    label.setStyleSheet(HINT_STYLE)
    return label


def error_label(text: str = "") -> QLabel:
    """A problem with what was typed (两次输入的口令不一致), in red under the field: not to be read as help."""
    label = QLabel(text, wordWrap=True, textFormat=Qt.TextFormat.PlainText)
    label.setStyleSheet(ERROR_STYLE)
    return label


class BoundedLabel(QScrollArea):
    """A wrapped line of text at most `lines` high: longer text scrolls inside it (the whole of it also in the
    tooltip) instead of pushing the widgets around it out of the way (the county drill-down's count line squeezed
    its table to one row)."""

    def __init__(self, lines: int = 3, parent: QWidget | None = None):
        super().__init__(parent)
        self.lines = lines
        self.label = QLabel(wordWrap=True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self.label.text()

    def setText(self, text: str) -> None:
        self.label.setText(text)
        self.label.setToolTip(text)
        self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        most = self.label.fontMetrics().lineSpacing() * self.lines + 4
        needed = self.label.heightForWidth(max(1, self.viewport().width()))
        self.setFixedHeight(min(max(needed, self.label.fontMetrics().lineSpacing()), most))
