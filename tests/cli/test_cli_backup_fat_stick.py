"""`fazhi backup --to` a FAT32 stick with years of scans: refused before minutes of packing, in Chinese, naming the
stick and the way out, with nothing written onto it (it failed "File too large" after the packing)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "core"))  # tests/core/test_stick_formats.py

from test_stick_formats import mounted_as

from fazhi_desktop.cli import main
from fazhi_desktop.core.attachments import add_attachment, blob_path
from fazhi_desktop.core.backup import create as create_module
from fazhi_desktop.core.store import Store


def test_a_backup_too_large_for_a_fat32_stick_is_refused_before_packing(db, tmp_path, capsys, monkeypatch):
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(b"%PDF scan " * 50)
    store = Store.open(db)
    entry = add_attachment(store, scan)
    store.save("law_study", {"activity_type": "会前学法", "topic": "学习《行政处罚法》", "held_on": "2026-03-05",
                             "attachments": [entry]}, "马文")
    os.truncate(blob_path(store, entry["sha256"]), 5 * 1024**3)  # sparse: five years of scans
    store.close()
    usb = tmp_path / "U盘"
    usb.mkdir()
    mounted_as(monkeypatch, tmp_path, usb, "vfat")

    def packed(*args, **kwargs):
        raise AssertionError("packed before the stick was found unable to take the backup")

    monkeypatch.setattr(create_module, "_write_archive", packed)
    capsys.readouterr()
    assert main(["backup", "--to", str(usb)]) == 1
    err = capsys.readouterr().err
    assert f"无法备份：{usb} 是 FAT32 格式的U盘，单个文件不能超过 4 GB，备份约 5.0 GB，写不进去" in err
    assert "本次没有备份，以前的备份都保留着" in err and "Traceback" not in err
    assert list(usb.iterdir()) == []
