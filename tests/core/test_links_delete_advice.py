"""Deleting a record advises deleting what it links to only through a link the catalog counts (a meeting's 会前学法),
and not while another live record links it too (code review D)."""

from __future__ import annotations

from fazhi_desktop.core.links import deletion_note


def test_deleting_a_complaint_says_nothing_of_its_check(store, valid_record):
    check = store.save("enforcement_check", valid_record("enforcement_check"), "杨芳")
    complaint = store.save("complaint", valid_record("complaint", related_check=check.id), "杨芳")
    # said: 其“关联监督检查”…仍计入执法监督检查；投诉举报取消、执法监督检查也未进行的，请一并删除该执法监督检查记录
    assert deletion_note(store, complaint.id) == ""


def test_a_study_two_meetings_share_is_kept(store, valid_record):
    study = store.save("law_study", valid_record("law_study"), "杨芳")
    first = store.save("meeting", valid_record("meeting", pre_meeting_study=study.id), "杨芳")
    second = store.save("meeting", valid_record("meeting", title="另一次会议", pre_meeting_study=study.id), "杨芳")
    note = deletion_note(store, first.id)
    assert "请一并删除" not in note and f"{second.number}的“会前学法”也链接它，请保留" in note
    store.delete(second.id, "杨芳")
    assert "请一并删除该学法活动记录" in deletion_note(store, first.id)  # the last meeting linking it
