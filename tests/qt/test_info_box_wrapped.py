"""Dialogs.info's scrolling box (info_box) was chosen by the message box's size hint before it is shown, which for
text that wraps is a few lines whatever its length: a long wrapped message still opened as a message box taller
than the screen's room, its 确定 under the task bar (a laptop at 150 %: 1280x672 above the task bar)."""

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))

from test_main_window import window  # noqa: F401

from fazhi_desktop.qt.common import TITLE_BAR
from fazhi_desktop.qt.dialogs import info_box

ROOM = QRect(0, 0, 1280, 672)
#: a long message that wraps: 恢复完成's lines with paths, a 字体替代 list… (one paragraph, 900 characters)
WRAPPED = "备份已恢复到本机，请核对各台账的记录数与备份时一致，并检查最近一周登记的记录是否齐全；" * 20


@pytest.mark.parametrize("text", [WRAPPED, "\n".join([WRAPPED[:120]] * 8)])
def test_a_long_wrapped_info_message_keeps_its_ok_on_the_screen(qtbot, window, monkeypatch, text):  # noqa: F811
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: ROOM)
    window.set_large_text(True)
    try:
        box = info_box(window, "恢复完成", text)
        qtbot.addWidget(box)
        box.show()
        QApplication.processEvents()
    finally:
        window.set_large_text(False)
    assert box.height() <= ROOM.height() - TITLE_BAR, (type(box).__name__, box.height(), box.sizeHint().height())


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Escape])
def test_enter_and_esc_close_the_box_of_a_long_wrapped_message(qtbot, window, monkeypatch, key):  # noqa: F811
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: ROOM)
    box = info_box(window, "恢复完成", WRAPPED * 2)
    qtbot.addWidget(box)
    box.open()
    qtbot.waitExposed(box)
    box.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    assert type(box).__name__ == "QDialog"  # the scrolling box, not a message box
    qtbot.keyClick(QApplication.focusWidget() or box, key)
    assert not box.isVisible()

