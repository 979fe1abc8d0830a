# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""Settling a conflict at the county: both versions field by field, keep or take, moot conflicts, permissions."""

from __future__ import annotations

import pytest
from bundle_world import conflicted, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core import accounts, search
from fazhi_desktop.core.bundle.conflicts import (
    KEEP_HELD,
    SUPERSEDED,
    TAKE_INCOMING,
    differences,
    get_conflict,
    list_conflicts,
    resolve_conflict,
)
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.db import search_table
from fazhi_desktop.core.errors import Conflict, PermissionDenied
from fazhi_desktop.core.store import Store


def search_ids(store: Store, text: str) -> set[str]:
    """The meetings the search index finds for `text` (the index alone, no confirmation on the text)."""
    table = search_table("meeting")
    rows = store.query(f'SELECT m.id FROM "{table}" s JOIN meeting m ON m.rid = s.rowid WHERE "{table}" MATCH ?',
                       [search.Query(text).match])
    return {row["id"] for row in rows}


def test_a_conflict_shows_both_versions_field_by_field(conflicted):
    world, _, record = conflicted
    [conflict] = list_conflicts(world.county)
    assert (conflict.township, conflict.ledger, conflict.number, conflict.revision) == (
        "640522100", "meeting", record.number, 2)
    assert conflict.open and not conflict.superseded and conflict.status_text == "待处理"
    changed = [(d.label, d.held, d.incoming) for d in differences(world.county, conflict)]
    assert changed == [("地点", "会议室甲", "会议室乙")]


def test_keeping_the_held_version_closes_the_conflict_and_changes_no_record(conflicted):
    world, _, record = conflicted
    before = world.county.get(record.id)
    [conflict] = list_conflicts(world.county)
    closed = resolve_conflict(world.county, conflict.id, KEEP_HELD, "县局李明")
    assert not closed.open and closed.resolution == KEEP_HELD and closed.resolved_by == "县局李明"
    assert closed.status_text == "已处理：保留本县原有版本（县局李明）"
    assert world.county.get(record.id) == before
    assert list_conflicts(world.county) == [] and len(list_conflicts(world.county, include_resolved=True)) == 1


def test_taking_the_incoming_version_replaces_the_record_with_its_index(conflicted):
    world, _, record = conflicted
    [conflict] = list_conflicts(world.county)
    set_aside = "SELECT record_id FROM set_aside"  # the held version is one the township no longer has
    assert world.county.conn.execute(set_aside).fetchall() == [(record.id,)]
    resolve_conflict(world.county, conflict.id, TAKE_INCOMING, "县局李明")
    assert world.county.conn.execute(set_aside).fetchall() == []  # the township's own version: counted again
    now = world.county.get(record.id)
    assert now["location"] == "会议室乙" and now.revision == 2 and now.content_hash == conflict.incoming_hash
    assert search_ids(world.county, "会议室乙") == {record.id} and search_ids(world.county, "会议室甲") == set()
    assert check_database(world.county).ok  # hashes and index agree with the records
    # the version replaced is kept with the conflict: the comparison still reads the same afterwards
    closed = get_conflict(world.county, conflict.id)
    assert closed.replaced["content"]["values"]["location"] == "会议室甲"
    compared = [(d.label, d.held, d.incoming) for d in differences(world.county, closed)]
    assert compared == [("地点", "会议室甲", "会议室乙")]
    with pytest.raises(Conflict, match="已于"):
        resolve_conflict(world.county, conflict.id, KEEP_HELD, "县局李明")


def test_a_conflict_overtaken_by_a_newer_revision_can_only_be_closed(conflicted):
    world, town, record = conflicted
    town.store.save("meeting", {"location": "会议室丙"}, "杨芳", record_id=record.id)  # revision 3 arrives
    world.import_(world.export(town).path)
    [conflict] = list_conflicts(world.county)
    assert conflict.superseded and conflict.status_text.startswith("已被新版本取代")
    with pytest.raises(Conflict, match="不能再采用第 2 版"):
        resolve_conflict(world.county, conflict.id, TAKE_INCOMING, "县局李明")
    assert world.county.get(record.id)["location"] == "会议室丙"
    assert resolve_conflict(world.county, conflict.id, KEEP_HELD, "县局李明").resolution == SUPERSEDED


def test_only_a_head_or_admin_decides_and_the_choice_names_the_account(conflicted):
    world, _, record = conflicted
    county = world.county
    accounts.add_account(county, "admin", "管理员", "管理员", "county-admin-01")
    accounts.login(county, "admin", "county-admin-01")
    accounts.add_account(county, "李明", None, "所长", "county-head-01")
    accounts.add_account(county, "王芳", None, "录入员", "county-clerk-01")
    [conflict] = list_conflicts(county)
    county.user = accounts.authenticate(county, "王芳", "county-clerk-01")
    with pytest.raises(PermissionDenied, match="录入员无权处理数据包冲突"):
        resolve_conflict(county, conflict.id, TAKE_INCOMING, "王芳")
    assert get_conflict(county, conflict.id).open and county.get(record.id)["location"] == "会议室甲"
    county.user = accounts.authenticate(county, "李明", "county-head-01")
    assert resolve_conflict(county, conflict.id, TAKE_INCOMING, "someone else").resolved_by == "李明"
