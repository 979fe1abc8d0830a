"""The manual lent to a modal dialog (qt/manual_view.py) went with a dialog that ended without `finished`: an editor
closed with Esc (its reject is close(), deleted on close), a box hidden and deleted (as the idle lock's box was on
unlock). It is given back when the dialog is hidden, however it goes."""

from __future__ import annotations

import sys
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox, QVBoxLayout

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from test_manual import press_f1, window  # noqa: F401 (the main window)


def test_the_manual_opened_over_a_question_in_an_editor_survives_the_editor(window, qtbot):  # noqa: F811
    """F1 over a question box in an editor: the manual is lent to the box, then given to the editor; the editor
    closes with Esc (no finished signal: its reject is close()) and is deleted, the manual was deleted with it."""
    window.show_page("meeting")
    editor = window.open_editor("meeting", None)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    box = QMessageBox(QMessageBox.Icon.Question, "删除此行", "删除？", QMessageBox.StandardButton.Ok, editor)
    box.open()
    press_f1(qtbot, box)
    manual = window.manual_window
    assert manual is not None and manual.isVisible()
    box.accept()
    qtbot.wait(10)
    assert manual.isVisible() and manual.parentWidget() is editor
    editor.activateWindow()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # nothing typed: closes without asking
    qtbot.wait(50)
    assert not shiboken6.isValid(editor) or not editor.isVisible()
    assert shiboken6.isValid(manual), "the manual she was reading was deleted with the editor"
    assert manual.isVisible() and manual.parentWidget() is window


def test_the_manual_lent_to_a_box_hidden_and_deleted_is_given_back(window, qtbot):  # noqa: F811
    box = QDialog(window)
    QVBoxLayout(box).addWidget(QLineEdit())
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    box.show()
    press_f1(qtbot, box)
    manual = window.manual_window
    assert manual is not None and manual.isVisible() and manual.parentWidget() is box
    box.hide()
    box.deleteLater()
    qtbot.wait(50)
    assert shiboken6.isValid(manual), "the manual was deleted with the box"
    assert manual.isVisible() and manual.parentWidget() is window
