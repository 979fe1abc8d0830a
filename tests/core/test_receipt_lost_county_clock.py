# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The county's clock and the records a receipt names (twenty-third session, code review of the lost list).

A receipt names a restored township's lost records until a bundle shows a receipt naming them imported. The county
chose them by comparing when each was set aside with when the shown receipt was written: two readings of its own
clock. A receipt written while the county's clock ran ahead (set a month forward by mistake, then put right) made
every record set aside in that month look told: the township's next restore lost records no receipt ever named."""

from __future__ import annotations

from datetime import timedelta

from bundle_world import TOWN_PASS, Town, copy_database, county_template, world  # noqa: F401  (fixtures)
from test_receipt_reenter import CLERK, _restored_without_x

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts
from fazhi_desktop.core.store import Store


def test_a_receipt_written_while_the_county_clock_ran_ahead_does_not_hide_later_lost_records(world, valid_record):
    code, restored, usb, signer, x = _restored_without_x(world, valid_record)
    county_clock = world.county.clock
    world.county.clock = type(world.clock)(world.clock() + timedelta(days=30))  # the county's PC a month ahead
    try:
        [first] = write_receipts(world.county, world.keys, usb, [code])
    finally:
        world.county.clock = county_clock  # put right
    assert first.lost == 1
    assert x.number in import_receipt(restored, first.path, CLERK).text()
    world.clock.advance(minutes=5)
    backup = copy_database(world, world.towns["restored"], "backup-2")  # receipt 1 imported, before Y
    # the township enters a meeting Y and sends it; the bundle shows receipt 1 imported
    y = restored.save("meeting", valid_record("meeting", title="四月会议", held_on="2026-04-02"), CLERK)
    world.import_(export_bundle(restored, usb, signer).path)
    world.clock.advance(days=1)
    # its PC dies again: it restores the backup taken before Y, and sends a bundle
    again = Store.open(backup, world.ledgers, world.clock)
    signer = keymod.unlock_township_key(again, TOWN_PASS)
    world.towns["again"] = Town(again, signer, usb)  # closed with the world
    report = world.import_(export_bundle(again, usb, signer).path)
    assert report.set_aside  # Y, set aside now: after receipt 1 by the clock on the wall, before it by its stamp
    world.clock.advance(minutes=5)
    [second] = write_receipts(world.county, world.keys, usb, [code])
    assert second.lost == 1
    said = import_receipt(again, second.path, CLERK).text()
    assert y.number in said and x.number not in said  # X was told by receipt 1, imported
    # receipt 2 was written by the clock put right, before receipt 1 by their stamps: the township's next bundle
    # shows receipt 2 imported all the same, and receipt 3 does not name Y again
    world.clock.advance(minutes=5)
    world.import_(export_bundle(again, usb, signer).path)
    world.clock.advance(minutes=5)
    [third] = write_receipts(world.county, world.keys, usb, [code])
    assert third.lost == 0 and import_receipt(again, third.path, CLERK).lost is None
