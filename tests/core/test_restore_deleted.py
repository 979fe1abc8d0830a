# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A record deleted by mistake is brought back (编辑 → 已删除的记录, `fazhi undelete`): the same record, number and
attachments, as a new revision its history and the county's import both take as a change; refused where its
deletion would be, in a closed year, at the county, and when its number was given out again."""

from __future__ import annotations

import pytest
import review_steps
from bundle_world import county_template, world  # noqa: F401  (fixtures)
from excel_files import filled_template, meetings
from test_account_role import STAFF_PASSWORD

from fazhi_desktop.core import accounts, attachments, deleted, import_undo, record_rules, year_close
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.documents.verify import TEXT_UNSEEN, check_print, print_code
from fazhi_desktop.core.errors import Conflict, NotFound, PermissionDenied
from fazhi_desktop.core.excel_import import import_records, read_records
from fazhi_desktop.core.history import record_history
from fazhi_desktop.core.store import RESTORED, ListQuery

ACTOR = "杨芳"


def test_a_deleted_record_comes_back_as_it_was_with_its_number_and_history(store, valid_record, tmp_path):
    scan = tmp_path / "签到表.jpg"
    scan.write_bytes(b"scan" * 100)
    entry = attachments.add_attachment(store, scan)
    saved = store.save("meeting", valid_record("meeting", attachments=[entry]), ACTOR)
    code = print_code(store, saved)  # on the paper already printed
    store.delete(saved.id, "马丽")
    assert check_print(store, code).status == "deleted"
    (listed,) = deleted.deleted_records(store)
    assert (listed.ledger_label, listed.record.number, listed.title, listed.day, listed.deleted_by) == (
        "会议", saved.number, "2026年第3次乡镇政府常务会议", "2026-03-05", "马丽")
    assert listed.blocked is None

    back = store.restore_deleted(saved.id, ACTOR)

    assert (back.id, back.number, back.revision, back.deleted, back.status) == (saved.id, saved.number, 3, False,
                                                                                 "draft")
    assert [r.id for r in store.list(ListQuery("meeting", text="常务会议"))] == [saved.id]  # listed and found
    assert store.find_by_number(saved.number).id == saved.id
    assert back["attachments"] == [entry] and attachments.attachment_path(store, entry["sha256"]).is_file()
    last = store.history(saved.id)[-1]
    assert (last["op"], last["reason"], last["actor"]) == ("update", RESTORED, ACTOR)
    shown = record_history(store, saved.id)[-1]
    assert shown.action == "恢复" and [(c.label, c.before, c.after) for c in shown.changes] == [("已删除", "是", "否")]
    assert deleted.deleted_records(store) == []
    assert check_database(store).ok
    said = check_print(store, code)
    assert said.status == "same", said.message
    assert said.message == (f"一致：纸面所印为会议 {saved.number} 第 1 版，所印内容未变"
                            f"（打印后被删除又恢复，现为第 3 版）。{TEXT_UNSEEN}")
    deletion = store.history(saved.id)[-2]["seq"]  # values no rule of today cleaned: the next export checks them
    assert record_rules.to_check(store.conn, store.ledgers).through == deletion
    with pytest.raises(Conflict, match="没有删除，不需要恢复"):
        store.restore_deleted(saved.id, ACTOR)


def test_restoring_a_record_that_was_retyped_warns_of_the_twin(store, valid_record):
    first = store.save("meeting", valid_record("meeting"), ACTOR)
    store.delete(first.id, ACTOR)
    retyped = store.save("meeting", valid_record("meeting"), ACTOR)
    back = store.restore_deleted(first.id, ACTOR)
    assert [w.message for w in back.warnings] == [
        f"与 {retyped.number} 的会议日期和会议名称/届次相同，请核对是否重复登记（重复的记录会重复计入指标）"]


def test_restoring_a_record_todays_checks_refuse_says_it_must_be_corrected_before_the_export(store, valid_record):
    """Restored without a word, a 会议日期 of 9999 an older version saved stopped the next export: the restore (which
    it still makes: deleted, it cannot be corrected) says so, as the export's check finds it."""
    from bundle_world import saved_by_an_older_version

    from fazhi_desktop.core.bundle.values import unsendable_records
    from fazhi_desktop.core.store import RESTORED_REFUSED

    record = store.save("meeting", valid_record("meeting"), ACTOR)
    saved_by_an_older_version(store, record.id, held_on="9999-12-31")
    store.delete(record.id, ACTOR)
    back = store.restore_deleted(record.id, ACTOR)
    assert not back.deleted
    assert [(w.label, w.message) for w in back.warnings] == [
        (RESTORED_REFUSED, "会议日期：年份应在 2000–2100 之间，收到 9999")]
    assert [u.reason for u in unsendable_records(store)] == [back.warnings[0].message]


def test_who_may_restore_is_who_may_delete(store, staff, valid_record):
    accounts.login(store, "马丽", STAFF_PASSWORD)
    draft = store.save("meeting", valid_record("meeting", title="镇务会"), "")
    checked = store.save("meeting", valid_record("meeting", title="专题会"), "")
    review_steps.submit(store, checked.id)
    store.delete(draft.id, "")
    accounts.logout(store)
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    review_steps.review(store, checked.id)
    store.delete(checked.id, "")  # a 所长 may delete a reviewed record; a 录入员 may not
    accounts.logout(store)

    accounts.login(store, "马丽", STAFF_PASSWORD)
    blocked = {item.title: item.blocked for item in deleted.deleted_records(store)}
    assert blocked == {"镇务会": None, "专题会": "所长已审核的记录，须由所长恢复"}
    with pytest.raises(PermissionDenied, match="录入员无权修改或删除所长已审核的记录"):
        store.restore_deleted(checked.id, "")
    assert store.restore_deleted(draft.id, "").updated_by == "马丽"  # her own draft, as she deleted it
    accounts.logout(store)
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    assert store.restore_deleted(checked.id, "").status == "reviewed"


def test_a_closed_years_record_stays_deleted(store, valid_record):
    old = store.save("meeting", valid_record("meeting", held_on="2025-11-05"), ACTOR)
    store.delete(old.id, ACTOR)
    year_close.close_year(store, 2025, ACTOR)
    (listed,) = deleted.deleted_records(store)
    assert listed.blocked is not None and listed.blocked.startswith("2025年已封账")
    with pytest.raises(Conflict, match="2025年已封账"):
        store.restore_deleted(old.id, ACTOR)
    assert store.get(old.id, include_deleted=True).deleted


def test_a_number_given_out_again_is_not_taken_back_and_one_given_back_is_taken_out_of_the_series(
        store, ledgers, tmp_path, valid_record):
    path = filled_template(ledgers["meeting"], tmp_path / "会议.xlsx", meetings(3))
    saved = {r.number: r for r in import_records(store, read_records(store, "meeting", path), "马文")}
    (plan,) = import_undo.recent(store)
    import_undo.undo(store, plan.id, ACTOR)  # the numbers 1–3 given back
    again = store.save("meeting", valid_record("meeting", title="新登记的会议"), ACTOR)
    assert again.number == "〔2026〕会记字第1号"

    first = saved["〔2026〕会记字第1号"]
    with pytest.raises(Conflict, match="编号 〔2026〕会记字第1号 已给了后来登记的另一条记录"):
        store.restore_deleted(first.id, ACTOR)
    assert {item.record.number: item.blocked is None for item in deleted.deleted_records(store)} == {
        "〔2026〕会记字第1号": False, "〔2026〕会记字第2号": True, "〔2026〕会记字第3号": True}
    assert store.restore_deleted(saved["〔2026〕会记字第3号"].id, ACTOR).number == "〔2026〕会记字第3号"
    assert store.save("meeting", valid_record("meeting", title="再登记的会议"), ACTOR).number == "〔2026〕会记字第4号"
    assert check_database(store).ok


def test_a_record_restored_after_its_deletion_reached_the_county_is_live_there_again(world, valid_record, tmp_path):
    town = world.town()
    scan = tmp_path / "签到表.jpg"
    scan.write_bytes(b"scan" * 100)
    entry = attachments.add_attachment(town.store, scan)
    saved = town.store.save("meeting", valid_record("meeting", attachments=[entry]), ACTOR)
    town.store.delete(saved.id, ACTOR)  # deleted before any bundle: its file never went
    assert world.import_(world.export(town).path).ok
    world.receipt(town)
    assert world.county.get(saved.id, include_deleted=True).deleted
    with pytest.raises(Conflict, match="只能查看"):  # the county brings back no township's record
        world.county.restore_deleted(saved.id, ACTOR)
    assert deleted.restore_blocked(world.county, world.county.get(saved.id, include_deleted=True)) is not None

    town.store.restore_deleted(saved.id, ACTOR)
    result = world.export(town)
    assert result.summary["attachments"] == 1  # the file goes now that a live record needs it
    report = world.import_(result.path)

    assert report.ok, report.error
    assert (report.updated, report.deleted) == (1, 0)
    held = world.county.get(saved.id)
    assert (held.number, held.revision, held.deleted) == (saved.number, 3, False)
    assert [r.id for r in world.county.list(ListQuery("meeting", text="常务会议"))] == [saved.id]
    assert attachments.files_not_held(world.county, world.county.ledger("meeting"), held.values) == []
    assert [r.reason for r in record_history(world.county, saved.id)][-1] == RESTORED
    assert check_database(world.county).ok


def test_a_deleted_record_another_record_is_found_by_the_number_of_is_named_by_its_id(store, valid_record):
    """`fazhi undelete NUMBER` finding a live record under the number (deleted.restore_by_number): a deleted one of
    that number that can be restored is named by the id to restore it by; with none, nothing is said."""
    gone = store.save("meeting", valid_record("meeting"), ACTOR)
    store.delete(gone.id, ACTOR)
    live = store.save("meeting", valid_record("meeting", title="另一次会议"), ACTOR)
    said = deleted.restore_by_number(store, gone.number, live)
    assert said is not None and said.endswith(f"已删除的那条请按记录标识恢复：fazhi undelete {gone.id}")
    assert deleted.restore_by_number(store, live.number, live) is None


def test_an_unknown_record_is_not_found(store):
    with pytest.raises(NotFound):
        store.restore_deleted("0190aaaa-0000-7000-8000-000000000000", ACTOR)
