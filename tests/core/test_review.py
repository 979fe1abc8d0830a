# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""Review: 草稿 → 已提交 → 所长已审核 → 已锁定; 重新打开 with a reason; who may do what is enforced in core."""

from __future__ import annotations

import json

import pytest
import review_steps
from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core import accounts, review
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.errors import Conflict, LoginFailed, PermissionDenied, ValidationError
from fazhi_desktop.core.ids import canonical_json, sha256_text
from fazhi_desktop.core.store import chain_hash

STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)


def as_user(store, name: str):
    return accounts.login(store, name, STAFF_PASSWORD)


@pytest.fixture
def meeting(store, staff, valid_record):
    as_user(store, "马丽")
    return store.save("meeting", valid_record("meeting"), "ignored")


def test_the_logged_in_user_is_the_actor_whatever_name_is_passed(store, meeting):
    assert meeting.created_by == "马丽"
    assert store.history(meeting.id)[0]["actor"] == "马丽"


def test_a_database_with_accounts_refuses_changes_without_a_login(store, meeting, valid_record):
    accounts.logout(store)
    with pytest.raises(LoginFailed, match="请先登录"):
        store.save("meeting", valid_record("meeting"), "马丽")
    with pytest.raises(LoginFailed):
        store.delete(meeting.id, "马丽")
    with pytest.raises(LoginFailed):
        review_steps.submit(store, meeting.id, "马丽")


def test_the_whole_workflow_from_draft_to_locked(store, meeting):
    assert meeting.status == "draft"
    submitted = review_steps.submit(store, meeting.id)
    assert (submitted.status, submitted.revision, submitted.updated_by) == ("submitted", 2, "马丽")
    as_user(store, "杨芳")
    reviewed = review_steps.review(store, meeting.id)
    locked = review_steps.lock(store, meeting.id)
    assert (reviewed.status, locked.status, locked.revision) == ("reviewed", "locked", 4)
    ops = [(e["op"], e["data"]["status"], e["actor"]) for e in store.history(meeting.id)]
    assert ops == [("insert", "draft", "马丽"), ("status", "submitted", "马丽"), ("status", "reviewed", "杨芳"),
                   ("status", "locked", "杨芳")]
    assert check_database(store).ok


@pytest.mark.parametrize("step", ["review", "lock", "reopen"])
def test_a_clerk_cannot_review_lock_or_reopen(store, meeting, step):
    review_steps.submit(store, meeting.id)
    if step == "reopen":
        as_user(store, "杨芳")
        review_steps.lock(store, meeting.id)
        as_user(store, "马丽")
    record = store.get(meeting.id)
    assert review.blocked(store, record, step).startswith("录入员无权")
    with pytest.raises(PermissionDenied, match=r"^录入员无权"):
        review.apply(store, meeting.id, step, reason="想改一下")
    assert store.get(meeting.id).status == record.status


def test_a_head_made_clerk_while_her_review_waits_reviews_nothing(store, meeting, changed_meanwhile):
    """The right was asked before the status change waited for the write lock: a 管理员's change committed
    meanwhile let a 录入员 pass a record as 所长已审核."""
    review_steps.submit(store, meeting.id)
    as_user(store, "杨芳")
    with changed_meanwhile("杨芳", role="clerk"), pytest.raises(PermissionDenied, match="录入员无权"):
        review_steps.review(store, meeting.id)
    assert store.get(meeting.id).status == "submitted"


def test_a_locked_record_cannot_be_changed_or_deleted_by_anyone(store, meeting):
    review_steps.submit(store, meeting.id)
    as_user(store, "杨芳")
    review_steps.lock(store, meeting.id)
    for name in ("马丽", "杨芳", "admin"):
        as_user(store, name)
        with pytest.raises(Conflict, match="已锁定"):
            store.save("meeting", {"location": "会议室"}, "", record_id=meeting.id)
        with pytest.raises(Conflict, match="已锁定，不能删除"):
            store.delete(meeting.id, "")
        assert review.change_blocked(store, store.get(meeting.id), delete=True) == review.LOCKED_BANNER


def test_reopening_needs_a_reason_which_the_history_keeps(store, meeting):
    review_steps.submit(store, meeting.id)
    as_user(store, "杨芳")
    review_steps.lock(store, meeting.id)
    for reason in ("", "   ", None):
        with pytest.raises(ValidationError, match="重新打开必须说明原因"):
            review.apply(store, meeting.id, "reopen", reason=reason)
    reopened = review_steps.reopen(store, meeting.id, "补充参会人员名单")
    assert reopened.status == "draft"
    last = store.history(meeting.id)[-1]
    assert (last["op"], last["reason"], last["actor"]) == ("status", "补充参会人员名单", "杨芳")
    as_user(store, "马丽")
    edited = store.save("meeting", {"location": "二楼会议室"}, "", record_id=meeting.id)
    assert edited.revision == reopened.revision + 1
    assert check_database(store).ok


def test_a_reviewed_record_is_closed_to_clerks_but_not_to_the_office_head(store, meeting):
    review_steps.submit(store, meeting.id)
    as_user(store, "杨芳")
    review_steps.review(store, meeting.id)
    as_user(store, "马丽")
    record = store.get(meeting.id)
    assert "录入员不能再修改" in review.change_blocked(store, record)
    with pytest.raises(PermissionDenied, match="录入员无权修改或删除所长已审核的记录"):
        store.save("meeting", {"location": "会议室"}, "", record_id=meeting.id)
    with pytest.raises(PermissionDenied):
        store.delete(meeting.id, "")
    as_user(store, "杨芳")
    assert store.save("meeting", {"location": "会议室"}, "", record_id=meeting.id).status == "reviewed"


def test_steps_out_of_order_are_refused_with_the_status_named(store, meeting):
    as_user(store, "杨芳")
    with pytest.raises(Conflict, match="记录状态为“草稿”，只有“已提交”的记录可以审核通过"):
        review_steps.review(store, meeting.id)
    with pytest.raises(Conflict, match="只有“已提交、所长已审核”的记录可以锁定"):
        review_steps.lock(store, meeting.id)


def test_a_stale_revision_is_refused(store, meeting):
    with pytest.raises(Conflict, match="已被他人修改"):
        review.apply(store, meeting.id, "submit", expected_revision=meeting.revision - 1 or 99)


def test_without_accounts_the_workflow_works_with_an_actor_name(tmp_path, ledgers, clock, valid_record):
    from fazhi_desktop.core.setup import init_database

    store = init_database(tmp_path / "plain.db", "640522100", ledgers=ledgers, clock=clock)
    try:
        record = store.save("meeting", valid_record("meeting"), "马文")
        review_steps.submit(store, record.id, "马文")
        review_steps.lock(store, record.id, "马文")
        assert review_steps.reopen(store, record.id, "录错了日期", "马文").status == "draft"
        assert [e["actor"] for e in store.history(record.id)] == ["马文"] * 4
    finally:
        store.close()


# -- the change log: reasons in the hash chain -------------------------------------------------------------


def test_an_entry_without_a_reason_hashes_exactly_as_before_reasons_existed(store, meeting):
    entry = store.history(meeting.id)[0]
    old_keys = ("seq", "ledger", "record_id", "revision", "op", "content_hash", "actor", "at", "prev_hash")
    assert entry["reason"] is None
    assert entry["entry_hash"] == sha256_text(canonical_json({k: entry[k] for k in old_keys}))


def test_the_reason_is_covered_by_the_hash_and_check_reports_the_first_broken_link(store, meeting):
    review_steps.submit(store, meeting.id)
    as_user(store, "杨芳")
    review_steps.lock(store, meeting.id)
    review_steps.reopen(store, meeting.id, "补充参会人员名单")
    review_steps.submit(store, meeting.id)
    entry = store.history(meeting.id)[3]
    assert chain_hash(entry) == entry["entry_hash"]
    assert chain_hash({**entry, "reason": "另一个原因"}) != entry["entry_hash"]
    store.conn.execute("UPDATE changes SET reason = '随便改改' WHERE seq = ?", [entry["seq"]])
    report = check_database(store)
    assert not report.ok
    where = f"变更日志第 {entry['seq']} 条（记录 {meeting.id} 第 4 版）"
    assert report.problems[0] == f"{where}：条目内容被改动（摘要不符）"
    # the first broken link only: the entry after it is not blamed (the record then disagrees with the log)
    assert [p for p in report.problems if p.startswith("变更日志")] == report.problems[:1]


def test_a_bundle_carries_the_reason_and_the_county_verifies_it(world, valid_record):
    town = world.town()
    record = town.store.save("meeting", valid_record("meeting"), "马丽")
    review_steps.submit(town.store, record.id, "马丽")
    review_steps.lock(town.store, record.id, "杨芳")
    review_steps.reopen(town.store, record.id, "补充参会人员名单", "杨芳")
    report = world.import_(world.export(town).path)
    assert report.ok, report.error
    held = world.county.query("SELECT op, reason FROM received_changes ORDER BY seq")
    assert held[-1] == {"op": "status", "reason": "补充参会人员名单"}
    assert all(h["reason"] is None for h in held[:-1])
    assert check_database(world.county).ok


def test_a_changed_reason_in_a_bundle_is_refused(world, valid_record):
    from bundle_world import decrypt, encrypt_to, files_of, resign

    town = world.town()
    record = town.store.save("meeting", valid_record("meeting"), "马丽")
    review_steps.submit(town.store, record.id, "马丽")
    review_steps.reopen(town.store, record.id, "原来的原因", "杨芳")
    path = world.export(town).path
    tar_bytes = decrypt(path, world.keys.identity)
    lines = files_of(tar_bytes)["data/changes.jsonl"].decode().splitlines()
    entry = json.loads(lines[-1])
    lines[-1] = canonical_json({**entry, "reason": "改写的原因"})
    forged = resign(tar_bytes, town.signer, {"data/changes.jsonl": ("\n".join(lines) + "\n").encode()})
    report = world.import_(encrypt_to(forged, world.public.recipient, path))
    assert not report.ok and "变更条目的摘要不符" in report.error


# -- batch review: 所长 reviews the evening's forty records at once ---------------------------------------------


@pytest.fixture
def meetings(store, staff, valid_record):
    """`meetings(count, **values)`: that many meetings entered by the logged-in user, in number order."""

    def enter(count: int, **values):
        return [store.save("meeting", valid_record("meeting", title=f"2026年第{i + 1}次乡镇政府常务会议", **values), "")
                for i in range(count)]

    return enter


def statuses(store, records) -> list[str]:
    return [store.get(r.id, include_deleted=True).status for r in records]


def test_a_batch_takes_each_record_it_can_and_says_why_it_left_the_others(store, meetings):
    as_user(store, "马丽")
    drafts = meetings(4)
    already = review_steps.submit(store, meetings(1)[0].id)
    gone = store.delete(meetings(1)[0].id, "")
    as_user(store, "杨芳")
    locked = review_steps.lock(store, review_steps.submit(store, meetings(1)[0].id).id)
    as_user(store, "马丽")
    ids = [r.id for r in (*drafts, already, gone, locked)] + ["no-such-record"]
    result = review.apply_many(store, ids, "submit")
    assert [r.id for r in result.done] == [r.id for r in drafts]
    assert statuses(store, drafts) == ["submitted"] * 4
    assert [(r.number, r.reason) for r in result.refused] == [
        (already.number, "记录状态为“已提交”，只有“草稿”的记录可以提交审核"),
        (gone.number, "记录已删除"),
        (locked.number, "记录状态为“已锁定”，只有“草稿”的记录可以提交审核"),
        ("no-such-record", "找不到这条记录"),
    ]
    assert result.headline() == "提交审核 4 条；4 条未处理"
    assert result.refused_lines()[0] == f"{already.number}：记录状态为“已提交”，只有“草稿”的记录可以提交审核"
    assert (statuses(store, [already, gone, locked])) == ["submitted", "draft", "locked"]
    last = store.history(drafts[0].id)[-1]
    assert (last["op"], last["actor"], last["data"]["status"]) == ("status", "马丽", "submitted")
    assert check_database(store).ok


def test_the_office_head_reviews_the_evenings_records_in_one_go(store, meetings):
    as_user(store, "马丽")
    evening = meetings(40)
    review.apply_many(store, [r.id for r in evening], "submit")
    as_user(store, "杨芳")
    listed = review.records_for(store, "meeting", "review")
    assert [r.id for r in listed] == [r.id for r in evening]  # oldest number first
    result = review.apply_many(store, [r.id for r in listed], "review", expected={r.id: r.revision for r in listed})
    assert result.headline() == "审核通过 40 条" and not result.refused
    assert set(statuses(store, evening)) == {"reviewed"}
    assert review.records_for(store, "meeting", "review") == []
    assert {e["actor"] for r in evening for e in store.history(r.id)[2:]} == {"杨芳"}


@pytest.mark.parametrize(("user", "name", "why"), [
    ("马丽", "review", "录入员无权审核记录（需要所长或管理员）"),
    ("马丽", "lock", "录入员无权锁定记录（需要所长或管理员）"),
])
def test_a_role_that_may_not_take_the_step_is_refused_the_whole_batch_before_anything_changes(store, meetings, user,
                                                                                             name, why):
    as_user(store, "马丽")
    records = [review_steps.submit(store, r.id) for r in meetings(3)]
    as_user(store, user)
    assert review.batch_blocked(store, name) == why
    with pytest.raises(PermissionDenied, match=f"^{why}$"):
        review.apply_many(store, [r.id for r in records], name)
    assert statuses(store, records) == ["submitted"] * 3
    assert [e["op"] for e in store.history(records[0].id)] == ["insert", "status"]


@pytest.mark.parametrize(("user", "name"), [("马丽", "submit"), ("杨芳", "submit"), ("杨芳", "review"),
                                            ("杨芳", "lock"), ("admin", "review"), ("admin", "lock")])
def test_each_role_may_batch_the_steps_its_permissions_allow(store, user, name, meetings):
    as_user(store, "马丽")
    records = meetings(2)
    if name != "submit":
        records = [review_steps.submit(store, r.id) for r in records]
    as_user(store, user)
    assert review.batch_blocked(store, name) is None
    assert len(review.apply_many(store, [r.id for r in records], name).done) == 2
    assert set(statuses(store, records)) == {review.STEPS[name].target}


def test_a_record_changed_since_it_was_listed_is_left_for_a_second_look(store, meetings):
    as_user(store, "马丽")
    for record in meetings(3):
        review_steps.submit(store, record.id)
    as_user(store, "杨芳")
    listed = review.records_for(store, "meeting", "review")
    seen = {r.id: r.revision for r in listed}
    as_user(store, "马丽")  # meanwhile the clerk corrects one and the 所长's deputy reviews another
    corrected = store.save("meeting", {"location": "二楼会议室"}, "", record_id=listed[0].id)
    as_user(store, "admin")
    review_steps.review(store, listed[1].id)
    as_user(store, "杨芳")
    result = review.apply_many(store, list(seen), "review", expected=seen)
    assert [r.id for r in result.done] == [listed[2].id]
    assert [(r.number, r.reason) for r in result.refused] == [
        (corrected.number, "列出后已被修改（现为第 3 版），请打开查看后再审核通过"),
        (listed[1].number, "记录状态为“所长已审核”，只有“已提交”的记录可以审核通过"),
    ]
    assert statuses(store, listed) == ["submitted", "reviewed", "reviewed"]
    assert [e["actor"] for e in store.history(listed[1].id)][-1] == "admin"


def test_records_for_lists_what_the_step_starts_from_in_that_ledger_and_year(store, valid_record, meetings):
    as_user(store, "马丽")
    old, new, submitted = (meetings(1, held_on="2025-12-30")[0], *meetings(2))
    review_steps.submit(store, submitted.id)
    store.save("law_study", valid_record("law_study"), "")
    as_user(store, "杨芳")
    review_steps.review(store, submitted.id)
    assert [r.id for r in review.records_for(store, "meeting", "submit")] == [old.id, new.id]
    assert [r.id for r in review.records_for(store, "meeting", "submit", year=2026)] == [new.id]
    assert [r.id for r in review.records_for(store, "meeting", "lock")] == [submitted.id]  # 已提交 and 所长已审核
    store.delete(new.id, "")
    assert [r.id for r in review.records_for(store, "meeting", "submit")] == [old.id]
    later = meetings(1)[0]
    review_steps.submit(store, later.id)
    review_steps.submit(store, old.id)  # 已提交, 已提交 and 所长已审核: all three in number order
    assert [r.id for r in review.records_for(store, "meeting", "lock")] == [old.id, submitted.id, later.id]


def test_a_batch_stopped_midway_keeps_what_it_did_and_leaves_the_rest(store, meetings):
    from fazhi_desktop.core.jobs import Cancelled

    as_user(store, "马丽")
    records = meetings(5)

    def stop_at_third(done, total, text):
        if done == 2:
            raise Cancelled()

    result = review.apply_many(store, [r.id for r in records], "submit", progress=stop_at_third)
    assert statuses(store, records) == ["submitted"] * 2 + ["draft"] * 3
    assert result.cancelled and result.headline() == "提交审核 2 条；已取消，其余 3 条未动"


def test_reopening_is_never_batched_and_a_batch_needs_a_login(store, meetings):
    as_user(store, "杨芳")
    records = meetings(2)
    with pytest.raises(ValueError, match="重新打开须逐条说明原因"):
        review.apply_many(store, [r.id for r in records], "reopen")
    accounts.logout(store)
    with pytest.raises(LoginFailed):
        review.apply_many(store, [r.id for r in records], "submit")
    assert statuses(store, records) == ["draft", "draft"]


def test_the_county_cannot_review_the_townships_records(world, valid_record):
    town = world.town()
    records = [town.store.save("meeting", valid_record("meeting", title=f"第{i}次会议"), "马丽") for i in (1, 2)]
    for record in records:
        review_steps.submit(town.store, record.id, "马丽")
    assert world.import_(world.export(town).path).ok
    county = world.county
    accounts.add_account(county, "admin", "县局管理员", "管理员", STAFF_PASSWORD)
    as_user(county, "admin")  # a 管理员 may review, but not another office's records
    assert review.batch_blocked(county, "review").startswith("县级汇总模式")
    assert review.records_for(county, "meeting", "review") == []
    result = review.apply_many(county, [r.id for r in records], "review")
    assert not result.done
    assert {r.reason for r in result.refused} == {"其他单位报送的记录只能查看"}
    assert statuses(county, records) == ["submitted", "submitted"]


def test_a_reason_ending_with_its_own_stop_is_not_followed_by_a_second(store, valid_record):
    """The sent-back note read "…请补充。。改好后…" when the 所长 ended her reason with 。 as one does."""
    record = review_steps.submit(store, store.save("meeting", valid_record("meeting"), "马丽").id, "马丽")
    review_steps.reopen(store, record.id, "议题的决定事项不完整，请补充。", "杨芳")
    note = review.sent_back(store, store.get(record.id))
    assert "请补充。改好后请保存" in note and "。。" not in note

