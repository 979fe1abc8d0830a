"""设置 says who is working (twenty-third session, a handover played as users): it showed 操作员：马丽, the clerk who
set the program up, for good, after she had left and 李娜 was logged in. Now the account logged in, and in a
database without accounts the 操作员 records are saved under, as before."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from fazhi_desktop.core import accounts
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.qt.settings_view import SettingsView

PASSWORD = "mima-2026"


def rows(view: SettingsView) -> list[str]:
    return [label.text() for label in view.findChildren(QLabel) if label.isVisible()]


def test_settings_show_the_user_logged_in_not_the_operator_who_set_up(qtbot, tmp_path):
    store = init_database(tmp_path / "t.db", "640522100", office="海城镇司法所", operator="马丽",
                          admin_password=PASSWORD)
    accounts.add_account(store, "李娜", None, "所长", PASSWORD)
    accounts.logout(store)
    accounts.login(store, "李娜", PASSWORD)
    view = SettingsView(store, False)
    qtbot.addWidget(view)
    view.show()
    shown = rows(view)
    assert "当前用户：" in shown and "李娜（所长）" in shown
    assert "操作员：" not in shown and "马丽" not in shown
    view.hide()
    accounts.logout(store)
    accounts.login(store, "马丽", PASSWORD)  # another user logs in: the page says so when next shown
    view.show()
    assert "马丽（管理员）" in rows(view) and "李娜（所长）" not in rows(view)
    store.close()


def test_a_database_without_accounts_still_shows_its_operator(qtbot, tmp_path):
    store = init_database(tmp_path / "t.db", "640522100", office="海城镇司法所", operator="马丽")
    view = SettingsView(store, False)
    qtbot.addWidget(view)
    view.show()
    shown = rows(view)
    assert "操作员：" in shown and "马丽" in shown and "当前用户：" not in shown
    store.close()
