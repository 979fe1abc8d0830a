"""修改口令: when someone who knew the key's passphrase leaves, the passphrase is changed without a new key: the
public key, the fingerprint and the county's enrolment stay; the old passphrase opens nothing any more."""

from __future__ import annotations

import pytest
from bundle_world import LOW_COST, TOWN_PASS

from fazhi_desktop.core import accounts
from fazhi_desktop.core.backup import create_backup, restore
from fazhi_desktop.core.backup.restoring import PASSPHRASE_KEPT
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import BundleError, keys_dir
from fazhi_desktop.core.errors import PermissionDenied
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store

STAFF_PASSWORD = "mima-2026"  # tests/conftest.py
NEW_PASS = "only-the-new-head-knows"


def test_the_new_passphrase_opens_the_same_key_and_the_old_one_nothing(store, staff):
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    key = keymod.init_township_key(store, TOWN_PASS, cost=LOW_COST)
    enrolment = key.enrolment()
    keymod.change_passphrase(store, TOWN_PASS, NEW_PASS)
    assert keymod.unlock_township_key(store, NEW_PASS).public == key.public
    with pytest.raises(BundleError, match="口令不对"):
        keymod.unlock_township_key(store, TOWN_PASS)
    after = keymod.township_key(store)
    assert after.fingerprint == key.fingerprint and after.enrolment() == enrolment  # nothing to enrol again
    logged = accounts.account_log(store, "杨芳")[0]
    assert logged["event"] == keymod.PASSPHRASE_CHANGED and NEW_PASS not in str(logged)


def test_a_wrong_old_passphrase_or_a_clerk_changes_nothing(store, staff):
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    keymod.init_township_key(store, TOWN_PASS, cost=LOW_COST)
    before = (keys_dir(store) / keymod.TOWNSHIP_SECRET).read_bytes()
    with pytest.raises(BundleError, match=r"口令不对.*更换密钥"):
        keymod.change_passphrase(store, "not-the-passphrase", NEW_PASS)
    with pytest.raises(BundleError, match="至少"):
        keymod.change_passphrase(store, TOWN_PASS, "short")
    with pytest.raises(BundleError, match="相同"):
        keymod.change_passphrase(store, TOWN_PASS, TOWN_PASS)
    accounts.login(store, "马丽", STAFF_PASSWORD)
    with pytest.raises(PermissionDenied):
        keymod.change_passphrase(store, TOWN_PASS, NEW_PASS)
    assert (keys_dir(store) / keymod.TOWNSHIP_SECRET).read_bytes() == before


def test_the_county_changes_the_passphrase_of_both_its_keys_together(tmp_path, ledgers, clock):
    county = init_database(tmp_path / "county.db", "640522", office="海原县司法局", county=True, ledgers=ledgers,
                           clock=clock)
    public = keymod.init_county_keys(county, "county-passphrase", cost=LOW_COST)
    keymod.change_passphrase(county, "county-passphrase", NEW_PASS)
    unlocked = keymod.unlock_county_keys(county, NEW_PASS)
    assert unlocked.public.fingerprint == public.fingerprint
    assert str(unlocked.identity.to_public()) == public.recipient
    with pytest.raises(BundleError, match="口令不对"):
        keymod.unlock_county_keys(county, "county-passphrase")
    county.close()


def test_a_restore_of_a_backup_from_before_the_change_keeps_the_new_passphrase(store, staff, valid_record, clock,
                                                                              tmp_path):
    """The backup carries the key file under the old passphrase: restored, it brought the leaver's passphrase back
    and the one the office now knows opened nothing (口令不对: 更换密钥 and enrolling again the only way on)."""
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    key = keymod.init_township_key(store, TOWN_PASS, cost=LOW_COST)
    store.save("meeting", valid_record("meeting"), "杨芳")
    before = create_backup(store.path, tmp_path / "usb", clock=clock).path
    keymod.change_passphrase(store, TOWN_PASS, NEW_PASS)
    store.close()
    said = restore(store.path, before, "杨芳", clock=clock).lines()
    assert any(PASSPHRASE_KEPT in line for line in said)
    again = Store.open(store.path)
    try:
        assert keymod.unlock_township_key(again, NEW_PASS).public == key.public
        with pytest.raises(BundleError, match="口令不对"):
            keymod.unlock_township_key(again, TOWN_PASS)
    finally:
        again.close()


def test_a_restore_of_the_county_keeps_both_files_under_the_new_passphrase(tmp_path, ledgers, clock):
    county = init_database(tmp_path / "county.db", "640522", office="海原县司法局", county=True, ledgers=ledgers,
                           clock=clock)
    keymod.init_county_keys(county, "county-passphrase", cost=LOW_COST)
    before = create_backup(county.path, tmp_path / "usb", clock=clock).path
    keymod.change_passphrase(county, "county-passphrase", NEW_PASS)
    county.close()
    restore(county.path, before, "县管理员", clock=clock)
    again = Store.open(county.path)
    try:
        keymod.unlock_county_keys(again, NEW_PASS)
    finally:
        again.close()


def test_a_restore_of_a_replaced_key_is_left_as_before(store, staff, valid_record, clock, tmp_path):
    """更换密钥 after the backup: another key, whose note the restore gives (key_notes.py); not this one's business."""
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    old = keymod.init_township_key(store, TOWN_PASS, cost=LOW_COST)
    store.save("meeting", valid_record("meeting"), "杨芳")
    before = create_backup(store.path, tmp_path / "usb", clock=clock).path
    keymod.init_township_key(store, NEW_PASS, replace=True, cost=LOW_COST)
    store.close()
    said = restore(store.path, before, "杨芳", clock=clock).lines()
    assert not any(PASSPHRASE_KEPT in line for line in said)
    again = Store.open(store.path)
    try:
        assert keymod.unlock_township_key(again, TOWN_PASS).public == old.public
    finally:
        again.close()
