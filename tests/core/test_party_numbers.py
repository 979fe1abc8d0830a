"""A party's 身份证号, 联系电话, 性别 and 出生日期 as the mediator's month showed them (session 18's review): a masked
number sent back kept, not refused as malformed nor erased; a birth after 受理日期 questioned, not a traceback;
性别 and 出生日期 given by the number on every path, not only the editor's."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
import review_steps
from excel_files import filled_template

from fazhi_desktop.core.display import mask_value
from fazhi_desktop.core.errors import ValidationError
from fazhi_desktop.core.excel_import import import_records, read_records
from fazhi_desktop.core.masked import keep_stored, left_out
from fazhi_desktop.core.validate import clean_record

CARD, CHILD = "640522198503120030", "640522201803200029"  # a man born 1985-03-12; a girl born 2018-03-20
PARTY = {"role": "申请人", "party_type": "自然人", "name": "马文", "id_number": CARD, "phone": "13912345679",
         "address": "李旺镇李旺村"}
#: a masked value that is no stored one's, as it is refused at its field
MASKED = "是遮盖过的号码（含 *）：请填上完整号码，或删去这一项"
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


def test_swapped_parties_keep_each_ones_numbers_and_a_mask_of_no_stored_number_is_refused(store, clerk_case):
    """A row is the stored row of the same party, never the one at its place (session 18's first version swapped
    nothing only because it refused)."""
    parties = as_shown(store, clerk_case)
    store.save("mediation_case", {"parties": parties[::-1]}, "马丽", record_id=clerk_case.id)
    saved = {p["name"]: (p["id_number"], p["phone"]) for p in store.get(clerk_case.id)["parties"]}
    assert saved == {"马文": (CARD, "13912345679"), "田娟": (OTHER["id_number"], None)}

    parties[1]["phone"] = "139****5679"  # 马文's mask, in 田娟's row
    with pytest.raises(ValidationError) as caught:
        store.save("mediation_case", {"parties": parties}, "马丽", record_id=clerk_case.id)
    assert [(p.label, p.message) for p in caught.value.problems] == [("当事人第2行·联系电话", MASKED)]
    assert store.get(clerk_case.id)["parties"][0]["name"] == "田娟"  # nothing written


@pytest.fixture
def three_parties(store, staff, valid_record):
    """Three parties without ID numbers, birth dates typed (the 2nd and 3rd born the same year); the 录入员 logged
    in, who sees them as 1985-**-**."""
    store.user = staff["head"]
    parties = [{"role": "申请人", "party_type": "自然人", "name": "马文", "birth_date": "1970-01-01"},
               {"role": "被申请人", "party_type": "自然人", "name": "田娟", "birth_date": "1985-05-05"},
               {"role": "第三人", "party_type": "自然人", "name": "李强", "birth_date": "1985-09-09"}]
    case = store.save("mediation_case", valid_record("mediation_case", parties=parties), "杨芳")
    store.user = staff["clerk"]
    return case


def births(store, case) -> dict[str, str]:
    return {p["name"]: p["birth_date"] for p in store.get(case.id)["parties"]}


def test_a_party_removed_moved_or_added_takes_no_one_elses_birth_date(store, three_parties):
    """Matched by position, 李强 took 田娟's 1985-05-05 when she was removed, with no word."""
    parties = as_shown(store, three_parties)
    store.save("mediation_case", {"parties": [parties[0], parties[2]]}, "马丽", record_id=three_parties.id)
    assert births(store, three_parties) == {"马文": "1970-01-01", "李强": "1985-09-09"}
    parties = as_shown(store, three_parties)  # a new party first, the others reversed
    store.save("mediation_case", {"parties": [{**parties[0], "name": "新人", "birth_date": None}, *parties[::-1]]},
               "马丽", record_id=three_parties.id)
    assert births(store, three_parties) == {"新人": None, "李强": "1985-09-09", "马文": "1970-01-01"}


def test_a_masked_birth_date_not_the_stored_ones_is_refused_as_masked(store, staff, three_parties):
    """It was refused as 无法识别的日期; two rows of one party with the same mask: which one cannot be told."""
    parties = as_shown(store, three_parties)
    parties[1]["birth_date"] = "1986-**-**"
    parties[2]["name"] = "马文"
    parties[2]["birth_date"] = parties[0]["birth_date"]
    store.user = staff["head"]
    first = store.get(three_parties.id)["parties"][0]
    store.save("mediation_case", {"parties": [first, {**first, "birth_date": "1970-02-02"}]}, "杨芳",
               record_id=three_parties.id)  # two rows of 马文 born 1970
    store.user = staff["clerk"]
    with pytest.raises(ValidationError) as caught:
        store.save("mediation_case", {"parties": parties}, "马丽", record_id=three_parties.id)
    said = {p.label: p.message for p in caught.value.problems}
    assert said == {f"当事人第{i}行·出生日期": MASKED for i in (1, 2, 3)}


def test_a_masked_name_is_kept_when_stored_and_refused_otherwise(store, valid_record):
    """A 投诉人 sent back as 张* was stored as 张*; one an earlier version stored so is still saved."""
    complaint = store.save("complaint", valid_record("complaint", complainant="张三"), "杨芳")
    store.save("complaint", {"complainant": "张*", "remarks": "改"}, "杨芳", record_id=complaint.id)
    assert store.get(complaint.id)["complainant"] == "张三"
    with pytest.raises(ValidationError) as caught:
        store.save("complaint", {"complainant": "李*"}, "杨芳", record_id=complaint.id)
    assert [(p.label, p.message) for p in caught.value.problems] == [
        ("投诉人", MASKED)]
    old = store.save("complaint", valid_record("complaint", complainant="李四"), "杨芳")
    store.conn.execute("UPDATE complaint SET complainant = '李*' WHERE id = ?", [old.id])  # an earlier version's
    assert store.save("complaint", {"complainant": "李*", "remarks": "改"}, "杨芳", record_id=old.id).revision == 2


def test_a_birth_after_the_acceptance_date_is_questioned_not_a_traceback(store, valid_record):
    """受理日期 2016-10-05 typed for 2026: age_on raised ValueError through every save."""
    child = {"role": "申请人", "party_type": "自然人", "name": "马小花", "id_number": CHILD, "age": 8}
    saved = store.save("mediation_case", valid_record("mediation_case", accepted_on="2016-10-05", parties=[child]),
                       "马文")
    assert [(w.label, w.message) for w in saved.warnings] == [
        ("当事人第1行·出生日期", "出生日期晚于受理日期，请核对（受理日期或出生日期、身份证号可能填错）")]


def test_a_typed_birth_date_after_the_acceptance_date_is_questioned_without_a_number(store, valid_record):
    child = {"role": "申请人", "party_type": "自然人", "name": "马小花", "birth_date": "2018-03-20", "guardian": "马文"}
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
    values = clean_record(store.ledger("mediation_case"), data, store.lookups()).values
    assert (values["parties"][0]["gender"], values["parties"][0]["birth_date"]) == (None, None)


def test_a_number_already_stored_fills_nothing(store, staff, clock, valid_record, monkeypatch):
    """A record saved before 性别/出生日期 were filled (every CLI and Excel case before session 18): saved unchanged
    it made a new revision (历史 `性别 （空）→ 男`, queued to the county again), and an open case of a closed year could
    not be concluded, the fill being a change to 当事人 (`当事人：2025年已封账，办理中的记录只能填写办理和办结情况`)."""
    from fazhi_desktop.core import accounts, validate, year_close

    accounts.login(store, "杨芳", "mima-2026")
    clock.set(datetime(2025, 12, 28, 2, 0, tzinfo=UTC))
    with monkeypatch.context() as before:
        before.setattr(validate, "_fill_from_id", lambda *a: None)
        case = store.save("mediation_case", valid_record("mediation_case", accepted_on="2025-12-20",
                                                         parties=[{**PARTY, "phone": None}]), "杨芳")
    held = store.get(case.id)
    again = store.save("mediation_case", {"parties": held["parties"]}, "杨芳", record_id=case.id)
    assert (again.revision, again.content_hash) == (held.revision, held.content_hash)
    review_steps.submit(store, case.id)
    clock.set(datetime(2026, 3, 1, 2, 0, tzinfo=UTC))
    year_close.close_year(store, 2025)
    open_case = store.get(case.id)
    closed = store.save("mediation_case", {"closed_on": "2026-02-25"}, "杨芳", record_id=case.id)
    assert closed.revision == open_case.revision + 1
    assert (closed.values["parties"][0]["gender"], closed.values["parties"][0]["birth_date"]) == (None, None)


def test_the_agreement_prints_the_gender_of_a_number_stored_without_it(store, valid_record, monkeypatch, tmp_path):
    from test_documents_pdf import text_of

    from fazhi_desktop.core import validate
    from fazhi_desktop.core.documents import render_document

    monkeypatch.setattr(validate, "_fill_from_id", lambda *a: None)  # saved before session 18
    case = store.save("mediation_case", valid_record("mediation_case", parties=[{**PARTY, "phone": None}]), "马文")
    render_document(store, case.id, "agreement", tmp_path / "a.pdf")
    assert "申请人：马文，男，公民身份号码" in text_of(tmp_path / "a.pdf", 1).replace("\n", "")


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


def test_a_row_sent_without_what_its_number_gave_keeps_it(store, valid_record):
    """Saving filled them from the new number; sent again without them, the stored number fills nothing: kept."""
    case = store.save("mediation_case", valid_record("mediation_case", parties=[{**PARTY, "phone": None}]), "马文")
    store.save("mediation_case", {"parties": [{**PARTY, "phone": None, "address": "新址"}]}, "马文", record_id=case.id)
    saved = store.get(case.id)["parties"][0]
    assert (saved["address"], saved["gender"], saved["birth_date"]) == ("新址", "男", "1985-03-12")


def test_a_row_copied_for_a_party_of_the_same_name_takes_no_ones_numbers(store, staff, clerk_case):
    """The son 马文 added by copying his father's row (角色, 住址 changed): the father's masks were one stored row's of
    a party named 马文, and the son was saved with the father's full 身份证号, 电话 and 出生日期, with no word."""
    parties = as_shown(store, clerk_case)
    son = {**parties[0], "role": "第三人", "address": "新址"}
    with pytest.raises(ValidationError) as caught:
        store.save("mediation_case", {"parties": [*parties, son]}, "马丽", record_id=clerk_case.id)
    said = {p.label: p.message for p in caught.value.problems}
    assert set(said) == {f"当事人第{row}行·{label}" for row in (1, 3) for label in ("身份证号", "联系电话", "出生日期")}
    assert said["当事人第3行·身份证号"].startswith(f"{MASKED.split('：')[0]}：两位同名当事人写着已存的同一位的号码")
    assert len(store.get(clerk_case.id)["parties"]) == 2  # nothing written
    store.user = staff["head"]  # a party entered twice, the same numbers: each row still keeps its own
    store.save("mediation_case", {"parties": [PARTY, PARTY]}, "杨芳", record_id=clerk_case.id)
    store.user = staff["clerk"]
    twice = as_shown(store, clerk_case)
    store.save("mediation_case", {"parties": [{**twice[0], "address": "新址"}, twice[1]]}, "马丽",
               record_id=clerk_case.id)
    assert [p["id_number"] for p in store.get(clerk_case.id)["parties"]] == [CARD, CARD]


def test_a_renamed_party_keeps_its_numbers(store, clerk_case):
    """马文 → 马雯 was refused at the masked numbers, `请填上完整号码，或删去这一项`; left out as told, the save erased
    them and `fazhi update`'s guard (left_out) said nothing: no stored row has the name 马雯."""
    ledger = store.ledger("mediation_case")
    parties = as_shown(store, clerk_case)
    parties[0]["name"] = "马雯"
    left = [{k: v for k, v in parties[0].items() if k not in ("id_number", "phone", "birth_date")}, parties[1]]
    said = {p.label: p.message for p in left_out(ledger, {"parties": left}, store.get(clerk_case.id).values)}
    assert set(said) == {"当事人第1行·身份证号", "当事人第1行·联系电话", "当事人第1行·出生日期"}
    assert "如是改了姓名的当事人，保存会删去其已存的身份证号" in said["当事人第1行·身份证号"]
    store.save("mediation_case", {"parties": parties}, "马丽", record_id=clerk_case.id)
    saved = store.get(clerk_case.id)["parties"][0]
    assert (saved["name"], saved["id_number"], saved["phone"], saved["birth_date"]) == (
        "马雯", CARD, "13912345679", "1985-03-12")


def test_two_parties_renamed_whose_masks_are_alike_are_refused_without_advice_to_erase(store, three_parties):
    parties = as_shown(store, three_parties)
    parties[1]["name"], parties[2]["name"] = "田娟娟", "李强强"  # both born 1985: 1985-**-**
    with pytest.raises(ValidationError) as caught:
        store.save("mediation_case", {"parties": parties}, "马丽", record_id=three_parties.id)
    said = {p.label: p.message for p in caught.value.problems}
    assert set(said) == {"当事人第2行·出生日期", "当事人第3行·出生日期"}
    assert "姓名已改，无法确定是哪位当事人的号码：请先单独改姓名" in said["当事人第2行·出生日期"]
    assert "删去" not in said["当事人第2行·出生日期"]
    parties[2]["name"] = "李强"  # one at a time
    store.save("mediation_case", {"parties": parties}, "马丽", record_id=three_parties.id)
    assert births(store, three_parties) == {"马文": "1970-01-01", "田娟娟": "1985-05-05", "李强": "1985-09-09"}


@pytest.mark.parametrize("stored", ["张＊", "张*明"])
def test_a_complainant_an_earlier_version_stored_with_a_star_is_saved_unchanged(store, valid_record, stored):
    """Not the mask `fazhi show` gives (张*): the editor sends it back as stored, and the record could not be saved,
    `投诉人：是遮盖过的号码（含 *）…`, though 投诉人 was not changed."""
    old = store.save("complaint", valid_record("complaint", complainant="李四"), "杨芳")
    store.conn.execute("UPDATE complaint SET complainant = ? WHERE id = ?", [stored, old.id])  # an earlier version's
    saved = store.save("complaint", {**store.get(old.id).values, "remarks": "补充情况"}, "杨芳", record_id=old.id)
    assert (saved.revision, saved.values["complainant"]) == (2, stored)
    with pytest.raises(ValidationError):  # another masked text is still refused
        store.save("complaint", {"complainant": "王*明"}, "杨芳", record_id=old.id)


def test_a_masked_text_in_a_group_row_is_refused_only_when_changed(store):
    """No shipped form has one: a 住址 made personal stands for it."""
    ledger = store.ledger("mediation_case")
    group = ledger.field("parties")
    subs = tuple(replace(sub, sensitive=True) if sub.name == "address" else sub for sub in group.fields)
    ledger = replace(ledger, fields=tuple(replace(f, fields=subs) if f is group else f for f in ledger.fields))
    stored = {"parties": [{**OTHER, "address": "李旺＊村"}]}
    kept, problems = keep_stored(ledger, {"parties": [{**OTHER, "address": "李旺＊村", "role": "申请人"}]}, stored)
    assert (problems, kept["parties"][0]["role"]) == ([], "申请人")
    _, problems = keep_stored(ledger, {"parties": [{**OTHER, "address": "王＊村"}]}, stored)
    assert [(p.label, p.message) for p in problems] == [("当事人第1行·住址", MASKED)]


def test_a_party_name_sent_as_a_list_is_refused_at_the_field(store, valid_record):
    """A 姓名 written as a JSON list (`fazhi add`/`update` slip): refused at the field, not a TypeError."""
    parties = [{"role": "申请人", "party_type": "自然人", "name": ["马文"]}]
    with pytest.raises(ValidationError) as raised:
        store.save("mediation_case", valid_record("mediation_case", parties=parties), "杨芳")
    assert any(p.path.startswith("parties[1].name") for p in raised.value.problems), raised.value.problems
