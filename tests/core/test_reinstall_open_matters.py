# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A township that re-installed without a backup cannot close what its earlier install left open (the county's
county-year review, twenty-second session): a complaint accepted in March and open when the PC died stayed open at
the county for ever, carried into every later year's T30b as 未办结 (2027: 0 / 1 有风险 at the county, 无数据 at the
township), marked 逾期 in the county's list, and nothing told the county why. Now it counts in the year it was
accepted, is carried no further nor marked late, and 数据完整性's 需关注 names it."""

from __future__ import annotations

from datetime import date

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core import overdue
from fazhi_desktop.core.indicators import load_catalog_for
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.indicators.engine import compute

CLERK = "杨芳"


def t30b(store, year: int, township: str | None):
    figure = compute(store, load_catalog_for(store), year, township, today=date(year, 12, 31)).figures
    return next(f for (code, _town), f in figure.items() if code == "T30b")


def test_an_earlier_installs_open_complaint_is_not_carried_nor_late_and_is_named(world, valid_record, clock):
    town = world.town()
    old = town.store.save("complaint", valid_record("complaint", accepted_on="2026-03-05", due_on="2026-04-05"),
                          CLERK)  # open when the PC died
    world.import_(world.export(town).path)
    new = world.reinstall(town.code)
    world.receipt(new)
    new.store.save("complaint", valid_record("complaint", accepted_on="2026-05-05", closed_on="2026-05-06"), CLERK)
    late = new.store.save("complaint", valid_record("complaint", accepted_on="2026-05-07", due_on="2026-05-20"),
                          CLERK)
    world.import_(world.export(new).path)

    # its year counts it as it stood: accepted, not closed
    county_2026 = t30b(world.county, 2026, town.code)
    assert (county_2026.numerator, county_2026.denominator) == (1, 3)
    # the next year carries only what the township can still close: the county reads as the township does
    county, own = t30b(world.county, 2027, town.code), t30b(new.store, 2027, None)
    assert (county.numerator, county.denominator) == (own.numerator, own.denominator) == (0, 1)

    # not 逾期 in the county's list (the new install's late one is)
    ledger = world.county.ledger("complaint")
    late_ids = {r.id for r in world.county.rows("complaint", sorted(overdue.rids(world.county, ledger))).values()}
    assert late_ids == {late.id}

    # 需关注 names it, with what to do
    row = next(t for t in completeness(world.county, 2027).townships if t.code == town.code)
    assert (f"重装前未办结的投诉举报 1 件，乡镇无法在新安装中办结：{old.number}（受理当年计为未办结，不结转到以后年度，"
            "不标逾期）；请向乡镇核实办理结果，按纸质材料备查；乡镇不必补录") in row.problems()
