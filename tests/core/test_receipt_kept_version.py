# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A reviewer settles a conflict by keeping the county's version: the township, which restored a backup and edited
the record again, still holds the other version. Its receipt said nothing (回执有效，但没有新内容), so its own
figures read the version turned down, and its next edit of the record replaced the county's kept version unseen.
The receipt now names the record and the fields that differ (never their values), until the township edits it."""

from __future__ import annotations

import json

from bundle_world import TOWN_PASS, copy_database, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import conflicts
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts
from fazhi_desktop.core.store import Store


def restored_after_conflict(world, valid_record):
    """西安镇 sends its meeting, backs up, moves it to 会议室乙 and sends that; restores the backup, moves it to
    会议室丙 (revision 2 again) and sends that: a conflict at the county. Returns (restored store, its stick, its
    key, the record id)."""
    town = world.town("640522103")
    record = town.store.save("meeting", valid_record("meeting", location="会议室甲"), "杨芳")
    world.import_(world.export(town).path)
    backup = copy_database(world, town)
    town.store.save("meeting", {**record.values, "location": "会议室乙"}, "杨芳", record_id=record.id)
    world.import_(world.export(town).path)
    restored = Store.open(backup, world.ledgers, world.clock)
    restored.save("meeting", {**record.values, "location": "会议室丙"}, "杨芳", record_id=record.id)
    stick = world.root / "usb-restored"
    stick.mkdir()
    signer = keymod.unlock_township_key(restored, TOWN_PASS)
    assert len(world.import_(export_bundle(restored, stick, signer).path).conflicts) == 1
    return restored, stick, signer, record.id


def receipt_for(world, store, stick):
    written = write_receipts(world.county, world.keys, stick, [store.township])[0]
    return json.loads(written.path.read_text(encoding="utf-8")), import_receipt(store, written.path, "杨芳")


def test_the_receipt_tells_the_township_the_county_kept_its_version_and_which_fields_differ(world, valid_record):
    restored, stick, signer, record_id = restored_after_conflict(world, valid_record)
    try:
        _json, before = receipt_for(world, restored, stick)
        assert before.kept is None  # nothing decided yet
        conflict = conflicts.list_conflicts(world.county)[0]
        conflicts.resolve_conflict(world.county, conflict.id, conflicts.KEEP_HELD, "田敏")

        receipt, result = receipt_for(world, restored, stick)
        assert receipt["kept"] == [{"ledger": "meeting", "number": "〔2026〕会记字第1号", "id": record_id,
                                    "date": "2026-03-05", "revision": 2, "fields": ["地点"]}]
        assert "会议室" not in json.dumps(receipt, ensure_ascii=False)  # labels, never values: the receipt is plain
        assert result.needs_attention and result.title == "已导入回执"
        text = result.text()
        assert "县里处理了本所记录的冲突，保留的是县里原有的版本，与本所现在的不同" in text
        assert "会议 〔2026〕会记字第1号（会议 2026-03-05）：地点" in text
        assert "本所修改这些记录并报送后，县里以本所修改后的为准" in text

        # the township puts it right: the county takes its edit, and the next receipt says nothing of it
        world.clock.advance(days=1)
        record = restored.get(record_id)
        restored.save("meeting", {**record.values, "location": "会议室乙"}, "杨芳", record_id=record_id)
        assert world.import_(export_bundle(restored, stick, signer).path).updated == 1
        receipt, result = receipt_for(world, restored, stick)
        assert receipt["kept"] == [] and result.kept is None and "冲突" not in result.text()
    finally:
        restored.close()


def test_taking_the_townships_version_tells_it_nothing(world, valid_record):
    restored, stick, _signer, _record_id = restored_after_conflict(world, valid_record)
    try:
        conflict = conflicts.list_conflicts(world.county)[0]
        conflicts.resolve_conflict(world.county, conflict.id, conflicts.TAKE_INCOMING, "田敏")
        receipt, result = receipt_for(world, restored, stick)
        assert receipt["kept"] == [] and result.kept is None
    finally:
        restored.close()
