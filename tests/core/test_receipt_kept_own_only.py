# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A county database from a build before import refused another township's record id holds a conflict whose held
record is another township's (conflicts.resolve_conflict tells the reviewer to close it keeping the held one). Kept
so, it was listed on the sending township's receipt: another township's record number, date and the fields that
differ, on a paper the township reads. A receipt names the township's own records only."""

from __future__ import annotations

from bundle_world import copy_database, county_template, world  # noqa: F401  (fixtures)
from test_receipt_kept_version import receipt_for, restored_after_conflict

from fazhi_desktop.core.bundle import conflicts


def test_a_kept_record_held_as_another_townships_is_not_named_on_the_receipt(world, valid_record):
    restored, stick, _signer, record_id = restored_after_conflict(world, valid_record)
    try:
        conflict = conflicts.list_conflicts(world.county)[0]
        conflicts.resolve_conflict(world.county, conflict.id, conflicts.KEEP_HELD, "田敏")
        assert receipt_for(world, restored, stick)[0]["kept"]  # its own: named
        with world.county.conn:  # as an earlier build left it: the held record another township's
            world.county.conn.execute("UPDATE meeting SET township = '640522104' WHERE id = ?", [record_id])
        receipt, result = receipt_for(world, restored, stick)
        assert receipt["kept"] == [] and result.kept is None
    finally:
        restored.close()
