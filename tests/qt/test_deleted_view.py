"""Delete then Enter keeps the record (the question's Enter is 取消), and a record deleted all the same comes back
from 编辑 → 已删除的记录… with its number, into its list."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from test_main_window import ledger_view, select

from fazhi_desktop.core.store import ListQuery
from fazhi_desktop.qt.dialogs import Dialogs
from fazhi_desktop.qt.history_dialog import HistoryDialog
from fazhi_desktop.qt.main_window import create_main_window

ACTOR = "杨芳"


def window_with(qtbot, store, dialogs, ui_settings):
    window = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(window)
    window.resize(1180, 720)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # the Delete shortcut reaches only the active window
    return window


def test_delete_then_enter_keeps_the_record(qtbot, store, dialogs, ui_settings, valid_record):
    """The real question box: its Enter deleted the record at once (its default button was 删除)."""

    class RealQuestions(type(dialogs)):  # the questions in Qt's own box; the rest scripted (no box left open)
        confirm = Dialogs.confirm

    store.save("meeting", valid_record("meeting", title="政府常务会议"), ACTOR)
    window = window_with(qtbot, store, RealQuestions(), ui_settings)
    view = ledger_view(window)
    select(view, "政府常务会议")
    view.table.setFocus()
    asked = []

    def press_enter():  # on the question box once it is up and has the keyboard (offscreen: once activated)
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isActiveWindow():
            asked.append((box.text(), box.defaultButton().text()))
            qtbot.keyClick(QApplication.focusWidget() or box, Qt.Key.Key_Return)
            return
        if isinstance(box, QMessageBox):
            box.activateWindow()
        QTimer.singleShot(10, press_enter)

    QTimer.singleShot(0, press_enter)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert asked[0][0].startswith("确定从“会议”台账中删除") and asked[0][1] == "取消"
    assert store.count("meeting") == 1 and view.model.rowCount() == 1


def test_a_deleted_record_is_restored_from_the_list_of_deleted_records(qtbot, store, dialogs, ui_settings,
                                                                       valid_record):
    kept = store.save("meeting", valid_record("meeting", title="党委会第1次"), ACTOR)
    gone = store.save("meeting", valid_record("meeting", title="政府常务会议"), ACTOR)
    window = window_with(qtbot, store, dialogs, ui_settings)
    view = ledger_view(window)
    select(view, "政府常务会议")
    view.table.setFocus()
    dialogs.confirm_answers = [True]
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert dialogs.confirm_defaults == [False] and view.model.rowCount() == 1
    assert window.statusBar().currentMessage() == "已删除，可在“编辑 → 已删除的记录…”中恢复"

    action = next(a for a in window.findChildren(type(window.delete_action)) if a.text().startswith("已删除的记录"))
    assert action.isEnabled()
    action.trigger()
    dialog = window.deleted_dialog
    assert dialog.table.rowCount() == 1
    cells = [dialog.table.item(0, column).text() for column in range(dialog.table.columnCount())]
    assert cells[:3] == ["会议", gone.number, "政府常务会议"] and cells[5:] == [ACTOR, "可以恢复"]
    history = dialog.show_history()
    assert isinstance(history, HistoryDialog) and [r.action for r in history.revisions] == ["新建", "删除"]
    history.close()

    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # Enter on the row asks 恢复, as the button (it did nothing)
    assert dialogs.shown[-1][:2] == ("confirm", "恢复记录") and dialog.table.rowCount() == 1  # 取消: still deleted
    dialogs.confirm_answers = [True]
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialogs.shown[-1][:2] == ("confirm", "恢复记录") and dialogs.confirm_defaults[-1] is True
    assert dialog.table.rowCount() == 0 and not dialog.restore_button.isEnabled()
    assert sorted(column_titles(view)) == ["党委会第1次", "政府常务会议"]  # the list shows it again
    assert [r.number for r in store.list(ListQuery("meeting"))] == [gone.number, kept.number]
    assert "会议 2" in window.counts_label.text()
    dialog.close()


def column_titles(view) -> list[str]:
    col = view.model.columns.index("title")
    return [view.model.data(view.model.index(row, col)) for row in range(view.model.rowCount())]


def test_restoring_a_record_the_export_would_refuse_says_to_correct_it(qtbot, store, dialogs, ui_settings,
                                                                       valid_record):
    """A 会议日期 of 9999 an older version saved came back without a word, and the next export was refused."""
    from bundle_world import saved_by_an_older_version

    from fazhi_desktop.qt.deleted_view import open_deleted_records

    gone = store.save("meeting", valid_record("meeting"), ACTOR)
    saved_by_an_older_version(store, gone.id, held_on="9999-12-31")
    store.delete(gone.id, ACTOR)
    window = window_with(qtbot, store, dialogs, ui_settings)
    dialog = open_deleted_records(window)
    dialog.table.selectRow(0)
    dialogs.confirm_answers = [True]
    dialog.restore()
    assert not store.get(gone.id).deleted  # restored all the same: deleted, it could not be corrected
    assert dialogs.shown[-1][1] == "已恢复，请核对"
    assert "已恢复；导出前须打开记录改正：会议日期：年份应在 2000–2100 之间，收到 9999" in dialogs.shown[-1][2]
    dialog.close()


def test_the_selected_rows_reason_is_said_whole_under_the_list_in_large_text(qtbot, store, dialogs, ui_settings,
                                                                             valid_record):
    """长者模式 at 1326x668: the 说明 column read "2025年已封账，须由所长或…", the way out (先重新打开2025年（编辑 →
    年度封账…）) only in tooltips. The selected row's 说明 is now said whole under the list, following the selection."""
    from fazhi_desktop.core import year_close
    from fazhi_desktop.qt.deleted_view import open_deleted_records

    old = store.save("meeting", valid_record("meeting", title="政府常务会议", held_on="2025-03-05"), ACTOR)
    store.delete(old.id, ACTOR)
    year_close.close_year(store, 2025, ACTOR)
    store.delete(store.save("complaint", valid_record("complaint"), ACTOR).id, ACTOR)
    window = window_with(qtbot, store, dialogs, ui_settings)
    window.set_large_text(True)
    try:
        window.resize(1326, 668)
        dialog = open_deleted_records(window)
        qtbot.addWidget(dialog)
        qtbot.waitExposed(dialog)
        label = dialog.said_label
        rows = {dialog.table.item(row, 0).text(): row for row in range(2)}
        dialog.table.selectRow(rows["投诉举报"])
        assert label.text() == "可以恢复"
        dialog.table.selectRow(rows["会议"])
        assert label.text() == "不能恢复：2025年已封账，须由所长或管理员先重新打开2025年（编辑 → 年度封账…）"
        QApplication.processEvents()
        assert label.isVisible() and label.height() >= label.heightForWidth(label.width())  # every line shown
        assert label.geometry().bottom() < dialog.restore_button.geometry().top()
    finally:
        window.set_large_text(False)
