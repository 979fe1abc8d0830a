# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""海城镇's PC is stolen. Its genuine 第2号 (a meeting made before the theft) was still on a stick; the thief, who
knew the passphrase, made 第3号 with a forged meeting and the county imported it before anyone knew. The county
revokes the key. Before, the refusal of the late genuine stick told the township to export again with its new key
(its restored PC has no such meeting), nothing linked the thief's bundle to the stolen key, the receipt sent both
meetings for 补录 as the township's own, and the new PC's first bundle was called 顺序颠倒 beside the restore note.
Now the revocation keeps its reason and the day the key is not trusted from, and each place says the truth."""

from __future__ import annotations

from datetime import date

import pytest
from bundle_world import TOWN_PASS, Town, copy_database, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle import reentry
from fazhi_desktop.core.bundle.apply import SWAPPED
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.bundle.exchanges import received_bundles, received_row
from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts
from fazhi_desktop.core.bundle.revocation import unverified_listing
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.store import Store

HAICHENG = "640522100"
UNTRUSTED = "由已吊销（被盗）密钥签名的第3号数据包带来：没有纸质材料的不要补录"


@pytest.fixture
def theft(world, valid_record):
    """第1号 imported on 2026-06-01 and the township's backup made then; 第2号 (genuine, 2026-06-06) on a stick;
    the PC stolen on 2026-06-07 and the thief's 第3号 imported on 2026-06-08; revoked on 2026-06-09 as 被盗 since
    2026-06-07. Returns (town, backup, genuine bundle, genuine record, forged record)."""
    town = world.town(HAICHENG)
    town.store.save("meeting", valid_record("meeting", title="一月的会议"), "杨芳")
    assert world.import_(world.export(town).path).ok
    backup = copy_database(world, town)
    world.clock.advance(days=5)
    genuine = town.store.save("meeting", valid_record("meeting", title="失窃前的会议", held_on="2026-06-05"),
                              "杨芳")
    stick = world.export(town).path
    world.clock.advance(days=1)  # stolen
    forged = town.store.save("meeting", valid_record("meeting", title="盗窃者伪造的会议"), "杨芳")
    thiefs = world.export(town).path
    world.clock.advance(days=1)
    assert world.import_(thiefs).ok  # nobody knows yet
    world.clock.advance(days=1)
    keymod.revoke(world.county, HAICHENG, "马县级", reason="被盗", since=date(2026, 6, 7))
    return town, backup, stick, genuine, forged


def test_a_bundle_signed_by_a_stolen_key_is_refused_with_what_the_county_cannot_tell(world, theft):
    _town, _backup, stick, genuine, _forged = theft
    report = world.import_(stick)
    assert not report.ok
    assert ("这把密钥因被盗吊销（自 2026-06-07 起不信任）：县里无法分辨这个数据包是被盗之前还是之后做的，"
            "其中的内容一条也没有导入。县里最后收到的可信的该乡镇数据包是第 1 号（乡镇 2026-06-01 制作）："
            in report.error)
    assert "乡镇把此后登记的记录按纸质材料重新录入" in report.error and "fazhi verify" in report.error
    assert "请乡镇用它重新导出" not in report.error and "未确认的变更会重新发送" not in report.error
    # what it holds, unverified, for the township to look for on paper
    listed = unverified_listing(world.county, stick, world.keys)
    assert listed[0].startswith("数据包中的记录（未核实：签名密钥因被盗吊销")
    assert any(line.startswith(f"  [未核实] 会议  {genuine.number}  ") and line.endswith("失窃前的会议")
               for line in listed)


def test_a_replaced_keys_bundle_keeps_the_advice_to_send_again(world, valid_record):
    town = world.town(HAICHENG)
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    late = world.export(town).path
    keymod.revoke(world.county, HAICHENG, "马县级", reason="更换")
    report = world.import_(late)
    assert not report.ok and "乡镇须在“数据交换 → 密钥与登记”中更换密钥" in report.error
    assert "无法分辨" not in report.error
    assert keymod.enrolled_keys(world.county, HAICHENG)[0].revoked_reason == "更换"


def test_the_thiefs_bundle_is_flagged_in_the_bundle_list_and_completeness(world, theft):
    flags = {b.sequence: b.untrusted for b in received_bundles(world.county, HAICHENG)}
    assert flags[1] == ""  # imported before the theft
    assert flags[3] == ("签名密钥已因被盗吊销（自 2026-06-07 起不信任），本数据包是其后导入的：内容未经核实，"
                        "可能不是乡镇所做")
    row = received_row(received_bundles(world.county, HAICHENG, 3)[0])
    assert row[-1].startswith("签名密钥已因被盗吊销")
    [town] = [t for t in completeness(world.county, 2026).townships if t.code == HAICHENG]
    assert ("第 3 号数据包由已吊销（被盗）的密钥签名，于 2026-06-08 导入（自 2026-06-07 起不信任）：内容未经核实；"
            "其带来的记录乡镇如没有纸质材料，不要补录，请向乡镇核实。") in town.attention()
    assert "第 1 号数据包" not in town.attention()


def test_after_the_restore_the_thiefs_records_are_told_apart_on_the_receipt(world, theft, valid_record):
    _town, backup, _stick, genuine, forged = theft
    new = Store.open(backup, world.ledgers, world.clock)  # the new PC, the backup of 2026-06-01 restored
    keymod.init_township_key(new, TOWN_PASS, replace=True, cost=(32768, 1 << 21))
    keymod.enrol(world.county, keymod.township_key(new), "马县级", replace=True)
    (world.root / "usb-new").mkdir()
    town = Town(new, keymod.unlock_township_key(new, TOWN_PASS), world.root / "usb-new")
    world.towns["new"] = town
    new.save("meeting", valid_record("meeting", title="新电脑上的会议"), "杨芳")
    report = world.import_(world.export(town).path)
    assert report.ok and report.sequence == 2
    assert any("乡镇数据库可能从备份恢复过" in note for note in report.notes)
    assert not [note for note in report.notes if note.endswith(SWAPPED)]  # not an older bundle come late
    assert forged.id in world.county.aside_of([forged.id])
    written = write_receipts(world.county, world.keys, town.usb, [HAICHENG])
    told = import_receipt(new, written[0].path, "杨芳").lost
    # the thief's bundle carried the genuine meeting too: its paper is in the file, the forged one's is not
    assert f"{UNTRUSTED}：\n会议：{genuine.number}（会议 2026-06-05）、{forged.number}（会议 2026-03-05）" in told
    assert "请按纸质材料在" not in told.split(UNTRUSTED)[0]  # not among the records to enter again
    [item] = [i for i in reentry.to_enter(new) if i.record.id == forged.id]
    assert item.standing == f"本所没有；{UNTRUSTED}"


def test_a_reason_and_day_are_checked(world):
    world.town(HAICHENG)
    with pytest.raises(BundleError, match="吊销原因应为被盗、丢失、更换之一"):
        keymod.revoke(world.county, HAICHENG, "马县级", reason="坏了")
    with pytest.raises(BundleError, match="晚于今天"):
        keymod.revoke(world.county, HAICHENG, "马县级", reason="丢失", since=date(2026, 7, 1))
    with pytest.raises(BundleError, match="只有被盗或丢失的密钥才给出不再信任的日期"):
        keymod.revoke(world.county, HAICHENG, "马县级", reason="更换", since=date(2026, 5, 1))
    assert keymod.enrolled_keys(world.county, HAICHENG)[0].active


def test_the_days_said_are_beijing_days_on_a_pc_in_another_zone(world, valid_record, zone):
    """The not-trusted day is Beijing's (a bundle imported at 00:30 on 6-08 Beijing time is flagged from 6-08 on), and
    so is every day said beside it: on a PC keeping UTC, 需关注 said the bundle was imported on 6-07, before the day
    it is not trusted from, and the refusal dated the last trusted bundle a day early."""
    from datetime import UTC, datetime

    town = world.town(HAICHENG)
    world.clock.set(datetime(2026, 6, 1, 17, 0, tzinfo=UTC))  # 2026-06-02 01:00 in Beijing
    town.store.save("meeting", valid_record("meeting", title="一月的会议"), "杨芳")
    assert world.import_(world.export(town).path).ok
    world.clock.set(datetime(2026, 6, 7, 16, 30, tzinfo=UTC))  # 2026-06-08 00:30 in Beijing
    town.store.save("meeting", valid_record("meeting", title="盗窃者伪造的会议"), "杨芳")
    assert world.import_(world.export(town).path).ok
    world.clock.advance(days=1)
    town.store.save("meeting", valid_record("meeting", title="失窃前的会议"), "杨芳")
    stick = world.export(town).path
    keymod.revoke(world.county, HAICHENG, "马县级", reason="被盗", since=date(2026, 6, 8))
    zone("UTC0")
    [haicheng] = [t for t in completeness(world.county, 2026).townships if t.code == HAICHENG]
    said = haicheng.attention()
    assert "第 2 号数据包由已吊销（被盗）的密钥签名，于 2026-06-08 导入（自 2026-06-08 起不信任）" in said
    refused = world.import_(stick)
    assert "县里最后收到的可信的该乡镇数据包是第 1 号（乡镇 2026-06-02 制作）" in refused.error
