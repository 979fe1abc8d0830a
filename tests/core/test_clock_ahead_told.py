# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A township whose clock ran a year ahead: its meeting held in 2026 is dated 2027 and left out of the county's
2026 figure. The import report said the bundle's made time once; 数据完整性's 需关注, where the reviewer looks before
she signs the year's figures, said nothing, nor did the receipt, the one word that goes back to the township."""

from __future__ import annotations

from datetime import UTC, datetime

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.indicators.completeness import completeness


def ahead_town(world, valid_record, code="640522105"):
    """七营镇, its PC's clock on 2027-06-20 while the county's is in June 2026, with a meeting dated by that clock
    and one dated right."""
    right = world.clock
    world.clock = type(right)(datetime(2027, 6, 20, 8, 0, tzinfo=UTC))
    try:
        town = world.town(code)
    finally:
        world.clock = right
    ahead = town.store.save("meeting", valid_record("meeting", title="按走快的日期登记", held_on="2027-06-20"), "杨芳")
    town.store.save("meeting", valid_record("meeting"), "杨芳")  # 2026-03-05
    return town, ahead


def row(world, code, year=2026):
    return next(t for t in completeness(world.county, year).townships if t.code == code)


def test_records_dated_after_today_are_named_in_the_reviewers_attention_column(world, valid_record):
    town, record = ahead_town(world, valid_record)
    world.import_(world.export(town).path)
    said = row(world, town.code).attention()
    assert said.startswith("1 条记录的日期在今天之后：会议 〔2027〕会记字第1号（2027-06-20）；"
                           "请乡镇核对电脑的日期和时间")
    assert "改正记录的日期后导出数据包报送" in said
    assert row(world, town.code).records["meeting"] == 1  # the 2026 figure counts the one dated right only

    # put right at the township: nothing more to say
    town.store.save("meeting", {**record.values, "held_on": "2026-05-20"}, "杨芳", record_id=record.id)
    world.import_(world.export(town).path)
    assert "今天之后" not in row(world, town.code).attention()
    assert row(world, town.code).records["meeting"] == 2


def test_a_receipt_written_before_the_bundle_it_confirms_was_made_tells_the_township_its_clock_is_ahead(
        world, valid_record):
    town, _record = ahead_town(world, valid_record)
    world.import_(world.export(town).path)
    result = world.receipt(town)
    assert result.needs_attention  # a warning box, not plain information
    text = result.text()
    assert ("注意：县里写这份回执的时间是 2026-06-01 16:00（北京时间），早于本所制作第 1 号数据包的时间 "
            "2027-06-20 16:00（按本机时间）：本机的日期和时间可能走快了") in text
    assert "确认“电脑时间无误”" in text and "请逐条核对，改正后再导出数据包报送" in text


def test_a_township_with_a_right_clock_is_told_nothing_of_it(world, valid_record):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    world.import_(world.export(town).path)
    world.clock.advance(days=30)  # the stick came back a month later: the receipt is written after the bundle
    result = world.receipt(town)
    assert result.clock is None and not result.needs_attention and "走快" not in result.text()
    assert row(world, town.code).attention() == ""
