"""核验打印件 with a USB scanner, which types the QR text and Enter into whatever has the keyboard: after 核验 or
打开记录 was clicked with the mouse the keyboard stayed on that button, so the next paper's scan went nowhere and its
Enter pressed the button again: the verdict of the paper before read out for the one in hand, or its record opened
again. The keyboard goes back to the code box after each check and each 打开记录."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fazhi_desktop.core.documents.verify import QR_PREFIX, print_code
from fazhi_desktop.qt.print_check import PrintCheckDialog

ACTOR = "杨芳"


def scan(qtbot, code: str) -> None:
    """What a scanner does: the QR text, then Enter, into the widget that has the keyboard."""
    qtbot.keyClicks(QApplication.focusWidget(), QR_PREFIX + code)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def two_papers(qtbot, store, valid_record):
    first, second = (store.save("meeting", valid_record("meeting", title=title), ACTOR)
                     for title in ("第1次常务会议", "第2次常务会议"))
    opened: list = []
    dialog = PrintCheckDialog(store, opened.append)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog, opened, first, second


def test_after_clicking_check_the_next_scan_checks_the_next_paper(qtbot, store, valid_record):
    dialog, _opened, first, second = two_papers(qtbot, store, valid_record)
    dialog.code.setText(print_code(store, first))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert first.number in dialog.verdict.text()
    scan(qtbot, print_code(store, second))
    assert second.number in dialog.verdict.text() and first.number not in dialog.verdict.text()


def test_after_opening_the_record_the_next_scan_checks_the_next_paper(qtbot, store, valid_record):
    dialog, opened, first, second = two_papers(qtbot, store, valid_record)
    scan(qtbot, print_code(store, first))
    assert first.number in dialog.verdict.text()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert [record.id for record in opened] == [first.id]
    scan(qtbot, print_code(store, second))
    assert [record.id for record in opened] == [first.id]  # not opened again by the scan's Enter
    assert second.number in dialog.verdict.text()
