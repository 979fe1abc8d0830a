"""Each year is scored by the catalog of its own notice. The county enabled its 2024 catalog (会前学法 at least 6, T49b
dropped) and the 2023 report asked for again in an audit was re-scored by it: 会前学法 4 / 4 达标 became 4 / 6 未达标,
T49b left the report, and its header named 海政办发〔2024〕12号 for 2023. A catalog now says its years (from_year,
until_year); several are kept; overlaps and gaps holding records are refused with the file and the reason."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/catalog_notices.py

from catalog_notices import NOTICE_2024, notice_2024

from fazhi_desktop.core.indicators import (
    CatalogError,
    catalog_schedule,
    compute,
    load_catalog,
    load_catalog_for,
    use_catalog,
)
from fazhi_desktop.core.indicators.catalog_years import undated_note


@pytest.fixture
def two_years(store, valid_record):
    """Four 会前学法 in 2023 and four in 2024 (the clock stands in 2026: both years are over)."""
    for year in (2023, 2024):
        for month in (3, 5, 7, 9):
            store.save("law_study", valid_record("law_study", held_on=f"{year}-{month:02d}-05"), "杨芳")
    return store


def t46a(store, year: int):
    catalog = load_catalog_for(store, year=year)
    return catalog, compute(store, catalog, year).figure("T46a", store.township)


def test_a_closed_year_keeps_the_targets_of_its_own_notice_after_the_next_is_enabled(two_years, tmp_path):
    store = two_years
    use_catalog(store, notice_2024(tmp_path))
    catalog, figure = t46a(store, 2023)
    assert "〔2023〕34号" in catalog.label and figure.status_text == "达标"
    assert figure.indicator.target_text() == "不少于 4 次"
    assert catalog.get("T49b")  # the 2023 report still has the target the 2024 notice dropped
    catalog, figure = t46a(store, 2024)
    assert NOTICE_2024 in catalog.label and "县目录2024.toml" in catalog.label
    assert (figure.numerator, figure.status_text) == (4, "未达标") and "T49b" not in [i.code for i in catalog.targets]
    assert [years for years, _ in catalog_schedule(store)] == ["2023 年及以前", "2024 年起"]


def test_a_catalog_without_years_still_scores_every_year_and_says_it_rescores_the_closed_ones(two_years, tmp_path):
    store = two_years
    undated = notice_2024(tmp_path, years="")
    note = undated_note(store, load_catalog(undated, store.ledgers))
    assert "本目录没有写 from_year" in note and "2023、2024 年的指标也按本目录重新计算" in note
    use_catalog(store, undated)
    assert t46a(store, 2023)[1].status_text == "未达标"  # as asked: one catalog for every year
    assert [years for years, _ in catalog_schedule(store)] == ["各年度"]
    assert undated_note(store, load_catalog(notice_2024(tmp_path, name="b.toml"), store.ledgers)) == ""


def test_overlapping_years_and_a_gap_holding_records_are_refused_with_the_file_and_reason(two_years, tmp_path):
    store = two_years
    use_catalog(store, notice_2024(tmp_path, "from_year = 2024\nuntil_year = 2025"))
    later = notice_2024(tmp_path, "from_year = 2025", name="县目录2025.toml")
    with pytest.raises(CatalogError) as refused:
        use_catalog(store, later)
    assert "县目录2025.toml：适用年度与已启用的目录 县目录2024.toml（2024—2025 年）重叠" in str(refused.value)
    with pytest.raises(CatalogError, match="启用后 2023 年没有适用的指标目录，而数据库中有这些年度的记录"):
        use_catalog(store, notice_2024(tmp_path, "from_year = 2021\nuntil_year = 2022", name="县目录2021.toml"))
    assert [years for years, _ in catalog_schedule(store)] == ["2023 年及以前", "2024—2025 年"]
    with pytest.raises(CatalogError, match="只适用于 2024—2025 年，2026 年没有适用的指标目录"):
        load_catalog_for(store, year=2026)  # no record of 2026 yet: enabled, and said when the year is asked for
    # the same from_year again replaces it (a corrected file), as does the same file with other years
    use_catalog(store, notice_2024(tmp_path, "from_year = 2024", name="县目录2024改.toml"))
    assert [years for years, _ in catalog_schedule(store)] == ["2023 年及以前", "2024 年起"]


@pytest.mark.parametrize(("years", "reason"), [
    ('from_year = "2024"', "from_year 应为年份"),
    ("from_year = 20224", "from_year 应为年份"),
    ("until_year = 2024", "until_year 须与 from_year 一起写"),
    ("from_year = 2025\nuntil_year = 2024", "until_year（2024）早于 from_year（2025）"),
])
def test_years_a_catalog_says_are_checked(store, tmp_path, years, reason):
    with pytest.raises(CatalogError, match=reason):
        load_catalog(notice_2024(tmp_path, years), store.ledgers)


def test_a_catalog_given_for_one_report_must_apply_to_its_year(two_years, tmp_path):
    with pytest.raises(CatalogError, match="本目录适用于 2024 年起，不适用于 2023 年"):
        load_catalog_for(two_years, notice_2024(tmp_path), year=2023)
    assert load_catalog_for(two_years, notice_2024(tmp_path), year=2024).chosen_for_once
