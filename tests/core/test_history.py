"""A record's history for people: who changed which field from what to what, when and why; masked."""

from __future__ import annotations

import review_steps

from fazhi_desktop.core import accounts
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.history import diff_contents, record_history

ID_NUMBER = "11010519491231002X"  # the standard's own example
PHONE = "13912345678"
STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)


def agenda(*titles: str) -> list[dict]:
    return [{"title": t, "presenter": "李强"} for t in titles]


def test_an_edited_record_names_the_changed_fields_in_chinese(store, valid_record):
    record = store.save("meeting", valid_record("meeting", location="会议室"), "马丽")
    store.save("meeting", {"location": "二楼会议室", "host": "马志刚"}, "杨芳", record_id=record.id)
    first, second = record_history(store, record.id)
    assert (first.action, first.actor, first.revision) == ("新建", "马丽", 1)
    assert ("地点", "（空）", "会议室") in [(c.label, c.before, c.after) for c in first.changes]
    assert (second.action, second.actor) == ("修改", "杨芳")
    assert [(c.label, c.before, c.after) for c in second.changes] == [
        ("地点", "会议室", "二楼会议室"), ("主持人", "（空）", "马志刚")]


def test_a_row_inserted_at_the_top_of_a_group_is_one_added_row_not_every_row_changed(store, valid_record):
    record = store.save("meeting", valid_record("meeting", agenda_items=agenda("预算", "人事")), "马丽")
    store.save("meeting", {"agenda_items": agenda("学法", "预算", "人事")}, "马丽", record_id=record.id)
    changes = record_history(store, record.id)[-1].changes
    assert [(c.label, c.before) for c in changes] == [("议题第1行", "（新增此行）")]
    assert changes[0].after.startswith("学法")


def test_a_changed_cell_of_a_group_is_named_by_row_and_column(store, valid_record):
    record = store.save("meeting", valid_record("meeting", agenda_items=agenda("预算", "人事")), "马丽")
    rows = agenda("预算", "人事")
    rows[1]["presenter"] = "王梅"
    store.save("meeting", {"agenda_items": rows}, "马丽", record_id=record.id)
    changes = record_history(store, record.id)[-1].changes
    assert [(c.label, c.before, c.after) for c in changes] == [("议题第2行·汇报人", "李强", "王梅")]


def test_removed_rows_are_shown_as_removed(store, valid_record):
    record = store.save("meeting", valid_record("meeting", agenda_items=agenda("预算", "人事", "学法")), "马丽")
    store.save("meeting", {"agenda_items": agenda("预算")}, "马丽", record_id=record.id)
    changes = record_history(store, record.id)[-1].changes
    assert [(c.label, c.after) for c in changes] == [("议题第2行", "（删除此行）"), ("议题第3行", "（删除此行）")]


def test_id_and_phone_numbers_are_masked_in_the_history_unless_revealed(store, valid_record):
    party = {"role": "申请人", "party_type": "自然人", "name": "马某", "id_number": ID_NUMBER, "phone": PHONE}
    record = store.save("mediation_case", valid_record("mediation_case", parties=[party]), "马丽")
    store.save("mediation_case", {"parties": [{**party, "phone": "13987654321"}]}, "马丽", record_id=record.id)
    shown = record_history(store, record.id)
    text = repr(shown)
    assert ID_NUMBER not in text and PHONE not in text and "13987654321" not in text
    assert "110105********002X" in text
    assert [(c.label, c.before, c.after) for c in shown[-1].changes] == [
        ("当事人第1行·联系电话", "139****5678", "139****4321")]
    revealed = record_history(store, record.id, reveal=True)
    assert (revealed[-1].changes[0].before, revealed[-1].changes[0].after) == (PHONE, "13987654321")


def test_a_correction_only_in_hidden_digits_says_the_hidden_part_changed(store, valid_record):
    """A wrong birth date corrected read 110105********002X → 110105********002X, 1949-**-** → 1949-**-**: to a
    录入员 a change that changed nothing. The GUI's 查看历史 and `fazhi history` both read `record_history`."""
    party = {"role": "申请人", "party_type": "自然人", "name": "马福祥", "id_number": ID_NUMBER,
             "birth_date": "1949-12-31"}
    record = store.save("mediation_case", valid_record("mediation_case", parties=[party]), "马丽")
    corrected = {**party, "id_number": "11010519490108002X", "birth_date": "1949-01-08", "name": "马福平"}
    store.save("mediation_case", {"parties": [corrected]}, "马丽", record_id=record.id)
    changes = [(c.label, c.before, c.after) for c in record_history(store, record.id)[-1].changes]
    assert changes == [
        ("当事人第1行·姓名", "马福祥", "马福平"),
        ("当事人第1行·出生日期", "1949-**-**", "1949-**-**（隐藏的数字有改动）"),
        ("当事人第1行·身份证号", "110105********002X", "110105********002X（隐藏的数字有改动）")]
    revealed = record_history(store, record.id, reveal=True)[-1].changes
    assert [c.after for c in revealed][1:] == ["1949-01-08", "11010519490108002X"]

    complaint = store.save("complaint", valid_record("complaint", complainant="马福祥"), "马丽")
    store.save("complaint", {"complainant": "马福平"}, "马丽", record_id=complaint.id)  # a masked name: 马**
    changes = [(c.label, c.before, c.after) for c in record_history(store, complaint.id)[-1].changes]
    assert changes == [("投诉人", "马**", "马**（隐藏的文字有改动）")]


def test_status_changes_name_the_step_the_user_and_the_reason(store, staff, valid_record):
    accounts.login(store, "马丽", STAFF_PASSWORD)
    record = store.save("meeting", valid_record("meeting"), "")
    review_steps.submit(store, record.id)
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    review_steps.lock(store, record.id)
    review_steps.reopen(store, record.id, "补充参会人员名单")
    accounts.login(store, "admin", STAFF_PASSWORD)
    store.delete(record.id, "")
    rows = [(r.revision, r.action, r.actor, r.status, r.reason) for r in record_history(store, record.id)]
    assert rows == [
        (1, "新建", "马丽", "草稿", None),
        (2, "提交审核", "马丽", "已提交", None),
        (3, "锁定", "杨芳", "已锁定", None),
        (4, "重新打开（退回录入员修改）", "杨芳", "草稿", "补充参会人员名单"),
        (5, "删除", "admin（系统管理员）", "草稿", None),
    ]
    changes = record_history(store, record.id)
    assert [(c.label, c.before, c.after) for c in changes[3].changes] == [("状态", "已锁定", "草稿")]
    assert [(c.label, c.before, c.after) for c in changes[4].changes] == [("已删除", "否", "是")]


def test_a_value_of_a_field_the_form_no_longer_has_is_shown_by_its_name(ledgers):
    ledger = ledgers["meeting"]
    before = {"status": "draft", "deleted": False, "number": "1", "values": {"old_field": "旧值"}}
    after = {"status": "draft", "deleted": False, "number": "1", "values": {"old_field": "新值"}}
    assert [(c.label, c.before, c.after) for c in diff_contents(ledger, before, after)] == [
        ("old_field", "旧值", "新值")]


def test_times_are_shown_as_local_time_to_the_minute(beijing_time):
    assert local_time("2026-06-01T08:00:00Z") == "2026-06-01 16:00"
    assert local_time("2026-06-01T20:30:00Z") == "2026-06-02 04:30"
    assert local_time("not a time") == "not a time"


def test_a_stored_time_without_its_zone_is_utc_and_no_time_is_blank(beijing_time):
    """Screens and printed papers show times through this one function: a time kept without its Z (every stored
    time is UTC) read as the PC's own time was 8 hours early on screen and right on paper; None broke a screen."""
    assert local_time("2026-06-01T08:00:00") == local_time("2026-06-01T08:00:00Z") == "2026-06-01 16:00"
    assert local_time(None) == local_time("") == ""
