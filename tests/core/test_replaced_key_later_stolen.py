# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""Enrolling a township's new key with --replace revoked its old key without a reason, though the reason is known:
更换. And when the county learnt afterwards that the old PC had been stolen (the township re-installed and
re-enrolled first), a key recorded as 更换 could not be recorded as 被盗: the bundle the thief signed and the county
imported stayed unflagged. Now the replaced key is recorded as 更换, and 更换 may be recorded as 被盗 or 丢失 once;
nothing else recorded changes."""

from __future__ import annotations

from datetime import date

import pytest
from bundle_world import ACTOR, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core import accounts
from fazhi_desktop.core.backup import create_backup, restore
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle import revocation
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.bundle.exchanges import received_bundles
from fazhi_desktop.core.store import Store

HAICHENG = "640522100"


@pytest.fixture
def stolen_then_replaced(world, valid_record):
    """第1号 imported on 2026-06-01; the PC stolen on 2026-06-03 and the thief's 第2号 imported on 2026-06-04; the
    township re-installs and its new key is enrolled with --replace on 2026-06-05. Returns (old key, thief's late
    bundle, the township as re-installed)."""
    town = world.town(HAICHENG)
    town.store.save("meeting", valid_record("meeting", title="一月的会议"), "杨芳")
    assert world.import_(world.export(town).path).ok
    world.clock.advance(days=2)  # stolen
    town.store.save("meeting", valid_record("meeting", title="盗窃者伪造的会议"), "杨芳")
    assert world.import_(world.export(town).path).ok  # nobody knows yet
    town.store.save("meeting", valid_record("meeting", title="又一个伪造的会议"), "杨芳")
    late = world.export(town).path
    world.clock.advance(days=2)
    world.reinstall(HAICHENG)
    old = keymod.enrolled_key(world.county, town.signer.public.key_id_hex)
    assert old.revoked_reason == "更换"  # (test_enrolling_the_new_key_records_the_old_one_as_replaced)
    return old, late


def test_enrolling_the_new_key_records_the_old_one_as_replaced(world, stolen_then_replaced):
    old, _late = stolen_then_replaced
    assert (old.revoked_reason, old.untrusted_since) == (keymod.REASON_REPLACED, None) == ("更换", None)
    assert revocation.recorded(old) == "更换"


def test_a_replaced_key_found_stolen_flags_the_thiefs_bundle(world, stolen_then_replaced):
    old, late = stolen_then_replaced
    assert [b.untrusted for b in received_bundles(world.county, HAICHENG)] == ["", ""]
    now = revocation.add_reason(world.county, old, "被盗", date(2026, 6, 3))
    assert (now.revoked_reason, revocation.recorded(now)) == ("被盗", "被盗（自 2026-06-03 起不信任）")
    assert keymod.enrolled_key(world.county, old.key_id).untrusted_since == "2026-06-02T16:00:00Z"
    flags = {b.sequence: b.untrusted for b in received_bundles(world.county, HAICHENG)}
    assert flags[1] == ""  # imported before the theft
    assert flags[2].startswith("签名密钥已因被盗吊销（自 2026-06-03 起不信任），本数据包是其后导入的")
    refused = world.import_(late)  # the thief's next one: told as a stolen key's, not "send it again"
    assert not refused.ok and "这把密钥因被盗吊销（自 2026-06-03 起不信任）" in refused.error


def test_the_day_is_asked_not_taken_from_the_revocation_and_the_change_is_logged_as_such(world,
                                                                                        stolen_then_replaced):
    """The day defaulted to the revocation's (2026-06-05), as for a reason 补记ed, which the revoker knew: but the
    theft was not known at the 更换, and the thief's 第2号, imported on 2026-06-03, stayed unflagged under a
    "被盗（自 2026-06-05 起不信任）" that looked done."""
    old, _late = stolen_then_replaced
    accounts.add_account(world.county, "admin", None, "admin", "admin-pass-2026")
    accounts.login(world.county, "admin", "admin-pass-2026")
    with pytest.raises(BundleError, match=r"改记为丢失须给出电脑或U盘丢失的那天.*2026-06-05 因更换吊销时还不知道丢失"):
        revocation.add_reason(world.county, old, "丢失")
    assert keymod.enrolled_key(world.county, old.key_id).revoked_reason == "更换"
    now = revocation.add_reason(world.county, old, "丢失", date(2026, 6, 3))
    assert revocation.recorded(now) == "丢失（自 2026-06-03 起不信任）"
    assert received_bundles(world.county, HAICHENG, 2)[0].untrusted.startswith("签名密钥已因丢失吊销")
    events = [e["event"] for e in accounts.account_log(world.county, "admin")]
    assert f"改记密钥吊销原因：海城镇（640522100）密钥 {old.key_id}，由更换改为丢失（自 2026-06-03 起不信任）" in events


def test_a_replaced_key_stays_replaced_and_a_stolen_one_stays_stolen(world, stolen_then_replaced):
    old, _late = stolen_then_replaced
    with pytest.raises(BundleError, match=f"密钥 {old.key_id} 于 2026-06-05 吊销，原因：更换，只能改记为被盗或丢失"):
        revocation.add_reason(world.county, old, "更换")
    stolen = revocation.add_reason(world.county, old, "被盗", date(2026, 6, 3))
    for reason in ("丢失", "更换", "被盗"):
        with pytest.raises(BundleError, match=r"原因：被盗（自 2026-06-03 起不信任），已记录的原因不能更改；未改动"):
            revocation.add_reason(world.county, stolen, reason)
    assert revocation.recorded(keymod.enrolled_key(world.county, old.key_id)) == "被盗（自 2026-06-03 起不信任）"


def test_a_change_made_meanwhile_in_another_window_is_not_overwritten(world, stolen_then_replaced):
    old, _late = stolen_then_replaced  # read as 更换 by two windows
    revocation.add_reason(world.county, old, "丢失", date(2026, 6, 4))
    with pytest.raises(BundleError, match="刚在别处（另一个窗口或另一台电脑）有了记录，现在的原因：丢失"):
        revocation.add_reason(world.county, old, "被盗", date(2026, 6, 3))
    assert keymod.enrolled_key(world.county, old.key_id).revoked_reason == "丢失"


def test_the_rule_of_what_may_still_be_recorded():
    assert keymod.reasons_left(None) == ("被盗", "丢失", "更换")
    assert keymod.reasons_left("更换") == ("被盗", "丢失")
    assert keymod.reasons_left("被盗") == keymod.reasons_left("丢失") == ()


def test_a_restore_keeps_a_replaced_key_found_stolen_since_the_backup(world, stolen_then_replaced, clock, tmp_path):
    old, _late = stolen_then_replaced
    backup = create_backup(world.county.path, tmp_path / "usb-county", clock=clock).path  # holds it as 更换
    revocation.add_reason(world.county, old, "被盗", date(2026, 6, 3))
    world.county.close()
    clock.advance(hours=1)
    restore(world.county.path, backup, "admin", clock=clock)
    world.county = Store.open(world.county.path, world.ledgers, clock)
    assert revocation.recorded(keymod.enrolled_key(world.county, old.key_id)) == "被盗（自 2026-06-03 起不信任）"
    assert received_bundles(world.county, HAICHENG, 2)[0].untrusted.startswith("签名密钥已因被盗吊销")
