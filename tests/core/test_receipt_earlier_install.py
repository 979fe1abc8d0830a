# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A township that re-installed was never told the county keeps its earlier install's records (the county's
county-year review, twenty-second session): its own 指标 page said 未达标 where the county said 达标, and the receipt
said only 回执有效 and the numbering. The receipt now carries how many the county keeps, per ledger (numbers only);
the import says so once, and the 指标 page says its figures leave them out."""

from __future__ import annotations

import json

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle.receipt_earlier import indicators_note

CLERK = "杨芳"


def test_the_new_install_is_told_the_county_keeps_its_earlier_records(world, valid_record, clock):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), CLERK)
    town.store.save("complaint", valid_record("complaint"), CLERK)
    town.store.save("complaint", valid_record("complaint", accepted_on="2026-04-01"), CLERK)
    world.import_(world.export(town).path)
    new = world.reinstall(town.code)
    assert indicators_note(new.store, 2026) == ""

    result = world.receipt(new)  # the new key's receipt: the numbering, and now this
    receipt = json.loads(next(new.usb.glob("fazhi-receipt-*.json")).read_text(encoding="utf-8"))
    assert receipt["earlier_install"] == {"meeting": 1, "complaint": 2}
    assert receipt["earlier_install_years"] == {"2026": 3}
    said = result.text()
    assert said.startswith("回执有效。")
    assert ("县里保存有本所重装前的 3 条记录（照常计入指标），不必补录：会议 1 条、投诉举报 2 条。"
            "本所的指标页不含这些记录，结果可能与县里的不同。") in said
    assert indicators_note(new.store, 2026) == ("县里保存有本所重装前的 3 条记录，计入县里2026年的指标；"
                                                "本所统计的指标不含这些记录，结果可能与县里的不同。")
    assert indicators_note(world.county, 2026) == ""

    # said once: the next receipt, with the same count, does not repeat it
    new.store.save("meeting", valid_record("meeting", title="重装后的会议"), CLERK)
    world.import_(world.export(new).path)
    clock.advance(days=1)
    again = world.receipt(new)
    assert again.earlier is None and "重装前" not in again.text()
    assert indicators_note(new.store, 2026)  # the page still says it


def test_an_office_that_only_made_a_new_key_is_not_told_so(world, valid_record, clock):
    """A new key for a forgotten passphrase looks to the county like a re-install's before its first bundle; the
    office kept its database and its records, so its receipt says nothing of records kept for it."""
    from bundle_world import ACTOR, LOW_COST, TOWN_PASS

    from fazhi_desktop.core.bundle import keys as keymod

    town = world.town()
    town.store.save("meeting", valid_record("meeting"), CLERK)
    world.import_(world.export(town).path)
    clock.advance(days=1)
    keymod.init_township_key(town.store, TOWN_PASS, replace=True, cost=LOW_COST)
    keymod.enrol(world.county, keymod.township_key(town.store), ACTOR, replace=True)
    result = world.receipt(town)
    assert result.earlier is None and "重装前" not in result.text() and indicators_note(town.store, 2026) == ""


def test_the_page_counts_the_earlier_records_of_the_year_it_shows(world, valid_record):
    """The 指标 page's note gave the total of every year (4) above 2026, whose county figures held 2 of them: the
    receipt carries how many each year's figures count, a matter in each year up to its conclusion (as T30b carries
    a complaint), one the earlier install left open only in the year it was accepted."""
    from datetime import date

    from fazhi_desktop.core.indicators import load_catalog_for
    from fazhi_desktop.core.indicators.engine import compute

    town = world.town()
    town.store.save("meeting", valid_record("meeting", held_on="2025-11-03"), CLERK)
    spanning = town.store.save("complaint", valid_record("complaint", accepted_on="2025-12-20",
                                                         closed_on="2026-01-10"), CLERK)
    left_open = town.store.save("complaint", valid_record("complaint", accepted_on="2025-06-01"), CLERK)
    town.store.save("meeting", valid_record("meeting", held_on="2026-03-05"), CLERK)
    world.import_(world.export(town).path)
    new = world.reinstall(town.code)
    new.store.save("meeting", valid_record("meeting", title="重装后的会议"), CLERK)
    world.import_(world.export(new).path)
    world.receipt(new)
    receipt = json.loads(next(new.usb.glob("fazhi-receipt-*.json")).read_text(encoding="utf-8"))
    assert receipt["earlier_install_years"] == {"2025": 3, "2026": 2}

    # as the county's figures count them: the complaint concluded in 2026 is in its T30b, the one left open not
    t30b = compute(world.county, load_catalog_for(world.county, remember=False), 2026, town.code,
                   today=date(2026, 12, 31), ids=True).figure("T30b", town.code)
    assert spanning.id in t30b.denominator_ids and left_open.id not in t30b.denominator_ids

    assert indicators_note(new.store, 2025) == ("县里保存有本所重装前的 4 条记录，其中 3 条计入县里2025年的指标；"
                                                "本所统计的指标不含这些记录，结果可能与县里的不同。")
    assert indicators_note(new.store, 2026) == ("县里保存有本所重装前的 4 条记录，其中 2 条计入县里2026年的指标；"
                                                "本所统计的指标不含这些记录，结果可能与县里的不同。")
    assert indicators_note(new.store, 2027) == ""  # none of them counts there: the county's figures are the page's
