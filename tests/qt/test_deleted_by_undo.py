"""编辑 → 已删除的记录… after 撤销Excel导入 (session 23): the undone import's rows listed as restorable, without a
word of where they came from, burying a record deleted by mistake. Each now says 可以恢复；撤销Excel导入（文件名，
日期 导入）时删除, the list shows them apart (显示), and 恢复 of one says that only this one comes back and how the
whole import would."""

from __future__ import annotations

import os

from elder_screen import elder_screen  # noqa: F401  (fixture)
from excel_files import filled_template, meetings
from PySide6.QtCore import Qt
from test_deleted_view import window_with

from fazhi_desktop.core import import_undo
from fazhi_desktop.core.excel_import import import_records, read_records
from fazhi_desktop.qt.deleted_view import COLUMNS, open_deleted_records

UNDO = "撤销Excel导入（会议1-8月.xlsx，2026-06-01 16:00 导入）"


def test_records_an_undone_import_deleted_say_so_and_are_shown_apart(qtbot, store, ledgers, tmp_path, dialogs,
                                                                     ui_settings, valid_record, beijing_time):
    mistake = store.save("meeting", valid_record("meeting", title="党委会第1次", held_on="2026-01-05"), "杨芳")
    path = filled_template(ledgers["meeting"], tmp_path / "会议1-8月.xlsx", meetings(30))
    import_records(store, read_records(store, "meeting", path), "马文")
    store.delete(mistake.id, "杨芳")
    (plan,) = import_undo.recent(store)
    import_undo.undo(store, plan.id, "杨芳")

    window = window_with(qtbot, store, dialogs, ui_settings)
    dialog = open_deleted_records(window)
    qtbot.addWidget(dialog)
    said = COLUMNS.index("说明")
    assert dialog.table.rowCount() == 31
    notes = [dialog.table.item(row, said).text() for row in range(31)]
    assert notes.count(f"可以恢复；{UNDO}时删除") == 30 and notes.count("可以恢复") == 1
    choices = [dialog.shown_combo.itemText(i) for i in range(dialog.shown_combo.count())]
    assert choices == ["全部（31 条）", "逐条删除的（1 条）", f"{UNDO}删除的（30 条）"]
    assert dialog.shown_row.isVisibleTo(dialog)

    dialog.shown_combo.setCurrentIndex(1)
    dialog.shown_combo.activated.emit(1)  # as the clerk picks it
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == "党委会第1次"
    dialog.shown_combo.setCurrentIndex(2)
    dialog.shown_combo.activated.emit(2)
    assert dialog.table.rowCount() == 30
    dialog.table.selectRow(0)
    assert dialog.said_label.text() == f"可以恢复；{UNDO}时删除"
    if os.environ.get("FAZHI_SHOTS"):
        dialog.resize(1100, 500)
        dialog.grab().save(os.path.join(os.environ["FAZHI_SHOTS"], "deleted_by_undo.png"))

    dialogs.confirm_answers = [True]
    dialog.restore()
    question = dialogs.shown[-1][2]
    assert f"是{UNDO}时删除的。" in question
    assert "只恢复这一条吗？同时删除的其余 29 条仍为已删除" in question
    assert "改好Excel文件后重新导入（文件 → 从Excel导入记录…）" in question
    assert store.count("meeting") == 1
    assert dialog.table.rowCount() == 29 and dialog.shown_combo.currentText() == f"{UNDO}删除的（29 条）"
    dialog.close()


def test_the_list_of_deleted_records_has_no_choice_to_make_without_an_undo(qtbot, store, dialogs, ui_settings,
                                                                          valid_record):
    store.delete(store.save("meeting", valid_record("meeting"), "杨芳").id, "杨芳")
    window = window_with(qtbot, store, dialogs, ui_settings)
    dialog = open_deleted_records(window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1 and not dialog.shown_row.isVisibleTo(dialog)
    dialog.close()


LONG_NAME = "海城镇司法所2026年1-8月会议记录台账（党委会、政府常务会议、村两委联席会议）.xlsx"


def test_a_long_file_name_leaves_the_dialog_on_a_1024_screen_in_large_text(
        qtbot, store, ledgers, tmp_path, dialogs, ui_settings, beijing_time, elder_screen):  # noqa: F811
    """长者模式 at 1024x768: 显示 as wide as its longest choice, 撤销Excel导入（海城镇司法所2026年1-8月会议记录台账
    （党委会、…）.xlsx，…）删除的（30 条）, made the dialog 1081 px wide, past the screen's right edge. The choice
    shortens the file's name (whole in its tooltip and in 说明) and the box takes the width the dialog gives."""
    path = filled_template(ledgers["meeting"], tmp_path / LONG_NAME, meetings(30))
    import_records(store, read_records(store, "meeting", path), "马文")
    (plan,) = import_undo.recent(store)
    import_undo.undo(store, plan.id, "杨芳")
    window = window_with(qtbot, store, dialogs, ui_settings)
    window.setGeometry(elder_screen)
    dialog = open_deleted_records(window)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    whole = f"撤销Excel导入（{path.name}，2026-06-01 16:00 导入）"
    assert dialog.minimumSizeHint().width() <= elder_screen.width()
    assert elder_screen.contains(dialog.frameGeometry())
    combo = dialog.shown_combo
    assert combo.itemText(1) == "撤销Excel导入（海城镇司法…委联席会议）.xlsx，2026-06-01 16:00 导入）删除的（30 条）"
    assert combo.itemData(1, Qt.ItemDataRole.ToolTipRole) == f"{whole}（30 条）"
    dialog.table.selectRow(0)
    assert dialog.said_label.text() == f"可以恢复；{whole}时删除"
    dialog.close()
