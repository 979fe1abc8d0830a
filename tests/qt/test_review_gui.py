"""Review and permissions in the GUI: what a role may not do is disabled with the reason as tooltip, refused by
core if reached anyway; locked records open read-only; 重新打开 asks the reason, which the history shows."""

from __future__ import annotations

import pytest
import review_steps
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from fazhi_desktop.core import accounts
from fazhi_desktop.qt.main_window import create_main_window
from fazhi_desktop.qt.session import PERMISSION

STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)


def as_user(store, name: str):
    return accounts.login(store, name, STAFF_PASSWORD)


@pytest.fixture
def meeting(store, staff, valid_record):
    as_user(store, "马丽")
    record = store.save("meeting", valid_record("meeting", location="会议室"), "")
    accounts.logout(store)
    return record


def submitted(store, record_id: str) -> None:
    user = store.user
    as_user(store, "马丽")
    review_steps.submit(store, record_id)
    store.user = user


def locked(store, record_id: str) -> None:
    user = store.user
    submitted(store, record_id)
    as_user(store, "杨芳")
    review_steps.lock(store, record_id)
    store.user = user


@pytest.fixture
def open_window(qtbot, store, dialogs, ui_settings):
    def make(name: str):
        window = create_main_window(store, dialogs, ui_settings, as_user(store, name))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.show_page("meeting")
        view = window.pages["meeting"]
        view.table.selectRow(0)
        return window

    return make


def is_read_only(window) -> bool:
    """The record's fields show their values but take no typing, and rows cannot be added."""
    editor = window.editor
    rows_fixed = editor.group_widget("agenda_items").add_button.isHidden()
    return editor.field_widget("location").control.isReadOnly() and rows_fixed


def editor_of(window, qtbot):
    editor = window.open_selected()
    qtbot.addWidget(editor)
    return editor


# -- the editor ------------------------------------------------------------------------------------------------


def test_a_clerk_submits_but_cannot_review_or_lock_and_is_told_why(qtbot, meeting, open_window, store):
    window = open_window("马丽")
    editor = editor_of(window, qtbot)
    bar = editor.review_bar
    assert bar.buttons["submit"].isVisible() and bar.buttons["submit"].isEnabled()
    bar.buttons["submit"].click()
    assert store.get(meeting.id).status == "submitted"
    assert "已提交" in editor.editor.header.text()
    revision = store.get(meeting.id).revision  # the status line said 已保存 with the version before
    assert editor.editor.status.text() == f"已提交审核：{meeting.number}（第 {revision} 版）"
    for name, why in (("review", "录入员无权审核记录（需要所长或管理员）"),
                      ("lock", "录入员无权锁定记录（需要所长或管理员）")):
        button = bar.buttons[name]
        assert button.isVisible() and not button.isEnabled() and button.toolTip() == why
    assert not bar.buttons["reopen"].isEnabled()
    assert bar.buttons["reopen"].toolTip() == "录入员无权重新打开记录（需要所长或管理员）"


def test_a_locked_record_opens_read_only_with_a_banner_and_no_reopen_for_clerks(qtbot, meeting, open_window, store):
    locked(store, meeting.id)
    window = open_window("马丽")
    editor = editor_of(window, qtbot)
    assert is_read_only(editor)
    assert editor.review_bar.banner.isVisible() and editor.review_bar.banner.text() == "已锁定，所长可重新打开"
    assert not editor.save_button.isEnabled() and "已锁定" in editor.save_button.toolTip()
    reopen = editor.review_bar.buttons["reopen"]
    assert reopen.isVisible() and not reopen.isEnabled() and reopen.text() == "重新打开(&O)…"
    assert not editor.save()


def test_the_office_head_reopens_with_a_reason_and_the_history_shows_it(qtbot, meeting, open_window, store, dialogs):
    locked(store, meeting.id)
    window = open_window("杨芳")
    editor = editor_of(window, qtbot)
    reopen = editor.review_bar.buttons["reopen"]
    assert reopen.isEnabled()
    dialogs.text_answers = [None]  # cancelled: nothing happens
    reopen.click()
    assert store.get(meeting.id).status == "locked"
    dialogs.text_answers = ["  "]
    reopen.click()
    assert store.get(meeting.id).status == "locked" and "必须说明原因" in dialogs.texts()
    dialogs.text_answers = ["补充参会人员名单"]
    reopen.click()
    assert store.get(meeting.id).status == "draft"
    assert not is_read_only(editor) and editor.save_button.isEnabled()
    assert "重新打开，退回录入员修改：补充参会人员名单" in editor.review_bar.banner.text()  # said, not a lock
    history = editor.review_bar.show_history()
    qtbot.addWidget(history)
    last = history.revision_table.rowCount() - 1
    row = [history.revision_table.item(last, c).text() for c in range(history.revision_table.columnCount())]
    assert row[0] == "4" and row[2:] == ["杨芳", "重新打开（退回录入员修改）", "草稿", "补充参会人员名单"]
    assert "原因：补充参会人员名单" in history.change_title.text()
    assert history.change_table.item(0, 0).text() == "状态"


def test_a_reviewed_record_is_read_only_for_a_clerk_but_not_for_the_office_head(qtbot, meeting, open_window, store):
    submitted(store, meeting.id)
    as_user(store, "杨芳")
    review_steps.review(store, meeting.id)
    clerk_editor = editor_of(open_window("马丽"), qtbot)
    assert is_read_only(clerk_editor)
    assert "录入员不能再修改" in clerk_editor.review_bar.banner.text()
    clerk_editor.close()
    head_editor = editor_of(open_window("杨芳"), qtbot)
    assert not is_read_only(head_editor) and not head_editor.review_bar.banner.isVisible()


def test_the_history_dialog_names_the_changed_fields(qtbot, meeting, open_window, store):
    window = open_window("马丽")
    editor = editor_of(window, qtbot)
    editor.editor.field_widget("location").set_value("二楼会议室")
    assert editor.save()
    history = editor.review_bar.show_history()
    qtbot.addWidget(history)
    assert history.revision_table.rowCount() == 2
    assert history.changed_labels(2) == ["地点"]
    assert history.note.text().startswith("共 2 版") and "不能被改动" in history.note.text()
    assert not any(jargon in history.note.text() for jargon in ("哈希", "fazhi", "日志")), "plain words for a clerk"
    assert [history.change_table.item(0, c).text() for c in range(3)] == ["地点", "会议室", "二楼会议室"]
    history.show()
    widths = [history.change_table.columnWidth(c) for c in (1, 2)]
    assert abs(widths[0] - widths[1]) <= 1, widths  # alike: 原值 was squeezed and wrapped beside a wide 新值


def test_the_history_rows_in_large_text_are_one_line_each(qtbot, store, valid_record, monkeypatch):
    """In 长者模式 on a 1366x768 laptop the rows 会议名称/届次 and 会议类型 were two lines high, the others one, though
    every value fits on one line: the rows were sized before the window had its width."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    from fazhi_desktop.qt import fonts
    from fazhi_desktop.qt.history_dialog import HistoryDialog

    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 1366, 728))
    app = QApplication.instance()
    fonts.apply_text_size(app, True)
    try:
        record = store.save("meeting", valid_record("meeting", title="2026年第15次镇政府常务会议",
                                                    location="镇政府三楼会议室"), "杨芳")
        history = HistoryDialog(store, record.id)
        qtbot.addWidget(history)
        history.show()
        qtbot.waitExposed(history)
        table = history.change_table
        heights = {table.item(r, 0).text(): table.rowHeight(r) for r in range(table.rowCount())}
        assert "会议类型" in heights and len(set(heights.values())) == 1, heights
        history.resize(history.width() // 2, history.height())  # narrower: long values take more lines again
        QApplication.processEvents()
        tall = [table.item(r, 0).text() for r in range(table.rowCount()) if table.rowHeight(r) > min(heights.values())]
        assert "会议名称/届次" in tall
    finally:
        fonts.apply_text_size(app, False)


def test_the_review_buttons_keep_their_size_at_the_right_when_there_is_no_banner(qtbot, meeting, open_window):
    editor = editor_of(open_window("马丽"), qtbot)
    editor.resize(1000, 700)
    editor.show()
    qtbot.waitExposed(editor)
    bar = editor.review_bar
    assert not bar.banner.isVisible()
    for button in (bar.buttons["submit"], bar.history_button):
        assert button.isVisible() and button.width() <= button.sizeHint().width() + 8, button.text()
    assert bar.history_button.geometry().right() > bar.width() * 0.9


def test_a_step_with_unsaved_changes_offers_to_save_first(qtbot, meeting, open_window, store, dialogs):
    """It only said 请先保存, where 打印 offers 保存并打印."""
    editor = editor_of(open_window("马丽"), qtbot)
    editor.editor.field_widget("location").set_value("别处")
    dialogs.confirm_answers = [False]
    editor.review_bar.buttons["submit"].click()
    assert store.get(meeting.id).status == "draft" and "提交审核前先保存吗" in dialogs.texts()
    dialogs.confirm_answers = [True]  # 保存并提交审核
    editor.review_bar.buttons["submit"].click()
    stored = store.get(meeting.id)
    assert stored.status == "submitted" and stored["location"] == "别处"


def test_save_and_submit_stops_once_for_the_records_warnings(qtbot, meeting, open_window, store, dialogs):
    """保存并提交审核 sent a record with 结束时间早于开始时间 for review without showing the orange."""
    editor = editor_of(open_window("马丽"), qtbot)
    editor.editor.field_widget("start_time").set_value("15:00")
    editor.editor.field_widget("end_time").set_value("09:00")
    dialogs.confirm_answers = [True]  # 保存并提交审核
    editor.review_bar.buttons["submit"].click()
    assert store.get(meeting.id).status == "draft" and "1 条提醒" in dialogs.texts()
    editor.review_bar.buttons["submit"].click()  # seen: pressed again, it goes
    assert store.get(meeting.id).status == "submitted"


# -- the main window -------------------------------------------------------------------------------------------


def test_a_clerk_cannot_delete_a_locked_record_and_the_menu_says_why(qtbot, meeting, open_window, store, dialogs):
    locked(store, meeting.id)
    window = open_window("马丽")
    assert not window.delete_action.isEnabled()
    assert window.delete_action.toolTip() == "不能删除：已锁定，所长可重新打开"
    window.delete_selected()  # reached anyway (a shortcut, a script): core refuses, nothing is deleted
    dialogs.confirm_answers = [True]
    window.delete_selected()
    assert not store.get(meeting.id).deleted
    assert "已锁定，不能删除" in dialogs.texts()


def test_delete_pressed_on_a_record_she_may_not_delete_says_why_in_the_status_bar(qtbot, meeting, open_window, store,
                                                                                  dialogs, valid_record):
    """The greyed 删除记录 takes no key: Delete on a reviewed record, or on several rows, did nothing, said nothing."""
    submitted(store, meeting.id)
    as_user(store, "杨芳")
    review_steps.review(store, meeting.id)
    window = open_window("马丽")
    table = window.pages["meeting"].table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert window.statusBar().currentMessage() == window.delete_action.toolTip() == \
        "不能删除：所长已审核，录入员不能再修改或删除（可请所长修改或重新打开）"
    store.save("meeting", valid_record("meeting", title="第二次会议"), "")
    window.refresh_current()
    table.selectAll()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert window.statusBar().currentMessage() == "不能删除：选中了多条记录，一次只能删除一条"
    assert dialogs.shown == [] and not store.get(meeting.id).deleted


def test_a_clerk_may_delete_a_draft(qtbot, meeting, open_window, store, dialogs):
    window = open_window("马丽")
    assert window.delete_action.isEnabled()
    dialogs.confirm_answers = [True]
    window.delete_selected()
    assert store.get(meeting.id, include_deleted=True).deleted


def actions_needing(window, permission: str) -> list[QAction]:
    return [a for a in window.findChildren(QAction) if a.property(PERMISSION) == permission]


@pytest.mark.parametrize(("permission", "why"), [
    ("accounts.manage", "账户管理须由管理员操作"),
    ("restore", "从备份恢复须由管理员操作"),
    ("keys.manage", "密钥与登记须由所长或管理员操作"),
])
def test_a_clerk_sees_what_they_may_not_do_disabled_with_the_reason(permission, why, meeting, open_window):
    window = open_window("马丽")
    found = actions_needing(window, permission)
    assert found
    for action in found:  # each entry named as it is shown (session.refresh)
        assert not action.isEnabled() and action.toolTip() == why


def test_the_administrator_has_every_action(meeting, open_window):
    window = open_window("admin")
    for permission in ("accounts.manage", "restore", "keys.manage"):
        assert all(a.isEnabled() for a in actions_needing(window, permission))
    assert window.user_label.text() == "当前用户：系统管理员（管理员）"


def test_the_history_action_follows_the_selection(qtbot, meeting, open_window):
    window = open_window("马丽")
    assert window.history_action.isEnabled()
    dialog = window.history_action.trigger() or window.history_dialog
    qtbot.addWidget(dialog)
    assert dialog.revision_table.rowCount() == 1
    window.pages["meeting"].table.clearSelection()
    QApplication.processEvents()
    assert not window.history_action.isEnabled()


def test_the_administrator_adds_an_account_in_the_accounts_dialog(qtbot, meeting, open_window, store):
    window = open_window("admin")
    window.accounts_action.trigger()
    manager = window.accounts_dialog
    qtbot.addWidget(manager)
    assert manager.table.rowCount() == 3
    add = manager.add_account()
    add.name.setText("李强")
    add.role.setCurrentIndex(add.role.findText("所长"))
    add.password.setText("xin-mima-2026")
    add.again.setText("xin-mima-2027")
    assert not add.submit() and "不一致" in add.message.text()
    add.again.setText("xin-mima-2026")
    assert add.submit()
    assert manager.table.rowCount() == 4
    assert accounts.authenticate(store, "李强", "xin-mima-2026").role_label == "所长"


def test_a_clerk_changes_their_own_password(qtbot, meeting, open_window, store, dialogs):
    window = open_window("马丽")
    window.password_action.trigger()
    dialog = window.password_dialog
    qtbot.addWidget(dialog)
    dialog.old.setText("wrong-password")
    dialog.new.setText("xin-mima-2026")
    dialog.again.setText("xin-mima-2026")
    assert not dialog.submit() and dialog.message.text().startswith("原密码不正确。再输错 4 次")  # counts, as a login
    dialog.old.setText(STAFF_PASSWORD)
    assert dialog.submit() and "密码已修改" in dialogs.texts()
    assert accounts.authenticate(store, "马丽", "xin-mima-2026").name == "马丽"


def test_a_worker_job_acts_for_the_logged_in_user(store, staff):
    """The GUI's background jobs open their own connection (qt/tasks.py own_store_job); it carried the forms and
    the clock but not the user, so core checked no permission there unless each job remembered to set it."""
    from fazhi_desktop.qt.tasks import own_store_job

    as_user(store, "马丽")
    seen = own_store_job(store, lambda worker, _progress: worker.user)(lambda *_: None)
    assert seen is not None and seen.name == "马丽"
