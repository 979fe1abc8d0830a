"""逾期 where a clerk or 所长 looks (session 22): the records a deadline of has passed with nothing concluded, by the
program's clock, found by the forms' `overdue` checks alone (core/overdue.py) for the ledger list's mark and filter
(`ListQuery.overdue`) and the 指标 page's count. A concluded, a rectified or a not yet due matter is not late."""

from __future__ import annotations

from datetime import datetime, timedelta

from fazhi_desktop.core import overdue
from fazhi_desktop.core.store import ListQuery

ACTOR = "马文军"
LATE = "办理期限已过（2026-05-20），尚未办结：请填写办结情况或督办"


def numbers(store, ledger: str, **query) -> list[str]:
    return [r.number for r in store.list(ListQuery(ledger, sort="number", descending=False, **query))]


def complaints(store, valid_record) -> list:
    """Late (due 05-20, nothing concluded), concluded late, due today, no deadline: the clock says 2026-06-01."""
    return [store.save("complaint", valid_record("complaint", **values), ACTOR) for values in (
        {"due_on": "2026-05-20"},
        {"due_on": "2026-05-20", "closed_on": "2026-05-28", "handling_result": "属实", "closed_in_time": False},
        {"due_on": "2026-06-01"},
        {})]


def test_a_passed_deadline_without_a_conclusion_is_said_as_the_editor_says_it(store, valid_record):
    late, concluded, due_today, undated = complaints(store, valid_record)
    ledger, lookups = store.ledger("complaint"), store.lookups()
    assert overdue.said(ledger, late.values, lookups) == [LATE]
    assert LATE in [w.message for w in late.warnings]  # the editor's own warning, word for word
    assert [overdue.said(ledger, r.values, lookups) for r in (concluded, due_today, undated)] == [[], [], []]
    assert overdue.said(store.ledger("meeting"), late.values, lookups) == []  # a form without deadlines


def test_the_list_filters_to_the_late_records_by_the_programs_clock(store, valid_record, clock):
    late, _, due_today, _ = complaints(store, valid_record)
    assert numbers(store, "complaint", overdue=True) == [late.number]
    assert numbers(store, "complaint", overdue=True, text="出示执法证") == [late.number]  # with a search
    assert numbers(store, "complaint", overdue=True, status="submitted") == []
    clock.set(clock.now + timedelta(days=1))  # no write: the next day's list, not a cached one
    assert numbers(store, "complaint", overdue=True) == [late.number, due_today.number]
    assert overdue.counts(store) == {"complaint": 2}


def test_a_check_rectified_is_not_late_and_one_still_rectifying_is(store, valid_record, clock):
    clock.set(datetime(2026, 7, 1, 8, 0, tzinfo=clock.now.tzinfo))
    pending = store.save("enforcement_check", valid_record(
        "enforcement_check", rectify_by="2026-06-10", recheck_result="整改中"), ACTOR)
    store.save("enforcement_check", valid_record(  # 已整改 without its date: asked elsewhere, not late
        "enforcement_check", rectify_by="2026-06-10", recheck_result="已整改"), ACTOR)
    assert numbers(store, "enforcement_check", overdue=True) == [pending.number]
    assert overdue.counts(store) == {"enforcement_check": 1}
    assert overdue.deadlines_said(store.ledger("enforcement_check")) == "整改期限已过、复查结果不是“已整改”"
    assert overdue.deadlines_said(store.ledger("complaint")) == "办理期限已过、未填办结日期"


def test_a_deleted_record_is_not_counted(store, valid_record):
    late = complaints(store, valid_record)[0]
    store.delete(late.id, ACTOR)
    assert numbers(store, "complaint", overdue=True) == [] and overdue.counts(store) == {}
