"""A meeting's 会前学法 list after the code review (twenty-second session): a date typed that matches nothing links
again what was linked when the typing began (2026-10-1, on the way to 2026-10-13, linked 1 October's study and said
所选的记录未变), digits alone pick a number again (12 for 第12号), and the study of the meeting's day is offered only
to a link she has not set herself and only if no other meeting links it."""

from __future__ import annotations

from helpers import type_text
from PySide6.QtCore import Qt
from test_editor import open_window, typed

from fazhi_desktop.core.setup import init_database

ACTOR = "管理员"


def study(store, day: str, topic: str = "学习宪法") -> str:
    return store.save("law_study", {"activity_type": "会前学法", "topic": topic, "held_on": day}, ACTOR).id


def in_list(qtbot, editor, text: str) -> None:
    editor.field_widget("title").control.setFocus()
    type_text(qtbot, editor.field_widget("pre_meeting_study").records, text)
    editor.field_widget("title").control.setFocus()  # and leaves the list


def test_a_typed_date_with_no_study_links_what_was_linked_before_and_says_so_truly(qtbot, tmp_path, dialogs):
    store = init_database(tmp_path / "t.db", "640522100")
    september = study(store, "2026-09-09")
    study(store, "2026-10-01")  # “2026-10-1” is its date: typed on the way to the 13th, which has none
    editor = open_window(qtbot, store, "meeting", dialogs).editor
    link = editor.field_widget("pre_meeting_study")
    in_list(qtbot, editor, "2026-10-13")
    assert (link.value(), link.warning()) == (
        None, "没有与“2026-10-13”相符的“学法活动”记录（2026年），未关联：请核对所填内容")
    in_list(qtbot, editor, "2026-9-9")
    in_list(qtbot, editor, "2026-10-13")
    assert (link.value(), link.warning()) == (
        september, "没有与“2026-10-13”相符的“学法活动”记录（2026年），所选的记录未变：请核对所填内容")
    editor.give_up_changes()
    store.close()


def test_the_digits_of_a_number_pick_it(qtbot, tmp_path, dialogs):
    store = init_database(tmp_path / "t.db", "640522100")
    ids = [study(store, "2026-03-02") for _ in range(12)]
    editor = open_window(qtbot, store, "meeting", dialogs).editor
    link = editor.field_widget("pre_meeting_study")
    in_list(qtbot, editor, "12")  # 第12号, from the paper
    assert (link.value(), link.warning()) == (ids[11], None)
    editor.give_up_changes()
    store.close()


def test_the_day_offers_no_study_to_a_link_she_set_to_none_nor_one_another_meeting_links(qtbot, tmp_path, dialogs):
    store = init_database(tmp_path / "t.db", "640522100")
    study(store, "2026-10-13")
    taken = study(store, "2026-10-14")
    store.save("meeting", {"title": "党委会", "meeting_type": "党委会", "office_head_attendance": "全程",
                           "held_on": "2026-10-14", "pre_meeting_study": taken}, ACTOR)
    editor = open_window(qtbot, store, "meeting", dialogs).editor
    link = editor.field_widget("pre_meeting_study")
    typed(qtbot, editor, "held_on", "2026-10-14")
    editor.field_widget("title").control.setFocus()
    assert link.value() is None  # the 党委会's study is not this meeting's
    typed(qtbot, editor, "held_on", "2026-10-13")
    editor.field_widget("title").control.setFocus()
    assert link.value() is not None  # offered
    link.records.setFocus()
    qtbot.keyClick(link.records, Qt.Key.Key_Home)  # 不关联: this meeting had none
    assert link.value() is None
    editor.field_widget("held_on").control.setFocus()  # back through the date, and on
    editor.field_widget("title").control.setFocus()
    assert link.value() is None
    editor.give_up_changes()
    store.close()
