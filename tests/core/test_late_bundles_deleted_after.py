# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The township's old PC exported Monday's meeting (bundle A), found it entered twice and deleted it, and exported
again (bundle B); it died before either stick reached the county, and the new PC restored Friday's backup. Both
sticks then came late. The county kept Monday's meeting set aside for 补录 whichever came first (A then B: B's
deletion was 较旧未覆盖; B then A: B's deleted version was skipped, A's live one kept), and its receipt told the
township to enter again from paper a meeting it had deleted. Now a late bundle's later version of a record the
county holds in no log replaces it, the deletion too, as when those bundles came before the restored one's."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from bundle_world import TOWN_PASS, county_template, world  # noqa: F401  (fixtures)
from test_late_bundle_of_the_dead_pc import fridays_backup

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.bundle.receipt_lost import lost_records
from fazhi_desktop.core.bundle.receipts import write_receipts
from fazhi_desktop.core.store import Store

HEAD = "杨芳"


def at(day: int, hour: int = 1) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=UTC)


@pytest.mark.parametrize("order", ["as made", "the deletion first"])
def test_a_record_the_old_pc_deleted_is_not_asked_for_again(world, clock, valid_record, order):
    town, backup = fridays_backup(world, clock, valid_record)
    twice = town.store.save("meeting", valid_record("meeting", held_on="2026-11-23", title="录重了的会议"), HEAD)
    kept = town.store.save("meeting", valid_record("meeting", held_on="2026-11-23", title="周一的会议"), HEAD)
    first = world.export(town).path
    clock.set(at(23, 5))
    town.store.delete(twice.id, HEAD)
    second = world.export(town).path
    clock.set(at(24))
    new_pc = Store.open(backup, world.ledgers, world.clock)
    try:
        new_pc.save("meeting", valid_record("meeting", held_on="2026-11-24", title="周二的会议"), HEAD)
        (world.root / "usb-new-pc").mkdir()
        signer = keymod.unlock_township_key(new_pc, TOWN_PASS)
        assert world.import_(export_bundle(new_pc, world.root / "usb-new-pc", signer).path).ok
    finally:
        new_pc.close()
    clock.set(at(25))
    late = [first, second] if order == "as made" else [second, first]
    reports = [world.import_(path) for path in late]
    assert all(r.ok for r in reports)
    assert world.county.aside_of([twice.id, kept.id]) == {kept.id}
    assert world.county.get(twice.id, include_deleted=True).deleted
    assert f"{kept.number}（周一的会议）" in reports[0].set_aside
    (world.root / "receipts").mkdir()
    written = write_receipts(world.county, world.keys, world.root / "receipts", [town.code])
    _count, named = lost_records(json.loads(written[0].path.read_text(encoding="utf-8"))["lost"])
    assert [entry.id for entry in named] == [kept.id]
