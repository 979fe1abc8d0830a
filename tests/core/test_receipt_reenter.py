# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A restored township and the records its receipt names (twenty-third session, the last session's receipts).

补录: a record entered again from paper got a new number and id, so the county ended with two records of one meeting
(its own, set aside, and the new one) and the paper carried a number no record had. Now the clerk enters it under its
printed number as the county's record, which the county takes as an ordinary update (更新 1).
Told again: a receipt lost on the way was never told again once another bundle came in. Now the county names the
records again until a bundle shows a receipt naming them imported.
Deleted: an entry whose number a record deleted here holds was 本所现在的…, as if held here."""

from __future__ import annotations

import pytest
from bundle_world import TOWN_PASS, Town, copy_database, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle import reentry
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts
from fazhi_desktop.core.errors import Conflict
from fazhi_desktop.core.store import REENTERED, Store

CLERK = "杨芳"


def _restored_without_x(world, valid_record, before_bundle=None):
    """The county holds revision 2 of meeting X (第2号, made and edited after the township's backup); the township
    restored that backup (without X), did `before_bundle` (restored) and sent a bundle: the county sets X aside.
    Returns (town code, restored Store, its USB folder, signer, X as the county holds it)."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting", title="早期会议"), CLERK)
    world.import_(world.export(town).path)
    world.receipt(town)
    backup = copy_database(world, town)
    x = town.store.save("meeting", valid_record("meeting", title="三月党委会", held_on="2026-03-12"), CLERK)
    x = town.store.save("meeting", {"location": "二楼会议室"}, CLERK, record_id=x.id)
    assert x.revision == 2
    world.import_(world.export(town).path)
    world.clock.advance(days=1)
    restored = Store.open(backup, world.ledgers, world.clock)
    signer = keymod.unlock_township_key(restored, TOWN_PASS)
    world.towns["restored"] = Town(restored, signer, town.usb)  # closed with the world
    if before_bundle is not None:
        before_bundle(restored)
    usb = world.root / "usb-restored"
    usb.mkdir()
    world.import_(export_bundle(restored, usb, signer).path)
    world.clock.advance(minutes=5)
    return town.code, restored, usb, signer, x


def _county_x(world, x):
    return world.county.query("SELECT number, revision FROM meeting WHERE id = ? OR number = ?", [x.id, x.number])


def test_a_lost_record_entered_again_under_its_number_is_the_county_s_record_updated(world, valid_record):
    code, restored, usb, signer, x = _restored_without_x(world, valid_record)
    [written] = write_receipts(world.county, world.keys, usb, [code])
    said = import_receipt(restored, written.path, CLERK).text()
    assert ("本所已没有的，请按纸质材料在“数据交换 → 补录回执列出的记录…”中按原编号补录：\n"
            f"会议：{x.number}（会议 2026-03-12）") in said
    [item] = reentry.to_enter(restored)
    assert (item.record.number, item.record.id, item.record.revision, item.refused) == (x.number, x.id, 2, None)
    assert reentry.filled(restored, item)["held_on"] == "2026-03-12"  # the editor starts from the paper's date
    paper = valid_record("meeting", title="三月党委会", held_on="2026-03-12", location="二楼会议室")
    again = reentry.reenter(restored, item, paper, CLERK)
    assert (again.id, again.number, again.revision) == (x.id, x.number, 3)
    assert restored.history(x.id)[-1]["reason"] == REENTERED
    assert reentry.to_enter(restored) == []  # entered: off the list
    # the next new meeting does not take the number again
    assert restored.save("meeting", valid_record("meeting", title="四月会议"), CLERK).number != x.number

    report = world.import_(export_bundle(restored, usb, signer).path)
    assert report.ok and (report.new, report.updated, report.conflicts) == (1, 1, [])
    assert any("新增 1 条，更新 1 条" in line for line in report.lines()), report.lines()
    assert _county_x(world, x) == [{"number": x.number, "revision": 3}]  # one record X, its number unchanged
    assert world.county.conn.execute("SELECT count(*) FROM set_aside").fetchone()[0] == 0
    world.clock.advance(minutes=5)
    [later] = write_receipts(world.county, world.keys, usb, [code])
    assert later.lost == 0


def test_a_number_given_here_to_another_record_is_refused_with_the_reason(world, valid_record):
    def registers_again(restored):  # the restored database gives 第2号 again before any receipt
        restored.save("meeting", valid_record("meeting", title="恢复后会议"), CLERK)

    code, restored, usb, _signer, x = _restored_without_x(world, valid_record, registers_again)
    [written] = write_receipts(world.county, world.keys, usb, [code])
    import_receipt(restored, written.path, CLERK)
    [item] = reentry.to_enter(restored)
    assert item.refused == f"编号 {x.number} 本所已给了另一条记录，不能按原编号补录：请按新记录登记（得新编号）"
    with pytest.raises(Conflict, match="不能按原编号补录"):
        reentry.reenter(restored, item, valid_record("meeting", held_on="2026-03-12"), CLERK)
    with pytest.raises(Conflict, match=f"编号 {x.number} 本所已给了另一条记录（会议日期 "):  # the write path too
        restored.reenter("meeting", valid_record("meeting"), CLERK, x.id, x.number, 3)
    assert restored.count("meeting") == 2  # nothing written


def test_a_date_of_another_year_than_the_number_is_refused_at_the_date(world, valid_record):
    code, restored, usb, _signer, _x = _restored_without_x(world, valid_record)
    [written] = write_receipts(world.county, world.keys, usb, [code])
    import_receipt(restored, written.path, CLERK)
    [item] = reentry.to_enter(restored)
    from fazhi_desktop.core.errors import ValidationError

    with pytest.raises(ValidationError) as refused:
        reentry.reenter(restored, item, valid_record("meeting", held_on="2025-12-30"), CLERK)
    [problem] = refused.value.problems
    assert problem.path == "held_on" and "原编号" in problem.message


def test_a_receipt_lost_on_the_way_is_told_again_until_one_naming_it_is_imported(world, valid_record):
    code, restored, usb, signer, x = _restored_without_x(world, valid_record)
    [first] = write_receipts(world.county, world.keys, usb, [code])
    assert first.lost == 1
    first.path.unlink()  # the stick was lost: the township never imported it
    restored.save("law_study", valid_record("law_study", topic="恢复后学法"), CLERK)
    world.clock.advance(days=1)
    world.import_(export_bundle(restored, usb, signer).path)
    world.clock.advance(minutes=5)
    [second] = write_receipts(world.county, world.keys, usb, [code])
    assert second.lost == 1
    assert x.number in import_receipt(restored, second.path, CLERK).text()
    # the township's next bundle shows receipt 2 imported: receipt 3 does not name X again
    restored.save("law_study", valid_record("law_study", topic="再一次学法"), CLERK)
    world.clock.advance(days=1)
    world.import_(export_bundle(restored, usb, signer).path)
    world.clock.advance(minutes=5)
    [third] = write_receipts(world.county, world.keys, usb, [code])
    assert third.lost == 0 and import_receipt(restored, third.path, CLERK).lost is None


def test_a_number_held_by_a_record_deleted_here_is_said_deleted_not_held(world, valid_record):
    def registers_and_deletes(restored):  # 第2号 given again, then deleted
        again = restored.save("meeting", valid_record("meeting", title="恢复后会议", held_on="2026-03-12"), CLERK)
        restored.delete(again.id, CLERK)

    code, restored, usb, _signer, x = _restored_without_x(world, valid_record, registers_and_deletes)
    [written] = write_receipts(world.county, world.keys, usb, [code])
    said = import_receipt(restored, written.path, CLERK).text()
    assert "本所现在的" not in said
    assert ("本所已删除的（可在“编辑 → 已删除的记录…”中查看、恢复；删除的不是县里这一件的，请按原编号补录）：\n"
            f"会议：{x.number}（会议 2026-03-12）") in said
    [item] = reentry.to_enter(restored)
    assert item.standing == "本所已删除" and item.refused is None  # only a deleted record holds the number


def test_the_command_line_lists_and_enters_again(world, valid_record, tmp_path, capsys):
    """`fazhi receipt lost` and `fazhi receipt reenter`, as a technician at the township runs them."""
    import json

    from fazhi_desktop.cli import main

    code, restored, usb, _signer, x = _restored_without_x(world, valid_record)
    [written] = write_receipts(world.county, world.keys, usb, [code])
    db = str(restored.path)
    assert main(["--db", db, "receipt", "import", str(written.path)]) == 0
    capsys.readouterr()
    assert main(["--db", db, "receipt", "lost"]) == 0
    out = capsys.readouterr().out
    assert f"会议\t{x.number}\t2026-03-12\t本所没有\t可补录：fazhi receipt reenter {x.id} --json 文件" in out
    paper = tmp_path / "paper.json"
    paper.write_text(json.dumps(valid_record("meeting", title="三月党委会", held_on="2026-03-12")), encoding="utf-8")
    assert main(["--db", db, "receipt", "reenter", x.number, "--json", str(paper)]) == 0
    assert f"已按原编号补录：会议 {x.number}（第 3 版）" in capsys.readouterr().err
    assert main(["--db", db, "receipt", "lost"]) == 0
    assert "本所都已有" in capsys.readouterr().out
    assert main(["--db", db, "receipt", "reenter", x.id, "--json", str(paper)]) == 1  # entered: not again
    assert "回执列出的本所没有的记录中没有" in capsys.readouterr().err
