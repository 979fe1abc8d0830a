# ruff: noqa: F811  (pytest fixtures imported from test_main_window.py)
"""A ledger's list while the records change elsewhere and the clerk looks things up: a record opens as stored now,
a sort keeps the selected record, an empty year says how many the other years hold."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import review_steps
from PySide6.QtCore import QPoint, Qt

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/*.py, whatever pytest's import mode

from test_main_window import ACTOR, column, fake_editor, ledger_view, select, window  # noqa: F401  (fixtures)

from fazhi_desktop.core.store import Store


@pytest.fixture
def meetings(store, valid_record):
    rows = [valid_record("meeting", title=f"党委会第{n}次", held_on=f"{2025 + n % 2}-03-{n + 1:02d}", host="马志刚")
            for n in range(1, 9)]
    return store.save_many("meeting", rows, ACTOR)


def elsewhere(store: Store) -> Store:
    """Another window, another PC or the command line: its own connection to the file."""
    return Store.open(store.path, ledgers=store.ledgers)


def open_by_enter(qtbot, window, view):
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)


def open_by_double_click(qtbot, window, view):
    rect = view.table.visualRect(view.model.index(view.table.currentIndex().row(), 0))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def open_by_menu(qtbot, window, view):
    window.open_action.trigger()


def open_from_a_drill_down(qtbot, window, view):
    window.open_record(view.selected_record())  # 指标 drill-downs, 打印核对, 数据交换: the record they hold


@pytest.mark.parametrize("how", [open_by_enter, open_by_double_click, open_by_menu, open_from_a_drill_down])
def test_a_record_changed_elsewhere_opens_as_stored_now_and_its_row_shows_it(qtbot, meetings, window, store,
                                                                            fake_editor, how):
    """Changed meanwhile (`fazhi update`, the 所长 on another PC): the editor was handed the list's old copy, showed
    第 2 版 as editable, and refused the clerk's typing on saving (已被他人修改)."""
    view = ledger_view(window)
    select(view, "党委会第3次")
    other = elsewhere(store)
    other.save("meeting", {"title": "党委会第3次（改）"}, "杨芳", record_id=view.selected_record().id)
    other.close()
    how(qtbot, window, view)
    assert len(fake_editor.opened) == 1
    opened = fake_editor.opened[0].record
    assert (opened.revision, opened.values["title"]) == (2, "党委会第3次（改）")
    assert "党委会第3次（改）" in column(view, "title") and view.selected_record().revision == 2


def test_an_approved_record_opens_locked_not_at_the_version_the_list_had(qtbot, meetings, window, store):
    """The review's case with the real editor: locked elsewhere, it opened editable as 已提交 · 第 2 版."""
    view = ledger_view(window)
    select(view, "党委会第3次")
    record_id = view.selected_record().id
    other = elsewhere(store)
    for step in (review_steps.submit, review_steps.review, review_steps.lock):
        step(other, record_id, "杨芳")
    other.close()
    editor = window.open_selected()
    shown, read_only = editor.editor.record, editor.editor.field_widget("title").control.isReadOnly()
    editor.close()
    assert (shown.status, shown.revision, read_only) == ("locked", 4, True)
    assert view.selected_record().status == "locked"


def test_a_record_deleted_elsewhere_is_said_gone_and_the_list_read_again(qtbot, meetings, window, store, dialogs,
                                                                         fake_editor):
    view = ledger_view(window)
    select(view, "党委会第3次")
    number = view.selected_record().number
    other = elsewhere(store)
    other.delete(view.selected_record().id, "杨芳")
    other.close()
    open_by_enter(qtbot, window, view)
    assert fake_editor.opened == []
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("warn", "无法打开记录") and f"{number}已被删除" in text and "刷新" in text
    assert "党委会第3次" not in column(view, "title") and "会议 7" in window.counts_label.text()


@pytest.fixture
def many_meetings(store, valid_record):
    """More than a page of the list (LedgerTableModel.PAGE_SIZE), in dates that differ from their numbers' order."""
    rows = [valid_record("meeting", title=f"会议{n:03d}", held_on=f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}")
            for n in range(150)]
    return store.save_many("meeting", rows, ACTOR)


def test_clicking_a_column_header_keeps_the_selected_record_selected_and_in_view(qtbot, many_meetings, window):
    """Row 452 selected, a click on 编号: nothing was selected and the list was back at its top."""
    view = ledger_view(window)
    select(view, "会议077")
    header = view.table.horizontalHeader()
    for name in ("number", "number", "title"):  # ascending, then descending, then another column
        col = view.model.columns.index(name)
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(header.sectionViewportPosition(col) + 10, header.height() // 2))
        assert view.model.query.sort == name
        assert view.selected_record().values["title"] == "会议077"
        row = view.table.currentIndex().row()
        assert view.table.viewport().rect().intersects(view.table.visualRect(view.model.index(row, 0)))


def test_an_empty_year_says_how_many_the_other_years_hold(qtbot, meetings, window):
    """马福祥 under 2026年 said only 没有符合条件的记录, while 2024 held two of his cases."""
    view = ledger_view(window)
    view.year_combo.load()
    view.year_combo.setCurrentIndex(view.year_combo.findData(2026))
    view.search.setText("党委会第2次")  # held in 2025
    view._apply_filters()
    assert view.model.total == 0
    assert view.empty_label.text() == "没有符合条件的记录（其他年份有 1 条）。"
    view.search.setText("没有这个会议")
    view._apply_filters()
    assert view.empty_label.text() == "没有符合条件的记录。"
