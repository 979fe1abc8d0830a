"""An error a job on a worker thread did not expect. Before, the box said "程序内部错误：OperationalError: Could not
decode to UTF-8 column 'data' with text '{"deleted":false,…'" (English, and a record's contents on screen) and
nothing was written to fazhi.log."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QWidget

from fazhi_desktop.qt import crash
from fazhi_desktop.qt.tasks import run_task

RECORD = '{"deleted":false,"name":"马晓明","id_number":"11010519491231002X"}'


def failure_of(qtbot, job) -> str:
    owner = QWidget()
    qtbot.addWidget(owner)
    task = run_task(owner, "正在检查备份……", job)
    with qtbot.waitSignal(task.failed, timeout=5000) as failed:
        pass
    message, cancelled = failed.args
    assert not cancelled
    return message


def test_an_unexpected_error_is_logged_by_place_and_said_in_fixed_words(qtbot, tmp_path):
    def broken_job(progress):
        raise KeyError(RECORD)

    path = crash.log_path(tmp_path)
    handler = crash.start_logging(path)
    try:
        message = failure_of(qtbot, broken_job)
    finally:
        crash.log.removeHandler(handler)
        handler.close()
    assert message.startswith("程序内部出错，没有完成。错误的详细情况已写入日志文件") and str(path) in message
    assert "KeyError" not in message and "马晓明" not in message
    logged = path.read_text(encoding="utf-8")
    assert "a job on a worker thread failed" in logged and "broken_job" in logged and "builtins.KeyError" in logged
    assert "马晓明" not in logged and "11010519491231002X" not in logged


def test_text_that_cannot_be_decoded_is_said_as_a_damaged_database(qtbot):
    def job(progress):
        raise sqlite3.OperationalError(f"Could not decode to UTF-8 column 'data' with text '{RECORD}'")

    message = failure_of(qtbot, job)
    assert message.startswith("数据库文件已损坏：有数据的文字无法读取")
    assert "Could not decode" not in message and "马晓明" not in message
