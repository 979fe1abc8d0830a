# ruff: noqa: F811  (the open_window fixture imported from test_review_gui)
"""Batch review in the GUI: 编辑 → 批量审核通过… lists the ledger's submitted records, all ticked; the 所长 unticks
what she wants to look at first, presses Enter, and sees what was done and why any record was left."""

from __future__ import annotations

import pytest
import review_steps
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from test_review_gui import as_user, open_window  # noqa: F401  (open_window is a fixture)

from fazhi_desktop.core import accounts
from fazhi_desktop.qt.batch_review import COLUMNS
from fazhi_desktop.qt.main_window import create_main_window

LATE_END = "结束时间早于开始时间，请核对；如跨过午夜到次日，无需修改（打印为“次日”）"  # two clock times


@pytest.fixture
def evening(store, staff, valid_record):
    """The clerk's evening: 12 meetings submitted for review (the first two dated 2025, late), and one draft."""
    as_user(store, "马丽")
    records = [store.save("meeting", valid_record("meeting", title=f"第{i}次乡镇政府常务会议",
                                                  held_on="2025-12-20" if i <= 2 else "2026-03-05"), "")
               for i in range(1, 13)]
    records = [review_steps.submit(store, r.id) for r in records]
    store.save("meeting", valid_record("meeting", title="还在录入的会议"), "")
    accounts.logout(store)
    return records


def batch_action(window, label: str) -> QAction:
    edit = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("编辑"))
    return next(a for a in edit.actions() if a.text().startswith(f"批量{label}"))


def open_dialog(window, qtbot, label: str):
    batch_action(window, label).trigger()
    dialog = window.batch_review_dialog
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    return dialog


def rows(dialog) -> list[list[str]]:
    return [[dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())]
            for r in range(dialog.table.rowCount())]


def ticked(dialog) -> list[bool]:
    return [dialog.table.item(r, 0).checkState() == Qt.CheckState.Checked for r in range(dialog.table.rowCount())]


def wait_for_result(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: dialog.task is None and dialog.result_label.isVisible(), timeout=10_000)


def listed_numbers(window) -> list[str]:
    """The 编号 column of the main window's meeting list."""
    view = window.pages["meeting"]
    column = view.model.columns.index("number")
    return [view.model.index(r, column).data() for r in range(view.model.total)]


def test_the_office_head_reviews_the_evenings_records_with_the_keyboard(qtbot, evening, open_window, store):
    window = open_window("杨芳")
    view = window.pages["meeting"]
    view.status_combo.setCurrentIndex(view.status_combo.findText("已提交"))
    assert len(listed_numbers(window)) == 12
    dialog = open_dialog(window, qtbot, "审核通过")
    assert dialog.windowTitle() == "批量审核通过"
    assert [row[0] for row in rows(dialog)] == [r.number for r in evening]  # the draft is not offered
    assert rows(dialog)[0][1:] == ["2025-12-20", "第1次乡镇政府常务会议", "马丽", "已提交", ""]
    assert all(ticked(dialog)) and dialog.run_button.text() == "审核通过（12 条）"
    dialog.table.setFocus()
    dialog.table.setCurrentCell(1, 2)  # Space ticks the row whichever cell is current
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert ticked(dialog)[1] is False and dialog.run_button.text() == "审核通过（11 条）"
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    wait_for_result(qtbot, dialog)
    assert dialog.result_label.text() == "审核通过 11 条。"
    assert not dialog.refused_box.isVisible()
    assert [store.get(r.id).status for r in evening].count("reviewed") == 11
    assert store.get(evening[1].id).status == "submitted"
    assert [row[0] for row in rows(dialog)] == [evening[1].number] and ticked(dialog) == [False]
    assert not dialog.run_button.isEnabled() and dialog.run_button.text() == "审核通过（0 条）"
    assert listed_numbers(window) == [evening[1].number]  # the list (filtered: 已提交) follows at once
    assert store.history(evening[0].id)[-1]["actor"] == "杨芳"


def test_batch_lock_ticks_only_what_was_reviewed(qtbot, evening, open_window, store):
    """The 所长 left 第5号 unreviewed to look at later; the next 批量锁定 had it ticked and locked it unseen."""
    as_user(store, "杨芳")
    for record in evening[:10]:
        review_steps.review(store, record.id)
    accounts.logout(store)
    window = open_window("杨芳")
    dialog = open_dialog(window, qtbot, "锁定")
    statuses = [row[4] for row in rows(dialog)]
    assert ticked(dialog) == [status == "所长已审核" for status in statuses] and statuses.count("已提交") == 2
    assert "所长已审核的默认勾选，已提交（尚未审核）的不勾选" in dialog.hint.text()  # not "默认全部勾选"
    assert dialog.run_button.text() == "锁定（10 条）"


def test_the_list_follows_the_ledgers_year_filter_and_the_ticks_can_all_be_cleared(qtbot, evening, open_window):
    window = open_window("杨芳")
    view = window.pages["meeting"]
    view.year_combo.load()
    view.year_combo.setCurrentIndex(view.year_combo.findData(2025))
    dialog = open_dialog(window, qtbot, "审核通过")
    assert dialog.year_combo.currentText() == "2025年"
    assert [row[0] for row in rows(dialog)] == [evening[0].number, evening[1].number]
    dialog.none_button.click()
    assert not any(ticked(dialog)) and not dialog.run_button.isEnabled()
    dialog.all_button.click()
    assert dialog.run_button.text() == "审核通过（2 条）"
    dialog.year_combo.setCurrentIndex(dialog.year_combo.findData(None))
    assert len(rows(dialog)) == 12


def test_a_record_that_contradicts_itself_says_so_in_the_list(qtbot, evening, open_window, store):
    """Approving forty at once, the 所长 sees which records the form's checks question before she ticks them."""
    as_user(store, "马丽")
    store.save("meeting", {"start_time": "15:00", "end_time": "09:00"}, "", record_id=evening[4].id)
    accounts.logout(store)
    window = open_window("杨芳")
    dialog = open_dialog(window, qtbot, "审核通过")
    warned = {row[0]: row[-1] for row in rows(dialog) if row[-1]}
    assert warned == {evening[4].number: LATE_END}
    assert dialog.table.horizontalHeaderItem(5).text() == "提醒"


def test_records_that_cannot_be_reviewed_are_listed_with_the_reason(qtbot, evening, open_window, store):
    window = open_window("杨芳")
    dialog = open_dialog(window, qtbot, "审核通过")
    store.delete(evening[2].id, "")  # meanwhile, at the same desk: one deleted, one being corrected in its editor
    busy = window.open_record(store.get(evening[3].id))
    qtbot.addWidget(busy)
    busy.editor.field_widget("location").set_value("二楼会议室")
    dialog.run_button.click()
    wait_for_result(qtbot, dialog)
    assert dialog.result_label.text() == "审核通过 10 条；2 条未处理："
    assert dialog.refused_box.isVisible()
    assert dialog.refused_box.toPlainText().splitlines() == [
        f"{evening[2].number}：记录已删除",
        f"{evening[3].number}：编辑窗口中有未保存的修改，请先保存",
    ]
    assert store.get(evening[3].id).status == "submitted" and busy.editor.is_dirty()
    assert [row[0] for row in rows(dialog)] == [evening[3].number]


def test_an_open_editor_shows_the_new_status(qtbot, evening, open_window, store):
    window = open_window("杨芳")
    editor = window.open_record(store.get(evening[0].id))
    qtbot.addWidget(editor)
    assert editor.review_bar.buttons["review"].isVisible()
    dialog = open_dialog(window, qtbot, "锁定")
    assert dialog.run_button.text() == "锁定（0 条）"  # none reviewed: none ticked
    dialog.table.item(0, 0).setCheckState(Qt.CheckState.Checked)  # the 所长 means this one
    assert dialog.run_button.text() == "锁定（1 条）"
    dialog.run_button.click()
    wait_for_result(qtbot, dialog)
    assert "已锁定" in editor.editor.header.text()
    assert editor.review_bar.banner.text() == "已锁定，所长可重新打开"
    assert not editor.save_button.isEnabled()


def test_a_clerk_may_batch_submit_but_review_and_lock_are_off_with_the_reason(qtbot, store, staff, valid_record,
                                                                             open_window):
    as_user(store, "马丽")
    drafts = [store.save("meeting", valid_record("meeting", title=f"第{i}次会议"), "") for i in (1, 2, 3)]
    window = open_window("马丽")
    for label, why in (("审核通过", "批量审核通过须由所长或管理员操作"),
                       ("锁定", "批量锁定须由所长或管理员操作")):
        action = batch_action(window, label)
        assert not action.isEnabled() and action.toolTip() == why
    dialog = open_dialog(window, qtbot, "提交审核")
    assert dialog.run_button.text() == "提交审核（3 条）"
    dialog.run_button.click()
    wait_for_result(qtbot, dialog)
    assert dialog.result_label.text() == "提交审核 3 条。"
    assert {store.get(r.id).status for r in drafts} == {"submitted"}
    assert dialog.empty_label.isVisible() and dialog.empty_label.text() == "没有状态为“草稿”的会议记录。"


def test_in_county_mode_the_batch_actions_are_off_and_say_why(qtbot, tmp_path, dialogs, ui_settings):
    from fazhi_desktop.core.setup import init_database

    county = init_database(tmp_path / "county.db", "640522", county=True)
    window = create_main_window(county, dialogs, ui_settings, "县局")
    qtbot.addWidget(window)
    for label in ("提交审核", "审核通过", "锁定"):
        action = batch_action(window, label)
        assert not action.isEnabled() and action.toolTip().startswith("县级汇总模式")
    county.close()


def test_long_names_are_whole_when_no_record_has_a_warning(qtbot, staff, valid_record, open_window, store):
    """At 840 pixels 名称 and 提醒 shared the room equally: five meetings' names were cut beside an empty 提醒."""
    as_user(store, "马丽")
    for i in range(1, 7):
        title = f"研究部署法治政府建设年度重点任务第{i}次政府常务会议"
        record = store.save("meeting", valid_record("meeting", title=title), "")
        review_steps.submit(store, record.id)
    accounts.logout(store)
    dialog = open_dialog(open_window("杨芳"), qtbot, "审核通过")
    dialog.resize(840, dialog.height())
    qtbot.waitUntil(lambda: dialog.table.viewport().width() < 840)
    table, name, hint = dialog.table, COLUMNS.index("名称"), COLUMNS.index("提醒")
    assert all(not row[hint] for row in rows(dialog))
    cut = [row[name] for row in rows(dialog)  # the cell's padding: 4 pixels a side
           if table.fontMetrics().horizontalAdvance(row[name]) + 8 > table.columnWidth(name)]
    assert cut == []
    assert table.columnWidth(hint) < table.horizontalHeader().sectionSizeHint(hint) + table.fontMetrics().height()
