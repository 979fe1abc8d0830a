# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""更换县级密钥 with the old passphrase forgotten. The key replaced stays in its file under that passphrase, which
nobody knows; its copy sealed to the backup key (county-recovery.age) was the one way left to it, and the
replacement sealed a new copy without it: bundles still encrypted to the old key, on sticks in townships that had
not taken the new key file, could not be opened even with the recovery code. Now the old key is sealed again with
the new one, the recovery code brings it back under a new passphrase, and when there is no such copy the technician
is told, before replacing, that those bundles are lost to the county."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import COUNTY_PASS, LOW_COST, TOWN_PASS, county_template, world  # noqa: F401
from test_county_escrow import NEW_PASS, county, two_keys  # noqa: F401

from fazhi_desktop.core.backup import sealing
from fazhi_desktop.core.bundle import county_escrow
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import keys_dir

THIRD_PASS = "di-san-ge-kouling-2026"
OLD_KEY_NOTE = "用本县旧密钥打开（乡镇还在用旧的县级公钥）"


def test_the_recovery_code_opens_bundles_still_encrypted_to_the_key_replaced_without_its_passphrase(
        world, county, valid_record):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    on_its_way = world.export(town).path  # encrypted to the county's key before the change
    said = county_escrow.replacing_forgotten(county)
    assert said.startswith("忘记了原口令：旧密钥仍在用备份恢复码另存的那一份中") and county_escrow.BUTTON in said

    world.replace_county_key(NEW_PASS, old=None)  # and an import session since: the copy kept the old key
    refused = world.import_(on_its_way)
    assert not refused.ok and "更换县级密钥" in "\n".join(refused.lines())
    keymod.change_passphrase(county, NEW_PASS, "yet-another-pass-2026")  # 修改口令 does not drop it either

    county_escrow.reset_passphrase(county, sealing.load_key(county.path).code, THIRD_PASS)
    world.keys = keymod.unlock_county_keys(county, THIRD_PASS)
    report = world.import_(on_its_way)
    assert report.ok and report.new == 1 and f"注意：{OLD_KEY_NOTE}" in "\n".join(report.lines())


@pytest.mark.parametrize(("without", "why"), [
    ("escrow off", "本县已关闭用备份恢复码找回县级密钥口令"),
    ("copy deleted", "本机没有用备份恢复码另存的县级密钥"),
    ("no backup key", "本县还没有备份恢复码"),
])
def test_without_a_copy_of_the_old_key_the_technician_is_told_those_bundles_are_lost(world, county, without, why):
    folder = keys_dir(county)
    if without == "escrow off":
        county_escrow.set_kept(county, False)
    elif without == "copy deleted":
        (folder / county_escrow.ESCROW).unlink()
    else:
        (folder / sealing.KEY_FILE).unlink()
    said = county_escrow.replacing_forgotten(county)
    assert said.startswith(f"忘记了原口令，{why}") and "旧密钥更换后就再也打不开了" in said
    assert "还没有导入的数据包将无法导入，须请乡镇添加新的县级公钥后重新导出" in said


def test_a_copy_of_an_earlier_key_is_not_taken_for_the_key_in_use(world, county):
    stale = (keys_dir(county) / county_escrow.ESCROW).read_bytes()
    world.replace_county_key(NEW_PASS)
    (keys_dir(county) / county_escrow.ESCROW).write_bytes(stale)  # the copy of the key before
    assert county_escrow.replacing_forgotten(county).startswith("忘记了原口令，用备份恢复码另存的是本县较早的县级密钥")
