# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""帮助 → 第一次使用: the steps from setup to the first bundle at the county, read from what the database holds."""

from __future__ import annotations

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.first_steps import DONE, TO_DO, UNKNOWN, first_steps
from fazhi_desktop.core.setup import init_database


def states(store) -> list[str]:
    return [step.state for step in first_steps(store)]


def test_a_new_township_has_everything_but_its_key_before_it(tmp_path, ledgers, clock):
    store = init_database(tmp_path / "t.db", "640522101", operator="马小花", ledgers=ledgers, clock=clock)
    try:
        steps = first_steps(store)
        assert [s.state for s in steps] == [TO_DO, TO_DO, TO_DO, TO_DO, UNKNOWN, TO_DO, TO_DO, TO_DO, TO_DO]
        assert "县级公钥" in steps[3].what and steps[3].where == "数据交换 → 密钥与登记 → 从文件添加县级公钥"
        # a township that re-installed imports the county's receipt before numbering anything
        assert "先导入县里为新安装写的回执，再登记台账" in steps[4].what and steps[4].where == "数据交换 → 导入县级回执"
    finally:
        store.close()


def test_the_township_steps_are_done_as_the_first_exchange_goes(world, valid_record):
    town = world.town()  # its key made, the county key added, enrolled at the county
    assert states(town.store)[3:5] + states(town.store)[6:] == [DONE, UNKNOWN, TO_DO, TO_DO, TO_DO]
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    bundle = world.export(town)
    assert states(town.store)[3:5] + states(town.store)[6:] == [DONE, UNKNOWN, DONE, DONE, TO_DO]
    county = first_steps(world.county)
    assert county[3].detail.startswith("已登记 1 / 18 个乡镇；未登记：海城街道、李旺镇、")
    assert county[4].detail == "已收到 0 / 18 个乡镇的数据包"
    world.import_(bundle.path)
    world.receipt(town)
    assert states(town.store)[2:5] + states(town.store)[6:] == [DONE] * 6  # the receipt says the county enrolled it
    county = first_steps(world.county)
    assert county[4].detail == "已收到 1 / 18 个乡镇的数据包" and county[5].state == DONE


def test_a_new_install_that_imported_its_receipt_knows_its_key_is_enrolled(world, valid_record):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    world.import_(world.export(town).path)
    new = world.reinstall()  # its key enrolled with 替换; the receipt for it confirms nothing and carries the numbers
    world.receipt(new)
    steps = first_steps(new.store)
    assert (steps[2].state, steps[2].detail) == (DONE, "已收到县里的回执：县里已登记本所密钥")
    assert steps[4].state == DONE and steps[-1].state == TO_DO  # no bundle of its own acknowledged yet


@pytest.mark.parametrize(("county", "second", "before", "after"), [
    (False, "所长", "现有：管理员 1、所长 1、录入员 0", "现有：管理员 1、所长 1、录入员 1"),
    (True, "管理员", "现有：管理员 2、所长 0、录入员 0", "现有：管理员 2、所长 0、录入员 1"),  # the bureau's staff
])
def test_the_accounts_step_wants_the_roles_not_two_accounts(tmp_path, ledgers, clock, county, second, before, after):
    from fazhi_desktop.core import accounts

    store = init_database(tmp_path / "t.db", "640522" if county else "640522101", county=county, operator="马小花",
                          ledgers=ledgers, clock=clock)
    try:
        store.user = accounts.add_account(store, "admin", None, "管理员", "mima-2026")
        accounts.add_account(store, "杨芳", None, second, "mima-2026")
        step = first_steps(store)[0]
        assert (step.state, step.detail) == (TO_DO, before)
        accounts.add_account(store, "马丽", None, "录入员", "mima-2026")
        step = first_steps(store)[0]
        assert (step.state, step.detail) == (DONE, after)
    finally:
        store.close()


def test_the_roster_step_is_done_with_a_leader_in_use(tmp_path, ledgers, clock):
    from fazhi_desktop.core import people

    store = init_database(tmp_path / "t.db", "640522101", operator="马小花", ledgers=ledgers, clock=clock)
    try:
        def roster():
            return next(step for step in first_steps(store) if "人员名册" in step.what)

        assert roster().where == "左侧“人员名册”页" and roster().state == TO_DO
        people.add_person(store, "马小花", "李明", roles=["执法人员"], cert_no="64052200123")
        leader = people.add_person(store, "马小花", "马志刚", title="党委书记", roles=["主要负责同志"],
                                   joined_on="2024-03-01")
        assert (roster().state, roster().detail) == (DONE, "在任：主要负责同志 1、司法所所长 0、执法人员 1、调解员 0")
        people.set_active(store, leader.id, False, "马小花", left_on="2026-01-31")  # moved on: nobody in post
        assert roster().state == TO_DO
    finally:
        store.close()


def test_the_backup_step_wants_a_stick_and_the_code_written_down(tmp_path, ledgers, clock):
    from fazhi_desktop.core.backup.config import default_folder, load_settings, save_settings
    from fazhi_desktop.core.backup.sealing import ensure_key, mark_code_shown

    path = tmp_path / "t.db"
    store = init_database(path, "640522101", operator="马小花", ledgers=ledgers, clock=clock)
    try:
        def backup():
            return next(step for step in first_steps(store) if "备份恢复码" in step.what)

        assert backup().where == "“设置”页的“备份”一栏" and backup().state == TO_DO
        settings = load_settings(path)
        settings.folder = str(default_folder(path))  # the folder beside the database, chosen: no stick
        save_settings(path, settings)
        ensure_key(path)  # the first backup made the code; nobody has been shown it yet
        assert backup().state == TO_DO and backup().detail.startswith("备份仍在数据库旁的文件夹")
        (tmp_path / "stick").mkdir()
        settings.folder = str(tmp_path / "stick")
        save_settings(path, settings)
        assert backup().state == TO_DO and "恢复码尚未显示" in backup().detail
        mark_code_shown(path)
        assert (backup().state, backup().detail) == (DONE, f"备份文件夹：{tmp_path / 'stick'}；恢复码已抄下")
    finally:
        store.close()


def test_the_county_backs_up_to_a_stick_and_writes_its_key_file_first(tmp_path, ledgers, clock):
    """The county's key and every township's records sit on one disk: its list asked for no backup stick and no
    recovery code, and said 无法自动判断 of its key file before and after it was written."""
    from fazhi_desktop.core.bundle import keys

    store = init_database(tmp_path / "county.db", "640522", county=True, operator="马文", ledgers=ledgers,
                          clock=clock)
    try:
        keys.init_county_keys(store, "xian-2026-key", cost=(1 << 10, 1 << 20))
        steps = first_steps(store)
        backup = steps[1]
        assert "抄下备份恢复码" in backup.what and backup.where == "“设置”页的“备份”一栏" and backup.state == TO_DO
        key_file = steps[2]
        assert "写出县级公钥文件" in key_file.what and (key_file.state, key_file.detail) == (TO_DO, "尚未写出")
        keys.write_county_public(store, tmp_path / "县级公钥-640522.txt")
        key_file = first_steps(store)[2]
        assert (key_file.state, key_file.detail) == (UNKNOWN, "已写出；各乡镇是否都已添加，收到其数据包时才知道")
        assert first_steps(store)[3].detail == "已登记 0 / 18 个乡镇"  # not all eighteen named
    finally:
        store.close()


def test_a_county_key_made_after_the_last_backup_undoes_the_backup_step(tmp_path, ledgers, clock):
    """更换县级密钥 after the backups were set up: the stick held the old key only, and a dead disk then lost the key
    every township encrypts to. The step read 已完成 all the same; it now says to back up until a backup holds it."""
    from fazhi_desktop.core.backup import create_backup
    from fazhi_desktop.core.backup.config import load_settings, save_settings
    from fazhi_desktop.core.backup.sealing import mark_code_shown
    from fazhi_desktop.core.bundle import keys

    path = tmp_path / "county.db"
    store = init_database(path, "640522", county=True, operator="马文", ledgers=ledgers, clock=clock)
    try:
        def backup():
            return next(step for step in first_steps(store) if "备份恢复码" in step.what)

        keys.init_county_keys(store, "xian-2026-key", cost=(1 << 10, 1 << 20))
        (tmp_path / "stick").mkdir()
        settings = load_settings(path)
        settings.folder = str(tmp_path / "stick")
        save_settings(path, settings)
        assert "之后本机还没有做过备份" in backup().detail  # made with the database: no backup yet
        clock.advance(minutes=5)
        create_backup(path, clock=clock)
        mark_code_shown(path)
        assert backup().state == DONE
        clock.advance(days=30)
        keys.init_county_keys(store, "xian-2026-new", replace=True, old_passphrase="xian-2026-key",
                              cost=(1 << 10, 1 << 20))
        assert backup().state == TO_DO
        assert backup().detail.endswith("之后本机还没有做过备份：请立即备份") and "县级密钥（" in backup().detail
        clock.advance(minutes=5)
        create_backup(path, clock=clock)
        assert (backup().state, backup().detail) == (DONE, f"备份文件夹：{tmp_path / 'stick'}；恢复码已抄下")
    finally:
        store.close()
