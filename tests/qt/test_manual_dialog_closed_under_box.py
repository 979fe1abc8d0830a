"""The manual lent to a box over a dialog, and the dialog closed under the box (hidden and deleted with it): the box's
Hide gave the manual to the dialog, hidden already and being deleted, and the manual went with it (qt/manual_view.py
now gives it to the nearest window still shown)."""

import sys
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox, QVBoxLayout

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from test_manual import press_f1, window  # noqa: F401


def test_the_manual_survives_a_dialog_closed_under_its_box(window, qtbot):  # noqa: F811
    d1 = QDialog(window)
    QVBoxLayout(d1).addWidget(QLineEdit())
    d1.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    d1.setWindowModality(Qt.WindowModality.ApplicationModal)
    d1.show()
    box = QMessageBox(QMessageBox.Icon.Question, "x", "y?", QMessageBox.StandardButton.Ok, d1)
    box.open()
    press_f1(qtbot, box)
    manual = window.manual_window
    assert manual.parentWidget() is box and manual.isVisible()
    d1.close()
    qtbot.wait(50)
    assert shiboken6.isValid(manual), "the manual was deleted with the dialog"
    assert manual.parentWidget() is window
