"""What the county's import report says of a township's clock (core/clock_behind.py).

A bundle made while the township's clock ran a year ahead says it was made in 2028, and the county, whose clock is
right, imports it in January 2027: it is said then (`ahead_note`), so that the county calls the township. Once the
clock is put right, the 所长 confirms it (电脑时间无误…), and the bundles made while real time has not reached the
times recorded meanwhile carry that word (Fazhi-Clock-Confirmed): the first one says which bundles held were made
while the clock ran ahead (`confirmed_note`), and the county orders them before it (db.BUNDLE_MADE), where their
times alone put them after it. A bundle dated ahead of the county's clock, when that clock is not in doubt, was made
by the time it is imported, and is ordered so (`made_before`). Records added while the township's clock had gone
back are named from the bundle's change log (`behind_note`, core/clock_went_back.py).

Their times are Beijing time, as every time of the township's year log the import report gives (`office_time`),
said 北京时间 once in each note, after its first time: in the county PC's own zone, on a PC set to UTC, the
confirmation of 09:00 read 01:00 beside a reopening the same report gave at 09:00（北京时间）.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from fazhi_desktop.core.clock import SLACK, office_time, past_slack, utc_iso
from fazhi_desktop.core.clock_behind import clock_behind
from fazhi_desktop.core.clock_went_back import COUNTY, NAMED, dated_on, named, note, went_back

if TYPE_CHECKING:
    from fazhi_desktop.core.bundle.records import Contents
    from fazhi_desktop.core.bundle.verify import BundleInfo
    from fazhi_desktop.core.store import Store

def clock_notes(store: Store, info: BundleInfo, contents: Contents | None = None) -> list[str]:
    """The notes on `info`'s township's clock, before the bundle is recorded: made later than now here, a
    confirmation the county has not had before, and records added while the clock was behind (`contents`)."""
    behind = behind_note(store, info, contents) if contents is not None else None
    return [note for note in (ahead_note(store, info), confirmed_note(store, info), behind) if note]


def made_before(store: Store, info: BundleInfo) -> str | None:
    """When a bundle dated ahead of this PC's clock (`ahead_note`) was made at the latest: now, as the county imports
    it, unless this PC's own clock is in doubt, behind what its database recorded (core/clock_behind.py, the rule a
    township's clock is held to): a county PC running behind would date a truly newer bundle before older ones, whose
    history would then replace it. Kept in `bundles_received.made_before` (migration 032, db.BUNDLE_MADE), so that
    a township that restored a backup from before its clock ran ahead is not the older history until real time
    passes the abandoned bundles' dates. None for a bundle not dated ahead."""
    now = store.clock()
    if not _dated_ahead(info, now) or clock_behind(store) is not None:
        return None
    return utc_iso(now)


def _dated_ahead(info: BundleInfo, now: datetime) -> bool:
    return info.created_at > utc_iso(now + SLACK)


def ahead_note(store: Store, info: BundleInfo) -> str | None:
    now = store.clock()
    if not _dated_ahead(info, now):
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
        listed = "、".join(f"第 {sequence} 号（制作时间 {office_time(made, False)}）"
                          for sequence, made in ahead[:NAMED])
        more = f"等 {len(ahead)} 个" if len(ahead) > NAMED else ""
        said += (f"；县里收到的{listed}{more}数据包是那时制作的，实际制作于本数据包之前，县里按此排列先后"
                 "（年度封账情况以本数据包为准）")
    return said


def behind_note(store: Store, info: BundleInfo, contents: Contents) -> str | None:
    """Records the bundle's change log added while the township's clock was behind its own earlier entries and
    dated that very day, the form's default (core/clock_went_back.py, as the township says them of itself):
    "乡镇电脑的时间曾经慢了：…〔2009〕会记字第1号…". Earlier times a confirmation accepted as a clock running ahead
    (this bundle's, or one held: `made_after`) are no measure. A record deleted since is not named: nothing to
    correct. Before the bundle is recorded; not for a bundle the township abandoned (db.STALE: its log is not the one
    held, so the times held are no measure: `clock_notes` is given no contents)."""
    changes = contents.changes
    if not changes:
        return None
    held = store.conn.execute("SELECT max(at) FROM received_changes WHERE township = ? AND seq < ?",
                              [info.township, changes[0]["seq"]]).fetchone()[0]
    accepted = [through for (through,) in store.conn.execute(
        "SELECT made_after FROM bundles_received WHERE township = ? AND made_after IS NOT NULL", [info.township])]
    if info.clock_confirmed is not None:
        accepted.append(info.clock_confirmed[1])
    behind: dict[str, tuple[str, str]] = {}
    went_back(((e["at"], e["op"], e["record_id"]) for e in changes), held or "", max(accepted, default=""), behind)
    lines = {line.id: line for lines in contents.records.values() for line in lines}
    dated = [(at, before, named(store, lines[rid].ledger, lines[rid].content.get("number")))
             for rid, (at, before) in behind.items()
             if rid in lines and not lines[rid].content["deleted"]
             and dated_on(store, lines[rid].content["ledger"], lines[rid].content["values"], at)]
    return note(dated, COUNTY)
