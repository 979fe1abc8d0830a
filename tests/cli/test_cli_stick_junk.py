# ruff: noqa: F811  (pytest fixtures imported from tests/cli/test_cli_bundles.py and tests/bundle_world.py)
"""`fazhi import <U盘>` on a stick a Mac wrote on, beside last month's receipts: the bundles are imported, what else
is there is passed over and named in one line."""

from __future__ import annotations

from test_cli_bundles import add_meeting, cheap_keys, county_files, enrol, offices, run  # noqa: F401


def test_a_folder_import_names_the_macs_files_and_the_receipts_it_passed_over(offices, tmp_path, capsys):
    county, town, usb = offices
    enrol(capsys, county, town, tmp_path)
    add_meeting(town, tmp_path)
    assert run(capsys, "--db", str(town), "export", "--to", str(usb))[0] == 0
    (usb / "._fazhi-640522100-000001.tar.age").write_bytes(b"\x00\x05\x16\x07" + bytes(4000))
    (usb / "fazhi-receipt-640522207-000100.json").write_text("{}", encoding="utf-8")
    code, out, err = run(capsys, "--db", str(county), "import", str(usb))
    assert code == 0, err
    assert (f"{usb} 中另有 2 个文件不是数据包，已跳过：1 个苹果电脑留下的附属文件（._ 开头，不是数据包，可以删除）；"
            "1 个回执文件（县里写给乡镇的，不用导入）") in out
    assert "共 1 个数据包：导入 1 个，拒绝 0 个" in out and "拒绝接收" not in out
