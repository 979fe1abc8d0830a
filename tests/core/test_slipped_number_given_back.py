# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A December meeting typed as next December (core/year_slip.py) took 〔2027〕会记字第1号; corrected afterwards, it
left that number used, and January's first meeting got 第2号 with no 第1号 in the register. The number is given
back when nothing was numbered after it and no bundle carried it; otherwise it stays used, as before."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from bundle_world import county_template, world  # noqa: F401

from fazhi_desktop.core.documents import register_codes
from fazhi_desktop.core.year_slip import renumbered_said

ACTOR = "杨芳"


@pytest.fixture
def january(store, clock):
    """2 January 2027, the clerk entering last December's paper records."""
    clock.set(datetime(2027, 1, 2, 1, 0, tzinfo=UTC))
    return store


def meeting(store, valid_record, held_on: str, title: str = "镇党委会议"):
    return store.save("meeting", valid_record("meeting", title=title, held_on=held_on), ACTOR)


def test_the_slipped_number_comes_back_for_januarys_first_meeting(january, valid_record):
    slipped = meeting(january, valid_record, "2027-12-28")
    assert slipped.number == "〔2027〕会记字第1号"
    corrected = january.save("meeting", {"held_on": "2026-12-28"}, ACTOR, record_id=slipped.id)
    assert corrected.number == "〔2026〕会记字第1号"
    assert renumbered_said(january, slipped) == "原为 〔2027〕会记字第1号，原编号已收回"
    assert meeting(january, valid_record, "2027-01-05", "一月例会").number == "〔2027〕会记字第1号"


def test_corrected_back_again_it_takes_its_number_once_more_and_none_is_given_twice(january, valid_record):
    slipped = meeting(january, valid_record, "2027-12-28")
    january.save("meeting", {"held_on": "2026-12-28"}, ACTOR, record_id=slipped.id)
    again = january.save("meeting", {"held_on": "2027-12-28"}, ACTOR, record_id=slipped.id)
    assert again.number == "〔2027〕会记字第1号"
    assert meeting(january, valid_record, "2027-01-05", "一月例会").number == "〔2027〕会记字第2号"


def test_a_number_another_record_took_meanwhile_is_not_taken_back(january, valid_record):
    slipped = meeting(january, valid_record, "2027-12-28")
    january.save("meeting", {"held_on": "2026-12-28"}, ACTOR, record_id=slipped.id)
    first = meeting(january, valid_record, "2027-01-05", "一月例会")
    assert first.number == "〔2027〕会记字第1号"
    again = january.save("meeting", {"held_on": "2027-12-28"}, ACTOR, record_id=slipped.id)
    assert again.number == "〔2027〕会记字第2号"


def test_a_number_with_a_later_one_after_it_stays_used(january, valid_record):
    slipped = meeting(january, valid_record, "2027-12-28")
    meeting(january, valid_record, "2027-01-02", "一月例会")  # 第2号, before the correction
    january.save("meeting", {"held_on": "2026-12-28"}, ACTOR, record_id=slipped.id)
    assert renumbered_said(january, slipped) == "原为 〔2027〕会记字第1号"
    assert meeting(january, valid_record, "2027-01-05", "二次例会").number == "〔2027〕会记字第3号"


def test_a_number_a_bundle_carried_to_the_county_stays_used(world, valid_record):
    town = world.town()
    slipped = meeting(town.store, valid_record, "2026-12-28")
    assert world.export(town).path.is_file()  # the county holds 〔2026〕会记字第1号
    corrected = town.store.save("meeting", {"held_on": "2025-12-28"}, ACTOR, record_id=slipped.id)
    assert corrected.number == "〔2025〕会记字第1号"
    assert renumbered_said(town.store, slipped) == "原为 〔2026〕会记字第1号"
    assert meeting(town.store, valid_record, "2026-03-05", "三月例会").number == "〔2026〕会记字第2号"


def test_a_number_given_back_and_taken_by_a_record_deleted_since_is_not_taken_back(january, valid_record):
    """一月例会 took the number given back, then was deleted (录重了): it still shows 〔2027〕会记字第1号 (已删除的记录,
    its printed sign-in sheet). The slipped meeting set back to 2027 took that number again: two meetings of one
    number, and the deleted one could not be restored."""
    slipped = meeting(january, valid_record, "2027-12-28")
    january.save("meeting", {"held_on": "2026-12-28"}, ACTOR, record_id=slipped.id)
    taken = meeting(january, valid_record, "2027-01-05", "一月例会")
    january.delete(taken.id, ACTOR)
    again = january.save("meeting", {"held_on": "2027-12-28"}, ACTOR, record_id=slipped.id)
    assert again.number == "〔2027〕会记字第2号"
    assert january.number_taken("meeting", taken.id, taken.number) is None  # the deleted one can come back


def test_a_number_another_record_held_and_left_used_is_not_taken_back(january, valid_record):
    """The number given back went to a second slipped meeting, corrected in its turn after 第2号 was given (so it
    stayed used, in that meeting's 修改历史 and on its papers): the first one set back to 2027 does not take it."""
    first = meeting(january, valid_record, "2027-12-28")
    january.save("meeting", {"held_on": "2026-12-28"}, ACTOR, record_id=first.id)
    second = meeting(january, valid_record, "2027-12-29", "第二个写错年份的会议")
    assert second.number == "〔2027〕会记字第1号"
    meeting(january, valid_record, "2027-01-05", "一月例会")  # 第2号
    january.save("meeting", {"held_on": "2026-12-29"}, ACTOR, record_id=second.id)
    again = january.save("meeting", {"held_on": "2027-12-28"}, ACTOR, record_id=first.id)
    assert again.number == "〔2027〕会记字第3号"


def test_a_number_a_printed_register_page_lists_stays_used(january, valid_record):
    """The 2027 会议台账 was printed with the slipped meeting on it as 〔2027〕会记字第1号 (its page's 核验码 kept):
    giving the number to January's first meeting would make two papers of the office list two meetings as 第1号."""
    slipped = meeting(january, valid_record, "2027-12-28")
    register_codes.save_pages(january, "meeting", 2027, None, [[slipped]])
    january.save("meeting", {"held_on": "2026-12-28"}, ACTOR, record_id=slipped.id)
    assert renumbered_said(january, slipped) == "原为 〔2027〕会记字第1号"
    assert meeting(january, valid_record, "2027-01-05", "一月例会").number == "〔2027〕会记字第2号"
