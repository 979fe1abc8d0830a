# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""An office restored from an older backup: the county holds bundles it made after the backup, printed papers among
them. Its receipt was refused (确认到变更第 N 条，但本所变更日志只到第 M 条) before its numbers were read, so the next
record was given a number the county held (two 〔2026〕会记字第3号); and nothing told the office which records it
lost. Now the receipt's numbers are taken, its confirmation not, and the county's next receipt names the records."""

from __future__ import annotations

import json

from bundle_world import TOWN_PASS, Town, copy_database, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.collect import acked_through
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts
from fazhi_desktop.core.store import Store

ACTOR = "杨芳"


def two_weeks(world, valid_record):
    """A township that sent a bundle, was backed up, then sent two weeks of work (two meetings, a study session);
    returns it, its backup restored on a new PC (`Store`, its signer) and the work it lost."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting", title="早期会议"), ACTOR)
    world.import_(world.export(town).path)
    world.receipt(town)
    backup = copy_database(world, town)
    lost = [town.store.save("meeting", valid_record("meeting", title=f"后两周会议{n}"), ACTOR) for n in (1, 2)]
    lost.append(town.store.save("law_study", valid_record("law_study", topic="后两周学法"), ACTOR))
    assert world.import_(world.export(town).path).ok
    restored = Store.open(backup, world.ledgers, world.clock)
    world.towns["restored"] = Town(restored, keymod.unlock_township_key(restored, TOWN_PASS), town.usb)  # closed
    return town, restored, lost


def test_a_receipt_beyond_the_restored_log_continues_the_numbering_and_says_so(world, valid_record):
    town, restored, lost = two_weeks(world, valid_record)
    mark = acked_through(restored)
    [written] = write_receipts(world.county, world.keys, world.root, [town.code])  # the county holds entries 2–4
    result = import_receipt(restored, written.path, ACTOR)
    assert not result.advanced and acked_through(restored) == mark  # its confirmation is not this log's
    assert result.needs_attention and result.title == "已导入回执"
    said = result.text()
    assert said.startswith(f"县里已收到本所变更日志第 {written.acknowledged_through} 条为止的数据，本所数据库只到第 "
                           f"{mark} 条：县里收到的变更中，有 {written.acknowledged_through - mark} 条本所已没有")
    assert "回执的确认未采用" in said
    assert "编号接着县里已有的编：\n2026年会记字从第 4 号起编号（县里已有第 3 号）\n2026年学法字从第 2 号起编号" in said
    # the next record is numbered beyond the county's: no second 〔2026〕会记字第2号
    again = restored.save("meeting", valid_record("meeting", title="恢复后会议"), ACTOR)
    assert again.number == "〔2026〕会记字第4号" and again.number not in {r.number for r in lost}


def test_a_receipt_of_another_entry_continues_the_numbering_too(world, valid_record):
    """The restored office worked on past the county's entry before the receipt came: its entry there differs."""
    town, restored, _lost = two_weeks(world, valid_record)
    [written] = write_receipts(world.county, world.keys, world.root, [town.code])
    for n in range(written.acknowledged_through):  # its log now reaches beyond the county's entry
        restored.save("law_study", valid_record("law_study", topic=f"恢复后学法{n}"), ACTOR)
    result = import_receipt(restored, written.path, ACTOR)
    assert not result.advanced
    assert result.text().startswith(f"县里收到的本所变更日志第 {written.acknowledged_through} 条与本所现在的第 "
                                    f"{written.acknowledged_through} 条不同：本所数据库从备份恢复过")
    assert "2026年会记字从第 4 号起编号（县里已有第 3 号）" in result.text()


def test_the_county_s_next_receipt_names_the_records_the_restored_office_lost(world, valid_record):
    town, restored, lost = two_weeks(world, valid_record)
    restored.save("meeting", valid_record("meeting", title="恢复后会议"), ACTOR)
    (world.root / "usb-restored").mkdir()
    signer = keymod.unlock_township_key(restored, TOWN_PASS)
    report = world.import_(export_bundle(restored, world.root / "usb-restored", signer).path)
    assert len(report.set_aside) == 3
    assert any("乡镇已没有的（电脑坏了用旧备份恢复），县里保留这些记录，写回执给乡镇：回执列出这些记录，"
               "乡镇按纸质材料补录" in line for line in report.lines())
    [written] = write_receipts(world.county, world.keys, world.root / "usb-restored", [town.code])
    assert written.lost == 3
    receipt = json.loads(written.path.read_text(encoding="utf-8"))
    assert receipt["format"] == "fazhi-receipt/3"
    assert receipt["lost"] == {"count": 3, "records": [
        {"ledger": "meeting", "number": lost[0].number, "id": lost[0].id, "date": "2026-03-05",
         "revision": 1},
        {"ledger": "meeting", "number": lost[1].number, "id": lost[1].id, "date": "2026-03-05",
         "revision": 1},
        {"ledger": "law_study", "number": lost[2].number, "id": lost[2].id, "date": "2026-03-05",
         "revision": 1}]}
    assert "后两周" not in written.path.read_text(encoding="utf-8")  # ledgers, numbers, ids, dates: no title
    result = import_receipt(restored, written.path, ACTOR)
    assert result.advanced and result.needs_attention  # this one is of the restored log
    # 恢复后会议 took 第2号 again: the one here is not the county's
    assert (f"县里有 3 条记录是本所数据库从备份恢复前登记或修改的：\n"
            "本所已没有的，请按纸质材料在“数据交换 → 补录回执列出的记录…”中按原编号补录：\n会议："
            f"{lost[1].number}（会议 2026-03-05）\n学法活动：{lost[2].number}（活动 2026-03-05）\n"
            f"编号本所已给了另一件的：\n本所现在的{lost[0].number}（会议 2026-03-05）与县里的第2号（会议 2026-03-05）"
            "日期相同：如是按纸质材料补录的这一件，不必再录；不是的，须另行补录，补录时得新编号"
            ) in result.text() and not result.text().endswith("（已补录的不必再录）。")


def test_a_receipt_names_at_most_its_bound_and_says_how_many_more(world, valid_record, monkeypatch):
    from fazhi_desktop.core.bundle import receipt_lost

    monkeypatch.setattr(receipt_lost, "MAX_LISTED", 1)
    town, restored, lost = two_weeks(world, valid_record)
    restored.save("meeting", valid_record("meeting", title="恢复后会议"), ACTOR)
    (world.root / "usb-restored").mkdir()
    signer = keymod.unlock_township_key(restored, TOWN_PASS)
    world.import_(export_bundle(restored, world.root / "usb-restored", signer).path)
    [written] = write_receipts(world.county, world.keys, world.root / "usb-restored", [town.code])
    said = import_receipt(restored, written.path, ACTOR).text()
    assert (f"县里有 3 条记录是本所数据库从备份恢复前登记或修改的：\n编号本所已给了另一件的：\n本所现在的"
            f"{lost[0].number}（会议 2026-03-05）") in said and "另有 2 条回执未列出，请向县司法局查询。" in said
