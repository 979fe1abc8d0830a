# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""西安镇's PC moved a meeting to 会议室乙 (revision 2, at the county), then to 会议室丁 (revision 3, on a stick), and
died. The new PC restored the backup from before both and moved the meeting to 会议室丙 (revision 2 again): a
conflict, which the reviewer settled by keeping the county's 会议室乙. The dead PC's stick came after. Its revision 3
was named as a late edit while the county "still counted the township's version", and the next receipt told the
township both that the county counts the county's version (kept) and that it counts the township's own (late
edits), of the same meeting. The county counts the version it kept: the receipt says that alone."""

from __future__ import annotations

import json

from bundle_world import TOWN_PASS, copy_database, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import conflicts
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.bundle.import_report import report_text
from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts
from fazhi_desktop.core.store import Store


def test_a_late_edit_of_a_record_whose_county_version_was_kept_is_not_said_to_count_the_townships(
        world, valid_record):
    town = world.town("640522103")
    record = town.store.save("meeting", valid_record("meeting", location="会议室甲"), "杨芳")
    world.import_(world.export(town).path)
    backup = copy_database(world, town)
    world.clock.advance(hours=1)
    town.store.save("meeting", {**record.values, "location": "会议室乙"}, "杨芳", record_id=record.id)
    world.import_(world.export(town).path)
    world.clock.advance(hours=1)
    town.store.save("meeting", {**record.values, "location": "会议室丁"}, "杨芳", record_id=record.id)
    late = world.export(town).path  # the dead PC's last stick
    world.clock.advance(days=1)
    restored = Store.open(backup, world.ledgers, world.clock)
    try:
        restored.save("meeting", {**record.values, "location": "会议室丙"}, "杨芳", record_id=record.id)
        stick = world.root / "usb-restored"
        stick.mkdir()
        signer = keymod.unlock_township_key(restored, TOWN_PASS)
        assert len(world.import_(export_bundle(restored, stick, signer).path).conflicts) == 1
        conflict = conflicts.list_conflicts(world.county)[0]
        conflicts.resolve_conflict(world.county, conflict.id, conflicts.KEEP_HELD, "田敏")

        world.clock.advance(hours=1)
        report = world.import_(late)
        assert world.county.get(record.id).values["location"] == "会议室乙"  # the kept version still counts
        assert "仍按乡镇现有的版本计入" not in report_text([report])

        written = write_receipts(world.county, world.keys, stick, [restored.township])[0]
        receipt = json.loads(written.path.read_text(encoding="utf-8"))
        assert [entry["id"] for entry in receipt["kept"]] == [record.id]
        assert receipt["late_edits"] == []
        told = import_receipt(restored, written.path, "杨芳").text()
        assert "保留的是县里原有的版本" in told
        assert "县里仍按本所现在的版本计入指标" not in told
    finally:
        restored.close()
