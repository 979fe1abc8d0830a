# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""Review of the county's keys sealed to the backup key (bundle/county_escrow.py): what a county meets when the
backup key file is damaged, and a county that keeps no such copy (`fazhi keys escrow off`)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import ACTOR, COUNTY_PASS, LOW_COST, TOWN_PASS, county_template, world  # noqa: F401
from test_county_escrow import NEW_PASS, STAFF_PASSWORD, county, two_keys  # noqa: F401

from fazhi_desktop.core import accounts
from fazhi_desktop.core.backup import create_backup, sealing
from fazhi_desktop.core.bundle import county_escrow
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import BundleError, keys_dir
from fazhi_desktop.core.errors import PermissionDenied


def test_a_damaged_backup_key_file_does_not_stop_a_new_passphrase_or_a_new_county_key(world, county):
    (keys_dir(county) / sealing.KEY_FILE).write_text("{not json", encoding="utf-8")
    keymod.change_passphrase(county, COUNTY_PASS, NEW_PASS)  # refused before: 备份密钥文件…已损坏
    keymod.unlock_county_keys(county, NEW_PASS)
    keymod.init_county_keys(county, "third-passphrase-2026", replace=True, cost=LOW_COST, old_passphrase=NEW_PASS)
    keymod.unlock_county_keys(county, "third-passphrase-2026")
    assert (keys_dir(county) / sealing.KEY_FILE).read_text(encoding="utf-8") == "{not json"  # left for a restore


def test_a_county_that_wants_no_copy_turns_it_off_and_the_code_then_opens_nothing(world, county, clock, tmp_path):
    folder = keys_dir(county)
    assert (folder / county_escrow.ESCROW).exists()
    assert county_escrow.set_kept(county, False)
    assert not (folder / county_escrow.ESCROW).exists()
    code = sealing.load_key(county.path).code
    keymod.unlock_county_keys(county, COUNTY_PASS)  # an import: not sealed again
    keymod.change_passphrase(county, COUNTY_PASS, NEW_PASS)  # 修改口令: nor with the new files
    create_backup(county.path, tmp_path / "usb", clock=clock)
    assert not (folder / county_escrow.ESCROW).exists()
    with pytest.raises(BundleError, match="本县已关闭用备份恢复码找回县级密钥口令"):
        county_escrow.reset_passphrase(county, code, "another-pass-2026")
    said = keymod.forgotten_passphrase(county)  # what 口令不对 says: 更换密钥, not the code
    assert county_escrow.BUTTON not in said and "更换密钥" in said
    events = [row["event"] for row in accounts.account_log(county, "admin")]
    assert county_escrow.ESCROW_OFF in events

    assert county_escrow.set_kept(county, True, NEW_PASS)  # sealed again
    county_escrow.reset_passphrase(county, code, "another-pass-2026")
    keymod.unlock_county_keys(county, "another-pass-2026")


def test_only_a_head_or_admin_turns_it_off(world, county):
    accounts.login(county, "马丽", STAFF_PASSWORD)
    with pytest.raises(PermissionDenied):
        county_escrow.set_kept(county, False)
    assert (keys_dir(county) / county_escrow.ESCROW).exists()


def test_the_manual_names_the_recovery_code_for_a_forgotten_county_passphrase():
    from fazhi_desktop.core import paths

    text = paths.resource("manual", "manual.md").read_text(encoding="utf-8")
    assert "程序不保存口令，也无法找回" not in text  # F1 said so while 忘记口令？… was one click away
    assert f"密钥与登记 → {county_escrow.BUTTON}**" in text and "fazhi keys escrow off" in text
