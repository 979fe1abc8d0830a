# ruff: noqa: F811  (the window fixture imported from test_main_window.py)
"""The meeting editor says, in orange at 会前学法, that a study written into the 议题 without its link counts nowhere;
a note, not asked about at printing (tests/core/test_study_mentioned.py has the check itself)."""

from __future__ import annotations

from test_main_window import ACTOR, window  # noqa: F401  (window: the main window, a fixture)

NOTE = ("议题中写了“会前学法”，但“会前学法”中没有链接记录：不计入本年度指标“会前学法”（第46项）。"
        "请新建学法活动记录（活动类型选“会前学法”），再在本会议的“会前学法”中选中它")


def test_the_editor_shows_the_unlinked_study_at_its_field(qtbot, window, store, valid_record):
    record = store.save("meeting", valid_record("meeting", agenda_items=[{"title": "会前学法：学习宪法"}]), ACTOR)
    editor = window.open_record(record).editor
    assert editor.field_widget("pre_meeting_study").warning() == NOTE
    assert editor.status.text() == "此记录有 1 条提示（橙色，不影响提交和打印）"


def test_saving_the_link_in_the_editor_clears_the_note(qtbot, window, store, valid_record):
    record = store.save("meeting", valid_record("meeting", agenda_items=[{"title": "会前学法"}]), ACTOR)
    study = store.save("law_study", valid_record("law_study", held_on="2026-03-05"), ACTOR)
    editor = window.open_record(record).editor
    editor.field_widget("pre_meeting_study").set_value(study.id)
    editor.save()
    assert editor.record.warnings == ()
    assert not editor.field_widget("pre_meeting_study").warning()
