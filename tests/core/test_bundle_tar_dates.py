# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A bundle's tar entries were dated by the computer's clock read directly (time.time()), not by the store's clock
that dates the bundle itself (Bagging-Date, its row in the bundles sent): one clock for everything a bundle says,
the one a test or a clock confirmed behind (core/clock_behind.py) controls."""

from __future__ import annotations

from bundle_world import county_template, members, small, world  # noqa: F401  (fixtures)


def test_every_tar_entry_is_dated_by_the_stores_clock(world, small):
    _, _, tar_bytes = small  # exported with the tests' clock standing still on 2026-06-01 08:00 UTC
    dates = {info.mtime for info, _ in members(tar_bytes)}
    assert dates == {int(world.clock().timestamp())}
