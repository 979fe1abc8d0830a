"""What a court asks of a 调解协议书 for 司法确认 (调解案件 form version 5): the 法定代理人 signing for a minor had a
name only, no 身份证号 or 联系电话, and a 单位's 法定代表人 or 负责人 (a 村民小组's 组长) no 职务, so the judge had
the clerk write them in by hand. Now they are entered, checked and masked like the party's own numbers, printed
where the official layout writes them, and found by 查找当事人 as the guardian's, never the child's."""

from __future__ import annotations

import pytest
from excel_files import filled_template

from fazhi_desktop.core import person_search
from fazhi_desktop.core.display import display_value
from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.errors import ValidationError
from fazhi_desktop.core.excel_import import import_records, read_records

ACTOR = "杨芳"
FATHER_ID, FATHER_PHONE = "64052219850312009x", "13995120316"  # 马文, typed with a small x
BAD_ID = "640522198503120031"  # a wrong check digit
CHILD = {"role": "申请人", "party_type": "自然人", "name": "马小军", "gender": "男", "ethnicity": "回族",
         "birth_date": "2015-03-02", "id_number": "640522201503020034", "guardian": "马文",
         "guardian_relation": "父亲", "guardian_id_number": FATHER_ID, "guardian_phone": FATHER_PHONE}
GROUP = {"role": "被申请人", "party_type": "单位", "org_name": "海原县海城镇山门村第三村民小组",
         "legal_representative": "马福林", "representative_title": "组长", "org_address": "海原县海城镇山门村"}


def settled(valid_record, parties):
    return valid_record("mediation_case", parties=parties, result="调解成功", agreement_form="书面",
                        mediated_on="2026-03-06", mediators=[ACTOR])


def test_the_guardians_number_is_refused_when_wrong_and_stored_upper_case(store, valid_record):
    with pytest.raises(ValidationError) as refused:
        store.save("mediation_case", settled(valid_record, [{**CHILD, "guardian_id_number": BAD_ID}]), ACTOR)
    assert [p.label for p in refused.value.problems] == ["当事人第1行·法定代理人身份证号"]
    assert "校验" in refused.value.problems[0].message, refused.value.problems[0].message
    with pytest.raises(ValidationError) as refused:
        store.save("mediation_case", settled(valid_record, [{**CHILD, "guardian_phone": "1399512"}]), ACTOR)
    assert [p.label for p in refused.value.problems] == ["当事人第1行·法定代理人联系电话"]
    case = store.save("mediation_case", settled(valid_record, [CHILD, GROUP]), ACTOR)
    assert case["parties"][0]["guardian_id_number"] == FATHER_ID.upper()
    assert case["parties"][1]["representative_title"] == "组长"


def test_the_guardians_numbers_are_masked_on_screen_and_never_read_as_the_childs(store, valid_record):
    case = store.save("mediation_case", settled(valid_record, [CHILD, GROUP]), ACTOR)
    shown = display_value(store.ledger("mediation_case").field("parties"), case["parties"])
    assert ("640522********0034，法定代理人：马文（父亲，640522********009X，139****0316）" in shown), shown
    assert "法定代表人：马福林（组长）" in shown
    assert "198503120" not in shown and "95120316" not in shown


def test_the_agreement_writes_the_guardians_number_and_the_leaders_post(store, valid_record):
    case = store.save("mediation_case", settled(valid_record, [CHILD, GROUP]), ACTOR)
    masked = build_document(store, case, "agreement").text().replace("\n", "")
    assert ("法定代理人：马文，系马小军之父，公民身份号码640522********009X，联系电话139****0316。" in masked), masked
    assert "海原县海城镇山门村第三村民小组，住所地海原县海城镇山门村，负责人马福林，职务组长。" in masked
    assert "负责人 马福林（签名）：" in masked
    revealed = build_document(store, case, "agreement", reveal=True).text().replace("\n", "")
    assert f"公民身份号码{FATHER_ID.upper()}，联系电话{FATHER_PHONE}。" in revealed


def test_the_guardians_numbers_find_him_as_guardian_and_stay_out_of_the_childs_own(store, valid_record):
    store.save("mediation_case", settled(valid_record, [CHILD]), ACTOR)
    found = person_search.find(store, person_search.person("马文", id_number=FATHER_ID.upper()), "当事人本人申请查阅")
    [hit] = found.hits
    assert hit.role == "申请人的法定代理人" and set(hit.matched) == {"姓名", "身份证号"}
    child = person_search.find(store, person_search.person("马小军"), "当事人本人申请查阅")
    [own] = [hit.own for hit in child.hits]
    held = [value for _, value, _ in own]
    assert FATHER_ID.upper() not in held and FATHER_PHONE not in held and "640522201503020034" in held


def test_an_excel_import_takes_the_new_columns(store, ledgers, tmp_path):
    cases = [{"案件名称": "马小军纠纷", "受理日期": "2026-03-05", "纠纷类型": "邻里纠纷"}]
    parties = [{"记录序号": 1, "角色": "申请人", "姓名": "马小军", "法定代理人": "马文", "与当事人关系": "父亲",
                "法定代理人身份证号": FATHER_ID, "法定代理人联系电话": FATHER_PHONE},
               {"记录序号": 1, "角色": "被申请人", "当事人类型": "单位", "名称": GROUP["org_name"],
                "法定代表人": "马福林", "法定代表人职务": "组长"}]
    path = filled_template(ledgers["mediation_case"], tmp_path / "c.xlsx", cases, {"当事人": parties})
    reading = read_records(store, "mediation_case", path)
    assert reading.problems == []
    [saved] = import_records(store, reading, ACTOR)
    child, group = saved.values["parties"]
    assert (child["guardian_id_number"], child["guardian_phone"]) == (FATHER_ID.upper(), FATHER_PHONE)
    assert group["representative_title"] == "组长"
