"""自动锁定 as a clerk meets it: she steps away from the shared PC, and after the idle time every window of the
program is covered and her password is asked; the right one brings everything back as it was, typed text included;
wrong ones count towards the login's lock-out; another user may log in only when nothing unsaved would be left."""

from __future__ import annotations

import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py, tests/indicator_data.py

from bundle_world import county_template, world  # noqa: F401  (fixtures)
from helpers import type_text, typed_new_record
from indicator_data import fill_known_year

from fazhi_desktop.core import accounts, idle_lock
from fazhi_desktop.qt.idle_lock import Cover, LockSection
from fazhi_desktop.qt.indicator_widgets import RecordViewer
from fazhi_desktop.qt.main_window import SETTINGS_PAGE, create_main_window
from fazhi_desktop.qt.tasks import run_task

STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)
PARTY = "马某某与李某某宅基地纠纷"


class FakeClock:
    """A monotonic clock the test moves on."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def open_window(qtbot, store, dialogs, ui_settings, who):
    window = create_main_window(store, dialogs, ui_settings, who)
    qtbot.addWidget(window)
    window.resize(1000, 650)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, store, staff, dialogs, ui_settings):
    return open_window(qtbot, store, dialogs, ui_settings, accounts.login(store, "马丽", STAFF_PASSWORD))


@pytest.fixture
def editor(qtbot, window):
    """A new mediation case with its name typed and not saved."""
    editor = typed_new_record(qtbot, window, "mediation_case", "case_name", PARTY)
    assert editor.editor.is_dirty()
    yield editor
    if shiboken6.isValid(editor):
        editor.editor.give_up_changes()  # nothing to ask about when the test closes it
        editor.close()


def hidden(widget) -> bool:
    """Nothing of the window shows: its picture is exactly the picture of its cover (an opaque sheet)."""
    covers = [c for c in widget.findChildren(Cover) if c.parentWidget() is widget and c.isVisible()]
    return len(covers) == 1 and widget.grab().toImage() == covers[0].grab().toImage()


def events(store, name="马丽") -> list[str]:
    return [row["event"] for row in accounts.account_log(store, name)]


def test_after_the_idle_time_every_window_is_covered_and_the_password_asked(qtbot, window, editor, store):
    lock = window.idle_lock
    lock.refresh(timeout_ms=200)  # the office's 15 minutes, shortened
    qtbot.waitUntil(lambda: lock.locked, timeout=5000)
    assert hidden(window) and hidden(editor)
    assert QApplication.activeModalWidget() is lock.box and lock.box.isVisible()
    assert lock.box.windowTitle() == "法治台账 — 已锁定" and "马丽（录入员）" in {
        label.text() for label in lock.box.findChildren(type(lock.box.message))}
    assert events(store)[0] == "闲置锁定（15 分钟无操作）"
    assert lock.try_unlock(STAFF_PASSWORD)


def test_keys_and_the_mouse_put_the_lock_off(qtbot, window):
    lock, clock = window.idle_lock, FakeClock()
    lock.clock = clock
    lock.refresh(timeout_ms=60_000)
    clock.now += 50
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    clock.now += 30
    lock.check()  # the timer's wake-up: 30 s since the key, not 80 s since the start
    assert not lock.locked
    qtbot.mouseMove(window.nav, window.nav.rect().center())
    clock.now += 59
    lock.check()
    assert not lock.locked
    clock.now += 2
    lock.check()
    assert lock.locked
    lock.try_unlock(STAFF_PASSWORD)


def test_the_right_password_brings_back_the_unsaved_text_and_a_wrong_one_counts(qtbot, window, editor, store):
    lock = window.idle_lock
    lock.lock()
    type_text(qtbot, lock.box.password, "wrong-password")
    lock.box.unlock_button.click()
    assert lock.locked and hidden(editor)
    assert lock.box.message.text() == "密码不正确。再输错 4 次，账户将锁定 15 分钟。"
    assert lock.box.password.text() == ""
    assert events(store)[0] == "解除闲置锁定时密码错误"
    type_text(qtbot, lock.box.password, STAFF_PASSWORD)
    lock.box.unlock_button.click()
    assert not lock.locked and not any(c.isVisible() for c in window.findChildren(Cover) + editor.findChildren(Cover))
    assert editor.isVisible() and editor.editor.inputs["case_name"].control.text() == PARTY
    assert editor.editor.is_dirty() and store.user.name == "马丽"
    assert events(store)[0] == "解除闲置锁定"


def test_wrong_passwords_lock_the_account_as_at_the_login(qtbot, window, store):
    lock = window.idle_lock
    lock.lock()
    for _ in range(accounts.MAX_FAILURES):
        assert not lock.try_unlock("wrong-password")
    assert "账户已锁定 15 分钟" in lock.box.message.text()
    assert not lock.try_unlock(STAFF_PASSWORD) and "账户已锁定" in lock.box.message.text()
    lock.box.close()  # the title bar's button: the lock stays
    lock.box.reject()  # Esc too
    assert lock.locked and lock.box.isVisible() and hidden(window)


def test_another_user_may_log_in_only_when_nothing_typed_would_be_left(qtbot, window, editor, store):
    lock = window.idle_lock
    window.login = lambda db, shown, parent: accounts.login(db, "杨芳", STAFF_PASSWORD)
    lock.lock()
    lock.box.switch_button.click()
    assert lock.locked and store.user.name == "马丽"
    assert lock.box.message.text() == ("编辑窗口中有未保存的修改：只能由马丽输入密码解锁，保存后再换用户"
                                       "（修改不会丢失）。")
    assert lock.try_unlock(STAFF_PASSWORD)
    editor.editor._baseline = editor.editor.collect()  # as if saved
    lock.lock()
    lock.box.switch_button.click()
    assert not lock.locked and store.user.name == "杨芳" and window.actor == "杨芳"
    assert not editor.isVisible()  # closed: nothing of 马丽's left for 杨芳
    assert "杨芳（所长）" in window.user_label.text()


def test_giving_up_the_other_login_keeps_the_lock_and_the_user(qtbot, window, store):
    lock = window.idle_lock
    window.login = lambda *a: None
    lock.lock()
    lock.box.switch_button.click()
    assert lock.locked and store.user.name == "马丽" and lock.box.isVisible() and hidden(window)
    assert lock.try_unlock(STAFF_PASSWORD)


def test_a_message_box_open_at_the_moment_of_locking_is_covered_and_does_not_block_the_password(qtbot, window):
    lock, seen = window.idle_lock, {}
    box = QMessageBox(QMessageBox.Icon.Question, "删除记录", f"确定删除“{PARTY}”吗？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, window)

    def while_asked():
        lock.lock()
        seen["covered"] = hidden(box)
        seen["modal"] = QApplication.activeModalWidget() is lock.box
        seen["unlocked"] = lock.try_unlock(STAFF_PASSWORD)
        seen["still_asked"] = box.isVisible() and not box.findChildren(Cover)[0].isVisible()
        box.done(QMessageBox.StandardButton.No)

    QTimer.singleShot(0, while_asked)
    box.exec()  # its own event loop, as every question of the program
    assert seen == {"covered": True, "modal": True, "unlocked": True, "still_asked": True}


def test_a_message_shown_while_locked_is_covered_and_the_password_box_stays_on_top(qtbot, window):
    lock = window.idle_lock
    lock.lock()
    report = QMessageBox(QMessageBox.Icon.Information, "导入完成", f"已导入：{PARTY}", QMessageBox.StandardButton.Ok,
                         window)
    report.open()  # a finished job's report
    assert hidden(report)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is lock.box)
    assert lock.try_unlock(STAFF_PASSWORD)
    assert report.isVisible() and not hidden(report)
    report.done(0)


def test_a_job_running_when_the_program_locks_goes_on_to_its_end(qtbot, window):
    lock, go_on = window.idle_lock, threading.Event()
    task = run_task(window, "正在备份……", lambda progress: go_on.wait(10) and "备份完成")
    lock.lock()
    with qtbot.waitSignal(task.done, timeout=10_000) as finished:
        go_on.set()
    assert finished.args == ["备份完成"] and lock.locked
    assert lock.try_unlock(STAFF_PASSWORD)


def test_the_administrator_sets_the_minutes_in_settings_and_others_see_why_they_cannot(
        qtbot, store, staff, dialogs, ui_settings):
    clerk = open_window(qtbot, store, dialogs, ui_settings, accounts.login(store, "马丽", STAFF_PASSWORD))
    clerk.show_page(SETTINGS_PAGE)
    section = clerk.page(SETTINGS_PAGE).findChild(LockSection)
    assert section.choice.currentText() == "15 分钟" and not section.choice.isEnabled()
    assert section.choice.toolTip() == "录入员无权修改单位设置（需要管理员）"
    clerk.close()
    admin = open_window(qtbot, store, dialogs, ui_settings, accounts.login(store, "admin", STAFF_PASSWORD))
    admin.show_page(SETTINGS_PAGE)
    section = admin.page(SETTINGS_PAGE).findChild(LockSection)
    assert section.choice.isEnabled()
    section.choose(30)
    assert idle_lock.minutes(store) == 30 and admin.idle_lock.timer.remainingTime() > 29 * 60_000
    section.choose(0)
    assert not admin.idle_lock.timer.isActive() and not admin.idle_lock.watching


def test_a_database_without_accounts_does_not_lock_and_settings_say_why(qtbot, store, dialogs, ui_settings):
    window = open_window(qtbot, store, dialogs, ui_settings, "马文")
    lock, clock = window.idle_lock, FakeClock()
    lock.clock = clock
    lock.refresh(timeout_ms=1000)
    clock.now += 5
    lock.check()
    assert not lock.locked
    window.show_page(SETTINGS_PAGE)
    section = window.page(SETTINGS_PAGE).findChild(LockSection)
    assert not section.choice.isEnabled() and "没有账户就没有密码可问" in section.hint.text()


def test_the_county_pages_and_a_township_record_open_there_are_covered(qtbot, world, dialogs, ui_settings):  # noqa: F811
    world.clock.set(datetime(2026, 12, 31, 18, 0, tzinfo=UTC))  # every record of the known year has happened
    town = world.town("640522100")
    fill_known_year(town.store)
    assert world.import_(world.export(town).path).ok
    county = world.county
    accounts.add_account(county, "admin", "县局管理员", "管理员", STAFF_PASSWORD)
    window = open_window(qtbot, county, dialogs, ui_settings, accounts.login(county, "admin", STAFF_PASSWORD))
    window.show_page("county")
    page = window.pages["county"]
    names = [page.matrix.verticalHeaderItem(r).text() for r in range(page.matrix.rowCount())]
    drill = page.show_cell(names.index("海城镇"), 0)
    drill.open_row(0)
    assert isinstance(page.viewer, RecordViewer) and page.viewer.isVisible()
    window.idle_lock.lock()
    assert hidden(window) and hidden(page.viewer) and hidden(drill)
    assert window.idle_lock.try_unlock(STAFF_PASSWORD) and not hidden(page.viewer)
    page.viewer.close()
    drill.close()


def test_a_half_filled_dialog_keeps_another_user_from_logging_in(qtbot, window, store):
    """换用户登录 closed every open dialog: a person half entered in 人员名册 was thrown away without a word."""
    from PySide6.QtWidgets import QDialog, QLineEdit

    half = QDialog(window)
    half.setWindowTitle("添加人员")
    QLineEdit("马小龙", half)
    half.show()
    qtbot.waitExposed(half)
    lock = window.idle_lock
    window.login = lambda db, shown, parent: accounts.login(db, "杨芳", STAFF_PASSWORD)
    lock.lock()
    lock.box.switch_button.click()
    assert lock.locked and store.user.name == "马丽" and half.isVisible()
    assert lock.box.message.text() == ("“添加人员”窗口还开着（其中填写的内容会丢失）：只能由马丽输入密码解锁，"
                                       "关闭该窗口后再换用户。")
    assert lock.try_unlock(STAFF_PASSWORD)
    half.reject()
    lock.lock()
    lock.box.switch_button.click()
    assert not lock.locked and store.user.name == "杨芳"


def test_a_lock_box_that_cannot_be_built_leaves_no_window_covered(qtbot, window, monkeypatch):
    """The covers went up before the box was built: a fault building it left every window covered with no
    password box, and the program had to be killed."""
    from fazhi_desktop.qt import idle_lock as qt_idle_lock

    def broken(*args):
        raise RuntimeError("box")

    monkeypatch.setattr(qt_idle_lock, "LockBox", broken)
    lock = window.idle_lock
    with pytest.raises(RuntimeError):
        lock.lock()
    assert not lock.locked and not [c for c in window.findChildren(Cover) if c.isVisible()]


def test_a_fault_in_the_other_login_brings_the_lock_box_back(qtbot, window, store):
    lock = window.idle_lock

    def failing(*args):
        raise RuntimeError("login")

    window.login = failing
    lock.lock()
    with pytest.raises(RuntimeError):
        lock.switch_user()
    assert lock.locked and lock.box.isVisible() and store.user.name == "马丽" and hidden(window)
    assert lock.try_unlock(STAFF_PASSWORD)
