# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A township added to the division list (or merged away) is dated by from_year / until_year: the county's reports
of years before it existed do not list it as 无数据, nor ask the bureau to check why it sent nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)
from indicator_data import ACTOR

from fazhi_desktop.core import divisions, paths
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle import minisign
from fazhi_desktop.core.errors import SetupError
from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.indicators.townships import township_list
from fazhi_desktop.core.setup import init_database

NEW, MERGED = "640522215", "640522214"  # 兴隆乡 from 2026; 甘城乡 (for the test) merged away after 2025


def dated_list(tmp_path, monkeypatch, extra: str = f"{NEW},兴隆乡,,2026,\n"):
    shipped = (paths.resource("divisions") / "640522.csv").read_text(encoding="utf-8")
    folder = tmp_path / "divisions"
    folder.mkdir()
    text = shipped.replace(f"{MERGED},甘城乡,,,", f"{MERGED},甘城乡,,,2025") + extra
    (folder / "640522.csv").write_text(text, encoding="utf-8")
    real = divisions.load_divisions
    monkeypatch.setattr(divisions, "load_divisions", lambda directory=None: real(directory or folder))


def test_the_shipped_list_has_every_township_for_every_year():
    known = divisions.load_divisions()
    towns = divisions.townships("640522", known)
    assert len(towns) == 18
    assert all(t.from_year is None and t.until_year is None for t in towns)


def test_a_township_is_listed_only_for_the_years_it_existed(tmp_path, monkeypatch, ledgers):
    dated_list(tmp_path, monkeypatch)
    county = init_database(tmp_path / "county.db", "640522", county=True, ledgers=ledgers,
                           clock=lambda: datetime(2026, 3, 1, tzinfo=UTC))
    try:
        catalog = load_catalog_for(county)
        in_2025 = [t.code for t in compute(county, catalog, 2025).townships]
        in_2026 = [t.code for t in compute(county, catalog, 2026).townships]
        assert NEW not in in_2025 and MERGED in in_2025 and len(in_2025) == 18
        assert NEW in in_2026 and MERGED not in in_2026 and len(in_2026) == 18
        assert NEW not in {t.code for t in completeness(county, 2025).townships}
        assert NEW in {t.code for t in township_list(county)}  # no year (names of every township): all of them
    finally:
        county.close()


def test_records_a_township_sent_dated_outside_its_listed_years_are_counted_and_said(world, tmp_path, monkeypatch):
    dated_list(tmp_path, monkeypatch)
    world.clock.set(datetime(2025, 12, 1, 8, 0, tzinfo=UTC))  # set up while it existed (none is set up after)
    merged = world.town(MERGED)
    world.clock.set(datetime(2026, 2, 11, 8, 0, tzinfo=UTC))
    merged.store.save("meeting", {"title": "专题会议", "meeting_type": "专题研究部署法治政府建设会议",
                                  "held_on": "2026-02-10", "office_head_attendance": "全程"}, ACTOR)
    world.clock.set(datetime(2026, 7, 1, 8, 0, tzinfo=UTC))
    assert world.import_(world.export(merged).path).ok
    results = compute(world.county, load_catalog_for(world.county), 2026)
    assert MERGED in [t.code for t in results.townships]  # its 2026 meeting is in the county's 2026 figures
    counts: list[str] = []  # the year's record counts, ledger by ledger: read once, not again to keep the township
    world.county.conn.set_trace_callback(lambda sql: counts.append(sql) if "count(*)" in sql and "GROUP BY township"
                                         in sql and '"meeting"' in sql else None)
    row = next(t for t in completeness(world.county, 2026).townships if t.code == MERGED)
    world.county.conn.set_trace_callback(None)
    assert ("该乡镇已撤并（区划名单中为 2025 年及以前），但收到本年记录 1 条，计在该乡镇名下（已计入本年指标，"
            "未计入并入的乡镇）：请乡镇核实：撤并后的新工作应登记在并入的乡镇，属实的在并入乡镇的数据库中重新登记、"
            "在原乡镇的数据库中删除后再报送；日期填错的改正后报送") in row.problems()  # test_township_merger.py
    assert (row.records["meeting"], row.total_records, len(counts)) == (1, 1, 1)
    assert MERGED not in [t.code for t in compute(world.county, load_catalog_for(world.county), 2027).townships]


def test_a_bad_year_in_the_list_is_refused_naming_the_line(tmp_path, monkeypatch):
    dated_list(tmp_path, monkeypatch, extra=f"{NEW},兴隆乡,,二〇二六,\n")
    with pytest.raises(SetupError, match="第 21 行：from_year“二〇二六”应为4位年份"):
        divisions.load_divisions()


def test_a_code_not_in_the_list_says_the_list_ships_with_the_program_and_how_to_get_a_new_one():
    public = minisign.SecretKey.generate().public
    unknown = keymod.TownshipKey(NEW, "兴隆乡司法所", public, "")
    assert unknown.code_text == f"代码 {NEW} 不在区划名单中"  # not "…不在区划名单中（按区划名单）"
    known = keymod.TownshipKey("640522101", "李旺镇司法所", public, "")
    assert known.code_text == "代码 640522101 是李旺镇（按区划名单）"
    problem = keymod.office_problem(unknown)
    assert "名单有误时先更新名单" not in problem
    assert "新设的乡镇须先安装名单中有它的新版本程序（县里和该乡镇都要装；见 README“新增或合并乡镇”）" in problem
    with pytest.raises(SetupError) as caught:
        divisions.lookup(NEW)
    assert "不在乡镇名单中（见 resources/divisions/）；新设的乡镇须先安装名单中有它的新版本程序" in str(caught.value)
