# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The receipt's list of records a restored township lost, as the clerk reads it against her own list (the county's
county-year review, twenty-second session). It named them by ledger and number only, and a restored database gives
those numbers again: 〔2026〕投诉字第2号 on the receipt was, on her list, a complaint registered after the restore; she
skipped it, or corrected the wrong complaint. Now the receipt carries each record's id and date, and the import says
of each whether this office still has it (in an earlier version), gave its number to another record, or lacks it."""

from __future__ import annotations

import json

from bundle_world import TOWN_PASS, Town, copy_database, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts
from fazhi_desktop.core.store import Store

CLERK = "杨芳"


def test_each_lost_record_is_told_against_what_the_office_holds(world, valid_record):
    town = world.town()
    kept = town.store.save("complaint", valid_record("complaint", accepted_on="2026-03-02", matter="一月投诉"), CLERK)
    world.import_(world.export(town).path)
    world.receipt(town)
    backup = copy_database(world, town)
    # after the backup: 第1号 edited, 第2号 and 第3号 registered; the county receives them
    town.store.save("complaint", {**kept.values, "reply": "已电话答复"}, CLERK, record_id=kept.id)
    second = town.store.save("complaint", valid_record("complaint", accepted_on="2026-04-01", matter="二月投诉"),
                             CLERK)
    third = town.store.save("complaint", valid_record("complaint", accepted_on="2026-04-10", matter="三月投诉"),
                            CLERK)
    world.import_(world.export(town).path)
    # the PC died: the backup restored, and a complaint registered there takes 第2号 again
    restored = Store.open(backup, world.ledgers, world.clock)
    world.towns["restored"] = Town(restored, keymod.unlock_township_key(restored, TOWN_PASS), town.usb)  # closed
    other = restored.save("complaint", valid_record("complaint", accepted_on="2026-05-01", matter="恢复后的投诉"),
                          CLERK)
    assert other.number == second.number
    usb = world.root / "usb-restored"
    usb.mkdir()
    world.import_(export_bundle(restored, usb, world.towns["restored"].signer).path)
    [written] = write_receipts(world.county, world.keys, usb, [town.code])

    receipt = json.loads(written.path.read_text(encoding="utf-8"))
    assert {(e["number"], e["id"], e["date"]) for e in receipt["lost"]["records"]} == {
        (kept.number, kept.id, "2026-03-02"), (second.number, second.id, "2026-04-01"),
        (third.number, third.id, "2026-04-10")}
    assert "投诉" not in written.path.read_text(encoding="utf-8").replace("投诉字", "")  # no title, no matter

    said = import_receipt(restored, written.path, CLERK).text()
    assert (f"县里有 3 条记录是本所数据库从备份恢复前登记或修改的：\n"
            "本所已没有的，请按纸质材料在“数据交换 → 补录回执列出的记录…”中按原编号补录：\n"
            f"投诉举报：{third.number}（受理 2026-04-10）\n"
            f"编号本所已给了另一件的：\n本所现在的{second.number}是恢复后另登记的一件（受理 2026-05-01）；"
            "县里的第2号（受理 2026-04-01）须另行补录，补录时得新编号\n"
            "本所还有、县里的是备份之后修改过的，请补上备份之后的修改：\n"
            f"投诉举报：{kept.number}（受理 2026-03-02）") in said
    assert "请按纸质材料或县里的记录补录" not in said  # each group says what to do: no closing line for them all
    # and 补录 does give a new number: the receipt carried the county's last
    again = restored.save("complaint", valid_record("complaint", accepted_on="2026-04-01", matter="二月投诉"), CLERK)
    assert again.number == "〔2026〕投诉字第4号"
