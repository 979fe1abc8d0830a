"""F1 pressed in the idle lock's password box: the manual opened over the lock (uncovered, lent to the box) took the
keyboard, so her password went into its contents list and the program stayed locked; on unlock the box was deleted
with the manual she had open. While locked, F1 does nothing (main_window.HelpKey): the manual stays covered."""

from __future__ import annotations

import sys
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from test_idle_lock_gui import STAFF_PASSWORD, hidden, window  # noqa: F401 (the main window)


def test_after_f1_in_the_lock_box_her_password_still_goes_to_the_box(qtbot, window):  # noqa: F811
    lock = window.idle_lock
    lock.lock()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is lock.box)
    qtbot.keyClick(lock.box.password, Qt.Key.Key_F1)
    qtbot.wait(50)
    target = QApplication.focusWidget()
    assert target is lock.box.password, target
    qtbot.keyClicks(target, STAFF_PASSWORD)
    qtbot.keyClick(target, Qt.Key.Key_Return)
    qtbot.wait(20)
    assert not lock.locked


def test_f1_in_the_lock_box_leaves_the_manual_covered_and_unlocking_keeps_it(qtbot, window):  # noqa: F811
    qtbot.keyClick(window.nav, Qt.Key.Key_F1)
    manual = window.manual_window
    assert manual is not None and manual.isVisible()
    lock = window.idle_lock
    lock.lock()
    qtbot.wait(20)
    assert hidden(manual)
    qtbot.keyClick(lock.box.password, Qt.Key.Key_F1)
    qtbot.wait(50)
    assert hidden(manual), "F1 showed the manual over the lock"
    assert lock.try_unlock(STAFF_PASSWORD)
    qtbot.wait(50)
    assert shiboken6.isValid(manual), "the manual she had open was deleted with the lock box"
    assert manual.isVisible() and not hidden(manual)
