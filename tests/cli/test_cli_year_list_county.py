# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""`fazhi year list` at the county (twenty-fifth session, a county reviewer's January): it said 尚无封账的年度 — the
county's own year log, always empty — while 数据完整性 showed townships that had closed 2026. It lists, per year,
which townships closed it (or reopened it since), as their newest bundles say; a township's list is unchanged."""

from __future__ import annotations

from datetime import UTC, datetime

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.cli import main
from fazhi_desktop.core import year_close

HEAD = "杨芳"


def year_list(capsys, path) -> str:
    code = main(["--db", str(path), "year", "list"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_the_county_lists_which_townships_closed_each_year(world, capsys):
    haicheng, liwang = world.town("640522100"), world.town("640522101")
    before = year_list(capsys, world.county.path)
    assert "尚无封账的年度" not in before and "已收到的数据包中还没有乡镇封账的年度" in before
    world.clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    for town in (haicheng, liwang):
        year_close.close_year(town.store, 2026, HEAD)
    world.clock.set(datetime(2027, 3, 2, 2, 0, tzinfo=UTC))
    year_close.reopen_year(liwang.store, 2026, "补录12月30日的党委会", HEAD)
    for town in (haicheng, liwang):
        assert world.import_(world.export(town).path).ok
    out = year_list(capsys, world.county.path)
    assert "尚无封账的年度" not in out
    assert ("2026年：已封账 1 个乡镇：海城镇（2027-01-12）；封账后已重新打开 1 个乡镇：李旺镇（2027-03-02）；"
            "其余 16 个乡镇尚未封账或封账后尚未报送数据包") in out, out
    assert "“数据完整性”的“年度封账”" in out


def test_a_townships_own_list_is_unchanged(world, capsys):
    town = world.town("640522100")
    assert year_list(capsys, town.store.path).startswith("尚无封账的年度\n")
