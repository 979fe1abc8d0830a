"""A child party of a case the closing of 2026 left open (accepted 28 December) had no 法定代理人 yet: the guardian's
name often comes later, and the 协议书 signed in January needs it, but saving it was refused (当事人：2026年已封账…)
unless the 所长 reopened 2026. The form's `fill_only` names `parties.guardian` and `parties.guardian_relation`: an
open matter's rows may fill them where empty, and nothing else of 当事人 may change."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fazhi_desktop.core import year_close
from fazhi_desktop.core.errors import ValidationError

ACTOR = "杨芳"
CHILD = {"role": "申请人", "party_type": "自然人", "name": "马小军", "birth_date": "2015-03-02"}
OTHER = {"role": "被申请人", "party_type": "自然人", "name": "李某"}
HELD = ("当事人：2026年已封账，办理中的记录的当事人只能补填空着的法定代表人职务、法定代理人、与当事人关系、"
        "法定代理人身份证号、法定代理人联系电话，其他内容和已填的不能更改；"
        "须由所长或管理员先重新打开2026年")


@pytest.fixture
def open_case(store, clock, valid_record):
    clock.set(datetime(2026, 12, 29, 2, 0, tzinfo=UTC))
    case = store.save("mediation_case", valid_record("mediation_case", accepted_on="2026-12-28",
                                                     parties=[CHILD, OTHER]), ACTOR)
    clock.set(datetime(2027, 1, 3, 2, 0, tzinfo=UTC))
    year_close.close_year(store, 2026, ACTOR)
    return case


def test_a_guardian_known_after_the_closing_is_filled_in_and_the_warning_goes(store, open_case):
    assert [w.label for w in open_case.warnings] == ["当事人第1行·法定代理人"]
    saved = store.save("mediation_case", {"parties": [{**CHILD, "guardian": "马文", "guardian_relation": "父亲"},
                                                      OTHER]}, ACTOR, record_id=open_case.id)
    assert saved.warnings == () and saved["parties"][0]["guardian"] == "马文"
    # his 身份证号 and 联系电话, which the court asks for at 司法确认, often come later still (form version 5)
    numbers = {"guardian_id_number": "64052219850312009X", "guardian_phone": "13995120316"}
    saved = store.save("mediation_case", {"parties": [{**saved["parties"][0], **numbers}, OTHER]}, ACTOR,
                       record_id=open_case.id)
    assert {key: saved["parties"][0][key] for key in numbers} == numbers


@pytest.mark.parametrize("parties", [
    [{**CHILD, "name": "马小君", "guardian": "马文"}, OTHER],  # another field of the row
    [CHILD, OTHER, {"role": "第三人", "party_type": "自然人", "name": "田某"}],  # a row added
    [CHILD],  # a row removed
], ids=["name", "added", "removed"])
def test_nothing_else_of_the_parties_may_change(store, open_case, parties):
    with pytest.raises(ValidationError) as refused:
        store.save("mediation_case", {"parties": parties}, ACTOR, record_id=open_case.id)
    assert HELD in str(refused.value)


def test_a_guardian_once_given_is_not_changed_without_reopening(store, open_case):
    store.save("mediation_case", {"parties": [{**CHILD, "guardian": "马文"}, OTHER]}, ACTOR, record_id=open_case.id)
    with pytest.raises(ValidationError) as refused:
        store.save("mediation_case", {"parties": [{**CHILD, "guardian": "马武"}, OTHER]}, ACTOR,
                   record_id=open_case.id)
    assert HELD in str(refused.value)
    relation = store.save("mediation_case", {"parties": [{**CHILD, "guardian": "马文", "guardian_relation": "父亲"},
                                                         OTHER]}, ACTOR, record_id=open_case.id)
    assert relation["parties"][0]["guardian_relation"] == "父亲"  # still empty until then: it may be filled


def test_a_bodys_leaders_post_is_filled_in_after_the_closing_and_then_held(store, clock, valid_record):
    """A 村民小组 party of a case accepted 28 December and left open by the closing: its 负责人's 职务, which the
    court asks for at 司法确认 as it asks for the guardian's numbers (form version 5, so no case from before the
    upgrade has it), was refused (当事人：2026年已封账…须由所长或管理员先重新打开2026年); once filled it stands."""
    body = {"role": "被申请人", "party_type": "单位", "org_name": "山门村第三村民小组",
            "legal_representative": "马福林"}
    clock.set(datetime(2026, 12, 29, 2, 0, tzinfo=UTC))
    case = store.save("mediation_case", valid_record("mediation_case", accepted_on="2026-12-28",
                                                     parties=[OTHER, body]), ACTOR)
    clock.set(datetime(2027, 1, 3, 2, 0, tzinfo=UTC))
    year_close.close_year(store, 2026, ACTOR)
    saved = store.save("mediation_case", {"parties": [OTHER, {**body, "representative_title": "组长"}]}, ACTOR,
                       record_id=case.id)
    assert saved["parties"][1]["representative_title"] == "组长"
    with pytest.raises(ValidationError) as refused:
        store.save("mediation_case", {"parties": [OTHER, {**body, "representative_title": "村民小组长"}]}, ACTOR,
                   record_id=case.id)
    assert HELD in str(refused.value)
