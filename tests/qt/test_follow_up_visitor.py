"""A 回访 row added to a case starts with the case's 调解员 as 回访人 (`default_from`, twenty-second session): the one
who visits is almost always the mediator, and the clerk typed the same name into every row."""

from __future__ import annotations

from helpers import type_text
from PySide6.QtCore import Qt
from test_editor import add_row, choose, office, only_record, open_window, press_save, typed

__all__ = ["office"]  # the fixture, shared with test_editor


def test_a_new_follow_up_names_the_mediator_and_what_she_types_or_clears_is_kept(qtbot, office, dialogs):
    window = open_window(qtbot, office, "mediation_case", dialogs)
    editor = window.editor
    follow_ups = editor.group_widget("follow_ups")
    add_row(qtbot, follow_ups)
    assert follow_ups.row(0).inputs["visitor"].value() == ""  # no 调解员 yet: nothing to start with
    follow_ups.remove_row(follow_ups.row(0))

    typed(qtbot, editor, "case_name", "马某与李某宅基地纠纷")
    typed(qtbot, editor, "accepted_on", "2026-03-06")
    choose(qtbot, editor.field_widget("dispute_type").control, "房屋宅基地纠纷")
    party = editor.group_widget("parties").row(0)
    choose(qtbot, party.inputs["role"].control, "申请人")
    type_text(qtbot, party.inputs["name"].control, "马某")
    mediators = editor.field_widget("mediators").control
    for name in ("李娟", "马占福"):
        type_text(qtbot, mediators, name)
        qtbot.keyClick(mediators, Qt.Key.Key_Return)
    for _ in range(3):
        add_row(qtbot, follow_ups)
    first, second, untouched = (follow_ups.row(i) for i in range(3))
    assert [row.inputs["visitor"].value() for row in (first, second, untouched)] == ["李娟"] * 3
    type_text(qtbot, first.inputs["visited_on"].control, "2026-04-10")
    first.inputs["visitor"].control.selectAll()
    type_text(qtbot, first.inputs["visitor"].control, "马占福")  # typed over
    type_text(qtbot, second.inputs["visited_on"].control, "2026-05-10")
    second.inputs["visitor"].control.clear()  # cleared: 回访人 not known
    press_save(qtbot, window)

    record = only_record(office, "mediation_case")
    assert [(row["visited_on"], row["visitor"]) for row in record["follow_ups"]] == [
        ("2026-04-10", "马占福"), ("2026-05-10", None)]  # the row holding only the mediator was nothing typed
    window.close()
    reopened = open_window(qtbot, office, "mediation_case", dialogs, record).editor.group_widget("follow_ups")
    assert [row.inputs["visitor"].value() for row in reopened.rows] == ["马占福", ""]  # as stored, not refilled
