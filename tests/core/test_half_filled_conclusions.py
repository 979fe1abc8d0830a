"""A complaint's or a check's conclusion entered by half is said, with what follows from it (the enforcement
supervisor's year, session 21): 办理结果 without 办结日期 counts 未办结 in T30b and stays open at the closing;
是否按期办结 left blank beside both dates prints an empty column; a 复查日期 without 复查结果, 已整改 without 复查日期,
整改中 without 整改期限 (locked at the closing, its recheck then cannot be entered). A withdrawn complaint can
be recorded (办理结果 撤回（终止办理）, form version 2) and counts as 办结. A deadline passed with nothing concluded
is said (`overdue`, by the program's clock). All advisory: saved as typed."""

from __future__ import annotations

from datetime import date

import pytest
from test_forms import break_form, refusal

from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.validate import Lookups, clean_record

TODAY = date(2026, 6, 1)


def said(ledger, data, today: date = TODAY) -> dict[str, tuple[str, bool]]:
    """path -> (message, advisory) of every warning; the record must be accepted."""
    result = clean_record(ledger, data, Lookups(today=lambda: today))
    assert result.problems == [], [str(p) for p in result.problems]
    return {w.path: (w.message, w.advisory) for w in result.warnings}


def test_a_complaint_concluded_but_for_its_date_is_told_it_counts_as_not_concluded(ledgers, valid_record):
    data = valid_record("complaint", due_on="2026-06-20", handling_result="属实", closed_in_time=True,
                        reply="2月18日电话答复")
    assert said(ledgers["complaint"], data) == {"closed_on": (
        "已填写办理结果，但未填写办结日期：未填办结日期的投诉按未办结计入投诉举报办结率，年度封账时也按办理中不锁定",
        True)}
    assert said(ledgers["complaint"], {**data, "closed_on": "2026-03-10"}) == {}


@pytest.mark.parametrize(("closed_on", "should"), [("2026-03-25", "晚于办理期限，应为“否”"),
                                                    ("2026-03-15", "不晚于办理期限，应为“是”")])
def test_closed_in_time_left_blank_beside_both_dates_is_asked_for(ledgers, valid_record, closed_on, should):
    data = valid_record("complaint", due_on="2026-03-15", closed_on=closed_on, handling_result="不属实")
    assert said(ledgers["complaint"], data) == {
        "closed_in_time": (f"是否按期办结未填写，请补充：办结日期{should}", True)}
    assert "closed_in_time" not in said(ledgers["complaint"], {**data, "due_on": None})  # nothing to answer by


@pytest.mark.parametrize(("values", "path", "message"), [
    ({"rechecked_on": "2026-04-01"}, "recheck_result",
     "已填写复查日期，但未填写复查结果：复查结果为“已整改”才算整改完毕，未填的台账此栏空白"),
    ({"recheck_result": "已整改"}, "rechecked_on",
     "复查结果为“已整改”，但未填写复查日期：请补填整改完毕后复查之日（该年封账后就不能再补填）"),
    ({"recheck_result": "整改中", "rechecked_on": "2026-04-01"}, "rectify_by",
     "复查结果为“整改中”，但未填写整改期限：没有整改期限的检查在年度封账时随该年锁定，之后不能再登记复查"),
    ({"recheck_result": "未整改", "rechecked_on": "2026-04-01"}, "rectify_by",
     "复查结果为“未整改”，但未填写整改期限：没有整改期限的检查在年度封账时随该年锁定，之后不能再登记复查"),
])
def test_a_recheck_entered_by_half_says_what_follows(ledgers, valid_record, values, path, message):
    assert said(ledgers["enforcement_check"], valid_record("enforcement_check", **values)) == {path: (message, True)}


def test_a_whole_recheck_is_quiet(ledgers, valid_record):
    data = valid_record("enforcement_check", rectify_by="2026-04-01", rechecked_on="2026-04-02",
                        recheck_result="已整改")
    assert said(ledgers["enforcement_check"], data) == {}


def test_a_complaint_past_its_deadline_and_not_concluded_is_said_late_by_the_programs_clock(ledgers,
                                                                                            valid_record):
    data = valid_record("complaint", accepted_on="2025-10-09", due_on="2025-10-24")
    late = ("办理期限已过（2025-10-24），尚未办结：请填写办结情况或督办", True)
    assert said(ledgers["complaint"], data, date(2026, 11, 28)) == {"closed_on": late}
    assert said(ledgers["complaint"], data, date(2025, 10, 24)) == {}  # its last day: not yet late
    assert said(ledgers["complaint"], {**data, "closed_on": "2025-11-02", "closed_in_time": False,
                                       "handling_result": "属实"}, date(2026, 11, 28)) == {}


def test_a_check_past_its_rectification_deadline_and_not_rechecked_is_said_late(ledgers, valid_record):
    data = valid_record("enforcement_check", checked_on="2026-02-01", problems_found="未公示", rectify_by="2026-03-01")
    assert said(ledgers["enforcement_check"], data) == {"rechecked_on": (
        "整改期限已过（2026-03-01），尚未复查：请复查并填写复查日期、复查结果，或督促整改", True)}
    assert said(ledgers["enforcement_check"], {**data, "recheck_result": "已整改"}) == {
        "rechecked_on": ("复查结果为“已整改”，但未填写复查日期：请补填整改完毕后复查之日（该年封账后就不能再补填）",
                         True)}


def test_a_withdrawn_complaint_is_recorded_and_counts_as_concluded(store, valid_record):
    withdrawn = store.save("complaint", valid_record("complaint", due_on="2026-03-20", closed_on="2026-03-10",
                                                     closed_in_time=True, handling_result="撤回（终止办理）"), "杨芳")
    assert withdrawn.values["handling_result"] == "撤回（终止办理）" and withdrawn.warnings == ()
    store.save("complaint", valid_record("complaint", matter="另一件", due_on="2026-12-20"), "杨芳")
    found = compute(store, load_catalog_for(store), 2026, today=date(2026, 6, 1))
    t30b = next(f for f in found.for_township(store.township) if f.indicator.code == "T30b")
    assert (t30b.numerator, t30b.denominator) == (1, 2)


def test_the_new_choice_comes_with_a_new_form_version(ledgers):
    """An older county re-checking a bundle would refuse 撤回（终止办理） as not one of its choices: the bundle must
    name the newer form, so that it is refused untouched with 请升级 instead."""
    handling = ledgers["complaint"].field("handling_result")
    assert ledgers["complaint"].version == 4 and handling.choices_since == (
        ("撤回（终止办理）", 2), ("转办（转送有权机关）", 3), ("不予受理（告知投诉人）", 3))


@pytest.mark.parametrize(("old", "new", "reason"), [
    ('"撤回（终止办理）", "转办', '"转办', "choices_since 须写成"),  # a choice the field does not offer
    ('"撤回（终止办理）" = 2,', '"撤回（终止办理）" = 1,', "须大于字段的 since"),
    ('"撤回（终止办理）" = 2,', "", "version = 4，但没有字段写 since = 2"),
    ('says = "尚未办结：请填写办结情况或督办"', 'says = "{day}"', "overdue 核对需要 says"),
    ('says = "未填办结日期的投诉按未办结计入投诉举报办结率，年度封账时也按办理中不锁定"', "says = 3",
     "filled 核对的 says"),
])
def test_a_malformed_choices_since_or_says_is_refused(tmp_path, old, new, reason):
    assert reason in str(refusal(break_form(tmp_path, "complaint.toml", old, new)))
