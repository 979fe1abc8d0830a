# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""数据包记录: what a township sent and what the county confirmed; what the county imported and what each brought."""

from __future__ import annotations

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle.exchanges import received_bundles, received_row, sent_row, township_exchanges

ACTOR = "杨芳"


def add(town, valid_record, **values):
    return town.store.save("meeting", valid_record("meeting", **values), ACTOR)


def test_before_the_first_export_there_is_nothing_to_show(world):
    sent = township_exchanges(world.town().store)
    assert sent.bundles == [] and sent.summary == "还没有导出过数据包。"


def test_the_township_sees_which_bundles_the_county_confirmed(world, valid_record, beijing_time):
    town = world.town()
    add(town, valid_record)
    add(town, valid_record)
    world.import_(world.export(town).path)
    sent = township_exchanges(town.store)
    assert sent.summary == "上次导出：第 1 号，2026-06-01 16:00。尚未导入县级回执。"
    assert sent.bundles[0].county_state == "尚未确认"
    world.receipt(town)
    add(town, valid_record)
    world.export(town)
    sent = township_exchanges(town.store)
    assert [b.sequence for b in sent.bundles] == [2, 1]  # newest first
    assert sent.summary.endswith("县司法局已确认收到变更第 2 条为止的全部数据；此后的 1 条变更尚未确认。")
    assert sent_row(sent.bundles[0]) == ["2", "2026-06-01 16:00", ACTOR, "增量", "第 3 条", "1", "0", "尚未确认"]
    assert sent_row(sent.bundles[1])[4:] == ["第 1–2 条", "2", "0", "已确认（2026-06-01）"]


def test_a_lost_bundle_whose_changes_arrived_in_a_later_one_says_so(world, valid_record):
    """The stick with bundle 1 was lost; bundle 2 (everything since the last receipt) carried the same changes."""
    town = world.town()
    add(town, valid_record)
    world.export(town)  # lost on the way
    add(town, valid_record)
    world.import_(world.export(town).path)
    world.receipt(town)
    sent = township_exchanges(town.store)
    assert [(b.sequence, b.county_state[:3]) for b in sent.bundles] == [(2, "已确认"), (1, "内容已")]
    assert sent.bundles[1].county_state == "内容已由其他数据包送达"
    assert sent.summary.endswith("本所的变更都已送达。")


def test_the_county_sees_each_imported_bundle_once_with_what_it_brought(world, valid_record):
    first, second = world.town("640522100"), world.town("640522101")
    add(first, valid_record)
    add(second, valid_record)
    add(second, valid_record)
    path = world.export(first).path
    world.import_(path)
    world.import_(path)  # a replay changes nothing and is not listed again
    world.import_(world.export(second).path)
    every = received_bundles(world.county)
    assert [(b.township, b.sequence, b.new) for b in every] == [("640522101", 1, 2), ("640522100", 1, 1)]
    assert [b.township for b in received_bundles(world.county, "640522100")] == ["640522100"]
    assert received_row(every[1])[:3] == ["640522100", "海城镇司法所", "1"]
    assert received_row(every[1])[5:] == ["1", "0", "0", "0", "0", "fazhi-640522100-000001.tar.age"]
