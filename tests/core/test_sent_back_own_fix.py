"""A 所长 who reopens a locked record to correct it herself: she says so when she reopens it (由我自己修改, session 25;
before, only her first save after reopening told), and the draft is hers to finish, not sent back. The clerk's list
marks it 草稿·所长修改 (not orange 草稿·退回), 退回待改 leaves it out, and the clerk's editor says she need not change
it; a draft she sent back (退回录入员修改, the default) stays 草稿·退回 whatever she saves. A reopening written before
the choice was recorded is read as before: sent back until the 所长 saves a change to it."""

from __future__ import annotations

import review_steps

from fazhi_desktop.core import accounts, review, sent_back
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.history import record_history
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
    review_steps.reopen(store, hers.id, "会议名称届次写错，我来改", corrector=sent_back.SELF)  # Friday evening
    review_steps.reopen(store, back.id, "结束时间早于开始时间，请按会议记录改正")
    store.save("meeting", {"remarks": "已核对会议记录"}, "", record_id=back.id)  # a note of hers: still sent back

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


def test_a_reopening_from_before_the_choice_reads_as_sent_back_until_she_saves_a_change(store, staff, valid_record):
    """A change log of an earlier version: its 重新打开 carries no `corrector`, and reads as it did then."""
    accounts.login(store, "马丽", PASSWORD)
    record = store.save("meeting", valid_record("meeting"), "")
    review_steps.submit(store, record.id)
    accounts.login(store, "杨芳", PASSWORD)
    store.change_status(record.id, "draft", "", reason="名称写错，我来改")  # as the version before wrote it
    assert store.conn.execute("SELECT corrector FROM changes ORDER BY seq DESC LIMIT 1").fetchone()[0] is None
    assert [r.id for r in store.list(ListQuery("meeting", sent_back=True))] == [record.id]
    store.save("meeting", {"title": "改过的名称"}, "", record_id=record.id)
    assert store.list(ListQuery("meeting", sent_back=True)) == []
    assert sent_back.reopenings(store, [store.get(record.id)])[record.id].own_fix


def test_the_choice_is_kept_in_the_change_log_under_its_hash(store, staff, valid_record):
    accounts.login(store, "马丽", PASSWORD)
    record = store.save("meeting", valid_record("meeting"), "")
    review_steps.submit(store, record.id)
    accounts.login(store, "杨芳", PASSWORD)
    review_steps.reopen(store, record.id, "我来改", corrector=sent_back.SELF)
    assert store.conn.execute("SELECT corrector FROM changes ORDER BY seq DESC LIMIT 1").fetchone()[0] == "self"
    assert check_database(store).ok
    store.conn.execute("UPDATE changes SET corrector = 'clerk' WHERE corrector = 'self'")  # changed outside
    assert not check_database(store).ok


def test_to_the_director_a_draft_she_sent_back_is_the_clerks_to_correct(store, staff, valid_record, beijing_time):
    """She chose 退回录入员修改: her own editor of it said 改好后请保存，再点“提交审核”, as if hers to correct."""
    accounts.login(store, "马丽", PASSWORD)
    record = store.save("meeting", valid_record("meeting"), "")
    review_steps.submit(store, record.id)
    accounts.login(store, "杨芳", PASSWORD)
    review_steps.reopen(store, record.id, "请补充决定事项", corrector=sent_back.CLERK)
    assert review.sent_back(store, store.get(record.id)) == ("杨芳 于 2026-06-01 16:00 重新打开，退回录入员修改："
                                                             "请补充决定事项。录入员改好后会再提交审核。")


def test_the_history_says_who_was_to_correct_each_reopening(store, staff, valid_record):
    """Kept in the change log, the choice was shown nowhere in 历史 (nor `fazhi history`): only the list's mark,
    gone once the draft was submitted again."""
    accounts.login(store, "马丽", PASSWORD)
    record = store.save("meeting", valid_record("meeting"), "")
    review_steps.submit(store, record.id)
    accounts.login(store, "杨芳", PASSWORD)
    review_steps.reopen(store, record.id, "请补充决定事项")
    review_steps.submit(store, record.id)
    review_steps.reopen(store, record.id, "我来改", corrector=sent_back.SELF)
    store.change_status(record.id, "submitted", "")
    store.change_status(record.id, "draft", "", reason="名称写错")  # as the version before wrote a 重新打开
    shown = [(r.action, r.reason) for r in record_history(store, record.id) if r.reason]  # as anyone reads it
    assert shown == [("重新打开（退回录入员修改）", "请补充决定事项"), ("重新打开（自行修改）", "我来改"),
                     ("重新打开", "名称写错")]
