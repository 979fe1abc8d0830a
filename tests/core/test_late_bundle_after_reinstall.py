# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The old PC's last stick arrives after the township re-installed and its new key was enrolled (the old one revoked
as 更换). The refusal told the reviewer "请乡镇用它重新导出，未确认的变更会重新发送": the new install is a new
database without those changes, so the records were lost without a word. It now says so, and what to enter again."""

from __future__ import annotations

from bundle_world import LOW_COST, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import keys as keymod


def test_a_late_bundle_of_a_reinstalled_townships_old_pc_says_its_changes_are_entered_again(world, valid_record):
    town = world.town("640522104")
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    world.import_(world.export(town).path)
    world.clock.advance(days=7)
    town.store.save("meeting", valid_record("meeting", title="旧电脑上的最后一次会议"), "杨芳")
    late = world.export(town).path  # on a stick still in the drawer
    new = world.reinstall("640522104")
    new.store.save("meeting", valid_record("meeting", title="新电脑上的会议"), "杨芳")
    world.import_(world.export(new).path)

    error = world.import_(late).error
    key = keymod.township_key(new.store).public.key_id_hex
    assert "请乡镇用它重新导出" not in error and "未确认的变更会重新发送" not in error
    assert f"这把密钥是该乡镇重装前的电脑用的，乡镇重装后已换用密钥 {key}" in error
    assert "这个数据包里的变更新安装中没有，乡镇重新导出也带不来。" in error
    assert ("县里收到的重装前的最后一个数据包是第 1 号（乡镇 2026-06-01 制作）。此后在旧电脑上登记或修改的记录，"
            "请乡镇按纸质材料在新安装中补录后导出报送") in error


def test_before_the_new_key_sent_anything_both_cases_are_said(world, valid_record):
    """Enrolled, the new key has sent nothing: a key replaced in the same database and a new install's read alike
    to the county. The refusal said 请乡镇用它重新导出 alone, which a new install cannot do: now what each does."""
    town = world.town("640522104")
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    world.import_(world.export(town).path)
    town.store.save("meeting", valid_record("meeting", title="换密钥前导出的"), "杨芳")
    late = world.export(town).path
    new = world.reinstall("640522104")  # only its key enrolled (replacing the old): nothing sent from it yet
    error = world.import_(late).error
    assert f"该乡镇现用密钥 {keymod.township_key(new.store).public.key_id_hex}" in error and "重装前的电脑" not in error
    assert "还没有报送过数据包：只是更换了密钥（如忘记口令）的，请乡镇用它重新导出，未确认的变更会重新发送" in error
    assert ("乡镇如是重装了电脑（新设置的数据库），这个数据包里的变更新安装中没有，重新导出也带不来："
            "请乡镇按纸质材料在新安装中补录后导出报送") in error


def test_a_key_replaced_in_the_same_database_that_sent_since_says_to_export_again(world, valid_record):
    town = world.town("640522104")
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    world.import_(world.export(town).path)
    late = world.export(town, full=True).path  # made under the old key
    keymod.init_township_key(town.store, "new-pass-2026", replace=True, cost=LOW_COST)
    keymod.enrol(world.county, keymod.township_key(town.store), "田敏", replace=True)
    town.signer = keymod.unlock_township_key(town.store, "new-pass-2026")
    world.import_(world.export(town).path)
    error = world.import_(late).error
    assert "吊销" in error and "请乡镇用它重新导出，未确认的变更会重新发送" in error and "重装" not in error
