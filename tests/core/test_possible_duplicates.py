# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""可能重复 is defined once (db.twins_sql): the warning a clerk gets as she saves and the scorer's 可能重复 in a
drill-down name the same records, at a township and at the county, whatever was deleted or set aside."""

from __future__ import annotations

from datetime import date

from bundle_world import TOWN_PASS, copy_database, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.indicators import drill, load_catalog_for
from fazhi_desktop.core.store import Store

ACTOR = "杨芳"
JANUARY = date(2026, 1, 15)  # the scorer's day: 2025 is over
DAY, TOPIC = "2025-11-10", "学习《行政复议法》"


def study(store, topic=TOPIC, day=DAY):
    return store.save("law_study", {"activity_type": "会前学法", "topic": topic, "held_on": day}, ACTOR)


def warned(store: Store, record_id: str) -> tuple[str, ...]:
    """The twins the save-time check names for a stored record (what its warning at 学习内容 lists)."""
    ledger = store.ledger("law_study")
    record = store.get(record_id)
    return tuple(store.lookups(ledger, record.values, record.id).twins(record["held_on"], record["topic"]))


def scored(store: Store) -> dict[str, tuple[str, ...]]:
    """Record id -> the twins the scorer's drill-down of T46a (会前学法, 2025) names, every township."""
    found = drill(store, load_catalog_for(store), "T46a", 2025, today=JANUARY).records
    return {ref.id: ref.twins for ref in found}


def test_the_save_warning_and_the_drill_down_name_the_same_twins_at_a_township(store):
    first, second, gone = study(store), study(store), study(store)
    other_day, other_topic = study(store, day="2025-11-11"), study(store, topic="学习《民法典》")
    store.delete(gone.id, ACTOR)
    by_scorer = scored(store)
    assert set(by_scorer) == {first.id, second.id, other_day.id, other_topic.id}  # the deleted one is not counted
    assert by_scorer[first.id] == (second.number,) and by_scorer[second.id] == (first.number,)
    assert by_scorer[other_day.id] == by_scorer[other_topic.id] == ()
    assert {rid: warned(store, rid) for rid in by_scorer} == by_scorer


def test_the_save_warning_and_the_drill_down_name_the_same_twins_at_the_county(world):
    """At the county the warning looked for twins among the county's own records (it has none), so a received
    record showed no warning where the scorer's list said 可能重复; and a record set aside (its township restored a
    backup without it) counted for neither the figure nor the scorer, but for the warning."""
    haicheng, other = world.town("640522100"), world.town("640522101")
    first, second, gone = study(haicheng.store), study(haicheng.store), study(haicheng.store)
    haicheng.store.delete(gone.id, ACTOR)
    elsewhere = study(other.store)  # the same day and title in another township: not a twin
    world.import_(world.export(haicheng).path)
    world.import_(world.export(other).path)
    backup = copy_database(world, haicheng)
    lost = study(haicheng.store)  # sent, then lost when the township restored the backup made before it
    world.import_(world.export(haicheng).path)
    restored = Store.open(backup, world.ledgers, world.clock)
    try:
        study(restored, topic="恢复后新录入")
        (world.root / "usb-restored").mkdir()
        signer = keymod.unlock_township_key(restored, TOWN_PASS)
        assert world.import_(export_bundle(restored, world.root / "usb-restored", signer).path).set_aside
    finally:
        restored.close()
    county = world.county
    assert county.conn.execute("SELECT record_id FROM set_aside").fetchall() == [(lost.id,)]
    by_scorer = scored(county)
    assert first.id in by_scorer and lost.id not in by_scorer and gone.id not in by_scorer
    assert by_scorer[first.id] == (second.number,) and by_scorer[second.id] == (first.number,)
    assert by_scorer[elsewhere.id] == ()
    assert {rid: warned(county, rid) for rid in by_scorer} == by_scorer

