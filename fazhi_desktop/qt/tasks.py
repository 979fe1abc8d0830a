"""The one task runner: a core job on a worker thread, a progress dialog with a working 取消, errors as messages.

The job receives a `Progress` callback (see core/jobs.py) and must open its own SQLite connection if it needs one
(connections stay on the thread that opened them): pass the database path, not the Store.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from fazhi_desktop.core import damaged
from fazhi_desktop.core.errors import FazhiError, where_it_failed
from fazhi_desktop.core.jobs import BEFORE_A_PAUSE, Cancelled, CancelToken, Progress
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt import crash

T = TypeVar("T")
#: after showing a report made before a pause (core/jobs.BEFORE_A_PAUSE), how long the GUI runs on before the job
#: goes on: for the window system to map and paint the box; and the longest the job waits for that, in seconds
PAINT_MS = 100
SHOWN_WAIT = 2.0


class _Worker(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str, bool)  # message, cancelled

    def __init__(self, job: Callable[[Progress], Any], token: CancelToken):
        super().__init__()
        self.job, self.token = job, token
        self.shown = threading.Event()  # set by the GUI once a report before a pause is on screen
        self.error: FazhiError | None = None  # what the job raised, kept before `failed` is emitted (Task.error)

    def report(self, done: int, total: int, text: str) -> None:
        self.shown.clear()
        self.progressed.emit(done, total, text)
        if done == BEFORE_A_PAUSE:  # the step after it holds Python's lock: the GUI could not paint the text
            self.shown.wait(SHOWN_WAIT)

    def run(self) -> None:
        try:
            result = self.job(self.token.progress(self.report))
        except Cancelled as exc:
            self.failed.emit(str(exc), True)
        except FazhiError as exc:
            self.error = exc
            self.failed.emit(str(exc), False)
        except Exception as exc:  # a bug must still reach the user as a message, not a crash
            self.failed.emit(unexpected(exc), False)
        else:
            self.finished.emit(result)


def unexpected(exc: Exception) -> str:
    """What to say of an error the job did not expect. Logged by place and type; its message, which can quote a
    record (SQLite's decode error quotes the bytes), is neither logged nor shown. Text a damaged file holds as
    bytes is said as damage."""
    crash.log.error("a job on a worker thread failed:\n%s", where_it_failed(type(exc), exc.__traceback__))
    damage = damaged.said(exc)
    if damage is not None:
        return str(damage)
    return f"程序内部出错，没有完成。{crash.logged_at(crash.log_file())}"


class Task(QObject):
    """A running job. Keep a reference until `done` or `failed` is emitted. A slot of `failed` that must tell one
    refusal from another asks `error` (its type), never the message's words."""

    done = Signal(object)
    failed = Signal(str, bool)

    def __init__(self, parent: QWidget | None, title: str, job: Callable[[Progress], Any]):
        super().__init__(parent)
        self.token = CancelToken()
        self.dialog = QProgressDialog(title, "取消", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self.thread = QThread()
        self.worker = _Worker(job, self.token)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._progress)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)

    def start(self) -> Task:
        _RUNNING.add(self)
        # the box's clock starts now: Qt's otherwise starts at the first report, or shows the box only after 4 s,
        # so a job that reports nothing before it ends (reading a workbook, one transaction) showed no box at all
        self.dialog.setValue(0)
        self.thread.start()
        return self

    def cancel(self) -> None:
        self.token.cancel()
        self.dialog.setLabelText("正在取消……")

    def _progress(self, done: int, total: int, text: str) -> None:
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        if text:
            self.dialog.setLabelText(text)
        if done == BEFORE_A_PAUSE:  # shown now, not after the box's 300 ms: the pause would freeze it unseen
            self.dialog.show()
            self.dialog.repaint()
            QTimer.singleShot(PAINT_MS, self.worker.shown.set)

    def _stop(self) -> None:
        self.thread.quit()
        self.thread.wait()
        self.dialog.close()
        _RUNNING.discard(self)

    def _finished(self, result: Any) -> None:
        self._stop()
        self.done.emit(result)

    @property
    def error(self) -> FazhiError | None:
        """The FazhiError the job raised, once `failed` is emitted; None when it was cancelled or hit a bug."""
        return self.worker.error

    def _failed(self, message: str, cancelled: bool) -> None:
        self._stop()
        self.failed.emit(message, cancelled)


#: tasks whose worker thread may still run; a thread destroyed while running aborts the whole process
_RUNNING: set[Task] = set()


def running() -> bool:
    """Is a job still running on a worker thread (a backup, an import, an export)?"""
    return bool(_RUNNING)


@atexit.register
def _finish_running_tasks() -> None:
    """At exit (the window closed mid-job, or a test ended before a job's result was delivered): ask every job to
    stop at its next progress report and wait for its thread, so Qt never destroys a running thread."""
    for task in list(_RUNNING):
        task.token.cancel()
        task.thread.quit()
        task.thread.wait(30_000)
    _RUNNING.clear()


def run_task(parent: QWidget | None, title: str, job: Callable[[Progress], Any]) -> Task:
    """Start `job(progress)` on a worker thread with a progress dialog; connect to `done` / `failed`."""
    return Task(parent, title, job).start()


def own_store_job(store: Store, work: Callable[[Store, Progress], T]) -> Callable[[Progress], T]:
    """A job that runs `work(worker_store, progress)` on its own connection to `store`'s database (same forms,
    clock and logged-in user: core checks the user's permissions there too): SQLite connections stay on the thread
    that opened them, so a job never touches the window's Store."""
    db_path, ledgers, clock, user = store.path, store.ledgers, store.clock, store.user

    def job(progress: Progress) -> T:
        worker_store = Store.open(db_path, ledgers=ledgers, clock=clock, tidy=False)  # (the window's open tidied)
        worker_store.user = user
        try:
            return work(worker_store, progress)
        finally:
            worker_store.close()

    return job
