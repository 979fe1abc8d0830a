"""A job on a worker thread (qt/tasks.py) shows its progress box soon after it starts, whether or not it reports:
Qt's box otherwise waits for the first report, or 4 s, so a job reporting nothing before it ends (reading a workbook,
one transaction) left a window whose buttons did nothing, without a word."""

from __future__ import annotations

import threading
import time

from PySide6.QtWidgets import QWidget

from fazhi_desktop.qt.tasks import run_task


def test_a_silent_job_shows_its_box_within_a_second(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    owner.show()
    go_on = threading.Event()
    task = run_task(owner, "正在导入……", lambda progress: go_on.wait(10) and "完成")
    started = time.monotonic()
    try:
        qtbot.waitUntil(task.dialog.isVisible, timeout=2000)
        assert time.monotonic() - started < 1.5
        assert task.dialog.labelText() == "正在导入……"
    finally:
        go_on.set()
        with qtbot.waitSignal(task.done, timeout=5000):
            pass
