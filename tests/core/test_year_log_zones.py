# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A township database on a PC whose time zone is not Beijing's (moved to another PC, the zone set wrong or put
right): the year log travels in UTC, so the county sees the same entries whatever zone sent them; whether a year had
ended when it was closed is judged in Beijing time, at the township and at the county, so a closing made just after
New Year in Beijing is neither refused nor lost; an earlier version's closing day, written in the PC's zone, may
fall on 31 December and is taken."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

import pytest
import review_steps
from bundle_world import county_template, decrypt, encrypt_to, files_of, resign, world  # noqa: F401  (fixtures)
from test_year_close_bundles import MEETING, closed_and_sent, row_of, send
from test_year_log_bundles import attention, bag_label, change_meeting

from fazhi_desktop.core import migrations, year_close, year_log_label
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.errors import Conflict
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.indicators.views import completeness_view

A = "640522100"


def test_a_zone_changed_at_the_township_loses_no_entries_at_the_county(world, zone):
    """Closed and sent on a PC on Beijing time, then sent from one set to UTC: the log said 10:00 the first time and
    02:00 the second, and the county said 县里收到过的 2027-01-12 10:00 封账 在乡镇的年度封账日志中已没有（…请向乡镇
    核实）, in 需关注 for good."""
    zone("CST-8")
    a, _ = closed_and_sent(world)
    first = year_log_label.log_value(a.store.conn)
    zone("UTC0")
    a.store.save("meeting", {**MEETING, "held_on": "2027-01-20"}, "杨芳")
    notes: list[str] = []
    info = send(world, a, notes)
    assert notes == [] and "已没有" not in attention(world)
    assert bag_label(info, year_log_label.LABEL) == first
    assert bag_label(info, year_close.BAG_LABEL) == "2026=close@2027-01-12"


def test_a_closing_just_after_new_year_in_beijing_sent_from_a_pc_west_of_it_is_taken(world, zone):
    """Closed at 00:30 on 1 January in Beijing, the database then on a PC set to UTC: the log said 2026-12-31 16:30
    and both year labels 31 December, and the county refused every bundle (封账时间 … 不在该年结束之后)."""
    zone("CST-8")
    a = world.town(A)
    review_steps.submit(a.store, a.store.save("meeting", MEETING, "杨芳").id, "杨芳")
    world.clock.set(datetime(2026, 12, 31, 16, 30, tzinfo=UTC))  # 2027-01-01 00:30 in Beijing
    year_close.close_year(a.store, 2026, "杨芳")
    zone("UTC0")
    world.clock.set(datetime(2027, 1, 2, 1, 0, tzinfo=UTC))
    info = send(world, a)  # taken
    assert bag_label(info, year_close.BAG_LABEL) == "2026=close@2027-01-01"
    view = completeness_view(world.county, completeness(world.county, 2026))
    assert row_of(view, A)["年度封账"] == "已封账（2027-01-01）"


def test_a_county_pc_set_to_utc_shows_the_year_log_in_beijing_time_said_once(world, zone):
    """Closed at 00:30 on 1 January in Beijing, reopened and closed again on 5 January; the county PC set to UTC. The
    import report and 需关注 said 本年度 2026-12-31 16:30 封账, which reads as a closing before the year ended, the one
    the county refuses, next to 已封账（2027-01-01）; and only the PC's zone knew which hours the others were."""
    zone("CST-8")
    a = world.town(A)
    record = a.store.save("meeting", MEETING, "杨芳")
    review_steps.submit(a.store, record.id, "杨芳")
    world.clock.set(datetime(2026, 12, 31, 16, 30, tzinfo=UTC))  # 2027-01-01 00:30 in Beijing
    year_close.close_year(a.store, 2026, "杨芳")
    send(world, a)
    world.clock.set(datetime(2027, 1, 5, 1, 0, tzinfo=UTC))  # 09:00 in Beijing
    year_close.reopen_year(a.store, 2026, "会议列席情况录错", "杨芳")
    change_meeting(a, record, "未列席")
    world.clock.set(datetime(2027, 1, 5, 2, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    zone("UTC0")  # the county's PC, and the township's for this bundle: the log travels in UTC either way
    notes: list[str] = []
    send(world, a, notes)
    events = "重新打开（原因：会议列席情况录错），2027-01-05 10:00 再次封账"
    assert notes == [f"2026年（县里已知 2027-01-01 封账）已于 2027-01-05 09:00（北京时间）{events}；本数据包改动了该年"
                     " 1 条记录：会议 〔2026〕会记字第1号，该年已评定的指标可能随之改变"]
    assert attention(world) == (f"本年度 2027-01-01 00:30（北京时间）封账后于 2027-01-05 09:00 {events}；"
                                "其间该年记录变动 1 条：会议 〔2026〕会记字第1号；请重新核对该年指标。")
    view = completeness_view(world.county, completeness(world.county, 2026))
    assert row_of(view, A)["年度封账"] == "已封账（2027-01-05）"  # the Beijing day, as the times


def test_a_year_is_over_when_it_is_over_in_beijing_whatever_the_pcs_zone(world, zone):
    """A PC set to Tokyo's zone reached New Year an hour before Beijing: the 所长 could close 2026 at 23:30 Beijing
    time, and the county, which judges in Beijing time, would refuse that township's every bundle."""
    zone("JST-9")
    a = world.town(A)
    review_steps.submit(a.store, a.store.save("meeting", MEETING, "杨芳").id, "杨芳")
    world.clock.set(datetime(2026, 12, 31, 15, 30, tzinfo=UTC))  # 00:30 in Tokyo, 23:30 in Beijing
    assert year_close.close_blocked(a.store, 2026).reason == "2026年尚未结束（今天是2026-12-31），年度结束后才能封账"
    with pytest.raises(Conflict):
        year_close.close_year(a.store, 2026, "杨芳")
    world.clock.set(datetime(2026, 12, 31, 16, 0, tzinfo=UTC))  # New Year in Beijing
    year_close.close_year(a.store, 2026, "杨芳")
    assert bag_label(send(world, a), year_close.BAG_LABEL) == "2026=close@2027-01-01"


def test_an_earlier_versions_closing_day_on_31_december_is_taken(world, tmp_path):
    """An earlier version wrote the day in the zone of the PC that made the bundle: a closing just after New Year in
    Beijing, sent from a PC set to a zone west of it, said 2026=close@2026-12-31. A day before that is refused."""
    a = world.town(A)
    world.clock.set(datetime(2027, 6, 1, 2, 0, tzinfo=UTC))
    a.store.save("meeting", MEETING, "杨芳")
    tar = decrypt(world.export(a).path, world.keys.identity)
    for day, taken in (("2026-12-30", False), ("2026-12-31", True)):
        info = files_of(tar)["bag-info.txt"] + f"{year_close.BAG_LABEL}: 2026=close@{day}\n".encode()
        signed = resign(tar, a.signer, {"bag-info.txt": info})
        sent = encrypt_to(signed, world.public.recipient, tmp_path / f"{day}.age")
        report = world.import_(sent)
        assert report.ok is taken, report.error
        if not taken:
            assert f"2026年的封账日期 {day} 不在该年结束之后" in report.error
    view = completeness_view(world.county, completeness(world.county, 2026))
    assert row_of(view, A)["年度封账"] == "已封账（2026-12-31）"


def test_an_upgrade_on_a_pc_west_of_beijing_is_no_reopening(world, zone, monkeypatch):
    """An earlier version, on a PC left in a Pacific zone, sent only 2026=close@2027-01-11: the PC's day of a closing
    at 10:00 on 12 January in Beijing. Upgraded, the township sent its log, whose closing is of Beijing's day, and the
    county said 2026年（县里已知 2027-01-11 封账）此后曾重新打开，已于 2027-01-12 再次封账, in 需关注 for good."""
    zone("PST8")
    a = world.town(A)
    review_steps.submit(a.store, a.store.save("meeting", MEETING, "杨芳").id, "杨芳")
    world.clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))  # 10:00 in Beijing, 11 January 18:00 in the PC's zone
    year_close.close_year(a.store, 2026, "杨芳")
    with monkeypatch.context() as earlier:
        earlier.setattr(year_log_label, "log_value", lambda conn: None)
        earlier.setattr(year_close, "bag_value", lambda conn: " ".join(
            f"{s.year}=close@{local_time(s.at)[:10]}" for s in year_close.states(conn).values()))
        assert bag_label(send(world, a), year_close.BAG_LABEL) == "2026=close@2027-01-11"
    world.clock.set(datetime(2027, 2, 1, 2, 0, tzinfo=UTC))
    a.store.save("meeting", {**MEETING, "held_on": "2027-01-20"}, "杨芳")
    notes: list[str] = []
    send(world, a, notes)
    assert notes == [] and attention(world) == ""


#: a log as the builds of migrations 018-021 sent and kept it: the township's local time, to the minute
LOCAL_LOG = ('[{"n":1,"year":2026,"op":"close","at":"2027-01-12 10:00"},{"n":2,"year":2026,"op":"reopen",'
             '"at":"2027-01-12 14:00","reason":"会议列席情况录错"},'
             '{"n":3,"year":2026,"op":"close","at":"2027-01-12 16:00"}]')


def logged_as_local_log(world):
    """海城镇 with one meeting of 2026, the year closed, reopened and closed again on 12 January as `LOCAL_LOG` tells
    it, to the second (10:00:37, 14:00:12, 16:00:05 on a PC on Beijing time); the township."""
    a = world.town(A)
    review_steps.submit(a.store, a.store.save("meeting", MEETING, "杨芳").id, "杨芳")
    for hour, seconds in ((2, 37), (6, 12), (8, 5)):
        world.clock.set(datetime(2027, 1, 12, hour, 0, seconds, tzinfo=UTC))
        if hour == 6:
            year_close.reopen_year(a.store, 2026, "会议列席情况录错", "杨芳")
        else:
            year_close.close_year(a.store, 2026, "杨芳")
    return a


def test_migration_022_keeps_the_year_logs_the_county_held_in_utc(tmp_path, monkeypatch):
    """A county that ran a build of migrations 018-021 held each bundle's year log in local time; 022 dropped them,
    and the county no longer knew the reopenings they told (需关注 went blank, the next bundle told them as news)."""
    conn = sqlite3.connect(tmp_path / "county.db", isolation_level=None)
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:21])
    migrations.migrate(conn)
    for n, log in enumerate((LOCAL_LOG, LOCAL_LOG, None, "not a log"), 1):
        conn.execute("INSERT INTO bundles_received (bundle_id, township, sequence, bundle_hash, changes_after,"
                     " changes_through, key_id, file_name, report, imported_at, imported_by, year_log) VALUES"
                     " (?, ?, ?, '', 0, 0, '', '', '', '', '', ?)", [f"b{n}", A, n, log])
    monkeypatch.undo()
    assert migrations.migrate(conn)[0] == "022_year_logs_once"
    rows = conn.execute("SELECT r.log, b.year_log FROM bundles_received b LEFT JOIN received_year_logs r"
                        " ON r.id = b.year_log_id ORDER BY b.sequence").fetchall()
    utc = [entry.at for entry in year_log_label.read_kept(rows[0][0])]
    assert utc == ["2027-01-12T02:00:00Z", "2027-01-12T06:00:00Z", "2027-01-12T08:00:00Z"]  # read as Beijing time
    assert rows[1] == rows[0] and [row[1] for row in rows] == [None] * 4  # kept once; the old column emptied
    assert rows[2][0] is None and rows[3][0] is None  # none, or not such a log: read as an earlier version's
    assert conn.execute("SELECT count(*) FROM received_year_logs").fetchone() == (1,)


def test_an_entry_kept_to_the_minute_is_the_one_sent_since_to_the_second(world, zone):
    """The county held the log above, converted by migration 022 (seconds :00); the township's next bundle, of this
    build, sends the same entries to the second, and the county said they were no longer in its log (请向乡镇核实)."""
    zone("CST-8")
    a = logged_as_local_log(world)
    send(world, a)
    world.county.conn.execute("UPDATE received_year_logs SET log = ?", [migrations.log_in_utc(LOCAL_LOG)])
    world.clock.set(datetime(2027, 2, 1, 2, 0, tzinfo=UTC))
    a.store.save("meeting", {**MEETING, "held_on": "2027-01-20"}, "杨芳")
    notes: list[str] = []
    send(world, a, notes)
    assert notes == [] and "已没有" not in attention(world)


LOG_VALUE = year_log_label.log_value


def sent_by_the_17th_session(conn: sqlite3.Connection) -> str | None:
    """`Fazhi-Year-Log` as the builds of migrations 018-021 (9737b3c) wrote it: each time the PC's local time."""
    items = json.loads(LOG_VALUE(conn))
    return json.dumps([{**item, "at": local_time(item["at"])} for item in items], ensure_ascii=False,
                      separators=(",", ":"))


def test_a_bundle_of_the_17th_session_build_brings_its_log_as_a_migrated_county_holds_it(world, zone, monkeypatch):
    """The county upgraded first, as README says; a township still on the seventeenth session's build, which sent
    the year log in its PC's time to the minute, had closed a year: the county refused its every bundle (年度封账日志
    （Fazhi-Year-Log）格式不对：第 1 条的时间“2027-01-12 10:00”不存在或不是 UTC 时间…). Taken, the log is the one a
    county that held it before migration 022 holds, and the same entries sent to the second once the township
    upgraded are the ones it held (not 已没有…请向乡镇核实)."""
    zone("CST-8")
    a = logged_as_local_log(world)
    with monkeypatch.context() as earlier:
        earlier.setattr(year_log_label, "log_value", sent_by_the_17th_session)
        assert bag_label(send(world, a), year_log_label.LABEL) == LOCAL_LOG
    kept = world.county.conn.execute("SELECT log FROM received_year_logs").fetchall()
    assert kept == [(migrations.log_in_utc(LOCAL_LOG),)]  # as migration 022 keeps it: 02:00:00Z, to the minute
    assert row_of(completeness_view(world.county, completeness(world.county, 2026)), A)["年度封账"] \
        == "已封账（2027-01-12）"
    world.clock.set(datetime(2027, 2, 1, 2, 0, tzinfo=UTC))
    a.store.save("meeting", {**MEETING, "held_on": "2027-01-20"}, "杨芳")
    notes: list[str] = []
    assert "T02:00:37Z" in bag_label(send(world, a, notes), year_log_label.LABEL)
    assert notes == [] and "已没有" not in attention(world)


@pytest.mark.parametrize("text, shown", [
    ('[{"n":1,"year":2026,"op":"close","at":"2027-1-12 10:00"}]', "2027-1-12 10:00"),  # not as those builds wrote it
    ('[{"n":1,"year":2026,"op":"close","at":"2027-01-12 10:00:00"}]', "2027-01-12 10:00:00"),
    ('[{"n":1, "year":2026,"op":"close","at":"2027-01-12 10:00"}]', "2027-01-12 10:00"),
    ('[{"n":1,"year":2026,"op":"close","at":"2027-01-12 10:00"},'  # local and UTC in one log
     '{"n":2,"year":2026,"op":"reopen","at":"2027-01-12T06:00:00Z","reason":"录错"}]', "2027-01-12 10:00"),
    ('[{"n":1,"year":2026,"op":"close","at":"0001-01-01 05:00"}]', "0001-01-01 05:00"),  # before UTC's year 1
])
def test_only_a_log_those_builds_can_have_written_is_read_in_beijing_time(text, shown):
    with pytest.raises(ValueError, match=f"第 1 条的时间“{shown}”不存在或不是 UTC 时间"):
        year_log_label.parse_log(year_log_label.in_utc(text), {2026: ("close", "2027-01-12")}, {})


def test_a_log_nested_too_deep_is_left_to_parse_log():
    nested = "[" * 50_000
    with pytest.raises(ValueError, match="不是程序写出的格式"):  # not a RecursionError
        year_log_label.parse_log(year_log_label.in_utc(nested), {}, {})


def test_the_closing_question_names_the_beijing_day_the_closing_is_recorded_for(store, clock, zone):
    """At 00:30 on 1 January in Beijing, on a PC set to a Pacific zone, the question said 今天是2026-12-31（这台电脑的
    日期），封账按这一天记入… while the closing went to the county as of 2027-01-01."""
    zone("PST8")
    clock.set(datetime(2026, 12, 31, 16, 30, tzinfo=UTC))  # 2027-01-01 00:30 in Beijing, 08:30 on 31 December here
    said = year_close.closing_day(store)
    assert said.startswith("今天是2027-01-01（北京时间），封账按这一天记入年度封账日志并报送县里")
    assert "这台电脑的日期是2026-12-31，与北京时间不是同一天" in said
    year_close.close_year(store, 2026, "杨芳")
    assert year_close.bag_value(store.conn) == "2026=close@2027-01-01"
    zone("CST-8")  # a PC on Beijing time: the one day, said once
    assert year_close.closing_day(store) == "今天是2027-01-01（北京时间），封账按这一天记入年度封账日志并报送县里"
