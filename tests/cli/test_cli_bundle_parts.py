# ruff: noqa: F811  (pytest fixtures imported from tests/cli/test_cli_bundles.py and tests/bundle_world.py)
"""`fazhi export` onto a FAT32 stick too small in file size for the bundle writes it in parts, saying so before
the passphrase; `fazhi verify` takes one of its parts, `fazhi import` the stick, and a part missing is named. The
stick's largest file made 4 KB stands for 4 GB."""

from __future__ import annotations

import sys
from pathlib import Path

from test_cli_bundles import add_meeting, cheap_keys, county_files, enrol, offices, run  # noqa: F401

sys.path.insert(0, str(Path(__file__).parents[1] / "core"))
from test_stick_formats import mounted_as

from fazhi_desktop.core import media

NAME = "fazhi-640522100-000001.tar.age"


def test_export_in_parts_then_verify_one_part_and_import_the_stick(offices, tmp_path, capsys, monkeypatch):
    county, town, usb = offices
    enrol(capsys, county, town, tmp_path)
    add_meeting(town, tmp_path)
    mounted_as(monkeypatch, tmp_path, usb, "vfat")
    monkeypatch.setattr(media, "FAT_MAX_FILE", 4096)
    code, out, err = run(capsys, "--db", str(town), "export", "--to", str(usb))
    assert code == 0, err
    assert f"{usb} 是 FAT32 格式的U盘，单个文件不能超过 4 GB" in out and "将分成" in out
    parts = sorted(p.name for p in usb.glob(f"{NAME}.0*"))
    assert len(parts) >= 2 and (usb / f"{NAME}.sha256").is_file()
    assert (f"已写入数据包：{usb} 中的 {len(parts) + 1} 个文件：{NAME}.001 至 {parts[-1]}，和分卷清单 {NAME}.sha256"
            in out)
    code, out, err = run(capsys, "--db", str(county), "verify", str(usb / parts[-1]))
    assert code == 0, err
    assert f"{NAME}：" in out and "拒绝接收" not in out
    (usb / f"{NAME}.002").rename(tmp_path / "aside")
    code, out, _ = run(capsys, "--db", str(county), "import", str(usb))
    assert code == 1 and f"缺少第 2 卷 {NAME}.002" in out
    (tmp_path / "aside").rename(usb / f"{NAME}.002")
    code, out, err = run(capsys, "--db", str(county), "import", str(usb))
    assert code == 0, err
    assert "共 1 个数据包：导入 1 个，拒绝 0 个" in out and "已跳过" not in out
