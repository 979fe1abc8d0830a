"""A job on a worker thread (qt/tasks.py) shows its progress box soon after it starts, whether or not it reports:
Qt's box otherwise waits for the first report, or 4 s, so a job reporting nothing before it ends (reading a workbook,
one transaction) left a window whose buttons did nothing, without a word."""

from __future__ import annotations

import threading
import time

from PySide6.QtWidgets import QWidget

from fazhi_desktop.core.jobs import before_a_pause
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


def test_a_job_about_to_hold_the_program_has_its_text_on_screen_first(qtbot):
    """pyrage's scrypt holds Python's lock a second or two: the box, not yet shown or saying the step before, froze
    so. The job goes on only once its box is up and says what it waits for."""
    owner = QWidget()
    qtbot.addWidget(owner)
    owner.show()
    seen = []

    def job(progress):
        before_a_pause(progress, "正在生成备份密钥（需要几秒钟）……")
        seen.append((task.dialog.isVisible(), task.dialog.labelText()))  # here the GUI would freeze
        return "完成"

    with qtbot.waitSignal((task := run_task(owner, "正在备份……", job)).done, timeout=5000):
        pass
    assert seen == [(True, "正在生成备份密钥（需要几秒钟）……")]
