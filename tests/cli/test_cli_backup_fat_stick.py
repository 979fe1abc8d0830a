"""`fazhi backup --to` a FAT32 stick with years of scans: refused before packing until session 27 (it had failed
"File too large" after the packing before that). The backup now goes in parts, which `fazhi backup --list` shows as
one backup and `fazhi restore` takes by any of its files; a set missing a part is named and refused."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "core"))  # tests/core/test_stick_formats.py

from test_stick_formats import mounted_as

from fazhi_desktop.cli import main
from fazhi_desktop.core import media
from fazhi_desktop.core.attachments import add_attachment
from fazhi_desktop.core.store import Store

LIMIT = 64 * 1024  # stands for FAT32's 4 GB


def test_a_backup_too_large_for_a_fat32_stick_goes_in_parts_listed_and_restored_as_one(db, tmp_path, capsys,
                                                                                       monkeypatch):
    scan = tmp_path / "扫描件.jpg"
    scan.write_bytes(os.urandom(150 * 1024))
    store = Store.open(db)
    entry = add_attachment(store, scan)
    store.save("law_study", {"activity_type": "会前学法", "topic": "学习《行政处罚法》", "held_on": "2026-03-05",
                             "attachments": [entry]}, "马文")
    store.close()
    usb = tmp_path / "U盘"
    usb.mkdir()
    mounted_as(monkeypatch, tmp_path, usb, "vfat")
    monkeypatch.setattr(media, "FAT_MAX_FILE", LIMIT)
    capsys.readouterr()
    assert main(["backup", "--to", str(usb)]) == 0
    out = capsys.readouterr().out
    parts = sorted(usb.glob("*.zip.0*"))
    assert len(parts) == 3 and not list(usb.glob("*.zip"))
    name = parts[0].name.removesuffix(".001")
    assert f"已备份：{usb / name}" in out
    assert f"备份分成了 3 卷：{name}.001 至 {name}.003，另有分卷清单 {name}.sha256" in out
    assert main(["backup", "--list", "--to", str(usb)]) == 0
    listed = capsys.readouterr().out
    assert f"{usb / name}（分 3 卷）" in listed and "共 1 个备份" in listed
    assert main(["restore", str(parts[1]), "--check-only"]) == 0
    assert "只检查：备份可以恢复" in capsys.readouterr().out
    parts[2].unlink()
    assert main(["restore", str(usb / f"{name}.sha256"), "--check-only"]) == 1
    err = capsys.readouterr().err
    assert f"备份 {name} 缺少第 3 卷 {name}.003（共 3 卷）" in err and "Traceback" not in err
