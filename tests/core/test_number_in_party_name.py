"""A row of a Word table pasted into a party's 姓名 (马文, 男, 回族, his ID number, address, phone) ran its cells into
one name, `马文男回族 640522198501081234 海城镇南坪村7组 15509542033`, saved with an orange note that itself showed the
whole number; the name is no masked field, so the 协议书, the 台账 and the list printed and showed it in full. A save
now refuses a name holding an ID or phone number, saying where the number goes, without repeating it."""

from __future__ import annotations

import pytest

from fazhi_desktop.core.errors import ValidationError
from fazhi_desktop.core.validate import clean_record

ID_NUMBER = "640522198501081234"
WHERE_IT_GOES = "身份证号、联系电话请填在各自的栏中"
PASTED = f"马文男回族 {ID_NUMBER} 海城镇南坪村7组 15509542033"


def _case(valid_record, **party):
    return valid_record("mediation_case", parties=[{"role": "申请人", "party_type": "自然人", **party}])


def test_a_pasted_table_row_in_a_name_is_refused_and_not_repeated(store, valid_record):
    with pytest.raises(ValidationError) as refused:
        store.save("mediation_case", _case(valid_record, name=PASTED), "马丽")
    [problem] = refused.value.problems
    assert problem.label == "当事人第1行·姓名"
    assert WHERE_IT_GOES in problem.message
    assert ID_NUMBER not in str(refused.value) and "15509542033" not in str(refused.value)
    assert store.count("mediation_case") == 0


@pytest.mark.parametrize(("field", "label"), [("guardian", "法定代理人"), ("agent", "委托代理人")])
def test_a_number_in_the_guardian_or_agent_is_refused(store, valid_record, field, label):
    with pytest.raises(ValidationError) as refused:
        store.save("mediation_case", _case(valid_record, name="马小军", **{field: "马文 15509542033"}), "马丽")
    [problem] = refused.value.problems
    assert problem.label == f"当事人第1行·{label}" and WHERE_IT_GOES in problem.message


def test_a_name_stored_so_before_is_a_warning_without_the_number(store, valid_record):
    """The county's check of a bundle (and a record an older version stored) does not refuse it: it warns, in words
    that do not show the number either."""
    checked = clean_record(store.ledger("mediation_case"), _case(valid_record, name=PASTED), store.lookups(
        store.ledger("mediation_case")))
    assert not checked.problems
    [warning] = checked.warnings
    assert warning.label == "当事人第1行·姓名" and WHERE_IT_GOES in warning.message
    assert ID_NUMBER not in warning.message


def test_names_with_dates_or_short_digits_still_save(store, valid_record):
    saved = store.save("mediation_case", _case(valid_record, name="马文", guardian="马海（2026年5月起）"), "马丽")
    assert saved["parties"][0]["guardian"] == "马海（2026年5月起）"
