"""A copy of the .db file alone, made while the window is open, holds what was saved a few seconds before: the window
folds SQLite's write-ahead log into the file once saving pauses (qt/checkpoints.py). A technician copying office.db
without office.db-wal got a database that passed `fazhi check` and lacked the day's records."""

from __future__ import annotations

import shutil
import sqlite3

from fazhi_desktop.core.store import Store
from fazhi_desktop.qt import checkpoints
from fazhi_desktop.qt.main_window import create_main_window


def titles_in_copy(store: Store, tmp_path) -> list[str]:
    """The meetings a copy of the .db file alone holds (what a technician gets without office.db-wal)."""
    copy = tmp_path / "copy" / "office.db"
    copy.parent.mkdir(exist_ok=True)
    shutil.copy(store.path, copy)
    conn = sqlite3.connect(copy)
    try:
        return [title for (title,) in conn.execute("SELECT title FROM meeting WHERE NOT deleted")]
    finally:
        conn.close()


def open_window(qtbot, store, dialogs, ui_settings):
    """The window opened on a complete file, as the program finds it after closing the evening before."""
    other = sqlite3.connect(store.path)
    other.execute("PRAGMA wal_checkpoint")
    other.close()
    window = create_main_window(store, dialogs, ui_settings, "马文军")
    qtbot.addWidget(window)
    return window


def test_a_copy_of_the_file_alone_holds_a_save_made_a_moment_ago(qtbot, store, dialogs, ui_settings, tmp_path,
                                                                 monkeypatch, valid_record):
    monkeypatch.setattr(checkpoints, "QUIET_MS", 20)
    open_window(qtbot, store, dialogs, ui_settings)
    store.save("meeting", valid_record("meeting", title="今天的党委会"), "马文军")
    assert titles_in_copy(store, tmp_path) == []  # in office.db-wal only, as it was all day before
    qtbot.waitUntil(lambda: titles_in_copy(store, tmp_path) == ["今天的党委会"], timeout=3000)


def test_folded_in_once_saving_pauses_also_what_another_connection_saved(qtbot, store, dialogs, ui_settings,
                                                                          tmp_path, valid_record):
    watch = open_window(qtbot, store, dialogs, ui_settings).checkpoints
    watch.tick()  # the first quiet tick: what the window opened with
    store.save("meeting", valid_record("meeting", title="第一条"), "马文军")
    watch.tick()  # saved since the last tick: a batch may be going on, nothing written to the file yet
    assert titles_in_copy(store, tmp_path) == []
    watch.tick()
    assert titles_in_copy(store, tmp_path) == ["第一条"]

    job = Store.open(store.path)  # a job on a worker thread, or a `fazhi` command while the window is open
    job.save("meeting", valid_record("meeting", title="第二条", held_on="2026-03-06"), "马文军")
    job.close()  # not the last connection: closing folds nothing in
    assert sorted(titles_in_copy(store, tmp_path)) == ["第一条"]
    watch.tick()
    watch.tick()
    assert sorted(titles_in_copy(store, tmp_path)) == ["第一条", "第二条"]
