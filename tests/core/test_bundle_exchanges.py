# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""数据包记录: what a township sent and what the county confirmed; what the county imported and what each brought."""

from __future__ import annotations

from bundle_world import conflicted, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle.exchanges import (
    arrival_row,
    bundle_arrivals,
    received_bundles,
    received_row,
    sent_row,
    township_exchanges,
)

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
    assert sent.bundles[1].kind == "全部变更"  # no receipt had come: it carried the change log from entry 1


def test_an_empty_bundle_is_said_to_need_no_delivery(world, valid_record):
    town = world.town()
    add(town, valid_record)
    world.import_(world.export(town).path)
    world.receipt(town)
    world.export(town)  # nothing new: the wizard said it need not be sent
    add(town, valid_record)
    world.import_(world.export(town).path)
    sent = township_exchanges(town.store)
    assert [(b.sequence, b.kind, b.county_state) for b in sent.bundles[:2]] == [
        (3, "增量", "尚未确认"), (2, "增量", "无新变更，不必送县")]


def test_a_bundle_of_roster_changes_alone_is_news_for_the_county(world, valid_record):
    """A leader's 离任日期 set in the roster is no change-log entry, but 领导干部述法 at the county depends on it."""
    from fazhi_desktop.core.bundle.export import plan_export
    from fazhi_desktop.core.people import add_person

    town = world.town()
    add(town, valid_record)
    world.import_(world.export(town).path)
    world.receipt(town)
    assert not plan_export(town.store).snapshot.has_news
    add_person(town.store, ACTOR, "马明", roles=["主要负责同志"], joined_on="2021-03-01")
    plan = plan_export(town.store)
    assert plan.snapshot.has_news and not plan.snapshot.changes
    world.import_(world.export(town).path)
    assert township_exchanges(town.store).bundles[0].county_state == "尚未确认"
    assert world.county.conn.execute("SELECT count(*) FROM township_people").fetchone()[0] == 1
    world.receipt(town)
    assert not plan_export(town.store).snapshot.has_news  # acknowledged: nothing new again


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
    assert received_row(every[1])[5:] == ["1", "0", "0", "0", "0", "fazhi-640522100-000001.tar.age", ""]


def test_a_renamed_bundle_is_imported_by_its_content_and_the_list_says_so(world, valid_record):
    town = world.town()
    add(town, valid_record)
    path = world.export(town).path
    renamed = path.rename(path.with_name("fazhi-640522105-000002.tar.age"))  # a stick where files were renamed
    report = world.import_(renamed)
    assert report.ok and report.new == 1
    note = ("文件名与内容不符：内容是海城镇（640522100）的第 1 号数据包（原名 fazhi-640522100-000001.tar.age），"
            "以内容为准")
    assert note in report.notes
    [bundle] = received_bundles(world.county)
    assert received_row(bundle)[-2:] == ["fazhi-640522105-000002.tar.age", note]


def test_the_county_sees_record_by_record_what_each_bundle_brought(world, valid_record):
    town = world.town()
    kept = add(town, valid_record, title="第一次专题会议")
    add(town, valid_record, title="第二次专题会议")
    study = town.store.save("law_study", valid_record("law_study"), ACTOR)
    first = world.export(town).path
    world.import_(first)
    town.store.save("meeting", {"location": "三楼会议室"}, ACTOR, record_id=kept.id)
    world.import_(world.export(town, full=True).path)  # the meeting updated; the other two unchanged
    world.import_(first)  # a replay: not a new entry, and nothing recorded for it
    [second, one] = received_bundles(world.county)
    rows = [arrival_row(world.county, a) for a in bundle_arrivals(world.county, one)]
    assert [(r[0], r[1], r[4], r[5]) for r in rows] == [
        ("新增", "会议", "第一次专题会议", "1"), ("新增", "会议", "第二次专题会议", "1"),
        ("新增", "学法活动", study["topic"], "1")]
    # unchanged records are counted, not listed; the list names the version the bundle carried
    assert (second.updated, second.unchanged) == (1, 2)
    assert [(a.outcome, a.record.id, a.revision) for a in bundle_arrivals(world.county, second)] == [
        ("updated", kept.id, 2)]
    assert received_bundles(world.county, "640522100", 2) == [second]
    assert received_bundles(world.county, "640522100", 3) == []


def test_a_conflict_is_listed_as_such(conflicted):
    world, _, record = conflicted
    restored = received_bundles(world.county)[0]  # the bundle that brought the conflict
    [arrival] = bundle_arrivals(world.county, restored)
    assert (arrival.outcome, arrival.record.id, arrival.revision) == ("conflict", record.id, 2)
    assert arrival_row(world.county, arrival)[0] == "冲突"


def test_bundles_imported_out_of_order_list_the_older_versions_as_not_applied(world, valid_record):
    town = world.town()
    edited = add(town, valid_record)
    add(town, valid_record)
    first = world.export(town).path
    town.store.save("meeting", {"location": "三楼会议室"}, ACTOR, record_id=edited.id)
    world.import_(world.export(town).path)  # number 2 first (no receipt yet: it carries both records again)
    world.import_(first)
    [one] = received_bundles(world.county, "640522100", 1)
    assert (one.older, one.unchanged) == (1, 1)
    assert [(a.outcome, a.record.id, a.revision) for a in bundle_arrivals(world.county, one)] == [
        ("older", edited.id, 1)]
    assert world.county.get(edited.id).revision == 2


def test_a_bundle_imported_before_the_list_was_kept_says_so(world, valid_record):
    town = world.town()
    add(town, valid_record)
    world.import_(world.export(town).path)
    world.county.conn.execute("DELETE FROM received_records")  # as a county database of an earlier version holds it
    [bundle] = received_bundles(world.county)
    assert bundle.new == 1 and bundle_arrivals(world.county, bundle) is None
