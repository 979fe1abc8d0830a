"""退回 where the clerk looks (session 22): a draft the 所长 reopened with a reason, until it is submitted again, is
found in the change log (core/sent_back.py) for the list's “草稿·退回” and its filter 退回待改 (`ListQuery.sent_back`),
with who sent it back, when and why. A draft never submitted, or one submitted again, is not."""

from __future__ import annotations

import review_steps

from fazhi_desktop.core import accounts, sent_back
from fazhi_desktop.core.store import ListQuery

PASSWORD = "mima-2026"  # the `staff` fixture's


def test_a_draft_sent_back_is_listed_with_its_reason_until_it_is_submitted_again(store, staff, valid_record,
                                                                                 beijing_time):
    accounts.login(store, "马丽", PASSWORD)
    first, second, fresh = (store.save("meeting", valid_record("meeting", title=f"第{i}次会议"), "")
                            for i in (1, 2, 3))
    for record in (first, second):
        review_steps.submit(store, record.id)
    accounts.login(store, "杨芳", PASSWORD)
    review_steps.reopen(store, first.id, "结束时间早于开始时间，请按会议记录改正。")
    review_steps.review(store, second.id)

    def listed() -> list[str]:
        return [r.number for r in store.list(ListQuery("meeting", sent_back=True))]

    assert listed() == [first.number]  # not the fresh draft, nor the reviewed one
    drafts = store.list(ListQuery("meeting", status="draft"))
    found = sent_back.reopenings(store, drafts)
    assert list(found) == [first.id]
    assert found[first.id].said() == "杨芳 于 2026-06-01 16:00 退回：结束时间早于开始时间，请按会议记录改正。"
    assert sent_back.mark("草稿", found[first.id]) == "草稿·退回"
    assert sent_back.mark("草稿", None) == "草稿"
    accounts.login(store, "马丽", PASSWORD)
    review_steps.submit(store, first.id)  # corrected and submitted again: no longer waiting for her
    assert listed() == []
    assert sent_back.reopenings(store, [store.get(first.id), fresh]) == {}
