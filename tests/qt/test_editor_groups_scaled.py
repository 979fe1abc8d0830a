# ruff: noqa: F811  (the screen fixture imported from tests/qt/elder_screen.py)
"""The record editor in 长者模式 on a 1024x768 screen at 125 % (819 logical pixels): 当事人's two-to-a-line sub-form
was 858 pixels wide in a 765-pixel form, so the form scrolled sideways and 身份证号, 住址 and 添加一行 were past its
right edge. A row too narrow for two sub-fields to a line puts one to a line, and back when the editor widens."""

from __future__ import annotations

from elder_screen import small_scaled_screen  # noqa: F401  (fixture)
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication

from fazhi_desktop.qt.editor.group import GroupRow
from fazhi_desktop.qt.main_window import create_main_window

ACTOR = "杨芳"
PARTY = {"role": "申请人", "party_type": "自然人", "name": "马某", "ethnicity": "回族", "occupation": "个体工商户",
         "address": "海城镇武塬村8组", "guardian": "马海", "guardian_relation": "父亲"}


def party_rows(qtbot, store, dialogs, ui_settings, valid_record, room: QRect):
    record = store.save("mediation_case", valid_record("mediation_case", parties=[PARTY, {**PARTY, "name": "李某"}]),
                        ACTOR)
    ui_settings.setValue("display/large_text", True)
    window = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(window)
    window.setGeometry(room)
    window.show()
    qtbot.waitExposed(window)
    dialog = window.open_editor("mediation_case", store.get(record.id))
    qtbot.addWidget(dialog)
    QApplication.processEvents()
    return dialog, dialog.editor, dialog.findChildren(GroupRow)


def cut_inputs(row: GroupRow) -> list[str]:
    """The row's shown labels and inputs not wholly inside it."""
    inside = row.contentsRect()
    return [row.labels[name].text() for name, widget in row.inputs.items() if widget.isVisible()
            and not (inside.contains(widget.geometry()) and inside.contains(row.labels[name].geometry()))]


def test_the_parties_fit_the_editor_one_to_a_line(qtbot, store, dialogs, ui_settings, valid_record,
                                                 small_scaled_screen):
    dialog, editor, rows = party_rows(qtbot, store, dialogs, ui_settings, valid_record, small_scaled_screen)
    assert dialog.width() <= small_scaled_screen.width() and len(rows) == 2
    assert editor.body.width() <= editor.scroll.viewport().width()  # nothing past the right edge: no sideways scroll
    assert not editor.scroll.horizontalScrollBar().isVisible()
    for row in rows:
        assert not row.pairs and not cut_inputs(row)
        assert row.geometry().right() <= editor.body.width()
    dialog.resize(1400, dialog.height())  # room again (a wider screen): two to a line
    QApplication.processEvents()
    assert all(row.pairs and not cut_inputs(row) for row in rows)
