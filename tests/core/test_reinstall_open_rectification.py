# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""What a township's earlier install left open, as the county says it after a re-install (code review G of the
twenty-second session). An enforcement check whose rectification was overdue left 逾期 at the re-install (the
township cannot recheck it) and 需关注 never named it: only ledgers open while `open_until` is empty were asked, not
one open by its `open_while` (整改期限 given, 复查结果 not 已整改). And an earlier install's 行政裁决 case still open
kept T35's row saying 本年仍有 1 件事项办理中…结果可能改变 for ever: the township can change it no more."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core import overdue
from fazhi_desktop.core.indicators import load_catalog_for
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.indicators.engine import compute
from fazhi_desktop.core.indicators.moving import moving

CLERK = "杨芳"


def reinstalled(world, valid_record):
    """The township's install re-installed without a backup; its new install sent one bundle."""
    town = world.town()
    yield town
    new = world.reinstall(town.code)
    world.receipt(new)
    new.store.save("complaint", valid_record("complaint", accepted_on="2026-05-05", closed_on="2026-05-06"), CLERK)
    world.import_(world.export(new).path)


def test_an_earlier_installs_rectification_waiting_for_its_recheck_is_named(world, valid_record):
    steps = reinstalled(world, valid_record)
    town = next(steps)
    check = town.store.save("enforcement_check", valid_record("enforcement_check", checked_on="2026-03-05",
                                                              rectify_by="2026-04-05"), CLERK)
    done = town.store.save("enforcement_check", valid_record("enforcement_check", checked_on="2026-03-06",
                                                             rectify_by="2026-04-05", rechecked_on="2026-04-01",
                                                             recheck_result="已整改"), CLERK)
    world.import_(world.export(town).path)
    next(steps, None)
    assert not overdue.rids(world.county, world.county.ledger("enforcement_check"))  # the township cannot recheck
    said = next(t for t in completeness(world.county, 2026).townships if t.code == town.code).problems()
    assert (f"重装前整改未复查的行政执法监督检查 1 件，乡镇无法在新安装中复查：{check.number}（不标逾期）；"
            "请向乡镇核实整改结果，按纸质材料备查；乡镇不必补录") in said
    assert not any(done.number in p for p in said)  # rechecked 已整改: nothing open


def test_an_earlier_installs_open_case_does_not_keep_a_figure_moving(world, valid_record, clock):
    steps = reinstalled(world, valid_record)
    town = next(steps)
    town.store.save("mediation_case", valid_record(
        "mediation_case", accepted_on="2026-03-05", case_category="行政裁决", rights_notified=False,
        adjudication_matter="土地权属", closed_on=None, result=None), CLERK)
    world.import_(world.export(town).path)
    next(steps, None)
    clock.set(datetime(2027, 3, 1, 2, 0, tzinfo=UTC))
    results = compute(world.county, load_catalog_for(world.county), 2026, None, today=date(2027, 3, 1))
    figure = results.figure("T35", town.code)
    said = moving(world.county, results, completeness(world.county, 2026, today=date(2027, 3, 1))).missed(figure)
    assert said == "年度已结束，未完成目标"
