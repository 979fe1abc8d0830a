# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The township's PC died on a Tuesday. On Monday the clerk had moved last week's meeting (held at the county,
revision 1) to 会议室乙 and exported a bundle, which stayed on a stick. The new PC restored Friday's backup (the
meeting at revision 1, no 地点 yet) and sent its first bundle; Monday's stick reached the county afterwards. The county
said 较旧未覆盖 1 条 of Monday's edit, a newer revision than the one it held, and named nothing: the township never
learnt that its Monday edit was gone. The county still counts the restored PC's version, but now the import report
names the record and the fields that differ, and so does every receipt to the township (labels, never values), until
the township sends a newer revision of the record."""

from __future__ import annotations

import json

from bundle_world import TOWN_PASS, copy_database, county_template, world  # noqa: F401  (fixtures)
from test_late_bundle_of_the_dead_pc import HEAD, at, fridays_backup

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.apply import STALE_NOTE
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.bundle.import_report import report_text
from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts
from fazhi_desktop.core.store import Store


def receipt_for(world, store, folder):
    written = write_receipts(world.county, world.keys, folder, [store.township])[0]
    return json.loads(written.path.read_text(encoding="utf-8")), import_receipt(store, written.path, HEAD)


def test_a_late_bundles_newer_edit_is_named_in_the_report_and_on_receipts_until_the_township_edits_again(
        world, clock, valid_record):
    town, backup = fridays_backup(world, clock, valid_record)
    meeting = town.store.query("SELECT id FROM meeting")[0]["id"]
    record = town.store.get(meeting)
    town.store.save("meeting", {**record.values, "location": "会议室乙"}, HEAD, record_id=meeting)  # Monday's edit
    late = world.export(town).path
    clock.set(at(24))
    new_pc = Store.open(backup, world.ledgers, world.clock)
    try:
        new_pc.save("meeting", valid_record("meeting", held_on="2026-11-24", title="周二的会议"), HEAD)
        stick = world.root / "usb-new-pc"
        stick.mkdir()
        signer = keymod.unlock_township_key(new_pc, TOWN_PASS)
        world.import_(export_bundle(new_pc, stick, signer).path)
        clock.set(at(25))
        report = world.import_(late)  # Monday's stick arrives
        assert STALE_NOTE in report.notes
        assert report.late_edits == ["会议 〔2026〕会记字第1号（2026-11-16）：地点"]
        said = report_text([report])
        assert ("较旧未覆盖中有 1 条是乡镇在备份之后修改过、现在的电脑上没有这次修改的记录"
                "（会议 〔2026〕会记字第1号（2026-11-16）：地点）") in said
        held = world.county.get(meeting)
        assert held.revision == 1 and held.values.get("location") != "会议室乙"  # the restored PC's version counts
        assert not world.county.aside_of([meeting])

        receipt, result = receipt_for(world, new_pc, stick)
        assert receipt["late_edits"] == [{"ledger": "meeting", "number": "〔2026〕会记字第1号", "id": meeting,
                                          "date": "2026-11-16", "revision": 1, "fields": ["地点"]}]
        assert "会议室" not in json.dumps(receipt, ensure_ascii=False)  # labels, never values: the receipt is plain
        assert result.needs_attention  # the township's warning box
        told = result.text()
        assert "下列记录在本所从备份恢复之前、在原来的电脑上修改过，县里收到了那次修改，本所现在的电脑上没有" in told
        assert "会议 〔2026〕会记字第1号（会议 2026-11-16）：地点" in told
        assert "请按纸质材料核对所列项目" in told

        # said again on the next receipt, while the township has not edited the record
        assert receipt_for(world, new_pc, stick)[1].late is not None

        # the township puts it right from paper: the county takes its newer revision and the list stops
        clock.set(at(26))
        new_pc.save("meeting", {**new_pc.get(meeting).values, "location": "会议室乙"}, HEAD, record_id=meeting)
        assert world.import_(export_bundle(new_pc, stick, signer).path).updated == 1
        receipt, result = receipt_for(world, new_pc, stick)
        assert receipt["late_edits"] == [] and result.late is None
        assert "原来的电脑" not in result.text()
    finally:
        new_pc.close()


def test_an_earlier_township_reads_past_the_key(world, clock, valid_record):
    """A receipt without `late_edits` (an earlier county) or with one this database cannot place says nothing."""
    from fazhi_desktop.core.bundle.late_edits import read_late

    town = world.town()
    assert read_late({}, town.store) is None
    assert read_late({"late_edits": [{"id": "no-such-record", "revision": 1}, "junk"]}, town.store) is None
