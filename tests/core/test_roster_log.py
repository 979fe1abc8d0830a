"""Roster changes have a history and a real author (review finding 6): a 主要负责同志's 到任/离任日期 and roles drive
T47 and go to the county, yet only the latest updated_by was kept, any role could change them, and the roster stored
whatever actor its caller passed (after `fazhi --user xiaoma demo` the rows said 演示数据)."""

from __future__ import annotations

import json

import pytest

from fazhi_desktop.core import accounts, people, roster_log
from fazhi_desktop.core.backup import create_backup, restore
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.demo import fill_demo
from fazhi_desktop.core.errors import AccountStopped, LoginFailed, ValidationError
from fazhi_desktop.core.store import Store

LEADER = "主要负责同志"
STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)


def entries(store: Store, person_id: str) -> list[tuple]:
    """(操作人, 操作, 状态, 说明, [(字段, 原值, 新值)]) of each entry, oldest first, as 历史… shows them."""
    return [(r.actor, r.action, r.status, r.reason, [(c.label, c.before, c.after) for c in r.changes])
            for r in roster_log.person_history(store, person_id)]


def test_each_change_is_logged_for_the_logged_in_user_whatever_actor_the_caller_passed(store, staff):
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    added = people.add_person(store, "别人", "马书记", roles=[LEADER], joined_on="2021-03-01", phone="13912345678")
    changed = people.update_person(store, added.id, "别人", "马书记", title="镇党委书记", roles=[LEADER],
                                   phone="13900001111", joined_on="2021-04-01")
    people.set_active(store, added.id, False, "别人", left_on="2026-03-15")
    people.set_active(store, added.id, True, "别人")
    assert entries(store, added.id) == [
        ("杨芳", "添加", "在用", None, [("姓名", "（空）", "马书记"), ("角色", "（空）", LEADER),
                                     ("联系电话", "（空）", "139****5678"), ("到任日期", "（空）", "2021-03-01")]),
        ("杨芳", "修改", "在用", None, [("职务", "（空）", "镇党委书记"), ("联系电话", "139****5678", "139****1111"),
                                     ("到任日期", "2021-03-01", "2021-04-01")]),
        ("杨芳", "停用", "已停用", None, [("离任日期", "（空）", "2026-03-15"), ("状态", "在用", "已停用")]),
        ("杨芳", "启用", "在用", None, [("离任日期", "2026-03-15", "（空）"), ("状态", "已停用", "在用")]),
    ]
    row = store.query("SELECT updated_by, revision FROM people WHERE id = ?", [added.id])[0]
    assert row == {"updated_by": "杨芳", "revision": 4} and changed.revision == 2
    assert [r.revision for r in roster_log.person_history(store, added.id)] == [1, 2, 3, 4]


def test_saving_a_person_unchanged_writes_nothing(store, staff):
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    p = people.add_person(store, "", "苏燕", title="司法助理员", roles=["调解员"])
    same = people.update_person(store, p.id, "", "苏燕", title=" 司法助理员 ", roles=["调解员"])
    assert same.revision == 1 and len(roster_log.person_history(store, p.id)) == 1


def test_with_accounts_nobody_logged_in_changes_the_roster(store, staff):
    """The actor a caller passed was stored as it came: a script naming anyone changed a leader's dates."""
    with pytest.raises(LoginFailed):
        people.add_person(store, "杨芳", "马书记", roles=[LEADER])
    assert people.list_people(store) == [] and store.query("SELECT * FROM roster_log") == []


def test_demo_data_names_the_logged_in_user_and_says_it_was_demo_data(store, staff):
    accounts.login(store, "admin", STAFF_PASSWORD)
    fill_demo(store, 2026, per_ledger=0, seed=1)
    assert {row["updated_by"] for row in store.query("SELECT updated_by FROM people")} == {"admin"}
    leader = next(p for p in people.list_people(store) if p.name == "马志刚")
    assert entries(store, leader.id)[0][:4] == ("admin（系统管理员）", "添加", "在用", "演示数据")


@pytest.fixture
def roster(store, staff):
    """马书记 (主要负责同志 since 2021) and 苏燕 (调解员), added by the 所长; the clerk 马丽 then logged in."""
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    ids = {p.name: p.id for p in (people.add_person(store, "", "马书记", roles=[LEADER], joined_on="2021-03-01"),
                                  people.add_person(store, "", "苏燕", roles=["调解员"]))}
    accounts.login(store, "马丽", STAFF_PASSWORD)
    return ids


def edit(store: Store, person_id: str, **changes):
    p = people.get_person(store, person_id)
    now = {"name": p.name, "title": p.title, "roles": list(p.roles), "phone": p.phone, "joined_on": p.joined_on,
           "left_on": p.left_on, "active": p.active, **changes}
    return people.update_person(store, person_id, "", **now)


CLERK_REFUSED = [  # what the clerk does to T47's people, the field refused
    (lambda s, i: people.add_person(s, "", "王新", roles=[LEADER], joined_on="2026-03-01"), "roles"),
    (lambda s, i: edit(s, i["马书记"], joined_on="2022-03-01"), "joined_on"),
    (lambda s, i: edit(s, i["马书记"], left_on="2026-05-01"), "left_on"),
    (lambda s, i: edit(s, i["马书记"], roles=[]), "roles"),
    (lambda s, i: edit(s, i["马书记"], name="马志刚"), "name"),
    (lambda s, i: edit(s, i["苏燕"], roles=["调解员", LEADER]), "roles"),
    (lambda s, i: people.set_active(s, i["马书记"], False, ""), "left_on"),
]


@pytest.mark.parametrize(("change", "field"), CLERK_REFUSED)
def test_a_clerk_may_not_change_who_t47_counts(store, roster, change, field):
    before = [(p.name, p.roles, p.joined_on, p.left_on, p.active, p.revision) for p in people.list_people(store)]
    with pytest.raises(ValidationError) as refused:
        change(store, roster)
    assert [(p.path, p.message) for p in refused.value.problems] == [(field, (
        "录入员无权登记或修改主要负责同志的任职（需要所长或管理员）：主要负责同志的姓名、角色、到任离任日期和停用启用"
        "决定“领导干部述法”的应述法人数，请所长修改"))]
    assert [(p.name, p.roles, p.joined_on, p.left_on, p.active, p.revision)
            for p in people.list_people(store)] == before
    assert len(store.query("SELECT * FROM roster_log")) == 2  # nothing logged either


def test_a_clerk_keeps_the_rest_of_the_roster_and_the_head_changes_a_leaders_tenure(store, roster):
    edit(store, roster["马书记"], title="镇党委书记", phone="13912345678")  # not what T47 counts
    edit(store, roster["苏燕"], roles=["调解员", "执法人员"], cert_no="宁640522-2024-0001", left_on="2026-05-01")
    people.add_person(store, "", "虎小平", roles=["调解员"])
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    edit(store, roster["马书记"], joined_on="2021-04-01")
    assert [(actor, action, changes) for actor, action, _, _, changes in entries(store, roster["马书记"])][1:] == [
        ("马丽", "修改", [("职务", "（空）", "镇党委书记"), ("联系电话", "（空）", "139****5678")]),
        ("杨芳", "修改", [("到任日期", "2021-03-01", "2021-04-01")])]


@pytest.mark.parametrize(("change", "refused"), [({"role": "clerk"}, "录入员无权登记或修改主要负责同志的任职"),
                                               ({"active": False}, "账户 杨芳 已被管理员停用")],
                         ids=["made_clerk", "stopped"])
def test_a_head_made_clerk_or_stopped_while_her_save_waits_adds_no_leader(store, staff, changed_meanwhile, change,
                                                                         refused):
    """The right was asked before the write waited for the lock: a 管理员's change committed meanwhile let her add
    a 主要负责同志 (T47 changed) with the role she no longer had."""
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    with changed_meanwhile("杨芳", **change), pytest.raises((ValidationError, AccountStopped), match=refused):
        people.add_person(store, "", "王新", roles=[LEADER], joined_on="2026-03-01")
    assert people.list_people(store) == [] and store.query("SELECT * FROM roster_log") == []


def test_an_entry_removed_behind_the_programs_back_fails_the_check(store, roster):
    assert check_database(store).ok and check_database(store).roster_checked == 2
    store.conn.execute("DELETE FROM roster_log WHERE id = 2")  # the newest: the head still names it
    store.conn.commit()
    assert check_database(store).problems == ["人员名册修改日志：最后的条目被删除（应到第 2 条，现在只到第 1 条）"]


def test_someone_in_the_roster_before_the_log_began_says_so(store, staff):
    """A database from before migration 019: its people have no entries until they are changed."""
    store.conn.execute("INSERT INTO people (id, name, roles, active, revision, updated_at, updated_by)"
                       " VALUES ('old', '田镇长', ?, 1, 3, '2025-04-01T02:00:00Z', '马文')", [json.dumps([LEADER])])
    store.conn.commit()
    assert roster_log.person_history(store, "old") == []
    assert roster_log.before_log(store, "old").startswith(
        "此人在本程序开始记录名册修改之前（升级前）已在名册中，此后没有修改：现为第 3 版，最后由 马文 于 ")
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    edit(store, "old", joined_on="2024-01-01")
    assert entries(store, "old") == [("杨芳", "修改", "在用", None, [("到任日期", "（空）", "2024-01-01")])]
    assert "第 3 版及以前的修改没有记录" in roster_log.before_log(store, "old")


def test_people_are_found_by_their_name_now_or_once(store, staff):
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    first = people.add_person(store, "", "马书记", roles=[LEADER], joined_on="2019-01-01", left_on="2024-12-31")
    second = people.add_person(store, "", "马书记", roles=[LEADER], joined_on="2026-03-01")
    renamed = people.add_person(store, "", "田振长", roles=["调解员"])
    edit(store, renamed.id, name="田镇长")
    assert roster_log.people_named(store, " 马书记 ") == [first.id, second.id]
    assert roster_log.people_named(store, "田振长") == roster_log.people_named(store, "田镇长") == [renamed.id]
    assert roster_log.people_named(store, "张三") == []


def test_a_restore_takes_the_roster_log_back_with_the_roster_it_describes(store, roster, tmp_path, clock):
    """The log is the roster's history, as the change log is the records': carried over a restore, it would say
    马书记 came on 2021-04-01 while the restored roster says 2021-03-01."""
    backup = create_backup(store.path, tmp_path / "usb", clock=clock).path
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    edit(store, roster["马书记"], joined_on="2021-04-01")
    store.close()
    clock.advance(hours=1)
    restore(store.path, backup, "admin", clock=clock)
    restored = Store.open(store.path)
    try:
        assert people.get_person(restored, roster["马书记"]).joined_on == "2021-03-01"
        assert [action for _, action, *_ in entries(restored, roster["马书记"])] == ["添加"]
        assert check_database(restored).ok
    finally:
        restored.close()
