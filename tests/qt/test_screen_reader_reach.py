# ruff: noqa: F811  (the office and known fixtures, imported)
"""What today's keyboard and screen-reader review left (after test_screen_reader_names.py): a viewed record's names
out of Tab's reach, verdicts and banners NVDA never read as they changed, a drill-down's buttons without Alt
letters, and 待办事项's group headings that took the cursor and did nothing."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import review_steps
from helpers import press
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel
from test_drill_to_read_and_export_gui import drill_of
from test_editor import office  # noqa: F401  (a fixture)

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/indicator_data.py
from indicator_data import known, known_template  # noqa: F401  (fixtures)

from fazhi_desktop.core.people import add_person
from fazhi_desktop.qt.editor import EditorWindow
from fazhi_desktop.qt.editor.editor import VIEWING
from fazhi_desktop.qt.print_check import PrintCheckDialog

INSPECTORS = ["杨芳", "苏燕"]


def said(widget) -> str:
    """The name the accessibility interface gives a screen reader for `widget`."""
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


@pytest.fixture
def heard(monkeypatch) -> list[tuple[str, str, bool]]:
    """What a screen reader is told to say: (the label's name, the message, whether it interrupts)."""
    told: list[tuple[str, str, bool]] = []

    def update(event) -> None:
        if event.type() == QAccessible.Event.Announcement:
            assertive = event.politeness() == QAccessible.AnnouncementPoliteness.Assertive
            told.append((event.object().accessibleName(), event.message(), assertive))

    monkeypatch.setattr(QAccessible, "updateAccessibility", update)
    return told


def viewed_check(qtbot, office, dialogs) -> EditorWindow:
    """An enforcement check by 杨芳 and 苏燕, opened to be read (as 查看记录 and 待办事项 open it)."""
    for name in INSPECTORS:
        add_person(office, "管理员", name, title="执法人员", roles=["执法人员"])
    record = office.save("enforcement_check", {"checked_on": "2026-03-05", "check_type": "日常检查",
                                               "supervised_unit": "乡综合执法办", "inspectors": INSPECTORS}, "李娟")
    window = EditorWindow(office, office.ledgers["enforcement_check"], record, dialogs, "李娟", viewing=True)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def test_tab_reaches_the_names_of_a_viewed_record_and_they_are_read_out(qtbot, office, dialogs):
    window = viewed_check(qtbot, office, dialogs)
    before = window.editor.field_widget("supervised_unit").control
    before.setFocus()
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    reached = QApplication.focusWidget()
    assert said(reached) == "检查人员：杨芳、苏燕"
    assert window.editor.field_widget("inspectors").isAncestorOf(reached)
    qtbot.keyClick(reached, Qt.Key.Key_Tab)  # and on to 检查依据
    assert QApplication.focusWidget() is window.editor.field_widget("check_basis").control
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is reached


def test_editing_the_names_tab_goes_to_the_entry_alone(qtbot, office, dialogs):
    window = viewed_check(qtbot, office, dialogs)
    window.start_editing()
    people = window.editor.field_widget("inspectors")
    before = window.editor.field_widget("supervised_unit").control
    before.setFocus()
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is people.control
    qtbot.keyClick(people.control, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.editor.field_widget("check_basis").control



def test_the_verdict_of_a_printout_is_read_out_each_time_a_code_is_checked(qtbot, office, heard):
    dialog = PrintCheckDialog(office, lambda record: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert heard == [("核验结果", "请先输入或扫描核验码。", True)]
    qtbot.keyClicks(dialog.code, "01a215b4ff10")
    for _twice in range(2):  # the same code scanned again: said again, not silence
        qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert len(heard) == 3 and heard[1] == heard[2]
    assert heard[2][1] == dialog.verdict.text() and "核验码" in heard[2][1]
    assert said(dialog.verdict) == "核验结果"  # named, its verdict read after the name
    assert QAccessible.queryAccessibleInterface(dialog.verdict).text(QAccessible.Text.Description) == heard[2][1]


def test_the_banner_of_a_viewed_record_is_read_out_as_it_opens_and_as_it_changes(qtbot, office, dialogs,
                                                                                  heard):
    window = viewed_check(qtbot, office, dialogs)
    assert [message for _name, message, _now in heard] == [VIEWING]
    window.editor.saved.emit(window.editor.record)  # the banner made again, the same: not said again
    assert len(heard) == 1
    review_steps.submit(office, window.editor.record.id, "李娟")  # locked elsewhere while it was open
    review_steps.lock(office, window.editor.record.id, "李娟")
    window.start_editing()  # 编辑: the record is locked now
    banner = window.review_bar.banner.text()
    assert "锁定" in banner and heard[-1][1] == banner


LETTER = re.compile(r"&(\w)")


def alt_letters(window) -> list[str]:
    """The Alt letters shown in `window`, on its buttons and labels, one entry per use."""
    texts = [w.text() for w in window.findChildren(QAbstractButton) + window.findChildren(QLabel)
             if w.isVisibleTo(window)]
    return [letter.upper() for text in texts for letter in LETTER.findall(text)]


def test_the_drill_downs_buttons_have_alt_letters_each_its_own(qtbot, known, dialogs, ui_settings):
    """待办事项 had 导出列表(X)…; 查看记录's 导出列表… and 打开记录 had no letter, Tab the only way to them."""
    store, _catalog, _ids = known
    window, drill = drill_of(qtbot, store, dialogs, ui_settings, "T40b")
    drill.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is drill)
    used = alt_letters(drill)
    assert {"O", "X"} <= set(used) and len(used) == len(set(used))
    shown = drill.records[drill.table.currentRow()]
    drill.table.setFocus()
    press(qtbot, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: shown.id in window.editors)  # Alt+O: 打开记录 (pressed as a click is, shown first)


def todo_of(qtbot, store, valid_record):
    """待办事项 of a township with meetings waiting for the 所长 and open complaints: several groups."""
    from fazhi_desktop.qt.todo_view import TodoDialog

    for n in (1, 2):
        review_steps.submit(store, store.save("meeting", valid_record("meeting", title=f"第{n}次常务会议"), "马丽").id,
                            "马丽")
    store.save("complaint", valid_record("complaint"), "马丽")
    opened: list = []
    dialog = TodoDialog(store, lambda record: opened.append(record) or dialog)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog, opened


def test_the_arrows_pass_over_the_todo_lists_group_headings(qtbot, store, valid_record):
    """A heading row took the cursor, and Enter on it did nothing and said nothing."""
    dialog, opened = todo_of(qtbot, store, valid_record)
    headings = [row for row, item in enumerate(dialog.rows) if item is None]
    assert len(headings) >= 2 and headings[0] == 0
    table = dialog.table
    table.setFocus()
    visited = [table.currentRow()]
    for _row in range(len(dialog.rows)):
        qtbot.keyClick(table, Qt.Key.Key_Down)
        visited.append(table.currentRow())
    assert visited[0] == 1 and visited[-1] == len(dialog.rows) - 1
    assert not set(visited) & set(headings)  # every row but the headings, down to the last
    qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert table.currentRow() == 1
    qtbot.keyClick(table, Qt.Key.Key_Up)
    assert table.currentRow() == 1  # not up onto the first heading
    second = next(h + 1 for h in headings[1:] if dialog.rows[h + 1].record_id)  # a record under a later heading
    table.selectRow(second - 2)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentRow() == second
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened  # Enter opens what the cursor is on, a record, never a heading
    group = dialog.rows[second].group
    assert table.item(second, 0).data(Qt.ItemDataRole.AccessibleTextRole).startswith(f"{group}（")

