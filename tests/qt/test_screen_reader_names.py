"""What a screen reader (NVDA, on a Friday at the township office) says on reaching each input, and a dialog that
keeps what was chosen when Enter came too early. Qt names an input after a label only when the label stands beside
it as its buddy; the editor's labels stand outside the inputs, so every field of every form was read as its value
alone: `编辑 2026-04-28`, never 检查日期."""

from __future__ import annotations

from helpers import type_text
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QApplication
from test_editor import office, open_window

from fazhi_desktop.core import sent_back
from fazhi_desktop.core.forms import FieldDef
from fazhi_desktop.qt.reopen_dialog import ReopenDialog
from fazhi_desktop.qt.review_bar import REOPEN_PROMPT

__all__ = ["office"]  # the fixture, shared with test_editor


def said(widget) -> str:
    """The name the accessibility interface gives a screen reader for `widget`."""
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def test_every_input_of_every_form_is_named_by_its_field(qtbot, office, dialogs):
    for name, ledger in office.ledgers.items():
        window = open_window(qtbot, office, name, dialogs)
        editor = window.editor
        for field in ledger.fields:
            if field.type == "group" and not editor.group_widget(field.name).rows:
                editor.group_widget(field.name).add_row(focus=False)  # its inputs are those of a row
        unnamed = [f"{name}: {type(w).__name__} {getattr(w, 'text', lambda: '')()!r}" for w in editor.tab_stops()
                   if not isinstance(w, QAbstractButton) and not w.accessibleName().strip()]
        assert unnamed == []
        window.close()


def test_a_field_is_read_out_by_its_label_and_whether_it_is_required(qtbot, office, dialogs):
    window = open_window(qtbot, office, "meeting", dialogs)
    fields: dict[str, FieldDef] = {f.name: f for f in office.ledgers["meeting"].fields}
    title, place = (window.editor.field_widget(n).control for n in ("title", "location"))
    assert said(title) == "会议名称/届次（必填）"  # where NVDA said nothing but the text typed
    assert said(place) == fields["location"].label == "地点"
    agenda = window.editor.group_widget("agenda_items")
    row = agenda.row(0) if agenda.rows else agenda.add_row(focus=False)
    assert said(row.inputs["title"].control) == f"议题 {agenda.rows.index(row) + 1}：议题名称（必填）"


def test_each_row_of_a_group_is_read_out_with_its_number(qtbot, office, dialogs):
    """A case's 当事人 1 and 当事人 2 each have a 身份证号: NVDA said `身份证号` in both, and a clerk listening could
    not tell whose number she was typing. Each row's inputs are named by the row as its title shows it, and renamed
    when a row above is removed."""
    window = open_window(qtbot, office, "mediation_case", dialogs)
    parties = window.editor.group_widget("parties")
    while len(parties.rows) < 3:
        parties.add_row(focus=False)
    assert [said(row.inputs["id_number"].control) for row in parties.rows] == \
        ["当事人 1：身份证号", "当事人 2：身份证号", "当事人 3：身份证号"]
    assert said(parties.rows[1].inputs["name"].control) == "当事人 2：姓名（必填）"
    assert parties.remove_row(parties.rows[0])
    assert [said(row.inputs["id_number"].control) for row in parties.rows] == \
        ["当事人 1：身份证号", "当事人 2：身份证号"]


def open_reopen(qtbot) -> ReopenDialog:
    dialog = ReopenDialog(None, "重新打开", REOPEN_PROMPT)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_the_reopen_reason_is_named_for_a_screen_reader(qtbot):
    dialog = open_reopen(qtbot)
    assert QApplication.focusWidget() is dialog.reason
    assert said(dialog.reason) == "重新打开的原因（必填）"


def test_enter_before_a_reason_keeps_the_dialog_and_the_choice(qtbot):
    """The 所长 chooses 由我自己修改 with the arrows and presses Enter before typing the reason: the dialog stays,
    says what is missing, the cursor back in the reason and her choice as she left it."""
    dialog = open_reopen(qtbot)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert dialog.choices[sent_back.SELF].isChecked()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.problem.isVisible() and "请填写重新打开的原因" in dialog.problem.text()
    assert QApplication.focusWidget() is dialog.reason
    type_text(qtbot, dialog.reason, "届次写错")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert dialog.answer() == ("届次写错", sent_back.SELF)


def test_the_lists_of_the_main_window_are_named(qtbot, office, dialogs, ui_settings):
    """Tab from the search box reached a list a screen reader called 表格 and a year chooser called 全部年份."""
    from fazhi_desktop.qt.main_window import create_main_window

    window = create_main_window(office, dialogs, ui_settings, "管理员")
    qtbot.addWidget(window)
    page = window.page("meeting")
    assert said(page.table) == "会议列表"
    assert page.year_combo.accessibleName() == "年份"  # what Windows reads before the year shown
    assert said(window.page("indicators").stats_table) == "调解统计"
