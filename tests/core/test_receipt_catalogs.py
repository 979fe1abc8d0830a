# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The county's catalogs never reached the townships: after the county enabled its 2024 catalog, a township's
本年度指标 read `3 / 4 不少于 4 次` while the county scored it `3 / 6 不少于 6 次`, and neither was told. The receipt
now carries the county's catalogs under its signature; the township adopts them and says so."""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/catalog_notices.py

from catalog_notices import NOTICE_2024, notice_2024

from fazhi_desktop.core.bundle.receipts import import_receipt, receipt_comment, write_receipts
from fazhi_desktop.core.indicators import compute, load_catalog_for, use_catalog

SYNCED = f"县里按《{NOTICE_2024}》（2024.1）评定 2024 年起的指标，本所已同步"


@pytest.fixture
def county_2024(world, valid_record, tmp_path):
    """A township with three 会前学法 this year (2026) that sent them; the county enabled its 2024 catalog."""
    town = world.town()
    for month in (2, 3, 4):
        town.store.save("law_study", valid_record("law_study", held_on=f"2026-{month:02d}-05"), "杨芳")
    world.import_(world.export(town).path)
    use_catalog(world.county, notice_2024(tmp_path))
    return world, town


def t46a(store, township: str) -> str:
    catalog = load_catalog_for(store, year=2026)
    figure = compute(store, catalog, 2026).figure("T46a", township)
    return f"{figure.numerator:g} / {figure.indicator.target_text()}"


def written(world, town) -> Path:
    [receipt] = write_receipts(world.county, world.keys, town.usb, [town.code])
    return receipt.path


def signed_again(world, path: Path, change) -> Path:
    """The receipt changed by `change` and signed with the county's key (a county program with a bug, or an older
    one)."""
    receipt = json.loads(path.read_text(encoding="utf-8"))
    change(receipt)
    text = json.dumps(receipt, ensure_ascii=False, indent=2) + "\n"
    path.write_text(text, encoding="utf-8")
    comment = receipt_comment(receipt["county"], receipt["township"], receipt["acknowledged_through"])
    path.with_name(path.name + ".minisig").write_text(world.keys.signer.sign(text.encode("utf-8"), comment, "t"),
                                                      encoding="utf-8")
    return path


def test_the_township_takes_the_countys_catalog_from_its_receipt_and_says_so(county_2024):
    world, town = county_2024
    assert t46a(world.county, town.code) == "3 / 不少于 6 次"
    assert t46a(town.store, town.code) == "3 / 不少于 4 次"  # before: neither was told
    path = written(world, town)
    assert path.stat().st_size < 40_000  # the catalog's ~21 KB text, as the county keeps it
    result = import_receipt(town.store, path, "杨芳")
    assert result.advanced and f"指标目录：\n{SYNCED}" in result.text()
    assert t46a(town.store, town.code) == "3 / 不少于 6 次"
    label = load_catalog_for(town.store, year=2026).label
    assert label == f"{NOTICE_2024}（2024.1；县司法局的目录，随回执同步：县目录2024.toml）"
    assert "〔2023〕34号" in load_catalog_for(town.store, year=2023).label  # the years before stay the township's
    again = import_receipt(town.store, written(world, town), "杨芳")  # nothing new: nothing said
    assert "指标目录" not in again.text()


def test_a_bad_catalog_in_a_receipt_is_refused_with_the_file_and_reason_and_nothing_adopted(county_2024):
    world, town = county_2024

    def misspelt(receipt):
        text = receipt["catalogs"][0]["text"]
        receipt["catalogs"][0]["text"] = text.replace('value = "会前学法"', 'value = "会前学"')

    path = signed_again(world, written(world, town), misspelt)
    result = import_receipt(town.store, path, "杨芳")
    assert result.advanced and result.needs_attention  # the rest of the receipt is taken
    assert f"注意：回执 {path.name} 带来的县里指标目录未采用：指标目录 县目录2024.toml 第" in result.text()
    assert "“会前学”不是可选值" in result.text() and "本所的指标仍按原来的目录计算" in result.text()
    assert t46a(town.store, town.code) == "3 / 不少于 4 次"
    assert town.store.conn.execute("SELECT count(*) FROM catalog_texts").fetchone()[0] == 0


def test_a_receipt_whose_years_leave_the_townships_records_without_a_catalog_adopts_none(world, valid_record,
                                                                                         tmp_path):
    town = world.town()
    town.store.save("law_study", valid_record("law_study", held_on="2025-03-05"), "杨芳")
    world.import_(world.export(town).path)
    use_catalog(world.county, notice_2024(tmp_path, "from_year = 2024\nuntil_year = 2025"))
    town.store.save("law_study", valid_record("law_study", held_on="2026-03-05"), "杨芳")  # not sent yet
    path = written(world, town)
    result = import_receipt(town.store, path, "杨芳")
    assert result.advanced and (f"回执 {path.name} 带来的县里指标目录未采用：指标目录 县目录2024.toml：启用后 "
                                "2026 年没有适用的指标目录，而数据库中有这些年度的记录") in result.text()
    assert t46a(town.store, town.code) == "1 / 不少于 4 次"
    assert town.store.conn.execute("SELECT count(*) FROM catalog_texts").fetchone()[0] == 0


def test_a_receipt_of_an_older_county_program_changes_no_catalog(county_2024):
    world, town = county_2024
    result = import_receipt(town.store, signed_again(world, written(world, town), lambda r: r.pop("catalogs")),
                            "杨芳")
    assert result.advanced and "指标目录" not in result.text()
    assert t46a(town.store, town.code) == "3 / 不少于 4 次"


def test_an_older_receipt_imported_after_a_newer_one_does_not_roll_the_catalogs_back(county_2024, tmp_path):
    """A receipt left on the stick, imported after the newer one: its catalogs replaced the county's later ones,
    and the township scored itself by targets the county no longer used."""
    world, town = county_2024
    older = written(world, town)
    kept = older.with_name("older-" + older.name)
    older.rename(kept)
    older.with_name(older.name + ".minisig").rename(kept.with_name(kept.name + ".minisig"))
    world.clock.advance(days=30)
    eight = notice_2024(tmp_path, name="县目录2024修订.toml")
    eight.write_text(eight.read_text(encoding="utf-8").replace("threshold = 6", "threshold = 8", 1)
                     .replace('version = "2024.1"', 'version = "2024.2"'), encoding="utf-8")
    use_catalog(world.county, eight)
    import_receipt(town.store, written(world, town), "杨芳")
    assert t46a(town.store, town.code) == "3 / 不少于 8 次"
    result = import_receipt(town.store, kept, "杨芳")
    assert t46a(town.store, town.code) == "3 / 不少于 8 次"  # before: 3 / 不少于 6 次
    assert f"注意：回执 {kept.name}（县里" in result.text() and result.needs_attention
    assert "写）写得早，它带的县里指标目录较旧，未采用：本所的指标仍按已同步的目录计算" in result.text()
    same = import_receipt(town.store, kept, "杨芳")  # said once more, and still nothing rolled back
    assert t46a(town.store, town.code) == "3 / 不少于 8 次" and same.needs_attention


def test_catalogs_the_county_no_longer_uses_are_not_kept_from_its_earlier_receipt(county_template, world,
                                                                                   valid_record, tmp_path):
    """The county enabled its catalog for every year, then gave it `from_year = 2024` (or went back to the shipped
    one): its next receipt carried the dated one only (or none), and the township kept scoring 2023 (or every year)
    by the catalog the county had dropped, named as the county's."""
    town = world.town()
    for year in (2023, 2026):
        town.store.save("law_study", valid_record("law_study", held_on=f"{year}-03-05"), "杨芳")
    world.import_(world.export(town).path)
    undated = notice_2024(tmp_path, years="")
    use_catalog(world.county, undated)
    import_receipt(town.store, written(world, town), "杨芳")
    assert "不少于 6 次" in t46a_of(town.store, 2023)
    undated.write_text("from_year = 2024\n" + undated.read_text(encoding="utf-8"), encoding="utf-8")
    use_catalog(world.county, undated)
    world.clock.advance(days=1)
    assert "不少于 4 次" in t46a_of(world.county, 2023, town.code)
    result = import_receipt(town.store, written(world, town), "杨芳")
    assert t46a_of(town.store, 2023) == t46a_of(world.county, 2023, town.code)  # before: 不少于 6 次 here
    assert "〔2023〕34号" in load_catalog_for(town.store, year=2023).label
    assert "县里按程序自带的指标目录评定 2023 年及以前的指标，本所已同步" in result.text()
    use_catalog(world.county, None)  # 恢复程序自带的指标目录
    world.clock.advance(days=1)
    result = import_receipt(town.store, written(world, town), "杨芳")
    assert t46a_of(town.store, 2026) == t46a_of(world.county, 2026, town.code) == "1 / 不少于 4 次"
    assert "县里按程序自带的指标目录评定" in result.text()
    assert town.store.conn.execute("SELECT count(*) FROM catalog_texts").fetchone()[0] == 0


def t46a_of(store, year: int, township: str | None = None) -> str:
    catalog = load_catalog_for(store, year=year)
    figure = compute(store, catalog, year).figure("T46a", township or store.township)
    return f"{figure.numerator:g} / {figure.indicator.target_text()}"


def test_a_catalog_for_every_year_is_said_without_a_stray_space(world, valid_record, tmp_path):
    """A county that enabled its catalog with the program before catalogs had years (one for every year) upgraded
    first; each township then read 县里按《…》（2024.1）评定 各年度的指标."""
    town = world.town()
    town.store.save("law_study", valid_record("law_study", held_on="2026-03-05"), "杨芳")
    world.import_(world.export(town).path)
    use_catalog(world.county, notice_2024(tmp_path, years=""))
    result = import_receipt(town.store, written(world, town), "杨芳")
    assert f"县里按《{NOTICE_2024}》（2024.1）评定各年度的指标，本所已同步" in result.text()


def test_a_receipt_written_while_the_countys_clock_ran_ahead_does_not_hold_back_the_next_ones(county_2024, tmp_path):
    """The county's clock ran half a year ahead for a day, then was put right. The township followed the receipt
    of that day, and every receipt after it looked older: the county's next catalogs were refused, told to check a
    clock already right, until the county's clock passed that day half a year on."""
    world, town = county_2024
    stale = written(world, town)  # written before the county's clock ran ahead, left on the stick
    kept = stale.with_name("older-" + stale.name)
    stale.rename(kept)
    stale.with_name(stale.name + ".minisig").rename(kept.with_name(kept.name + ".minisig"))
    world.clock.advance(hours=1)
    world.county.clock = type(world.clock)(world.clock.now + timedelta(days=180))
    ahead = written(world, town)
    world.county.clock = world.clock  # put right
    world.clock.advance(hours=1)
    import_receipt(town.store, ahead, "杨芳")
    assert t46a(town.store, town.code) == "3 / 不少于 6 次"
    world.clock.advance(days=1)
    eight = notice_2024(tmp_path, name="县目录2024修订.toml")
    eight.write_text(eight.read_text(encoding="utf-8").replace("threshold = 6", "threshold = 8", 1)
                     .replace('version = "2024.1"', 'version = "2024.2"'), encoding="utf-8")
    use_catalog(world.county, eight)
    result = import_receipt(town.store, written(world, town), "杨芳")
    assert t46a(town.store, town.code) == "3 / 不少于 8 次", result.text()  # before: 不少于 6 次, until next year
    assert "《" in result.text() and "评定 2024 年起的指标，本所已同步" in result.text()
    assert "未采用" not in result.text() and not result.needs_attention
    again = import_receipt(town.store, kept, "杨芳")  # one written before that day still rolls nothing back
    assert t46a(town.store, town.code) == "3 / 不少于 8 次" and again.needs_attention
