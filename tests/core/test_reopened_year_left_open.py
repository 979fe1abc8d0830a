# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A record changed outside every reopening of a closed year is not counted only when the closing may have left it
open (its conclusion may come while the year is closed): that must be true of the record as the closing left it, not
as the change made it. Each case here is a real change to 2026, made on the 14th while the PC's clock had logged the
reopening on the 28th (`changed_before_a_reopening_logged_ahead`); the county was told 本数据包没有改动该年的记录 and
其间该年记录未变动；该年指标不受影响."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import review_steps
from bundle_world import county_template, world  # noqa: F401  (fixtures)
from test_reopened_year_moves import (
    A,
    attention,
    changed_before_a_reopening_logged_ahead,
    closed_with_a_meeting_and_an_open_complaint,
    closed_with_a_meeting_and_an_open_complaint_unsent,
    edited_before_a_reopening_logged_ahead,
    meeting_moved_to_2027,
)
from test_year_close_bundles import send

from fazhi_desktop.core import year_close

pytestmark = pytest.mark.usefixtures("beijing_time")  # the year log's times are the township's local ones


def test_a_concluded_complaint_moved_out_of_the_closed_year_is_told(world, valid_record):
    """A complaint of 2026 concluded in June, locked by the closing, redated to 3 January 2027 and concluded on the
    10th: 2026's T30b lost it. Concluded after 2026, it looked like a matter the closing left open, which can never be
    moved out of its year."""
    a = world.town(A)
    done = a.store.save("complaint", valid_record("complaint", accepted_on="2026-05-20", due_on="2026-06-20",
                                                  closed_on="2026-06-01", handling_result="属实",
                                                  reply="已电话答复投诉人"), "杨芳")
    review_steps.submit(a.store, done.id, "杨芳")
    world.clock.set(datetime(2027, 1, 6, 2, 0, tzinfo=UTC))
    assert [r.id for r in year_close.close_year(a.store, 2026, "杨芳")] == [done.id]
    send(world, a)
    told = edited_before_a_reopening_logged_ahead(
        world, a, done, {"accepted_on": "2027-01-03", "due_on": "2027-02-03", "closed_on": "2027-01-10"})
    assert told == "投诉举报 〔2027〕投诉字第1号（原〔2026〕投诉字第1号）"


def test_an_open_complaint_deleted_while_the_year_was_closed_is_told(world, valid_record):
    """The complaint 2026's closing left open (still being handled), deleted: 2026's T30b lost it. Deleted, its values
    still read 办理中, but a matter left open can never be deleted (`year_close.closed_for`)."""
    a, _meeting, complaint = closed_with_a_meeting_and_an_open_complaint(world, valid_record)
    told = changed_before_a_reopening_logged_ahead(world, a, lambda: a.store.delete(complaint.id, "杨芳"))
    assert told == "投诉举报 〔2026〕投诉字第1号"
    assert world.county.get(complaint.id, include_deleted=True).deleted


def test_a_check_the_closing_locked_given_a_rectification_while_the_year_was_closed_is_told(world, valid_record):
    """A check that asked no rectification, locked by the closing, reopened and given a 整改期限: its values now read
    整改中, as a check the closing left open would. The township's change log says the closing locked it (its lock
    carries the closing's reason, `year_close.closing_reason`), and a locked record changes only in a reopening."""
    a = world.town(A)
    check = a.store.save("enforcement_check", valid_record("enforcement_check", checked_on="2026-12-01"), "杨芳")
    review_steps.submit(a.store, check.id, "杨芳")
    world.clock.set(datetime(2027, 1, 6, 2, 0, tzinfo=UTC))
    assert [r.id for r in year_close.close_year(a.store, 2026, "杨芳")] == [check.id]
    send(world, a)
    told = edited_before_a_reopening_logged_ahead(world, a, check, {"rectify_by": "2027-02-01",
                                                                    "problems_found": "未亮证执法"})
    assert told == "行政执法监督检查 〔2026〕执监字第1号"


def test_a_complaint_moved_out_before_the_first_closing_is_not_the_closed_years(world, valid_record):
    """A complaint the county held dated 20 December 2026, redated to 2 January 2027 on the 4th, before 2026's first
    closing on the 6th (history), concluded in 2027 on the 13th; 2026 then reopened for a meeting, and the bundles
    came out of order. Judged by its date now, the complaint read as a record no closing can have left open: 需关注
    named it among 2026's changes and counted every left-open matter's conclusion."""
    def redated_out(a, complaint):
        world.clock.set(datetime(2026, 12, 31, 2, 0, tzinfo=UTC))
        send(world, a)  # the county holds the complaint in 2026
        world.clock.set(datetime(2027, 1, 4, 2, 0, tzinfo=UTC))
        a.store.save("complaint", {"accepted_on": "2027-01-02", "due_on": "2027-02-02"}, "杨芳",
                     record_id=complaint.id)

    a, meeting, complaint = closed_with_a_meeting_and_an_open_complaint_unsent(world, valid_record, redated_out)
    closing = world.export(a)  # carries the redate: the year's history
    world.clock.set(datetime(2027, 1, 13, 2, 0, tzinfo=UTC))
    a.store.save("complaint", {"closed_on": "2027-01-13", "handling_result": "属实", "reply": "已电话答复投诉人"},
                 "杨芳", record_id=complaint.id)
    meeting_moved_to_2027(world, a, meeting)
    reopening = world.export(a)
    for bundle in (reopening, closing):  # the closing's stick comes late
        assert world.import_(bundle.path).ok
    said = attention(world)
    assert "其间该年记录变动 1 条：会议 〔2027〕会记字第1号（原〔2026〕会记字第1号）；" in said, said
