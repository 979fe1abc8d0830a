# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""`fazhi receipt write` (twenty-fifth session, a county reviewer's January): receipts carry the county's indicator
catalogs (core/bundle/receipt_catalogs.py), which change the townships' targets, and writing them said nothing of
it. One line now names the catalogs the receipts carry, by name, version and years."""

from __future__ import annotations

import sys
from pathlib import Path

from bundle_world import COUNTY_PASS, county_template, world  # noqa: F401  (fixtures)

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/catalog_notices.py

from catalog_notices import NOTICE_2024, notice_2024

from fazhi_desktop.cli import main
from fazhi_desktop.cli_bundles import PASSPHRASE_ENV
from fazhi_desktop.core.indicators import use_catalog


def write(capsys, world, usb: Path) -> str:
    code = main(["--db", str(world.county.path), "receipt", "write", "--to", str(usb)])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_writing_receipts_names_the_catalogs_they_carry(world, valid_record, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(PASSPHRASE_ENV, COUNTY_PASS)
    town = world.town()
    town.store.save("law_study", valid_record("law_study", held_on="2026-03-05"), "杨芳")
    world.import_(world.export(town).path)
    out = write(capsys, world, town.usb)
    assert out.splitlines()[-1] == ("回执不带指标目录（县里按程序自带的指标目录评定）：乡镇导入后，先前随回执同步的"
                                    "县里目录不再使用")
    use_catalog(world.county, notice_2024(tmp_path))
    out = write(capsys, world, town.usb)
    assert "已写出海城镇（640522100）的回执" in out
    assert out.splitlines()[-1] == (f"回执同时带去县里的指标目录：《{NOTICE_2024}》（2024.1，2024 年起），"
                                    "乡镇导入回执后按它计算这些年度的指标")
