"""A false 请核对 on save (session 23): 应持证 5, 实际持证 3, 3 people listed in 执法证核查 of whom 2 certified said
「实际持证人数 3 人，多于执法证核查中…的 2 人，请核对」, though T29 counts the certified staff not listed (5 − 3 people,
3 − 2 of them certified); a clerk who obeyed and typed 2 lowered T29. It warns now only when more certified staff
are left unlisted than staff are (实际持证 − certified rows > 应持证 − rows listed)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi_desktop.core.validate import Lookups, clean_record

COUNTED = "执法证核查中执法证号已填、有效期已填且不早于检查日期的"
ROWS = [{"name": "马强", "certificate_no": "64052210001", "valid_until": "2027-12-31"},
        {"name": "李娟", "certificate_no": "64052210002", "valid_until": "2026-06-30"},
        {"name": "王军"}]


def said_of_certified(ledgers, valid_record, requiring: int, certified: int) -> list[str]:
    data = valid_record("enforcement_check", checked_on="2026-03-10", staff_requiring_certificate=requiring,
                        staff_certified=certified, certificates=ROWS)
    result = clean_record(ledgers["enforcement_check"], data, Lookups(today=lambda: date(2026, 6, 1)))
    assert result.problems == []
    return [w.message for w in result.warnings if w.path == "staff_certified"]


@pytest.mark.parametrize(("requiring", "certified"), [(5, 3), (5, 4), (4, 3), (3, 2)])
def test_certified_staff_not_listed_are_not_questioned(ledgers, valid_record, requiring, certified):
    assert said_of_certified(ledgers, valid_record, requiring, certified) == []


def test_more_certified_beyond_the_rows_than_people_unlisted_is(ledgers, valid_record):
    assert said_of_certified(ledgers, valid_record, 5, 5) == [
        f"实际持证人数 5 人，多于{COUNTED} 2 人与未列出姓名的 2 人之和，请核对"]
    assert said_of_certified(ledgers, valid_record, 3, 3) == [  # everyone listed: as before
        f"实际持证人数 3 人，多于{COUNTED} 2 人，请核对"]
