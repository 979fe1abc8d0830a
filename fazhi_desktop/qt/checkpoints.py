"""The database file kept complete while the program is open. SQLite (WAL mode, core/db.py) writes each save to
`<db>-wal` and folds it into the .db file only every ~4 MB of changes or when the last connection closes: a
technician copying office.db alone while the window was open got a database that passed `fazhi check` and lacked the
day's records. The window folds the log in (Store.checkpoint) once saving has paused for a tick: between QUIET_MS and
twice that after the last commit, never on the write path, and once for a batch however many records it saved.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from PySide6.QtCore import QObject, QTimer, Slot

#: how often the window looks whether something was saved (two reads of the connection's counters, microseconds)
QUIET_MS = 3_000


class Checkpoints(QObject):
    """Folds the log into the file at the first tick that finds no commit since the tick before."""

    def __init__(self, window: Any):
        super().__init__(window)
        self.window = window
        self.seen = commits_of(window.store)
        self.folded: tuple[int, int] | None = None  # the first quiet tick folds in what the window opened with
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        self.timer.start(QUIET_MS)

    @Slot()
    def tick(self) -> None:
        commits = commits_of(self.window.store)
        if commits is None or commits == self.folded:
            return
        if commits != self.seen:  # saved since the last tick: maybe a batch still going on
            self.seen = commits
            return
        if self.window.store.checkpoint():
            self.folded = commits


def commits_of(store: Any) -> tuple[int, int] | None:
    """What changes with every commit to the file (`Store.commits`); None when no database is open, or when it
    cannot be read any more (a USB stick pulled: the file times and the callers' own messages then decide)."""
    if store is None or store.closed:
        return None
    try:
        return store.commits()
    except sqlite3.Error:  # a statement (PRAGMA data_version), which fails as every read does then
        return None


def install(window: Any) -> Checkpoints:
    window.checkpoints = Checkpoints(window)
    return window.checkpoints
