# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A receipt told the township its clock ran ahead when it made bundle 1. The clerk put the clock right and sent
bundle 2; the county's next receipt lists bundles 2 and 1 again (it lists the last ones it holds), and bundle 1's made
time still lies after the receipt was written: the township was told its clock ran ahead on every receipt until
that day came, months after it was put right."""

from __future__ import annotations

from datetime import UTC, datetime

from bundle_world import county_template, world  # noqa: F401  (fixtures)
from test_clock_ahead_told import ahead_town

from fazhi_desktop.core.clock_behind import confirm


def test_a_bundle_made_ahead_is_said_on_the_receipt_that_first_confirms_it_only(world, valid_record):
    town, _record = ahead_town(world, valid_record)
    world.import_(world.export(town).path)
    assert world.receipt(town).clock is not None  # said once

    town.store.clock.set(datetime(2026, 6, 2, 8, 0, tzinfo=UTC))  # the clerk puts the clock right
    confirm(town.store, "杨芳")
    town.store.save("meeting", valid_record("meeting", title="改正时间后登记"), "杨芳")
    world.clock.advance(days=2)
    world.import_(world.export(town).path)
    again = world.receipt(town)
    assert again.bundles == [1, 2]
    assert again.clock is None and "走快" not in again.text() and not again.needs_attention
