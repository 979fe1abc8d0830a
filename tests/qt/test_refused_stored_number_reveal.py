"""A stored ID number today's check refuses (an older version saved it) was shown in full to a 所长 who merely opened
the record, and the reveal log noted nothing. It opens masked under its red message; her click shows it, noted."""

# ruff: noqa: F811
from __future__ import annotations

from bundle_world import saved_by_an_older_version
from PySide6.QtCore import Qt
from test_review_gui import as_user, open_window  # noqa: F401

from fazhi_desktop.core import accounts, reveals

NUMBER = "640522196103231939"
WRONG = "640522196103231930"  # check digit wrong: refused today


def test_a_refused_stored_number_opens_masked_and_is_shown_on_a_click_noted(qtbot, store, staff, valid_record,
                                                                          open_window):
    as_user(store, "马丽")
    party = {"role": "申请人", "party_type": "自然人", "name": "马某", "id_number": NUMBER}
    case = store.save("mediation_case", valid_record("mediation_case", parties=[party]), "")
    accounts.logout(store)
    saved_by_an_older_version(store, case.id, parties=[{**party, "id_number": WRONG}])
    window = open_window("杨芳")
    editor = window.open_record(store.get(case.id))
    qtbot.waitExposed(editor)
    field = editor.editor.group_widget("parties").row(0).inputs["id_number"]
    assert field.error() and field.control.text() == "640522********1930"
    qtbot.mouseClick(field.control, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: field.control.text() == WRONG)
    editor.close()
    as_user(store, "admin")
    assert [(e["actor"], e["record_id"]) for e in reveals.reveal_log(store)] == [("杨芳", case.id)]
