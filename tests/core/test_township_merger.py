# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""甘城乡 merged into 李旺镇 from 2027-01-01 (README 新增或合并乡镇: the list's `until_year` 2026). What the county
is told of records its database sends dated after the merger, and that no new office is set up for it any more."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core import divisions, paths
from fazhi_desktop.core.errors import SetupError
from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.setup import init_database

GANCHENG, LIWANG, LATER = "640522214", "640522101", "640522216"  # LATER: 新华乡, set up in 2027
NOTE = "2027年1月1日并入李旺镇"


@pytest.fixture
def merged_list(tmp_path, monkeypatch):
    """The list of a build made for the merger: 甘城乡 until 2026, with its note."""
    shipped = (paths.resource("divisions") / "640522.csv").read_text(encoding="utf-8")
    folder = tmp_path / "divisions"
    folder.mkdir()
    (folder / "640522.csv").write_text(shipped.replace(f"{GANCHENG},甘城乡,,,", f"{GANCHENG},甘城乡,{NOTE},,2026")
                                       + f"{LATER},新华乡,,2027,\n",
                                       encoding="utf-8")
    real = divisions.load_divisions
    monkeypatch.setattr(divisions, "load_divisions", lambda directory=None: real(directory or folder))


def test_new_work_typed_into_the_merged_townships_database_is_said_as_such(world, merged_list):
    """A study typed in January 2027 on 甘城乡's PC (kept to conclude its open matters) came to the county: 需关注
    said only 请核对区划名单…或向乡镇核实记录日期, as if the list or the date were wrong; it is new work of 李旺镇
    counted under 甘城乡 alone, and the township can move it."""
    world.clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    gancheng, liwang = world.town(GANCHENG), world.town(LIWANG)
    world.clock.set(datetime(2027, 1, 15, 2, 0, tzinfo=UTC))
    gancheng.store.save("law_study", {"activity_type": "会前学法", "topic": "学习《民法典》",
                                      "held_on": "2027-01-06"}, "杨芳")
    assert world.import_(world.export(gancheng).path).new == 1
    results = compute(world.county, load_catalog_for(world.county), 2027)
    assert GANCHENG in [t.code for t in results.townships]  # still counted, not dropped
    assert results.figure("T46a", LIWANG).numerator == 0  # …and not under 李旺镇
    row = next(t for t in completeness(world.county, 2027).townships if t.code == GANCHENG)
    said = row.attention()
    assert ("该乡镇已撤并（区划名单中为 2026 年及以前，2027年1月1日并入李旺镇），但收到本年记录 1 条，计在该乡镇名下"
            "（已计入本年指标，未计入并入的乡镇）：请乡镇核实：撤并后的新工作应登记在并入的乡镇，属实的在并入乡镇的"
            "数据库中重新登记、在原乡镇的数据库中删除后再报送") in said
    assert "请核对区划名单" not in said
    assert liwang.store.township == LIWANG


def test_no_new_office_is_set_up_for_a_township_merged_away(tmp_path, merged_list, ledgers):
    """`fazhi init --township 甘城乡` (and the wizard) set up 甘城乡司法所 in 2027 without a word: a database for a
    township that no longer exists, whose records the county would count under it."""
    with pytest.raises(SetupError) as refused:
        init_database(tmp_path / "new.db", GANCHENG, ledgers=ledgers, clock=lambda: datetime(2027, 2, 1, tzinfo=UTC))
    assert str(refused.value).startswith(
        "甘城乡（640522214）在区划名单中到 2026 年为止（已撤并，2027年1月1日并入李旺镇），2027年不能再新建它的数据库")
    assert not (tmp_path / "new.db").exists()
    store = init_database(tmp_path / "last-year.db", GANCHENG, ledgers=ledgers,
                          clock=lambda: datetime(2026, 12, 1, tzinfo=UTC))  # its last year: still set up
    store.close()


def test_records_of_a_township_dated_before_it_was_set_up_still_ask_to_check_the_list(world, merged_list):
    """Not merged away: 新华乡 (from 2027) sent a record of 2026, a wrong year in the list or a wrong date."""
    later = world.town(LATER)
    later.store.save("law_study", {"activity_type": "会前学法", "topic": "学习《民法典》", "held_on": "2026-05-06"},
                     "杨芳")
    assert world.import_(world.export(later).path).new == 1
    row = next(t for t in completeness(world.county, 2026).townships if t.code == LATER)
    assert ("区划名单中该乡镇的年份为 2027 年起，不含本年，但收到本年记录 1 条（已计入本年指标）：请核对区划名单"
            "（乡镇的设立、撤并年份）或向乡镇核实记录日期") in row.problems()
    assert not any("撤并后" in problem for problem in row.problems())
