# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The county sees what is late (session 23): 数据完整性's 需关注 said nothing of a township with 4 late matters,
the count asked for the county's own code. Each township's late matters are counted there now, an earlier install's
left out (the township cannot conclude them; 需关注 names them apart)."""

from __future__ import annotations

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.indicators.completeness import completeness

CLERK = "杨芳"
STEP = "请督促乡镇办理；已办结的，请乡镇登记后导出数据包报送"


def said(world, code: str) -> list[str]:
    return next(t for t in completeness(world.county, 2026).townships if t.code == code).problems()


def test_a_townships_late_matters_are_counted_in_its_need_attention(world, valid_record):
    town = world.town()
    for due in ("2026-04-01", "2026-04-02"):
        town.store.save("complaint", valid_record("complaint", accepted_on="2026-03-05", due_on=due), CLERK)
    town.store.save("enforcement_check", valid_record(
        "enforcement_check", checked_on="2026-03-05", rectify_by="2026-04-05", rechecked_on="2026-04-10",
        recheck_result="未整改"), CLERK)
    town.store.save("complaint", valid_record("complaint", accepted_on="2026-03-05", due_on="2026-04-01",
                                              closed_on="2026-03-20"), CLERK)
    world.import_(world.export(town).path)
    assert (f"现已逾期：行政执法监督检查 1 件（整改期限已过、复查结果不是“已整改”）；投诉举报 2 件（办理期限已过、"
            f"未填办结日期）；{STEP}") in said(world, town.code)


def test_an_earlier_installs_late_matter_is_not_counted_late(world, valid_record):
    town = world.town()
    old = town.store.save("complaint", valid_record("complaint", accepted_on="2026-03-05", due_on="2026-04-01"), CLERK)
    world.import_(world.export(town).path)
    new = world.reinstall(town.code)
    world.receipt(new)
    new.store.save("complaint", valid_record("complaint", accepted_on="2026-05-05", due_on="2026-05-10"), CLERK)
    world.import_(world.export(new).path)
    problems = said(world, town.code)
    assert f"现已逾期：投诉举报 1 件（办理期限已过、未填办结日期）；{STEP}" in problems  # the new install's only
    assert any(old.number in p and p.startswith("重装前") for p in problems)
