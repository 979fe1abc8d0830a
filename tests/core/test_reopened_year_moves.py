# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""What the county is told of a reopened year: a record moved out of it (a meeting of 2026 whose date was corrected
to 2027) is among the year's changes, named by its new number and the old one; a matter the closing left open,
concluded while the year was closed (as it may be), is not, although the same bundle brought it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
import review_steps
from bundle_world import county_template, world  # noqa: F401  (fixtures)
from test_year_close_bundles import MEETING, row_of, send

from fazhi_desktop.core import year_close
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.indicators.views import completeness_view

pytestmark = pytest.mark.usefixtures("beijing_time")  # the year log's times are the township's local ones

A = "640522100"
REASON = "会议日期录错，应为2027年1月"


def closed_with_a_meeting_and_an_open_complaint(world, valid_record):
    """海城镇's 2026 (a meeting of 28 December, a complaint still being handled) closed on 6 January and sent."""
    a, meeting, complaint = closed_with_a_meeting_and_an_open_complaint_unsent(world, valid_record)
    send(world, a)
    return a, meeting, complaint


def closed_with_a_meeting_and_an_open_complaint_unsent(world, valid_record, before_closing=None):
    """`closed_with_a_meeting_and_an_open_complaint`, the bundle not made; `before_closing(a, complaint)` is done
    first when given."""
    a = world.town(A)
    meeting = a.store.save("meeting", {**MEETING, "held_on": "2026-12-28"}, "杨芳")
    review_steps.submit(a.store, meeting.id, "杨芳")
    complaint = a.store.save("complaint", valid_record("complaint", accepted_on="2026-12-20", due_on="2027-01-20"),
                             "杨芳")
    if before_closing is not None:
        before_closing(a, complaint)
    world.clock.set(datetime(2027, 1, 6, 2, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    return a, meeting, complaint


def meeting_moved_to_2027(world, a, meeting) -> None:
    """On 14 January at 09:00 the 所长 reopens 2026, the meeting's date is corrected to 5 January 2027, and 2026 is
    closed again."""
    world.clock.set(datetime(2027, 1, 14, 1, 0, tzinfo=UTC))
    year_close.reopen_year(a.store, 2026, REASON, "杨芳")
    review_steps.reopen(a.store, meeting.id, "日期录错", "杨芳")
    a.store.save("meeting", {"held_on": "2027-01-05"}, "杨芳", record_id=meeting.id)
    review_steps.submit(a.store, meeting.id, "杨芳")
    year_close.close_year(a.store, 2026, "杨芳")


def concluded_while_closed(world, valid_record):
    """`closed_with_a_meeting_and_an_open_complaint`, the complaint concluded on 13 January while the year was closed
    (not sent)."""
    a, meeting, complaint = closed_with_a_meeting_and_an_open_complaint(world, valid_record)
    world.clock.set(datetime(2027, 1, 13, 2, 0, tzinfo=UTC))
    a.store.save("complaint", {"closed_on": "2027-01-13", "handling_result": "属实", "reply": "已电话答复投诉人"},
                 "杨芳", record_id=complaint.id)
    review_steps.submit(a.store, complaint.id, "杨芳")
    return a, meeting, complaint


def concluded_while_closed_then_reopened(world, valid_record):
    """The complaint 2026's closing left open concluded on 13 January, while the year was closed; the meeting moved to
    2027 on the 14th (`meeting_moved_to_2027`)."""
    a, meeting, complaint = concluded_while_closed(world, valid_record)
    meeting_moved_to_2027(world, a, meeting)
    return a, complaint


def attention(world) -> str:
    return row_of(completeness_view(world.county, completeness(world.county, 2026)), A)["需关注"]


def test_a_record_moved_out_of_a_reopened_year_is_told_by_its_new_number_and_its_old(world, valid_record):
    """The import said 本数据包没有改动该年的记录 while the county's 2026 会议 figures dropped by one."""
    a, meeting, _complaint = closed_with_a_meeting_and_an_open_complaint(world, valid_record)
    meeting_moved_to_2027(world, a, meeting)
    notes: list[str] = []
    send(world, a, notes)
    assert world.county.get(meeting.id).number == "〔2027〕会记字第1号"
    moved = "会议 〔2027〕会记字第1号（原〔2026〕会记字第1号）"
    assert notes == [f"2026年（县里已知 2027-01-06 封账）已于 2027-01-14 09:00（北京时间）重新打开（原因：{REASON}），"
                     f"2027-01-14 09:00 再次封账；本数据包改动了该年 1 条记录：{moved}，该年已评定的指标可能随之改变"]
    assert f"其间该年记录变动 1 条：{moved}；" in attention(world)


def test_a_matter_concluded_while_the_year_was_closed_is_not_among_the_reopenings_changes(world, valid_record):
    """The complaint 2026's closing left open was concluded on 13 January, before the reopening, and arrived in the
    same bundle: the report and 需关注 named it and not the meeting that moved a scored figure."""
    a, complaint = concluded_while_closed_then_reopened(world, valid_record)
    notes: list[str] = []
    send(world, a, notes)
    assert world.county.get(complaint.id).values["closed_on"] == "2027-01-13"
    assert len(notes) == 1 and notes[0].endswith(
        "本数据包改动了该年 1 条记录：会议 〔2027〕会记字第1号（原〔2026〕会记字第1号），该年已评定的指标可能随之改变")
    assert "其间该年记录变动 1 条：会议 〔2027〕会记字第1号（原〔2026〕会记字第1号）；" in attention(world)


@pytest.mark.parametrize("reopened_at, confirmed", [
    (datetime(2027, 1, 14, 9, 0, tzinfo=UTC), False),  # the zone 8 hours ahead, put right within the slack: not asked
    (datetime(2027, 1, 16, 1, 0, tzinfo=UTC), True),  # two days ahead, put right and confirmed (电脑时间无误)
])
def test_an_edit_made_after_the_clock_was_put_right_while_the_year_was_reopened_is_told(world, valid_record,
                                                                                      reopened_at, confirmed):
    """2026 reopened while the clock ran ahead, the clock put right, a meeting edited, the year closed again: the
    reopening logged after the edit and the closing, the county said 本数据包没有改动该年的记录 and
    其间该年记录未变动."""
    from fazhi_desktop.core import clock_behind

    a, meeting, _complaint = closed_with_a_meeting_and_an_open_complaint(world, valid_record)
    world.clock.set(reopened_at)
    year_close.reopen_year(a.store, 2026, REASON, "杨芳")
    world.clock.set(datetime(2027, 1, 14, 1, 30, tzinfo=UTC))
    if confirmed:
        clock_behind.confirm(a.store, "杨芳")
    review_steps.reopen(a.store, meeting.id, "地点录错", "杨芳")
    a.store.save("meeting", {"held_on": "2026-12-29"}, "杨芳", record_id=meeting.id)
    review_steps.submit(a.store, meeting.id, "杨芳")
    world.clock.set(datetime(2027, 1, 14, 2, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    notes: list[str] = []
    send(world, a, notes)
    assert any("本数据包改动了该年 1 条记录：会议" in n for n in notes), notes
    assert "其间该年记录变动 1 条：会议" in attention(world), attention(world)


def test_a_year_reopened_before_a_confirmed_clock_was_put_right_counts_the_edits_sent_meanwhile(world, valid_record):
    """Reopened two days ahead, the clock put right and confirmed, the meeting edited and sent the next day, the year
    closed two days later: its reopening no longer later than the closing nor than the bundle that carries it, the
    window began after the edit (需关注: 其间该年记录未变动). The confirmation the earlier bundle brought says the
    reopening's time was recorded while the clock ran ahead."""
    from fazhi_desktop.core import clock_behind

    a, meeting, _complaint = closed_with_a_meeting_and_an_open_complaint(world, valid_record)
    world.clock.set(datetime(2027, 1, 16, 1, 0, tzinfo=UTC))
    year_close.reopen_year(a.store, 2026, REASON, "杨芳")
    world.clock.set(datetime(2027, 1, 14, 1, 30, tzinfo=UTC))
    clock_behind.confirm(a.store, "杨芳")
    review_steps.reopen(a.store, meeting.id, "地点录错", "杨芳")
    a.store.save("meeting", {"held_on": "2026-12-29"}, "杨芳", record_id=meeting.id)
    review_steps.submit(a.store, meeting.id, "杨芳")
    world.clock.set(datetime(2027, 1, 15, 2, 0, tzinfo=UTC))  # the reopening less than a day ahead: sent
    send(world, a)
    world.clock.set(datetime(2027, 1, 17, 2, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    send(world, a)
    assert "其间该年记录变动 1 条：会议" in attention(world), attention(world)



def concluded_while_closed_then_a_clock_confirmed(world, valid_record, sent_between: bool):
    """The complaint concluded on 13 January while 2026 was closed, the meeting moved to 2027 while 2026 was
    reopened on the 14th (sent then, or not); two months later the PC ran two days ahead for a while, put right and
    confirmed (电脑时间无误), and sent: the times it accepted lie ahead, the bundle carries the confirmation."""
    from fazhi_desktop.core import clock_behind

    a, _complaint = concluded_while_closed_then_reopened(world, valid_record)
    if sent_between:
        send(world, a)
    world.clock.set(datetime(2027, 3, 12, 2, 0, tzinfo=UTC))
    a.store.save("meeting", {**MEETING, "held_on": "2027-03-11"}, "杨芳")
    world.clock.set(datetime(2027, 3, 10, 2, 0, tzinfo=UTC))
    clock_behind.confirm(a.store, "杨芳")
    notes: list[str] = []
    send(world, a, notes)
    return notes


def test_a_clock_confirmed_months_later_leaves_the_reopenings_before_it_trusted(world, valid_record):
    """需关注 said 其间该年记录变动 1 条：会议…; from the bundle after a clock confirmed two months later on, 2 条,
    the complaint concluded while the year was closed among them, and asked to check the year again. Only a
    reopening logged while the clock may have run ahead (after the confirmation, up to the times it accepted) is
    distrusted."""
    concluded_while_closed_then_a_clock_confirmed(world, valid_record, sent_between=True)
    said = attention(world)
    assert "其间该年记录变动 1 条：会议 〔2027〕会记字第1号（原〔2026〕会记字第1号）；请重新核对该年指标" in said, said
    # imported before migration 024: when the clock was confirmed is not known, every change counts (as before)
    world.county.conn.execute("UPDATE bundles_received SET confirmed_at = NULL")
    assert "其间该年记录变动 2 条：会议" in attention(world)


def test_a_reopening_first_sent_with_a_later_clock_confirmation_counts_every_change(world, valid_record):
    """The reopening of 14 January first sent with the confirmation of March: no bundle imported before the
    confirmation vouches for its time by the county's clock (it could have been logged while the clock ran ahead,
    and the confirmation come long after the clock was put right), so every change the bundle brought counts, the
    complaint concluded while the year was closed among them: over-telling is safe, a hidden edit is not."""
    notes = concluded_while_closed_then_a_clock_confirmed(world, valid_record, sent_between=False)
    assert any("本数据包改动了该年 2 条记录" in n for n in notes), notes


def test_an_edit_after_the_clock_was_put_right_and_before_a_late_confirmation_is_told(world, valid_record):
    """The PC ran 20 days ahead when 2026 was reopened (logged 28 January), the clock was put right, the meeting of
    2026 edited on the 14th, and the 所长 confirmed 电脑时间无误 only on the 29th when closing again: 需关注 said
    其间该年记录未变动 (the reopening, logged before the confirmation, was trusted, and the edit fell before it)."""
    from fazhi_desktop.core import clock_behind

    a, meeting, _complaint = closed_with_a_meeting_and_an_open_complaint(world, valid_record)
    world.clock.set(datetime(2027, 1, 28, 2, 0, tzinfo=UTC))
    year_close.reopen_year(a.store, 2026, REASON, "杨芳")
    world.clock.set(datetime(2027, 2, 1, 2, 0, tzinfo=UTC))
    a.store.save("meeting", {**MEETING, "held_on": "2027-01-11"}, "杨芳")
    world.clock.set(datetime(2027, 1, 14, 2, 0, tzinfo=UTC))
    review_steps.reopen(a.store, meeting.id, "地点录错", "杨芳")
    a.store.save("meeting", {"held_on": "2026-12-29"}, "杨芳", record_id=meeting.id)
    review_steps.submit(a.store, meeting.id, "杨芳")
    world.clock.set(datetime(2027, 1, 29, 2, 0, tzinfo=UTC))
    clock_behind.confirm(a.store, "杨芳")
    year_close.close_year(a.store, 2026, "杨芳")
    send(world, a)
    assert "其间该年记录变动 1 条：会议" in attention(world), attention(world)


def test_an_edit_before_a_reopening_logged_ahead_and_sent_on_time_is_told(world, valid_record):
    """2026 reopened while the PC ran 20 days ahead (logged 28 January, nothing asked), the clock put right, the 2026
    meeting corrected on the 14th, the month's bundle sent on the 28th (carrying the reopening at a time no later than
    it was made), 2026 closed on the 29th: 需关注 said 其间该年记录未变动, the edit before the reopening's time. A
    meeting cannot change while its year is closed: changed outside every reopening, it proves their times wrong."""
    a, meeting, _complaint = closed_with_a_meeting_and_an_open_complaint(world, valid_record)
    told = edited_before_a_reopening_logged_ahead(world, a, meeting, {"held_on": "2026-12-29"})
    assert told == "会议 〔2026〕会记字第1号"


def edited_before_a_reopening_logged_ahead(world, a, record, change: dict) -> str:
    """2026 reopened while the PC ran 20 days ahead (logged 28 January), the clock put right, `record` given
    `change` on the 14th, sent on the 28th and 2026 closed on the 29th: what the import report and 需关注 named
    alike as changed, by ledger and number."""

    def act() -> None:
        review_steps.reopen(a.store, record.id, "录错", "杨芳")
        a.store.save(record.ledger, change, "杨芳", record_id=record.id)
        review_steps.submit(a.store, record.id, "杨芳")

    return changed_before_a_reopening_logged_ahead(world, a, act)


def changed_before_a_reopening_logged_ahead(world, a, act: Callable[[], None]) -> str:
    """`edited_before_a_reopening_logged_ahead`, the change on the 14th made by `act`."""
    world.clock.set(datetime(2027, 1, 28, 2, 0, tzinfo=UTC))
    year_close.reopen_year(a.store, 2026, REASON, "杨芳")
    world.clock.set(datetime(2027, 1, 14, 2, 0, tzinfo=UTC))
    act()
    world.clock.set(datetime(2027, 1, 28, 6, 0, tzinfo=UTC))
    notes: list[str] = []
    send(world, a, notes)
    said = "本数据包改动了该年 1 条记录："
    assert any(said in note for note in notes), notes
    [told] = [n.split(said)[1].split("，")[0] for n in notes if said in n]
    world.clock.set(datetime(2027, 1, 29, 2, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    send(world, a)
    assert f"其间该年记录变动 1 条：{told}" in attention(world), attention(world)
    return told


def test_a_reopening_logged_before_a_confirmation_needs_the_countys_clock_to_vouch_for_it():
    """Reopened on real 10 November with the clock 30 days ahead (logged 10 December), an edit on 5 December once it
    was put right, the clock confirmed on the 12th accepting times up to the 31st: the window began after the edit.
    A bundle carrying the reopening imported on 10 December (the county's clock) vouches for its time; one imported
    on 20 November, 20 days before the time logged, does not."""
    from fazhi_desktop.core.reopened_years import _open_times
    from fazhi_desktop.core.year_log_label import Entry

    reopened = Entry(1, 2025, year_close.REOPEN, "2026-12-10T02:00:00Z", "补录")
    closed = Entry(2, 2025, year_close.CLOSE, "2026-12-15T02:00:00Z")
    confirmed = [("2026-12-12T02:00:00Z", "2026-12-31T02:00:00Z")]
    assert _open_times((reopened, closed), confirmed) is None
    assert _open_times((reopened, closed), confirmed, {reopened: "2026-11-20T02:00:00Z"}) is None
    assert _open_times((reopened, closed), confirmed, {reopened: "2026-12-13T02:00:00Z"}) is None  # after it
    assert _open_times((reopened, closed), confirmed, {reopened: "2026-12-10T03:00:00Z"}) == [
        ("2026-12-10T02:00", "2026-12-15T02:00")]


def test_bundles_imported_out_of_order_tell_only_what_the_reopening_changed(world, valid_record):
    """西安镇's second bundle (a reopening, a corrected meeting, the second closing) imported before its first (the
    first stick came late) brought every record of 2026 new: 需关注 named all of them, the history from before the
    year's first closing taken for changes to the closed year. Imported in either order it names the meeting."""
    a, meeting, _complaint = closed_with_a_meeting_and_an_open_complaint_unsent(world, valid_record)
    first = world.export(a)
    world.clock.set(datetime(2027, 1, 14, 1, 0, tzinfo=UTC))
    year_close.reopen_year(a.store, 2026, "会议列席情况录错", "杨芳")
    review_steps.reopen(a.store, meeting.id, "所长实际全程列席", "杨芳")
    a.store.save("meeting", {"office_head_attendance": "全程"}, "杨芳", record_id=meeting.id)
    review_steps.submit(a.store, meeting.id, "杨芳")
    world.clock.set(datetime(2027, 1, 14, 2, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    second = world.export(a)
    for bundle in (second, first):
        assert world.import_(bundle.path).ok
    said = attention(world)
    assert "其间该年记录变动 1 条：会议 〔2026〕会记字第1号；" in said, said


def test_a_closings_lock_of_a_matter_concluded_while_the_year_was_closed_is_not_a_change(world, valid_record):
    """The complaint 2026's closing left open, concluded on 13 January and sent; 2026 reopened on the 14th for the
    meeting and closed again, which locked the complaint: the bundle carried only that lock of it, and the county
    named the complaint among the reopening's changes (a status change at the closing's minute, within the
    window)."""
    a, meeting, complaint = concluded_while_closed(world, valid_record)
    send(world, a)
    meeting_moved_to_2027(world, a, meeting)
    assert a.store.get(complaint.id).status == "locked"
    notes: list[str] = []
    send(world, a, notes)
    moved = "会议 〔2027〕会记字第1号（原〔2026〕会记字第1号）"
    assert notes == [notes[0].split("；")[0] + f"；本数据包改动了该年 1 条记录：{moved}，该年已评定的指标可能随之改变"]
    assert f"其间该年记录变动 1 条：{moved}；" in attention(world)



@pytest.mark.parametrize("rectify", [{}, {"rectify_by": "2026-12-10", "recheck_result": "已整改",
                                        "rechecked_on": "2026-12-08"}], ids=["plain", "rectified-in-the-year"])
def test_a_check_the_closing_locked_edited_before_a_reopening_logged_ahead_is_told(world, valid_record, rectify):
    """As a meeting (above): a check that asked no rectification, or was rechecked 已整改 within its year, is locked
    by the closing and cannot change while its year is closed. Since checks may be matters the closing leaves open
    (`open_until`), the whole ledger was taken for such matters, and the edit before the reopening's time was not
    told (其间该年记录未变动): the county now judges each record by its values (LedgerDef.in_progress, the year of its
    conclusion)."""
    a = world.town(A)
    check = a.store.save("enforcement_check", valid_record("enforcement_check", checked_on="2026-12-01", **rectify),
                         "杨芳")
    review_steps.submit(a.store, check.id, "杨芳")
    world.clock.set(datetime(2027, 1, 6, 2, 0, tzinfo=UTC))
    assert [r.id for r in year_close.close_year(a.store, 2026, "杨芳")] == [check.id]
    send(world, a)
    told = edited_before_a_reopening_logged_ahead(world, a, check, {"supervised_unit": "乡市场监管所"})
    assert told == "行政执法监督检查 〔2026〕执监字第1号"


def test_a_record_moved_into_a_reopened_year_is_told_by_its_new_number_and_its_old(world, valid_record):
    """A meeting of January 2027, sent, then corrected to 30 December 2026 while 2026 was reopened: the county was
    told 会议 〔2026〕会记字第2号 without the number it had received it under, as a record moved out is told."""
    a, _meeting, _complaint = closed_with_a_meeting_and_an_open_complaint(world, valid_record)
    january = a.store.save("meeting", {**MEETING, "held_on": "2027-01-05"}, "杨芳")
    send(world, a)
    assert world.county.get(january.id).number == "〔2027〕会记字第1号"
    world.clock.set(datetime(2027, 1, 14, 1, 0, tzinfo=UTC))
    year_close.reopen_year(a.store, 2026, "会议日期录错，应为2026年12月", "杨芳")
    a.store.save("meeting", {"held_on": "2026-12-30"}, "杨芳", record_id=january.id)
    review_steps.submit(a.store, january.id, "杨芳")
    year_close.close_year(a.store, 2026, "杨芳")
    notes: list[str] = []
    send(world, a, notes)
    moved = "会议 〔2026〕会记字第2号（原〔2027〕会记字第1号）"
    assert world.county.get(january.id).number == "〔2026〕会记字第2号"
    assert len(notes) == 1 and f"本数据包改动了该年 1 条记录：{moved}，" in notes[0], notes
    assert f"其间该年记录变动 1 条：{moved}；" in attention(world)
