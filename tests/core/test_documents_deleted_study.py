"""A meeting's 会前学法 deleted after it was linked: the 会议记录 printed "（关联记录已删除：01a21c25-…）", a raw
id, and the 纪要 dropped its study sentence without a word; nothing said so when the study was deleted."""

from __future__ import annotations

from document_lines import minutes_lines

from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.links import deletion_note


def meeting_with_study(store, valid_record):
    study = store.save("law_study", valid_record("law_study"), "杨芳")
    meeting = store.save("meeting", valid_record("meeting", pre_meeting_study=study.id), "杨芳")
    return study, meeting


def test_the_papers_of_a_meeting_name_its_deleted_study_by_number_never_by_id(store, valid_record):
    study, meeting = meeting_with_study(store, valid_record)
    minutes = "".join(minutes_lines(build_document(store, meeting, "minutes")))
    assert "会前，参会人员开展会前学法，学习《中华人民共和国行政处罚法》。" in minutes
    store.delete(study.id, "杨芳")
    record = build_document(store, meeting, "record").text()
    assert f"所链接的{study.number}已删除" in record
    assert study.id[-12:] not in record  # (its first digits are a time, as the verification code's)
    minutes = "".join(minutes_lines(build_document(store, meeting, "minutes")))
    assert f"会前，参会人员开展会前学法（所链接的{study.number}已删除）。" in minutes  # not silently left out
    assert study.id[-12:] not in minutes


def test_deleting_a_study_a_meeting_links_to_names_the_meeting(store, valid_record):
    study, meeting = meeting_with_study(store, valid_record)
    note = deletion_note(store, study.id)
    assert note.startswith(f"{meeting.number}的“会前学法”链接此记录")
    assert f"所链接的{study.number}已删除" in note
    alone = store.save("law_study", valid_record("law_study", topic="学习宪法"), "杨芳")
    assert deletion_note(store, alone.id) == ""  # nothing links to it: nothing to say
    store.delete(meeting.id, "杨芳")
    assert deletion_note(store, study.id) == ""  # a deleted meeting prints nothing
