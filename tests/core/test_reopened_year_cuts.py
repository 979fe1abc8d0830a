# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""What the county takes for no change of a reopened year: its history, cut at the year's first closing to the second
(an edit in the minute of the closing, after a reopening, is a change; to the end of its minute when logged to the
minute only); a closing's lock, by its reason whatever its time (a closing that crosses a minute). Of a township of
an earlier version (no year log) nothing: the day its bundles said the year was closed may be a clock's running
ahead, and a cut at it hid a change."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import review_steps
from bundle_world import county_template, world  # noqa: F401  (fixtures)
from test_reopened_year_moves import (
    attention,
    closed_with_a_meeting_and_an_open_complaint_unsent,
    concluded_while_closed,
)
from test_year_close_bundles import MEETING, send

from fazhi_desktop.core import year_close, year_log_label
from fazhi_desktop.core.reopened_years import _first_closing
from fazhi_desktop.core.year_close import CLOSE, REOPEN
from fazhi_desktop.core.year_log_label import Entry

pytestmark = pytest.mark.usefixtures("beijing_time")

A = "640522100"


def test_an_edit_in_the_minute_of_the_first_closing_after_a_reopening_is_a_change(world):
    """The 所长 closes 2026 at 10:00:05, sees the meeting's title is wrong, reopens at 10:00:30, corrects it at
    10:00:50 and closes again at 10:03: the county said 其间该年记录未变动 (its history cut to the minute)."""
    a = world.town(A)
    meeting = a.store.save("meeting", {**MEETING, "held_on": "2026-12-28"}, "杨芳")
    review_steps.submit(a.store, meeting.id, "杨芳")
    world.clock.set(datetime(2027, 1, 6, 2, 0, 5, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    send(world, a)
    world.clock.set(datetime(2027, 1, 6, 2, 0, 30, tzinfo=UTC))
    year_close.reopen_year(a.store, 2026, "会议名称录错", "杨芳")
    review_steps.reopen(a.store, meeting.id, "会议名称录错", "杨芳")
    world.clock.set(datetime(2027, 1, 6, 2, 0, 50, tzinfo=UTC))
    a.store.save("meeting", {"title": "2026年第4次镇政府常务会议"}, "杨芳", record_id=meeting.id)
    review_steps.submit(a.store, meeting.id, "杨芳")
    world.clock.set(datetime(2027, 1, 6, 2, 3, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    notes: list[str] = []
    send(world, a, notes)
    assert notes[0].endswith("；本数据包改动了该年 1 条记录：会议 〔2026〕会记字第1号，该年已评定的指标可能随之改变")
    assert "其间该年记录变动 1 条：会议 〔2026〕会记字第1号；" in attention(world)


def title_corrected(a, meeting) -> None:
    """2026 reopened for the meeting's title, the title corrected and the meeting submitted again."""
    year_close.reopen_year(a.store, 2026, "会议名称录错", "杨芳")
    review_steps.reopen(a.store, meeting.id, "会议名称录错", "杨芳")
    a.store.save("meeting", {"title": "2026年第4次镇政府常务会议"}, "杨芳", record_id=meeting.id)
    review_steps.submit(a.store, meeting.id, "杨芳")


def corrected_and_sent_first(world, a, meeting, first) -> str:
    """2026 reopened on 14 January for the meeting's title, corrected and closed again, that bundle imported before
    `first`, the bundle made before it: what 需关注 then says."""
    world.clock.set(datetime(2027, 1, 14, 1, 0, tzinfo=UTC))
    title_corrected(a, meeting)
    year_close.close_year(a.store, 2026, "杨芳")
    for bundle in (world.export(a), first):
        assert world.import_(bundle.path).ok
    return attention(world)


def closing(at: str, n: int = 1) -> Entry:
    return Entry(n, 2026, CLOSE, at)


def test_the_first_closing_is_no_cut_when_a_reopening_was_logged_at_its_time():
    """A reopening logged at the closing's second, or in its minute by a build that sent only the minute (both
    :00): an edit then cannot be told from the year's history, so nothing is taken as history."""
    first = "2027-01-06T02:00:05Z"
    assert _first_closing([(closing(first), Entry(2, 2026, REOPEN, "2027-01-06T02:00:06Z", "录错"))], 2026, []) == first
    assert _first_closing([(closing(first), Entry(2, 2026, REOPEN, first, "录错"))], 2026, []) is None
    minute = "2027-01-06T02:00:00Z"
    assert _first_closing([(closing(minute), Entry(2, 2026, REOPEN, minute, "录错"))], 2026, []) is None


def test_a_first_closing_logged_to_the_minute_only_is_history_to_its_minutes_end(world):
    """The 所长 reviews the last meeting at 10:00:20 and closes 2026 at 10:00:40 with a build that logged only the
    minute (10:00, kept as 10:00:00 since migration 022); she reopens 2026 on the 14th for the other meeting's title
    and closes again, and that bundle reaches the county first: 需关注 named both meetings (the review, after
    10:00:00, was taken for a change, and a meeting may not change while its year is closed, so every change counted).
    A reopening in that minute, to the second or not, takes nothing for history."""
    a = world.town(A)
    world.clock.set(datetime(2027, 1, 5, 2, 0, tzinfo=UTC))
    meeting = a.store.save("meeting", {**MEETING, "held_on": "2026-12-28"}, "杨芳")
    review_steps.submit(a.store, meeting.id, "杨芳")
    other = a.store.save("meeting", {**MEETING, "title": "2026年第5次镇政府常务会议", "held_on": "2026-12-29"}, "杨芳")
    review_steps.submit(a.store, other.id, "杨芳")
    world.clock.set(datetime(2027, 1, 6, 2, 0, 20, tzinfo=UTC))
    review_steps.review(a.store, other.id, "杨芳")
    world.clock.set(datetime(2027, 1, 6, 2, 0, 40, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    a.store.conn.execute("UPDATE year_log SET at = substr(at, 1, 17) || '00Z'")  # as the build of the time logged it
    a.store.conn.commit()
    first = world.export(a)
    assert corrected_and_sent_first(world, a, meeting, first) == (
        "本年度 2027-01-06 10:00（北京时间）封账后于 2027-01-14 09:00 重新打开（原因：会议名称录错），"
        "2027-01-14 09:00 再次封账；其间该年记录变动 1 条：会议 〔2026〕会记字第1号；请重新核对该年指标。")
    minute = "2027-01-06T02:00:00Z"
    assert _first_closing([(closing(minute), Entry(2, 2026, REOPEN, "2027-01-06T02:01:00Z", "录错"))], 2026, []) == (
        "2027-01-06T02:00:59Z")
    assert _first_closing([(closing(minute), Entry(2, 2026, REOPEN, "2027-01-06T02:00:30Z", "录错"))], 2026, []) is None


def test_a_closings_lock_written_in_the_minute_before_its_log_entry_is_not_a_change(world, valid_record, monkeypatch):
    """The complaint 2026's closing left open, concluded while the year was closed and sent; 2026 reopened for the
    meeting and closed again, its locks written at 10:02:59 and its log entry at 10:03:00: the county named the
    complaint again (the bundle carried only its lock, a minute before the closing's)."""
    a, meeting, complaint = concluded_while_closed(world, valid_record)
    send(world, a)
    world.clock.set(datetime(2027, 1, 14, 1, 0, tzinfo=UTC))
    title_corrected(a, meeting)
    world.clock.set(datetime(2027, 1, 14, 2, 2, 59, tzinfo=UTC))
    append = year_close._append

    def a_second_later(*args, **kwargs):
        world.clock.advance(seconds=1)
        return append(*args, **kwargs)

    monkeypatch.setattr(year_close, "_append", a_second_later)
    year_close.close_year(a.store, 2026, "杨芳")
    monkeypatch.undo()
    assert a.store.get(complaint.id).status == "locked"
    notes: list[str] = []
    send(world, a, notes)
    assert notes[0].endswith("；本数据包改动了该年 1 条记录：会议 〔2026〕会记字第1号，该年已评定的指标可能随之改变")
    assert "其间该年记录变动 1 条：会议 〔2026〕会记字第1号；" in attention(world)


def test_an_earlier_versions_bundles_out_of_order_name_every_record_of_the_year(world, valid_record, monkeypatch):
    """A township without the year log closes 2026 on 6 January, reopens it on the 14th to correct the meeting and
    closes it again; its second bundle reaches the county first: it brought every record of the year, and without a
    log nothing tells the year's history from a change (the day its closings label gives may be a clock's running
    ahead): 需关注 names the complaint too, which errs the safe way."""
    monkeypatch.setattr(year_log_label, "log_value", lambda conn: None)
    a, meeting, _complaint = closed_with_a_meeting_and_an_open_complaint_unsent(world, valid_record)
    first = world.export(a)
    assert corrected_and_sent_first(world, a, meeting, first) == (
        "本年度 2027-01-06 封账后曾重新打开，2027-01-14 再次封账；其间该年记录变动 2 条：会议 〔2026〕会记字第1号，"
        "投诉举报 〔2026〕投诉字第1号；"
        "请重新核对该年指标。")


@pytest.mark.parametrize("received", [datetime(2027, 1, 7, 2, 0, tzinfo=UTC), datetime(2027, 2, 25, 2, 0, tzinfo=UTC)],
                         ids=["before-the-day", "after-the-day"])
def test_a_first_closed_day_a_clock_ahead_gave_cuts_nothing(world, monkeypatch, received):
    """A township of an earlier version (no year log) closes 2026 with its PC's clock ahead, on 20 February; the
    bundle reaches the county on 7 January, or on 25 February (a monthly stick). The clock is put right, 2026 reopened
    on 14 January and the meeting corrected, and the year closed again on 1 March: the county said 其间该年记录未变动
    (the correction, in January, fell before the start of the day the closing said, taken for the year's history;
    bounding the day by the county's import time caught only the stick that came before it)."""
    monkeypatch.setattr(year_log_label, "log_value", lambda conn: None)
    a = world.town(A)
    world.clock.set(datetime(2027, 1, 5, 2, 0, tzinfo=UTC))
    meeting = a.store.save("meeting", {**MEETING, "held_on": "2026-12-28"}, "杨芳")
    review_steps.submit(a.store, meeting.id, "杨芳")
    world.clock.set(datetime(2027, 2, 20, 2, 0, tzinfo=UTC))  # the township's clock ran ahead
    year_close.close_year(a.store, 2026, "杨芳")
    first = world.export(a)
    world.clock.set(received)  # the county's day it came
    assert world.import_(first.path).ok
    world.clock.set(datetime(2027, 1, 14, 1, 0, tzinfo=UTC))  # put right at the township
    title_corrected(a, meeting)
    world.clock.set(datetime(2027, 3, 1, 1, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    assert world.import_(world.export(a).path).ok
    assert attention(world) == ("本年度 2027-02-20 封账后曾重新打开，2027-03-01 再次封账；"
                                "其间该年记录变动 1 条：会议 〔2026〕会记字第1号；请重新核对该年指标。")
