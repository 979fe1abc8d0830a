# ruff: noqa: F811  (the open_window fixture imported from test_review_gui)
"""The 所长 reads the month's submitted records one by one: 通过并打开下一条 (Alt+N) approves the record and opens
the next one awaiting her review in the order of the list she opened it from; the review steps' Alt keys."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import review_steps
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from helpers import press, shortcuts_in_large_text, type_text
from test_review_gui import as_user, open_window  # noqa: F401  (open_window is a fixture)

from fazhi_desktop.core import accounts, review
from fazhi_desktop.qt.review_bar import NEXT_TIP

ALT = Qt.KeyboardModifier.AltModifier
#: title, date: numbered 第1号 … 第4号 in this order; the list (newest first) shows 2, 4, 1, 3
MEETINGS = [("第一次常务会议", "2026-03-05"), ("第二次常务会议", "2026-05-20"), ("第三次常务会议", "2026-01-10"),
            ("第四次常务会议", "2026-04-01")]


@pytest.fixture
def month(store, staff, valid_record):
    """The clerk's month: four meetings, all submitted but the fourth (a draft)."""
    as_user(store, "马丽")
    records = [store.save("meeting", valid_record("meeting", title=title, held_on=day), "") for title, day in MEETINGS]
    for record in records[:3]:
        review_steps.submit(store, record.id)
    accounts.logout(store)
    return [store.get(r.id) for r in records]


def open_from_list(window, title: str):
    """Select the row of the meeting `title` in the list and open it (Enter). The editor closes with the main
    window (qtbot's): 通过并打开下一条 closes and deletes it before that."""
    view = window.pages["meeting"]
    column = view.model.columns.index("title")
    row = next(r for r in range(view.model.total) if view.model.index(r, column).data() == title)
    view.table.selectRow(row)
    return window.open_selected()


def press_alt(qtbot, key: Qt.Key, done) -> None:
    """Alt and a button's letter, in the active window: the button is pressed as a click is, shown pressed for a
    moment first (Qt's animateClick), so the test waits until `done()`."""
    press(qtbot, key, ALT)
    qtbot.waitUntil(done)


def activate(qtbot, editor) -> None:
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)


def open_editors(window) -> list:
    return [e for e in window.editors.values() if e.isVisible()]


def the_editor(window, qtbot):
    """The one editor window open, once the previous one has closed."""
    qtbot.waitUntil(lambda: len(open_editors(window)) == 1)
    [editor] = open_editors(window)
    return editor


def selected_title(window) -> str:
    return window.selected_record()["title"]


def test_the_head_walks_the_list_approving_each_record_after_reading_it(qtbot, month, open_window, store, dialogs):
    window = open_window("杨芳")
    editor = open_from_list(window, "第二次常务会议")  # the newest, at the top of the list
    editor.move(40, 30)
    place = editor.geometry()
    bar = editor.review_bar
    assert bar.next_button.isVisible() and bar.next_button.isEnabled() and bar.next_button.toolTip() == NEXT_TIP
    bar.next_button.click()
    assert store.get(month[1].id).status == "reviewed"
    editor = the_editor(window, qtbot)
    assert editor.editor.record.id == month[0].id  # 第四次 (a draft) passed by: 第一次, as the list goes on
    assert editor.geometry() == place and selected_title(window) == "第一次常务会议"
    editor.review_bar.next_button.click()
    editor = the_editor(window, qtbot)
    assert editor.editor.record.id == month[2].id
    editor.review_bar.next_button.click()  # the last one waiting
    assert store.get(month[2].id).status == "reviewed"
    assert the_editor(window, qtbot) is editor and editor.editor.record.status == "reviewed"  # it stays
    said = "已审核通过 〔2026〕会记字第3号。本台账已没有待审核的记录。"
    assert dialogs.shown[-1] == ("info", "通过并打开下一条", said)
    assert editor.editor.status.text().endswith("；本台账已没有待审核的记录")
    assert editor.review_bar.next_button.isHidden()  # a reviewed record has nothing to approve
    assert [store.get(r.id).status for r in month] == ["reviewed", "reviewed", "reviewed", "draft"]


def test_alt_n_follows_the_lists_own_sort_and_filter(qtbot, month, open_window, store):
    """Sorted by 编号 and showing only 已提交 (the records she has approved leave the list as she goes)."""
    window = open_window("杨芳")
    view = window.pages["meeting"]
    view.status_combo.setCurrentIndex(view.status_combo.findText("已提交"))
    view.table.sortByColumn(view.model.columns.index("number"), Qt.SortOrder.AscendingOrder)
    first = open_from_list(window, "第一次常务会议")
    activate(qtbot, first)
    press_alt(qtbot, Qt.Key.Key_N, lambda: open_editors(window) != [first])
    editor = the_editor(window, qtbot)
    assert editor.editor.record.id == month[1].id  # 第2号, not the 第三次 a list by date gives
    assert store.get(month[0].id).status == "reviewed"


def test_opened_from_elsewhere_the_next_is_in_number_order(qtbot, month, open_window):
    """From 核验打印件 or 本年度指标 there is no list to follow."""
    window = open_window("杨芳")
    editor = window.open_record(month[1])
    editor.review_bar.next_button.click()
    assert the_editor(window, qtbot).editor.record.id == month[2].id  # 第3号 after 第2号 (the list gives 第一次)


def test_unsaved_changes_are_saved_first_and_doubts_stop_before_the_next(qtbot, month, open_window, store, dialogs):
    window = open_window("杨芳")
    editor = open_from_list(window, "第二次常务会议")
    editor.editor.field_widget("location").set_value("镇政府三楼会议室")
    editor.review_bar.next_button.click()  # 取消 (the scripted answer): nothing happens
    assert store.get(month[1].id).status == "submitted" and open_editors(window) == [editor]
    assert "审核通过前先保存吗" in dialogs.texts()
    editor.editor.field_widget("start_time").set_value("15:00")
    editor.editor.field_widget("end_time").set_value("09:00")
    dialogs.confirm_answers = [True]  # 保存并审核通过: saved, and the orange is seen before it goes on
    editor.review_bar.next_button.click()
    stored = store.get(month[1].id)
    assert stored.status == "submitted" and stored["location"] == "镇政府三楼会议室"
    assert open_editors(window) == [editor] and "1 条提醒" in dialogs.texts()


def test_a_clerk_sees_the_step_disabled_and_why(qtbot, month, open_window):
    window = open_window("马丽")
    editor = open_from_list(window, "第一次常务会议")
    button = editor.review_bar.next_button
    assert button.isVisible() and not button.isEnabled()
    assert button.toolTip() == "录入员无权审核记录（需要所长或管理员）"


def test_each_review_step_has_its_alt_key(qtbot, month, open_window, store, dialogs):
    """提交审核 had no key at all: the clerk reached for the mouse after every Ctrl+S."""
    def status() -> str:
        return store.get(month[3].id).status

    window = open_window("马丽")
    editor = open_from_list(window, "第四次常务会议")
    activate(qtbot, editor)
    assert editor.review_bar.buttons["submit"].text() == "提交审核(&T)"  # shown 提交审核(T), the T underlined
    press_alt(qtbot, Qt.Key.Key_T, lambda: status() == "submitted")
    window.close()
    window = open_window("杨芳")
    editor = open_from_list(window, "第四次常务会议")
    activate(qtbot, editor)
    press_alt(qtbot, Qt.Key.Key_R, lambda: status() == "reviewed")
    press_alt(qtbot, Qt.Key.Key_L, lambda: status() == "locked")
    dialogs.text_answers = ["补充议题"]
    press_alt(qtbot, Qt.Key.Key_O, lambda: status() == "draft")
    press_alt(qtbot, Qt.Key.Key_H, lambda: getattr(editor.review_bar, "history_dialog", None) is not None)
    qtbot.addWidget(editor.review_bar.history_dialog)
    window.show_shortcuts()
    listed = dialogs.shown[-1][2]
    for keys, what in (("Alt+T / Alt+R / Alt+N", "提交审核 / 审核通过 / 通过并打开下一条"),
                       ("Alt+L / Alt+O / Alt+H", "锁定 / 重新打开 / 修改历史")):
        assert f'<td style="padding-right:16px">{keys}</td><td>{what}</td>' in listed, keys


def test_the_alt_key_of_a_step_that_cannot_be_taken_says_why_in_the_status_line(qtbot, month, open_window, store,
                                                                               dialogs):
    """A disabled step's Alt key said nothing (the reason was only in the tooltip, which a keyboard user never
    sees) and went on to the field being typed in as its letter."""
    window = open_window("马丽")
    editor = open_from_list(window, "第一次常务会议")  # submitted: the clerk may not approve or lock it
    activate(qtbot, editor)
    field = QApplication.focusWidget()
    typed = field.text()
    status = editor.editor.status
    for key, said in ((Qt.Key.Key_R, "无法审核通过（Alt+R）：录入员无权审核记录（需要所长或管理员）"),
                      (Qt.Key.Key_N, "无法通过并打开下一条（Alt+N）：录入员无权审核记录（需要所长或管理员）"),
                      (Qt.Key.Key_L, "无法锁定（Alt+L）：录入员无权锁定记录（需要所长或管理员）"),
                      (Qt.Key.Key_T, "无法提交审核（Alt+T）：记录状态为“已提交”，只有“草稿”的记录可以提交审核")):
        press(qtbot, key, ALT)
        assert status.isVisible() and status.text() == said
    assert field.text() == typed and not editor.editor.is_dirty()  # no letter slipped into the field
    assert dialogs.shown == [] and store.get(month[0].id).status == "submitted"
    type_text(qtbot, field, "补")
    press(qtbot, Qt.Key.Key_O, ALT)  # a change not yet saved is still said to be there
    assert status.text() == ("无法重新打开（Alt+O）：录入员无权重新打开记录（需要所长或管理员）；"
                             "有未保存的修改（Ctrl+S 保存）")


def test_the_alt_keys_of_a_new_record_say_it_must_be_saved_first(qtbot, month, open_window, dialogs):
    window = open_window("马丽")
    editor = window.open_editor("meeting", None)
    activate(qtbot, editor)
    press(qtbot, Qt.Key.Key_T, ALT)
    assert editor.editor.status.text() == "无法提交审核（Alt+T）：新记录保存后才能提交审核"
    press(qtbot, Qt.Key.Key_H, ALT)
    assert editor.editor.status.text() == "无法查看修改历史（Alt+H）：保存后才有修改历史"
    assert dialogs.shown == [] and editor.editor.is_untouched_new()


def test_the_shortcuts_with_the_review_keys_fit_a_laptop_screen_in_large_text(qtbot, month, open_window, dialogs):
    """帮助 → 快捷键 in 长者模式 was 690 pixels high, just within a 1366x768 laptop's screen less its task bar and
    the box's title bar: the review keys are two rows more, and the rows lost their spacing."""
    with shortcuts_in_large_text(qtbot, open_window("杨芳"), dialogs) as (_, box):
        assert box.height() <= 768 - 40 - 30, box.height()


def test_the_review_bar_fits_a_laptop_in_large_text(qtbot, month, open_window):
    """In 长者模式 the editor opens 1326 pixels wide on a 1366x768 laptop: the 所长's five buttons stay whole."""
    window = open_window("杨芳")
    window.set_large_text(True)
    try:
        editor = open_from_list(window, "第二次常务会议")
        editor.resize(1326, 708)
        QApplication.processEvents()
        bar = editor.review_bar
        shown = sorted((b for b in (*bar.buttons.values(), bar.next_button, bar.history_button) if b.isVisible()),
                       key=lambda b: b.x())
        assert [b.text() for b in shown] == ["审核通过(&R)", "通过并打开下一条(&N)", "锁定(&L)", "重新打开(&O)…",
                                             "历史(&H)"]
        for button in shown:
            assert button.width() >= button.sizeHint().width() and button.geometry().right() < bar.width(), \
                button.text()
        assert editor.minimumSizeHint().width() <= 1024 - 40  # a 1024-pixel screen's window too
    finally:
        window.set_large_text(False)


def test_the_end_of_a_searched_list_is_not_taken_for_the_end_of_the_ledger(qtbot, month, open_window, store, dialogs):
    """With the list searched for 第一次 the walk ends at once, while 第二次 and 第三次 still await her: the message
    says the list, not the ledger, is done (本台账已没有 would let the 所长 take the month for finished)."""
    window = open_window("杨芳")
    view = window.pages["meeting"]
    view.search.setText("第一次")
    qtbot.waitUntil(lambda: view.model.total == 1)
    editor = open_from_list(window, "第一次常务会议")
    editor.review_bar.next_button.click()
    said = f"已审核通过 {month[0].number}。{review.NONE_LEFT_IN_LIST}。"
    assert dialogs.shown[-1] == ("info", "通过并打开下一条", said)
    assert [store.get(r.id).status for r in month[1:3]] == ["submitted", "submitted"]


def test_the_next_record_opens_maximized_where_the_approved_one_was(qtbot, month, open_window):
    """On a laptop the 所长 reads maximized; the next record's window took the maximized size but not the state, its
    frame off the screen's edges."""
    window = open_window("杨芳")
    editor = open_from_list(window, "第二次常务会议")
    editor.showMaximized()
    qtbot.waitUntil(editor.isMaximized)
    editor.review_bar.next_button.click()
    following = the_editor(window, qtbot)
    assert following is not editor and following.isMaximized()
