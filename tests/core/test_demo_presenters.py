"""The demonstration's 纪要 said 海军就该事项作了汇报 of a meeting whose 出席 and 签到表 left him out (played as 杨芳
printing two meetings' minutes and sign-in sheets): whoever reports an agenda item is at the meeting."""

from __future__ import annotations

from test_demo_worked import built

from fazhi_desktop.core.store import ListQuery


def test_every_agenda_item_is_reported_by_someone_at_the_meeting(tmp_path):
    store = built(tmp_path)
    meetings = store.list(ListQuery("meeting", descending=False))
    assert len(meetings) == 30
    reported = 0
    for record in meetings:
        there = set(record.values.get("attendees") or []) | set(record.values.get("observers") or [])
        for item in record.values["agenda_items"]:
            if item.get("presenter"):
                reported += 1
                assert item["presenter"] in there, (record.number, item["presenter"], sorted(there))
    assert reported > 30
