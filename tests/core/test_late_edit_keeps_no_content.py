# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A late bundle's newer edit the county does not take (core/bundle/late_edits.py) was kept whole in
`late_edits.incoming`: the township's version of the record, a case's parties and their ID numbers included, in the
county's database, for a version it does not count, read by nothing (个人信息保护法 art. 6 and 19: only what is
needed, only while needed). The reviewer is told the record and the labels of the fields that differ, and the
township redoes the edit from paper; the values were never shown to anyone. Now only the received version's hash is
kept, and migration 054 empties what earlier builds kept."""

from __future__ import annotations

import json
import sqlite3

from bundle_world import TOWN_PASS, county_template, world  # noqa: F401  (fixtures)
from test_late_bundle_of_the_dead_pc import HEAD, at, fridays_backup

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.migrations import MIGRATIONS
from fazhi_desktop.core.store import Store


def test_the_county_keeps_the_late_edits_hash_not_its_content(world, clock, valid_record):
    town, backup = fridays_backup(world, clock, valid_record)
    meeting = town.store.query("SELECT id FROM meeting")[0]["id"]
    record = town.store.get(meeting)
    town.store.save("meeting", {**record.values, "location": "会议室乙"}, HEAD, record_id=meeting)  # Monday's edit
    sent = town.store.query("SELECT content_hash FROM meeting WHERE id = ?", [meeting])[0]["content_hash"]
    late = world.export(town).path
    clock.set(at(24))
    new_pc = Store.open(backup, world.ledgers, world.clock)
    try:
        stick = world.root / "usb-new-pc"
        stick.mkdir()
        new_pc.save("meeting", valid_record("meeting", held_on="2026-11-24", title="周二的会议"), HEAD)
        world.import_(export_bundle(new_pc, stick, keymod.unlock_township_key(new_pc, TOWN_PASS)).path)
    finally:
        new_pc.close()
    clock.set(at(25))
    assert world.import_(late).late_edits == ["会议 〔2026〕会记字第1号（2026-11-16）：地点"]
    rows = world.county.conn.execute("SELECT * FROM late_edits").fetchall()
    assert len(rows) == 1
    assert "会议室乙" not in json.dumps([list(row) for row in rows], ensure_ascii=False)
    assert world.county.conn.execute("SELECT incoming FROM late_edits").fetchone()[0] == sent


def test_migration_054_empties_what_earlier_builds_kept():
    db = sqlite3.connect(":memory:")
    names = [name for name, _ in MIGRATIONS]
    dict(MIGRATIONS)["053_late_edits"](db)
    line = json.dumps({"content": {"values": {"party": "马某某 640522199001011234"}}, "content_hash": "ab" * 32,
                       "meta": {}}, ensure_ascii=False)
    db.execute("INSERT INTO late_edits VALUES ('r1', '640522103', 'mediation', 1, 'cd', 2, ?, '[]', 'b1', 'x')",
               [line])
    db.execute("INSERT INTO late_edits VALUES ('r2', '640522103', 'mediation', 1, 'cd', 2, 'not json', '[]', 'b1',"
               " 'x')")
    dict(MIGRATIONS)["054_late_edits_hash_only"](db)
    assert names.index("054_late_edits_hash_only") == names.index("053_late_edits") + 1
    assert db.execute("SELECT record_id, incoming FROM late_edits ORDER BY record_id").fetchall() == [
        ("r1", "ab" * 32), ("r2", "")]
