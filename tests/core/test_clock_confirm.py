# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""After a clock that ran a year ahead is put right, the 所长 or 管理员 confirms that the computer's date and time are
right now: what was recorded up to then (while the clock ran ahead) no longer counts against the clock, what is
recorded later does; the confirmation is recorded (who, when, which time it accepted), a 录入员 cannot make it, and
bundles made before real time reaches the accepted times carry it to the county."""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime

import pytest
from bundle_world import county_template, decrypt, files_of, world  # noqa: F401  (fixtures)
from test_clock_behind import cli_at  # noqa: F401  (a fixture)

from fazhi_desktop.cli import main
from fazhi_desktop.core import accounts, clock_behind, year_close
from fazhi_desktop.core.bundle import bag
from fazhi_desktop.core.bundle.export import clock_problem
from fazhi_desktop.core.clock_behind import clock_behind as behind_now
from fazhi_desktop.core.clock_behind import confirm, confirmation, doubtful_today, parse_bag_value
from fazhi_desktop.core.errors import FazhiError, PermissionDenied
from fazhi_desktop.core.places import for_command_line

STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)
AHEAD = datetime(2028, 1, 3, 1, 0, tzinfo=UTC)  # 2028-01-03 09:00 in Beijing: the clock a year ahead
RIGHT = datetime(2027, 1, 10, 1, 0, tzinfo=UTC)  # 2027-01-10 09:00: put right


@pytest.fixture
def ran_ahead(store, staff, clock, valid_record, beijing_time):
    """A week with the clock a year ahead (a meeting saved, 2027 closed "on 2028-01-03"), then put right; the 所长
    杨芳 logged in."""
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    clock.set(datetime(2027, 1, 2, 1, 0, tzinfo=UTC))
    store.save("meeting", valid_record("meeting", held_on="2026-12-20"), "")
    clock.set(AHEAD)
    store.save("meeting", valid_record("meeting", held_on="2028-01-03", title="电脑时间走快时登记的会议"), "")
    year_close.close_year(store, 2027)
    clock.set(RIGHT)
    return clock


def test_once_confirmed_the_times_recorded_while_the_clock_ran_ahead_are_no_longer_said(ran_ahead, store):
    ledger = store.ledger("meeting")
    assert behind_now(store) == ("这台电脑的日期时间（2027-01-10 09:00）早于本所年度封账日志最近一条的时间"
                                 " 2028-01-03 09:00（北京时间）")
    done = confirm(store, "")
    assert (done.by, done.at, done.accepted) == ("杨芳", "2027-01-10T01:00:00Z", "2028-01-03T01:00:00Z")
    assert behind_now(store) is None and doubtful_today(store, ledger, "2027-01-10") is None
    # the year closed while it ran ahead is what still keeps the office from exporting: the county would refuse it
    assert clock_problem(store).startswith("2027年的封账时间 2028-01-03 09:00（北京时间）是电脑时间走快时记下的，"
                                           "县里会拒收")
    year_close.reopen_year(store, 2027, "电脑时间曾不对，2027年尚未结束")
    assert clock_problem(store) is None
    entry = accounts.account_log(store)[0]
    assert (entry["account"], entry["actor"]) == ("杨芳", "杨芳")
    assert entry["event"] == ("确认电脑时间无误（2027-01-10 09:00）：此前记下的本所年度封账日志最近一条的时间"
                              " 2028-01-03 09:00（北京时间）是电脑时间走快时记下的，不再提示")


def test_what_is_recorded_after_the_confirmation_counts_again(ran_ahead, store, valid_record):
    """A clock that goes wrong again is said again: the battery runs out in March, back to 2026."""
    confirm(store, "")
    year_close.reopen_year(store, 2027, "电脑时间曾不对，2027年尚未结束")
    ran_ahead.set(datetime(2027, 3, 1, 1, 0, tzinfo=UTC))
    store.save("meeting", valid_record("meeting", held_on="2027-03-01", title="三月的会议"), "")
    ran_ahead.set(datetime(2027, 2, 1, 1, 0, tzinfo=UTC))  # a month behind March, still before the 2028 times
    assert behind_now(store) == ("这台电脑的日期时间（2027-02-01 09:00）早于本所最近一次修改记录的时间"
                                 "（2027-03-01 09:00）")
    ran_ahead.set(datetime(2027, 3, 1, 2, 0, tzinfo=UTC))
    assert behind_now(store) is None
    ran_ahead.set(datetime(2029, 5, 1, 1, 0, tzinfo=UTC))  # ahead again: a closing logged then
    store.save("meeting", valid_record("meeting", held_on="2027-03-02", title="又走快时登记的会议"), "")
    ran_ahead.set(datetime(2027, 3, 2, 1, 0, tzinfo=UTC))
    assert "早于本所最近一次修改记录的时间（2029-05-01 09:00）" in behind_now(store)


def test_a_clerk_cannot_confirm_the_clock(ran_ahead, store):
    accounts.login(store, "马丽", STAFF_PASSWORD)
    with pytest.raises(PermissionDenied, match="录入员无权确认电脑时间无误（需要所长或管理员）"):
        confirm(store, "马丽")
    assert confirmation(store) is None and behind_now(store) is not None


def test_a_head_made_clerk_while_her_confirmation_waits_confirms_nothing(ran_ahead, store, changed_meanwhile):
    with changed_meanwhile("杨芳", role="clerk"), pytest.raises(PermissionDenied, match="录入员无权确认电脑时间无误"):
        confirm(store, "")
    assert confirmation(store) is None and behind_now(store) is not None


def test_a_clock_that_is_not_behind_has_nothing_to_confirm(store, staff, clock, valid_record, beijing_time):
    accounts.login(store, "admin", STAFF_PASSWORD)
    store.save("meeting", valid_record("meeting"), "")
    with pytest.raises(FazhiError, match="这台电脑的日期时间不早于本所记下的时间，无须确认"):
        confirm(store, "")
    assert confirmation(store) is None


def test_the_bundles_carry_the_confirmation_while_the_times_it_accepted_lie_ahead(world, clock, beijing_time):
    town = world.town()
    clock.set(AHEAD)
    year_close.close_year(town.store, 2027, "杨芳")
    world.export(town)
    clock.set(RIGHT)
    confirm(town.store, "杨芳")
    year_close.reopen_year(town.store, 2027, "电脑时间曾不对，2027年尚未结束", "杨芳")
    labels = bag_info(world, world.export(town).path)
    assert labels.find(clock_behind.BAG_LABEL) == "at=2027-01-10T01:00:00Z through=2028-01-03T01:00:00Z"
    clock.set(datetime(2028, 2, 1, 1, 0, tzinfo=UTC))  # real time has passed the accepted times: no need
    assert bag_info(world, world.export(town, full=True).path).find(clock_behind.BAG_LABEL) is None


def bag_info(world, path) -> bag.BagInfo:
    return bag.BagInfo.parse(files_of(decrypt(path, world.keys.identity))["bag-info.txt"])


def test_the_county_refuses_a_confirmation_the_program_cannot_have_written():
    made = "2027-01-10T01:05:00Z"
    assert parse_bag_value("at=2027-01-10T01:00:00Z through=2028-01-03T01:00:00Z", made) == (
        "2027-01-10T01:00:00Z", "2028-01-03T01:00:00Z")
    assert parse_bag_value(None, made) is None
    for wrong, said in [("at=2027-01-10 through=2028-01-03T01:00:00Z", "不是程序写出的格式"),
                        ("at=2027-02-10T01:00:00Z through=2028-01-03T01:00:00Z", "晚于数据包的制作时间"),
                        ("at=2027-01-10T01:00:00Z through=2027-01-09T01:00:00Z", "不晚于确认时间")]:
        with pytest.raises(ValueError, match=said):
            parse_bag_value(wrong, made)


@pytest.fixture
def ahead_cli(cli_at, store, staff, monkeypatch, valid_record, beijing_time):
    """`fazhi` with the test's clock (as 杨芳, 马丽 or admin), after a week with the clock a year ahead."""
    monkeypatch.setenv("FAZHI_PASSWORD", STAFF_PASSWORD)
    accounts.login(store, "马丽", STAFF_PASSWORD)
    cli_at.set(AHEAD)
    store.save("meeting", valid_record("meeting", held_on="2028-01-03"), "")
    accounts.logout(store)
    cli_at.set(RIGHT)
    return cli_at


def test_fazhi_clock_confirm_for_the_head_of_office_only(ahead_cli, store, capsys, monkeypatch):
    assert main(["--user", "杨芳", "clock", "status"]) == 1
    out, err = capsys.readouterr()
    assert "本所记下的最近时间：2028-01-03 09:00（本所最近一次修改记录的时间）" in out
    assert "请所长或管理员用 fazhi clock confirm 确认" in err
    assert main(["--user", "马丽", "clock", "confirm", "--yes"]) == 1
    assert "录入员无权确认电脑时间无误（需要所长或管理员）" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["--user", "杨芳", "clock", "confirm"]) == 2  # no terminal: --yes, after checking the clock
    assert "请加 --yes 确认" in capsys.readouterr().err and confirmation(store) is None
    assert main(["--user", "杨芳", "clock", "confirm", "--yes"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("今天是2027-01-10（这台电脑的日期），现在 09:00；而本所最近一次修改记录的时间是 2028-01-03 "
                          "09:00，晚于现在。\n\n请先用手机或网络时间核对电脑右下角的日期和时间")
    assert "已记下：杨芳 于 2027-01-10 09:00 确认电脑时间无误" in out
    assert main(["--user", "杨芳", "clock", "status"]) == 0
    assert "最近一次确认：杨芳 于 2027-01-10 09:00 确认电脑时间无误" in capsys.readouterr().out
    assert main(["--user", "admin", "accounts", "log"]) == 0
    assert "确认电脑时间无误（2027-01-10 09:00）" in capsys.readouterr().out


def test_export_clock_ok_confirms_through_the_same_check(ahead_cli, store, capsys, monkeypatch):
    """`--clock-ok` let any role past the refusal, recorded nowhere; it now confirms as `fazhi clock confirm`."""
    monkeypatch.setenv("FAZHI_PASSPHRASE", "unused")
    assert main(["--user", "马丽", "export", "--to", str(store.path.parent), "--clock-ok"]) == 1
    assert "录入员无权确认电脑时间无误（需要所长或管理员）" in capsys.readouterr().err
    assert confirmation(store) is None


def test_a_year_closed_while_the_clock_ran_ahead_is_reopened_by_the_command_at_the_command_line(
        cli_at, store, staff, beijing_time, capsys, monkeypatch):
    """`fazhi clock confirm` and the export's refusal told the command-line user to reopen 2027 在“年度封账”中, a
    window's menu, in words the CLI's printer did not recognise to name the command instead."""
    monkeypatch.setenv("FAZHI_PASSWORD", STAFF_PASSWORD)
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    cli_at.set(AHEAD)
    year_close.close_year(store, 2027)
    accounts.logout(store)
    cli_at.set(RIGHT)
    told = "请所长或管理员先重新打开2027年（fazhi year reopen 2027 --reason 原因），原因如：电脑时间曾不对"
    assert main(["--user", "杨芳", "clock", "confirm", "--yes"]) == 0
    out = capsys.readouterr().out
    assert told in out and "年度封账”" not in out and "编辑 →" not in out
    # the export's refusal, as the CLI's error printer says it
    assert told in for_command_line(clock_problem(store), year_close.REOPEN_BY_COMMAND)
