"""查找当事人 (core/person_search.py): a villager asks what the office holds about him. The list search found one of
his two complaints (the 投诉人 is indexed masked, 马**), one ledger at a time; this finds every field naming him, for
a 所长 or 管理员 only, and notes it in the reveal log with the reason, never the name or numbers looked for."""

from __future__ import annotations

import pytest
from person_records import HIS_ID, HIS_PHONE, STAFF_PASSWORD, add_his_records

from fazhi_desktop.core import accounts, person_search
from fazhi_desktop.core.errors import PermissionDenied, ValidationError
from fazhi_desktop.core.store import ListQuery

REASON = "当事人本人申请查阅、复制"


@pytest.fixture
def his(store, staff):
    accounts.login(store, "马丽", STAFF_PASSWORD)
    records = add_his_records(store)
    accounts.logout(store)
    return records


def as_head(store):
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    return store


def test_finds_the_complaint_by_letter_that_the_list_search_cannot(store, his):
    listed = [r.number for r in store.list(ListQuery("complaint", text="马建国"))]
    assert listed == ["〔2026〕投诉字第1号"]  # found only because its 投诉内容 repeats the name
    found = person_search.find(as_head(store), person_search.person("马建国"), REASON)
    where = [(hit.record.number, hit.role, hit.matched) for hit in found.hits]
    assert ("〔2026〕投诉字第2号", "投诉人", ("姓名",)) in where
    assert ("〔2026〕投诉字第1号", "投诉人", ("姓名",)) in where
    assert ("〔2026〕人调字第1号", "申请人", ("姓名",)) in where
    assert ("〔2026〕人调字第2号", "被申请人", ("姓名",)) in where
    assert len(found.records) == 4
    # the witness named only in a dispute's text: apart, perhaps someone else
    assert [(m.record.number, m.fields) for m in found.mentions] == [("〔2026〕人调字第3号", ("纠纷简要情况",))]


def test_a_number_he_gives_that_a_record_holds_otherwise_is_said(store, his):
    found = person_search.find(as_head(store), person_search.person("马建国", HIS_ID), REASON)
    second = next(hit for hit in found.hits if hit.record.number == "〔2026〕人调字第2号")
    assert second.differs == ("身份证号",) and second.note == "身份证号与所填不同（请核对是否同一人）"
    first = next(hit for hit in found.hits if hit.record.number == "〔2026〕人调字第1号")
    assert first.matched == ("姓名", "身份证号") and not first.differs
    by_phone = person_search.find(store, person_search.person(phone="139 9512 0316"), REASON)
    assert {hit.record.number for hit in by_phone.hits} == {"〔2026〕人调字第1号", "〔2026〕人调字第2号",
                                                          "〔2026〕投诉字第1号"}


def test_a_clerk_is_refused_and_nothing_is_noted(store, his):
    accounts.login(store, "马丽", STAFF_PASSWORD)
    with pytest.raises(PermissionDenied, match="录入员无权"):
        person_search.find(store, person_search.person("马建国"), REASON)
    assert store.query("SELECT count(*) AS n FROM reveal_log")[0]["n"] == 0


def test_the_reveal_log_names_the_reason_and_not_the_values(store, his):
    person_search.find(as_head(store), person_search.person("马建国", HIS_ID, HIS_PHONE), REASON)
    entries = store.query("SELECT * FROM reveal_log")
    assert {e["number"] for e in entries} == {"〔2026〕人调字第1号", "〔2026〕人调字第2号", "〔2026〕投诉字第1号",
                                             "〔2026〕投诉字第2号"}
    assert {e["how"] for e in entries} == {f"查找当事人（{REASON}）"} and {e["actor"] for e in entries} == {"杨芳"}
    held = repr(entries)
    assert "马建国" not in held and HIS_ID not in held and HIS_PHONE not in held


def test_what_is_said_about_the_log_is_what_was_noted(store, his, valid_record):
    """The window and `fazhi person find` said 已记入完整证件号查看日志 after every search, also one that found
    nothing, or only records with nothing masked: they noted nothing, and say so now."""
    accounts.login(store, "马丽", STAFF_PASSWORD)
    store.save("meeting", valid_record("meeting", host="马文军"), "马丽")  # a host, nothing masked
    found = person_search.find(as_head(store), person_search.person("马建国"), REASON)
    assert found.logged == 4 and found.log_said == f"已记入完整证件号查看日志：查找当事人（{REASON}），4 条记录"
    nobody = person_search.find(store, person_search.person("马小平"), REASON)
    assert nobody.log_said == "没有找到记有此人的记录，未记入完整证件号查看日志"
    host = person_search.find(store, person_search.person("马文军"), REASON)
    assert [hit.role for hit in host.hits] == ["主持人"]
    assert host.log_said == "找到的记录中没有身份证号、电话等遮盖显示的信息，未记入完整证件号查看日志"
    assert store.query("SELECT count(*) AS n FROM reveal_log")[0]["n"] == 4


def test_what_is_asked_and_why_are_checked_naming_the_field(store, his):
    as_head(store)
    with pytest.raises(ValidationError, match="用途：请不要写证件号码或电话号码"):
        person_search.find(store, person_search.person("马建国"), f"本人 {HIS_PHONE}")
    with pytest.raises(ValidationError, match="用途：必填"):
        person_search.find(store, person_search.person("马建国"), "  ")
    with pytest.raises(ValidationError, match="身份证号：身份证号码有误"):
        person_search.person("马建国", HIS_ID[:-1] + "7")
    with pytest.raises(ValidationError, match="姓名：请填写姓名、身份证号或电话中的至少一项"):
        person_search.person()
    assert store.query("SELECT count(*) AS n FROM reveal_log")[0]["n"] == 0
