# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A township whose PC clock ran a year ahead for a week, as the county meets it: a bundle made then says 2028 and
closes 2027 "on 2028-01-03"; once the clock is put right and the 所长 has confirmed it (and reopened 2027), the
bundles made in 2027 come in, in sequence, their changes applied, the county told that the township's clock was
wrong, and the year's closing read in the order it happened, whatever order the bundles' own times say."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
import review_steps
from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core import reopened_years, year_close
from fazhi_desktop.core.bundle.apply import import_bundles
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.clock_behind import confirm
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.indicators.views import completeness_view

HEAD = "杨芳"
REASON = "电脑时间曾不对，2027年尚未结束"
#: the import report's notes on the clock, in Beijing time as the year log's times beside them
AHEAD_SAID = ("数据包的制作时间 2028-01-03 09:00（北京时间）晚于本机现在的时间 2027-01-05 09:00："
              "乡镇电脑的时间可能走快了")
CONFIRMED_SAID = ("乡镇电脑的时间曾经走快：所长或管理员已于 2027-01-10 09:00（北京时间）确认电脑时间无误，"
                  "乡镇此前记下的晚于那时的时间（最晚 2028-01-03 09:00）是电脑时间走快时记下的；"
                  "县里收到的第 2 号（制作时间 2028-01-03 09:00）数据包是那时制作的，实际制作于本数据包之前")


def at(month: int, day: int, year: int = 2027) -> datetime:
    """09:00 in Beijing."""
    return datetime(year, month, day, 1, 0, tzinfo=UTC)


@pytest.fixture
def township(world, clock, valid_record, beijing_time):
    """The county's own clock (right all along), and the township's bundles: 第1号 made 2027-01-02; 第2号 made with
    the clock a year ahead ("2028-01-03": a meeting, 2027 closed); then, the clock put right on 2027-01-10 and
    confirmed, 2027 reopened and a meeting corrected, 第3号. Returns (town, the three bundle files, the meeting)."""
    county_clock = type(clock)(at(1, 2))  # the county's own
    world.county.clock = county_clock
    town = world.town()
    clock.set(at(1, 2))
    meeting = town.store.save("meeting", valid_record("meeting", held_on="2027-01-02", title="一月初的会议"), HEAD)
    review_steps.submit(town.store, meeting.id, HEAD)
    first = world.export(town).path
    clock.set(at(1, 3, 2028))
    town.store.save("meeting", valid_record("meeting", held_on="2028-01-03", title="走快时登记的会议"), HEAD)
    year_close.close_year(town.store, 2027, HEAD)
    second = world.export(town).path
    clock.set(at(1, 10))
    with pytest.raises(BundleError, match="早于本所上次导出数据包的时间（2028-01-03 09:00）"):
        world.export(town)
    confirm(town.store, HEAD)
    with pytest.raises(BundleError, match="2027年的封账时间 2028-01-03 09:00（北京时间）是电脑时间走快时记下的"):
        world.export(town)
    year_close.reopen_year(town.store, 2027, REASON, HEAD)
    review_steps.reopen(town.store, meeting.id, "会议地点录错", HEAD)
    town.store.save("meeting", {"location": "会议室乙"}, HEAD, record_id=meeting.id)
    third = world.export(town).path
    return town, (first, second, third), meeting, county_clock


def row_2027(world, town):
    view = completeness_view(world.county, completeness(world.county, 2027))
    return next(row for row in view.rows if row[1] == town.code)


def test_the_county_takes_the_bundles_made_after_the_clock_was_put_right_in_sequence(world, township):
    town, (first, second, third), meeting, county_clock = township
    assert world.import_(first).ok
    county_clock.set(at(1, 5))
    report = world.import_(second)
    assert report.ok
    assert any(note.startswith(AHEAD_SAID) for note in report.notes)
    county_clock.set(at(1, 11))
    report = world.import_(third)
    assert report.ok and report.updated == 1 and not report.set_aside
    held = world.county.conn.execute("SELECT location FROM meeting WHERE id = ?", [meeting.id]).fetchone()[0]
    assert held == "会议室乙"  # the change made after the clock was put right is the county's
    assert (f"2027年（县里已知 2028-01-03 封账）已于 2027-01-10 09:00（北京时间）"
            f"重新打开（原因：{REASON}）；本数据包改动了该年"
            " 1 条记录：会议 〔2027〕会记字第1号") in "\n".join(report.notes)  # before: 县里此前没有该年封账的消息
    assert CONFIRMED_SAID in "\n".join(report.notes)
    row = row_2027(world, town)
    assert "已重新打开（2027-01-10）" in row  # before: 已封账（2028-01-03）, from the bundle dated last
    # before: the reopening 在乡镇的年度封账日志中已没有…请向乡镇核实
    assert ("本年度 2028-01-03 09:00（北京时间，乡镇电脑时间走快时所记）封账后于 2027-01-10 09:00 重新打开"
            f"（原因：{REASON}），记录可能已变动") in row[2]


def test_the_next_bundles_are_taken_too_and_the_clock_is_told_once(world, township, clock, valid_record):
    town, files, _meeting, county_clock = township
    for path in files:
        assert world.import_(path).ok
    clock.set(at(1, 20))
    town.store.save("meeting", valid_record("meeting", held_on="2027-01-20", title="一月下旬的会议"), HEAD)
    county_clock.set(at(1, 21))
    report = world.import_(world.export(town).path)
    assert report.ok and report.new == 1
    assert report.notes == ["2027年仍为重新打开（2027-01-10）；本数据包改动了该年 1 条记录：会议 〔2027〕会记字第2号，"
                            "该年已评定的指标可能随之改变"]  # the clock's note came with 第3号, once
    assert "已重新打开（2027-01-10）" in row_2027(world, town)


@pytest.mark.parametrize("order", [(0, 1, 2), (0, 2, 1)], ids=["on one stick", "the ahead one late"])
def test_the_order_they_arrive_in_does_not_matter(world, township, order):
    """All three on one stick (imported at the same moment), or 第2号 found in a drawer after 第3号 was imported: the
    county reads the year as the township lived it."""
    town, files, _meeting, county_clock = township
    county_clock.set(at(1, 15))
    if order == (0, 1, 2):
        reports = import_bundles(world.county, list(files), world.keys, "马县级")
    else:
        reports = [world.import_(files[i]) for i in order]
    assert all(report.ok for report in reports)
    row = row_2027(world, town)
    assert "已重新打开（2027-01-10）" in row
    story = reopened_years.year_story(world.county, town.code, 2027)
    assert story.now == ("reopen", "2027-01-10") and not story.gone


def test_the_bundle_made_ahead_and_found_late_is_not_taken_for_a_restore(world, township):
    """第3号 was made after the clock was confirmed right, at the latest time recorded while it ran ahead: the very
    second 第2号 says it was made. Of two bundles made at the same second the lower number was made first (as the
    county orders them), so 第2号, found after 第3号 was imported, is no restored backup's exported at once."""
    town, files, _meeting, county_clock = township
    county_clock.set(at(1, 15))
    reports = [world.import_(files[i]) for i in (0, 2, 1)]
    assert all(report.ok for report in reports)
    late = "\n".join(reports[-1].notes)
    assert "第 2 号早于已收到的第 3 号" in late
    assert "从备份恢复" not in late and "已没有" not in late  # before: 2027年乡镇从备份恢复或重装过…乡镇已没有
    assert world.county.conn.execute("SELECT history FROM bundles_received WHERE sequence = 2").fetchone() == ("same",)
    row = row_2027(world, town)
    assert "已重新打开（2027-01-10）" in row and "已没有" not in row[2]


def test_a_bundle_dated_ahead_does_not_make_the_year_look_complete(world, township):
    """The county takes a township's year as whole once its newest bundle was made after 31 December: the bundle
    dated 2028 was made on 2027-01-03 at the latest (the county had it on 2027-01-05)."""
    town, (first, second, _third), _meeting, county_clock = township
    world.import_(first)
    county_clock.set(at(1, 5))
    world.import_(second)
    comp = completeness(world.county, 2027, today=at(1, 5, 2028).date())
    assert comp.not_all_arrived() == {town.code: at(1, 5).date()}


def test_the_ahead_mark_closes_the_time_without_a_space():
    """The bracket with the clock-ahead words closes the time as 北京时间's own does: no space kept after it."""
    ahead = reopened_years.AHEAD
    said = reopened_years._beijing_once(f"本年度 2028-01-03 09:00{ahead} 封账后于 2027-01-10 09:00 重新打开")
    assert said == "本年度 2028-01-03 09:00（北京时间，乡镇电脑时间走快时所记）封账后于 2027-01-10 09:00 重新打开"


def test_the_clock_notes_give_beijing_time_on_a_county_pc_set_to_another_zone(world, township, monkeypatch):
    """On a county PC set to UTC the clock notes gave 01:00 for the 所长's confirmation at 09:00, beside the reopening
    the same report gave at 09:00（北京时间）: the year log's times are Beijing time, and so are theirs."""
    _town, (first, second, third), _meeting, county_clock = township
    monkeypatch.setenv("TZ", "UTC0")
    time.tzset()
    assert world.import_(first).ok
    county_clock.set(at(1, 5))
    assert any(note.startswith(AHEAD_SAID) for note in world.import_(second).notes)
    county_clock.set(at(1, 11))
    notes = "\n".join(world.import_(third).notes)
    assert CONFIRMED_SAID in notes and "已于 2027-01-10 09:00（北京时间）重新打开" in notes
