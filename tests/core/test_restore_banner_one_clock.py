# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The restore banner ended when a county receipt written after the restore was imported, 'after' read by comparing
the county's clock (the receipt's `written_at`) with the township's (`restored_at`). A township whose new PC's clock
ran two days ahead restored, exported at once, had the county import that bundle and write a receipt, imported it:
the banner stayed, since by the county's clock the receipt was written two days 'before' the restore, and it stayed
through every receipt of those two days. A receipt that confirms a bundle this database exported after the restore
was written after it, on one clock (the township's own bundle numbers): it ends the banner."""

from __future__ import annotations

from datetime import timedelta

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.backup import after_restore, create_backup, restore
from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts
from fazhi_desktop.core.clock import utc_iso
from fazhi_desktop.core.store import Store


def restored_ahead(world, clock):
    """A township whose bundle 1 the county has; restored (noted as the restore notes it) on a PC two days ahead."""
    town = world.town()
    assert world.import_(world.export(town).path).ok
    world.receipt(town)
    ahead = clock() + timedelta(days=2)
    town.store.set_settings(restored_at=utc_iso(ahead), restored_backup_created_at=utc_iso(clock()),
                            restored_sequence="1")
    return town, ahead


def test_a_receipt_confirming_a_bundle_exported_after_the_restore_ends_it_whatever_the_clocks(world, clock):
    town, ahead = restored_ahead(world, clock)
    true_now = clock()
    clock.set(ahead + timedelta(minutes=10))  # the township's clock
    bundle = world.export(town).path  # exported at once after the restore
    clock.set(true_now + timedelta(minutes=30))  # the county's clock
    assert world.import_(bundle).ok
    written = write_receipts(world.county, world.keys, town.usb, [town.code])[0].path  # confirming bundle 2
    clock.set(ahead + timedelta(minutes=40))
    import_receipt(town.store, written, "杨芳")  # written (county's clock) before `restored_at` (township's)
    assert after_restore.pending(town.store) is None


def test_a_receipt_written_before_by_the_countys_clock_is_said_with_the_way_out(world, clock):
    town, ahead = restored_ahead(world, clock)
    clock.advance(minutes=30)
    written = write_receipts(world.county, world.keys, town.usb, [town.code])[0].path
    clock.set(ahead + timedelta(minutes=40))
    import_receipt(town.store, written, "杨芳")  # written after the restore in truth, 'before' it by the two clocks
    said = after_restore.pending(town.store)
    assert said is not None
    assert "已导入的回执按县里电脑的时间写于恢复之前" in said and "导出一次数据包交县里导入" in said


def test_the_restore_notes_the_last_bundle_number_the_backup_holds(store, clock, tmp_path):
    store.conn.execute("INSERT INTO bundles_sent (sequence, bundle_id, bundle_hash, full, changes_after,"
                       " changes_through, file_name, summary, created_at, created_by) VALUES (3, 'b3', 'h', 0, 0,"
                       " 0, 'f', '{}', ?, '杨芳')", [utc_iso(clock())])
    store.conn.commit()
    backup = create_backup(store.path, tmp_path / "usb", clock=clock).path
    path, ledgers = store.path, store.ledgers
    store.close()
    clock.advance(days=1)
    restore(path, backup, "admin", clock=clock, ledgers=ledgers)
    restored = Store.open(path, ledgers, clock)
    try:
        assert restored.setting("restored_sequence") == "3"
    finally:
        restored.close()
