# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""At the county, a township's paper of a revision the county has not received yet (edited and printed at the
township after its last bundle) read "核验码中的版次多半抄写有误，或纸面来自另一个数据库": a genuine paper taken for a
mistyped or foreign one. The county is told that the township has not sent that revision yet, as it was before a
check of revisions above the database's own was added for restores at a township."""

from __future__ import annotations

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.documents.verify import check_print, print_code


def test_a_revision_the_township_has_not_sent_is_not_called_mistyped(world, valid_record):
    town = world.town()
    meeting = town.store.save("meeting", valid_record("meeting"), "杨芳")
    world.import_(world.export(town).path)
    edited = town.store.save("meeting", {**meeting.values, "title": "2026年第3次乡镇政府常务会议（更正）"}, "杨芳",
                             record_id=meeting.id)
    code = print_code(town.store, edited)  # printed at the township, not sent yet
    check = check_print(world.county, code)
    assert check.status == "unknown"
    assert "多半抄写有误" not in check.message and "另一个数据库" not in check.message
    assert "乡镇报送" in check.message and "第 2 版" in check.message
