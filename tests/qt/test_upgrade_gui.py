"""The window's first open of a database made by an earlier version: the search index is rebuilt once (seconds at
100,000 records), and the opening line says so with its progress instead of only 正在打开数据库……; a window
started while another program rebuilds it is told to wait a moment, not that the file may be damaged."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QSettings

from fazhi_desktop.core import search
from fazhi_desktop.qt import app as app_module
from fazhi_desktop.qt.main_window import MainWindow

ACTOR = "杨芳"


def as_made_by_an_earlier_version(store, valid_record, count: int) -> None:
    """`count` meetings, with the index marked as built by an earlier version's rules (to be rebuilt on open)."""
    for n in range(count):
        store.save("meeting", valid_record("meeting", title=f"第{n + 1}次法治政府建设专题会议"), ACTOR)
    store.conn.execute("DELETE FROM settings WHERE key LIKE 'search_index.%'")
    store.close()


def test_the_opening_line_says_the_search_index_is_being_updated(tmp_path, store, valid_record, dialogs,
                                                                 monkeypatch):
    as_made_by_an_earlier_version(store, valid_record, 5)
    monkeypatch.setattr(search, "PROGRESS_STEP", 2)
    lines = []
    shown = MainWindow.show_index_progress

    def seen(window, done, total):
        shown(window, done, total)
        lines.append(window.opening_label.text())
        if len(lines) == 2:
            window.grab().save(str(tmp_path / "opening.png"))

    monkeypatch.setattr(MainWindow, "show_index_progress", seen)
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    assert app_module.main(["--db", str(store.path), "--quit-after-show"], dialogs=dialogs, ui_settings=ui) == 0
    assert lines == [f"正在为新版本更新搜索索引（升级后第一次打开时进行一次）：{n} / 5 条记录……" for n in (2, 4, 5)]
    lines.clear()
    assert app_module.main(["--db", str(store.path), "--quit-after-show"], dialogs=dialogs, ui_settings=ui) == 0
    assert lines == []  # an ordinary start: nothing rebuilt, nothing said
    assert dialogs.shown == []


def test_a_window_started_during_another_programs_rebuild_is_told_to_wait(tmp_path, store, valid_record, dialogs,
                                                                          monkeypatch):
    as_made_by_an_earlier_version(store, valid_record, 1)
    from fazhi_desktop.core import db as dbmod

    connect = dbmod.connect
    monkeypatch.setattr(dbmod, "connect", lambda where: _impatient(connect(where)))
    rebuilding = sqlite3.connect(store.path, isolation_level=None)
    rebuilding.execute("BEGIN IMMEDIATE")
    try:
        ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
        assert app_module.main(["--db", str(store.path)], dialogs=dialogs, ui_settings=ui) == 1
    finally:
        rebuilding.execute("ROLLBACK")
        rebuilding.close()
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("error", "无法打开数据库")
    assert "正在为新版本更新搜索索引" in text and "请稍等片刻再试" in text and "损坏" not in text


def _impatient(conn):
    conn.execute("PRAGMA busy_timeout=50")  # SQLite's 5 s wait, shortened
    return conn


def test_a_database_from_a_newer_version_is_not_called_damaged(tmp_path, store, dialogs):
    """An older installer run again: the window said 如文件损坏，请用最近的备份恢复 under the refusal, and a backup
    restored then would lose what the newer version saved."""
    with store.conn:
        store.conn.execute("INSERT INTO _migrations VALUES ('099_from_the_future', datetime('now'))")
    store.close()
    before = store.path.read_bytes()
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    assert app_module.main(["--db", str(store.path)], dialogs=dialogs, ui_settings=ui) == 1
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("error", "无法打开数据库")
    assert "数据库来自较新版本的法治台账" in text and "请安装新版本的程序再打开" in text
    assert "备份" not in text and "损坏" not in text.replace("会损坏新版本写入的数据", "")
    assert store.path.read_bytes() == before
