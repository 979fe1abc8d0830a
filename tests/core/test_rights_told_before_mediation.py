"""A 人民调解 case mediated with 是否告知权利义务 still 否, the form's default rather than an answer (review of session
23), drew no reminder, and its printed record said 否. Once a 调解日期 is filled, 否 is now questioned at the field
(《人民调解工作若干规定》: the parties are told their rights and duties before mediating), a doubt, not a refusal:
an `excluded` check, which now takes a 是/否 field too."""

from __future__ import annotations

from datetime import date

import pytest
from test_checks import D, with_check
from test_forms import assert_names, refusal

from fazhi_desktop.core.validate import Lookups, clean_record

TOLD = "调解前应告知当事人权利义务，请核对是否已告知"


def said(ledgers, valid_record, **values) -> dict[str, tuple[str, bool]]:
    result = clean_record(ledgers["mediation_case"], valid_record("mediation_case", **values),
                          Lookups(today=lambda: date(2026, 12, 1)))
    assert result.problems == [], [str(p) for p in result.problems]
    return {w.path: (w.message, w.advisory) for w in result.warnings}


def test_a_case_mediated_without_telling_the_parties_is_questioned(ledgers, valid_record):
    assert said(ledgers, valid_record, mediated_on="2026-10-15", rights_notified=False)["rights_notified"] == \
        (TOLD, False)  # a doubt: asked about before 保存并新建, 提交 and printing



def test_the_default_left_as_it_was_is_questioned_at_the_save(store, valid_record):
    case = valid_record("mediation_case", mediated_on="2026-03-10")  # 是否告知权利义务 not given: the form's 否
    assert [(w.path, w.message) for w in store.save("mediation_case", case, "管理员").warnings] == \
        [("rights_notified", TOLD)]


def test_told_or_not_yet_mediated_says_nothing(ledgers, valid_record):
    told = said(ledgers, valid_record, mediated_on="2026-10-15", rights_notified=True,
                rights_notified_on="2026-10-09")
    assert "rights_notified" not in told
    assert "rights_notified" not in said(ledgers, valid_record, rights_notified=False)  # accepted, not mediated


@pytest.mark.parametrize(("values", "reason"), [
    ("[true, false]", "是/否字段只能排除一个值"),
    ('["否"]', "values 须是这些字段的可选值列表（是/否字段：[true] 或 [false]）"),
])
def test_an_excluded_check_on_a_yes_no_field_takes_one_of_true_and_false(tmp_path, values, reason):
    entry = (f'kind = "excluded"\nfields = ["rights_notified"]\nvalues = {values}\n'
             'applies_when = { field = "mediated_on", filled = true }')
    error = refusal(with_check(tmp_path, D, entry))
    assert reason in str(error)
    assert_names(error, D, "rights_notified")
