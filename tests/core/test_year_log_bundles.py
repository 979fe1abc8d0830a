# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The township's year log travels in the bundle (bag-info's Fazhi-Year-Log): the county learns every reopening of a
closed year with its time and the 所长's reason, one closed again the same day or between two bundles included;
a log that lost entries the county had is said, after a restored backup as what the township no longer has;
a label the program cannot have written is refused with the bundle."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import review_steps
from bundle_world import (  # noqa: F401  (fixtures)
    TOWN_PASS,
    copy_database,
    county_template,
    decrypt,
    encrypt_to,
    files_of,
    replace_files,
    world,
)
from test_year_close_bundles import MEETING, closed_and_sent, refusal_of_signed_labels, row_of, send

from fazhi_desktop.core import year_close, year_log_label
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.export import export_bundle, plan_export
from fazhi_desktop.core.clock import OFFICE_MARK
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.indicators.views import completeness_view
from fazhi_desktop.core.store import Store

pytestmark = pytest.mark.usefixtures("beijing_time")  # the log's times are the township's local ones

A = "640522100"
LABEL = year_log_label.LABEL


def attention(world, year: int = 2026) -> str:
    return row_of(completeness_view(world.county, completeness(world.county, year)), A)["需关注"]


def bag_label(info: str, label: str) -> str | None:
    return next((line.split(": ", 1)[1] for line in info.splitlines() if line.startswith(label + ": ")), None)


def restored_bundle(world, backup, change: bool = True):
    """The bundle the township makes after restoring `backup` (a copy of its database) and, with `change`, adding a
    meeting of 2027, so that its change log parts from the one the county holds (without: exported at once)."""
    world.clock.set(datetime(2027, 3, 20, 1, 0, tzinfo=UTC))
    restored = Store.open(backup, world.ledgers, world.clock)
    try:
        if change:
            restored.save("meeting", {**MEETING, "held_on": "2027-03-19"}, "杨芳")
        (world.root / "usb-restored").mkdir()
        signer = keymod.unlock_township_key(restored, TOWN_PASS)
        return export_bundle(restored, world.root / "usb-restored", signer).path
    finally:
        restored.close()


def backed_up_then_reopened(world):
    """海城镇's 2026 closed and sent, a copy of its database taken (a backup), then 2026 reopened, its meeting changed,
    closed again and sent; the copy."""
    a, record = closed_and_sent(world)
    backup = copy_database(world, a)
    world.clock.set(datetime(2027, 3, 2, 1, 0, tzinfo=UTC))
    year_close.reopen_year(a.store, 2026, "改一下列席情况", "杨芳")
    change_meeting(a, record, "未列席")
    year_close.close_year(a.store, 2026, "杨芳")
    send(world, a)
    return backup


def change_meeting(a, record, attendance: str) -> None:
    review_steps.reopen(a.store, record.id, "改列席", "杨芳")
    a.store.save("meeting", {"office_head_attendance": attendance}, "杨芳", record_id=record.id)
    review_steps.lock(a.store, review_steps.submit(a.store, record.id, "杨芳").id, "杨芳")


def test_a_year_reopened_changed_and_closed_again_the_same_day_is_told_with_its_reason(world):
    """Closed at 10:00, reopened at 14:00, a scored meeting changed to 未列席, closed again at 16:00: the closings
    label said 2026=close@2027-01-12 both times, and the county, which had scored the year, heard nothing."""
    a, record = closed_and_sent(world)
    world.clock.set(datetime(2027, 1, 12, 6, 0, tzinfo=UTC))
    year_close.reopen_year(a.store, 2026, "会议列席情况录错", "杨芳")
    change_meeting(a, record, "未列席")
    world.clock.set(datetime(2027, 1, 12, 8, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    dry = world.import_(world.export(a).path, dry_run=True)
    notes: list[str] = []
    info = send(world, a, notes)
    assert bag_label(info, year_close.BAG_LABEL) == "2026=close@2027-01-12"  # as the county held it
    assert json.loads(bag_label(info, LABEL)) == [  # in UTC, as stored; shown in local (Beijing) time
        {"n": 1, "year": 2026, "op": "close", "at": "2027-01-12T02:00:00Z"},
        {"n": 2, "year": 2026, "op": "reopen", "at": "2027-01-12T06:00:00Z", "reason": "会议列席情况录错"},
        {"n": 3, "year": 2026, "op": "close", "at": "2027-01-12T08:00:00Z"}]
    said = ("2026年（县里已知 2027-01-12 封账）已于 2027-01-12 14:00（北京时间）重新打开（原因：会议列席情况录错），"
            "2027-01-12 16:00 再次封账；本数据包改动了该年 1 条记录：会议 〔2026〕会记字第1号，"
            "该年已评定的指标可能随之改变")
    assert notes == [said] and dry.notes == [said]
    assert attention(world) == ("本年度 2027-01-12 10:00（北京时间）"
                                "封账后于 2027-01-12 14:00 重新打开（原因：会议列席情况录错），"
                                "2027-01-12 16:00 再次封账；其间该年记录变动 1 条：会议 〔2026〕会记字第1号；"
                                "请重新核对该年指标。")


def test_reopenings_between_two_bundles_arrive_with_their_reasons(world):
    """Two reopenings between bundles: each with its time and reason, where the county said 重新打开的原因未随数据包
    报来; a reopening that changed nothing is news for `fazhi export` too."""
    a, record = closed_and_sent(world)
    world.clock.set(datetime(2027, 3, 2, 1, 0, tzinfo=UTC))
    year_close.reopen_year(a.store, 2026, "补录12月30日的党委会", "杨芳")
    world.clock.set(datetime(2027, 3, 2, 3, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    world.clock.set(datetime(2027, 3, 5, 1, 0, tzinfo=UTC))
    year_close.reopen_year(a.store, 2026, "改一下列席情况", "杨芳")
    change_meeting(a, record, "未列席")
    world.clock.set(datetime(2027, 3, 9, 1, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    notes: list[str] = []
    send(world, a, notes)
    assert notes == ["2026年（县里已知 2027-01-12 封账）已于 2027-03-02 09:00（北京时间）"
                     "重新打开（原因：补录12月30日的党委会），"
                     "2027-03-02 11:00 再次封账，2027-03-05 09:00 重新打开（原因：改一下列席情况），"
                     "2027-03-09 09:00 再次封账；本数据包改动了该年 1 条记录：会议 〔2026〕会记字第1号，"
                     "该年已评定的指标可能随之改变"]
    assert attention(world).startswith("本年度 2027-01-12 10:00（北京时间）"
                                       "封账后于 2027-03-02 09:00 重新打开（原因：补录12月30日")

    world.receipt(a)
    world.clock.set(datetime(2027, 3, 10, 1, 0, tzinfo=UTC))
    year_close.reopen_year(a.store, 2026, "核对", "杨芳")
    year_close.close_year(a.store, 2026, "杨芳")  # the same minute, nothing changed
    assert plan_export(a.store).snapshot.has_news
    notes.clear()
    send(world, a, notes)
    assert notes == ["2026年（县里已知 2027-03-09 封账）已于 2027-03-10 09:00（北京时间）"
                     "重新打开（原因：核对），2027-03-10 09:00 "
                     "再次封账；本数据包没有改动该年的记录"]


def test_a_reopening_before_the_county_heard_of_the_closing_is_told_without_counting_records(world):
    """Closed and reopened before any bundle said so: a reopening all the same, but no closed year of the county's
    changed, so the records the bundle brought (all of them, the first time) are not called changes."""
    a = world.town(A)
    review_steps.submit(a.store, a.store.save("meeting", MEETING, "杨芳").id, "杨芳")
    world.clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    world.clock.set(datetime(2027, 1, 12, 6, 0, tzinfo=UTC))
    year_close.reopen_year(a.store, 2026, "补录", "杨芳")
    year_close.close_year(a.store, 2026, "杨芳")
    notes: list[str] = []
    send(world, a, notes)
    assert notes == ["2026年已于 2027-01-12 10:00（北京时间）封账，2027-01-12 14:00 重新打开（原因：补录），"
                     "2027-01-12 14:00 再次封账（县里此前没有该年封账的消息）"]
    assert attention(world) == ("本年度 2027-01-12 10:00（北京时间）封账后于 2027-01-12 14:00 重新打开（原因：补录），"
                                "2027-01-12 14:00 再次封账；请重新核对该年指标。")


def test_the_first_log_after_an_earlier_version_tells_what_the_closings_could_not(world, monkeypatch):
    """The county held 2026=close@2027-01-12 from a township of an earlier version; upgraded, the township reopened
    and closed the year again that day: its first log tells it from the closing the county held."""
    with monkeypatch.context() as earlier:
        earlier.setattr(year_log_label, "log_value", lambda conn: None)
        a, record = closed_and_sent(world)
    world.clock.set(datetime(2027, 1, 12, 6, 0, tzinfo=UTC))
    year_close.reopen_year(a.store, 2026, "会议列席情况录错", "杨芳")
    change_meeting(a, record, "未列席")
    year_close.close_year(a.store, 2026, "杨芳")
    notes: list[str] = []
    send(world, a, notes)
    assert notes == ["2026年（县里已知 2027-01-12 封账）已于 2027-01-12 14:00（北京时间）"
                     "重新打开（原因：会议列席情况录错），"
                     "2027-01-12 14:00 再次封账；本数据包改动了该年 1 条记录：会议 〔2026〕会记字第1号，"
                     "该年已评定的指标可能随之改变"]


def test_after_a_restored_backup_the_county_says_which_closings_the_township_no_longer_has(world):
    """The township reopened 2026, changed a meeting, closed it again and sent it; then restored a backup made
    before: its log went back with the data. The county says so instead of calling it rewritten history."""
    report = world.import_(restored_bundle(world, backed_up_then_reopened(world)))
    assert report.ok, report.error
    gone = ("乡镇从备份恢复或重装过，县里收到过的 2027-03-02 09:00（北京时间）重新打开（原因：改一下列席情况）、"
            "2027-03-02 09:00 再次封账 乡镇已没有（其年度封账日志随数据回到了恢复或重装时）")
    # the meeting is back at its version of the backup (core/bundle/lost.py): a change of the scored year too
    assert report.notes[-1] == (f"2026年{gone}，现为封账（2027-01-12）；本数据包改动了该年 1 条记录："
                                "会议 〔2026〕会记字第1号，该年已评定的指标可能随之改变")
    assert attention(world) == (f"本年度 2027-01-12 10:00（北京时间）封账；{gone.replace(OFFICE_MARK, ' ')}；"
                                "其间该年记录变动 1 条：会议 〔2026〕会记字第1号；请重新核对该年指标。")


def test_a_backup_restored_and_exported_at_once_is_told_as_a_restore(world):
    """Restored and exported before anything new was done: its change log is a beginning of the one the county holds,
    so it is no fork, and the county said 已收到过另一个第 2 号数据包（乡镇可能……从备份恢复后重新导出） and, in the
    same report and in 需关注 for good, that the township's change log showed no restore (请向乡镇核实)."""
    report = world.import_(restored_bundle(world, backed_up_then_reopened(world), change=False))
    assert report.ok, report.error
    assert "已收到过另一个第 2 号数据包（乡镇可能重装或从备份恢复后重新导出）" in report.notes
    gone = ("乡镇从备份恢复或重装过，县里收到过的 2027-03-02 09:00（北京时间）重新打开（原因：改一下列席情况）、"
            "2027-03-02 09:00 再次封账 乡镇已没有（其年度封账日志随数据回到了恢复或重装时）")
    assert report.notes[-1].startswith(f"2026年{gone}，现为封账（2027-01-12）")
    assert attention(world).startswith(f"本年度 2027-01-12 10:00（北京时间）封账；{gone.replace(OFFICE_MARK, ' ')}；")


def test_a_backup_restored_and_exported_at_once_has_its_records_taken_as_a_restores(world):
    """Told as a restore, it was not treated as one: the county kept counting the meeting as 未列席, a version the
    township no longer has, and the meeting of 2027 made after the backup, with nothing set aside."""
    backup = backed_up_then_reopened(world)
    a = world.town(A)
    a.store.save("meeting", {**MEETING, "title": "恢复前的会议", "held_on": "2027-03-01"}, "杨芳")
    send(world, a)
    report = world.import_(restored_bundle(world, backup, change=False))
    assert report.ok, report.error
    assert report.corrected == 1 and report.set_aside == ["〔2027〕会记字第1号（恢复前的会议）"]
    assert any(note.startswith("变更日志只到第 3 条，县里已收到第 4–") for note in report.notes), report.notes
    held = world.county.conn.execute("SELECT office_head_attendance FROM meeting WHERE title = ?", [MEETING["title"]])
    assert held.fetchall() == [("全程",)]  # the township's version
    through = world.county.conn.execute("SELECT max(seq) FROM received_changes").fetchone()[0]
    assert through == 3  # the county's log is the township's again: a receipt it writes confirms no more


def test_a_bundle_made_earlier_and_imported_late_is_not_taken_for_a_restore(world):
    """Its log ends before the entries held, as a restored backup's does, but it was made before the bundle
    that brought them: the log it carries is what the township had then, nothing went back."""
    a, record = closed_and_sent(world)
    world.clock.set(datetime(2027, 3, 2, 1, 0, tzinfo=UTC))
    a.store.save("meeting", {**MEETING, "held_on": "2027-03-01"}, "杨芳")
    second = world.export(a).path
    world.clock.set(datetime(2027, 3, 5, 1, 0, tzinfo=UTC))
    year_close.reopen_year(a.store, 2026, "改一下列席情况", "杨芳")
    change_meeting(a, record, "未列席")
    year_close.close_year(a.store, 2026, "杨芳")
    third = world.export(a).path
    assert world.import_(third).ok
    late = world.import_(second)
    assert late.ok, late.error
    assert not any("恢复或重装" in note for note in late.notes), late.notes
    assert "乡镇从备份恢复或重装过" not in attention(world)


def test_a_backup_from_before_the_first_closing_leaves_the_year_open_and_the_county_says_so(world):
    """Restored to a backup made before 2026 was closed, the township sends no year labels at all: not an earlier
    version's bundle, since its bundles carried the log; the closing the county scored is gone at the township."""
    a = world.town(A)
    review_steps.submit(a.store, a.store.save("meeting", MEETING, "杨芳").id, "杨芳")
    backup = copy_database(world, a)
    world.clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    send(world, a)
    report = world.import_(restored_bundle(world, backup))
    gone = ("乡镇从备份恢复或重装过，县里收到过的 2027-01-12 10:00（北京时间）封账 乡镇已没有"
            "（其年度封账日志随数据回到了恢复或重装时）")
    assert report.notes[-1].startswith(f"2026年{gone}，现在没有封账；")
    view = completeness_view(world.county, completeness(world.county, 2026))
    assert row_of(view, A).get("年度封账", "") == ""  # no township's year closed: no such column
    assert row_of(view, A)["需关注"].startswith(f"本年度现在没有封账，记录可能已变动；{gone}")


def test_a_log_that_lost_entries_without_a_restore_is_flagged(world):
    """Entries removed from the township's year log behind the program's back (its change log going on as before):
    the county says what it had that the township's log no longer holds, and that nothing shows a restore."""
    a, record = closed_and_sent(world)
    world.clock.set(datetime(2027, 3, 2, 1, 0, tzinfo=UTC))
    year_close.reopen_year(a.store, 2026, "改一下列席情况", "杨芳")
    change_meeting(a, record, "未列席")
    year_close.close_year(a.store, 2026, "杨芳")
    send(world, a)
    with a.store.conn:
        a.store.conn.execute("DELETE FROM year_log WHERE id > 1")
        a.store.conn.execute("UPDATE year_log_head SET last_id = 1, last_hash = (SELECT entry_hash FROM year_log)")
    a.store.save("meeting", {**MEETING, "held_on": "2027-03-19"}, "杨芳")
    notes: list[str] = []
    send(world, a, notes)
    gone = ("县里收到过的 2027-03-02 09:00（北京时间）重新打开（原因：改一下列席情况）、2027-03-02 09:00 再次封账 "
            "在乡镇的年度封账日志中已没有（其变更日志并未显示从备份恢复或重装，请向乡镇核实）")
    assert notes == [f"2026年{gone}，现为封账（2027-01-12）；本数据包没有改动该年的记录"]
    assert gone.replace(OFFICE_MARK, " ") in attention(world)  # after the closing's time, marked


def test_the_log_carries_its_latest_entries_within_its_bounds(world):
    """A year reopened 60 times, each reason 200 quotes (each sent as two characters): the label holds the latest
    100 entries, stays within its bound, is read at the county, and the next bundle's window is compared with it."""
    a = world.town(A)
    world.clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    for _ in range(60):
        year_close.close_year(a.store, 2026, "杨芳")
        year_close.reopen_year(a.store, 2026, '"' * 250, "杨芳")
    year_close.close_year(a.store, 2026, "杨芳")
    text = year_log_label.log_value(a.store.conn)
    entries = json.loads(text)
    assert len(text) <= year_log_label.MAX_CHARS and len(entries) == year_log_label.MAX_ENTRIES
    assert entries[0]["n"] == 22 and entries[-1]["n"] == 121 and len(entries[-2]["reason"]) == 200
    send(world, a)
    assert attention(world).startswith("本年度封账后共重新打开 50 次，最近 3 次：2027-01-12 10:00（北京时间）重新打开")
    world.clock.set(datetime(2027, 3, 2, 1, 0, tzinfo=UTC))
    year_close.reopen_year(a.store, 2026, "补录", "杨芳")
    notes: list[str] = []
    send(world, a, notes)
    assert notes == ["2026年（县里已知 2027-01-12 封账）已于 2027-03-02 09:00（北京时间）重新打开（原因：补录）；"
                     "本数据包没有改动该年的记录"]


def test_the_county_keeps_each_year_log_once_however_many_bundles_carry_it(world):
    """Every bundle carries the whole log: kept with each one, 18 townships x 520 bundles of a ten-year log took the
    county database from 12 MB to 80 MB (bench/year_log_bench.py). A log is kept once; a bundle names it."""
    a, _ = closed_and_sent(world)
    for day in (3, 4, 5):
        world.clock.set(datetime(2027, 3, day, 1, 0, tzinfo=UTC))
        a.store.save("meeting", {**MEETING, "held_on": f"2027-03-0{day}"}, "杨芳")
        send(world, a)
    year_close.reopen_year(a.store, 2026, "补录", "杨芳")
    notes: list[str] = []
    send(world, a, notes)
    kept = world.county.conn.execute("SELECT log FROM received_year_logs ORDER BY id").fetchall()
    assert [len(json.loads(log)) for (log,) in kept] == [1, 2]  # the closing; then the reopening too
    named = world.county.conn.execute("SELECT year_log_id FROM bundles_received ORDER BY sequence").fetchall()
    assert len(named) == 5 and len({log_id for (log_id,) in named}) == 2
    assert notes == ["2026年（县里已知 2027-01-12 封账）已于 2027-03-05 09:00（北京时间）重新打开（原因：补录）；"
                     "本数据包没有改动该年的记录"]
    assert attention(world).startswith("本年度 2027-01-12 10:00（北京时间）"
                                       "封账后于 2027-03-05 09:00 重新打开（原因：补录）")


def test_a_log_kept_is_read_from_the_one_before_it_as_it_would_be_read_whole():
    """The county reads a township's logs each from the one before when it goes on from it: the same entries as the
    whole log read, also when it does not (the latest 100 only, a log gone back after a restore), or a reason holds
    what looks like the end of an entry."""
    def text(*entries: tuple) -> str:
        return json.dumps([{"n": n, "year": 2026, "op": op, "at": at, **({"reason": why} if why else {})}
                           for n, op, at, why in entries], ensure_ascii=False, separators=(",", ":"))

    c1, c3 = (1, "close", "2027-01-15T02:00:00Z", None), (3, "close", "2027-03-03T02:00:00Z", None)
    r2, odd = (2, "reopen", "2027-03-02T02:00:00Z", "补录"), (2, "reopen", "2027-03-02T02:00:00Z", '补录"},{"n":9')
    logs = [text(c1), text(c1, r2), text(c1, r2, c3), text(c1, odd), text(c1, odd, c3), text(r2, c3)]
    for before in logs:
        for log in logs:
            whole = tuple(year_log_label.Entry(*e.values()) for e in json.loads(log))  # n, year, op, at[, reason]
            assert year_log_label.read_kept(log, (before, year_log_label.read_kept(before))) == whole


def test_a_changed_byte_in_the_log_breaks_the_signed_tag_manifest(world):
    """bag-info.txt is in the signed tag manifest: the log label needs no signature of its own."""
    a, _ = closed_and_sent(world)
    world.clock.set(datetime(2027, 3, 2, 1, 0, tzinfo=UTC))
    year_close.reopen_year(a.store, 2026, "补录12月30日的党委会", "杨芳")
    path = world.export(a).path
    tar = decrypt(path, world.keys.identity)
    info = files_of(tar)["bag-info.txt"].decode()
    log = bag_label(info, LABEL)
    assert log is not None and "2027-03-02T01:00:00Z" in log
    forged = info.replace(log, log.replace("2027-03-02T01:00:00Z", "2027-03-02T01:01:00Z"))
    bad = encrypt_to(replace_files(tar, {"bag-info.txt": forged.encode()}), world.public.recipient,
                     path.with_name("bad.tar.age"))
    report = world.import_(bad)
    assert not report.ok and "bag-info.txt 与标签清单不符" in report.error


CLOSED = f"{year_close.BAG_LABEL}: 2026=close@2027-01-15\n"
REOPENED = f'{year_close.BAG_LABEL}: 2026=reopen@2027-03-02\n{year_close.REASONS_LABEL}: {{"2026":"补录"}}\n'
C1 = '{"n":1,"year":2026,"op":"close","at":"2027-01-15T02:00:00Z"}'
C2 = C1.replace('"n":1', '"n":2')
R1 = '{"n":1,"year":2026,"op":"reopen","at":"2027-03-02T02:00:00Z","reason":"补录"}'
R2 = R1.replace('"n":1', '"n":2')
R3 = R1.replace('"n":1', '"n":3')


def listed(*entries: str) -> str:
    return "[" + ",".join(entries) + "]"


@pytest.mark.parametrize(("closings", "log", "reason"), [
    (CLOSED, "[", "不是程序写出的格式"),
    (CLOSED, "[" * 50_000, "不是程序写出的格式"),
    (CLOSED, listed(C1.replace(",", ", ")), "不是程序写出的格式"),  # not as the program writes it
    (CLOSED, listed(C1[:-1] + ',"actor":"杨芳"}'), "不是程序写出的格式"),  # no names travel
    (CLOSED, "[]", "应为 1–100 条"),
    (CLOSED, listed(*[C1] * 101), "应为 1–100 条"),
    (CLOSED, "x" * 70_000, "超过 60000 个字符"),
    (CLOSED, listed(C1.replace('"n":1', '"n":true')), "第 1 项不是程序写出的格式"),
    (CLOSED, listed(C2), "应从第 1 条起"),
    (REOPENED, listed(C1, R3), "第 2 条的序号是 3"),
    (CLOSED, listed(C1.replace("2026", "1066")), "年份应在 2000–2100 之间"),
    (CLOSED, listed(C1.replace("2027-01-15", "2027-02-30")), "时间“2027-02-30T02:00:00Z”不存在"),
    (CLOSED, listed(C1.replace("2027-01-15", "２０２７-01-15")), "不存在或不是 UTC 时间（如 2027-01-12T02:00:00Z）"),
    (CLOSED, listed(C1.replace("2027-01-15T02:00:00Z", "2027-01-15 10:00:00")),  # local as no build wrote it (one
     "时间“2027-01-15 10:00:00”不存在或不是 UTC 时间"),  # to the minute is an older build's: test_year_log_zones.py)
    (CLOSED, listed(C1.replace("2027-01-15", "2026-06-01")), "不在该年结束之后"),
    (f"{year_close.BAG_LABEL}: 2026=close@2026-12-31\n", listed(C1.replace("2027-01-15T02", "2026-12-31T15")),
     "2026年的封账时间 2026-12-31 23:00（北京时间）不在该年结束之后"),  # 15:00 UTC: 23:00 in Beijing
    (REOPENED, listed(R1), "2026年没有封账就重新打开"),
    (CLOSED, listed(C1, C2), "2026年尚未重新打开就再次封账"),
    (CLOSED, listed(C1[:-1] + ',"reason":"补录"}'), "原因只属于重新打开"),
    (REOPENED, listed(C1, R2.replace("补录", "补录\\n党委会")), "为空、过长或不是一行文字"),
    (REOPENED, listed(C1, R2.replace("补录", "补" * 201)), "为空、过长或不是一行文字"),
    (CLOSED, listed(C1.replace("01-15", "01-16")), "2026年的最后一条与年度封账情况（Fazhi-Year-Closings）不符"),
    (REOPENED, listed(C1, R2.replace("补录", "改录")), "最后一次重新打开的原因与 Fazhi-Year-Reopen-Reasons 不符"),
    (f"{year_close.BAG_LABEL}: 2025=close@2026-01-10 2026=close@2027-01-15\n", listed(C1),
     "年度封账情况（Fazhi-Year-Closings）中的2025年不在日志中"),
    ("", listed(C1), "2026年的最后一条与年度封账情况（Fazhi-Year-Closings）不符"),  # a log without the closings
], ids=["not-json", "nested", "spaced", "an-actor", "empty", "too-many", "too-long", "n-not-a-number",
        "not-from-1", "a-gap", "year-out-of-range", "no-such-day", "full-width-digits", "local-to-the-second",
        "closed-in-its-year", "closed-before-new-year-in-beijing",
        "reopened-first", "closed-twice", "a-closing-with-a-reason", "a-reason-of-two-lines", "a-reason-too-long",
        "another-day-than-the-closings", "another-reason-than-the-reasons", "a-year-left-out", "no-closings"])
def test_a_signed_bundle_whose_year_log_the_program_cannot_have_written_is_refused(world, tmp_path, closings, log,
                                                                                   reason):
    """The log is kept and shown at the county: a broken or forged one (signed with the township's key), or one that
    disagrees with the bundle's other year labels, is refused with the bundle, the label named."""
    error = refusal_of_signed_labels(world, tmp_path, f"{closings}{LABEL}: {log}\n")
    assert f"年度封账日志（{LABEL}）格式不对" in error and reason in error
