"""GUI test fixtures: offscreen Qt, scripted message boxes, UI settings in a temp file."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings

from fazhi_desktop.qt.dialogs import Answer, Dialogs


class ScriptedDialogs(Dialogs):
    """Records every message shown; answers questions from queues the test fills (default: the safe answer)."""

    def __init__(self):
        self.shown: list[tuple[str, str, str]] = []
        self.confirm_answers: list[bool] = []
        self.confirm_defaults: list[bool] = []  # the answer each question's Enter gave
        self.save_answers: list[Answer] = []
        self.text_answers: list[str | None] = []
        self.text_defaults: list[str] = []  # what each ask_text offered
        self.reopen_choices: list[str] = []  # who corrects, for each 重新打开 asked (sent_back.CLERK / SELF)
        self.choices: list[str | None] = []  # the button clicked for each `choose` (default: 取消)

    def info(self, parent, title, text):
        self.shown.append(("info", title, text))

    def warn(self, parent, title, text):
        self.shown.append(("warn", title, text))

    def error(self, parent, title, text):
        self.shown.append(("error", title, text))

    def confirm(self, parent, title, text, yes="确定", no="取消", default=True):
        self.shown.append(("confirm", title, text))
        self.confirm_defaults.append(default)
        return self.confirm_answers.pop(0) if self.confirm_answers else False

    def choose(self, parent, title, text, choices):
        self.shown.append(("choose", title, text))
        return self.choices.pop(0) if self.choices else None

    def save_discard_cancel(self, parent, title, text):
        self.shown.append(("save_discard_cancel", title, text))
        return self.save_answers.pop(0) if self.save_answers else Answer.CANCEL

    def show_code(self, parent, title, code, text):
        self.shown.append(("code", title, f"{code}\n{text}"))
        return True  # copied and the last group typed back

    def ask_text(self, parent, title, label, text=""):
        self.shown.append(("ask_text", title, label))
        self.text_defaults.append(text)
        return self.text_answers.pop(0) if self.text_answers else None

    def ask_reopen(self, parent, title, prompt, choose=True):
        """重新打开's reason from `text_answers`, and who corrects from `reopen_choices` (default: the dialog's; the
        clerk without `choose`, 批量审核's 退回…)."""
        from fazhi_desktop.core import sent_back

        self.shown.append(("ask_reopen", title, prompt))
        reason = self.text_answers.pop(0) if self.text_answers else None
        choice = self.reopen_choices.pop(0) if self.reopen_choices and choose else sent_back.CLERK
        return None if reason is None else (reason, choice)

    def texts(self) -> str:
        return "\n".join(f"{t}: {x}" for _, t, x in self.shown)


@pytest.fixture
def dialogs() -> ScriptedDialogs:
    return ScriptedDialogs()


@pytest.fixture
def ui_settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture(autouse=True)
def earlier_windows_deleted():
    """Windows an earlier test left are deleted before this one starts.

    Those qtbot closed: its deleteLater waits for an event loop that processEvents is not, and left alive with
    their databases closed, a font change here (长者模式) made their lists read a closed database and crashed the
    run. And those no one gave qtbot (the program started through `app.main`, a window it opened itself): alive
    for the rest of the run, each ran its first daily backup check a minute later, and the progress box coming
    forward took the keyboard from the window a later test was typing into, then left no window active at all
    (about one full run in three failed so, in whichever test was running at the time)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication, QDialog, QMainWindow

    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for widget in QApplication.topLevelWidgets():
        ours = type(widget).__module__.startswith("fazhi_desktop.")
        if widget.parentWidget() is None and (ours or isinstance(widget, (QDialog, QMainWindow))):
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    yield


@pytest.fixture(autouse=True)
def text_size_as_a_test_alone_has(qapp):
    """Each test starts in Qt's own application font, as it does run alone. A main window sets the program's text
    size on the whole application (五号字, 长者模式 from its settings) and nothing set it back: a dialog tested
    without one was laid out at 10.5 pt after such a test and at 9 pt alone, and 待办事项's refit test, written at
    9 pt, timed out only after test_todo_gui (its narrow row 69 px instead of 286, widened 35: not under half)."""
    from PySide6.QtGui import QFontDatabase

    start = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    if qapp.font() != start:
        qapp.setFont(start)
    yield


@pytest.fixture(autouse=True)
def no_key_held_from_earlier_tests(qapp):
    """Each test starts with no Ctrl, Alt or Shift held. A key click whose press closes its window (Ctrl+W, Alt+N's
    通过并打开下一条) never sends the release (QTest stops when the widget is gone), so Qt went on believing the
    modifier held: a later test's `selectRow` then toggled the row (Ctrl) instead of selecting it."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    if QGuiApplication.keyboardModifiers() != Qt.KeyboardModifier.NoModifier:
        anywhere = QWidget()
        QTest.keyRelease(anywhere, Qt.Key.Key_Control)  # a spontaneous release with no modifiers resets Qt's state
        anywhere.deleteLater()
    assert QGuiApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier
    yield
