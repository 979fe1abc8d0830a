"""Long jobs (export, import, register PDFs, backup) report progress and can be cancelled.

A core function that may take long takes `progress: Progress` and calls `progress(done, total, text)` now and then;
the call raises `Cancelled` once the user has asked to stop. The Qt layer runs such functions on a worker thread
(`fazhi_desktop.qt.tasks.run_task`); the CLI passes `no_progress` or a printer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from fazhi_desktop.core.errors import FazhiError


class Cancelled(FazhiError):
    """The user stopped the job; whatever it had started is rolled back or removed."""

    def __init__(self, message: str = "已取消"):
        super().__init__(message)


Progress = Callable[[int, int, str], None]


def no_progress(done: int, total: int, text: str) -> None:
    """For callers that do not show progress."""


#: `done` of a report made just before a step that holds the whole program for seconds: pyrage's scrypt keeps
#: Python's lock (GIL), so no window repaints and 取消 is dead until it ends. The GUI shows the text at once, and the
#: report returns when it has (qt/tasks.py), so the frozen window at least says what it is doing.
BEFORE_A_PAUSE = -1


def before_a_pause(progress: Progress, text: str) -> None:
    """Say `text` ("正在生成备份密钥（需要几秒钟）……") before a step that holds the program: see BEFORE_A_PAUSE."""
    progress(BEFORE_A_PAUSE, 0, text)


class CancelToken:
    """Shared between the GUI thread (which cancels) and the job (which checks)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def progress(self, report: Progress) -> Progress:
        """Wrap `report` so that every progress call also checks for cancellation."""

        def checked(done: int, total: int, text: str) -> None:
            if self._event.is_set():
                raise Cancelled()
            report(done, total, text)

        return checked
