"""An error nothing caught, raised in a button's handler, is said to the user in Chinese and written with its
traceback to the log file; before, the Windows program (no console) showed nothing and the button did nothing."""

from __future__ import annotations

import logging
import os
import stat

from PySide6.QtCore import QTimer

from fazhi_desktop.qt import crash
from fazhi_desktop.selftest import RecordingDialogs

PERSONAL = "马晓明 11010519491231002X"


def failing_handler() -> None:
    raise ZeroDivisionError(PERSONAL)  # a message may quote what was being handled


def test_an_uncaught_error_in_a_handler_is_said_and_logged(qtbot, tmp_path):
    dialogs = RecordingDialogs()
    path = crash.log_path(tmp_path)
    handler = crash.start_logging(path)
    try:
        with crash.reported_errors(dialogs, path):
            QTimer.singleShot(0, failing_handler)
            qtbot.waitUntil(lambda: bool(dialogs.shown))
    finally:
        crash.log.removeHandler(handler)
        handler.close()
    [(title, text)] = dialogs.shown
    assert title == "程序出错"
    assert "刚才的操作没有完成" in text and "已经保存的记录不受影响" in text and str(path) in text
    assert "Traceback" not in text and "ZeroDivisionError" not in text  # for the maintainer, in the log
    logged = path.read_text(encoding="utf-8")
    assert "uncaught error" in logged and "builtins.ZeroDivisionError" in logged and "failing_handler" in logged
    assert "马晓明" not in logged and "11010519491231002X" not in logged  # nothing personal in the log


def test_a_second_error_while_the_message_is_up_is_only_logged(tmp_path):
    shown = []

    class NestingDialogs(RecordingDialogs):
        def error(self, parent, title, text):
            shown.append(title)
            crash_hook(ValueError, ValueError("again"), None)  # as a paint event might, while the box is open

    path = crash.log_path(tmp_path)
    with crash.reported_errors(NestingDialogs(), path):
        import sys

        crash_hook = sys.excepthook
        crash_hook(RuntimeError, RuntimeError("first"), None)
    assert shown == ["程序出错"]


def test_the_previous_hook_is_back_afterwards_and_an_unwritable_log_is_no_failure(tmp_path):
    import sys

    before = sys.excepthook
    with crash.reported_errors(RecordingDialogs(), None):
        assert sys.excepthook is not before
    assert sys.excepthook is before
    blocked = tmp_path / "file"
    blocked.write_text("x")
    assert crash.start_logging(blocked / "logs" / "fazhi.log") is None  # a file where the folder should be
    assert "无法写入日志" in crash.error_text(None)
    assert not any(isinstance(h, logging.FileHandler) and h.baseFilename.startswith(str(blocked))
                   for h in crash.log.handlers)


def test_the_log_is_the_users_alone_also_one_an_earlier_version_left_readable_by_all(tmp_path):
    path = crash.log_path(tmp_path)
    path.parent.mkdir(mode=0o755)
    path.write_text("2026-11-26 login succeeded\n", encoding="utf-8")
    os.chmod(path, 0o644)
    handler = crash.start_logging(path)
    crash.log.removeHandler(handler)
    handler.close()
    if os.name == "posix":  # Windows: the data folder under the user's profile is hers already
        assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_fault_while_saving_a_record_leaves_its_values_out_of_the_log_and_the_message(qtbot, tmp_path, monkeypatch):
    """A fault from the write path whose message quoted the record ("canonical json failed for 6405…") was written
    into fazhi.log with log.exception, and shown to a 录入员 who may not see the number."""
    from fazhi_desktop.core.setup import init_database
    from fazhi_desktop.qt.editor import RecordEditor

    store = init_database(tmp_path / "t.db", "640522100")
    dialogs = RecordingDialogs()
    editor = RecordEditor(store, store.ledgers["meeting"], None, dialogs, "马丽")
    qtbot.addWidget(editor)

    values = ("640522198507123570", "祁秘秘", "13912345678")

    def failing_save(*_args, **_kwargs):
        raise ValueError("canonical json failed for " + " ".join(values))  # the values come at run time

    monkeypatch.setattr(store, "save", failing_save)
    path = crash.log_path(tmp_path)
    handler = crash.start_logging(path)
    try:
        assert editor.save() is False
    finally:
        crash.log.removeHandler(handler)
        handler.close()
        store.close()
    logged = path.read_text(encoding="utf-8")
    assert "saving meeting failed" in logged and "builtins.ValueError" in logged and "failing_save" in logged
    [(title, text)] = dialogs.shown
    assert title == "保存失败" and "ValueError" in text and "填写的内容仍在窗口中" in text
    for value in values:
        assert value not in logged and value not in text


def test_an_error_that_comes_back_at_each_repaint_is_said_once_and_then_only_logged(tmp_path):
    """A list's model raising inside paint: each OK on "程序出错" repainted the list and raised it again, 12 boxes
    in 6 s. The same error (same place, same type) right after its box closed is written to the log in one line."""
    import sys

    now = [1000.0]

    def repaint() -> None:
        raise ValueError(PERSONAL)  # the same place every time

    def raise_in_paint() -> None:
        try:
            repaint()
        except ValueError as error:
            sys.excepthook(ValueError, error, error.__traceback__)

    dialogs = RecordingDialogs()
    path = crash.log_path(tmp_path)
    handler = crash.start_logging(path)
    try:
        with crash.reported_errors(dialogs, path, clock=lambda: now[0]):
            for _ in range(12):  # OK pressed, the list repaints: within milliseconds
                raise_in_paint()
                now[0] += 0.01
            try:
                failing_handler()
            except ZeroDivisionError as other:  # another error, elsewhere: said
                sys.excepthook(ZeroDivisionError, other, other.__traceback__)
            now[0] += crash.QUIET_AFTER_SAID + 1  # seconds later the same fault is news again
            raise_in_paint()
    finally:
        crash.log.removeHandler(handler)
        handler.close()
    assert [title for title, _ in dialogs.shown] == ["程序出错"] * 3
    logged = path.read_text(encoding="utf-8")
    assert logged.count("the same uncaught error again (not shown): builtins.ValueError") == 11
    assert logged.count("uncaught error:\n") == 3 and "马晓明" not in logged


def test_a_damaged_database_reaching_the_handler_is_said_as_such(tmp_path):
    import sqlite3
    import sys

    dialogs = RecordingDialogs()
    with crash.reported_errors(dialogs, crash.log_path(tmp_path)):
        error = sqlite3.OperationalError("Could not decode to UTF-8 column 'case_name' with text '马\ufffd'")
        sys.excepthook(sqlite3.OperationalError, error, None)
    [(title, text)] = dialogs.shown
    assert title == "数据库文件已损坏"
    assert text.startswith("数据库文件已损坏：有数据的文字无法读取") and "从备份恢复" in text
    assert "Could not decode" not in text and "\ufffd" not in text  # nor the record's bytes


def test_a_broken_button_clicked_again_is_said_again_never_silently_ignored(tmp_path):
    """The same error at 0, 20, 45, 70 and 100 s gave one box in all: each quiet repeat renewed a 60-second window,
    and a second click on a broken 保存 showed nothing, which looked like success. The quiet time now counts from
    the box closing, is seconds long, and a repeat within it is said in the status bar."""
    import sys

    now = [0.0]
    lines: list[str] = []

    def click() -> None:
        try:
            failing_handler()
        except ZeroDivisionError as error:
            sys.excepthook(ZeroDivisionError, error, error.__traceback__)

    dialogs = RecordingDialogs()
    with crash.reported_errors(dialogs, crash.log_path(tmp_path), clock=lambda: now[0], status=lines.append):
        for second in (0, 20, 45, 70, 100):
            now[0] = second
            click()
        assert len(dialogs.shown) == 5 and lines == []
        now[0] += 1  # clicked again at once, right after closing the box
        click()
        assert len(dialogs.shown) == 5 and lines == [crash.AGAIN]
        now[0] += crash.QUIET_AFTER_SAID  # the repeat did not renew the quiet time
        click()
    assert len(dialogs.shown) == 6


def test_a_repeat_is_said_in_the_main_windows_status_bar(qtbot):
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    crash.in_status_bar(crash.AGAIN)
    assert window.statusBar().currentMessage() == crash.AGAIN


def test_the_log_keeps_one_older_file_once_it_is_full(tmp_path):
    """The log rotates as logging.handlers' RotatingFileHandler did (which is no longer imported at start-up): at
    LOG_BYTES the file becomes fazhi.log.1 and a new one is begun; never more than the two."""
    path = crash.log_path(tmp_path)
    handler = crash.start_logging(path)
    try:
        for index in range(2 * crash.LOG_BYTES // 100 + 50):
            crash.log.info("第 %d 条 %s", index, "x" * 80)
    finally:
        crash.log.removeHandler(handler)
        handler.close()
    older = path.with_name(path.name + ".1")
    assert older.exists() and path.exists()
    assert path.stat().st_size < crash.LOG_BYTES and older.stat().st_size <= crash.LOG_BYTES
    assert sorted(p.name for p in path.parent.iterdir()) == ["fazhi.log", "fazhi.log.1"]
    assert f"第 {2 * crash.LOG_BYTES // 100 + 49} 条" in path.read_text(encoding="utf-8")


def test_a_full_log_another_window_holds_open_keeps_the_error_written(tmp_path, monkeypatch):
    """Windows refuses to rename a file another process has open: with a second window of the program open (the
    demo beside the office's database), the full log could not become fazhi.log.1, and every line after it was
    dropped, the traceback the error box says was written to the log too. The line goes into the log as it is; the
    file is rotated by a later line, once the other window has let go."""
    path = crash.log_path(tmp_path)
    handler = crash.start_logging(path)

    def held(_source, _target):
        raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。")

    try:
        path.write_text("x" * crash.LOG_BYTES, encoding="utf-8")
        monkeypatch.setattr(crash.os, "replace", held)
        crash.log.error("保存失败 %s", "第一条")
        assert "保存失败 第一条" in path.read_text(encoding="utf-8")
        monkeypatch.undo()
        crash.log.error("保存失败 %s", "第二条")
    finally:
        crash.log.removeHandler(handler)
        handler.close()
    older = path.with_name(path.name + ".1")
    assert "保存失败 第一条" in older.read_text(encoding="utf-8")
    assert "保存失败 第二条" in path.read_text(encoding="utf-8") and path.stat().st_size < crash.LOG_BYTES
