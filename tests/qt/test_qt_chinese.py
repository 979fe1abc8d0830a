"""Qt's own texts (standard buttons, file and print dialogs) appear in Chinese, not English."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialogButtonBox

from fazhi_desktop.qt.app import install_translations


def test_standard_buttons_are_chinese(qtbot):
    install_translations(QApplication.instance())
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == sorted(["确定", "取消"])
