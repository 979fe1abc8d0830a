"""The idle lock and a temporary password: 马丽 stepped away, the 管理员 reset her password meanwhile (she had asked,
or someone meant to use her account). The lock's box took the temporary password and gave back her windows, so
whoever knew it (the 管理员 who typed it) worked on as her, and she never set her own. Now the box asks for her own
first, as the login does (设置新密码); given up, the windows stay covered."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/test_idle_lock_gui.py's window, whatever the import mode

from test_idle_lock_gui import STAFF_PASSWORD, hidden, window  # noqa: F401  (fixture)

from fazhi_desktop.core import accounts

RESET = "reset-by-admin-1"
OWN = "mali-own-2026"


def _reset_while_away(store):
    """The 管理员, at another PC (another connection), resets 马丽's password: temporary."""
    from fazhi_desktop.core.store import Store

    other = Store.open(store.path)
    try:
        accounts.login(other, "admin", STAFF_PASSWORD)
        accounts.change_password(other, "马丽", RESET)
    finally:
        other.close()


def test_the_temporary_password_does_not_unlock_until_her_own_is_set(qtbot, window, store):  # noqa: F811
    lock = window.idle_lock
    lock.lock()
    _reset_while_away(store)
    assert not lock.try_unlock(RESET)
    assert lock.locked and hidden(window)
    asked = lock.new_password
    assert asked is not None and asked.isVisible() and "临时密码" in asked.windowTitle() + "".join(
        label.text() for label in asked.findChildren(type(lock.box.message)))
    asked.reject()  # given up: still locked, and the box says why
    assert lock.locked and hidden(window) and "临时密码" in lock.box.message.text()
    assert not lock.try_unlock(RESET)
    asked = lock.new_password
    asked.password.setText(OWN)
    asked.again.setText(OWN)
    assert asked.try_change()
    assert not lock.locked and store.user.name == "马丽"
    assert not accounts.get_account(store, "马丽").temporary_password

