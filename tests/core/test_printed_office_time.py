"""Printed times are Beijing's, as the offices keep it, whatever zone the PC is set to: on a PC set to Tokyo at 23:30
on 31 December Beijing time the 2026 register said 生成时间：2027年1月1日 00:30, and a printed record's 登记 time
was an hour ahead."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fazhi_desktop.core.documents import build_document, build_register_document, register_year

NEW_YEARS_EVE = datetime(2026, 12, 31, 15, 30, tzinfo=UTC)  # 23:30 on 31 December in Beijing, 00:30 in Tokyo


@pytest.fixture
def in_tokyo(zone):
    zone("JST-9")


def test_a_register_printed_on_new_years_eve_says_beijings_time(store, valid_record, clock, in_tokyo):
    clock.set(NEW_YEARS_EVE)
    store.save("meeting", valid_record("meeting", held_on="2026-12-30"), "杨芳")
    doc = build_register_document(store, "meeting", 2026)
    head = next(r.text for r in doc.pages[0].texts() if r.text.startswith("统计期间"))
    assert head == "统计期间：2026年1月1日至2026年12月31日　共 1 条　生成时间：2026年12月31日 23:30", head


def test_the_register_offered_on_new_years_eve_is_of_beijings_year(store, valid_record, clock, in_tokyo):
    """A meeting saved for 5 January to print its sign-in sheet made 2027's register the one offered, while it is
    still 2026 in the office."""
    clock.set(NEW_YEARS_EVE)
    store.save("meeting", valid_record("meeting", held_on="2027-01-05"), "杨芳")
    assert register_year(store, "meeting") == 2026


def test_a_printed_record_says_when_it_was_registered_in_beijing_time(store, valid_record, clock, in_tokyo):
    clock.set(NEW_YEARS_EVE)
    rid = store.save("meeting", valid_record("meeting", held_on="2026-12-30"), "杨芳")
    text = build_document(store, rid, "record").text()
    assert "登记：杨芳 2026-12-31 23:30" in text, [line for line in text.split("\n") if "登记" in line]
