"""重新打开…'s reason with an ID or phone number in it (`身份证号应为 640522 19850312 009X`): the history, the banner
and 待办事项 would show it to everyone unmasked, so core refuses it. The box used to close first and then say so,
and the 所长 began again, choosing 由谁修改 again; it now stays open, says why in red, the cursor back in the
reason and her choice kept."""

from __future__ import annotations

from helpers import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fazhi_desktop.core import sent_back
from fazhi_desktop.core.store import NUMBER_IN_REASON
from fazhi_desktop.qt.reopen_dialog import ReopenDialog
from fazhi_desktop.qt.review_bar import REOPEN_PROMPT


def test_a_number_in_the_reason_keeps_the_dialog_open_and_says_why(qtbot):
    dialog = ReopenDialog(None, "重新打开", REOPEN_PROMPT)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.choices[sent_back.SELF].setChecked(True)
    dialog.reason.setText("电话应为 139 9512 0316")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.problem.isVisible() and dialog.problem.text() == NUMBER_IN_REASON
    assert QApplication.focusWidget() is dialog.reason and dialog.choices[sent_back.SELF].isChecked()
    dialog.reason.clear()
    type_text(qtbot, dialog.reason, "phone wrong")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert dialog.answer() == ("phone wrong", sent_back.SELF)
