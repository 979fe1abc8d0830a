# ruff: noqa: F811  (the window fixture imported from test_excel_import_gui)
"""文件 → 撤销Excel导入…: the clerk who imported the wrong file picks that import, reads what will go and what stays,
answers one question, and finds the drafts gone from the list in one step (not 300 deletions one by one)."""

from __future__ import annotations

from excel_files import filled_template, meetings
from test_excel_import_gui import menu_action, window  # noqa: F401  (window is a fixture: 马文, 会议 shown)

from fazhi_desktop.core.excel_import import import_records, read_records
from fazhi_desktop.core.store import ListQuery


def imported(store, ledgers, tmp_path, name: str, count: int, **overrides):
    path = filled_template(ledgers["meeting"], tmp_path / name, meetings(count, **overrides))
    return import_records(store, read_records(store, "meeting", path), "马文")


def open_dialog(qtbot, window):
    menu_action(window, "撤销Excel导入").trigger()
    dialog = window.import_undo_dialog
    qtbot.waitExposed(dialog)
    return dialog


def rows(dialog) -> list[list[str]]:
    return [[dialog.table.item(r, c).text() for c in range(1, dialog.table.columnCount())]
            for r in range(dialog.table.rowCount())]


def test_the_wrong_import_is_undone_in_one_step_and_the_list_shows_it(qtbot, window, dialogs, store, ledgers,
                                                                     tmp_path):
    wrong = imported(store, ledgers, tmp_path, "去年的会议.xlsx", 30)
    imported(store, ledgers, tmp_path, "九月.xlsx", 2, **{"会议日期": "2026-09-03"})
    store.save("meeting", {"location": "镇政府三楼会议室"}, "马文", wrong[0].id)  # corrected since: it stays
    view = window.pages["meeting"]
    view.refresh()
    assert view.model.total == 32

    dialog = open_dialog(qtbot, window)
    assert rows(dialog) == [["会议", "九月.xlsx", "马文", "2 条", "2 条", ""],
                            ["会议", "去年的会议.xlsx", "马文", "30 条", "29 条", "保留 1 条（导入后已修改 1 条）"]]
    dialog.table.selectRow(1)
    assert dialog.undo_button.text() == "撤销这次导入（29 条）(&U)…"
    details = dialog.details.toPlainText()
    assert "将从“会议”台账中删除 29 条从 去年的会议.xlsx 导入的草稿" in details
    assert f"  {wrong[0].number}（{wrong[0]['title']}）：导入后已修改" in details
    assert "编号不收回（导入之后已有编号 〔2026〕会记字第32号）" in details

    dialog.undo_button.click()  # the scripted answer: 取消
    assert dialogs.shown[-1][:2] == ("confirm", "撤销Excel导入") and dialogs.confirm_defaults[-1] is False
    assert "删除 29 条从 去年的会议.xlsx 导入的草稿" in dialogs.shown[-1][2] and store.count("meeting") == 32

    dialogs.confirm_answers.append(True)
    dialog.undo_button.click()
    assert dialog.task is not None and not dialog.undo_button.isEnabled()  # on a worker thread, not twice
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20000)
    assert dialogs.shown[-1][:2] == ("info", "已撤销导入")
    assert dialogs.shown[-1][2].startswith("已撤销：删除 29 条会议记录（去年的会议.xlsx）；保留 1 条：")
    assert store.count("meeting") == 3 and view.model.total == 3  # the list shows it at once
    assert rows(dialog)[1][4] == "0 条" and "马文撤销 29 条" in rows(dialog)[1][5]
    dialog.table.selectRow(1)
    assert not dialog.undo_button.isEnabled()


def test_a_record_with_unsaved_changes_in_its_editor_stays(qtbot, window, dialogs, store, ledgers, tmp_path):
    saved = imported(store, ledgers, tmp_path, "会议.xlsx", 3)
    busy = window.open_record(store.get(saved[1].id))
    qtbot.addWidget(busy)
    busy.editor.field_widget("location").set_value("二楼会议室")
    window.open_record(store.get(saved[2].id))  # open, unchanged

    dialog = open_dialog(qtbot, window)
    assert rows(dialog)[0][4:] == ["2 条", "保留 1 条（编辑窗口中有未保存的修改，请先保存 1 条）"]
    dialogs.confirm_answers.append(True)
    dialog.undo_button.click()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20000)
    assert [r.id for r in store.list(ListQuery("meeting"))] == [saved[1].id]
    assert busy.editor.is_dirty() and busy.isVisible()  # her typing is still there, to save
    qtbot.waitUntil(lambda: saved[2].id not in window.editors)  # the unchanged editor of a record now deleted closes
