"""设置 → 备份 → 更换恢复码…: asked first, then the new code shown once as the first one is; the 录入员 sees the
button greyed. Before, the code could only be shown, never changed."""

from __future__ import annotations

import pytest

from fazhi_desktop.core import accounts
from fazhi_desktop.core.backup import create_backup, sealing
from fazhi_desktop.core.backup.code_change import AFTER, CODE_CHANGED
from fazhi_desktop.qt.main_window import SETTINGS_PAGE, create_main_window

MAKE_KEY = sealing.new_key  # the real one (tests get one key a session: conftest)


@pytest.fixture(scope="module")
def two_keys():
    return [MAKE_KEY(), MAKE_KEY()]


@pytest.fixture
def window(qtbot, store, staff, dialogs, ui_settings, monkeypatch, two_keys):
    monkeypatch.setattr(sealing, "new_key", iter(two_keys).__next__)
    accounts.login(store, "杨芳", "mima-2026")
    win = create_main_window(store, dialogs, ui_settings, store.user)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_the_head_changes_the_code_and_is_shown_the_new_one_once(window, store, dialogs, qtbot, tmp_path):
    window.show_page(SETTINGS_PAGE)
    section = window.backup.section
    assert not section.change_code_button.isEnabled()  # no code before the first backup
    create_backup(store.path, tmp_path / "usb")
    old = sealing.load_key(store.path).code
    section.refresh()
    assert section.change_code_button.isEnabled()
    section.change_code_button.click()  # 取消 (the default): nothing changes
    assert dialogs.shown[-1][:2] == ("confirm", "更换备份恢复码") and sealing.load_key(store.path).code == old
    assert "仍须用原来的恢复码" in dialogs.shown[-1][2]  # old backups: said in the box
    dialogs.confirm_answers.append(True)
    section.change_code_button.click()
    qtbot.waitUntil(lambda: dialogs.shown[-1][0] == "code", timeout=20_000)
    key = sealing.load_key(store.path)
    assert key.code != old and key.shown  # copied (its last group typed back): not offered again
    assert dialogs.shown[-1] == ("code", "新的备份恢复码", f"{key.code}\n{AFTER}")
    assert accounts.account_log(store, "杨芳")[0]["event"] == CODE_CHANGED


def test_a_clerk_sees_the_button_greyed(window, store, dialogs, tmp_path):
    create_backup(store.path, tmp_path / "usb")
    accounts.login(store, "马丽", "mima-2026")
    window.show_page(SETTINGS_PAGE)
    section = window.backup.section
    section.refresh()
    button = section.change_code_button
    assert not button.isEnabled() and button.toolTip() == "更换恢复码须由所长或管理员操作"
