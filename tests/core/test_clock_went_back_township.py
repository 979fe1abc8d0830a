"""A township PC whose CMOS battery ran out said 2009-01-01 for three days; the clerk saved the week's meetings on
the form's default date, dated and numbered 2009, and a technician set the clock right. The county's import named
them, but the township itself, which can correct them, never did: nothing at the township said which of its own
records a wrong clock had dated. `own_note` reads its change log as the county reads the bundle's."""

from __future__ import annotations

from datetime import UTC, datetime

from fazhi_desktop.core.clock_behind import confirm
from fazhi_desktop.core.clock_went_back import Reading, own_note

HEAD = "杨芳"
SAID = ("本所电脑的时间曾经慢了：3 条记录是在电脑日期为 2009-01-01 至 2009-01-03（北京时间）时新增的，早于本所此前"
        "记下的时间（2026-11-16 09:00），记录的日期就是电脑当天的日期，可能记错了年份（〔2009〕会记字第1号、"
        "〔2009〕会记字第2号、〔2009〕会记字第3号），现计入2009年：请逐条打开核对，把日期改为实际日期后保存"
        "（编号随之改为该年的编号）")


def at(year: int, month: int, day: int) -> datetime:
    """09:00 in Beijing."""
    return datetime(year, month, day, 1, 0, tzinfo=UTC)


def went_back_week(store, clock, valid_record) -> list:
    """2026-11-16 a meeting; 2009-01-01 to 03 one a day on the wrong clock's date, and one typed from paper; the
    clock then set right (2026-11-23). Returns the three dated 2009."""
    clock.set(at(2026, 11, 16))
    store.save("meeting", valid_record("meeting", held_on="2026-11-16"), HEAD)
    wrong = []
    for day in range(1, 4):
        clock.set(at(2009, 1, day))
        wrong.append(store.save("meeting", valid_record("meeting", held_on=f"2009-01-0{day}", title=f"周会{day}"),
                                HEAD))
    store.save("meeting", valid_record("meeting", held_on="2026-11-18", title="照纸质记录补录"), HEAD)
    clock.set(at(2026, 11, 23))
    return wrong


def test_the_township_names_its_own_records_dated_by_the_wrong_clock(store, clock, valid_record, beijing_time):
    went_back_week(store, clock, valid_record)
    assert own_note(store) == SAID  # the one typed from paper (2026-11-18) is hers


def test_a_record_given_its_real_date_is_no_longer_named(store, clock, valid_record, beijing_time):
    first, second, third = went_back_week(store, clock, valid_record)
    fixed = store.save("meeting", {**first.values, "held_on": "2026-11-17"}, HEAD, record_id=first.id)
    assert fixed.number.startswith("〔2026〕会记字第")  # as the note says: numbered in its year
    store.delete(second.id, HEAD)
    said = own_note(store)
    assert said.startswith("本所电脑的时间曾经慢了：1 条记录是在电脑日期为 2009-01-03（北京时间）时新增的")
    assert f"（{third.number}）" in said
    store.save("meeting", {**third.values, "held_on": "2026-11-19"}, HEAD, record_id=third.id)
    assert own_note(store) is None


def test_a_clock_that_ran_ahead_and_was_confirmed_right_names_nothing(store, clock, valid_record, beijing_time):
    clock.set(at(2026, 11, 16))
    store.save("meeting", valid_record("meeting", held_on="2026-11-16"), HEAD)
    clock.set(at(2027, 11, 28))
    store.save("meeting", valid_record("meeting", held_on="2027-11-28", title="走快时登记的会议"), HEAD)
    clock.set(at(2026, 11, 30))
    confirm(store, HEAD)
    store.save("meeting", valid_record("meeting", held_on="2026-11-30", title="改正后登记的会议"), HEAD)
    assert own_note(store) is None


def test_read_on_from_where_it_was_read(store, clock, valid_record, beijing_time):
    """The window's banner reads the log on from where it read it last (the whole of 120,000 entries took 0.3 s)."""
    reading = Reading()
    clock.set(at(2026, 11, 16))
    store.save("meeting", valid_record("meeting", held_on="2026-11-16"), HEAD)
    assert own_note(store, reading) is None and reading.seq == 1
    clock.set(at(2009, 1, 1))
    store.save("meeting", valid_record("meeting", held_on="2009-01-01", title="周会"), HEAD)
    said = own_note(store, reading)
    assert said.startswith("本所电脑的时间曾经慢了：1 条记录是在电脑日期为 2009-01-01（北京时间）时新增的，早于本所此前"
                           "记下的时间（2026-11-16 09:00）")
    assert own_note(store, reading) == said and reading.seq == 2


def test_the_banner_asked_again_reads_no_record_until_the_log_grows(store, clock, valid_record, beijing_time,
                                                                     monkeypatch):
    """Each time the window came to the front, every record named was looked for again in every ledger (0.1 s at
    2,000 records on a clock gone back for months); while the log holds no new entry the note is the same."""
    first, *_rest = went_back_week(store, clock, valid_record)
    reading = Reading()
    assert own_note(store, reading) == SAID
    looked_for: list[str] = []
    get = type(store).get
    monkeypatch.setattr(type(store), "get", lambda self, record_id, *a, **k: (looked_for.append(record_id),
                                                                              get(self, record_id, *a, **k))[1])
    assert own_note(store, reading) == own_note(store, reading) == SAID
    assert looked_for == []
    store.save("meeting", {**first.values, "held_on": "2026-11-17"}, HEAD, record_id=first.id)  # given its date
    looked_for.clear()
    said = own_note(store, reading)
    assert said.startswith("本所电脑的时间曾经慢了：2 条记录是在电脑日期为 2009-01-02 至 2009-01-03（北京时间）")
    assert len(looked_for) == 4  # the four added on the wrong clock (one typed from paper), read again
