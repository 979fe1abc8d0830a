"""The window says at once that the database was renamed away from its attachments (core/renamed.py)."""

from __future__ import annotations

from fazhi_desktop.core.attachments import add_attachment
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt import safety


def test_a_renamed_database_is_announced_when_the_window_opens_it(store, tmp_path, valid_record, ledgers, clock,
                                                                  dialogs):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    store.save("meeting", valid_record("meeting", attachments=[add_attachment(store, scan)]), actor="马文")
    store.close()
    moved = Store.open((tmp_path / "office.db").rename(tmp_path / "fazhi.db"), ledgers, clock=clock)
    try:
        safety.warn_if_renamed(moved, dialogs)
    finally:
        moved.close()
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("warn", "附件和密钥不在新名字下")
    assert text.startswith("数据库文件改过名：请把 office-files 一并改名为 fazhi-files"
                           "（或把数据库改回原名 office.db）。")


class NoFilePicker:
    def backup_file(self, parent, title, start=None):
        raise AssertionError("the backup file was asked for")


def test_restoring_into_a_renamed_database_is_refused_before_a_file_is_chosen(store, tmp_path, valid_record, ledgers,
                                                                              clock, dialogs, qtbot, ui_settings):
    from fazhi_desktop.qt.main_window import create_main_window

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    store.save("meeting", valid_record("meeting", attachments=[add_attachment(store, scan)]), actor="马文")
    store.close()
    moved = Store.open((tmp_path / "office.db").rename(tmp_path / "fazhi.db"), ledgers, clock=clock)
    window = create_main_window(moved, dialogs, ui_settings, "马文")
    qtbot.addWidget(window)
    window.backup_prompts = NoFilePicker()
    window.backup.restore_from_backup()
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("error", "不能从备份恢复")
    assert text.startswith("数据库文件改过名：请把 office-files 一并改名为 fazhi-files")
    assert "改好之前不能从备份恢复" in text
    assert window.backup.task is None
    moved.close()
