"""电话核对指纹: before a key is trusted, the fingerprint the file gives, large on screen, and the one the other office
reads out on the phone typed next to it, compared group by group. The county enrolling a township's key and a
township adding the county's key both go through it. For a township's key, the place its code names comes first, in
large type, and the technician ticks that the township said that place on the phone: the fingerprint covers the
key alone, and a file whose code was changed to another township's still matches it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from fazhi_desktop.core.bundle.county_key import PREVIOUS_READ
from fazhi_desktop.core.bundle.keys import fingerprint_digits, same_fingerprint
from fazhi_desktop.qt.exchange import fingerprint_font


class FingerprintCheck(QDialog):
    """`heading` names whose key it is and who reads; OK (`accept`) is possible only once the typed fingerprint is
    the one shown and, with `place` (the township the key's code names), `place_heard` is ticked. `previous`: the
    fingerprint of the key this one replaces, said as such when it is typed."""

    def __init__(self, fingerprint: str, heading: str, reader: str, accept: str, parent: QWidget | None = None,
                 place: str = "", previous: str = ""):
        super().__init__(parent)
        self.expected, self.previous = fingerprint, previous
        self.setWindowTitle("电话核对指纹")
        shown = QLabel(fingerprint)
        shown.setFont(fingerprint_font(self.font()))
        self.heard = QLineEdit()
        self.heard.setAccessibleName(f"{reader}读出的指纹")
        self.heard.setPlaceholderText(f"{reader}在电话中读出的指纹（空格可省略）")
        self.heading = QLabel(heading, wordWrap=True, textFormat=Qt.TextFormat.PlainText)  # the file's office
        self.verdict = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(accept)
        self.ok.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        layout = QVBoxLayout(self)
        self.place_heard: QCheckBox | None = None
        if place:
            named = QLabel(f"乡镇：{place}", textFormat=Qt.TextFormat.PlainText)
            named.setFont(fingerprint_font(self.font()))
            named.setAccessibleName("乡镇（按代码）")
            self.place_heard = QCheckBox(f"对方在电话中先报的乡镇是{place}")
            self.place_heard.toggled.connect(lambda _on: self._compare(self.heard.text()))
            layout.addWidget(named)
        layout.addWidget(self.heading)
        layout.addWidget(shown)
        layout.addWidget(self.heard)
        layout.addWidget(self.verdict)
        if self.place_heard is not None:
            layout.addWidget(self.place_heard)
        layout.addWidget(self.buttons)
        self.heard.textChanged.connect(self._compare)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _compare(self, text: str) -> None:
        heard, expected = fingerprint_digits(text), fingerprint_digits(self.expected)
        same = same_fingerprint(text, self.expected)
        place_said = self.place_heard is None or self.place_heard.isChecked()
        self.ok.setEnabled(same and place_said)
        if same:
            self.verdict.setText("一致" if place_said else "一致；对方报的乡镇也相符时，请勾选下面一项")
        elif not heard:
            self.verdict.setText("")
        elif self.previous and same_fingerprint(text, self.previous):
            self.verdict.setText(PREVIOUS_READ)
        elif expected.startswith(heard):
            self.verdict.setText(f"前 {len(heard) // 4} 组一致，请继续核对")
        else:
            group = next(i for i, (a, b) in enumerate(zip(heard, expected + " " * len(heard), strict=False))
                         if a != b) // 4 + 1
            self.verdict.setText(f"第 {group} 组不一致：请再核对（可能是读错，也可能文件被调换）")
        self.verdict.setStyleSheet("color: #146c2e;" if same or expected.startswith(heard) else "color: #b3261e;")
