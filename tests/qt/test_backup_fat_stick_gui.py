# ruff: noqa: F811  (the window fixture imported from test_backup_gui)
"""立即备份 onto the FAT32 stick chosen as the backup folder, with years of scans: refused since session 26 (after
"File too large" following minutes of packing before that). It now goes in parts, said in 备份完成 with the files to
keep together, and 从备份恢复… takes it by any of its files, asking about it as one backup."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "core"))  # tests/core/test_stick_formats.py

from test_backup_gui import ACTOR, file_action, window  # noqa: F401  (window is a fixture)
from test_stick_formats import mounted_as

from fazhi_desktop.core import media
from fazhi_desktop.core.attachments import add_attachment
from fazhi_desktop.core.backup import config as backup_config


def test_backup_now_onto_a_fat32_stick_too_small_for_one_file_goes_in_parts_and_restores(
        window, qtbot, tmp_path, dialogs, store, valid_record, monkeypatch):
    scan = tmp_path / "扫描件.jpg"
    scan.write_bytes(os.urandom(150 * 1024))
    entry = add_attachment(store, scan)
    store.save("law_study", {**valid_record("law_study"), "attachments": [entry]}, ACTOR)
    usb = tmp_path / "U盘"
    usb.mkdir()
    mounted_as(monkeypatch, tmp_path, usb, "vfat")
    monkeypatch.setattr(media, "FAT_MAX_FILE", 64 * 1024)  # stands for FAT32's 4 GB
    backup_config.save_settings(store.path, backup_config.BackupSettings(folder=str(usb)))
    file_action(window, "立即备份").trigger()
    qtbot.waitUntil(lambda: window.backup.task is None, timeout=10_000)
    kind, title, text = next(shown for shown in dialogs.shown if shown[1] == "备份完成")  # then the new code
    assert kind == "info"
    parts = sorted(usb.glob("*.zip.0*"))
    name = parts[0].name.removesuffix(".001")
    assert len(parts) == 3 and f"已备份：{usb / name}" in text
    assert f"备份分成了 3 卷：{name}.001 至 {name}.003，另有分卷清单 {name}.sha256" in text
    window.backup_prompts.backup_answer, window.backup_prompts.confirm_answer = parts[1], False
    window.backup.restore_from_backup()
    qtbot.waitUntil(lambda: window.backup.task is None and window.backup_prompts.asked[-1][0] == "typed_confirmation",
                    timeout=10_000)
    assert f"备份文件：{usb / name}\n" in window.backup_prompts.asked[-1][1]
    parts[2].unlink()
    window.backup.restore_from_backup()
    qtbot.waitUntil(lambda: window.backup.task is None and dialogs.shown[-1][0] == "error", timeout=10_000)
    kind, title, text = dialogs.shown[-1]
    assert title == "不能用这个备份恢复" and f"备份 {name} 缺少第 3 卷 {name}.003（共 3 卷）" in text
    assert text.count("当前数据没有任何改动") == 1  # said once, as of any backup refused
    assert window.isVisible() and store.count("law_study") == 1
