# ruff: noqa: F811  (the `window` fixture imported from test_idle_lock_gui)
"""An account a 管理员 stops while its owner's window is open (`fazhi accounts deactivate 马丽` beside it): her next
save is refused and the program locks as the idle lock does, saying why; her unsaved text stays under the cover for
when the account is started again, and another user's login gives it up, as the box said."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import SIGNAL
from PySide6.QtGui import QGuiApplication

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from helpers import typed_new_record
from test_idle_lock_gui import hidden, window  # noqa: F401  (fixture: 马丽's main window)

from fazhi_desktop.core import accounts
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt import account_watch
from fazhi_desktop.qt.main_window import create_main_window

STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)
TITLE = "停用之后登记的会议"
STOPPED = ("管理员已停用账户 马丽，程序已锁定：停用的账户不能再保存、修改或查看记录。"
           "未保存的修改还在窗口中（已遮住，也不再自动保存）："
           "管理员重新启用此账户后，输入密码即可继续并保存；换用户登录则关闭这些窗口，未保存的修改随之放弃。")


@pytest.fixture
def editor(qtbot, window):
    """A new meeting, filled in and not saved."""
    editor = typed_new_record(qtbot, window, "meeting", "title", TITLE)
    for name, value in (("meeting_type", "党委会"), ("held_on", "2026-03-05"), ("office_head_attendance", "全程")):
        editor.editor.inputs[name].set_value(value)
    yield editor
    if shiboken6.isValid(editor):
        editor.editor.give_up_changes()
        editor.close()


def set_active(store, name: str, active: bool) -> None:
    """What `fazhi --user admin accounts deactivate|activate NAME` does, from another process."""
    other = Store.open(store.path, ledgers=store.ledgers, clock=store.clock)
    try:
        accounts.login(other, "admin", STAFF_PASSWORD)
        accounts.set_active(other, name, active)
    finally:
        other.close()


def meetings(store) -> list[tuple[str, str]]:
    return store.conn.execute("SELECT title, created_by FROM meeting").fetchall()


def test_a_save_after_the_account_was_stopped_is_refused_and_the_program_locks(qtbot, window, editor, store,
                                                                              dialogs):
    """She saved 〔2026〕会记字第1号 as 马丽 after her account was stopped: 已保存（第 1 版）."""
    set_active(store, "马丽", False)
    assert not editor.editor.save()
    refused = "账户 马丽 已被管理员停用，不能再保存、修改或显示完整号码，请联系管理员"
    assert editor.editor.status.text() == f"未保存：{refused}" and ("error", "保存失败", refused) in dialogs.shown
    assert meetings(store) == []
    lock = window.idle_lock
    qtbot.waitUntil(lambda: lock.locked, timeout=5000)
    assert hidden(window) and hidden(editor) and lock.box.why.text() == STOPPED
    assert not lock.try_unlock(STAFF_PASSWORD)  # her password opens nothing while the account is stopped
    assert lock.box.message.text() == "这个账户已停用，请联系管理员。" and hidden(editor)
    set_active(store, "马丽", True)  # stopped by mistake: started again, nothing she typed was lost
    assert lock.try_unlock(STAFF_PASSWORD) and not hidden(editor)
    assert editor.editor.inputs["title"].value() == TITLE
    assert editor.editor.save() and meetings(store) == [(TITLE, "马丽")]


def test_another_user_logs_in_over_a_stopped_account_and_its_unsaved_text_is_given_up(qtbot, window, editor, store,
                                                                                      dialogs):
    set_active(store, "马丽", False)
    account_watch.check(window, window.idle_lock)  # the minute's check, with nothing saved meanwhile
    lock = window.idle_lock
    qtbot.waitUntil(lambda: lock.locked, timeout=5000)
    assert lock.box.why.text() == STOPPED
    window.login = lambda db, shown, parent: accounts.login(db, "杨芳", STAFF_PASSWORD)
    lock.box.switch_button.click()  # an idle lock refuses it while an editor holds unsaved text
    assert not lock.locked and store.user.name == "杨芳" and window.actor == "杨芳"
    assert not editor.isVisible()
    qtbot.waitUntil(lambda: not window.editors)  # closed, for good: nothing of 马丽's left for 杨芳
    assert meetings(store) == []
    assert not [shown for shown in dialogs.shown if shown[0] == "save_discard_cancel"]  # nothing asked: she can't


def test_an_account_in_use_is_not_locked_by_the_check(qtbot, window, editor, store):
    account_watch.check(window, window.idle_lock)
    qtbot.wait(50)
    assert not window.idle_lock.locked and editor.editor.save()


def test_a_stopped_account_locks_when_she_turns_to_another_page(qtbot, window, store):
    """The list she turned to showed her records for up to a minute after her account was stopped."""
    set_active(store, "马丽", False)
    window.show_page("law_study")
    qtbot.waitUntil(lambda: window.idle_lock.locked, timeout=5000)
    assert hidden(window) and window.idle_lock.box.why.text() == STOPPED


def test_a_stopped_account_locks_when_she_comes_back_to_the_window(qtbot, window, editor, store):
    """Back from her editor (or from another program) to the main window, she read on for up to a minute."""
    qtbot.waitUntil(editor.isActiveWindow, timeout=5000)
    set_active(store, "马丽", False)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.idle_lock.locked, timeout=5000)
    assert hidden(window) and hidden(editor) and window.idle_lock.box.why.text() == STOPPED


def test_an_account_in_use_turns_pages_and_windows_unlocked(qtbot, window, editor, store):
    window.show_page("law_study")
    window.activateWindow()
    qtbot.wait(50)
    assert not window.idle_lock.locked and editor.editor.save()


def focus_handlers() -> int:
    """What the application calls when a window of the program is activated (the account watch of every window)."""
    return QGuiApplication.instance().receivers(SIGNAL("focusWindowChanged(QWindow*)"))


def test_a_window_whose_close_was_refused_leaves_no_handler_once_gone(qtbot, store, staff, dialogs, ui_settings):
    """Its close refused (取消 for an unsaved editor), the window went without `about_to_close`: the application
    went on calling its watch, holding the window, at every window activated after."""
    watching = focus_handlers()
    window = create_main_window(store, dialogs, ui_settings, accounts.login(store, "马丽", STAFF_PASSWORD))
    added = focus_handlers() - watching  # the account watch, and F1 for its modal dialogs (main_window.HelpKey)
    assert added >= 1
    typed_new_record(qtbot, window, "meeting", "title", TITLE)
    assert not window.close()
    assert focus_handlers() == watching + added
    shiboken6.delete(window)
    assert focus_handlers() == watching


def test_a_stopped_accounts_editor_keeps_no_draft_on_disk(qtbot, window, editor, store):
    """After `fazhi accounts deactivate 马丽` (which removes her drafts) her open editor wrote its unsaved text,
    ID numbers and all, to `-autosave/` again at the next Tab, until the window closed."""
    from fazhi_desktop.core import autosave

    editor.autosaver.keep()
    assert len(autosave.listed(store.path, "马丽")) == 1  # in use: kept against a power cut
    set_active(store, "马丽", False)
    editor.editor.inputs["title"].set_value(TITLE + "（改）")
    editor.autosaver.keep()  # the 30 seconds' timer, or a Tab
    assert autosave.listed(store.path, "马丽") == []
    qtbot.waitUntil(lambda: window.idle_lock.locked, timeout=5000)
    assert window.idle_lock.box.why.text() == STOPPED  # …（已遮住，也不再自动保存）…
    assert editor.editor.inputs["title"].value() == TITLE + "（改）"  # still in the window, under the cover


def test_scans_chosen_after_the_account_was_stopped_are_refused_once(qtbot, window, editor, store, dialogs, tmp_path):
    """Three scans chosen at 添加 after a 管理员 stopped the account: one box saying why, not the same box three times
    over the locked program."""
    scans = []
    for name in ("签到表.pdf", "会议照片1.jpg", "会议照片2.jpg"):
        scans.append(tmp_path / name)
        scans[-1].write_bytes(b"scan " + name.encode())
    attachments = editor.editor.field_widget("attachments")
    attachments.choose_files = lambda parent: [str(scan) for scan in scans]
    set_active(store, "马丽", False)
    attachments.add_files()
    refused = "账户 马丽 已被管理员停用，不能再保存、修改或显示完整号码，请联系管理员"
    assert [shown for shown in dialogs.shown if shown[0] == "error"] == [("error", "无法添加附件", refused)]
    assert attachments.files.count() == 0
