# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A receipt written again under the same name (nothing imported since) that stops half-way, the stick full by the
signature: the receipt on the stick from before was replaced, its new copy removed, and only the old .minisig left."""
from __future__ import annotations

import errno
import os

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core import atomic
from fazhi_desktop.core.bundle.receipts import ReceiptsNotAllWritten, import_receipt, write_receipts


class _Full:
    """A file on a full stick: every write fails as the system fails it."""

    def __init__(self, real):
        self.real = real

    def write(self, data) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str):
        return getattr(self.real, name)


def test_a_failed_rewrite_does_not_destroy_the_receipt_already_on_the_stick(world, valid_record, monkeypatch):
    town = world.town()
    town.store.save("meeting", valid_record("meeting", title="专题会议"), "杨芳")
    world.import_(world.export(town).path)
    first = write_receipts(world.county, world.keys, town.usb, [town.code])[0]
    before = sorted(p.name for p in town.usb.iterdir())
    real = atomic._part

    def full_at_signature(path, private=False):
        out, tmp = real(path, private)
        return (_Full(out) if path.name.endswith(".minisig") else out), tmp

    monkeypatch.setattr(atomic, "_part", full_at_signature)
    with pytest.raises(ReceiptsNotAllWritten, match="磁盘（U盘）空间不足"):
        write_receipts(world.county, world.keys, town.usb, [town.code])
    monkeypatch.undo()
    assert sorted(p.name for p in town.usb.iterdir()) == before  # no half-written file left either
    assert import_receipt(town.store, first.path, "杨芳").advanced  # the receipt written before still imports
