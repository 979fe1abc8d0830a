# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The note under a closed year's targets (the signed PDF, the Excel, 县级汇总, 本年度指标) names a matter as still
moving its figures only while it can still be changed (`year_close.movable`): not one locked while open before the
closing, nor one concluded in a later year closed since (neither editable nor lockable: named for ever); and a
missed target's row counts what its words name in a year not closed too."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import review_steps
from bundle_world import county_template, world  # noqa: F401  (fixtures)
from test_year_close_bundles import send

from fazhi_desktop.core import review, year_close
from fazhi_desktop.core.errors import Conflict, ValidationError
from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.indicators.moving import moving


def note_of(store, year: int, today: date) -> str:
    return moving(store, compute(store, load_catalog_for(store), year, today=today)).note()


def test_a_case_concluded_in_a_later_year_closed_since_is_not_named(store, clock, valid_record):
    clock.set(datetime(2025, 12, 29, 2, 0, tzinfo=UTC))
    case = store.save("mediation_case", valid_record("mediation_case", accepted_on="2025-12-28"), "杨芳")
    clock.set(datetime(2026, 1, 6, 2, 0, tzinfo=UTC))
    year_close.close_year(store, 2025, "杨芳")
    store.save("mediation_case", {"closed_on": "2026-03-01"}, "杨芳", record_id=case.id)
    review_steps.submit(store, case.id, "杨芳")
    assert "封账时仍在办理、现在办理中或已办结尚未锁定的事项 1 件" in note_of(store, 2025, date(2026, 3, 2))
    clock.set(datetime(2027, 1, 6, 2, 0, tzinfo=UTC))
    assert case.id not in [r.id for r in year_close.close_year(store, 2026, "杨芳")]  # chosen by their date
    assert store.get(case.id).status == "submitted"
    with pytest.raises(Conflict):  # frozen with 2026: neither locked nor changed
        review.apply(store, case.id, "lock", "杨芳")
    with pytest.raises((Conflict, ValidationError)):
        store.save("mediation_case", {"closed_on": "2026-03-02"}, "杨芳", record_id=case.id)
    assert note_of(store, 2025, date(2027, 1, 10)) == ""


def test_at_the_county_a_case_concluded_in_a_later_year_the_township_closed_is_not_named(world, valid_record):
    a = world.town("640522100")
    world.clock.set(datetime(2026, 12, 29, 2, 0, tzinfo=UTC))
    case = a.store.save("mediation_case", valid_record("mediation_case", accepted_on="2026-12-28"), "杨芳")
    world.clock.set(datetime(2027, 1, 6, 2, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    world.clock.set(datetime(2027, 3, 1, 2, 0, tzinfo=UTC))
    a.store.save("mediation_case", {"closed_on": "2027-03-01"}, "杨芳", record_id=case.id)
    review_steps.submit(a.store, case.id, "杨芳")

    def county_note(today: date) -> str:
        results = compute(world.county, load_catalog_for(world.county), 2026, today=today)
        return moving(world.county, results, completeness(world.county, 2026, today, results.carried)).note()

    send(world, a)
    assert "（封账时仍在办理、现在办理中或已办结尚未锁定的事项：海城镇 1 件）" in county_note(date(2027, 3, 2))
    world.clock.set(datetime(2028, 1, 6, 2, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2027, "杨芳")
    assert a.store.get(case.id).status == "submitted"
    send(world, a)
    assert county_note(date(2028, 1, 10)) == ""


def test_an_open_case_locked_before_the_closing_is_not_named(store, clock, valid_record):
    clock.set(datetime(2025, 12, 29, 2, 0, tzinfo=UTC))
    case = store.save("mediation_case", valid_record("mediation_case", accepted_on="2025-12-28"), "杨芳")
    review_steps.submit(store, case.id, "杨芳")
    review.apply(store, case.id, "lock", "杨芳")  # nothing stops a 所长 locking an open case in December
    clock.set(datetime(2026, 1, 6, 2, 0, tzinfo=UTC))
    year_close.close_year(store, 2025, "杨芳")
    with pytest.raises((Conflict, ValidationError)):
        store.save("mediation_case", {"closed_on": "2026-01-05"}, "杨芳", record_id=case.id)
    assert note_of(store, 2025, date(2026, 1, 10)) == ""


def adjudication(store, accepted_on, **more):
    return store.save("mediation_case", {
        "case_category": "行政裁决", "case_name": "田某与杨某土地权属争议", "accepted_on": accepted_on,
        "dispute_type": "山林土地纠纷", "adjudication_matter": "土地权属",
        "parties": [{"role": "申请人", "party_type": "自然人", "name": "田某"}], **more}, "杨芳")


def test_a_missed_row_of_a_year_not_closed_counts_what_it_names(store, clock):
    """January, 2025 not closed: one 行政裁决 still open, one concluded in December and not locked; both can still
    take their 告知. The row said 本年仍有 1 件事项办理中或已办结尚未锁定, counting only the open one."""
    clock.set(datetime(2025, 12, 29, 2, 0, tzinfo=UTC))
    adjudication(store, "2025-12-28")
    review_steps.submit(store, adjudication(store, "2025-11-28", closed_on="2025-12-20").id, "杨芳")
    clock.set(datetime(2026, 1, 6, 2, 0, tzinfo=UTC))
    results = compute(store, load_catalog_for(store), 2025, today=date(2026, 1, 6))
    t35 = results.figure("T35", results.townships[0].code)
    assert t35.amount_text().startswith("0 / 2"), t35.amount_text()
    said = moving(store, results).missed(t35)
    assert "本年仍有 2 件事项办理中或已办结尚未锁定" in said, said
