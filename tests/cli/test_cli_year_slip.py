"""`fazhi add` of last December's meeting typed a year late on 2 January (2027-12-28 for 2026-12-28): added, as
the paper may be right, but said, with the date it likely meant; a meeting a few days ahead is not."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from test_cli import MEETING, run

from fazhi_desktop.core.store import Store
from fazhi_desktop.core.year_slip import last_years


@pytest.fixture
def january(db, clock, monkeypatch, beijing_time):
    """The command's clock at 2 January 2027, 09:00 in Beijing."""
    clock.set(datetime(2027, 1, 2, 1, 0, tzinfo=UTC))
    opened = Store.open.__func__
    monkeypatch.setattr(Store, "open", classmethod(lambda cls, *a, **k: opened(cls, *a, **{**k, "clock": clock})))


def test_a_december_meeting_typed_a_year_late_is_added_and_said(january, capsys, monkeypatch):
    code, _out, err = run(capsys, "add", "meeting", "--json", "-",
                          stdin=json.dumps({**MEETING, "held_on": "2027-12-28"}), monkeypatch=monkeypatch)
    assert code == 0 and "〔2027〕会记字第1号" in err
    assert ("注意：会议日期 2027-12-28 比今天（2027-01-02）晚360天，这条记录会记入2027年、按2027年编号，"
            "不计入2026年的指标。如是去年的会议，会议日期应为 2026-12-28") in err


def test_a_meeting_a_few_days_ahead_is_added_without_a_word(january, capsys, monkeypatch):
    code, _out, err = run(capsys, "add", "meeting", "--json", "-",
                          stdin=json.dumps({**MEETING, "held_on": "2027-01-08"}), monkeypatch=monkeypatch)
    assert code == 0 and "注意" not in err


@pytest.mark.parametrize(("day", "today", "meant"), [
    (date(2027, 12, 28), date(2027, 1, 2), date(2026, 12, 28)),
    (date(2027, 12, 20), date(2027, 3, 10), date(2026, 12, 20)),  # still entering December in March
    (date(2027, 12, 28), date(2027, 7, 1), None),  # last December is half a year back: a plan, or another slip
    (date(2027, 1, 8), date(2027, 1, 2), None),  # saved ahead to print its sign-in sheet
    (date(2027, 1, 2), date(2027, 1, 2), None),
    (date(2026, 12, 28), date(2027, 1, 2), None),  # last year's, as typed
    (date(2028, 2, 29), date(2028, 1, 2), None),  # 2027 had no 29 February
])
def test_only_a_date_ahead_whose_day_last_year_passed_lately_looks_a_year_late(day, today, meant):
    assert last_years(day, today) == meant
