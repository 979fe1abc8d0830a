# ruff: noqa: F811  (the open_window fixture imported from test_review_gui)
"""马小燕, a clerk in her first week, saved a meeting she had found late in the pile and read under 会议日期 in
orange “早于已编号的〔2026〕会记字第2号…”. She pressed F1 with the cursor there and the manual opened at the top of
二、登记台账, fifteen sections above 按日期重新编号, which says what the note means and whom to ask. F1 in an editor now
opens at the section about the note of the field the cursor is in."""

from __future__ import annotations

from test_manual import HEADINGS, heading_at_top, press_f1
from test_review_gui import as_user, open_window  # noqa: F401  (a fixture)

from fazhi_desktop.core import accounts
from fazhi_desktop.qt import manual_view


def test_the_parts_are_headings_of_the_manual():
    assert {manual_view.NOTES_PART, manual_view.RENUMBER_PART} <= set(HEADINGS)


def test_f1_at_a_note_opens_the_manual_where_it_is_explained(qtbot, store, staff, valid_record, open_window):
    as_user(store, "马丽")
    store.save("meeting", valid_record("meeting", held_on="2026-03-05"), "")
    accounts.logout(store)
    window = open_window("马丽")
    editor = window.open_editor("meeting", None)
    qtbot.waitExposed(editor)
    inputs = editor.editor.inputs
    for name, value in valid_record("meeting", held_on="2026-02-20", host="马 建国").items():
        if name in ("title", "held_on", "host"):
            inputs[name].control.setText(value)
        elif name in ("meeting_type", "office_head_attendance"):
            inputs[name].control.setCurrentText(value)
    assert editor.save()
    assert inputs["held_on"].message.text().startswith("早于已编号的")

    def f1_at(field: str) -> str:
        inputs[field].control.setFocus()
        press_f1(qtbot, editor)
        manual = window.manual_window
        qtbot.waitUntil(lambda: manual.isVisible())
        editor.activateWindow()
        return heading_at_top(manual)

    assert f1_at("held_on") == "按日期重新编号"
    assert f1_at("host") == "红字和橙字是什么意思"  # “马 建国”中有空格
    assert f1_at("location") == manual_view.ENTRY_PART  # no note there: entering records, as before
