"""A 学法活动's editor never said which meetings link to it as their 会前学法: the study a 党委会 and a 政府常务会议
of one morning share could not be seen as theirs from the study. A read-only line under its title now names them,
read again when a meeting is linked or unlinked in another window while the study is open."""

from __future__ import annotations

from test_keyboard_evening import window

__all__ = ["window"]  # the fixture: the main window, its 录入员 马丽 logged in


def test_the_open_study_names_the_meetings_that_link_it_as_they_link_and_unlink(qtbot, window, store, valid_record):
    study = store.save("law_study", valid_record("law_study"), "马丽")
    store.save("meeting", valid_record("meeting", title="党委会", pre_meeting_study=study.id), "马丽")
    shown = window.open_record(study).editor
    line = shown.linked_from
    assert line.isVisibleTo(shown)
    assert line.text() == "本次学法活动为〔2026〕会记字第1号（2026-03-05 党委会）的会前学法"

    other = window.open_editor("meeting", None).editor  # the 政府常务会议 of the same morning, typed now
    for name, value in valid_record("meeting", title="政府常务会议", pre_meeting_study=study.id).items():
        other.field_widget(name).set_value(value)
    assert other.save()
    assert line.text() == ("本次学法活动为〔2026〕会记字第1号（2026-03-05 党委会）、"
                           "第2号（2026-03-05 政府常务会议）的会前学法")

    other.field_widget("pre_meeting_study").set_value(None)  # linked by mistake: 不关联
    assert other.save()
    assert line.text() == "本次学法活动为〔2026〕会记字第1号（2026-03-05 党委会）的会前学法"
    assert not other.linked_from.isVisibleTo(other)  # a meeting no record links says nothing
