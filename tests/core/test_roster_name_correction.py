# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A leader's name an earlier version saved with a control character (a tab pasted from Excel), in post in a closed
year: the export says to correct it in the roster, and the roster refused the correction (此项修改会改变2026年在任的
人员), so no bundle could be made without reopening the year; a clerk was refused it too (请所长修改)."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core import accounts, people, year_close
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.db import transaction
from fazhi_desktop.core.errors import ValidationError

ACTOR, LEADER = "杨芳", "主要负责同志"
STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)


def _saved_with_a_tab(store) -> None:
    with transaction(store):  # as an earlier version saved it
        store.conn.execute("UPDATE people SET name = ?", ["马文军\t"])


@pytest.mark.usefixtures("beijing_time")
def test_the_name_the_export_asks_to_correct_can_be_corrected_in_a_closed_year(world):
    town = world.town()
    person = people.add_person(town.store, ACTOR, "马文军", roles=[LEADER], joined_on="2025-01-01")
    world.clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    year_close.close_year(town.store, 2026, ACTOR)
    _saved_with_a_tab(town.store)
    with pytest.raises(BundleError, match="请在人员名册中打开此人，改正后再导出"):
        world.export(town)
    with pytest.raises(ValidationError, match="此项修改会改变2026年在任的人员"):  # a real rename still is a change
        people.update_person(town.store, person.id, ACTOR, "马志刚", roles=[LEADER], joined_on="2025-01-01")
    people.update_person(town.store, person.id, ACTOR, "马文军", roles=[LEADER], joined_on="2025-01-01")
    assert people.get_person(town.store, person.id).name == "马文军"
    assert world.import_(world.export(town).path).ok


def test_a_clerk_may_correct_the_tab_but_not_rename(store, staff):
    accounts.login(store, ACTOR, STAFF_PASSWORD)
    person = people.add_person(store, "", "马文军", roles=[LEADER], joined_on="2021-03-01")
    _saved_with_a_tab(store)
    accounts.login(store, "马丽", STAFF_PASSWORD)
    with pytest.raises(ValidationError, match="请所长修改"):
        people.update_person(store, person.id, "", "马志刚", roles=[LEADER], joined_on="2021-03-01")
    people.update_person(store, person.id, "", " 马文军 ", roles=[LEADER], joined_on="2021-03-01")
    assert people.get_person(store, person.id).name == "马文军"
