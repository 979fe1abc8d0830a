"""A 所长 who reopens a locked record to correct it herself (session 23): once she saves her correction, the draft is
hers to finish, not sent back. The clerk's list marks it 草稿·所长修改 (not orange 草稿·退回), 退回待改 leaves it out,
and the clerk's editor says she need not change it; a draft the 所长 reopened and did not change stays 草稿·退回."""

from __future__ import annotations

import review_steps

from fazhi_desktop.core import accounts, review, sent_back
from fazhi_desktop.core.store import ListQuery

PASSWORD = "mima-2026"  # the `staff` fixture's


def test_a_record_the_director_reopened_and_corrected_herself_is_not_sent_back(store, staff, valid_record,
                                                                              beijing_time):
    accounts.login(store, "马丽", PASSWORD)
    hers, back = (store.save("meeting", valid_record("meeting", title=f"第{i}次会议"), "") for i in (1, 2))
    for record in (hers, back):
        review_steps.submit(store, record.id)
    accounts.login(store, "杨芳", PASSWORD)
    for record in (hers, back):
        review_steps.lock(store, record.id)
    review_steps.reopen(store, hers.id, "会议名称届次写错，我来改")
    review_steps.reopen(store, back.id, "结束时间早于开始时间，请按会议记录改正")
    store.save("meeting", {"title": "第1次会议（更正）"}, "", record_id=hers.id)  # her own correction

    accounts.login(store, "马丽", PASSWORD)
    assert [r.number for r in store.list(ListQuery("meeting", sent_back=True))] == [back.number]
    found = sent_back.reopenings(store, store.list(ListQuery("meeting", status="draft")))
    assert sent_back.mark("草稿", found[hers.id]) == "草稿·所长修改"
    assert sent_back.mark("草稿", found[back.id]) == "草稿·退回"
    assert found[hers.id].said() == ("杨芳 于 2026-06-01 16:00 重新打开，自行修改：会议名称届次写错，我来改"
                                     "（录入员不必修改）")
    assert review.sent_back(store, store.get(hers.id)) == ("杨芳 于 2026-06-01 16:00 重新打开，正在自行修改："
                                                           "会议名称届次写错，我来改。录入员不必修改。")
    assert "退回修改" in review.sent_back(store, store.get(back.id))

    accounts.login(store, "杨芳", PASSWORD)  # to her, her own draft to finish and submit
    assert review.sent_back(store, store.get(hers.id)) == ("杨芳 于 2026-06-01 16:00 重新打开：会议名称届次写错，"
                                                           "我来改。改好后请保存，再点“提交审核”。")
    assert [r.number for r in store.list(ListQuery("meeting", sent_back=True))] == [back.number]


def test_the_clerks_own_correction_keeps_the_draft_sent_back_until_she_submits(store, staff, valid_record):
    accounts.login(store, "马丽", PASSWORD)
    record = store.save("meeting", valid_record("meeting"), "")
    review_steps.submit(store, record.id)
    accounts.login(store, "杨芳", PASSWORD)
    review_steps.reopen(store, record.id, "请补充决定事项")
    accounts.login(store, "马丽", PASSWORD)
    store.save("meeting", {"title": "改过的名称"}, "", record_id=record.id)  # hers, not the reopener's
    assert [r.id for r in store.list(ListQuery("meeting", sent_back=True))] == [record.id]
    assert sent_back.mark("草稿", sent_back.reopenings(store, [store.get(record.id)])[record.id]) == "草稿·退回"


def test_a_draft_she_corrected_then_sent_back_to_the_clerk_is_sent_back_again(store, staff, valid_record):
    """Her own correction made, she hands it on to the clerk after all: 提交审核 and 重新打开 again with a reason (a
    draft cannot be reopened). The new reopening, which she has not changed since, is the clerk's to correct."""
    accounts.login(store, "马丽", PASSWORD)
    record = store.save("meeting", valid_record("meeting"), "")
    review_steps.submit(store, record.id)
    accounts.login(store, "杨芳", PASSWORD)
    review_steps.reopen(store, record.id, "名称写错，我来改")
    store.save("meeting", {"title": "改过的名称"}, "", record_id=record.id)
    review_steps.submit(store, record.id)
    review_steps.reopen(store, record.id, "请补充决定事项")

    accounts.login(store, "马丽", PASSWORD)
    assert [r.id for r in store.list(ListQuery("meeting", sent_back=True))] == [record.id]
    found = sent_back.reopenings(store, [store.get(record.id)])[record.id]
    assert sent_back.mark("草稿", found) == "草稿·退回" and found.said().endswith("退回：请补充决定事项")
    assert "（退回修改）：请补充决定事项" in review.sent_back(store, store.get(record.id))
