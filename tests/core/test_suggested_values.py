"""A text field's usual values (`suggestions`, forms/mediation_case.toml's 民族): another value is saved with a
warning that names what was probably meant, and a form that puts them where they cannot work is refused."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from test_forms import break_form, refusal

from fazhi_desktop.core.validate import Lookups, clean_record

ETHNICITY = "parties[1].ethnicity"


def party_warnings(ledgers, valid_record, ethnicity: str) -> list[str]:
    data = valid_record("mediation_case")
    data["parties"][0]["ethnicity"] = ethnicity
    cleaned = clean_record(ledgers["mediation_case"], data, Lookups(today=lambda: date(2026, 6, 1)))
    assert not cleaned.problems  # a warning, never a refusal: a rare value is still a value
    assert cleaned.values["parties"][0]["ethnicity"] == ethnicity
    return [w.message for w in cleaned.warnings if w.path == ETHNICITY]


@pytest.mark.parametrize(("typed", "meant"), [("回", "回族"), ("回民", "回族"), ("维吾尔", "维吾尔族"), ("汉", "汉族")])
def test_a_short_or_spoken_name_is_saved_with_the_standard_one_offered(ledgers, valid_record, typed, meant):
    assert party_warnings(ledgers, valid_record, typed) == [f"“{typed}”不是民族的规范写法，是否应为“{meant}”"]


def test_the_56_names_pass_and_an_unknown_one_is_asked_about(ledgers, valid_record):
    field = next(f for f in ledgers["mediation_case"].field("parties").fields if f.name == "ethnicity")
    assert len(field.suggestions) == 56 and {"回族", "汉族", "东乡族", "保安族", "撒拉族"} <= set(field.suggestions)
    assert party_warnings(ledgers, valid_record, "回族") == []
    assert party_warnings(ledgers, valid_record, "土") == ["“土”不是常见的民族写法，请核对"]  # 土族 or 土家族
    assert party_warnings(ledgers, valid_record, "穿青人") == ["“穿青人”不是常见的民族写法，请核对"]


@pytest.mark.parametrize(("old", "new", "reason"), [
    ('name = "case_name"', 'name = "case_name"\nsuggestions = ["回族", "回族"]', "suggestions 中有重复的写法"),
    ('name = "gender"', 'name = "gender"\nsuggestions = ["男"]',
     "只有（不敏感、无 pattern 的）文字字段可以有 suggestions"),
    ('name = "case_name"', 'name = "case_name"\nsuggestions = "回族"', "suggestions 必须是文字的列表"),
])
def test_suggestions_where_they_cannot_work_are_refused_naming_the_field(tmp_path, old, new, reason):
    error = refusal(break_form(tmp_path, "mediation_case.toml", old, new))
    assert reason in error.reason
