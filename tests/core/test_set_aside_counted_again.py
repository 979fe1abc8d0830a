# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A year-end import of a stick of bundles: the restored backup's bundle said a meeting 已不计入指标, and the next
bundle, from the PC that still had the meeting, brought it back into the figures without a word, so the reviewer
took 三河镇's T40a to lack it and asked the township to enter it again (rf-yearend)."""

from __future__ import annotations

from bundle_world import county_template, make_conflict, world  # noqa: F401

from fazhi_desktop.core.bundle.import_report import brief


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
