# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A computer clock behind what the database recorded (a PC whose battery ran out, back a year; or a clock that ran
ahead and was put right) is said, naming both times, where it does harm: a new record still dated today, an export,
a year's closing; and the county refuses a bundle whose year was closed after the bundle was made."""

from __future__ import annotations

import io
import json
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.cli import main
from fazhi_desktop.core import year_close
from fazhi_desktop.core.backup import create_backup
from fazhi_desktop.core.bundle import export as export_module
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.bundle.export import export_blocker
from fazhi_desktop.core.clock_behind import clock_behind, confirm, doubtful_today, latest_recorded
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.indicators.views import completeness_view
from fazhi_desktop.core.store import Store

ACTOR = "马丽"
BEIJING_0104 = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)  # 2027-01-04 17:00 in Beijing


def test_a_clock_a_year_behind_the_last_change_is_said_with_both_times(store, clock, valid_record, beijing_time):
    clock.set(BEIJING_0104)
    store.save("meeting", valid_record("meeting", held_on="2027-01-04"), ACTOR)
    assert clock_behind(store) is None
    clock.set(clock.now - timedelta(hours=20))  # a time zone set wrong and put right: within a day
    assert clock_behind(store) is None
    clock.set(datetime(2026, 1, 5, 1, 0, tzinfo=UTC))
    assert clock_behind(store) == ("这台电脑的日期时间（2026-01-05 09:00）早于本所最近一次修改记录的时间"
                                   "（2027-01-04 17:00）")


def test_the_year_log_the_last_bundle_and_the_last_backup_count_too(store, clock, tmp_path, beijing_time):
    clock.set(datetime(2027, 1, 10, 1, 0, tzinfo=UTC))
    year_close.close_year(store, 2026, ACTOR)
    assert latest_recorded(store) == ("2027-01-10T01:00:00Z", "本所年度封账日志最近一条的时间")
    clock.set(datetime(2027, 1, 11, 1, 0, tzinfo=UTC))
    create_backup(store.path, tmp_path / "usb", clock=clock)
    assert latest_recorded(store) == ("2027-01-11T01:00:00Z", "上次备份的时间")
    clock.set(datetime(2026, 12, 1, 1, 0, tzinfo=UTC))
    assert clock_behind(store).endswith("早于上次备份的时间（2027-01-11 09:00）")


def test_a_clock_that_ran_ahead_and_was_put_right_shows_the_same_way(store, clock, beijing_time):
    clock.set(datetime(2028, 1, 3, 1, 0, tzinfo=UTC))  # a year ahead: 2027 looks over and is closed
    year_close.close_year(store, 2027, ACTOR)
    clock.set(datetime(2027, 1, 11, 1, 0, tzinfo=UTC))
    assert "早于本所年度封账日志最近一条的时间 2028-01-03 09:00（北京时间）" in clock_behind(store)


def test_only_a_new_record_still_dated_today_is_doubted(store, clock, valid_record, beijing_time):
    ledger = store.ledger("meeting")
    clock.set(BEIJING_0104)
    store.save("meeting", valid_record("meeting", held_on="2027-01-04"), ACTOR)
    assert doubtful_today(store, ledger, "2027-01-04") is None  # the clock is right
    clock.set(datetime(2026, 1, 5, 1, 0, tzinfo=UTC))
    doubt = doubtful_today(store, ledger, "2026-01-05")
    assert doubt.startswith("会议日期 2026-01-05 是这台电脑今天的日期，而这台电脑的日期时间（2026-01-05 09:00）早于")
    assert "这条记录会记入2026年、按2026年编号" in doubt
    assert doubtful_today(store, ledger, "2025-12-30") is None  # typed from an old paper record: the clerk's


def test_an_export_behind_the_last_change_is_refused(world, valid_record, clock):
    """README promised it ("behind its own last change or bundle"); only the last bundle was compared: an export
    with the clock 11 months behind the last change went through."""
    town = world.town()
    world.export(town)
    clock.advance(days=330)
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    clock.advance(days=-330)
    problem = export_blocker(town.store)
    assert problem and "早于本所最近一次修改记录的时间" in problem and "请先把电脑的日期和时间改正确" in problem
    with pytest.raises(BundleError, match=r"最近一次修改记录.*fazhi clock confirm"):
        world.export(town)
    confirm(town.store, "杨芳")  # the 所长 checked the clock against her phone
    assert world.export(town).sequence == 2


def test_the_county_refuses_a_bundle_whose_year_was_closed_after_it_was_made(world, clock, monkeypatch, beijing_time):
    """Closed with the clock a year ahead, exported once it was put right: the county showed 2027 已封账（2028-01-03）
    in February 2027. The township now says so before it exports; a program before that exported it."""
    town = world.town()
    clock.set(datetime(2028, 1, 3, 1, 0, tzinfo=UTC))
    year_close.close_year(town.store, 2027, "杨芳")
    clock.set(datetime(2027, 2, 7, 1, 0, tzinfo=UTC))
    confirm(town.store, "杨芳")
    with pytest.raises(BundleError, match=r"2027年的封账时间 2028-01-03 09:00（北京时间）.*重新打开2027年"):
        world.export(town)
    with monkeypatch.context() as earlier:  # as an earlier program exported it
        earlier.setattr(export_module, "clock_problem", lambda store: None)
        report = world.import_(world.export(town).path)
    assert not report.ok
    assert "年度封账情况格式不对：2027年的封账日期 2028-01-03 晚于数据包的制作时间（" in report.error
    assert "乡镇电脑的时间曾经或现在不对" in report.error
    year_close.reopen_year(town.store, 2027, "电脑时间曾不对，2027年尚未结束", "杨芳")  # what the township does
    report = world.import_(world.export(town).path)  # reopened within 2027: refused before as well
    assert report.ok, report.error
    view = completeness_view(world.county, completeness(world.county, 2027))
    assert "已重新打开（2027-02-07）" in next(row for row in view.rows if row[1] == town.code)
    assert year_close.parse_bag_value("2026=close@2027-01-05", "2027-01-04T16:30:00Z")  # Beijing's next day: taken


@pytest.fixture
def cli_at(store, clock, monkeypatch):
    """`fazhi` on the test's database (FAZHI_DB) with the test's clock."""
    real = Store.open.__func__

    def opened(cls, path, *args, **kwargs):
        kwargs.pop("clock", None)
        return real(cls, path, *args[:1], clock=clock, **kwargs)

    monkeypatch.setattr(Store, "open", classmethod(opened))
    monkeypatch.setenv("FAZHI_DB", str(store.path))
    return clock


def test_fazhi_year_close_refuses_while_the_clock_is_behind_and_names_today(cli_at, store, valid_record, capsys,
                                                                           beijing_time):
    cli_at.set(BEIJING_0104)
    store.save("meeting", valid_record("meeting", held_on="2027-01-04"), ACTOR)
    cli_at.set(datetime(2026, 1, 5, 1, 0, tzinfo=UTC))
    assert main(["year", "close", "2025", "--yes"]) == 1
    err = capsys.readouterr().err
    assert "错误：这台电脑的日期时间（2026-01-05 09:00）早于本所最近一次修改记录的时间（2027-01-04 17:00）" in err
    assert "可加 --clock-ok 确认电脑时间无误" in err and not year_close.is_closed(store.conn, 2025)
    assert main(["year", "close", "2025", "--yes", "--clock-ok"]) == 0
    out, err = capsys.readouterr()
    assert "今天是2026-01-05（北京时间），封账按这一天记入年度封账日志并报送县里。封账后" in out
    assert "已记下：" in err and "确认电脑时间无误" in err  # the confirmation, recorded


def test_fazhi_year_list_flags_a_closing_later_than_now(cli_at, store, capsys, beijing_time):
    cli_at.set(datetime(2028, 1, 3, 1, 0, tzinfo=UTC))
    year_close.close_year(store, 2027, ACTOR)
    cli_at.set(datetime(2027, 2, 7, 1, 0, tzinfo=UTC))
    assert main(["year", "list"]) == 0
    assert "2028-01-03 09:00（晚于现在，电脑时间曾经或现在不对）" in capsys.readouterr().out


def test_fazhi_year_list_on_a_pc_west_of_beijing_gives_the_beijing_time(cli_at, store, capsys, monkeypatch):
    """Closed at 00:30 on 1 January in Beijing on a PC set to a Pacific zone: `fazhi year list` said 2026-12-31 08:30,
    closed before the year ended to read it, while the county shows 已封账（2027-01-01）."""
    monkeypatch.setenv("TZ", "PST8")
    time.tzset()
    try:
        cli_at.set(datetime(2026, 12, 31, 16, 30, tzinfo=UTC))
        year_close.close_year(store, 2026, ACTOR)
        assert main(["year", "list"]) == 0
        out = capsys.readouterr().out
        assert "时间（北京时间）" in out and "2027-01-01 00:30" in out and "2026-12-31" not in out
    finally:
        monkeypatch.undo()
        time.tzset()


def test_fazhi_add_says_so_when_the_date_it_filled_in_may_be_wrong(cli_at, store, valid_record, capsys, monkeypatch,
                                                                  beijing_time):
    cli_at.set(BEIJING_0104)
    store.save("meeting", valid_record("meeting", held_on="2027-01-04"), ACTOR)
    cli_at.set(datetime(2026, 1, 5, 1, 0, tzinfo=UTC))
    undated = {k: v for k, v in valid_record("meeting").items() if k != "held_on"}
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(undated, ensure_ascii=False)))
    assert main(["add", "meeting", "--json", "-"]) == 0
    err = capsys.readouterr().err
    assert "已添加：会议 〔2026〕会记字第1号" in err
    assert "注意：会议日期 2026-01-05 是这台电脑今天的日期，而这台电脑的日期时间（2026-01-05 09:00）早于" in err
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(valid_record("meeting", held_on="2026-01-05"))))
    assert main(["add", "meeting", "--json", "-"]) == 0
    assert "注意" not in capsys.readouterr().err  # a date given is the clerk's
