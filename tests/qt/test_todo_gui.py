"""统计 → 待办事项… and 本年度指标's 待办事项…: the list a 所长 shows the county's inspectors when they ask what is
still open (there was none: 需关注 named only what was already 逾期). Grouped, each group a heading row, the overdue
first; Enter on a record's row opens it to be read (编辑 to change it), on a target's row its 查看记录 in the words
of 本年度指标; 导出列表… writes the list to a workbook."""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py

from helpers import SavePrompt

from fazhi_desktop.core import todo
from fazhi_desktop.qt.editor.editor import VIEWING
from fazhi_desktop.qt.main_window import create_main_window

ACTOR = "马文"
PHONE = "13909541234"


def office(store, valid_record) -> dict:
    """On 2026-06-01 (the test clock): a complaint late since 2026-05-01, another due on 2026-06-10."""
    return {"soon": store.save("complaint", valid_record("complaint", accepted_on="2026-05-20", due_on="2026-06-10",
                                                         matter="夜间施工扰民"), ACTOR),
            "late": store.save("complaint", valid_record("complaint", accepted_on="2026-04-01", due_on="2026-05-01",
                                                         complainant="马兰", contact=PHONE), ACTOR)}


def window_of(qtbot, store, dialogs, ui_settings):
    window = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(window)
    window.show()
    return window


def menu_action(window, menu_title: str, text: str):
    menu = next(a.menu() for a in window.menuBar().actions() if a.menu() is not None and a.text() == menu_title)
    return next(a for a in menu.actions() if a.text().startswith(text))


def row_of(dialog, number: str) -> int:
    return next(r for r, item in enumerate(dialog.rows) if item is not None and item.number == number)


def test_the_statistics_menu_lists_what_is_open_and_a_row_opens_its_record_to_be_read(qtbot, store, valid_record,
                                                                                     dialogs, ui_settings):
    ids = office(store, valid_record)
    window = window_of(qtbot, store, dialogs, ui_settings)
    menu_action(window, "统计(&T)", "待办事项").trigger()
    dialog = window.todo_dialog
    assert dialog.isVisible() and "未办结的事项 2 项（逾期 1 项）" in dialog.heading.text()
    assert dialog.table.item(0, 0).text() == "未办结的事项（2 项）" and dialog.table.columnSpan(0, 0) > 1
    late = row_of(dialog, ids["late"].number)
    assert late == 1 and row_of(dialog, ids["soon"].number) == 2  # overdue first
    cells = [dialog.table.item(late, c).text() for c in range(dialog.table.columnCount())]
    assert cells[-2:] == ["2026-05-01", "逾期 31 天"] and "办理期限已过" in cells[5]
    texts = " ".join(dialog.table.item(r, c).text() for r in range(dialog.table.rowCount())
                     for c in range(dialog.table.columnCount()) if dialog.table.item(r, c) is not None)
    assert PHONE not in texts and "马兰" not in texts
    dialog.table.selectRow(late)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    editor = window.editors[ids["late"].id]
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    assert editor.review_bar.banner.isVisible() and VIEWING in editor.review_bar.banner.text()


def test_from_the_targets_page_its_targets_in_the_pages_words_and_a_target_opens_its_records(
        qtbot, store, valid_record, dialogs, ui_settings):
    office(store, valid_record)
    window = window_of(qtbot, store, dialogs, ui_settings)
    window.show_page("indicators")
    page = window.pages["indicators"]
    qtbot.mouseClick(page.todo_button, Qt.MouseButton.LeftButton)
    dialog = window.todo_dialog
    said = {page.table.item(r, 0).text(): (page.table.item(r, 5).text().replace("\n", ""),
                                           page.table.item(r, 6).text()) for r in range(page.table.rowCount())}
    targets = [item for item in dialog.rows if item is not None and item.group == todo.TARGETS]
    assert targets
    for item in targets:  # one source of words: 状态：说明, as the page says them
        status, explained = said[item.number]
        assert item.missing == f"{status}：{explained}"
    row = row_of(dialog, targets[0].number)
    dialog.open_row(row)
    assert page.drill_dialog is not None and page.drill_dialog.isVisible()
    assert page.drill_dialog.indicator.code == targets[0].number


def test_the_list_goes_to_a_workbook(qtbot, store, valid_record, dialogs, ui_settings, tmp_path):
    ids = office(store, valid_record)
    window = window_of(qtbot, store, dialogs, ui_settings)
    menu_action(window, "统计(&T)", "待办事项").trigger()
    dialog = window.todo_dialog
    window.exchange_prompts = SavePrompt(tmp_path / "待办")  # no suffix typed: a workbook
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=20000)
    assert dialogs.shown[-1][:2] == ("info", "已导出列表") and "待办事项" in dialogs.shown[-1][2]
    assert "待办事项（2026-06-01）" in window.exchange_prompts.offered[1]
    rows = list(load_workbook(tmp_path / "待办.xlsx").active.iter_rows(values_only=True))
    assert rows[0][:2] == ("分类", "编号") and rows[1][1] == ids["late"].number


def test_a_record_deleted_since_the_list_was_made_is_said_by_its_number_and_the_list_read_again(
        qtbot, store, valid_record, dialogs, ui_settings):
    """Opened after another window deleted it, the row said 找不到记录 0193…（可能已删除） under the table, the
    record's internal id, and the row stayed; now the main window's own words, by number, and the list is read
    again."""
    ids = office(store, valid_record)
    window = window_of(qtbot, store, dialogs, ui_settings)
    menu_action(window, "统计(&T)", "待办事项").trigger()
    dialog = window.todo_dialog
    store.delete(ids["late"].id, ACTOR)
    assert dialog.open_row(row_of(dialog, ids["late"].number)) is None
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("warn", "无法打开记录") and text.startswith(f"{ids['late'].number}已被删除")
    assert ids["late"].id not in text and ids["late"].id not in dialog.notes.text()
    assert [item.number for item in dialog.rows if item is not None and item.group == todo.MATTERS] == \
        [ids["soon"].number]
