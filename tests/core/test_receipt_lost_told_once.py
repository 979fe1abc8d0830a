# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""Each record the county holds that a township lost is named on one receipt (code review B of the twenty-second
session): the records entered again from paper get new ids, so the ones they replace stay set aside at the county,
and every later receipt named them again, in a warning box, for ever. The same receipt written again (its stick
lost before the township imported it) names them again."""
from __future__ import annotations

from bundle_world import TOWN_PASS, county_template, world  # noqa: F401
from test_receipt_after_older_restore import ACTOR, two_weeks

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts


def _restored_told(world, valid_record):
    town, restored, _lost = two_weeks(world, valid_record)
    usb = world.root / "usb-restored"
    usb.mkdir()
    signer = keymod.unlock_township_key(restored, TOWN_PASS)
    world.import_(export_bundle(restored, usb, signer).path)  # the county sets the three aside
    world.clock.advance(minutes=5)
    [first] = write_receipts(world.county, world.keys, usb, [town.code])
    assert first.lost == 3
    return town, restored, signer, usb, first


def test_records_entered_again_are_not_named_on_the_next_receipt(world, valid_record):
    town, restored, signer, usb, first = _restored_told(world, valid_record)
    assert import_receipt(restored, first.path, ACTOR).lost
    # the clerk does as told: enters the three again from paper, sends them
    restored.save("meeting", valid_record("meeting", title="后两周会议1"), ACTOR)
    restored.save("meeting", valid_record("meeting", title="后两周会议2"), ACTOR)
    restored.save("law_study", valid_record("law_study", topic="后两周学法"), ACTOR)
    world.clock.advance(days=1)
    world.import_(export_bundle(restored, usb, signer).path)
    assert world.county.conn.execute("SELECT count(*) FROM set_aside").fetchone()[0] == 3  # 需关注 still has them
    world.clock.advance(minutes=5)
    [later] = write_receipts(world.county, world.keys, usb, [town.code])
    result = import_receipt(restored, later.path, ACTOR)
    assert later.lost == 0 and result.lost is None and not result.needs_attention, result.text()


def test_the_same_receipt_written_again_names_them_again(world, valid_record):
    town, _restored, _signer, usb, _first = _restored_told(world, valid_record)
    world.clock.advance(hours=1)  # the stick with it was lost: no bundle came in between
    [again] = write_receipts(world.county, world.keys, usb, [town.code])
    assert again.lost == 3


def test_a_later_import_names_only_what_it_set_aside_and_says_the_rest_were_told(world, valid_record):
    """Every later bundle of the restored township repeated the three under 需要处理 with
    写回执给乡镇：回执列出这些记录, though the next receipt (rightly) named none of them."""
    from fazhi_desktop.core.bundle.import_report import ATTENTION, IMPORTED, sections

    _town, restored, signer, usb, _first = _restored_told(world, valid_record)
    world.clock.advance(days=80)
    restored.save("meeting", valid_record("meeting", title="下一季度的会议"), ACTOR)
    later = world.import_(export_bundle(restored, usb, signer).path)
    assert later.set_aside == [] and not any("回执列出这些记录" in line for line in later.lines())
    [section] = sections([later])
    assert section.kind == IMPORTED and section.kind != ATTENTION
    assert section.entries[0][0].endswith("新增 1 条；另有 3 条此前已不计入，已于 2026-06-01 的回执告知乡镇")
