"""In a closed year, a warning at a field the closing holds (one she cannot edit: an open matter's fields other than
its conclusion, or every field of a record the year keeps) is said as information, not asked about: a check of
December rechecked in January was told 请核对 about its read-only 实际持证人数, which only a reopening could correct
(the enforcement supervisor's year, session 21). A warning at its conclusion still asks."""

from __future__ import annotations

from datetime import UTC, datetime

import review_steps

from fazhi_desktop.core import accounts, review, year_close
from fazhi_desktop.core.validate import clean_record

ACTOR = "杨芳"
STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)
HELD = "实际持证人数大于应持证执法人员数（2025年已封账，更正须重新打开该年）"


def closed_2025(store, clock, valid_record):
    """A December check with a count that contradicts itself and a rectification pending into January, and a
    concluded complaint closed late but answered 是; both submitted, 2025 closed on 8 January."""
    accounts.login(store, ACTOR, STAFF_PASSWORD)
    clock.set(datetime(2025, 12, 28, 2, 0, tzinfo=UTC))
    check = store.save("enforcement_check", valid_record(
        "enforcement_check", checked_on="2025-12-18", staff_requiring_certificate=2, staff_certified=3,
        rectify_by="2026-01-10", recheck_result="整改中"), ACTOR)
    complaint = store.save("complaint", valid_record(
        "complaint", accepted_on="2025-12-01", due_on="2025-12-10", closed_on="2025-12-20", handling_result="属实",
        closed_in_time=True), ACTOR)
    for record in (check, complaint):
        review_steps.submit(store, record.id)
    clock.set(datetime(2026, 1, 8, 2, 0, tzinfo=UTC))
    year_close.close_year(store, 2025)
    clock.set(datetime(2026, 1, 12, 2, 0, tzinfo=UTC))
    return check, complaint


def test_the_january_recheck_is_not_asked_about_the_closed_years_figures(store, staff, clock, valid_record):
    check, _ = closed_2025(store, clock, valid_record)
    done = store.save("enforcement_check", {"rechecked_on": "2026-01-12", "recheck_result": "已整改"}, ACTOR,
                      record_id=check.id)  # what `fazhi update` prints as 提示
    assert [(w.path, w.message, w.advisory) for w in done.warnings] == [("staff_certified", HELD, True)]


def test_a_warning_at_the_conclusion_still_asks(store, staff, clock, valid_record):
    check, _ = closed_2025(store, clock, valid_record)
    half = store.save("enforcement_check", {"rechecked_on": "2026-01-12", "recheck_result": None}, ACTOR,
                      record_id=check.id)
    assert {w.path: w.message for w in half.warnings} == {
        "staff_certified": HELD,
        "recheck_result": "已填写复查日期，但未填写复查结果：复查结果为“已整改”才算整改完毕，未填的台账此栏空白"}
    asked, held = year_close.held_warnings(store, store.ledger("enforcement_check"), half.values, half.number,
                                           half.status, half.warnings)
    assert [w.path for w in asked] == ["recheck_result"] and [w.path for w in held] == ["staff_certified"]


def test_every_field_of_a_record_the_closed_year_keeps_is_held(store, staff, clock, valid_record):
    _, complaint = closed_2025(store, clock, valid_record)
    stored = store.get(complaint.id)
    assert stored.status == "locked"
    ledger = store.ledger("complaint")
    warnings = clean_record(ledger, stored.values, store.lookups(ledger, stored.values, stored.id)).warnings
    asked, held = year_close.held_warnings(store, ledger, stored.values, stored.number, stored.status, warnings)
    assert asked == [] and [(w.message, w.advisory) for w in held] == [
        ("是否按期办结填“是”，但办结日期晚于办理期限（2025年已封账，更正须重新打开该年）", True)]


def test_in_a_year_not_closed_every_warning_asks(store, staff, clock, valid_record):
    accounts.login(store, ACTOR, STAFF_PASSWORD)
    saved = store.save("enforcement_check", valid_record("enforcement_check", staff_requiring_certificate=2,
                                                         staff_certified=3), ACTOR)
    assert [(w.message, w.advisory) for w in saved.warnings] == [("实际持证人数大于应持证执法人员数，请核对", False)]


def test_printing_many_does_not_question_what_a_closed_year_holds(store, staff, clock, valid_record):
    """打印所选记录 asks about the doubts of the records she may still correct (review.warnings_of, not advisory):
    the January recheck's 实际持证人数, read-only in its editor, was still counted among them (session 22)."""
    check, _ = closed_2025(store, clock, valid_record)
    done = store.save("enforcement_check", {"rechecked_on": "2026-01-12", "recheck_result": "已整改"}, ACTOR,
                      record_id=check.id)
    assert review.correctable(store, done)  # concluded in an open year: still hers to correct, but not that field
    assert review.warnings_of(store, [done], advisory=False) == {}
    assert review.warnings_of(store, [done]) == {done.id: [HELD]}  # the batch review shows it, as information
