"""`fazhi check` at a township names the records a clock that had gone back dated (the form's default date was the
wrong clock's, 2009): before, it said 全部一致 and nothing at the township named them."""

from __future__ import annotations

from datetime import UTC, datetime

from fazhi_desktop.cli import main
from fazhi_desktop.core.store import Store


def test_check_names_the_records_the_wrong_clock_dated(db, capsys, clock, valid_record, beijing_time):
    store = Store.open(db, clock=clock)
    clock.set(datetime(2026, 11, 16, 1, tzinfo=UTC))
    store.save("meeting", valid_record("meeting", held_on="2026-11-16"), "马文")
    clock.set(datetime(2009, 1, 1, 1, tzinfo=UTC))  # the battery gone
    store.save("meeting", valid_record("meeting", held_on="2009-01-01", title="周会"), "马文")
    store.close()
    capsys.readouterr()
    assert main(["check"]) == 0  # the file is sound
    out = capsys.readouterr().out
    assert ("结论：全部一致\n请核对 1 处：\n"
            "  - 本所电脑的时间曾经慢了：1 条记录是在电脑日期为 2009-01-01（北京时间）时新增的") in out
    assert "（〔2009〕会记字第1号），现计入2009年：请逐条打开核对，把日期改为实际日期后保存" in out
