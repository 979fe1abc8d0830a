# ruff: noqa: F811  (pytest fixtures imported from tests/indicator_data.py)
"""本年度指标 → 查看记录, as a 所长 shows it to the county's inspectors. A record opens to be read, every field
read-only (it opened in the full editor with its title selected, and one stray key replaced the title), with 编辑
for changing it when she may, and printing at hand; Enter on a row still opens it. 导出列表… writes the records
listed to a workbook as 文件 → 导出列表 writes a ledger's list, numbers masked (the list could neither be printed
nor kept)."""

from __future__ import annotations

import sys
from pathlib import Path

import review_steps
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/indicator_data.py

from helpers import SavePrompt, type_text
from indicator_data import ACTOR, known, known_template  # noqa: F401

from fazhi_desktop.qt.editor.editor import VIEWING
from fazhi_desktop.qt.main_window import create_main_window

PHONE = "13909541234"


def drill_of(qtbot, store, dialogs, ui_settings, code: str):
    """The main window on 本年度指标, and 查看记录 of `code` pressed: (window, drill-down)."""
    window = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(window)
    window.show()
    window.show_page("indicators")
    page = window.pages["indicators"]
    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == code)
    qtbot.mouseClick(page.table.cellWidget(row, 7), Qt.MouseButton.LeftButton)
    return window, page.drill_dialog


def opened_from_drill(qtbot, store, dialogs, ui_settings, record_id: str):
    """T40b's 查看记录 on its meetings, and Enter on the row of `record_id`: (window, the record's window)."""
    window, drill = drill_of(qtbot, store, dialogs, ui_settings, "T40b")
    drill.part_combo.setCurrentIndex(drill.part_combo.findData("denominator"))
    drill.table.selectRow(next(i for i, ref in enumerate(drill.records) if ref.id == record_id))
    drill.table.setFocus()
    qtbot.keyClick(drill.table, Qt.Key.Key_Return)
    editor = window.editors[record_id]
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    return window, editor


def test_a_record_from_the_drill_down_opens_to_be_read_and_edit_makes_it_editable(qtbot, known, dialogs,
                                                                                    ui_settings):
    store, _catalog, ids = known
    _window, editor = opened_from_drill(qtbot, store, dialogs, ui_settings, ids["admin_dec31"])
    title = editor.editor.field_widget("title").control
    assert editor.review_bar.banner.isVisible() and VIEWING in editor.review_bar.banner.text()
    type_text(qtbot, QApplication.focusWidget(), "x")  # the stray key in front of the inspectors
    type_text(qtbot, title, "x")
    assert title.text() == "2026年第9次常务会议" and not editor.editor.is_dirty()
    assert not editor.save_button.isEnabled()
    assert editor.print_bar.print_button.isEnabled() and editor.print_bar.export_button.isEnabled()
    assert editor.edit_button.isVisible() and editor.edit_button.isEnabled()
    qtbot.mouseClick(editor.edit_button, Qt.MouseButton.LeftButton)
    assert not editor.edit_button.isVisible() and not editor.review_bar.banner.isVisible()
    type_text(qtbot, title, "x")
    assert editor.editor.is_dirty() and editor.save_button.isEnabled()


def test_edit_is_refused_with_the_reason_on_a_locked_record(qtbot, known, dialogs, ui_settings):
    store, _catalog, ids = known
    review_steps.submit(store, ids["admin_dec31"], ACTOR)
    review_steps.lock(store, ids["admin_dec31"], ACTOR)
    _window, editor = opened_from_drill(qtbot, store, dialogs, ui_settings, ids["admin_dec31"])
    assert editor.edit_button.isVisible() and not editor.edit_button.isEnabled()
    assert "已锁定" in editor.edit_button.toolTip() and "已锁定" in editor.review_bar.banner.text()
    assert editor.print_bar.print_button.isEnabled()


def test_the_listed_open_complaints_go_to_a_workbook_masked(qtbot, known, dialogs, ui_settings, tmp_path):
    store, _catalog, _ids = known
    store.save("complaint", {"accepted_on": "2026-11-02", "source": "来访", "complainant": "马秀兰",
                             "contact": PHONE, "respondent": "综合执法队", "matter": "执法态度"}, ACTOR)
    window, drill = drill_of(qtbot, store, dialogs, ui_settings, "T30b")
    assert drill.part_combo.currentData() == "gap"  # missed: the complaints still open first
    listed = [drill.table.item(r, 0).text() for r in range(drill.table.rowCount())]
    assert len(listed) == 3 and drill.export_button.isVisible() and drill.export_button.isEnabled()
    window.exchange_prompts = SavePrompt(tmp_path / "未办结")  # no suffix typed: a workbook
    qtbot.mouseClick(drill.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=20000)
    assert dialogs.shown[-1][:2] == ("info", "已导出列表") and "投诉举报 3 条" in dialogs.shown[-1][2]
    assert window.exchange_prompts.offered[1].endswith("2026年T30b投诉举报办结率尚未计入的记录.xlsx")
    rows = [[c.value for c in r] for r in load_workbook(tmp_path / "未办结.xlsx").active.iter_rows()]
    assert rows[0][:2] == ["编号", "状态"] and [r[0] for r in rows[1:]] == listed  # as the list shows them
    text = " ".join(str(v) for r in rows for v in r)
    assert PHONE not in text and "1234" in text  # masked as in every list export


def test_nothing_listed_nothing_to_export(qtbot, known, dialogs, ui_settings):
    store, _catalog, _ids = known
    _window, drill = drill_of(qtbot, store, dialogs, ui_settings, "T47")  # a leader who has not reported: no record
    assert drill.table.rowCount() == 0 and not drill.export_button.isEnabled()
    assert "没有列出记录" in drill.export_button.toolTip()


def test_a_review_step_waits_for_edit_while_the_record_is_only_viewed(qtbot, known, dialogs, ui_settings):
    """Alt+L on a record shown to the inspectors locked it at once, as a stray key had replaced its title."""
    store, _catalog, ids = known
    review_steps.submit(store, ids["admin_dec31"], ACTOR)
    _window, editor = opened_from_drill(qtbot, store, dialogs, ui_settings, ids["admin_dec31"])
    lock = editor.review_bar.buttons["lock"]
    assert lock.isVisible() and not lock.isEnabled() and "请先按“编辑”" in lock.toolTip()
    qtbot.keyClick(editor, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(editor, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert store.get(ids["admin_dec31"]).status == "submitted"
    assert "无法审核通过（Alt+R）：仅供查看" in editor.editor.status.text()
    qtbot.mouseClick(editor.edit_button, Qt.MouseButton.LeftButton)
    assert lock.isEnabled() and editor.review_bar.buttons["review"].isEnabled()


def test_edit_reads_the_record_again_locked_meanwhile_elsewhere(qtbot, known, dialogs, ui_settings):
    """The window open to be read for an hour; `fazhi lock` (or the 所长 on another PC) locked the record: 编辑 made
    its old version editable, and her typing was refused on saving."""
    store, _catalog, ids = known
    _window, editor = opened_from_drill(qtbot, store, dialogs, ui_settings, ids["admin_dec31"])
    review_steps.submit(store, ids["admin_dec31"], ACTOR)
    review_steps.lock(store, ids["admin_dec31"], ACTOR)
    qtbot.mouseClick(editor.edit_button, Qt.MouseButton.LeftButton)
    title = editor.editor.field_widget("title").control
    type_text(qtbot, title, "x")
    assert title.text() == "2026年第9次常务会议" and not editor.editor.is_dirty()
    assert "已锁定" in editor.review_bar.banner.text() and not editor.edit_button.isEnabled()
    assert "不能修改" in editor.editor.status.text() and editor.editor.record.status == "locked"


def test_a_listed_record_deleted_meanwhile_is_left_out_and_said(qtbot, known, dialogs, ui_settings, tmp_path):
    """The drill-down stays open beside the main window; a complaint deleted there meanwhile made 导出列表 fail
    whole, naming the record's internal id."""
    store, _catalog, _ids = known
    window, drill = drill_of(qtbot, store, dialogs, ui_settings, "T30b")
    listed = [drill.table.item(r, 0).text() for r in range(drill.table.rowCount())]
    store.delete(drill.records[1].id, ACTOR)
    window.exchange_prompts = SavePrompt(tmp_path / "未办结.xlsx")
    qtbot.mouseClick(drill.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=20000)
    assert dialogs.shown[-1][:2] == ("info", "已导出列表")
    assert f"投诉举报 {len(listed) - 1} 条（列出的另 1 条已被删除，未导出；" in dialogs.shown[-1][2]
    rows = [[c.value for c in r] for r in load_workbook(tmp_path / "未办结.xlsx").active.iter_rows()]
    assert [r[0] for r in rows[1:]] == [listed[0], *listed[2:]]
