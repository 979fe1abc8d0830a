# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A township whose clock ran a year ahead (2027-11-28) exported a bundle, which the county, its own clock right,
imported on 2026-11-20. The clock was put right and the township restored a backup from before it ran ahead (so it
had nothing ahead to confirm), added a meeting and exported on 2026-11-30. The county said
变更日志与之前收到的不同，本数据包较旧 and took nothing: the bundle dated 2027 looked made last, and the township's
work would have been refused until real time passed 2027-11-28. A bundle was made before the county imported it, so
it is now ordered by that time (`bundles_received.made_before`, migration 032), but only when the county's own
clock was not behind what its database had recorded at that import: a county PC running behind would make a truly
newer history look older, and that history would be dropped."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from bundle_world import TOWN_PASS, copy_database, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core import migrations
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.apply import STALE_NOTE
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.store import Store

HEAD = "杨芳"
RESTORED = "变更日志与之前收到的不同（乡镇数据库可能从备份恢复过）"


def at(year: int, month: int, day: int) -> datetime:
    """09:00 in Beijing."""
    return datetime(year, month, day, 1, 0, tzinfo=UTC)


def restored_bundle(world, backup, valid_record, title: str):
    """The backup restored at the township: a meeting added and a bundle exported from it."""
    restored = Store.open(backup, world.ledgers, world.clock)
    try:
        meeting = restored.save("meeting", valid_record("meeting", held_on="2026-11-25", title=title), HEAD)
        (world.root / "usb-restored").mkdir()
        signer = keymod.unlock_township_key(restored, TOWN_PASS)
        return meeting, export_bundle(restored, world.root / "usb-restored", signer).path
    finally:
        restored.close()


def first_bundle(world, clock, valid_record):
    """The county's own clock; the township's first bundle (a meeting), imported on 2026-11-16, and a backup then.
    Returns (town, the county's clock, the backup)."""
    county_clock = type(clock)(at(2026, 11, 16))
    world.county.clock = county_clock
    town = world.town()
    clock.set(at(2026, 11, 16))
    town.store.save("meeting", valid_record("meeting", held_on="2026-11-16"), HEAD)
    assert world.import_(world.export(town).path).new == 1
    return town, county_clock, copy_database(world, town)


def meetings_counted(world, town) -> int:
    return next(t for t in completeness(world.county, 2026).townships if t.code == town.code).records["meeting"]


def test_a_restore_after_the_clock_ran_ahead_is_taken_by_a_county_whose_clock_was_right(
        world, clock, valid_record, beijing_time):
    town, county_clock, backup = first_bundle(world, clock, valid_record)
    clock.set(at(2027, 11, 28))  # a year ahead
    town.store.save("meeting", valid_record("meeting", held_on="2027-11-28", title="走快时登记的会议"), HEAD)
    ahead = world.export(town).path
    county_clock.set(at(2026, 11, 20))
    assert world.import_(ahead).new == 1
    clock.set(at(2026, 11, 30))  # put right; the backup from before restored
    _meeting, path = restored_bundle(world, backup, valid_record, "恢复后登记的会议")
    county_clock.set(at(2026, 12, 1))
    report = world.import_(path)
    assert STALE_NOTE not in report.notes  # before: 本数据包较旧, new 0, until real time passed 2027-11-28
    assert report.new == 1 and any(note.startswith(RESTORED) for note in report.notes)
    assert report.set_aside  # the meeting of 2027-11-28: the township no longer has it
    assert meetings_counted(world, town) == 2


def test_a_county_clock_behind_at_the_import_does_not_drop_the_newer_history(world, clock, valid_record,
                                                                             beijing_time):
    """The township restored a backup and sent its new history, which the county imported while its own PC said
    2026-11-01, behind its last import (2026-11-16). That import's time is no measure: the abandoned history's bundle
    (made 2026-11-20), found in a drawer later, is still the older one, and the new history is kept."""
    town, county_clock, backup = first_bundle(world, clock, valid_record)
    clock.set(at(2026, 11, 20))
    town.store.save("meeting", valid_record("meeting", held_on="2026-11-20", title="恢复前登记的会议"), HEAD)
    abandoned = world.export(town).path  # left in a drawer
    clock.set(at(2026, 11, 25))
    meeting, path = restored_bundle(world, backup, valid_record, "恢复后登记的会议")
    county_clock.set(at(2026, 11, 1))  # the county PC behind
    assert world.import_(path).new == 1
    county_clock.set(at(2026, 11, 28))
    late = world.import_(abandoned)
    assert STALE_NOTE in late.notes
    assert not world.county.aside_of([meeting.id])  # the township's work now is kept
    assert meetings_counted(world, town) == 2


def test_migration_032_takes_the_import_time_of_a_bundle_imported_ahead_before_it(tmp_path, monkeypatch):
    """A county that imported a bundle dated ahead before this version: the upgrade takes its import time as well,
    unless the county's clock was then behind an earlier import (第3号, imported "2026-11-01" after 2026-11-16)."""
    conn = sqlite3.connect(tmp_path / "county.db", isolation_level=None)
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:31])
    migrations.migrate(conn)
    held = (("2026-11-16T01:00:00Z", "2026-11-16T01:00:00Z"), ("2027-11-28T01:00:00Z", "2026-11-20T01:00:00Z"),
            ("2027-11-28T02:00:00Z", "2026-11-01T01:00:00Z"), ("2027-11-29T01:00:00Z", None))
    for n, (made, imported) in enumerate(held, 1):
        conn.execute("INSERT INTO bundles_received (bundle_id, township, sequence, bundle_hash, changes_after,"
                     " changes_through, key_id, file_name, report, imported_at, imported_by, created_at) VALUES"
                     " (?, '640522100', ?, '', 0, 0, '', '', '', ?, '', ?)", [f"b{n}", n, imported or made, made])
    conn.execute("UPDATE bundles_received SET created_at = NULL WHERE sequence = 4")  # before migration 012
    monkeypatch.undo()
    assert migrations.migrate(conn)[:1] == ["032_bundle_made_before"]  # and those after it
    rows = conn.execute("SELECT sequence, made_before FROM bundles_received ORDER BY sequence").fetchall()
    assert rows == [(1, None), (2, "2026-11-20T01:00:00Z"), (3, None), (4, None)]
