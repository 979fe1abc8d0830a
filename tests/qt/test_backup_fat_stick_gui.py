# ruff: noqa: F811  (the window fixture imported from test_backup_gui)
"""立即备份 onto the FAT32 stick chosen as the backup folder, with years of scans: said at once in the 备份失败 window,
naming the stick and the way out, instead of "File too large" after minutes of packing."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "core"))  # tests/core/test_stick_formats.py

from test_backup_gui import ACTOR, file_action, window  # noqa: F401  (window is a fixture)
from test_stick_formats import mounted_as

from fazhi_desktop.core.attachments import add_attachment, blob_path
from fazhi_desktop.core.backup import config as backup_config
from fazhi_desktop.core.backup import create as create_module


def test_backup_now_onto_a_fat32_stick_too_small_for_it_says_so_at_once(window, qtbot, tmp_path, dialogs, store,
                                                                       valid_record, monkeypatch):
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(b"%PDF scan " * 50)
    entry = add_attachment(store, scan)
    store.save("law_study", {**valid_record("law_study"), "attachments": [entry]}, ACTOR)
    os.truncate(blob_path(store, entry["sha256"]), 5 * 1024**3)  # sparse
    usb = tmp_path / "U盘"
    usb.mkdir()
    mounted_as(monkeypatch, tmp_path, usb, "vfat")
    backup_config.save_settings(store.path, backup_config.BackupSettings(folder=str(usb)))

    def packed(*args, **kwargs):
        raise AssertionError("packed before the stick was found unable to take the backup")

    monkeypatch.setattr(create_module, "_write_archive", packed)
    file_action(window, "立即备份").trigger()
    qtbot.waitUntil(lambda: window.backup.task is None, timeout=10_000)
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("error", "备份失败")
    assert f"{usb} 是 FAT32 格式的U盘，单个文件不能超过 4 GB，备份约 5.0 GB，写不进去" in text
    assert "exFAT" in text and "packed before" not in text
    assert list(usb.iterdir()) == []
