"""修改口令: when someone who knew the key's passphrase leaves, the passphrase is changed without a new key: the
public key, the fingerprint and the county's enrolment stay; the old passphrase opens nothing any more."""

from __future__ import annotations

import pytest
from bundle_world import LOW_COST, TOWN_PASS

from fazhi_desktop.core import accounts
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import BundleError, keys_dir
from fazhi_desktop.core.errors import PermissionDenied
from fazhi_desktop.core.setup import init_database

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
