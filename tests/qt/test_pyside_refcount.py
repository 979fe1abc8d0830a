"""Regression guard for the PySide6 6.12.0 bug on Python 3.11: every void-returning Qt call lowered
sys.getrefcount(None) by one until the process aborted with `Fatal Python error: none_dealloc`.
pyproject pins PySide6-Essentials below 6.12; this test fails if a release with the bug slips in."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel, QLineEdit


def test_void_qt_calls_do_not_leak_references_to_none(qtbot):
    edit, label = QLineEdit(), QLabel()
    qtbot.addWidget(edit)
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for i in range(2000):
        edit.setText(f"第{i}条")
        label.setText("法治台账")
        edit.clear()
    after = sys.getrefcount(None)
    assert after >= before - 50, f"None lost {before - after} references in 6,000 void Qt calls"
