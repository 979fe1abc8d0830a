# ruff: noqa: F811  (a pytest fixture imported from test_year_close_open_matters.py)
"""2025 closed with an open 行政裁决 whose 权利义务告知 was given on 20 December (T35 1 / 1 达标). The 告知 may be
entered after the closing (a `conclusion` field, for a case told in January), but it could as well be withdrawn or
re-dated:
the closed year's scored T35 fell to 0 / 1 with no reopening and nothing told the county. The form's `fill_only`
fields may be filled once the year is closed (empty or 否 before), not cleared or changed."""

import pytest
from test_forms import assert_names, break_form, refusal
from test_year_close_open_matters import closed_2025  # noqa: F401  (fixture)

from fazhi_desktop.core.errors import ValidationError
from fazhi_desktop.core.indicators import compute, load_catalog_for

ACTOR = "杨芳"
STANDS = "2025年已封账，此项已填写并计入2025年的指标，只能补填，不能撤销或更改"


def t35(store):
    figure = compute(store, load_catalog_for(store), 2025).figure("T35", store.township)
    return figure.numerator, figure.denominator


@pytest.mark.parametrize(("change", "at"), [({"rights_notified": False}, "是否告知权利义务"),
                                            ({"rights_notified_on": "2025-12-22"}, "告知日期")])
def test_a_given_notice_of_a_closed_year_can_be_neither_withdrawn_nor_redated(store, closed_2025, change, at):
    before = t35(store)
    case = closed_2025["adjudication"]
    with pytest.raises(ValidationError) as refused:
        store.save("mediation_case", change, ACTOR, record_id=case.id)
    assert f"{at}：{STANDS}" in str(refused.value) and "重新打开2025年" in str(refused.value)
    assert t35(store) == before and store.get(case.id).values["rights_notified_on"] == "2025-12-20"


def test_a_notice_not_given_before_the_closing_can_still_be_entered(store, closed_2025):
    case = closed_2025["mediation"]
    saved = store.save("mediation_case", {"rights_notified": True, "rights_notified_on": "2026-01-04"}, ACTOR,
                       record_id=case.id)
    assert saved.values["rights_notified"] is True


def test_fill_only_fields_are_conclusion_fields(tmp_path):
    error = refusal(break_form(tmp_path, "mediation_case.toml", 'fill_only = ["rights_notified"',
                               'fill_only = ["parties"'))
    assert_names(error, "mediation_case.toml", None)
    assert "fill_only 中的“parties”不在 conclusion 中" in str(error)


@pytest.mark.parametrize(("written", "said"), [
    ("parties.nickname", "fill_only 中的“parties.nickname”不是本台账重复组的子字段（写作 重复组.子字段）"),
    ("case_name.guardian", "fill_only 中的“case_name.guardian”不是本台账重复组的子字段"),
    ("follow_ups.satisfaction", "fill_only 中的“follow_ups.satisfaction”：重复组“follow_ups”在 conclusion 中"),
])
def test_a_group_sub_field_in_fill_only_is_a_sub_field_of_a_held_group(tmp_path, written, said):
    error = refusal(break_form(tmp_path, "mediation_case.toml", 'fill_only = ["rights_notified"',
                               f'fill_only = ["{written}"'))
    assert said in str(error)
