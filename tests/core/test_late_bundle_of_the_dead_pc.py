# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The township's PC died on a Tuesday. It had exported a bundle on Monday (two meetings entered that day, printed as
〔2026〕会记字第2号 and 第3号), which stayed on a stick. The new PC restored Friday's backup, entered Tuesday's meetings
(given 第2号 and 第3号 again: it cannot know Monday's) and sent its first bundle. Monday's stick reached the county
afterwards. The county said 本数据包较旧…其中乡镇已没有的版本不采用 and dropped Monday's two meetings, which it held
in that very bundle and which the township had nowhere but on paper; its receipt named nothing, so the township
never learnt that two meetings were missing. Had Monday's stick come first, the county would have kept them set
aside and its receipt would have listed them for 补录. Now the late bundle does the same: the records the county
does not hold at all are kept set aside (不计入), named in the import report and on the next receipt."""

from __future__ import annotations

from datetime import UTC, datetime

from bundle_world import TOWN_PASS, copy_database, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.apply import STALE_NOTE
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts
from fazhi_desktop.core.store import Store

HEAD = "杨芳"


def at(day: int) -> datetime:
    """09:00 in Beijing, November 2026."""
    return datetime(2026, 11, day, 1, 0, tzinfo=UTC)


def fridays_backup(world, clock, valid_record):
    """A township with last week's meeting at the county and receipted, and Friday's backup of it (its path); the
    clock set to Monday."""
    clock.set(at(16))
    town = world.town()
    town.store.save("meeting", valid_record("meeting", held_on="2026-11-16", title="上周的会议"), HEAD)
    world.import_(world.export(town).path)
    world.receipt(town)
    backup = copy_database(world, town)
    clock.set(at(23))
    return town, backup


def test_monday_records_of_a_late_bundle_from_before_the_restore_are_kept_and_named(world, clock, valid_record):
    town, backup = fridays_backup(world, clock, valid_record)
    monday = [town.store.save("meeting", valid_record("meeting", held_on="2026-11-23", title=f"周一的会议{n}"), HEAD)
              for n in (1, 2)]
    assert [m.number for m in monday] == ["〔2026〕会记字第2号", "〔2026〕会记字第3号"]
    late = world.export(town).path  # Monday's stick, not yet at the county
    clock.set(at(24))
    new_pc = Store.open(backup, world.ledgers, world.clock)
    try:
        tuesday = new_pc.save("meeting", valid_record("meeting", held_on="2026-11-24", title="周二的会议"), HEAD)
        assert tuesday.number == "〔2026〕会记字第2号"  # given again: the new PC cannot know Monday's
        (world.root / "usb-new-pc").mkdir()
        signer = keymod.unlock_township_key(new_pc, TOWN_PASS)
        assert world.import_(export_bundle(new_pc, world.root / "usb-new-pc", signer).path).new == 1
        clock.set(at(25))
        report = world.import_(late)  # Monday's stick arrives
        assert STALE_NOTE in report.notes
        assert sorted(report.set_aside) == ["〔2026〕会记字第2号（周一的会议1）", "〔2026〕会记字第3号（周一的会议2）"]
        assert world.county.aside_of([m.id for m in monday]) == {m.id for m in monday}  # kept, not counted
        assert world.county.get(tuesday.id).values["title"] == "周二的会议"  # the new PC's work untouched
        (world.root / "receipts").mkdir()
        written = write_receipts(world.county, world.keys, world.root / "receipts", [town.code])
        told = import_receipt(new_pc, written[0].path, HEAD).text()
    finally:
        new_pc.close()
    assert "周一" not in told  # the receipt names no title (it is signed, not encrypted)
    assert "〔2026〕会记字第3号（会议 2026-11-23）" in told and "须另行补录" in told, told
