# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A year-end import of a stick of bundles: the restored backup's bundle said a meeting 已不计入指标, and the next
bundle, from the PC that still had the meeting, brought it back into the figures without a word, so the reviewer
took 三河镇's T40a to lack it and asked the township to enter it again (rf-yearend)."""

from __future__ import annotations

from bundle_world import TOWN_PASS, county_template, make_conflict, set_aside_by_restore, world  # noqa: F401

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.bundle.import_report import brief
from fazhi_desktop.core.store import Store


def test_a_record_set_aside_and_brought_back_is_said_to_count_again(world, valid_record):
    town, record = make_conflict(world, valid_record)
    assert world.county.aside_of([record.id]) == {record.id}  # the restored PC no longer has the version held
    number = world.county.get(record.id).number
    town.store.save("meeting", valid_record("meeting", title="十二月党委会"), "杨芳")  # the PC that kept it sends
    report = world.import_(world.export(town).path)
    assert world.county.aside_of([record.id]) == set()
    assert report.counted_again and report.counted_again[0].startswith(number)
    said = "\n".join(report.lines())
    assert f"此前不计入指标的 1 条记录（{number}" in said and "已恢复计入指标" in said, said
    assert "已恢复计入指标" in brief(report)


def test_a_record_set_aside_then_deleted_by_the_township_is_not_said_to_count_again(world, valid_record):
    """The restored PC deleted the meeting the county had set aside (edited, then deleted: a later revision than
    the county's): the county deletes it too, and it leaves 不计入, but it does not count again; the report said
    `已恢复计入指标，无需乡镇补录` of a meeting no figure holds."""
    town = world.town()
    record = town.store.save("meeting", valid_record("meeting", title="十一月党委会"), "杨芳")
    set_aside_by_restore(world, town, valid_record, "meeting", record.id, {"location": "会议室甲"})
    restored = Store.open(world.root / "backup.db", world.ledgers, world.clock)
    try:
        restored.save("meeting", {**restored.get(record.id).values, "location": "会议室乙"}, "杨芳",
                      record_id=record.id)
        restored.delete(record.id, "杨芳")
        signer = keymod.unlock_township_key(restored, TOWN_PASS)
        report = world.import_(export_bundle(restored, world.root / "usb-restored", signer).path)
    finally:
        restored.close()
    assert report.ok, report.error
    assert world.county.aside_of([record.id]) == set() and world.county.get(record.id, include_deleted=True).deleted
    assert not report.counted_again
    assert "已恢复计入指标" not in "\n".join(report.lines())
