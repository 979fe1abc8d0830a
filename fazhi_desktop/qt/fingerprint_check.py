"""电话核对指纹: before a key is trusted, the fingerprint the file gives, large on screen, and the one the other office
reads out on the phone typed next to it, compared group by group. The county enrolling a township's key and a
township adding the county's key both go through it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from fazhi_desktop.core.bundle.keys import fingerprint_digits, same_fingerprint
from fazhi_desktop.qt.exchange import fingerprint_font


class FingerprintCheck(QDialog):
    """`heading` names whose key it is and who reads; OK (`accept`) is possible only once the typed fingerprint is
    the one shown."""

    def __init__(self, fingerprint: str, heading: str, reader: str, accept: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.expected = fingerprint
        self.setWindowTitle("电话核对指纹")
        shown = QLabel(fingerprint)
        shown.setFont(fingerprint_font(self.font()))
        self.heard = QLineEdit()
        self.heard.setAccessibleName(f"{reader}读出的指纹")
        self.heard.setPlaceholderText(f"{reader}在电话中读出的指纹（空格可省略）")
        self.heading = QLabel(heading, wordWrap=True)
        self.verdict = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(accept)
        self.ok.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(shown)
        layout.addWidget(self.heard)
        layout.addWidget(self.verdict)
        layout.addWidget(self.buttons)
        self.heard.textChanged.connect(self._compare)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _compare(self, text: str) -> None:
        heard, expected = fingerprint_digits(text), fingerprint_digits(self.expected)
        same = same_fingerprint(text, self.expected)
        self.ok.setEnabled(same)
        if same:
            self.verdict.setText("一致")
        elif not heard:
            self.verdict.setText("")
        elif expected.startswith(heard):
            self.verdict.setText(f"前 {len(heard) // 4} 组一致，请继续核对")
        else:
            group = next(i for i, (a, b) in enumerate(zip(heard, expected + " " * len(heard), strict=False))
                         if a != b) // 4 + 1
            self.verdict.setText(f"第 {group} 组不一致：请再核对（可能是读错，也可能文件被调换）")
        self.verdict.setStyleSheet("color: #146c2e;" if same or expected.startswith(heard) else "color: #b3261e;")
