# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A bundle whose record file the county would refuse as too large is refused at the export, naming the ledger and
what to do, before anything is written (code review B of the twenty-second session: only the county checked the
cap, so the export succeeded and the county refused it every time without advice). Shown with the cap lowered:
three meetings at the form's own text limits."""
from __future__ import annotations

import pytest
from bundle_world import county_template, world  # noqa: F401

from fazhi_desktop.core.bundle import collect, common, unpack
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.validate import MAX_LONG_TEXT

LONG = ("会议讨论了本村土地承包纠纷的调解方案。" * 5000)[:MAX_LONG_TEXT]


def _meetings(town, valid_record, count):
    for n in range(count):
        item = {"title": "议题", "needs_review": False, "discussion": LONG, "decision": LONG}
        town.store.save("meeting", valid_record("meeting", title=f"会议{n}", agenda_items=[item]), "杨芳")


def test_a_bundle_over_the_cap_is_refused_at_the_export_with_what_to_do(world, valid_record, monkeypatch):
    town = world.town()
    _meetings(town, valid_record, 3)
    monkeypatch.setattr(collect, "MAX_JSONL_BYTES", 512 * 1024)
    monkeypatch.setattr(unpack, "MAX_JSONL_BYTES", 512 * 1024)
    before = set(town.usb.iterdir()) if town.usb.exists() else set()
    with pytest.raises(BundleError) as refused:
        world.export(town)
    said = str(refused.value)
    assert "“会议”台账" in said and "县里会拒收，数据包没有写出" in said and "附件" in said, said
    assert (set(town.usb.iterdir()) if town.usb.exists() else set()) == before  # nothing on the stick
    assert town.store.conn.execute("SELECT count(*) FROM bundles_sent").fetchone()[0] == 0


def test_the_cap_holds_a_busy_year_of_records_pasted_full():
    """By the form limits: a 调解案件 with its nine long-text fields full is 1.35 MB; 300 a year must pass."""
    assert common.MAX_JSONL_BYTES == unpack.MAX_JSONL_BYTES == collect.MAX_JSONL_BYTES
    assert common.MAX_JSONL_BYTES >= 300 * 9 * MAX_LONG_TEXT * 3
