# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The answer a township gave when adding a second 王军 (是同一人 / 是另一人) travels with its roster in the bundle,
and the county counts T46c/T47 by it, as the township does; a roster of entries never asked (or a bundle from a
program before the question) keeps the rule of terms that never overlap there too."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from bundle_world import county_template, world  # noqa: F401

from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.indicators.drill import drill
from fazhi_desktop.core.people import add_person, township_rosters

AFTER_YEAR = date(2027, 1, 4)
LEADER = ["主要负责同志"]


def figures(store, town):
    result = compute(store, load_catalog_for(store), 2026, today=AFTER_YEAR)
    return [(f.numerator, f.denominator, f.status) for f in (result.figure("T46c", town), result.figure("T47", town))]


def gap(store, town):
    drilled = drill(store, load_catalog_for(store), "T47", 2026, town, part="gap", today=AFTER_YEAR)
    return [name for _, name in drilled.people]


def township_with_two_wang_jun(world, valid_record, code, **answer):
    town = world.town(code)
    world.clock.set(datetime(2027, 1, 4, 1, 0, tzinfo=UTC))
    first = add_person(town.store, "杨芳", "王军", "镇党委书记", roles=LEADER, joined_on="2024-03-01",
                       left_on="2026-03-31")
    answer = {"same_as": first.id} if answer.get("same_as") else answer
    add_person(town.store, "杨芳", "王军", "镇党委书记", roles=LEADER, joined_on="2026-10-08", **answer)
    town.store.save("law_study", valid_record("law_study", held_on="2026-02-20", topic="讲法", speaker="王军",
                                              activity_type="会前学法", speaker_is_principal_leader=True), "杨芳")
    town.store.save("law_study", valid_record("law_study", held_on="2026-02-21", activity_type="领导干部述法",
                                              topic="述法", reporters=["王军"]), "杨芳")
    return town


@pytest.mark.parametrize(("answer", "expected"), [
    ({"other_person": True}, (1, 2, "未达标")),
    ({"same_as": True}, (1, 1, "达标")),
    ({}, (1, 1, "达标")),  # never asked: today's rule
])
def test_the_county_counts_by_the_townships_answer(world, valid_record, answer, expected):
    town = township_with_two_wang_jun(world, valid_record, "640522100", **answer)
    own = figures(town.store, town.code)
    assert own == [expected, expected]
    assert world.import_(world.export(town).path).ok
    assert figures(world.county, town.code) == own
    people = [p for t, p in township_rosters(world.county) if t == town.code]
    assert sorted(p.person is not None for p in people) == [False, bool(answer)]


def test_an_entry_renamed_after_its_answer_counts_alike_at_the_county(world, valid_record):
    """The second 王军, said to be the first, renamed 王俊 afterwards: a person of his own at both ends (1 / 2, not
    1 / 2 with no one in the gap)."""
    from fazhi_desktop.core.people import list_people, update_person

    town = township_with_two_wang_jun(world, valid_record, "640522100", same_as=True)
    second = next(p for p in list_people(town.store) if p.person)
    update_person(town.store, second.id, "杨芳", "王俊", second.title, second.unit, second.roles,
                  joined_on=second.joined_on)
    own = figures(town.store, town.code), gap(town.store, town.code)
    assert own == ([(1, 2, "未达标"), (1, 2, "未达标")], ["王俊"])  # no one in the gap
    assert world.import_(world.export(town).path).ok
    assert (figures(world.county, town.code), gap(world.county, town.code)) == own
