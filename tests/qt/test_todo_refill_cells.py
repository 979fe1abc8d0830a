"""待办事项's 刷新 (and its reading again after each save from the list) and 已删除的记录 read again after a
恢复, on a shown list: the cells are put into an emptied table, never laid over the cells shown. Each cell replaced in
place made Qt measure its whole column again (the columns fit their contents), so five years' 1,000 open matters froze
the window for four to nine minutes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from fazhi_desktop.qt.deleted_view import open_deleted_records
from fazhi_desktop.qt.main_window import create_main_window
from fazhi_desktop.qt.todo_view import TodoDialog

ACTOR = "马文"


def counting_replaced(table) -> list[tuple[int, int]]:
    """The cells `table.setItem` puts where a cell is already."""
    replaced, put = [], table.setItem

    def set_item(row, column, item):
        if table.item(row, column) is not None:
            replaced.append((row, column))
        put(row, column, item)

    table.setItem = set_item
    return replaced


def shown(table) -> list[str]:
    return [" ".join(table.item(row, column).text() for column in range(table.columnCount()))
            for row in range(table.rowCount())]


def test_refreshing_a_shown_list_lays_no_cell_over_another(qtbot, store, valid_record):
    for day in range(1, 9):
        store.save("complaint", valid_record("complaint", accepted_on=f"2026-05-{day:02d}", due_on="2026-06-20",
                                             matter=f"夜间施工扰民第{day}起"), ACTOR)
    dialog = TodoDialog(store, lambda record: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = shown(dialog.table)
    replaced = counting_replaced(dialog.table)

    qtbot.mouseClick(dialog.refresh_button, Qt.MouseButton.LeftButton)

    assert replaced == []
    after = shown(dialog.table)
    assert after == before and sum("夜间施工扰民" in text for text in after) == 8


def test_the_list_of_deleted_records_read_again_lays_no_cell_over_another(qtbot, store, valid_record, dialogs,
                                                                         ui_settings):
    """编辑 → 已删除的记录… is read again after each 恢复 (five years' deletions: hundreds of rows)."""
    for number in range(1, 7):
        store.delete(store.save("meeting", valid_record("meeting", title=f"党委会第{number}次"), ACTOR).id, ACTOR)
    window = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(window)
    window.show()
    dialog = open_deleted_records(window)
    qtbot.waitExposed(dialog)
    before = shown(dialog.table)
    replaced = counting_replaced(dialog.table)

    dialog.reload()

    assert replaced == []
    assert shown(dialog.table) == before and sum("党委会第" in text for text in before) == 6


def test_the_list_is_read_under_the_wait_cursor(qtbot, store, valid_record, monkeypatch):
    """Five years in, reading it takes a second and more, the window still meanwhile: the cursor says so."""
    from PySide6.QtWidgets import QApplication

    from fazhi_desktop.core import todo

    store.save("complaint", valid_record("complaint", accepted_on="2026-05-02", due_on="2026-06-20"), ACTOR)
    shapes, build = [], todo.build

    def watched(*args, **kwargs):
        cursor = QApplication.overrideCursor()
        shapes.append(cursor.shape() if cursor is not None else None)
        return build(*args, **kwargs)

    monkeypatch.setattr(todo, "build", watched)
    dialog = TodoDialog(store, lambda record: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.refresh_button, Qt.MouseButton.LeftButton)

    assert shapes == [Qt.CursorShape.WaitCursor] * 2
    assert QApplication.overrideCursor() is None
