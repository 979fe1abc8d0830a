# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A township PC whose CMOS battery ran out: one Monday its clock said 2009-01-01 08:00, the clerk did not notice for
a week and saved the week's meetings on the form's default date (today: 2009), and a technician set the clock right.
The bundle then made is right by the township's clock and nothing at either end said the week's records were dated
and numbered 2009 (counted in 2009's figures, missing from the year's). The county's import now says so from the
township's change log, naming the records dated on the day the wrong clock gave; a date typed from paper is not
named, nor the records of a township whose clock ran ahead and was confirmed right."""

from __future__ import annotations

from datetime import UTC, datetime

from bundle_world import TOWN_PASS, copy_database, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.apply import STALE_NOTE
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.clock_behind import confirm
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.store import Store

HEAD = "杨芳"
WENT_BACK = "乡镇电脑的时间曾经慢了"


def at(year: int, month: int, day: int) -> datetime:
    """09:00 in Beijing."""
    return datetime(year, month, day, 1, 0, tzinfo=UTC)


def sent_then_gone_back(world, clock, valid_record):
    """A township that sent a meeting of 2026-11-16 and had its receipt, its clock then at 2009-01-01 09:00."""
    town = world.town()
    clock.set(at(2026, 11, 16))
    town.store.save("meeting", valid_record("meeting", held_on="2026-11-16"), HEAD)
    world.import_(world.export(town).path)
    world.receipt(town)
    clock.set(at(2009, 1, 1))
    return town


def test_the_week_dated_2009_is_named_to_the_county(world, clock, valid_record, beijing_time):
    town = world.town()
    clock.set(at(2026, 11, 16))
    town.store.save("meeting", valid_record("meeting", held_on="2026-11-16"), HEAD)
    assert world.import_(world.export(town).path).notes == []
    world.receipt(town)
    for day in range(1, 4):  # the battery gone: the form's default date is the clock's
        clock.set(at(2009, 1, day))
        town.store.save("meeting", valid_record("meeting", held_on=f"2009-01-0{day}", title=f"周会{day}"), HEAD)
    town.store.save("meeting", valid_record("meeting", held_on="2026-11-18", title="照纸质记录补录"), HEAD)
    clock.set(at(2026, 11, 23))  # the technician set it right: the export goes as any other
    report = world.import_(world.export(town).path)
    assert report.new == 4
    said = [note for note in report.notes if note.startswith(WENT_BACK)]
    assert said == ["乡镇电脑的时间曾经慢了：3 条记录是在电脑日期为 2009-01-01 至 2009-01-03（北京时间）时新增的，"
                    "早于乡镇此前记下的时间（2026-11-16 09:00），记录的日期就是电脑当天的日期，可能记错了年份"
                    "（〔2009〕会记字第1号、〔2009〕会记字第2号、〔2009〕会记字第3号），现计入2009年：请乡镇核对并改正"
                    "这些记录的日期，随下一个数据包报送"]  # the one typed from paper (2026-11-18) is hers
    assert next(t for t in completeness(world.county, 2009).townships if t.code == town.code).records["meeting"] == 3


def test_a_clock_that_ran_ahead_and_was_confirmed_right_names_nothing(world, clock, valid_record, beijing_time):
    town = world.town()
    clock.set(at(2026, 11, 16))
    town.store.save("meeting", valid_record("meeting", held_on="2026-11-16"), HEAD)
    world.import_(world.export(town).path)
    clock.set(at(2027, 11, 28))  # a year ahead for a few days
    town.store.save("meeting", valid_record("meeting", held_on="2027-11-28", title="走快时登记的会议"), HEAD)
    world.import_(world.export(town).path)
    clock.set(at(2026, 11, 30))
    town.store.save("meeting", valid_record("meeting", held_on="2026-11-30", title="改正后登记的会议"), HEAD)
    confirm(town.store, HEAD)
    report = world.import_(world.export(town).path)
    assert report.new == 1
    assert not [note for note in report.notes if note.startswith(WENT_BACK)]


def test_a_clock_set_right_within_the_day_names_nothing(world, clock, valid_record, beijing_time):
    town = world.town()
    clock.set(datetime(2026, 11, 16, 12, tzinfo=UTC))  # 20:00, a zone set wrong and put right
    town.store.save("meeting", valid_record("meeting", held_on="2026-11-16"), HEAD)
    clock.set(at(2026, 11, 16))
    town.store.save("meeting", valid_record("meeting", held_on="2026-11-16", title="次日"), HEAD)
    report = world.import_(world.export(town).path)
    assert not [note for note in report.notes if note.startswith(WENT_BACK)]


def test_the_time_the_clock_went_behind_is_the_one_recorded_before_it(world, clock, valid_record, beijing_time):
    """Once the clock is right the clerk goes on saving: the note still names the time the wrong clock was behind
    (2026-11-16), not a time recorded after it (it said 早于乡镇此前记下的时间（2026-11-23 09:00）)."""
    town = sent_then_gone_back(world, clock, valid_record)
    town.store.save("meeting", valid_record("meeting", held_on="2009-01-01", title="周会"), HEAD)
    clock.set(at(2026, 11, 23))
    town.store.save("meeting", valid_record("meeting", held_on="2026-11-23", title="改正后登记"), HEAD)
    said = [n for n in world.import_(world.export(town).path).notes if n.startswith(WENT_BACK)]
    assert len(said) == 1 and "早于乡镇此前记下的时间（2026-11-16 09:00）" in said[0]


def test_a_record_deleted_meanwhile_is_not_named(world, clock, valid_record, beijing_time):
    """A record added on the wrong day and deleted before the bundle is not counted: not named as 现计入2009年."""
    town = sent_then_gone_back(world, clock, valid_record)
    kept = town.store.save("meeting", valid_record("meeting", held_on="2009-01-01", title="周会"), HEAD)
    gone = town.store.save("meeting", valid_record("meeting", held_on="2009-01-01", title="重复录入"), HEAD)
    town.store.delete(gone.id, HEAD)
    clock.set(at(2026, 11, 23))
    said = [n for n in world.import_(world.export(town).path).notes if n.startswith(WENT_BACK)]
    assert len(said) == 1 and "：1 条记录" in said[0] and kept.number in said[0] and gone.number not in said[0]


def test_a_bundle_the_township_abandoned_by_restoring_names_nothing(world, clock, valid_record, beijing_time):
    """A bundle made before the township restored a backup, imported after the restore's: its log is not the one
    held, and what it added a week before the restored history's entries of the same numbers was added on a right
    clock (the county does not count it: 本数据包较旧)."""
    town = world.town()
    clock.set(at(2026, 11, 2))
    town.store.save("meeting", valid_record("meeting", held_on="2026-11-02"), HEAD)
    world.import_(world.export(town).path)
    world.receipt(town)
    backup = copy_database(world, town)
    clock.set(at(2026, 11, 5))
    town.store.save("meeting", valid_record("meeting", held_on="2026-11-05", title="备份后"), HEAD)
    world.import_(world.export(town).path)
    world.receipt(town)
    for day in (7, 9):
        clock.set(at(2026, 11, day))
        town.store.save("meeting", valid_record("meeting", held_on=f"2026-11-0{day}", title=f"备份后{day}"), HEAD)
    late = world.export(town).path  # taken to the county only after the restore's
    clock.set(at(2026, 11, 20))  # the disk failed: the backup of 11-02 restored
    restored = Store.open(backup, world.ledgers, world.clock)
    try:
        for day in (20, 21, 22):
            clock.set(at(2026, 11, day))
            restored.save("meeting", valid_record("meeting", held_on=f"2026-11-{day}", title=f"恢复后{day}"), HEAD)
        (world.root / "usb-restored").mkdir()
        signer = keymod.unlock_township_key(restored, TOWN_PASS)
        path = export_bundle(restored, world.root / "usb-restored", signer).path
    finally:
        restored.close()
    world.import_(path)
    report = world.import_(late)
    assert STALE_NOTE in report.notes
    assert not [note for note in report.notes if note.startswith(WENT_BACK)]


def test_a_clock_ahead_a_few_days_put_right_before_any_export_names_nothing(world, clock, valid_record,
                                                                           beijing_time):
    """A clock set three days ahead and put right the next day: the 所长 had nothing to confirm once real time
    passed the days recorded ahead, so the bundle carries no confirmation. The records saved meanwhile are dated
    right; the year is not in doubt (it named them 可能记错了年份…现计入2026年)."""
    town = world.town()
    clock.set(at(2026, 11, 2))
    town.store.save("meeting", valid_record("meeting", held_on="2026-11-02"), HEAD)
    world.import_(world.export(town).path)
    world.receipt(town)
    clock.set(at(2026, 11, 13))  # on 11-10, three days ahead
    town.store.save("meeting", valid_record("meeting", held_on="2026-11-13", title="走快时"), HEAD)
    clock.set(at(2026, 11, 11))
    town.store.save("meeting", valid_record("meeting", held_on="2026-11-11", title="改正后"), HEAD)
    clock.set(at(2026, 11, 20))
    report = world.import_(world.export(town).path)
    assert report.new == 2
    assert not [note for note in report.notes if note.startswith(WENT_BACK)]
