"""A meeting typed before its 会前学法 study: which meeting, if any, waits for the study saved after it
(core/links.waiting_for). The editor links a study to a new meeting of its day; a meeting saved first stayed
unlinked, and its 会前学法 went uncounted (T46a)."""

from __future__ import annotations

from fazhi_desktop.core.links import waiting_for


def test_the_one_meeting_of_the_day_with_an_empty_link_waits_for_its_study(store, valid_record):
    meeting = store.save("meeting", valid_record("meeting", held_on="2026-10-13", title="党委会"), "马文")
    store.save("meeting", valid_record("meeting", held_on="2026-10-14"), "马文")  # another day
    study = store.save("law_study", valid_record("law_study", held_on="2026-10-13"), "马文")
    waiting = waiting_for(store, study)
    assert waiting is not None and waiting.record.id == meeting.id
    assert (waiting.field.name, waiting.field.label) == ("pre_meeting_study", "会前学法")
    assert waiting.text == "〔2026〕会记字第1号（2026-10-13 党委会）"


def test_nothing_waits_for_another_kind_of_study_another_day_or_a_study_linked_already(store, valid_record):
    meeting = store.save("meeting", valid_record("meeting", held_on="2026-10-13"), "马文")
    lecture = store.save("law_study", valid_record("law_study", held_on="2026-10-13", activity_type="专题法治讲座"),
                         "马文")
    assert waiting_for(store, lecture) is None, "a meeting's 会前学法 is a 会前学法"
    other_day = store.save("law_study", valid_record("law_study", held_on="2026-10-12"), "马文")
    assert waiting_for(store, other_day) is None
    study = store.save("law_study", valid_record("law_study", held_on="2026-10-13"), "马文")
    store.save("meeting", {"pre_meeting_study": study.id}, "马文", record_id=meeting.id)
    assert waiting_for(store, study) is None, "linked already"
    store.save("meeting", valid_record("meeting", held_on="2026-10-13", title="第二次会议"), "马文")
    assert waiting_for(store, store.save("law_study", valid_record("law_study", held_on="2026-10-13"), "马文")) \
        is not None, "the meeting linking the first study is not waiting: the other one is"


def test_two_meetings_waiting_or_one_that_cannot_be_changed_are_not_offered(store, valid_record):
    first = store.save("meeting", valid_record("meeting", held_on="2026-10-13"), "马文")
    second = store.save("meeting", valid_record("meeting", held_on="2026-10-13", title="党委会"), "马文")
    study = store.save("law_study", valid_record("law_study", held_on="2026-10-13"), "马文")
    assert waiting_for(store, study) is None, "which of the two is the clerk's to say"
    store.delete(second.id, "马文")
    assert waiting_for(store, study).record.id == first.id, "a deleted meeting waits for nothing"
    store.change_status(first.id, "locked", "马文")
    assert waiting_for(store, study) is None, "a locked meeting cannot be linked"
