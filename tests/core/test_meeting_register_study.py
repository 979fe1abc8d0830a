"""The 会议台账 prints each meeting's 会前学法, by the study's number: the year's meeting register and 学法活动台账 had
nothing to tie one to the other, so an inspector counting T46a on paper could not see which meetings held their
会前学法, nor that two meetings of one morning shared one study (24 meetings, 23 studies, and no way to tell why);
a meeting without one shows an empty cell (review played as the 党政办 clerk of a year's 学法 records, session 26)."""

from __future__ import annotations

from datetime import UTC, datetime

from fazhi_desktop.core.documents import build_register_document


def test_the_meeting_register_names_each_meetings_pre_meeting_study(store, valid_record, clock):
    clock.set(datetime(2026, 11, 28, 4, tzinfo=UTC))
    study = store.save("law_study", valid_record("law_study", held_on="2026-06-16", activity_type="会前学法"), "杨芳")
    for title, kind in (("2026年第6次党委会", "党委会"), ("2026年第6次政府常务会议", "乡镇行政会议(政府常务会议)")):
        store.save("meeting", valid_record("meeting", held_on="2026-06-16", title=title, meeting_type=kind,
                                           pre_meeting_study=study.id), "杨芳")
    store.save("meeting", valid_record("meeting", held_on="2026-07-06", title="2026年第7次党委会",
                                       meeting_type="党委会"), "杨芳")
    doc = build_register_document(store, "meeting", 2026)
    lines = doc.text().split("\n")
    assert "会前学法" in lines
    assert study.number == "〔2026〕学法字第1号" and lines.count("学法字第1号") == 2  # both meetings of the morning
    assert study.id not in doc.text()
