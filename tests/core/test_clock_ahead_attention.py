# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A township's PC clock ran three days ahead when it made its bundle; the county imported it on the 4th. The
import report said so (数据包的制作时间…晚于本机现在的时间), and 数据包记录's 说明 — but 数据完整性's 需关注 was
empty, the records' dates being right, and the reviewer who read only 数据完整性 never called the township.
Now 需关注 says it while that bundle is the township's newest, and not once a bundle made with the clock right (or
with the 所长's confirmation 电脑时间无误) arrives."""

from __future__ import annotations

from datetime import UTC, datetime

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.clock_behind import confirm
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.indicators.views import completeness_view

HEAD = "杨芳"
SAID = ("最新的第 1 号数据包的制作时间 2027-01-07 09:00（北京时间）晚于县里导入它的时间 2027-01-04 09:00："
        "乡镇电脑的时间可能走快了；请乡镇核对电脑的日期和时间，改正后由所长或管理员确认“电脑时间无误”，再导出数据包报送")


def at(month: int, day: int, year: int = 2027) -> datetime:
    """09:00 in Beijing."""
    return datetime(year, month, day, 1, 0, tzinfo=UTC)


def attention(world, town) -> str:
    view = completeness_view(world.county, completeness(world.county, 2027))
    return next(row for row in view.rows if row[1] == town.code)[2]


def made_ahead(world, clock, valid_record):
    county_clock = type(clock)(at(1, 4))
    world.county.clock = county_clock
    town = world.town()
    clock.set(at(1, 7))  # three days ahead
    town.store.save("meeting", valid_record("meeting", held_on="2027-01-03"), HEAD)  # dated right
    assert world.import_(world.export(town).path).ok
    return town, county_clock


def test_a_bundle_made_ahead_of_its_import_is_said_in_attention(world, clock, valid_record, beijing_time):
    town, _county_clock = made_ahead(world, clock, valid_record)
    assert attention(world, town) == SAID + "。"


def test_it_is_gone_once_a_bundle_made_with_the_clock_right_arrives(world, clock, valid_record, beijing_time):
    town, county_clock = made_ahead(world, clock, valid_record)
    clock.set(at(1, 10))  # put right (and past the time it recorded)
    county_clock.set(at(1, 10))
    town.store.save("meeting", valid_record("meeting", held_on="2027-01-10"), HEAD)
    assert world.import_(world.export(town).path).ok
    assert "走快" not in attention(world, town)


def test_it_is_gone_once_a_bundle_carries_the_clock_confirmed(world, clock, valid_record, beijing_time):
    town, county_clock = made_ahead(world, clock, valid_record)
    clock.set(at(1, 5))  # put right, behind what it recorded: the 所长 confirms it
    confirm(town.store, HEAD)
    county_clock.set(at(1, 5))
    town.store.save("meeting", valid_record("meeting", held_on="2027-01-05"), HEAD)
    assert world.import_(world.export(town).path).ok
    assert "走快" not in attention(world, town)


def test_a_bundle_made_within_the_days_slack_is_not_said(world, clock, valid_record, beijing_time):
    county_clock = type(clock)(at(1, 4))
    world.county.clock = county_clock
    town = world.town()
    clock.set(datetime(2027, 1, 4, 23, 0, tzinfo=UTC))  # 22 hours ahead
    town.store.save("meeting", valid_record("meeting", held_on="2027-01-04"), HEAD)
    assert world.import_(world.export(town).path).ok
    assert "走快" not in attention(world, town)
