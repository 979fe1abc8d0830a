# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The township re-installed and brought its new enrolment file and the old PC's last stick together; the county
enrolled the new key first, then imported the stick. Refused (signed by the key just replaced), the reviewer was told
only 请乡镇用它重新导出，未确认的变更会重新发送: right for a key replaced in the same database, wrong for a new install,
which has none of those changes. Until the new key sends its first bundle the county cannot tell the two apart (as
密钥与登记 says on enrolling it), so the refusal now says what each case does."""

from __future__ import annotations

from bundle_world import LOW_COST, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import keys as keymod


def test_a_late_bundle_before_the_new_key_sent_anything_says_what_a_new_install_does(world, valid_record):
    town = world.town("640522104")
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    world.import_(world.export(town).path)
    town.store.save("meeting", valid_record("meeting", title="旧电脑上的最后一次会议"), "杨芳")
    late = world.export(town).path
    new = world.reinstall("640522104")  # enrolled, nothing sent from it yet

    error = world.import_(late).error
    assert f"该乡镇现用密钥 {keymod.township_key(new.store).public.key_id_hex}" in error
    assert "只是更换了密钥（如忘记口令）的，请乡镇用它重新导出，未确认的变更会重新发送" in error
    assert ("乡镇如是重装了电脑（新设置的数据库），这个数据包里的变更新安装中没有，重新导出也带不来："
            "请乡镇按纸质材料在新安装中补录后导出报送") in error


def test_once_the_new_key_has_sent_a_bundle_of_the_same_database_export_again_is_said_alone(world, valid_record):
    town = world.town("640522104")
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    world.import_(world.export(town).path)
    late = world.export(town, full=True).path  # made under the old key
    old_id = keymod.township_key(town.store).public.key_id_hex
    keymod.init_township_key(town.store, "new-pass-2026", replace=True, cost=LOW_COST)
    keymod.enrol(world.county, keymod.township_key(town.store), "田敏", replace=True)
    town.signer = keymod.unlock_township_key(town.store, "new-pass-2026")
    world.import_(world.export(town).path)
    error = world.import_(late).error
    assert f"签名密钥 {old_id}" in error and "吊销" in error
    assert "请乡镇用它重新导出，未确认的变更会重新发送" in error and "重装" not in error
