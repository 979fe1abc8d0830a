"""Logging in before the main window, the first 管理员 account, switching user, and the status bar."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from helpers import type_text

from fazhi_desktop.core import accounts, paths
from fazhi_desktop.qt import app as app_module
from fazhi_desktop.qt.login import FirstAdminDialog, LoginDialog
from fazhi_desktop.qt.main_window import MainWindow, create_main_window

STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)


def log_in(qtbot, dialog: LoginDialog, name: str, password: str) -> bool:
    dialog.name.setEditText("")
    type_text(qtbot, dialog.name.lineEdit(), name)
    dialog.password.clear()
    type_text(qtbot, dialog.password, password)
    dialog.login_button.click()
    return dialog.user is not None


@pytest.fixture
def login_dialog(qtbot, store, staff):
    dialog = LoginDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_login_dialog_offers_the_active_accounts_and_logs_in(qtbot, login_dialog, store):
    names = [login_dialog.name.itemText(i) for i in range(login_dialog.name.count())]
    assert names == ["admin", "杨芳", "马丽"]
    assert login_dialog.windowTitle() == "法治台账 — 登录"
    assert log_in(qtbot, login_dialog, "马丽", STAFF_PASSWORD)
    assert store.user.name == "马丽" and login_dialog.result() == login_dialog.DialogCode.Accepted


def test_a_wrong_password_is_explained_and_the_field_cleared(qtbot, login_dialog, store):
    assert not log_in(qtbot, login_dialog, "马丽", "wrong-password")
    assert login_dialog.message.text() == "密码不正确。再输错 4 次，账户将锁定 15 分钟。"
    assert login_dialog.password.text() == "" and login_dialog.isVisible() and store.user is None
    assert not log_in(qtbot, login_dialog, "马小丽", STAFF_PASSWORD)
    assert "没有这个用户名" in login_dialog.message.text()


def test_the_lock_out_message_gives_the_minutes_remaining(qtbot, login_dialog, clock):
    for _ in range(accounts.MAX_FAILURES):
        log_in(qtbot, login_dialog, "马丽", "wrong-password")
    clock.advance(minutes=3)
    assert not log_in(qtbot, login_dialog, "马丽", STAFF_PASSWORD)
    assert "请 12 分钟后再试，或请管理员解锁" in login_dialog.message.text()


def test_an_empty_name_is_asked_for(qtbot, login_dialog):
    login_dialog.login_button.click()
    assert login_dialog.message.text() == "请输入用户名"


def test_a_database_without_accounts_asks_for_the_administrator_account(qtbot, store):
    store.set_settings(operator="马文")
    dialog = FirstAdminDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "马文"
    type_text(qtbot, dialog.password, "short")
    type_text(qtbot, dialog.again, "short")
    assert not dialog.try_create() and "至少 8 个字符" in dialog.message.text()
    dialog.password.clear()
    dialog.again.clear()
    type_text(qtbot, dialog.password, STAFF_PASSWORD)
    type_text(qtbot, dialog.again, STAFF_PASSWORD)
    assert dialog.try_create()
    assert store.user.name == "马文" and store.user.role == "admin"


def test_the_program_logs_in_before_filling_the_window_and_shows_the_user(tmp_path, store, staff, dialogs,
                                                                          monkeypatch):
    store.close()
    asked = []

    def clerk_logs_in(db, shown_dialogs, parent):
        asked.append(parent)
        return accounts.login(db, "马丽", STAFF_PASSWORD)

    windows, attach = [], MainWindow.attach

    def attached(window, db, actor):
        assert window.isVisible() and asked == [None]  # the window was on screen while the login was asked
        windows.append(window)
        attach(window, db, actor)

    monkeypatch.setattr(MainWindow, "attach", attached)
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    code = app_module.main(["--db", str(tmp_path / "office.db"), "--quit-after-show"], dialogs=dialogs,
                           ui_settings=ui, login=clerk_logs_in)
    assert code == 0 and len(windows) == 1
    window = windows[0]
    assert window.actor == "马丽" and window.user_label.text() == "当前用户：马丽（录入员）"


def test_giving_up_at_the_login_ends_the_program_quietly(tmp_path, store, staff, dialogs):
    store.close()
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    code = app_module.main(["--db", str(tmp_path / "office.db")], dialogs=dialogs, ui_settings=ui,
                           login=lambda *a: None)
    assert code == 0 and dialogs.shown == []


def test_quit_after_show_skips_the_login_visibly(tmp_path, store, staff, dialogs, capsys):
    store.close()
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    assert app_module.main(["--db", str(tmp_path / "office.db"), "--quit-after-show"], dialogs=dialogs,
                           ui_settings=ui) == 0
    assert "--quit-after-show：不登录" in capsys.readouterr().err


def test_the_demo_database_has_the_demonstration_accounts(tmp_path, dialogs, monkeypatch):
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path)
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    assert app_module.main(["--demo", "--quit-after-show"], dialogs=dialogs, ui_settings=ui) == 0
    store = app_module.open_demo(tmp_path / "demo.db")
    try:
        assert [(u.name, u.role_label) for u in accounts.list_accounts(store)] == [
            ("admin", "管理员"), ("杨芳", "所长"), ("马丽", "录入员")]
        assert accounts.authenticate(store, "马丽", accounts.DEMO_PASSWORD).name == "马丽"
    finally:
        store.close()


@pytest.fixture
def clerk_window(qtbot, store, staff, dialogs, ui_settings):
    window = create_main_window(store, dialogs, ui_settings, accounts.login(store, "马丽", STAFF_PASSWORD))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_switching_user_changes_the_actor_and_the_permissions(qtbot, clerk_window, store):
    window = clerk_window
    assert not window.accounts_action.isEnabled()
    assert window.accounts_action.toolTip() == "账户管理须由管理员操作"
    window.login = lambda db, shown, parent: accounts.login(db, "admin", STAFF_PASSWORD)
    window.switch_user_action.trigger()
    assert store.user.name == "admin" and window.actor == "admin"
    assert window.user_label.text() == "当前用户：系统管理员（管理员）"
    assert window.accounts_action.isEnabled()


def test_cancelling_a_switch_keeps_the_user(clerk_window, store):
    clerk_window.login = lambda *a: None
    clerk_window.switch_user_action.trigger()
    assert store.user.name == "马丽" and clerk_window.isVisible()


def test_logging_out_and_giving_up_closes_the_window(qtbot, clerk_window, store):
    clerk_window.login = lambda *a: None
    clerk_window.logout_action.trigger()
    assert not clerk_window.isVisible() and store.user is None


def test_logging_out_then_in_as_another_user_shows_the_window_again(qtbot, clerk_window, store):
    seen = []

    def next_user(db, shown, parent):
        seen.append(clerk_window.isVisible())
        return accounts.login(db, "杨芳", STAFF_PASSWORD)

    clerk_window.login = next_user
    clerk_window.logout_action.trigger()
    QApplication.processEvents()
    assert seen == [False] and clerk_window.isVisible() and clerk_window.actor == "杨芳"


def test_the_demo_database_tells_who_can_log_in(qtbot, store, staff):
    from PySide6.QtWidgets import QLabel

    def hints(dialog):
        return " ".join(label.text() for label in dialog.findChildren(QLabel))

    ordinary = LoginDialog(store)
    qtbot.addWidget(ordinary)
    assert "demo2026" not in hints(ordinary)
    store.set_settings(demo="1")
    demo = LoginDialog(store)
    qtbot.addWidget(demo)
    assert "demo2026" in hints(demo) and "杨芳" in hints(demo)


def test_closing_the_window_while_the_login_is_asked_ends_the_program(tmp_path, store, staff, dialogs,
                                                                      monkeypatch):
    store.close()
    attached = []

    def close_then_log_in(db, shown_dialogs, parent):
        frame = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        frame.close()  # the clerk closes the program's window instead of logging in
        return accounts.login(db, "马丽", STAFF_PASSWORD)

    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(MainWindow, "attach", lambda window, *a: attached.append(window))
    code = app_module.main(["--db", str(tmp_path / "office.db")], dialogs=dialogs, ui_settings=ui,
                           login=close_then_log_in)
    assert code == 0 and attached == []
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def test_the_first_login_after_a_reset_with_the_recovery_code_says_when_it_happened(qtbot, store, staff, dialogs):
    """A 录入员 who can read the key folder (the recovery code is kept there for the 所长) could take over the
    管理员's account with `fazhi accounts recover`; the real 管理员 now learns of it at her next login."""
    from PySide6.QtCore import QTimer

    from fazhi_desktop.core.backup import sealing
    from fazhi_desktop.qt.login import ask_login

    code = sealing.ensure_key(store.path).code  # made with the office's first backup
    accounts.recover_admin(store, "admin", code, "duoqu-mima-2026")

    def answer_as(name: str, password: str) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(20, lambda: answer_as(name, password))
            return
        log_in(qtbot, dialog, name, password)

    for _ in range(2):
        QTimer.singleShot(0, lambda: answer_as("admin", "duoqu-mima-2026"))
        assert ask_login(store, dialogs).name == "admin"
    [(kind, _title, text)] = [shown for shown in dialogs.shown if shown[1] == "密码曾用备份恢复码重设"]
    assert kind == "warn" and text.startswith("账户 admin 的密码已于 ") and "如非本人所为，请立即修改密码" in text


def test_a_manager_who_forgot_his_password_sets_a_new_one_from_the_login_dialog(qtbot, login_dialog, store):
    """The login dialog said only 请管理员重设密码: the 管理员 himself had no way back but `fazhi accounts recover`."""
    from fazhi_desktop.core.backup import sealing

    code = sealing.ensure_key(store.path).code  # made with the office's first backup, on paper with the 所长
    login_dialog.name.setEditText("admin")
    assert login_dialog.recover_button.text() == "管理员忘记密码（用备份恢复码）…"
    login_dialog.recover_button.click()
    recovery = login_dialog.recovery
    qtbot.waitExposed(recovery)
    assert recovery.name.text() == "admin"
    type_text(qtbot, recovery.code, "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ")
    type_text(qtbot, recovery.password, "xin-mima-2026")
    type_text(qtbot, recovery.again, "xin-mima-2026")
    recovery.reset_button.click()
    assert recovery.message.text() == "备份恢复码不对" and recovery.isVisible()
    recovery.code.setText(code.lower())  # as copied from paper
    recovery.reset_button.click()
    assert not recovery.isVisible()
    assert login_dialog.message.text() == "已用备份恢复码重设 admin 的密码（账户已解锁）：请用新密码登录。"
    assert log_in(qtbot, login_dialog, "admin", "xin-mima-2026") and store.user.name == "admin"


def test_the_recovery_code_does_not_reset_a_clerks_password(qtbot, login_dialog, store):
    from fazhi_desktop.core.backup import sealing

    code = sealing.ensure_key(store.path).code
    login_dialog.name.setEditText("马丽")
    login_dialog.recover_button.click()
    recovery = login_dialog.recovery
    recovery.code.setText(code)
    recovery.password.setText("xin-mima-2026")
    recovery.again.setText("xin-mima-2026")
    recovery.reset_button.click()
    assert recovery.message.text() == "用户名：不是管理员账户：恢复码只能重设管理员的密码" and recovery.isVisible()
