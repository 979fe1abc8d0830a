"""What the county's import report says of a township's clock (core/clock_behind.py).

A bundle made while the township's clock ran a year ahead says it was made in 2028, and the county, whose clock is
right, imports it in January 2027: it is said then (`ahead_note`), so that the county calls the township. Once the
clock is put right, the 所长 confirms it (电脑时间无误…), and the bundles made while real time has not reached the
times recorded meanwhile carry that word (Fazhi-Clock-Confirmed): the first one says which bundles held were made
while the clock ran ahead (`confirmed_note`), and the county orders them before it (db.BUNDLE_MADE), where their
times alone put them after it.

Their times are Beijing time, as every time of the township's year log the import report gives (`office_time`),
said 北京时间 once in each note, after its first time: in the county PC's own zone, on a PC set to UTC, the
confirmation of 09:00 read 01:00 beside a reopening the same report gave at 09:00（北京时间）.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from fazhi_desktop.core.clock import SLACK, office_date, office_time, past_slack, utc_iso

if TYPE_CHECKING:
    from fazhi_desktop.core.bundle.records import Contents
    from fazhi_desktop.core.bundle.verify import BundleInfo
    from fazhi_desktop.core.store import Store

#: bundles a note names; the rest are counted
NAMED = 5


def clock_notes(store: Store, info: BundleInfo, contents: Contents | None = None) -> list[str]:
    """The notes on `info`'s township's clock, before the bundle is recorded: made later than now here, a
    confirmation the county has not had before, and records added while the clock was behind (`contents`)."""
    behind = behind_note(store, info, contents) if contents is not None else None
    return [note for note in (ahead_note(store, info), confirmed_note(store, info), behind) if note]


def ahead_note(store: Store, info: BundleInfo) -> str | None:
    now = store.clock()
    if info.created_at <= utc_iso(now + SLACK):
        return None
    return (f"数据包的制作时间 {office_time(info.created_at)}晚于本机现在的时间 {office_time(utc_iso(now), False)}："
            "乡镇电脑的时间可能走快了（也可能是本机的时间慢了），请乡镇核对电脑的日期和时间；乡镇改正后由所长或管理员确认"
            "“电脑时间无误”，此后的数据包会带着这一确认，县里据此排列该乡镇数据包的先后")


def confirmed_note(store: Store, info: BundleInfo) -> str | None:
    if info.clock_confirmed is None:
        return None
    at, through = info.clock_confirmed
    if store.conn.execute("SELECT 1 FROM bundles_received WHERE township = ? AND made_after = ?",
                          [info.township, through]).fetchone():
        return None  # said with the first bundle that carried it
    ahead = store.conn.execute(
        "SELECT sequence, created_at FROM bundles_received WHERE township = ? AND replaced_by IS NULL"
        " AND created_at > ? AND created_at <= ? ORDER BY sequence", [info.township, past_slack(at), through]
    ).fetchall()
    said = (f"乡镇电脑的时间曾经走快：所长或管理员已于 {office_time(at)}确认电脑时间无误，乡镇此前记下的晚于那时的"
            f"时间（最晚 {office_time(through, False)}）是电脑时间走快时记下的")
    if ahead:
        named = "、".join(f"第 {sequence} 号（制作时间 {office_time(made, False)}）"
                         for sequence, made in ahead[:NAMED])
        more = f"等 {len(ahead)} 个" if len(ahead) > NAMED else ""
        said += (f"；县里收到的{named}{more}数据包是那时制作的，实际制作于本数据包之前，县里按此排列先后"
                 "（年度封账情况以本数据包为准）")
    return said



def behind_note(store: Store, info: BundleInfo, contents: Contents) -> str | None:
    """Records the bundle's change log added while the township's clock was behind its own earlier entries (by more
    than `clock.SLACK`) and dated that very day, the form's default: "乡镇电脑的时间曾经慢了：…〔2009〕会记字第1号…".
    Earlier times a confirmation accepted as a clock running ahead (this bundle's, or one held: `made_after`) are no
    measure. Only in an earlier year: the note is of a year in doubt. A date typed from paper (another day) is the
    clerk's and not named. Before the bundle is recorded; not for a bundle the township abandoned (db.STALE: its log
    is not the one held, so the times held are no measure)."""
    changes = contents.changes
    if not changes:
        return None
    held = store.conn.execute("SELECT max(at) FROM received_changes WHERE township = ? AND seq < ?",
                              [info.township, changes[0]["seq"]]).fetchone()[0]
    accepted = [through for (through,) in store.conn.execute(
        "SELECT made_after FROM bundles_received WHERE township = ? AND made_after IS NOT NULL", [info.township])]
    if info.clock_confirmed is not None:
        accepted.append(info.clock_confirmed[1])
    through = max(accepted, default="")
    latest, behind = held or "", {}
    for entry in changes:
        if latest > through and entry["at"] < _day_before(latest):
            if entry["op"] == "insert":  # with the time it was behind: not one recorded once the clock was right
                behind[entry["record_id"]] = (entry["at"], latest)
        else:
            latest = max(latest, entry["at"])
    lines = {line.id: line for lines in contents.records.values() for line in lines}
    # in an earlier year than the time it was behind (a clock a few days ahead and put right puts no year in doubt);
    # a record deleted since is not counted: nothing to correct
    dated = [(at, _number(store, lines[rid]), before) for rid, (at, before) in behind.items()
             if rid in lines and office_date(at).year < office_date(before).year
             and not lines[rid].content["deleted"] and _dated_on(store, lines[rid].content, at)]
    if not dated:
        return None
    dated.sort()
    latest = min(before for _at, _number, before in dated)
    named = "、".join(number for _at, number, _before in dated[:NAMED])
    named += f"等 {len(dated)} 条" if len(dated) > NAMED else ""
    first, last = office_date(dated[0][0]), office_date(dated[-1][0])
    days = first.isoformat() if first == last else f"{first.isoformat()} 至 {last.isoformat()}"
    years = "、".join(sorted({str(office_date(at).year) for at, _number, _before in dated}))
    return (f"乡镇电脑的时间曾经慢了：{len(dated)} 条记录是在电脑日期为 {days}（北京时间）时新增的，"
            f"早于乡镇此前记下的时间（{office_time(latest, False)}），记录的日期就是电脑当天的日期，可能记错了年份"
            f"（{named}），现计入{years}年：请乡镇核对并改正这些记录的日期，随下一个数据包报送")


def _day_before(at: str) -> str:
    return utc_iso(datetime.fromisoformat(at) - SLACK)


def _dated_on(store: Store, content: dict[str, Any], at: str) -> bool:
    """Whether the record's own date is the day its entry was written (Beijing time, or the day before or after:
    the township PC may be set to another zone)."""
    ledger = store.ledgers.get(content["ledger"])
    day = content["values"].get(ledger.date_field) if ledger is not None else None
    try:
        return abs(date.fromisoformat(day) - office_date(at)).days <= 1
    except (TypeError, ValueError):
        return False


def _number(store: Store, line: Any) -> str:
    return line.content.get("number") or store.ledgers[line.ledger].label
