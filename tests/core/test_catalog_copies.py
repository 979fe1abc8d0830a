"""An enabled catalog was only a path and a digest in the settings: the file moved or deleted, or the database
restored from a backup on a new PC (a backup holds no catalog file), and every year it scored said `无法读取文件（找不到
文件）` in place of its figures. Its checked text is now kept in the database when it is enabled (migration 038)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/catalog_notices.py

from catalog_notices import NOTICE_2024, notice_2024

from fazhi_desktop.core.backup import create_backup, restore
from fazhi_desktop.core.indicators import (
    DIGEST_SETTING,
    SETTING,
    CatalogError,
    catalog_file,
    compute,
    load_catalog_for,
    use_catalog,
)
from fazhi_desktop.core.indicators.catalog_copies import files_changed
from fazhi_desktop.core.indicators.catalog_years import DATED_SETTING
from fazhi_desktop.core.store import Store


@pytest.fixture
def studies(store, valid_record):
    """Four 会前学法 in 2024 (the clock stands in 2026)."""
    for month in (3, 5, 7, 9):
        store.save("law_study", valid_record("law_study", held_on=f"2024-{month:02d}-05"), "杨芳")
    return store


def t46a_2024(store) -> str:
    catalog = load_catalog_for(store, year=2024)
    figure = compute(store, catalog, 2024).figure("T46a", store.township)
    return f"{catalog.label} {figure.numerator:g} / {figure.indicator.target_text()} {figure.status_text}"


SCORED_2024 = f"{NOTICE_2024}（2024.1；县里启用的目录：县目录2024.toml） 4 / 不少于 6 次 未达标"


def test_the_figures_follow_the_enabled_catalog_after_its_file_is_deleted_or_changed(studies, tmp_path):
    county = notice_2024(tmp_path)
    use_catalog(studies, county)
    county.write_text(county.read_text(encoding="utf-8").replace("threshold = 6", "threshold = 2", 1),
                      encoding="utf-8")
    assert t46a_2024(studies) == SCORED_2024  # the copy enabled counts, not the file edited since
    assert files_changed(studies) == [
        f"{county} 启用后被改动过，与启用时的副本不同：指标仍按启用时的副本计算；要按改过的文件计算，"
        "请检查后重新启用（统计 → 启用指标目录…，或 fazhi catalog use）"]
    county.unlink()
    assert t46a_2024(studies) == SCORED_2024
    assert files_changed(studies) == []
    # the first catalog (no from_year) alike
    undated = notice_2024(tmp_path, years="", name="县目录.toml")
    use_catalog(studies, undated)
    undated.unlink()
    assert "4 / 不少于 6 次 未达标" in t46a_2024(studies)


def test_a_backup_restored_where_the_file_is_not_carries_the_catalog(studies, tmp_path, clock):
    county = notice_2024(tmp_path)
    use_catalog(studies, county)
    backup = create_backup(studies.path, tmp_path / "usb", clock=clock).path
    use_catalog(studies, None)  # the shipped one again: its copy is forgotten
    assert studies.conn.execute("SELECT count(*) FROM catalog_texts").fetchone()[0] == 0
    county.unlink()  # the new PC: no such file
    path = studies.path
    studies.close()
    restore(path, backup, "admin", clock=clock)
    restored = Store.open(path)
    try:
        assert t46a_2024(restored) == SCORED_2024
    finally:
        restored.close()


def as_the_previous_version(store: Store) -> Path:
    """The database as the program before migration 038 left it: the catalogs enabled as settings alone."""
    store.conn.execute("DROP TABLE catalog_texts")
    store.conn.execute("DELETE FROM _migrations WHERE name = '038_catalog_texts'")
    path = store.path
    store.close()
    return path


def test_an_upgraded_database_keeps_the_catalogs_whose_files_are_as_enabled(studies, tmp_path):
    dated, first = notice_2024(tmp_path), notice_2024(tmp_path, years="", name="县目录.toml")
    first_digest = catalog_file(first)[1]
    studies.set_settings(**{SETTING: str(first), DIGEST_SETTING: None, DATED_SETTING: json.dumps(  # no digest yet
        [{"path": str(dated), "sha256": catalog_file(dated)[1], "from_year": 2024, "until_year": None}])})
    upgraded = Store.open(as_the_previous_version(studies))
    try:
        dated.unlink()
        first.unlink()
        assert t46a_2024(upgraded) == SCORED_2024
        catalog = load_catalog_for(upgraded, year=2023)
        assert "县里启用的目录：县目录.toml" in catalog.label and catalog.get("T46a").target_text() == "不少于 6 次"
        assert upgraded.setting(DIGEST_SETTING) == first_digest
    finally:
        upgraded.close()


def test_an_upgraded_database_whose_catalog_file_is_gone_or_changed_says_how_to_enable_it_again(studies, tmp_path):
    dated = notice_2024(tmp_path)
    use_catalog(studies, dated)
    path = as_the_previous_version(studies)
    dated.unlink()  # before the upgrade: nothing to keep
    upgraded = Store.open(path)
    try:
        with pytest.raises(CatalogError) as refused:
            load_catalog_for(upgraded, year=2024)
        assert str(refused.value) == (
            f"指标目录 {dated}：无法读取文件（找不到文件），数据库中也没有它的副本：请管理员找到这份目录文件，"
            "重新启用（统计 → 启用指标目录…，或 fazhi catalog use）；或恢复程序自带的指标目录")
        dated.write_text(notice_2024(tmp_path, name="other.toml").read_text(encoding="utf-8")
                         .replace("threshold = 6", "threshold = 5", 1), encoding="utf-8")
        with pytest.raises(CatalogError, match="启用后文件被改动过，数据库中也没有启用时的副本：请管理员找到"):
            load_catalog_for(upgraded, year=2024)
        use_catalog(upgraded, dated)  # enabled again: its copy kept from now on
        dated.unlink()
        assert "4 / 不少于 5 次 未达标" in t46a_2024(upgraded)
    finally:
        upgraded.close()
