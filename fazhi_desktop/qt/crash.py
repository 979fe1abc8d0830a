"""What becomes of an error nothing caught, in the running program: it is written with its traceback to the log file
(`<data dir>/logs/fazhi.log`, a few hundred KB at most, for the maintainer), and the user is told in Chinese that
the action did not finish, that what was saved is safe, and where the log is. Without this, an error in a button's
handler vanished in the Windows program (it has no console), and the button simply did nothing.

The log holds program events and tracebacks, never record contents: the modules log what happened ("login
failed"), not values, and an error is logged by its type and stack, not its message, which can quote a value.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

from fazhi_desktop.core import private_files
from fazhi_desktop.core.errors import where_it_failed

log = logging.getLogger("fazhi_desktop")
LOG_BYTES = 256 * 1024  # per file; one older file is kept


class _RotatingLog(logging.FileHandler):
    """The log file with one older file kept (`.1`) once it reaches LOG_BYTES: what logging.handlers'
    RotatingFileHandler does, without importing logging.handlers, which brings socket, pickle and queue with it
    (8 ms of the start, before the window is painted)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is None:
                self.stream = self._open()
            self.stream.seek(0, 2)
            if self.stream.tell() + len(f"{self.format(record)}\n") >= LOG_BYTES:
                self.stream.close()
                self.stream = None
                # Windows refuses while another window of the program has the log open: the line goes in as it
                # is (dropped, it was the traceback the error box says is in the log); a later line rotates it
                with contextlib.suppress(OSError):
                    os.replace(self.baseFilename, self.baseFilename + ".1")
                self.stream = self._open()
        except Exception:
            self.handleError(record)
            return
        super().emit(record)


def log_path(data_dir: Path) -> Path:
    return data_dir / "logs" / "fazhi.log"


def start_logging(path: Path) -> logging.Handler | None:
    """Send the program's log to `path` (made if missing); None, and no log, when it cannot be written there."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _RotatingLog(path, encoding="utf-8", delay=True)
    except OSError:
        return None
    # the user's alone (new ones are, under the program's umask): it names accounts' events and where things failed
    private_files.restrict(path.parent, private_files.FOLDER_MODE)
    for file in (path, path.with_name(path.name + ".1")):
        private_files.restrict(file, private_files.FILE_MODE)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return handler


#: seconds after its message box closed during which the same error (same place, same type) is not shown in a box
#: again: an error in a paint event comes back at once, since closing the box repaints the list, which raises it
#: again within milliseconds. Counted from the box closing, never from a quiet repeat: a user who clicks a broken
#: 保存 again is told again (before, 60 s that every repeat renewed: one box, then silence that looked like success).
QUIET_AFTER_SAID = 3.0
#: what the status bar says when the same error comes back within that time (short: the record counts share it)
AGAIN = "操作没有完成：程序内部出错（同上）"
AGAIN_DAMAGED = "操作没有完成：数据库文件已损坏"
STATUS_MS = 15_000


@contextlib.contextmanager
def reported_errors(dialogs, path: Path | None, clock: Callable[[], float] = time.monotonic,
                    status: Callable[[str], None] | None = None) -> Iterator[None]:
    """While the program runs, an uncaught error is logged and said in a message box: one at a time (an error
    raised while the box is up is only logged), and the same error again within QUIET_AFTER_SAID seconds of its
    box closing is logged in one line and said in the main window's status bar (`status`; with no main window, as
    at the login, only logged: a box there could come back at each repaint of the dialog). A damaged database file
    is said as such. The previous hook is back afterwards."""
    showing = False
    said: dict[str, float] = {}  # where an error failed -> when its box closed
    status = status or in_status_bar

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        where = where_it_failed(kind, trace)
        if where in said and clock() - said[where] < QUIET_AFTER_SAID:
            log.error("the same uncaught error again (not shown): %s.%s", kind.__module__, kind.__qualname__)
            status(AGAIN_DAMAGED if _damage(error) is not None else AGAIN)
            return
        log.error("uncaught error:\n%s", where)
        if showing:
            return
        showing = True
        try:
            damage = _damage(error)
            if damage is not None:  # its words name no value: the ledger, the record's number, the way out
                dialogs.error(None, "数据库文件已损坏", f"{damage}\n{logged_at(path)}")
            else:
                dialogs.error(None, "程序出错", error_text(path))
        finally:
            showing = False
            said[where] = clock()

    previous = sys.excepthook
    sys.excepthook = hook
    try:
        yield
    finally:
        sys.excepthook = previous


def _damage(error: BaseException):
    from fazhi_desktop.core import damaged  # at the first error, not at start (it loads sqlite3)

    return damaged.said(error)


def in_status_bar(text: str) -> None:
    """Say `text` in the status bar of each main window shown (none at the login or the first start)."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication.instance()
    for window in app.topLevelWidgets() if app is not None else []:
        if isinstance(window, QMainWindow) and window.isVisible():
            window.statusBar().showMessage(text, STATUS_MS)


def error_text(path: Path | None) -> str:
    return ("刚才的操作没有完成：程序内部出错。\n"
            "已经保存的记录不受影响；正在编辑、尚未保存的内容请检查后再保存。\n" + logged_at(path))


def logged_at(path: Path | None) -> str:
    """Where the details of an error are, for the maintainer."""
    return (f"错误的详细情况已写入日志文件：\n{path}\n请把这个文件交给维护人员。" if path
            else "错误的详细情况无法写入日志。")


def log_file() -> Path | None:
    """The file the program's log goes to (start_logging), None when it is not written."""
    return next((Path(h.baseFilename) for h in log.handlers if isinstance(h, _RotatingLog)), None)
