"""审核通过并打开下一条: which record the 所长 goes on to after approving one (core.review.next_to_review)."""

from __future__ import annotations

import pytest
import review_steps

from fazhi_desktop.core import accounts, review
from fazhi_desktop.core.store import ListQuery

STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)
#: title, date; numbered in this order (第1号 … 第5号), listed newest first: 3, 5, 1, 4, 2
MEETINGS = [("第一次安全生产会议", "2026-03-05"), ("第二次常务会议", "2026-01-10"),
            ("第三次安全生产会议", "2026-05-20"), ("第四次常务会议", "2026-02-14"), ("第五次常务会议", "2026-04-01")]
AS_LISTED = ListQuery("meeting", sort="held_on", descending=True)  # the list as it first shows


@pytest.fixture
def meetings(store, staff, valid_record):
    """Five meetings of 2026, all submitted by the clerk but the fourth (a draft); the 所长 logged in."""
    accounts.login(store, "马丽", STAFF_PASSWORD)
    saved = [store.save("meeting", valid_record("meeting", title=title, held_on=day), "") for title, day in MEETINGS]
    for number in (1, 2, 3, 5):
        review_steps.submit(store, saved[number - 1].id)
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    return [store.get(record.id) for record in saved]


def approved(store, record):
    return review_steps.review(store, record.id)


def title_of(record) -> str | None:
    return record["title"] if record is not None else None


def test_the_next_follows_the_lists_order_skips_drafts_and_goes_round_to_the_top(store, meetings):
    first, second, third, _fourth, fifth = meetings
    assert title_of(review.next_to_review(store, approved(store, fifth), AS_LISTED)) == "第一次安全生产会议"
    assert title_of(review.next_to_review(store, approved(store, first), AS_LISTED)) == "第二次常务会议"  # past 第四次
    assert title_of(review.next_to_review(store, approved(store, second), AS_LISTED)) == "第三次安全生产会议"  # round
    assert review.next_to_review(store, approved(store, third), AS_LISTED) is None
    assert review.NONE_LEFT == "本台账已没有待审核的记录"


def test_opened_from_elsewhere_the_next_is_in_number_order(store, meetings):
    first, _second, third, _fourth, fifth = meetings
    assert title_of(review.next_to_review(store, approved(store, first))) == "第二次常务会议"
    assert title_of(review.next_to_review(store, approved(store, third))) == "第五次常务会议"
    assert title_of(review.next_to_review(store, approved(store, fifth))) == "第二次常务会议"  # round to the top


def test_a_list_showing_only_submitted_records_still_knows_where_the_approved_one_stood(store, meetings):
    """The 所长 filters the list to 已提交 and walks it: the record she just approved has left that list."""
    fifth = meetings[4]
    waiting = ListQuery("meeting", status="submitted", sort="held_on", descending=True)
    assert title_of(review.next_to_review(store, approved(store, fifth), waiting)) == "第一次安全生产会议"


def test_the_lists_search_and_year_narrow_what_comes_next(store, meetings, valid_record):
    first, _second, third, _fourth, _fifth = meetings
    searched = ListQuery("meeting", text="安全生产", sort="held_on", descending=True)
    assert title_of(review.next_to_review(store, approved(store, third), searched)) == "第一次安全生产会议"
    assert review.next_to_review(store, approved(store, first), searched) is None  # 第二次 is not in that list
    accounts.login(store, "马丽", STAFF_PASSWORD)
    older = store.save("meeting", valid_record("meeting", title="去年的会议", held_on="2025-12-30"), "")
    review_steps.submit(store, older.id)
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    this_year = ListQuery("meeting", year=2026, sort="held_on", descending=True)
    second = meetings[1]  # the oldest of 2026, 2025's just after it in the list of all years
    assert title_of(review.next_to_review(store, second, AS_LISTED)) == "去年的会议"
    assert title_of(review.next_to_review(store, second, this_year)) == "第五次常务会议"  # round, past 第三次


def test_a_clerk_is_offered_nothing_to_review(store, meetings):
    accounts.login(store, "马丽", STAFF_PASSWORD)
    assert review.next_to_review(store, meetings[0], AS_LISTED) is None
