# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""忘记县级密钥口令：用备份恢复码设新口令. Before, a forgotten county passphrase had one way on, 更换县级密钥: all the
townships took a new county key file, and bundles already on their way had to be exported again. Now the county's
keys are also kept sealed to the office's backup key, and the backup recovery code (with a 所长 or 管理员 logged in)
sets a new passphrase for the same keys."""

from __future__ import annotations

import sys
from pathlib import Path

import pyrage
import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import ACTOR, COUNTY_PASS, LOW_COST, TOWN_PASS, county_template, world  # noqa: F401

from fazhi_desktop.core import accounts
from fazhi_desktop.core.backup import create_backup, restore, sealing
from fazhi_desktop.core.backup.code_change import change_recovery_code
from fazhi_desktop.core.bundle import county_escrow
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.apply import import_bundle
from fazhi_desktop.core.bundle.common import BundleError, keys_dir
from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts
from fazhi_desktop.core.errors import PermissionDenied

STAFF_PASSWORD = "mima-2026"  # tests/conftest.py
NEW_PASS = "xin-kouling-2026"
MAKE_KEY = sealing.new_key  # the real one (tests get one key a session: conftest)


@pytest.fixture(scope="module")
def two_keys():
    """Two backup keys and codes, made once (scrypt): the first, and the one 更换恢复码 makes."""
    return [MAKE_KEY(), MAKE_KEY()]


@pytest.fixture
def county(world, monkeypatch, two_keys):
    """The world's county with keys made by this version (sealed to its backup key, made with them), its 管理员
    logged in, and a township that added its key file."""
    monkeypatch.setattr(sealing, "new_key", iter(two_keys).__next__)
    store = world.county
    for name in (keymod.COUNTY_IDENTITY, keymod.COUNTY_RECIPIENT, keymod.COUNTY_SECRET, keymod.COUNTY_PUBLIC):
        (keys_dir(store) / name).unlink()
    store.user = accounts.add_account(store, "admin", "系统管理员", "管理员", STAFF_PASSWORD, temporary=False)
    accounts.add_account(store, "马丽", None, "录入员", STAFF_PASSWORD, temporary=False)
    accounts.login(store, "admin", STAFF_PASSWORD)
    keymod.init_county_keys(store, COUNTY_PASS, cost=LOW_COST)
    world.keys, world.public = keymod.unlock_county_keys(store, COUNTY_PASS), keymod.county_public(store)
    return store


def key_files(store) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in keys_dir(store).iterdir()}


def test_the_code_sets_a_new_passphrase_and_a_bundle_on_its_way_imports_and_receipts_still_verify(
        world, county, valid_record):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    bundle = world.export(town).path  # encrypted to the county's key before the passphrase was forgotten
    fingerprint = world.public.fingerprint
    county_escrow.reset_passphrase(county, sealing.load_key(county.path).code.lower().replace("-", " "), NEW_PASS)

    with pytest.raises(BundleError, match="口令不对"):
        keymod.unlock_county_keys(county, COUNTY_PASS)
    keys = keymod.unlock_county_keys(county, NEW_PASS)
    assert keymod.county_public(county).fingerprint == fingerprint  # the townships' key file stays good
    assert import_bundle(county, bundle, keys, ACTOR).ok
    written = write_receipts(county, keys, town.usb, [town.code])  # signed with the same receipt key
    import_receipt(town.store, written[0].path, "杨芳")
    assert county_escrow.RESET in [row["event"] for row in accounts.account_log(county, "admin")]


def test_a_wrong_code_changes_nothing_and_is_noted(world, county):
    before = key_files(county)
    other = sealing.new_code()
    with pytest.raises(BundleError, match="备份恢复码不对"):
        county_escrow.reset_passphrase(county, other, NEW_PASS)
    with pytest.raises(BundleError, match="恢复码不对：恢复码应为 6 组"):
        county_escrow.reset_passphrase(county, "ABCD-1234", NEW_PASS)
    assert key_files(county) == before
    keymod.unlock_county_keys(county, COUNTY_PASS)  # the passphrase the office knows still opens them
    assert accounts.RECOVERY_WRONG in [row["event"] for row in accounts.account_log(county, "admin")]


def test_only_a_head_or_admin_may_and_a_clerk_is_refused(world, county):
    accounts.login(county, "马丽", STAFF_PASSWORD)
    with pytest.raises(PermissionDenied):
        county_escrow.reset_passphrase(county, sealing.load_key(county.path).code, NEW_PASS)
    keymod.unlock_county_keys(county, COUNTY_PASS)


def test_after_a_new_recovery_code_the_old_one_no_longer_works(world, county, two_keys):
    old = sealing.load_key(county.path).code
    new = change_recovery_code(county).code
    with pytest.raises(BundleError, match="备份恢复码不对"):
        county_escrow.reset_passphrase(county, old, NEW_PASS)
    sealed = (keys_dir(county) / county_escrow.ESCROW).read_bytes()
    with pytest.raises(pyrage.DecryptError):  # sealed again: the old backup key (the old code's) opens it no more
        pyrage.decrypt(sealed, [two_keys[0][0]])
    county_escrow.reset_passphrase(county, new, NEW_PASS)
    keymod.unlock_county_keys(county, NEW_PASS)


def test_an_older_county_backup_restored_after_a_new_code_takes_the_new_code_only(world, county, two_keys, clock,
                                                                                   tmp_path):
    older = create_backup(county.path, tmp_path / "usb", clock=clock).path
    old = sealing.load_key(county.path).code
    new = change_recovery_code(county).code
    county.close()
    restore(county.path, older, "admin", clock=clock)
    sealed = (sealing.keys_folder(county.path) / county_escrow.ESCROW).read_bytes()
    with pytest.raises(pyrage.DecryptError):  # the backup's copy, sealed to the old key, was sealed to the new one
        pyrage.decrypt(sealed, [two_keys[0][0]])
    from fazhi_desktop.core.store import Store

    store = Store.open(county.path)
    try:
        accounts.login(store, "admin", STAFF_PASSWORD)
        with pytest.raises(BundleError, match="备份恢复码不对"):
            county_escrow.reset_passphrase(store, old, NEW_PASS)
        county_escrow.reset_passphrase(store, new, NEW_PASS)
        keymod.unlock_county_keys(store, NEW_PASS)
    finally:
        store.close()


def test_keys_made_by_an_earlier_version_are_sealed_the_next_time_the_passphrase_opens_them(world, tmp_path, clock):
    store = world.county  # its keys copied in, as an earlier version made them: nothing sealed
    create_backup(store.path, tmp_path / "usb", clock=clock)  # the recovery code
    code = sealing.load_key(store.path).code
    with pytest.raises(BundleError, match="没有用备份恢复码保存的县级密钥"):
        county_escrow.reset_passphrase(store, code, NEW_PASS)
    keymod.unlock_county_keys(store, COUNTY_PASS)  # an import or a receipt: sealed now
    county_escrow.reset_passphrase(store, code, NEW_PASS)
    keymod.unlock_county_keys(store, NEW_PASS)


def test_a_township_has_no_such_way_and_keeps_no_sealed_key(world, tmp_path, clock):
    town = world.town()
    create_backup(town.store.path, tmp_path / "usb", clock=clock)
    with pytest.raises(BundleError, match="乡镇的签名密钥不能用备份恢复码找回"):
        county_escrow.reset_passphrase(town.store, sealing.load_key(town.store.path).code, NEW_PASS)
    assert not (keys_dir(town.store) / county_escrow.ESCROW).exists()
    keymod.change_passphrase(town.store, TOWN_PASS, NEW_PASS)
    assert not (keys_dir(town.store) / county_escrow.ESCROW).exists()


def test_after_a_key_replacement_the_code_also_brings_back_the_old_key_for_bundles_still_sent_to_it(
        world, county, valid_record):
    town = world.town()  # keeps the county's first key file
    world.replace_county_key("second-passphrase-2026")  # the first key kept, under the new passphrase
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    bundle = world.export(town).path  # still encrypted to the first key
    county_escrow.reset_passphrase(county, sealing.load_key(county.path).code, NEW_PASS)
    report = import_bundle(county, bundle, keymod.unlock_county_keys(county, NEW_PASS), ACTOR)
    assert report.ok
