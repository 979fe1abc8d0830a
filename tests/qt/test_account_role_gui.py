# ruff: noqa: F811  (the `admin_dialog` fixture imported from test_accounts_gui)
"""账户管理 → 修改… as the 管理员 uses it: a 录入员 promoted to 所长, a name typed wrong corrected, under the same user
name; the last 管理员 refused in red; and the open window of an account whose role changed follows it: a 所长 made
录入员 beside her window reviews and closes years no more, its 审核通过 button greyed, the status bar saying why."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from helpers import type_text
from test_accounts_gui import STAFF_PASSWORD, admin_dialog, click, table  # noqa: F401  (fixture: the 管理员's 账户管理)
from test_idle_lock_gui import open_window

from fazhi_desktop.core import accounts, review
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt import account_watch, session
from fazhi_desktop.qt.accounts_view import AccountsDialog


def change(qtbot, dialog: AccountsDialog, name: str, role: str | None = None, display_name: str | None = None):
    """Select `name`, 修改…, choose `role` and type `display_name`, 确定: the 修改 dialog."""
    dialog.select(name)
    click(qtbot, dialog.change_button)
    form = dialog.change_dialog
    if role is not None:
        form.role.setCurrentIndex(form.role.findText(role))
    if display_name is not None:
        form.display_name.clear()
        type_text(qtbot, form.display_name, display_name)
    click(qtbot, form.ok_button)
    return form


def as_other_admin(store: Store, name: str, role: str) -> None:
    """What `fazhi --user admin accounts role NAME ROLE` does beside an open window."""
    other = Store.open(store.path, ledgers=store.ledgers, clock=store.clock)
    try:
        accounts.login(other, "admin", STAFF_PASSWORD)
        accounts.change_account(other, name, role=role)
    finally:
        other.close()


def test_a_clerk_is_made_head_and_her_name_corrected_under_the_same_user_name(qtbot, admin_dialog, store):
    assert not admin_dialog.change_button.isEnabled()  # nothing chosen yet
    admin_dialog.select("马丽")
    click(qtbot, admin_dialog.change_button)
    form = admin_dialog.change_dialog
    assert form.windowTitle() == "修改账户 — 马丽"
    assert (form.display_name.text(), form.role.currentText()) == ("马丽", "录入员")  # as the account is
    assert "用户名不能修改" in " ".join(label.text() for label in form.findChildren(type(form.message)))
    form.role.setCurrentIndex(form.role.findText("所长"))
    form.display_name.clear()
    type_text(qtbot, form.display_name, "马丽娟")
    click(qtbot, form.ok_button)
    assert not form.isVisible()
    assert table(admin_dialog)["马丽"][:4] == ["马丽", "马丽娟", "所长", "在用"]
    assert admin_dialog.selected().name == "马丽"  # still chosen, as after 停用
    assert [e["event"] for e in accounts.account_log(store, "马丽")][:2] == ["修改角色：录入员 → 所长",
                                                                           "修改姓名：马丽 → 马丽娟"]
    accounts.logout(store)
    assert accounts.login(store, "马丽", STAFF_PASSWORD).label == "马丽娟（所长）"


def test_the_last_administrator_is_refused_in_red_and_a_name_left_empty_too(qtbot, admin_dialog, store, dialogs):
    dialogs.confirm_answers.append(True)  # yes, give up my own 管理员 role
    form = change(qtbot, admin_dialog, "admin", role="录入员")
    assert dialogs.shown[-1][:2] == ("confirm", "修改自己的角色") and dialogs.confirm_defaults[-1] is False
    assert form.isVisible()
    assert form.message.text() == "角色：这是唯一在用的管理员账户，不能改为其他角色：请先添加或启用另一个管理员"
    form.reject()
    form = change(qtbot, admin_dialog, "杨芳", display_name="  ")
    assert form.isVisible() and form.message.text() == "姓名：必填"
    assert table(admin_dialog)["admin"][2] == "管理员" and table(admin_dialog)["杨芳"][1] == "杨芳"


def test_a_administrator_who_steps_down_is_asked_first_and_then_manages_nothing(qtbot, store, staff, dialogs,
                                                                                 ui_settings):
    accounts.login(store, "admin", STAFF_PASSWORD)
    accounts.add_account(store, "王新", None, "管理员", STAFF_PASSWORD)  # the office's new 管理员
    window = open_window(qtbot, store, dialogs, ui_settings, store.user)
    dialog = session.manage_accounts(window)
    form = change(qtbot, dialog, "admin", role="所长")  # the scripted answer is the safe one: 取消
    assert form.isVisible() and form.message.text() == "角色：未修改" and store.user.role == "admin"
    dialogs.confirm_answers.append(True)
    click(qtbot, form.ok_button)
    assert not form.isVisible() and store.user.label == "系统管理员（所长）"
    qtbot.waitUntil(lambda: not window.accounts_action.isEnabled())  # this window follows its own change at once
    assert not dialog.add_button.isEnabled() and not dialog.log_button.isEnabled()
    assert dialog.change_button.toolTip() == "所长无权管理账户（需要管理员）"
    assert window.user_label.text() == "当前用户：系统管理员（所长）"


def test_a_head_made_clerk_beside_her_open_window_reviews_nothing_more(qtbot, store, staff, dialogs, ui_settings,
                                                                     valid_record):
    store.user = staff["clerk"]
    meeting = store.save("meeting", valid_record("meeting"), "马丽")
    review.apply(store, meeting.id, "submit", "马丽")
    window = open_window(qtbot, store, dialogs, ui_settings, accounts.login(store, "杨芳", STAFF_PASSWORD))
    editor = window.open_editor("meeting", store.get(meeting.id))
    qtbot.waitExposed(editor)
    approve = editor.review_bar.buttons["review"]
    year_close = next(a for a in window.findChildren(type(window.accounts_action)) if a.text().startswith("年度封账"))
    assert approve.isEnabled() and year_close.isEnabled()
    as_other_admin(store, "杨芳", "录入员")
    account_watch.check(window, window.idle_lock)  # the minute's check, with nothing done meanwhile
    qtbot.waitUntil(lambda: not year_close.isEnabled())
    assert year_close.toolTip() == "年度封账须由所长或管理员操作"
    assert not approve.isEnabled() and approve.toolTip().startswith("录入员无权审核记录")
    assert window.user_label.text() == "当前用户：杨芳（录入员）"
    assert window.statusBar().currentMessage() == "您的角色已由所长改为录入员"
    assert not window.idle_lock.locked  # a role changed is no account stopped
    as_other_admin(store, "杨芳", "所长")  # a slip undone: her window may again
    account_watch.check(window, window.idle_lock)
    qtbot.waitUntil(lambda: year_close.isEnabled())
    assert approve.isEnabled()
    editor.close()


def test_a_head_made_clerk_sees_a_number_she_revealed_in_an_open_editor_masked_again(qtbot, store, staff, dialogs,
                                                                                       ui_settings, valid_record):
    party = {"role": "申请人", "party_type": "自然人", "name": "马某", "id_number": "640522196103231939"}
    store.user = staff["clerk"]
    case = store.save("mediation_case", valid_record("mediation_case", parties=[party]), "马丽")
    window = open_window(qtbot, store, dialogs, ui_settings, accounts.login(store, "杨芳", STAFF_PASSWORD))
    editor = window.open_editor("mediation_case", store.get(case.id))
    qtbot.waitExposed(editor)
    number = editor.editor.group_widget("parties").row(0).inputs["id_number"].control
    elsewhere = editor.editor.field_widget("case_name").control

    def clicked_into() -> str:
        number.setFocus()
        qtbot.waitUntil(number.hasFocus)
        shown = number.text()
        elsewhere.setFocus()
        qtbot.waitUntil(lambda: not number.hasFocus())
        return shown

    assert clicked_into() == "640522196103231939"  # the 所长's, noted once for the window
    as_other_admin(store, "杨芳", "录入员")
    assert clicked_into() == "640522********1939"
    editor.close()


def test_a_clerks_menus_grey_the_keys_and_the_restore_by_the_permission_each_entry_carries(qtbot, store, staff,
                                                                                          dialogs, ui_settings):
    """密钥与登记 and 从备份恢复 are greyed for a 录入员 with the reason, by the permission their entries are made with:
    they were recognised by their text, and an entry renamed (密钥与登记 → 密钥和登记) would have lost its role check
    unseen. 导出数据包, which she may, stays usable."""
    window = open_window(qtbot, store, dialogs, ui_settings, accounts.login(store, "马丽", STAFF_PASSWORD))
    entries = {a.text().split("(")[0]: a for a in window.findChildren(type(window.accounts_action)) if a.text()}
    keys, restore = entries["密钥与登记"], entries["从备份恢复"]
    assert not keys.isEnabled() and keys.toolTip() == "密钥与登记须由所长或管理员操作"
    assert not restore.isEnabled() and restore.toolTip() == "从备份恢复须由管理员操作"
    assert entries["导出数据包"].isEnabled() and entries["立即备份"].isEnabled()
    assert {a.property(session.PERMISSION) for a in entries.values()} >= {"keys.manage", "restore", "backup",
                                                                         "bundle.export"}
