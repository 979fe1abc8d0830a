"""A reason typed for 重新打开 or a 修改 is kept in the change log as typed, unmasked: the history shows it to the
录入员 who may never see a full number, the banner over the draft sent back reads it out, 待办事项 lists it and its
workbook (shown to the county's 考核组) carries it, and the bundle takes it to the county. A 所长 who sent a case back
with `申请人身份证号应为 640522 19850312 009X，电话 139 9512 0316` put the number the mask hides everywhere. A
reason holding an ID or phone number is now refused, naming it, and nothing is written."""

from __future__ import annotations

import pytest

from fazhi_desktop.core import history, review, todo
from fazhi_desktop.core.errors import ValidationError
from fazhi_desktop.core.store import NUMBER_IN_REASON

ACTOR = "杨芳"
ID_NUMBER, PHONE = "64052219850312009X", "13995120316"
CHILD = {"role": "申请人", "party_type": "自然人", "name": "马小军", "gender": "男", "birth_date": "2015-03-02",
         "guardian": "马文", "guardian_relation": "父亲", "guardian_id_number": ID_NUMBER,
         "guardian_phone": PHONE}
WRITTEN = ["法定代理人身份证号应为 640522 19850312 009X，请改正", "法定代理人电话是139-9512-0316", "电话13995120316",
           "身份证号应为６４０５２２１９８５０３１２００９Ｘ"]  # full-width, as a Chinese input method types it


@pytest.fixture
def reviewed(store, valid_record):
    case = store.save("mediation_case", valid_record("mediation_case", parties=[CHILD]), ACTOR)
    for step in ("submit", "review"):
        case = review.apply(store, case.id, step, ACTOR)
    return case


def hidden_digits_anywhere(store, case) -> list[str]:
    """Where the number's hidden digits stand: the history as the clerk reads it, and 待办事项's rows."""
    texts = [*(r.reason or "" for r in history.record_history(store, case.id)),
             *(" ".join(item.cells()) for item in todo.build(store).items)]
    return [t for t in texts if "19850312" in t.replace(" ", "") or "95120316" in t.replace("-", "")]


@pytest.mark.parametrize("reason", WRITTEN)
def test_a_reopen_reason_with_a_number_is_refused_and_nothing_is_written(store, reviewed, reason):
    with pytest.raises(ValidationError) as refused:
        review.apply(store, reviewed.id, "reopen", ACTOR, reason=reason)
    [problem] = refused.value.problems
    assert problem.label == "原因" and problem.message == NUMBER_IN_REASON
    assert "请不要在原因中写身份证号或电话号码" in str(refused.value)
    now = store.get(reviewed.id)
    assert (now.status, now.revision) == ("reviewed", reviewed.revision)
    assert hidden_digits_anywhere(store, now) == []


def test_a_reason_naming_what_is_wrong_a_masked_number_a_date_or_a_record_number_goes_through(store, reviewed):
    reason = "法定代理人身份证号640522********009X有误，2026年3月2日核对，见〔2026〕人调字第16号"
    reopened = review.apply(store, reviewed.id, "reopen", ACTOR, reason=reason)
    assert reopened.status == "draft"
    assert history.record_history(store, reopened.id)[-1].reason == reason


def test_a_change_reason_with_a_number_is_refused(store, reviewed):
    draft = review.apply(store, reviewed.id, "reopen", ACTOR, reason="补充法定代理人情况")
    with pytest.raises(ValidationError) as refused:
        store.save("mediation_case", {"case_name": "马小军纠纷"}, ACTOR, draft.id,
                   reason=f"当事人申请，电话改为 {PHONE[:3]} {PHONE[3:7]} {PHONE[7:]}")
    assert [(p.label, p.message) for p in refused.value.problems] == [("修改原因", NUMBER_IN_REASON)]
    assert store.get(draft.id).revision == draft.revision
