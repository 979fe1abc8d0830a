"""What a people's mediator's year showed of a case's conclusion (review of session 21): a closed case without its
调解结果, a 履行情况 left 正在履行 long past its 履行期限 or against what the last 回访 found, an oral agreement
marked for 司法确认. Each is said when saved (advisory: never refused), and M5 / M8 count what can be true."""

from __future__ import annotations

from datetime import date

from indicator_data import ACTOR, TOWN

from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.validate import Lookups, clean_record

DECEMBER = date(2026, 12, 10)
AGREED = {"mediated_on": "2026-03-20", "result": "调解成功", "agreement_form": "书面"}
STALE = "履行期限已过，履行情况仍为“正在履行”，请核对"


def said(ledgers, valid_record, today=DECEMBER, **values) -> dict[str, str]:
    """path -> message of each warning of a mediation case with `values`, saved on `today`; none refused."""
    result = clean_record(ledgers["mediation_case"], valid_record("mediation_case", **values),
                          Lookups(today=lambda: today))
    assert result.problems == [], [str(p) for p in result.problems]
    advisory = ("result", "performance_deadline", "performance_status")  # true a while, or stale by the clock
    assert all(w.advisory == (w.path in advisory) for w in result.warnings)
    return {w.path: w.message for w in result.warnings}


def test_a_case_closed_without_its_result_is_asked_for_it(ledgers, valid_record):
    assert said(ledgers, valid_record, mediated_on="2026-03-20", closed_on="2026-03-25") == {
        "result": "调解结果未填写，请补充"}
    assert "result" not in said(ledgers, valid_record, mediated_on="2026-03-20")  # still being mediated
    assert "result" not in said(ledgers, valid_record, closed_on="2026-03-25", **AGREED)
    # a 行政裁决 is decided, not mediated: the form offers it no 调解结果 (applies_when), so none is asked for
    assert "result" not in said(ledgers, valid_record, case_category="行政裁决", adjudication_matter="土地权属",
                                closed_on="2026-03-25")


def test_an_agreement_still_being_performed_past_its_deadline_is_questioned(ledgers, valid_record):
    late = {**AGREED, "performance_deadline": "2026-04-30", "performance_status": "正在履行"}
    assert said(ledgers, valid_record, **late)["performance_deadline"] == STALE
    assert "performance_deadline" not in said(ledgers, valid_record, today=date(2026, 4, 30), **late)  # its last day
    assert "performance_deadline" not in said(ledgers, valid_record, **{**late, "performance_status": "已履行"})


def test_a_case_whose_last_follow_up_found_otherwise_is_questioned(ledgers, valid_record):
    visits = [{"visited_on": "2026-05-10", "performance_status": "已履行"},
              {"visited_on": "2026-04-10", "performance_status": "正在履行"},  # entered later, visited earlier
              {"visited_on": "2026-06-01", "satisfaction": "满意"}]  # found nothing of the performance
    case = {**AGREED, "performance_status": "正在履行", "follow_ups": visits}
    assert said(ledgers, valid_record, **case)["performance_status"] == \
        "履行情况为“正在履行”，而最近一次回访（2026-05-10）的履行情况为“已履行”，请核对"
    assert "performance_status" not in said(ledgers, valid_record, **{**case, "performance_status": "已履行"})


def test_an_oral_agreement_marked_for_judicial_confirmation_is_questioned(ledgers, valid_record):
    oral = {**AGREED, "agreement_form": "口头", "judicial_confirmation": "已申请",
            "confirmation_applied_on": "2026-03-25"}
    assert said(ledgers, valid_record, **oral)["judicial_confirmation"] == \
        "口头协议没有协议书，不能申请司法确认，请核对"
    assert "judicial_confirmation" not in said(ledgers, valid_record, **{**oral, "agreement_form": "书面"})


def test_m5_counts_an_overdue_agreement_as_not_performed_and_m8_no_oral_one(store, valid_record):
    def case(**values):
        store.save("mediation_case", valid_record("mediation_case", **{**AGREED, **values}), ACTOR)

    case(performance_status="已履行")
    case(performance_status="正在履行", performance_deadline="2026-04-30")  # overdue by December
    case(performance_status="正在履行", performance_deadline="2026-12-31")  # not yet due: left out
    case(performance_status="正在履行")  # no deadline: left out
    case(agreement_form="口头", judicial_confirmation="已申请", confirmation_applied_on="2026-03-25")
    case(judicial_confirmation="已申请", confirmation_applied_on="2026-03-25")
    results = compute(store, load_catalog_for(store), 2026, today=DECEMBER)
    m5 = results.figure("M5", TOWN)
    assert (m5.numerator, m5.denominator) == (1, 2)
    assert "履行期限已过仍为“正在履行”的，计入分母" in m5.indicator.note
    april = compute(store, load_catalog_for(store), 2026, today=date(2026, 4, 30)).figure("M5", TOWN)
    assert (april.numerator, april.denominator) == (1, 1)  # as of its last day the deadline has not passed
    assert results.figure("M8", TOWN).numerator == 1
