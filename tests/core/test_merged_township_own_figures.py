# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py and test_merged_into.py)
"""李旺镇's own 本年度指标 after 甘城乡 was merged into it (division list `merged_into`): the county counts 甘城乡's
records of 2027 under 李旺镇 (会前学法 2 / 6, 投诉举报办结率 1 / 2), while 李旺镇's own database, which holds none of
them, read 1 / 6 and said of T30b `本年没有受理、往年也没有结转未办结的投诉举报`, with no word that the county's
figures count more. The township's figures now say so, as they do of a re-installed township's earlier records."""

from __future__ import annotations

from bundle_world import county_template, world  # noqa: F401  (fixtures)
from test_merged_into import GANCHENG, LIWANG, _list, merged  # noqa: F401  (fixture)

from fazhi_desktop.core.indicators import compute, load_catalog_for

SAID = ("县里统计本所指标时还计入原甘城乡（2027年1月1日并入）报送的本年记录和结转未办结的事项，本所统计的不含这些，"
        "结果可能与县里的不同。")


def test_the_township_joined_is_told_the_county_counts_the_merged_ones_records(merged):
    liwang = merged.town(LIWANG).store
    results = compute(liwang, load_catalog_for(liwang), 2027)
    assert results.figure("T46a", LIWANG).numerator == 0  # 甘城乡's study of January is not in 李旺镇's database
    assert results.merged_note() == SAID
    county = compute(merged.county, load_catalog_for(merged.county), 2027)
    assert county.figure("T46a", LIWANG).numerator == 1  # ... and the county counts it
    assert county.merged_note().startswith("李旺镇：含原甘城乡")


def test_nothing_is_said_before_the_merger_nor_at_another_township(merged):
    liwang = merged.town(LIWANG).store
    assert compute(liwang, load_catalog_for(liwang), 2026).merged_note() == ""
    gancheng = merged.town(GANCHENG).store
    assert compute(gancheng, load_catalog_for(gancheng), 2026).merged_note() == ""
