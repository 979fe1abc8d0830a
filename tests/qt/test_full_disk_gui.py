"""The window started on a full disk: the message says the disk is full and which one to clear, never that the
stick was pulled out or the file is damaged, and offers no backup (restoring one would lose the work since)."""

from __future__ import annotations

import gzip
from pathlib import Path

from small_disk import fill, mounted

from fazhi_desktop.core.setup import init_database
from fazhi_desktop.qt import app as app_module

OLD_VERSION = Path(__file__).parent.parent / "core" / "data" / "office-b29fd1b.db.gz"


def start(path: Path, dialogs, ui_settings) -> str:
    """Start the program on `path`, which fails; what its one message box says."""
    assert app_module.main(["--db", str(path), "--quit-after-show"], dialogs=dialogs, ui_settings=ui_settings) == 1
    [(kind, title, text)] = dialogs.shown
    assert (kind, title) == ("error", "无法打开数据库")
    return text


def test_a_full_disk_at_start_says_which_disk_to_clear(tmp_path, ledgers, dialogs, ui_settings):
    with mounted(tmp_path / "disk", "2m") as disk:
        init_database(disk / "office.db", "640522100", ledgers=ledgers).close()
        fill(disk)
        text = start(disk / "office.db", dialogs, ui_settings)
    assert "磁盘空间不足" in text and f"请清理“{disk}”所在的磁盘" in text
    assert "拔出" not in text and "损坏" not in text and "备份恢复" not in text


def test_an_upgrade_on_a_nearly_full_disk_says_nothing_was_changed(tmp_path, dialogs, ui_settings):
    with mounted(tmp_path / "disk", "2m") as disk:
        path = disk / "office.db"
        path.write_bytes(gzip.decompress(OLD_VERSION.read_bytes()))
        fill(disk, leave=40_000)
        text = start(path, dialogs, ui_settings)
    assert "升级数据库失败" in text and "数据库未改动（需要约 2 MB 可用空间）" in text
    assert "保存失败" not in text and "没有保存" not in text and "损坏" not in text and "备份恢复" not in text
