"""年度封账: once the 所长 closes a year, no record dated in it can be added, changed, deleted, reopened or moved into
or out of it, until the year is reopened with a reason; the year log is hash-chained and `fazhi check` keeps it
honest; restoring a backup still works."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import review_steps

from fazhi_desktop.core import accounts, review, sent_back, year_close
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.errors import Conflict, PermissionDenied, ValidationError
from fazhi_desktop.core.setup import init_database

STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)
JANUARY = datetime(2027, 1, 12, 2, 0, tzinfo=UTC)


def as_user(store, name: str):
    return accounts.login(store, name, STAFF_PASSWORD)


@pytest.fixture
def year_2026(store, staff, valid_record, clock):
    """2026's records, entered and reviewed, and a new year begun: the 所长 logged in on 12 January 2027."""
    as_user(store, "马丽")
    meeting = review_steps.submit(store, store.save("meeting", valid_record("meeting"), "").id)
    study = review_steps.submit(store, store.save("law_study", valid_record("law_study"), "").id)
    as_user(store, "杨芳")
    review_steps.review(store, study.id)
    clock.set(JANUARY)
    return {"meeting": meeting, "study": study}


def test_closing_locks_what_was_submitted_or_reviewed_and_closes_the_year(store, year_2026):
    assert [r.number for r in year_close.open_records(store, 2026)] == ["〔2026〕会记字第1号", "〔2026〕学法字第1号"]
    locked = year_close.close_year(store, 2026)
    assert {r.status for r in locked} == {"locked"} and len(locked) == 2
    assert store.history(locked[0].id)[-1]["reason"] == "2026年度封账"
    assert year_close.is_closed(store.conn, 2026) and not year_close.is_closed(store.conn, 2027)
    state = year_close.states(store.conn)[2026]
    assert (state.closed, state.actor) == (True, "杨芳")
    assert check_database(store).ok


def test_a_draft_stops_the_closing_and_is_named(store, year_2026, valid_record):
    as_user(store, "马丽")
    draft = store.save("meeting", valid_record("meeting", title="还没填完的会议", held_on="2026-12-28"), "")
    as_user(store, "杨芳")
    assert year_close.close_blocked(store, 2026).reason == \
        "2026年还有 1 条草稿记录：请录入员填完并提交审核（或删除）后再封账"
    with pytest.raises(Conflict, match=f"{draft.number}"):
        year_close.close_year(store, 2026)
    assert store.get(year_2026["meeting"].id).status == "submitted"  # nothing locked: all or nothing
    assert not year_close.is_closed(store.conn, 2026)


def test_a_draft_the_head_reopened_herself_is_hers_to_finish_not_the_clerks(store, year_2026):
    """杨芳 reopened a locked record of the reopened year to correct it herself; closing again told her 请录入员填完."""
    year_close.close_year(store, 2026)
    year_close.reopen_year(store, 2026, "会议记录有误需更正")
    review_steps.reopen(store, year_2026["meeting"].id, "第二项决定事项漏记", corrector=sent_back.SELF)
    assert year_close.close_blocked(store, 2026).reason == \
        "2026年还有 1 条草稿记录，是所长重新打开、自行修改的：请由所长改完并提交审核后再封账"
    meeting = store.get(year_2026["meeting"].id)
    assert " 重新打开：第二项决定事项漏记。改好后请保存" in review.sent_back(store, meeting)  # hers: not 退回修改
    as_user(store, "马丽")  # the clerk is told it is not hers to correct
    assert "重新打开，正在自行修改：第二项决定事项漏记。录入员不必修改。" in review.sent_back(store, meeting)


def test_drafts_sent_back_to_the_clerk_are_the_clerks_to_correct_not_to_fill_in(store, year_2026, valid_record):
    """杨芳 had sent both records back to 马丽 with a reason; closing told her 请填完并提交审核（或删除）, as if they
    were drafts never finished and might be deleted."""
    year_close.close_year(store, 2026)
    year_close.reopen_year(store, 2026, "会议记录有误需更正")
    review_steps.reopen(store, year_2026["meeting"].id, "第二项决定事项漏记")
    review_steps.reopen(store, year_2026["study"].id, "学习内容写错")
    assert year_close.close_blocked(store, 2026).reason == \
        "2026年还有 2 条草稿记录，已退回录入员修改：请录入员改完并提交审核后再封账"
    as_user(store, "马丽")
    store.save("meeting", valid_record("meeting", title="还没填完的会议", held_on="2026-12-28"), "")
    as_user(store, "杨芳")
    assert year_close.close_blocked(store, 2026).reason == \
        ("2026年还有 3 条草稿记录，都提交审核后才能封账：1 条尚未提交，请录入员填完提交（或删除）；"
         "2 条已退回录入员修改，请录入员改完提交")


def test_drafts_of_three_kinds_say_what_is_needed_first_then_who_does_what(store, year_2026, valid_record):
    """A 所长 reading the closing's refusal over drafts of several kinds met “其中 1 条请录入员填完…，1 条已退回录入员
    修改、请录入员改完…；都提交后再封账”: the need last, a request run into each count. Plainly now: what is
    needed, then each kind and who is to finish it."""
    year_close.close_year(store, 2026)
    year_close.reopen_year(store, 2026, "会议记录有误需更正")
    review_steps.reopen(store, year_2026["meeting"].id, "第二项决定事项漏记", corrector=sent_back.SELF)
    review_steps.reopen(store, year_2026["study"].id, "学习内容写错")
    as_user(store, "马丽")
    store.save("meeting", valid_record("meeting", title="还没填完的会议", held_on="2026-12-28"), "")
    as_user(store, "杨芳")
    assert year_close.close_blocked(store, 2026).reason == (
        "2026年还有 3 条草稿记录，都提交审核后才能封账：1 条尚未提交，请录入员填完提交（或删除）；"
        "1 条已退回录入员修改，请录入员改完提交；1 条是所长重新打开、自行修改的，请所长改完提交")


def test_a_year_not_yet_over_cannot_be_closed(store, year_2026, clock):
    clock.set(datetime(2026, 12, 20, tzinfo=UTC))
    with pytest.raises(Conflict, match="2026年尚未结束"):
        year_close.close_year(store, 2026)


def test_a_year_not_over_is_refused_without_naming_its_drafts_as_the_reason(store, year_2026, valid_record, clock):
    """On 20 December the refusal read 2026年尚未结束…：〔2026〕会记字第2号, as if the draft were why."""
    as_user(store, "马丽")
    draft = store.save("meeting", valid_record("meeting", title="还没填完的会议", held_on="2026-12-18"), "")
    as_user(store, "杨芳")
    clock.set(datetime(2026, 12, 20, tzinfo=UTC))
    locking = year_close.to_lock(store, 2026)
    assert year_close.close_blocked(store, 2026, locking).drafts == []
    with pytest.raises(Conflict) as refused:
        year_close.close_year(store, 2026)
    assert str(refused.value) == "2026年尚未结束（今天是2026-12-20），年度结束后才能封账"
    clock.set(JANUARY)  # the year over: the draft is the block, and named
    assert [r.id for r in year_close.close_blocked(store, 2026, locking).drafts] == [draft.id]
    with pytest.raises(Conflict, match=f"草稿记录.*：{draft.number}$"):
        year_close.close_year(store, 2026)


def test_only_the_head_or_the_admin_closes_or_reopens(store, year_2026):
    as_user(store, "马丽")
    with pytest.raises(PermissionDenied, match="录入员无权年度封账"):
        year_close.close_year(store, 2026)
    as_user(store, "admin")
    year_close.close_year(store, 2026)
    as_user(store, "马丽")
    with pytest.raises(PermissionDenied):
        year_close.reopen_year(store, 2026, "补录")


def test_a_head_made_clerk_while_her_closing_waits_closes_nothing(store, staff, changed_meanwhile):
    """The right was asked before the closing waited for the write lock: a 管理员's change committed meanwhile let
    a 录入员 close a year (one with nothing to lock: no record's own right was asked)."""
    as_user(store, "杨芳")
    with changed_meanwhile("杨芳", role="clerk"), pytest.raises(PermissionDenied, match="录入员无权年度封账"):
        year_close.close_year(store, 2025)
    assert not year_close.is_closed(store.conn, 2025)


def test_nothing_dated_in_a_closed_year_can_be_added_changed_deleted_or_reopened(store, year_2026, valid_record):
    year_close.close_year(store, 2026)
    meeting = year_2026["meeting"]
    said = "2026年已封账，该年的记录不能新增、修改、删除或更改状态；须由所长或管理员先重新打开2026年"
    with pytest.raises(ValidationError) as added:
        store.save("meeting", valid_record("meeting", held_on="2026-12-30"), "")
    assert added.value.problems[0].path == "held_on" and said in added.value.problems[0].message
    with pytest.raises(Conflict, match=said):
        store.save("meeting", {"location": "会议室"}, "", record_id=meeting.id)
    with pytest.raises(Conflict, match=said):
        store.delete(meeting.id, "")
    with pytest.raises(Conflict, match="2026年已封账"):
        review_steps.reopen(store, meeting.id, "补充列席人员")
    assert review.change_blocked(store, store.get(meeting.id)).startswith("2026年已封账")
    assert store.get(meeting.id).revision == meeting.revision + 1  # only the closing's lock


def test_a_date_cannot_be_moved_into_or_out_of_a_closed_year(store, year_2026, valid_record):
    year_close.close_year(store, 2026)
    new_year = store.save("meeting", valid_record("meeting", held_on="2027-01-08"), "")
    with pytest.raises(ValidationError, match="2026年已封账"):
        store.save("meeting", {"held_on": "2026-12-30"}, "", record_id=new_year.id)
    with pytest.raises(Conflict, match="2026年已封账"):
        store.save("meeting", {"held_on": "2027-01-02"}, "", record_id=year_2026["meeting"].id)
    moved = store.save("meeting", {"held_on": "2027-01-09"}, "", record_id=new_year.id)  # within an open year
    assert moved.revision == 2


def test_reopening_needs_a_reason_and_then_records_can_be_reopened_one_by_one(store, year_2026):
    year_close.close_year(store, 2026)
    with pytest.raises(ValidationError, match="必须说明原因"):
        year_close.reopen_year(store, 2026, "  ")
    year_close.reopen_year(store, 2026, "补录12月30日的党委会")
    assert not year_close.is_closed(store.conn, 2026)
    assert year_close.log(store)[0] | {"at": None} == {"year": 2026, "op": "reopen", "at": None, "actor": "杨芳",
                                                        "reason": "补录12月30日的党委会", "locked": 0}
    reopened = review_steps.reopen(store, year_2026["meeting"].id, "补充列席人员")
    assert reopened.status == "draft"
    with pytest.raises(Conflict, match="没有封账"):
        year_close.reopen_year(store, 2026, "再来一次")
    assert year_close.states(store.conn)[2026].reason == "补录12月30日的党委会"


def test_a_year_that_cannot_be_reopened_is_said_before_a_reason_is_asked(store, year_2026, tmp_path, ledgers):
    """Reopening a year never closed, without a reason, was refused for the reason (重新打开2026年必须说明原因); given
    one, then for the year (没有封账，无需重新打开). At the county the reason's refusal came before the county's."""
    with pytest.raises(Conflict, match=r"^2026年没有封账，无需重新打开$"):
        year_close.reopen_year(store, 2026, "  ")
    county = init_database(tmp_path / "county.db", "640522", county=True, ledgers=ledgers)
    try:
        with pytest.raises(Conflict, match=f"^{year_close.COUNTY}$"):
            year_close.reopen_year(county, 2026, "", "王科长")
    finally:
        county.close()


def test_check_sees_a_year_log_entry_removed_or_changed_behind_the_programs_back(store, year_2026):
    year_close.close_year(store, 2026)
    year_close.reopen_year(store, 2026, "补录")
    assert check_database(store).ok and check_database(store).years_checked == 2
    store.conn.execute("DELETE FROM year_log WHERE op = 'reopen'")  # the reopening hidden: 2026 closed again
    store.conn.commit()
    assert check_database(store).problems == ["年度封账日志：最后的条目被删除（应到第 2 条，现在只到第 1 条）"]
    store.conn.execute("UPDATE year_log SET actor = '某人'")
    store.conn.commit()
    assert "年度封账日志第 1 条：条目内容被改动（摘要不符）" in check_database(store).problems


def test_the_bundle_says_which_years_are_closed_only_once_one_was(store, year_2026):
    assert year_close.bag_value(store.conn) is None
    year_close.close_year(store, 2026)
    assert year_close.bag_value(store.conn) == "2026=close@2027-01-12"
    year_close.reopen_year(store, 2026, "补录")
    assert year_close.parse_bag_value(year_close.bag_value(store.conn)) == {2026: ("reopen", "2027-01-12")}
    with pytest.raises(ValueError):
        year_close.parse_bag_value("2026=closed")


def test_restoring_a_backup_is_not_refused_by_a_closed_year(store, year_2026, tmp_path):
    """A restore is the office's own earlier state, its year log included: not a write through the write path."""
    from fazhi_desktop.core.backup import create_backup, restore
    from fazhi_desktop.core.store import Store

    before = create_backup(store.path, tmp_path / "backups").path
    year_close.close_year(store, 2026)
    path = store.path
    store.close()
    restore(path, before, "admin")
    restored = Store.open(path)
    assert not year_close.is_closed(restored.conn, 2026)
    assert restored.get(year_2026["meeting"].id).status == "submitted"
    assert check_database(restored).ok
    restored.close()


def test_a_complaint_still_being_handled_stays_open_and_is_concluded_after_the_closing(store, year_2026,
                                                                                        valid_record):
    """A complaint accepted on 20 December and concluded in late January: the closing locked it with the rest, and
    its conclusion could never be entered (it counts in the year it is concluded) unless all of 2026 was reopened."""
    as_user(store, "马丽")
    pending = store.save("complaint", valid_record("complaint", accepted_on="2026-12-20", closed_on=None), "")
    handled_draft = store.save("complaint", valid_record("complaint", accepted_on="2026-12-22", closed_on=None), "")
    review_steps.submit(store, pending.id)
    as_user(store, "杨芳")
    assert year_close.close_blocked(store, 2026).reason is None  # a matter still being handled may stay a draft
    locked = year_close.close_year(store, 2026)
    assert {r.id for r in locked} == {year_2026["meeting"].id, year_2026["study"].id}
    assert store.get(pending.id).status == "submitted"
    assert review.change_blocked(store, store.get(pending.id)) is None  # its editor opens writable
    as_user(store, "马丽")
    concluded = store.save("complaint", {"closed_on": "2027-01-20"}, "", record_id=pending.id)
    assert concluded.values["closed_on"] == "2027-01-20"
    as_user(store, "杨芳")
    review_steps.review(store, pending.id)
    review_steps.lock(store, pending.id)
    with pytest.raises(Conflict, match="2026年已封账"):  # concluded and locked: frozen with its year
        review.apply(store, pending.id, "reopen", reason="改一下")
    with pytest.raises(Conflict, match="2026年已封账"):  # never deleted: it is in 2026's figures
        store.delete(handled_draft.id, "")
    as_user(store, "马丽")
    with pytest.raises(ValidationError, match="2026年已封账"):  # nor moved out of 2026 (and deleted in 2027)
        store.save("complaint", {"accepted_on": "2027-01-02"}, "", record_id=handled_draft.id)
    as_user(store, "杨芳")
    assert review.change_blocked(store, store.get(handled_draft.id), delete=True).startswith("2026年已封账")


def test_a_year_outside_the_programs_years_is_neither_offered_nor_closed(store, year_2026, valid_record, monkeypatch):
    """A record an earlier version let be dated 0026 (the clerk meant 2026) made 26年 a year to close in the dialog,
    and closing it put `26=close@…` in every bundle, which the county refuses: for good, as the log keeps it."""
    from fazhi_desktop.core import dates

    as_user(store, "马丽")
    with monkeypatch.context() as earlier_version:
        earlier_version.setattr(dates, "year_problem", lambda year, first=dates.FIRST_YEAR: None)
        store.save("meeting", valid_record("meeting", title="二十六年的会", held_on="0026-03-05"), "")
    as_user(store, "杨芳")
    assert 26 not in year_close.dated_years(store)
    assert year_close.close_blocked(store, 26).reason == "不能封账：年份应在 2000–2100 之间，收到 26"
    with pytest.raises(Conflict, match="年份应在 2000–2100 之间"):
        year_close.close_year(store, 26)
    assert year_close.bag_value(store.conn) is None


def test_a_january_record_typed_with_last_years_date_is_told_this_years_date(store, year_2026, valid_record):
    """On 12 January 2027 a meeting dated 2026-01-06 (the year typed as habit had it) was told only to have 2026
    reopened; now the message offers the day this year too, when that day has come (not for 30 December)."""
    year_close.close_year(store, 2026)
    with pytest.raises(ValidationError) as typed:
        store.save("meeting", valid_record("meeting", held_on="2026-01-06"), "")
    said = typed.value.problems[0].message
    assert said == ("2026年已封账，该年的记录不能新增、修改、删除或更改状态；如是今年的记录，请把日期改为2027-01-06；"
                    "须由所长或管理员先重新打开2026年（编辑 → 年度封账…）")  # the likely way out first
    with pytest.raises(ValidationError) as december:
        store.save("meeting", valid_record("meeting", held_on="2026-12-30"), "")
    assert "如是今年的记录" not in december.value.problems[0].message
