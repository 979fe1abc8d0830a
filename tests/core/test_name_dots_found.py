"""A Uyghur or Hui name written with its 间隔号 (阿依古丽·买买提) is typed with whatever dot the keyboard, a WeChat
message or a Japanese input method gives: •, ・, ．, or a full stop. The list search and 查找当事人 found the record
only when the same dot was typed both times, so a 所长 answering her request to see what the office holds about
her (个人信息保护法 art. 45) was told it held nothing; saving such a name, or a party's name with a space typed by
mistake (马 赟, printed so on the 协议书), said nothing."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi_desktop.core import accounts, person_search
from fazhi_desktop.core.identifiers import normalize_id_card
from fazhi_desktop.core.store import ListQuery

STAFF_PASSWORD = "mima-2026"
ACTOR = "马梅"
DOTS = ["·", "•", "・", "．", ".", "‧"]


def party_case(store, valid_record, name: str):
    record = valid_record("mediation_case", case_name="方堡村土地边界纠纷",
                          parties=[{"role": "被申请人", "party_type": "自然人", "name": name}])
    return store.save("mediation_case", record, actor=ACTOR)


@pytest.mark.parametrize("stored", DOTS)
def test_the_list_search_finds_her_whichever_dot_was_typed_on_either_side(store, valid_record, stored):
    saved = party_case(store, valid_record, f"阿依古丽{stored}买买提")
    for typed in DOTS:
        found = [r.id for r in store.list(ListQuery("mediation_case", text=f"阿依古丽{typed}买买提"))]
        assert found == [saved.id], (stored, typed)


def test_a_dot_not_between_two_chinese_characters_is_not_read_as_a_name_dot(store, valid_record):
    saved = store.save("meeting", valid_record("meeting", title="学习1.5号文件"), actor=ACTOR)
    assert [r.id for r in store.list(ListQuery("meeting", text="1.5号"))] == [saved.id]
    assert store.list(ListQuery("meeting", text="1·5号")) == []


@pytest.mark.parametrize("typed", ["阿依古丽•买买提", "阿依古丽・买买提", "阿依古丽．买买提", "阿依古丽.买买提"])
def test_the_head_finds_every_record_naming_her_whichever_dot(store, staff, valid_record, typed):
    accounts.login(store, "马丽", STAFF_PASSWORD)
    case = party_case(store, valid_record, "阿依古丽·买买提")
    meeting = store.save("meeting", valid_record("meeting", attendees=["马喆", "阿依古丽•买买提"]), actor=ACTOR)
    accounts.logout(store)
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    found = person_search.find(store, person_search.person(typed), "当事人本人申请查阅、复制")
    assert sorted(hit.record.id for hit in found.hits) == sorted([case.id, meeting.id])


def test_saving_a_name_with_another_dot_or_a_space_says_what_it_should_be(store, valid_record):
    record = valid_record("mediation_case", parties=[
        {"role": "申请人", "party_type": "自然人", "name": "阿依古丽・买买提"},
        {"role": "第三人", "party_type": "自然人", "name": "马 赟"}])
    saved = store.save("mediation_case", record, actor=ACTOR)
    said = [f"{w.label}：{w.message}" for w in saved.warnings]
    assert "当事人第1行·姓名：“阿依古丽・买买提”中的“・”不是姓名的间隔号，是否应为“阿依古丽·买买提”" in said
    assert "当事人第2行·姓名：“马 赟”中有空格，是否应为“马赟”" in said
    meeting = store.save("meeting", valid_record("meeting", host="阿依古丽•买买提"), actor=ACTOR)
    said = [w.message for w in meeting.warnings]
    assert said == ["“阿依古丽•买买提”中的“•”不是姓名的间隔号，是否应为“阿依古丽·买买提”"]


def test_an_old_fifteen_digit_id_number_is_refused_naming_the_number_it_became():
    with pytest.raises(ValueError) as refused:
        normalize_id_card("640522620315123", today=date(2026, 11, 28))
    assert str(refused.value) == ("身份证号码应为18位，当前为15位（15位旧号码已停用，升级后为 640522196203151231，"
                                  "请与当事人现用的身份证核对后填写）")
    assert normalize_id_card("640522196203151231", today=date(2026, 11, 28))
