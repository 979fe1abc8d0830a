"""An account's role and 姓名 change (a 录入员 promoted to 所长, a 管理员 made by mistake, a name typed wrong) instead
of the account being stopped and replaced under a second user name: 管理员 only, the last 管理员 in use stays one,
the account log says old → new, an open window takes the new role at its next action, a restore keeps it."""

from __future__ import annotations

import logging

import pytest
import review_steps

from fazhi_desktop.core import accounts, reveals
from fazhi_desktop.core.backup import create_backup, restore
from fazhi_desktop.core.errors import PermissionDenied, ValidationError
from fazhi_desktop.core.history import record_history
from fazhi_desktop.core.store import Store

STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)


def logged_in(store: Store, name: str) -> Store:
    """Another window (or PC) on the same database, `name` logged in."""
    window = Store.open(store.path, ledgers=store.ledgers, clock=store.clock)
    accounts.login(window, name, STAFF_PASSWORD)
    return window


def events(store: Store, name: str) -> list[tuple[str, str]]:
    return [(e["event"], e["actor"]) for e in accounts.account_log(store, name)]


def test_a_clerk_promoted_to_head_keeps_her_user_name_and_may_review_at_once(store, staff, valid_record):
    clerk = logged_in(store, "马丽")
    case = clerk.save("mediation_case", valid_record("mediation_case"), "马丽")
    with pytest.raises(PermissionDenied, match="录入员无权审核记录"):
        clerk.permit("record.review")
    store.user = staff["admin"]
    assert accounts.change_account(store, "马丽", role="所长") == ["修改角色：录入员 → 所长"]
    assert accounts.get_account(store, "马丽").role_label == "所长"
    assert events(store, "马丽")[0] == ("修改角色：录入员 → 所长", "admin")
    clerk.permit("record.review")  # her open window: the next action asks, and may
    assert clerk.user.role_label == "所长"
    assert accounts.login(store, "马丽", STAFF_PASSWORD).role == "head"  # one account, one name, before and after
    assert [r.actor for r in record_history(store, case.id)] == ["马丽"]
    clerk.close()


def test_a_head_made_clerk_loses_the_heads_rights_in_her_open_window(store, staff, valid_record):
    """A 所长 demoted while her window was open kept reviewing and showing full ID numbers until she logged out."""
    head = logged_in(store, "杨芳")
    party = {"role": "申请人", "party_type": "自然人", "name": "马某", "id_number": "640522196103231939"}
    case = head.save("mediation_case", valid_record("mediation_case", parties=[party]), "杨芳")
    told = []
    head.on_account_changed = lambda before: told.append((before.role_label, head.user.role_label))
    store.user = staff["admin"]
    accounts.change_account(store, "杨芳", role="录入员")
    with pytest.raises(PermissionDenied, match="录入员无权显示完整的身份证号和电话"):
        reveals.note_reveals(head, [case], "打印预览")
    with pytest.raises(PermissionDenied, match="录入员无权审核记录"):
        head.permit("record.review")
    assert told == [("所长", "录入员")]  # once: the window is told, to disable what she may no longer do
    head.close()


def test_the_last_administrator_in_use_cannot_be_given_another_role(store, staff):
    store.user = staff["admin"]
    with pytest.raises(ValidationError, match="这是唯一在用的管理员账户，不能改为其他角色"):
        accounts.change_account(store, "admin", role="所长")
    assert accounts.get_account(store, "admin").role == "admin"
    accounts.change_account(store, "杨芳", role="管理员")  # another 管理员: now the first may step down
    accounts.change_account(store, "admin", role="录入员")
    assert store.user.role_label == "录入员"  # this window follows its own change at once
    with pytest.raises(PermissionDenied, match="录入员无权管理账户"):
        accounts.change_account(store, "admin", role="管理员")
    assert [u.name for u in accounts.list_accounts(store) if u.role == "admin"] == ["杨芳"]


def test_a_stopped_administrator_does_not_count_as_the_one_in_use(store, staff):
    store.user = staff["admin"]
    accounts.add_account(store, "王新", None, "管理员", STAFF_PASSWORD)
    accounts.set_active(store, "王新", False)
    with pytest.raises(ValidationError, match="唯一在用的管理员"):
        accounts.change_account(store, "admin", role="所长")
    accounts.change_account(store, "王新", role="录入员")  # the stopped one may be demoted: one is still in use
    assert accounts.get_account(store, "王新").role == "clerk"


def test_only_an_administrator_changes_roles_and_names(store, staff):
    head = logged_in(store, "杨芳")
    for change in (dict(role="管理员"), dict(display_name="杨芳芳")):
        with pytest.raises(PermissionDenied, match="所长无权管理账户"):
            accounts.change_account(head, "杨芳", **change)
    assert accounts.get_account(store, "杨芳").role == "head" and events(store, "杨芳")[0][0] == "登录"
    head.close()


def test_a_name_typed_wrong_is_corrected_and_the_history_keeps_the_user_name(store, staff, valid_record):
    store.user = staff["clerk"]
    meeting = store.save("meeting", valid_record("meeting"), "马丽")
    store.user = staff["admin"]
    assert accounts.change_account(store, "马丽", display_name=" 马丽娟 ") == ["修改姓名：马丽 → 马丽娟"]
    assert accounts.get_account(store, "马丽").label == "马丽娟（录入员）"
    assert store.get(meeting.id).created_by == "马丽"  # what printed documents name: the user name
    assert [r.actor for r in record_history(store, meeting.id)] == ["马丽（马丽娟）"]
    assert accounts.change_account(store, "马丽", display_name="马丽娟", role="录入员") == []  # nothing to change
    assert events(store, "马丽")[0] == ("修改姓名：马丽 → 马丽娟", "admin")


@pytest.mark.parametrize(("change", "field", "said"), [
    (dict(display_name="   "), "姓名", "必填"),
    (dict(display_name="马丽\n娟"), "姓名", "控制字符"),
    (dict(display_name="马" * 33), "姓名", "最多32个字符"),
    (dict(role="组长"), "角色", "没有“组长”这个角色"),
])
def test_a_refused_change_names_the_field_and_changes_nothing(store, staff, change, field, said):
    store.user = staff["admin"]
    with pytest.raises(ValidationError) as refused:
        accounts.change_account(store, "马丽", **change)
    assert refused.value.problems[0].label == field and said in refused.value.problems[0].message
    assert accounts.get_account(store, "马丽") == staff["clerk"]


def test_a_role_and_a_name_change_together_or_not_at_all(store, staff):
    store.user = staff["admin"]
    with pytest.raises(ValidationError, match="唯一在用的管理员"):
        accounts.change_account(store, "admin", display_name="王管理", role="所长")
    assert accounts.get_account(store, "admin").display_name == "系统管理员"  # the name not changed either
    assert events(store, "admin")[0][0] == "创建（管理员）"


def test_the_log_file_names_no_one_whose_name_was_changed(store, staff, caplog):
    store.user = staff["admin"]
    with caplog.at_level(logging.DEBUG):
        accounts.change_account(store, "马丽", display_name="马丽娟", role="所长")
    assert "account changed: 修改姓名" in caplog.text and "马丽" not in caplog.text


def test_a_role_changed_after_the_backup_stays_changed_by_a_restore(store, staff, tmp_path):
    backup = create_backup(store.path, tmp_path / "usb").path
    store.user = staff["admin"]
    accounts.change_account(store, "杨芳", role="录入员", display_name="杨芳芳")
    store.close()
    lines = "\n".join(restore(store.path, backup, "admin").lines())
    assert "账户保持恢复前的状态，备份之后的改动没有撤销：杨芳（角色为录入员、姓名为杨芳芳）" in lines
    restored = Store.open(store.path)
    try:
        user = accounts.login(restored, "杨芳", STAFF_PASSWORD)
        assert user.label == "杨芳芳（录入员）"
        with pytest.raises(PermissionDenied, match="录入员无权审核记录"):
            restored.permit("record.review")
        assert events(restored, "杨芳")[1] == ("修改角色：所长 → 录入员", "admin")  # carried with the account log
    finally:
        restored.close()


def test_a_head_demoted_or_stopped_meanwhile_can_neither_review_nor_replace_the_key(store, staff, valid_record):
    """审核通过 from the open editor and 更换密钥 asked the role saved at login (the code review found a demoted 所长
    could still review and lock one record, and a stopped one replace the signing key)."""
    from fazhi_desktop.core import review
    from fazhi_desktop.core.bundle import keys
    from fazhi_desktop.core.errors import AccountStopped

    clerk = logged_in(store, "马丽")
    record = review_steps.submit(clerk, clerk.save("meeting", valid_record("meeting"), "马丽").id)
    head = logged_in(store, "杨芳")
    store.user = staff["admin"]
    accounts.change_account(store, "杨芳", role="录入员")
    with pytest.raises(PermissionDenied, match="录入员无权"):
        review.apply(head, record.id, "review")
    assert store.get(record.id).status == "submitted"
    accounts.change_account(store, "杨芳", role="所长")
    accounts.set_active(store, "杨芳", False)
    with pytest.raises(AccountStopped):
        keys.init_township_key(head, "新的口令-2026-长一些", replace=True)
    assert not (keys.keys_dir(store) / keys.TOWNSHIP_SECRET).exists()
    clerk.close()
    head.close()
