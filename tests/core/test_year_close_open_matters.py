"""A matter its year's closing left open (a complaint or a mediation case without its 办结日期 / 结案日期) may then be
concluded, and only that: its conclusion fields, dated after the closed year. The closed year's T30b stays as it was
through every such edit (it counts a conclusion in the year it is concluded); the figures that count a case in the
year it was accepted take its handling when it comes (T35 a 告知 given after the closing, T4 and M2–M8 a result)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import review_steps

from fazhi_desktop.core import accounts, review, year_close
from fazhi_desktop.core.attachments import add_attachment
from fazhi_desktop.core.demo import fill_demo
from fazhi_desktop.core.errors import Conflict, ValidationError
from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.store import ListQuery

ACTOR = "杨芳"
STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)
MARCH = date(2026, 3, 1)
PARTY = [{"role": "申请人", "party_type": "自然人", "name": "马某"}]


def snapshot(store, year: int, reported: bool = False) -> dict[str, Any]:
    """Every scored figure of `year` as the county scores it: its numbers, its status, its breakdown and its records
    (with `reported`, those only reported too: the mediation statistics and T4, which count cases by 受理日期)."""
    results = compute(store, load_catalog_for(store), year, today=MARCH, ids=True)
    return {f.indicator.code: (f.numerator, f.denominator, f.status, f.breakdown, f.ids, f.denominator_ids)
            for f in results.for_township(store.township) if reported or f.status != "仅报告"}


@pytest.fixture
def closed_2025(store, staff, clock, valid_record):
    """2025's records, three matters still open on 31 December among them (a complaint, a 人民调解 case and a
    行政裁决 case, all accepted on 20 December), all submitted; 2025 closed on 1 March 2026 by the 所长, logged in."""
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    clock.set(datetime(2025, 12, 28, 2, 0, tzinfo=UTC))
    fill_demo(store, 2025, per_ledger=6, seed=7)
    dec = "2025-12-20"
    open_ = {
        "complaint": store.save("complaint", valid_record("complaint", accepted_on=dec, due_on="2026-01-20"), ACTOR),
        "mediation": store.save("mediation_case", valid_record("mediation_case", accepted_on=dec), ACTOR),
        "adjudication": store.save("mediation_case", valid_record(
            "mediation_case", accepted_on=dec, case_category="行政裁决", case_name="马某与李某土地权属争议",
            adjudication_matter="土地权属", rights_notified=True, rights_notified_on=dec), ACTOR),
    }
    for record in year_close.open_records(store, 2025):
        if record.status == "draft":
            review_steps.submit(store, record.id)
    clock.set(datetime(2026, 3, 1, 2, 0, tzinfo=UTC))
    year_close.close_year(store, 2025)
    return open_


def test_every_conclusion_of_an_open_matter_leaves_the_closed_years_figures_as_they_were(store, closed_2025,
                                                                                         tmp_path):
    check = store.list(ListQuery("enforcement_check", year=2025))[0]
    scan = tmp_path / "答复意见.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    steps = [
        ("complaint", {"attachments": [add_attachment(store, scan)]}),  # no figure reads it: before the conclusion
        ("complaint", {"remarks": "1月5日电话督办承办人"}),  # nor the 备注 (session 24: it was refused)
        ("complaint", {"related_check": check.id, "closed_on": "2026-01-18"}),
        ("complaint", {"handling_result": "属实", "reply": "已电话答复投诉人，投诉人无异议"}),
        ("complaint", {"closed_on": "2026-01-22"}),  # 是否按期办结, filled 是 with the 办结日期, follows: 否
        ("mediation", {"mediators": ["马丽"], "investigation_record": "走访双方邻居", "closed_on": "2026-02-25"}),
        ("mediation", {"mediated_on": "2026-01-10", "mediation_record": "双方同意各退一步"}),
        ("mediation", {"result": "调解成功", "agreement_form": "书面", "party_responsibilities": "李某拆除围墙",
                       "agreement_content": "李某于1月20日前拆除越界围墙", "performance_method": "自行履行",
                       "performance_deadline": "2026-01-20", "performance_status": "已履行",
                       "judicial_confirmation": "已申请", "confirmation_applied_on": "2026-01-15"}),
        ("mediation", {"follow_ups": [{"visited_on": "2026-02-01", "performance_status": "已履行",
                                       "satisfaction": "满意"}], "retention_period": "永久"}),
        ("mediation", {"closed_on": "2026-02-26"}),
        ("mediation", {"result": "调解不成功(终止)", "termination_reason": "被申请人反悔"}),  # a conclusion corrected
        ("adjudication", {"adjudication_result": "争议土地归马某使用", "served_on": "2026-01-20",
                          "review_or_litigation": "当事人未申请复议，未提起诉讼", "closed_on": "2026-01-25"}),
    ]
    before = snapshot(store, 2025)
    reported = snapshot(store, 2025, reported=True)
    assert (before["T30b"][:2], reported["M1"][0], reported["M2"][:2]) == ((5, 7), 5, (4, 4))  # open: in M1 only
    for name, data in steps:
        held = store.get(closed_2025[name].id)
        assert store.save(held.ledger, data, ACTOR, record_id=held.id).revision == held.revision + 1, data
        assert snapshot(store, 2025) == before, data
    for record in closed_2025.values():  # reviewed and locked: frozen with its year from then on
        review_steps.review(store, record.id)
        review_steps.lock(store, record.id)
    assert snapshot(store, 2025) == before
    # the mediation statistics count a case by 受理日期 and take its result when it comes: reported, not scored (a
    # result dated after the year hidden from it would drop a December case concluded in January from every year)
    assert snapshot(store, 2025, reported=True)["M2"][:2] == (4, 5)
    after = snapshot(store, 2026)  # T30b counts a conclusion in the year it is concluded (of 2: a demo one is open)
    assert after["T30b"][:2] == (1, 2) and closed_2025["complaint"].id in after["T30b"][4]


def test_only_the_conclusion_of_an_open_matter_can_change_and_each_refusal_says_why(store, closed_2025):
    complaint, case = closed_2025["complaint"], closed_2025["mediation"]
    with pytest.raises(ValidationError) as refused:
        store.save("complaint", {"respondent": "乡政府", "accepted_on": "2025-12-21", "matter": "另一件事",
                                 "handling_result": "属实", "closed_on": "2026-01-18"}, ACTOR, record_id=complaint.id)
    said = ("2025年已封账，办理中的记录只能填写办理和办结情况；"
            "修改此项须由所长或管理员先重新打开2025年（编辑 → 年度封账…）")
    assert [(p.label, p.message) for p in refused.value.problems] == [
        ("受理日期", said), ("被投诉对象", said), ("投诉事项", said)]
    with pytest.raises(ValidationError) as renumbered:  # 案件类别 gave it a new number in the closed year's series
        store.save("mediation_case", {"case_category": "行政调解"}, ACTOR, record_id=case.id)
    assert [p.path for p in renumbered.value.problems] == ["case_category"]
    assert store.get(case.id).number == case.number and store.get(case.id).revision == case.revision + 1


@pytest.mark.parametrize("closed_on", ["2025-12-20", "2025-12-31"])
def test_a_conclusion_dated_in_the_closed_year_is_refused_saying_to_reopen_the_year(store, closed_2025, closed_on):
    """Concluded in 2025, it would turn 2025's 投诉举报办结率 from 5 / 7 to 6 / 7 after the county scored it."""
    complaint = closed_2025["complaint"]
    with pytest.raises(ValidationError) as refused:
        store.save("complaint", {"closed_on": closed_on}, ACTOR, record_id=complaint.id)
    assert [(p.path, p.message) for p in refused.value.problems] == [(
        "closed_on", "2025年已封账，办结计入办结的年度：须为2026-01-01或以后；"
                     "在2025年内办结的，须由所长或管理员先重新打开2025年（编辑 → 年度封账…）")]
    assert snapshot(store, 2025)["T30b"][:2] == (5, 7)
    year_close.reopen_year(store, 2025, "投诉实际于12月办结")
    assert store.save("complaint", {"closed_on": closed_on}, ACTOR, record_id=complaint.id).values["closed_on"] \
        == closed_on


def test_once_concluded_it_cannot_be_taken_back_into_or_deleted_from_the_closed_year(store, closed_2025):
    case = closed_2025["mediation"]
    concluded = store.save("mediation_case", {"closed_on": "2026-02-25"}, ACTOR, record_id=case.id)
    # concluded, no longer said to be 办理中; what it still allows said as before (`check_write`)
    assert review.open_matter(store, concluded) == (
        "本记录已于2026-02-25办结（2025年已封账）：只能修改办理和办结情况（结案日期等），其他内容（标签为灰色）只读；"
        "须由所长或管理员先重新打开2025年（编辑 → 年度封账…）才能修改")
    with pytest.raises(ValidationError) as refused:  # its other fields: still the year's, said as the banner does
        store.save("mediation_case", {"accepted_on": "2025-12-21"}, ACTOR, record_id=case.id)
    assert [(p.path, p.message) for p in refused.value.problems] == [(
        "accepted_on", "本记录已于2026-02-25办结（2025年已封账）：只能修改办理和办结情况；"
                       "修改此项须由所长或管理员先重新打开2025年（编辑 → 年度封账…）")]
    with pytest.raises(ValidationError, match="须为2026-01-01或以后"):
        store.save("mediation_case", {"closed_on": "2025-12-30"}, ACTOR, record_id=case.id)
    with pytest.raises(Conflict, match="2025年已封账"):
        store.delete(case.id, ACTOR)
    reopened = store.save("mediation_case", {"closed_on": None}, ACTOR, record_id=case.id)  # still being handled
    assert reopened.values.get("closed_on") is None
    assert review.open_matter(store, reopened).startswith(
        "2025年已封账，本记录办理中：只能填写办理和办结情况（结案日期等）")


def test_a_matter_open_from_an_earlier_open_year_is_held_by_the_closed_year_it_is_carried_into(store, closed_2025,
                                                                                              valid_record):
    """2024 is open, 2025 closed: a complaint of 2024 still being handled is in 2025's 投诉举报办结率 (carried over),
    so it is held to its conclusion as if of 2025; one added now would join 2025's figures."""
    with pytest.raises(ValidationError) as added:
        store.save("complaint", valid_record("complaint", accepted_on="2024-11-02"), ACTOR)
    assert [(p.path, p.message[:8]) for p in added.value.problems] == [("closed_on", "2025年已封账")]
    concluded = store.save("complaint", valid_record("complaint", accepted_on="2024-11-02", closed_on="2024-11-20"),
                           ACTOR)
    with pytest.raises(ValidationError) as reopened:  # back to 办理中: carried into 2025 after the county scored it
        store.save("complaint", {"closed_on": None}, ACTOR, record_id=concluded.id)
    assert [p.path for p in reopened.value.problems] == ["closed_on"]
    with pytest.raises(ValidationError, match="2025年已封账"):  # concluded in 2025: into 2025's figures
        store.save("complaint", {"closed_on": "2025-02-01"}, ACTOR, record_id=concluded.id)
    assert store.save("complaint", {"matter": "改正事项"}, ACTOR, record_id=concluded.id).revision == 2


def test_a_result_counts_in_the_year_the_case_was_accepted_however_it_is_dated(store, valid_record, clock):
    """A case accepted on 20 December and concluded on 5 January, and one whose clerk left the optional 结案日期
    empty, are both in that year's 调解成功率: hiding a result dated after the year (to keep closed years still)
    dropped the first from every year's M2, and an undated one too, without a word."""
    clock.set(datetime(2026, 2, 1, 2, 0, tzinfo=UTC))
    store.save("mediation_case", valid_record("mediation_case", result="调解成功", agreement_form="口头",
                                              accepted_on="2025-12-20", mediated_on="2026-01-05",
                                              closed_on="2026-01-05"), ACTOR)
    store.save("mediation_case", valid_record("mediation_case", case_name="马某与海某借款纠纷", result="调解成功",
                                              agreement_form="口头", accepted_on="2025-12-22",
                                              mediated_on="2025-12-23"), ACTOR)
    assert snapshot(store, 2025, reported=True)["M2"][:2] == (2, 2)


def test_a_matter_still_open_in_a_closed_year_is_not_locked_until_concluded(store, closed_2025):
    """批量锁定 in January locked the open case too: frozen with 2025, it could then take neither its conclusion nor
    a reopening until the whole year was reopened."""
    case = store.get(closed_2025["mediation"].id)
    review_steps.review(store, case.id)
    said = "2025年已封账，本记录办理中：填写结案日期办结后才能锁定（锁定后就不能再填写办结情况）"
    assert review.blocked(store, store.get(case.id), "lock") == said
    with pytest.raises(Conflict, match="办结后才能锁定"):
        review_steps.lock(store, case.id)
    store.save("mediation_case", {"closed_on": "2026-01-05"}, ACTOR, record_id=case.id)
    assert review.blocked(store, store.get(case.id), "lock") is None


def test_the_rights_notice_of_an_adjudication_still_open_is_entered_after_the_closing_and_counts_in_its_year(
        store, staff, clock, valid_record):
    """A 行政裁决 accepted on 28 December, its 权利义务告知 given on 4 January after 2026 was closed: the 告知 was
    refused as a change to the closed year (only the 所长 reopening 2026 let it in), though it is handling the case,
    and T35 of 2026 counts it."""
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    clock.set(datetime(2026, 12, 28, 2, 0, tzinfo=UTC))
    case = store.save("mediation_case", valid_record(
        "mediation_case", accepted_on="2026-12-28", case_category="行政裁决", case_name="马某与李某土地权属争议",
        adjudication_matter="土地权属"), ACTOR)
    review_steps.submit(store, case.id)
    clock.set(datetime(2027, 1, 2, 2, 0, tzinfo=UTC))
    year_close.close_year(store, 2026)

    def t35() -> tuple[Any, ...]:
        fig = compute(store, load_catalog_for(store), 2026, today=date(2027, 3, 1)).figure("T35", store.township)
        return fig.numerator, fig.denominator, fig.status

    assert t35() == (0, 1, "未达标")
    clock.set(datetime(2027, 1, 4, 2, 0, tzinfo=UTC))
    told = store.save("mediation_case", {"rights_notified": True, "rights_notified_on": "2027-01-04"}, ACTOR,
                      record_id=case.id)
    assert (told.values["rights_notified"], told.values["rights_notified_on"]) == (True, "2027-01-04")
    assert year_close.is_closed(store.conn, 2026) and t35() == (1, 1, "达标")
    # what it was accepted on is still the closed year's
    with pytest.raises(ValidationError) as refused:
        store.save("mediation_case", {"adjudication_matter": "草原权属"}, ACTOR, record_id=case.id)
    assert [p.path for p in refused.value.problems] == ["adjudication_matter"]
