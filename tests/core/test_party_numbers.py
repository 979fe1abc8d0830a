"""A party's 身份证号, 联系电话, 性别 and 出生日期 as the mediator's month showed them (session 18's review): a masked
number sent back kept, not refused as malformed nor erased; a birth after 受理日期 questioned, not a traceback;
性别 and 出生日期 given by the number on every path, not only the editor's."""

from __future__ import annotations

import pytest
from excel_files import filled_template

from fazhi_desktop.core.display import mask_value
from fazhi_desktop.core.errors import ValidationError
from fazhi_desktop.core.excel_import import import_records, read_records
from fazhi_desktop.core.validate import clean_record

CARD, CHILD = "640522198503120030", "640522201803200029"  # a man born 1985-03-12; a girl born 2018-03-20
PARTY = {"role": "申请人", "party_type": "自然人", "name": "马文", "id_number": CARD, "phone": "13912345679",
         "address": "李旺镇李旺村"}
OTHER = {"role": "被申请人", "party_type": "自然人", "name": "田娟", "id_number": "640522197001010048"}


def as_shown(store, record) -> list[dict]:
    """The parties as `fazhi show --format json` gives them to a user who may not reveal them."""
    parties = store.ledger("mediation_case").field("parties")
    return mask_value(parties, store.get(record.id)["parties"])


@pytest.fixture
def clerk_case(store, staff, valid_record):
    """A case of two parties, saved by the 所长; the 录入员 马丽 logged in."""
    store.user = staff["head"]
    case = store.save("mediation_case", valid_record("mediation_case", parties=[PARTY, OTHER]), "杨芳")
    store.user = staff["clerk"]
    return case


def test_masked_numbers_sent_back_unchanged_keep_the_stored_ones(store, clerk_case):
    parties = as_shown(store, clerk_case)
    assert parties[0]["id_number"] == "640522********0030" and parties[0]["phone"] == "139****5679"
    parties[0]["address"] = "新址"
    store.save("mediation_case", {"parties": parties}, "马丽", record_id=clerk_case.id)
    saved = store.get(clerk_case.id)["parties"]
    assert saved[0]["address"] == "新址"
    assert (saved[0]["id_number"], saved[0]["phone"], saved[0]["birth_date"]) == (CARD, "13912345679",
                                                                                  "1985-03-12")
    assert saved[1]["id_number"] == OTHER["id_number"]


def test_a_masked_number_not_the_stored_ones_is_refused_as_masked(store, clerk_case):
    """Rows matched by position: the two rows swapped do not take each other's numbers."""
    parties = as_shown(store, clerk_case)
    with pytest.raises(ValidationError) as caught:
        store.save("mediation_case", {"parties": parties[::-1]}, "马丽", record_id=clerk_case.id)
    said = {p.label: p.message for p in caught.value.problems}
    assert said["当事人第1行·身份证号"] == "是遮盖过的号码（含 *）：请填上完整号码，或删去这一项"
    assert said["当事人第2行·联系电话"] == "是遮盖过的号码（含 *）：请填上完整号码，或删去这一项"
    assert store.get(clerk_case.id)["parties"][0]["id_number"] == CARD


def test_a_birth_after_the_acceptance_date_is_questioned_not_a_traceback(store, valid_record):
    """受理日期 2016-10-05 typed for 2026: age_on raised ValueError through every save."""
    child = {"role": "申请人", "party_type": "自然人", "name": "马小花", "id_number": CHILD, "age": 8}
    saved = store.save("mediation_case", valid_record("mediation_case", accepted_on="2016-10-05", parties=[child]),
                       "马文")
    assert [(w.label, w.message) for w in saved.warnings] == [
        ("当事人第1行·出生日期", "出生日期晚于受理日期，请核对（受理日期或出生日期、身份证号可能填错）")]


def test_a_typed_birth_date_after_the_acceptance_date_is_questioned_without_a_number(store, valid_record):
    child = {"role": "申请人", "party_type": "自然人", "name": "马小花", "birth_date": "2018-03-20"}
    saved = store.save("mediation_case", valid_record("mediation_case", accepted_on="2016-10-05", parties=[child]),
                       "马文")
    assert [w.label for w in saved.warnings] == ["当事人第1行·出生日期"]
    right = store.save("mediation_case", {"accepted_on": "2026-03-05"}, "马文", record_id=saved.id)
    assert right.warnings == ()


def test_gender_and_birth_date_are_taken_from_the_number_when_left_empty(store, valid_record):
    parties = [{**PARTY, "phone": None}, {**OTHER, "gender": "男"}]  # her own 性别 kept: the check questions it
    saved = store.save("mediation_case", valid_record("mediation_case", parties=parties), "马文")
    rows = store.get(saved.id)["parties"]
    assert (rows[0]["gender"], rows[0]["birth_date"]) == ("男", "1985-03-12")
    assert (rows[1]["gender"], rows[1]["birth_date"]) == ("男", "1970-01-01")
    assert "当事人第2行·性别" in [w.label for w in saved.warnings]


def test_checking_stored_values_fills_nothing(store, valid_record):
    """The county wants a bundle's values back as they are: an older record without 性别 must still travel."""
    data = valid_record("mediation_case", parties=[{**PARTY, "phone": None}])
    values = clean_record(store.ledger("mediation_case"), data).values
    assert (values["parties"][0]["gender"], values["parties"][0]["birth_date"]) == (None, None)


def test_a_clerk_who_sees_the_number_masked_gets_no_birth_date_from_it(store, staff, valid_record):
    """Its masked form shows the year the number's mask hides; 性别 is in the four digits shown."""
    store.user = staff["head"]
    case = store.save("mediation_case", valid_record("mediation_case", parties=[PARTY]), "杨芳")
    row = {**store.get(case.id)["parties"][0], "gender": None, "birth_date": None}
    store.save("mediation_case", {"parties": [row]}, "杨芳", record_id=case.id)
    store.user = staff["clerk"]
    store.save("mediation_case", {"parties": [{**row, "address": "新址"}]}, "马丽", record_id=case.id)
    saved = store.get(case.id)["parties"][0]
    assert (saved["gender"], saved["birth_date"]) == ("男", None)


def test_an_excel_import_fills_gender_and_questions_a_birth_after_acceptance(store, ledgers, tmp_path):
    cases = [{"案件名称": "马某纠纷", "受理日期": "2026-03-05", "纠纷类型": "邻里纠纷"},
             {"案件名称": "马小花纠纷", "受理日期": "2016-10-05", "纠纷类型": "邻里纠纷"}]
    parties = [{"记录序号": 1, "角色": "申请人", "姓名": "马文", "身份证号": CARD},
               {"记录序号": 2, "角色": "申请人", "姓名": "马小花", "身份证号": CHILD, "年龄": 8}]
    path = filled_template(ledgers["mediation_case"], tmp_path / "c.xlsx", cases, {"当事人": parties})
    reading = read_records(store, "mediation_case", path)
    assert reading.problems == []
    assert ["出生日期晚于受理日期" in str(w) for w in reading.warnings] == [True]
    saved = {r.values["case_name"]: r.values["parties"][0] for r in import_records(store, reading, "马文")}
    assert (saved["马某纠纷"]["gender"], saved["马某纠纷"]["birth_date"]) == ("男", "1985-03-12")
    assert (saved["马小花纠纷"]["gender"], saved["马小花纠纷"]["birth_date"]) == ("女", "2018-03-20")
