"""批量提交审核 leaves a draft sent back to the clerk unticked while she has not corrected it
(`sent_back.uncorrected`): what the 所长 who sent it back saves on it meanwhile (a note of hers), or the draft deleted
and restored as it was, corrects nothing, and the draft must not go back to her as it was returned."""

from __future__ import annotations

import review_steps

from fazhi_desktop.core import accounts, sent_back
from fazhi_desktop.core.store import ListQuery

PASSWORD = "mima-2026"  # the `staff` fixture's
REASON = "参会人员漏了李强，请对照签到表补上"


def sent_back_draft(store, valid_record):
    accounts.login(store, "马丽", PASSWORD)
    record = store.save("meeting", valid_record("meeting", title="第1次乡镇政府常务会议"), "")
    review_steps.submit(store, record.id)
    accounts.login(store, "杨芳", PASSWORD)
    review_steps.reopen(store, record.id, REASON, corrector=sent_back.CLERK)
    return store.get(record.id)


def drafts(store):
    return store.list(ListQuery("meeting", status="draft"))


def test_a_note_of_the_director_who_sent_it_back_does_not_correct_it(store, staff, valid_record):
    record = sent_back_draft(store, valid_record)
    noted = store.save("meeting", {**record.values, "remarks": "李强当天请假条已找到"}, "", record_id=record.id,
                       expected_revision=record.revision)  # 杨芳's own note, the draft still the clerk's
    assert sent_back.mark("草稿", sent_back.reopenings(store, [noted])[record.id]) == "草稿·退回"
    assert sent_back.uncorrected(store, drafts(store)) == {record.id}
    accounts.login(store, "马丽", PASSWORD)  # the clerk corrects it: no longer held back
    store.save("meeting", {**noted.values, "attendees": ["马文军", "李强"]}, "", record_id=record.id,
               expected_revision=noted.revision)
    assert sent_back.uncorrected(store, drafts(store)) == set()


def test_a_draft_deleted_and_restored_as_it_was_is_not_corrected(store, staff, valid_record):
    record = sent_back_draft(store, valid_record)
    store.delete(record.id, "")
    store.restore_deleted(record.id, "")
    assert sent_back.uncorrected(store, drafts(store)) == {record.id}


def test_her_own_draft_deleted_and_restored_is_not_said_to_be_saved(store, staff, valid_record):
    """The 所长 reopened a draft to correct it herself, deleted it by mistake and restored it (恢复): the banner said
    已保存，请点“提交审核” of a draft whose correction nothing had saved, as a restore counted as her save."""
    from fazhi_desktop.core import review

    accounts.login(store, "马丽", PASSWORD)
    record = store.save("meeting", valid_record("meeting", title="第1次乡镇政府常务会议"), "")
    review_steps.submit(store, record.id)
    accounts.login(store, "杨芳", PASSWORD)
    review_steps.reopen(store, record.id, "地点录错", corrector=sent_back.SELF)
    store.delete(record.id, "")
    store.restore_deleted(record.id, "")
    assert review.sent_back(store, store.get(record.id)).endswith("：地点录错。改好后请保存，再点“提交审核”。")
    restored = store.get(record.id)
    store.save("meeting", {**restored.values, "location": "镇政府三楼会议室"}, "", record_id=record.id,
               expected_revision=restored.revision)
    assert review.sent_back(store, store.get(record.id)).endswith("：地点录错。已保存，请点“提交审核”。")
