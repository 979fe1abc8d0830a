# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A township PC whose CMOS battery ran out: one Monday its clock said 2009-01-01 08:00, the clerk did not notice for
a week and saved the week's meetings on the form's default date (today: 2009), and a technician set the clock right.
The bundle then made is right by the township's clock and nothing at either end said the week's records were dated
and numbered 2009 (counted in 2009's figures, missing from the year's). The county's import now says so from the
township's change log, naming the records dated on the day the wrong clock gave; a date typed from paper is not
named, nor the records of a township whose clock ran ahead and was confirmed right."""

from __future__ import annotations

from datetime import UTC, datetime

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.clock_behind import confirm
from fazhi_desktop.core.indicators.completeness import completeness

HEAD = "杨芳"
WENT_BACK = "乡镇电脑的时间曾经慢了"


def at(year: int, month: int, day: int) -> datetime:
    """09:00 in Beijing."""
    return datetime(year, month, day, 1, 0, tzinfo=UTC)


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
