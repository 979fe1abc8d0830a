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
