# ruff: noqa: F811  (the open_window fixture imported from test_review_gui)
"""The 所长's review without dead ends (session 22): the clerk's list marks the records sent back; 批量审核, 年度封账
and 打印所选记录 open a row's record over themselves (they block the main window and its editors) and 批量审核 sends
one back; 双面打印 sets the printer to both sides; a 所长 tabbing through a record shows no ID number, and logs none."""

from __future__ import annotations

import review_steps
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from test_review_gui import as_user, open_window  # noqa: F401  (open_window is a fixture)

from fazhi_desktop.core import accounts, reveals
from fazhi_desktop.core.documents.batch import build_batch
from fazhi_desktop.qt.printing import setup_printer
from fazhi_desktop.qt.review_bar import REOPEN_PROMPT

REASON = "结束时间早于开始时间，请按会议记录改正"


def meetings(store, valid_record, count: int, held_on: str = "2026-03-05") -> list:
    """`count` meetings 马丽 entered and submitted."""
    as_user(store, "马丽")
    records = [review_steps.submit(store, store.save("meeting", valid_record(
        "meeting", title=f"第{i}次乡镇政府常务会议", held_on=held_on), "").id) for i in range(1, count + 1)]
    accounts.logout(store)
    return records


def status_cell(window, number: str):
    view = window.pages["meeting"]
    column = view.model.columns.index("status")
    row = next(r for r in range(view.model.rowCount()) if view.model.record_at(r).number == number)
    return view.model.index(row, column)


def clicked_through(qtbot, button) -> None:
    """A click as the window system delivers it: refused by a modal dialog that blocks the button's window."""
    window = button.window()
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     button.mapTo(window, button.rect().center()))
    qtbot.wait(20)


def enter_on(qtbot, table, row: int) -> None:
    """Enter on `row` of a dialog's list, the keyboard in it."""
    table.window().activateWindow()
    table.setCurrentCell(row, 0)
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Return)


def double_click(qtbot, table, row: int) -> None:
    where = table.visualRect(table.model().index(row, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)  # Qt's double-click follows a press
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)


def test_the_clerk_finds_the_records_sent_back_in_her_list_with_the_reason(qtbot, store, staff, valid_record,
                                                                          open_window, dialogs):
    back, kept = meetings(store, valid_record, 2)
    head = open_window("杨芳")
    editor = head.open_record(store.get(back.id))
    dialogs.text_answers.append(REASON)
    editor.review_bar.buttons["reopen"].click()  # 退回录入员修改, as the dialog offers it
    assert dialogs.shown[-1] == ("ask_reopen", "重新打开", REOPEN_PROMPT)
    assert "录入员打开记录时可见" in REOPEN_PROMPT
    editor.close()
    head.close()
    clerk = open_window("马丽")
    cell = status_cell(clerk, back.number)
    assert cell.data() == "草稿·退回"
    tip = cell.data(Qt.ItemDataRole.ToolTipRole)  # who, when (in this computer's zone) and why
    assert tip.startswith("草稿·退回\n杨芳 于 2026-06-01 ") and tip.endswith(f" 退回：{REASON}")
    assert status_cell(clerk, kept.number).data() == "已提交"
    view = clerk.pages["meeting"]
    view.status_combo.setCurrentIndex(view.status_combo.findText("退回待改"))
    assert [view.model.record_at(r).number for r in range(view.model.rowCount())] == [back.number]


def test_batch_review_opens_a_record_over_itself_and_sends_one_back(qtbot, store, staff, valid_record, open_window,
                                                                    dialogs):
    records = meetings(store, valid_record, 3)
    window = open_window("杨芳")
    from fazhi_desktop.qt.batch_review import open_batch_review

    dialog = open_batch_review(window, "review")
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    dialog.table.item(2, 0).setCheckState(Qt.CheckState.Unchecked)  # the third, to look at later
    double_click(qtbot, dialog.table, 0)
    editor = window.editors[records[0].id]
    qtbot.waitExposed(editor)
    opened = []
    editor.review_bar.history_button.clicked.connect(lambda: opened.append(True))
    clicked_through(qtbot, editor.review_bar.history_button)
    assert opened  # the editor answers: not blocked with the main window behind the dialog
    editor.review_bar.history_dialog.close()
    editor.review_bar.buttons["review"].click()  # approved in its editor: the dialog lists it no more
    assert [r.id for r in dialog.records] == [records[1].id, records[2].id]
    assert [dialog.table.item(r, 0).checkState() for r in range(2)] == [Qt.CheckState.Checked,
                                                                       Qt.CheckState.Unchecked]  # ticks kept
    editor.close()
    dialog.table.setCurrentCell(0, 2)
    dialogs.text_answers.append(REASON)
    assert dialog.back_button.isEnabled()
    dialog.back_button.click()  # 退回…: the editor's 重新打开, with its question
    assert dialogs.shown[-1] == ("ask_reopen", "重新打开", REOPEN_PROMPT)
    assert store.get(records[1].id).status == "draft"
    assert "已退回" in dialog.result_label.text() and [r.id for r in dialog.records] == [records[2].id]
    dialog.close()
    assert status_cell(window, records[1].number).data() == "草稿·退回"


def test_the_year_close_dialog_opens_the_draft_that_stops_it(qtbot, store, staff, valid_record, open_window):
    as_user(store, "马丽")
    draft = store.save("meeting", valid_record("meeting", held_on="2025-12-20"), "")
    accounts.logout(store)
    window = open_window("杨芳")
    from fazhi_desktop.qt.year_close_view import open_year_close

    dialog = open_year_close(window)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    assert [r.id for r in dialog.records] == [draft.id]
    enter_on(qtbot, dialog.table, 0)  # opens it (封账, the default button, is not pressed)
    editor = window.editors[draft.id]
    assert editor.parentWidget() is dialog and editor.isVisible()
    dialog.close()
    assert editor.parentWidget() is window and editor.isVisible()  # given back with the dialog closed
    editor.close()


def test_back_to_check_in_batch_print_lists_the_doubted_records_to_open(qtbot, store, staff, valid_record,
                                                                      open_window, dialogs):
    _plain, doubted = meetings(store, valid_record, 2)
    as_user(store, "马丽")
    store.save("meeting", {"start_time": "10:00", "end_time": "09:00"}, "", record_id=doubted.id)
    window = open_window("杨芳")
    view = window.pages["meeting"]
    view.table.selectAll()
    dialog = window.print_selected()
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)  # 返回核对 (the question's safe answer)
    assert dialogs.shown[-1][0] == "confirm"
    assert dialog.doubts_table.isVisible()
    assert [dialog.doubts_table.item(r, 0).text() for r in range(dialog.doubts_table.rowCount())] == [doubted.number]
    enter_on(qtbot, dialog.doubts_table, 0)
    editor = window.editors[doubted.id]
    assert editor.parentWidget() is dialog
    editor.editor.field_widget("end_time").set_value("11:00")
    assert editor.editor.save()  # corrected: the list says none is left
    assert dialog.doubts_table.rowCount() == 0 and "都已核对改好" in dialog.doubts_label.text()
    editor.close()
    dialog.close()


class Printer(QPrinter):
    """What the program asks of the printer: a test machine without printers has Qt's PDF printer, which keeps no
    duplex setting (an office's printer driver takes it, and its print dialog shows it)."""

    def __init__(self):
        super().__init__()
        self.duplex_asked = QPrinter.DuplexMode.DuplexNone

    def setDuplex(self, mode) -> None:
        self.duplex_asked = mode
        super().setDuplex(mode)


def test_duplex_sets_the_printer_to_print_both_sides(qtbot, store, valid_record):
    """双面打印 only added blank pages: the sheets came out one-sided unless she also found the setting in her
    printer's dialog, each blank page a sheet of its own."""
    record = store.save("meeting", valid_record("meeting"), "马丽")
    for duplex, mode in ((True, QPrinter.DuplexMode.DuplexLongSide), (False, QPrinter.DuplexMode.DuplexNone)):
        printer = Printer()
        setup_printer(printer, build_batch(store, [record.id], "minutes", duplex=duplex).document)
        assert printer.duplex_asked == mode


def test_a_head_tabbing_through_a_record_shows_and_logs_no_id_number(qtbot, store, staff, valid_record,
                                                                     open_window):
    number = "640522196103231939"
    as_user(store, "马丽")
    party = {"role": "申请人", "party_type": "自然人", "name": "马某", "id_number": number}
    case = store.save("mediation_case", valid_record("mediation_case", parties=[party]), "")
    accounts.logout(store)
    window = open_window("杨芳")
    editor = window.open_record(store.get(case.id))
    qtbot.waitExposed(editor)
    field = editor.editor.group_widget("parties").row(0).inputs["id_number"].control
    before = field.previousInFocusChain()
    while not before.focusPolicy() & Qt.FocusPolicy.TabFocus:
        before = before.previousInFocusChain()
    before.setFocus()
    qtbot.waitUntil(before.hasFocus)
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    qtbot.waitUntil(field.hasFocus)
    assert field.text() == "640522********1939"  # passing through: masked
    assert "F2" in field.toolTip()
    as_user(store, "admin")
    assert reveals.reveal_log(store) == []
    as_user(store, "杨芳")
    qtbot.keyClick(field, Qt.Key.Key_F2)  # asked for: shown, and noted
    assert field.text() == number
    as_user(store, "admin")
    assert [(e["actor"], e["how"]) for e in reveals.reveal_log(store)] == [("杨芳", "编辑窗口中查看")]
    editor.close()
