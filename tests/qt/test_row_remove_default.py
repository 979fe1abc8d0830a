"""Removing a group row that holds typed text asks first, and the question's Enter keeps the row: Ctrl+Shift+Delete
then Enter dropped a party's typed name at once (its default button was 删除), as the record's delete did."""

from __future__ import annotations

from helpers import type_text
from test_editor import add_row, office, open_window

__all__ = ["office"]  # the fixture, shared with test_editor


def test_enter_on_the_remove_row_question_keeps_the_typed_row(qtbot, office, dialogs):
    window = open_window(qtbot, office, "mediation_case", dialogs)
    parties = window.editor.group_widget("parties")
    add_row(qtbot, parties)
    row = parties.rows[-1]
    type_text(qtbot, row.inputs["name"].control, "马某")
    rows = len(parties.rows)
    assert parties.remove_row(row) is False  # no answer queued: the scripted box says no
    assert dialogs.shown[-1][1] == "删除此行" and dialogs.confirm_defaults[-1] is False
    assert len(parties.rows) == rows and row.inputs["name"].value() == "马某"
