"""A 会前学法 link reads a typed date as a date field does, says when typed text picks nothing, and a new meeting
links the 会前学法 of its day by itself (twenty-second session): 2026-9-9 and 2026年10月13日 picked nothing, silently,
and 8 of 10 meetings typed in a review were saved unlinked."""

from __future__ import annotations

from helpers import type_text
from PySide6.QtCore import Qt
from test_editor import open_window, typed

from fazhi_desktop.core.setup import init_database

ACTOR = "管理员"


def study(store, day: str, kind: str = "会前学法") -> str:
    return store.save("law_study", {"activity_type": kind, "topic": f"学习宪法（{day}）", "held_on": day}, ACTOR).id


def test_a_typed_date_picks_the_study_of_that_day_and_what_picks_nothing_is_said(qtbot, tmp_path, dialogs):
    store = init_database(tmp_path / "t.db", "640522100")
    september, october = study(store, "2026-09-09"), study(store, "2026-10-13")
    study(store, "2026-10-13", "专题法治讲座")  # the same day, not a 会前学法: not the one a meeting links by itself
    window = open_window(qtbot, store, "meeting", dialogs)
    editor = window.editor
    link = editor.field_widget("pre_meeting_study")
    typed(qtbot, editor, "held_on", "2026-10-1")  # on the way to 2026-10-13: nothing yet
    assert link.value() is None
    type_text(qtbot, editor.field_widget("held_on").control, "3")
    qtbot.keyClick(editor.field_widget("held_on").control, Qt.Key.Key_Return)  # the date left: its 会前学法 linked
    assert link.value() == october
    link.records.setCurrentIndex(0)  # 不关联 chosen: hers, so another date left offers nothing (README)
    typed(qtbot, editor, "held_on", "2026-09-09")
    editor.field_widget("title").control.setFocus()
    assert link.value() is None

    def in_list(text: str) -> None:
        editor.field_widget("title").control.setFocus()
        type_text(qtbot, link.records, text)  # comes back to the list, and types

    in_list("2026-9-9")
    assert (link.value(), link.warning()) == (september, None)
    typed(qtbot, editor, "held_on", "2026-10-13")
    editor.field_widget("title").control.setFocus()
    assert link.value() == september  # hers: a date changed later keeps it (the form's check says 日期不同)
    in_list("2026年10月13日")
    assert (link.value(), link.warning()) == (october, None)
    in_list("2026-9-8")  # no study that day: said under the list, and the link is not changed
    assert (link.value(), link.warning()) == (
        october, "没有与“2026-9-8”相符的“学法活动”记录（2026年），所选的记录未变：请核对所填内容")
    link.records.setCurrentIndex(0)  # 不关联
    in_list("2026-9-8")
    editor.field_widget("title").control.setFocus()  # leaving the field: still said
    assert (link.value(), link.warning()) == (
        None, "没有与“2026-9-8”相符的“学法活动”记录（2026年），未关联：请核对所填内容")
    assert link.message.isVisibleTo(link)
    in_list("9-9")  # no year: not a date, and nothing picked (the one record holding a 9 is not meant)
    assert link.value() is None
    editor.field_widget("title").control.setFocus()
    assert link.warning() == ("“9-9”不是完整的日期（如 2026-10-13），没有相符的“学法活动”记录（2026年），未关联："
                              "请核对所填内容")
    in_list("第1号")
    assert (link.value(), link.warning()) == (september, None)
    editor.give_up_changes()
    window.close()
    store.close()
