# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""数据完整性 judges the year looked at: records set aside of that year (not of any year), and the year's end and
the day a bundle was made in Beijing time, whatever zone the county PC is set to."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from bundle_world import ACTOR, TOWN_PASS, copy_database, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.store import Store

NO_RECORDS = "本年没有记录：请向乡镇核实"


@pytest.fixture
def utc_pc(monkeypatch):
    """The county PC is set to UTC (as a PC reinstalled and never set to Beijing time is)."""
    monkeypatch.setenv("TZ", "UTC0")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def row(world, year: int, code: str):
    return next(t for t in completeness(world.county, year).townships if t.code == code)


def study(store: Store, held_on: str, valid_record) -> None:
    store.save("law_study", valid_record("law_study", held_on=held_on, topic=f"学法{held_on}"), ACTOR)


def test_a_record_of_an_earlier_year_set_aside_does_not_hide_an_empty_year(world, valid_record):
    """A township that restored a backup has one 2023 record set aside at the county and nothing in 2026: the 2026
    page said nothing of the empty year (the set-aside record counted as 'it has records'), and told of the 2023
    record as if it were left out of 2026's figures."""
    town = world.town()
    study(town.store, "2023-03-01", valid_record)
    world.import_(world.export(town).path)
    backup = copy_database(world, town)
    study(town.store, "2023-05-10", valid_record)  # made after the backup: abandoned when it is restored
    world.import_(world.export(town).path)
    restored = Store.open(backup, world.ledgers, world.clock)
    try:
        study(restored, "2024-04-01", valid_record)
        (world.root / "usb-restored").mkdir()
        signer = keymod.unlock_township_key(restored, TOWN_PASS)
        report = world.import_(export_bundle(restored, world.root / "usb-restored", signer).path)
    finally:
        restored.close()
    assert len(report.set_aside) == 1
    assert row(world, 2026, town.code).problems() == [NO_RECORDS]
    in_2023 = row(world, 2023, town.code)
    assert in_2023.set_aside == 1 and in_2023.records["law_study"] == 1
    assert in_2023.problems() == ["1 条记录的版本乡镇已没有（从备份恢复前的数据），不计入指标："
                                  "乡镇仍有这些记录的，请乡镇导出时勾选“发送全部数据”；乡镇已没有的（电脑坏了用旧备份恢复），"
                                  "县里保留这些记录，写回执给乡镇：回执列出这些记录，乡镇按纸质材料补录"]


def test_a_year_whose_records_are_all_set_aside_is_not_called_empty(world, valid_record):
    """Its 2025 records are there, uncounted: the set-aside line says so and what to do, not 本年没有记录."""
    town = world.town()
    study(town.store, "2025-03-01", valid_record)
    world.import_(world.export(town).path)
    [(record_id,)] = world.county.conn.execute("SELECT id FROM law_study").fetchall()
    with world.county.conn:  # as core/bundle/lost.py sets one aside
        world.county.conn.execute("INSERT INTO set_aside VALUES (?, ?, 'law_study', NULL, 'b', '2026-06-01T08:00:00Z')",
                                  [record_id, town.code])
    assert row(world, 2025, town.code).problems() == ["1 条记录的版本乡镇已没有（从备份恢复前的数据），不计入指标："
                                                      "乡镇仍有这些记录的，请乡镇导出时勾选“发送全部数据”；乡镇已没有的（电脑坏了用旧备份恢复），"
                                                      "县里保留这些记录，写回执给乡镇：回执列出这些记录，乡镇按纸质材料补录"]


def test_a_bundle_made_after_midnight_beijing_time_holds_the_whole_year_on_a_utc_pc(world, clock, utc_pc):
    """03:00 on 1 January 2027 in Haiyuan is 19:00 on 31 December UTC: a county PC set to UTC said the bundle was
    made before the year's end (the * and 请乡镇再导出一个数据包报送) though it holds the whole of 2026."""
    town = world.town()
    clock.set(datetime(2026, 12, 31, 19, 0, tzinfo=UTC))
    assert world.import_(world.export(town).path).ok
    clock.set(datetime(2027, 1, 10, 2, 0, tzinfo=UTC))
    assert completeness(world.county, 2026).not_all_arrived() == {}


def test_the_year_is_over_at_midnight_beijing_time_on_a_utc_pc(world, clock, utc_pc):
    """A bundle made at 18:00 on 31 December (Beijing time): at 04:00 on New Year's Day in Haiyuan (20:00 UTC) the
    year is over and the township's December may not all be at the county; a UTC PC's day was still 31 December."""
    town = world.town()
    clock.set(datetime(2026, 12, 31, 10, 0, tzinfo=UTC))
    assert world.import_(world.export(town).path).ok
    clock.set(datetime(2026, 12, 31, 20, 0, tzinfo=UTC))
    comp = completeness(world.county, 2026)
    assert comp.not_all_arrived() == {town.code: datetime(2026, 12, 31).date()}
    assert "2026年已结束" in comp.note
