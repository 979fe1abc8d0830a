"""The window does not open a database on a network share, and warns of one in a sync folder or on a stick."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from fazhi_desktop.core import media, paths
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.qt import app as app_module


def run(tmp_path, dialogs, path) -> int:
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    return app_module.main(["--db", str(path), "--quit-after-show"], dialogs=dialogs, ui_settings=ui)


def test_a_database_on_a_network_share_is_not_opened_and_the_way_out_is_said(tmp_path, dialogs, monkeypatch, store):
    listing = tmp_path / "mounts"
    listing.write_text("/dev/vda / ext4 rw 0 0\n//pc1/共享 / cifs rw,relatime 0 0\n", encoding="utf-8")
    monkeypatch.setattr(media, "MOUNTS", listing)
    store.close()
    assert run(tmp_path, dialogs, store.path) == 1
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("error", "数据库在网络共享文件夹上")
    assert "两台电脑同时打开" in text and "请在存放这个数据库的那台电脑上使用法治台账" in text and "从备份恢复" in text
    assert not store.path.with_name(store.path.name + ".lock").exists()  # not even the lock was taken there


def test_a_database_in_a_sync_folder_opens_with_a_warning(tmp_path, dialogs, monkeypatch):
    path = tmp_path / "OneDrive" / "文档" / "fazhi.db"
    init_database(path, "640522100", office="海城镇司法所").close()
    assert run(tmp_path, dialogs, path) == 0
    said = [text for kind, title, text in dialogs.shown if title == "数据库在同步盘中"]
    assert len(said) == 1 and "冲突副本" in said[0] and str(path) in said[0]


def test_a_stick_is_warned_of_except_in_portable_mode(tmp_path, dialogs, monkeypatch, store):
    monkeypatch.setattr(media, "removable_mount", lambda root, device: True)
    store.close()
    assert run(tmp_path, dialogs, store.path) == 0
    assert [title for _, title, _ in dialogs.shown].count("数据库在U盘上") == 1
    stick = tmp_path / "U盘" / "fazhi-desktop"
    stick.mkdir(parents=True)
    (stick / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    monkeypatch.setattr(paths, "program_dir", lambda: stick)
    dialogs.shown.clear()
    assert run(tmp_path, dialogs, store.path) == 0
    assert "数据库在U盘上" not in [title for _, title, _ in dialogs.shown]  # the portable mode's own warning says it
