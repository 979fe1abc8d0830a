"""账户管理 as the office's 管理员 uses it: add a colleague, reset a forgotten password, stop an account of someone
who left, unlock one locked by wrong passwords; and 修改密码 for oneself. Refusals stay in the dialog, in red."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from helpers import type_text

from fazhi_desktop.core import accounts, reveals
from fazhi_desktop.core.accounts import LoginFailed
from fazhi_desktop.qt.accounts_view import AccountsDialog, PasswordDialog
from fazhi_desktop.qt.backup_widgets import TypedConfirmation

STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)


@pytest.fixture
def admin_dialog(qtbot, store, staff, dialogs):
    accounts.login(store, "admin", STAFF_PASSWORD)
    dialog = AccountsDialog(store, dialogs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def table(dialog: AccountsDialog) -> dict[str, list[str]]:
    """用户名 -> the row as shown."""
    rows = {}
    for row in range(dialog.table.rowCount()):
        cells = [dialog.table.item(row, col).text() for col in range(dialog.table.columnCount())]
        rows[cells[0]] = cells
    return rows


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_log_says_who_showed_full_numbers_of_which_record(qtbot, admin_dialog, store, staff, valid_record):
    party = {"role": "申请人", "party_type": "自然人", "name": "马某", "id_number": "640522196103231939"}
    case = store.save("mediation_case", valid_record("mediation_case", parties=[party]), "admin")
    store.user = staff["head"]
    reveals.note_reveals(store, [case], "打印调解协议书")
    store.user = staff["admin"]
    click(qtbot, admin_dialog.log_button)
    log = admin_dialog.log_dialog
    assert log.isVisible() and log.tabs.tabText(1) == "完整证件号查看"
    shown = [log.reveals_table.item(0, col).text() for col in range(6)]
    assert shown[1:] == ["杨芳", f"调解案件 {case.number}", "打印调解协议书", "",  # how, and the 用途 given: none
                         "当事人1（申请人）：出生日期、身份证号"]  # which of its numbers, never one
    events = [log.accounts_table.item(row, 2).text() for row in range(log.accounts_table.rowCount())]
    assert "登录" in events and "创建（录入员）" in events


def test_nothing_can_be_done_to_an_account_before_one_is_chosen(admin_dialog):
    assert set(table(admin_dialog)) == {"admin", "杨芳", "马丽"}
    assert table(admin_dialog)["马丽"][2:4] == ["录入员", "在用"]
    assert admin_dialog.add_button.isEnabled()
    for button in (admin_dialog.password_button, admin_dialog.deactivate_button, admin_dialog.unlock_button):
        assert not button.isEnabled()


def test_the_administrator_adds_a_colleague_who_can_then_log_in(qtbot, admin_dialog, store):
    click(qtbot, admin_dialog.add_button)
    add = admin_dialog.add_dialog
    type_text(qtbot, add.name, "苏燕")
    add.role.setCurrentIndex(add.role.findText("录入员"))
    qtbot.keyClicks(add.password, "suyan-2026")
    qtbot.keyClicks(add.again, "suyan-2026")
    click(qtbot, add.ok_button)
    assert not add.isVisible()
    assert table(admin_dialog)["苏燕"][1:4] == ["苏燕", "录入员", "在用"]
    assert accounts.login(store, "苏燕", "suyan-2026").role_label == "录入员"
    header = admin_dialog.table.horizontalHeader()  # 上次登录 still fills the width: the table did not shrink
    assert header.sectionPosition(4) + header.sectionSize(4) == admin_dialog.table.viewport().width()


@pytest.mark.parametrize(("name", "password", "again", "said"), [
    ("苏燕", "suyan-2026", "suyan-2062", "两次输入的密码不一致"),
    ("苏燕", "short", "short", "至少 8 个字符"),
    ("马丽", "suyan-2026", "suyan-2026", "已有同名账户"),
    ("", "suyan-2026", "suyan-2026", "用户名"),
])
def test_a_refused_new_account_is_explained_in_the_dialog_and_not_created(qtbot, admin_dialog, store, name,
                                                                          password, again, said):
    click(qtbot, admin_dialog.add_button)
    add = admin_dialog.add_dialog
    type_text(qtbot, add.name, name)
    qtbot.keyClicks(add.password, password)
    qtbot.keyClicks(add.again, again)
    click(qtbot, add.ok_button)
    assert add.isVisible() and said in add.message.text(), add.message.text()
    assert len(accounts.list_accounts(store)) == 3


def test_a_forgotten_password_is_reset_by_the_administrator(qtbot, admin_dialog, store):
    admin_dialog.select("马丽")
    assert admin_dialog.password_button.isEnabled()
    click(qtbot, admin_dialog.password_button)
    reset = admin_dialog.password_dialog
    assert reset.windowTitle() == "重设密码 — 马丽" and reset.old is None  # no old password asked of the admin
    qtbot.keyClicks(reset.new, "mali-new-2026")
    qtbot.keyClicks(reset.again, "mali-new-2026")
    click(qtbot, reset.ok_button)
    assert not reset.isVisible()
    accounts.logout(store)
    with pytest.raises(LoginFailed):
        accounts.login(store, "马丽", STAFF_PASSWORD)
    assert accounts.login(store, "马丽", "mali-new-2026").name == "马丽"


def test_an_account_is_stopped_only_after_confirming_and_cannot_log_in(qtbot, admin_dialog, store, dialogs):
    admin_dialog.select("杨芳")
    click(qtbot, admin_dialog.deactivate_button)  # the scripted answer is the safe one: 取消
    assert dialogs.shown[-1][:2] == ("confirm", "停用账户") and table(admin_dialog)["杨芳"][3] == "在用"
    dialogs.confirm_answers.append(True)
    click(qtbot, admin_dialog.deactivate_button)
    assert table(admin_dialog)["杨芳"][3] == "已停用"
    assert admin_dialog.deactivate_button.text() == "启用"  # still selected: a slip can be undone
    accounts.logout(store)
    with pytest.raises(LoginFailed, match="已停用"):
        accounts.login(store, "杨芳", STAFF_PASSWORD)
    with pytest.raises(LoginFailed, match="密码不正确"):  # a stopped account is said only to who knows the password
        accounts.login(store, "杨芳", "not-her-password")


def test_a_stopped_account_is_started_again(qtbot, admin_dialog, store, dialogs):
    """Stopping was for good: the name stayed taken and the colleague locked out (hands-on test)."""
    admin_dialog.select("杨芳")
    dialogs.confirm_answers.append(True)
    click(qtbot, admin_dialog.deactivate_button)
    admin_dialog.select("杨芳")
    click(qtbot, admin_dialog.deactivate_button)  # 启用: nothing to confirm
    assert table(admin_dialog)["杨芳"][3] == "在用"
    accounts.logout(store)
    assert accounts.login(store, "杨芳", STAFF_PASSWORD).name == "杨芳"


def test_an_account_locked_by_wrong_passwords_is_unlocked(qtbot, store, staff, dialogs, beijing_time):
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(LoginFailed):
            accounts.login(store, "马丽", "wrong password")
    accounts.login(store, "admin", STAFF_PASSWORD)
    dialog = AccountsDialog(store, dialogs)
    qtbot.addWidget(dialog)
    assert table(dialog)["马丽"][3] == "已锁定（至 16:15）"  # 08:00 UTC + 15 minutes, in Beijing time
    dialog.show()
    row = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() == "马丽")
    shown = dialog.table.visualItemRect(dialog.table.item(row, 3)).width()
    assert shown >= dialog.table.fontMetrics().horizontalAdvance("已锁定（至 16:15）")  # the until-when is not cut
    dialog.select("马丽")
    assert dialog.unlock_button.isEnabled()
    click(qtbot, dialog.unlock_button)
    assert table(dialog)["马丽"][3] == "在用" and dialogs.shown == []
    accounts.logout(store)
    assert accounts.login(store, "马丽", STAFF_PASSWORD).name == "马丽"


def test_changing_ones_own_password_needs_the_old_one(qtbot, store, staff):
    accounts.login(store, "马丽", STAFF_PASSWORD)
    own = PasswordDialog(store, "马丽")
    qtbot.addWidget(own)
    own.show()
    assert own.windowTitle() == "修改密码" and own.old is not None
    qtbot.keyClicks(own.old, "not my password")
    qtbot.keyClicks(own.new, "mali-new-2026")
    qtbot.keyClicks(own.again, "mali-new-2026")
    click(qtbot, own.ok_button)
    assert own.isVisible() and own.message.text()
    own.old.clear()
    qtbot.keyClicks(own.old, STAFF_PASSWORD)
    click(qtbot, own.ok_button)
    assert not own.isVisible()
    accounts.logout(store)
    assert accounts.login(store, "马丽", "mali-new-2026").name == "马丽"


def test_restoring_a_backup_needs_the_word_typed(qtbot):
    """Replacing the database cannot be undone by a click: 恢复 must be typed before the button works."""
    confirm = TypedConfirmation(None, "从备份恢复", "将用备份替换当前数据。", "恢复")
    qtbot.addWidget(confirm)
    confirm.show()
    assert not confirm.ok.isEnabled()
    type_text(qtbot, confirm.edit, "恢")
    assert not confirm.ok.isEnabled()
    confirm.edit.clear()
    type_text(qtbot, confirm.edit, "恢复")
    assert confirm.ok.isEnabled()
    click(qtbot, confirm.ok)
    assert confirm.result() == confirm.DialogCode.Accepted


def test_the_restore_warning_is_shown_whole_in_large_text(qtbot, qapp):
    """In 长者模式 the warning lost its first line (cut through the characters) and its last (恢复完成后程序将关闭)."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QLabel

    font = QFont(qapp.font())
    large = QFont(font)
    large.setPointSizeF(font.pointSizeF() * 1.5)
    qapp.setFont(large)
    try:
        text = ("备份文件：/media/U盘/法治台账备份/demo-backup-640522100-20261126-165012.zip\n"
                "备份时间：2026-11-26 16:50\n\n"
                "恢复会用备份替换当前的数据库、附件和密钥（账户与密码也回到备份时的状态）。当前数据会改名保留"
                "（demo-before-restore-20261126-165012.db），可以找回。恢复完成后程序将关闭，请重新打开。")
        confirm = TypedConfirmation(None, "从备份恢复", text, "恢复")
        qtbot.addWidget(confirm)
        confirm.show()
        qtbot.waitExposed(confirm)
        label = next(w for w in confirm.findChildren(QLabel) if w.text() == text)
        assert label.height() >= label.heightForWidth(label.width())
        assert label.geometry().bottom() < confirm.edit.geometry().top()
    finally:
        qapp.setFont(font)
