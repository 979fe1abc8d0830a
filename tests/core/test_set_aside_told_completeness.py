# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""数据完整性 kept telling the county to write a receipt for records set aside after it was written (code review G
of the twenty-second session): 需关注 said 写回执给乡镇：回执列出这些记录 for every record set aside, for ever, though
the receipt had named them (and the next one rightly names none). Those set aside before the last receipt was
written are now said as told, on that day, with no step; only those set aside since keep the receipt step."""
from __future__ import annotations

from bundle_world import TOWN_PASS, county_template, world  # noqa: F401
from test_receipt_after_older_restore import two_weeks

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.bundle.receipts import write_receipts
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.indicators.completeness import STEP_SET_ASIDE, completeness

ASIDE = "3 条记录的版本乡镇已没有（从备份恢复前的数据），不计入指标"


def test_records_set_aside_are_said_told_once_the_receipt_named_them(world, valid_record):
    town, restored, _lost = two_weeks(world, valid_record)
    usb = world.root / "usb-restored"
    usb.mkdir()
    world.clock.advance(minutes=5)  # after the receipt the township had before its PC died
    world.import_(export_bundle(restored, usb, keymod.unlock_township_key(restored, TOWN_PASS)).path)
    year = int(world.county.conn.execute("SELECT max(substr(held_on, 1, 4)) FROM meeting").fetchone()[0])

    def problems() -> list[str]:
        return next(t for t in completeness(world.county, year).townships if t.code == town.code).problems()

    assert f"{ASIDE}：{STEP_SET_ASIDE}" in problems()  # not told yet: write the receipt
    world.clock.advance(minutes=5)
    [receipt] = write_receipts(world.county, world.keys, usb, [town.code])
    assert receipt.lost == 3
    day = local_time(world.county.setting_in_file("receipt.written." + town.code))[:10]
    said = problems()
    assert f"{ASIDE}，已于 {day} 的回执告知乡镇" in said
    assert not any("回执列出这些记录" in p for p in said), said
