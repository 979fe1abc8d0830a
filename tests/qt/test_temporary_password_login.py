"""A password a 管理员 set (a new account at a handover, a reset) is temporary: the login asks for the person's own
before the program opens. Before, 张强 worked for good with the password the 管理员 typed for him."""

from __future__ import annotations

from fazhi_desktop.core import accounts
from fazhi_desktop.qt.login import LoginDialog

STAFF_PASSWORD = "mima-2026"  # tests/conftest.py
FIRST = "xinmima-2026"
OWN = "zhangqiang-own-2026"


def _add_zhang(store, staff):
    accounts.login(store, "admin", STAFF_PASSWORD)
    accounts.add_account(store, "张强", None, "录入员", FIRST)
    accounts.logout(store)


def _log_in(qtbot, store, password):
    dialog = LoginDialog(store)
    qtbot.addWidget(dialog)
    dialog.name.setEditText("张强")
    dialog.password.setText(password)
    dialog.try_login()
    return dialog


def test_the_first_login_with_the_password_the_admin_gave_asks_for_ones_own(qtbot, store, staff):
    _add_zhang(store, staff)
    dialog = _log_in(qtbot, store, FIRST)
    asked = dialog.new_password
    assert asked is not None and asked.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    asked.password.setText(FIRST)
    asked.again.setText(FIRST)
    assert not asked.try_change() and "与原密码相同" in asked.message.text()
    asked.password.setText(OWN)
    asked.again.setText(OWN)
    assert asked.try_change()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.user.name == "张强"
    assert not dialog.user.temporary_password
    accounts.logout(store)
    assert not _log_in(qtbot, store, OWN).new_password  # asked once: his own password now
    assert accounts.login(store, "张强", OWN).temporary_password is False


def test_cancelled_nobody_is_logged_in_and_a_reset_is_temporary_again(qtbot, store, staff):
    _add_zhang(store, staff)
    dialog = _log_in(qtbot, store, FIRST)
    dialog.new_password.reject()
    assert dialog.user is None and store.user is None and "临时密码" in dialog.message.text()
    assert dialog.result() != dialog.DialogCode.Accepted
    accounts.login(store, "张强", FIRST)
    accounts.change_password(store, "张强", OWN, old_password=FIRST)
    accounts.login(store, "admin", STAFF_PASSWORD)
    accounts.change_password(store, "张强", "reset-by-admin-1")  # forgotten: the 管理员 resets it
    assert accounts.get_account(store, "张强").temporary_password
    assert not accounts.get_account(store, "马丽").temporary_password  # accounts as they were are not affected
