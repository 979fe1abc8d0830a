# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""At the county: the January recheck of a check its year's closing left open (its rectification pending), entered
while the year was closed, arrives without being told as a change to the closed year, also when the same bundle
tells of a reopening that changed another record."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import review_steps
from bundle_world import county_template, world  # noqa: F401  (fixtures)
from test_reopened_year_moves import A, attention, meeting_moved_to_2027
from test_year_close_bundles import MEETING, send

from fazhi_desktop.core import year_close

pytestmark = pytest.mark.usefixtures("beijing_time")  # the year log's times are the township's local ones


def closed_with_a_pending_check(world, valid_record):
    """海城镇's 2026 (a meeting of 28 December, a check of the 18th asking for rectification by 10 January, 整改中)
    closed on 6 January and sent; the township, the meeting and the check."""
    a = world.town(A)
    meeting = a.store.save("meeting", {**MEETING, "held_on": "2026-12-28"}, "杨芳")
    review_steps.submit(a.store, meeting.id, "杨芳")
    check = a.store.save("enforcement_check", valid_record(
        "enforcement_check", checked_on="2026-12-18", rectify_by="2027-01-10", recheck_result="整改中"), "杨芳")
    review_steps.submit(a.store, check.id, "杨芳")
    world.clock.set(datetime(2027, 1, 6, 2, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    send(world, a)
    world.clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    a.store.save("enforcement_check", {"rechecked_on": "2027-01-12", "recheck_result": "已整改"}, "杨芳",
                 record_id=check.id)
    return a, meeting, check


def test_a_recheck_entered_while_the_year_was_closed_arrives_untold(world, valid_record):
    a, _meeting, check = closed_with_a_pending_check(world, valid_record)
    notes: list[str] = []
    bag = send(world, a, notes)
    assert world.county.get(check.id).values["recheck_result"] == "已整改"
    assert notes == [] and "2026=close@2027-01-06" in bag  # the closing stands as the county had it
    assert "执监字" not in attention(world)


def test_a_recheck_entered_while_the_year_was_closed_is_not_among_a_reopenings_changes(world, valid_record):
    a, meeting, _check = closed_with_a_pending_check(world, valid_record)
    meeting_moved_to_2027(world, a, meeting)  # on the 14th a reopening that does change the year
    notes: list[str] = []
    send(world, a, notes)
    assert len(notes) == 1 and notes[0].endswith(
        "本数据包改动了该年 1 条记录：会议 〔2027〕会记字第1号（原〔2026〕会记字第1号），该年已评定的指标可能随之改变")
    assert "执监字" not in attention(world)
