"""Records added while a township's clock had gone back, read from its change log: a PC whose battery ran out says
2009-01-01 one Monday, the clerk saves the week's meetings on the form's default date (today: 2009), a technician
sets the clock right, and the records stay dated and numbered 2009 (〔2009〕会记字第1号), counted in 2009's figures.
Nothing else shows it once the clock is right: the log does, each entry written after one stamped more than a day
(`clock.SLACK`) later.

Said at both ends with the same reading (`went_back`, `note`): by the county's import of the bundle that brought them
(core/bundle/clock_notes.py `behind_note`), and at the township itself (`own_note`: `fazhi check` and the main
window's banner, qt/clock_banner.py), which can correct them. Only a record whose own date is the day the wrong clock
gave is named (a date typed from paper is the clerk's); times a confirmed clock-ahead accepted (电脑时间无误…) are no
measure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from fazhi_desktop.core.clock import SLACK, office_date, office_time, utc_iso
from fazhi_desktop.core.errors import NotFound

if TYPE_CHECKING:
    from fazhi_desktop.core.store import Store

#: records a note names; the rest are counted
NAMED = 5
#: who says it: (whose clock, whose earlier times, what to do)
COUNTY = ("乡镇电脑", "乡镇此前", "请乡镇核对并改正这些记录的日期，随下一个数据包报送")
TOWNSHIP = ("本所电脑", "本所此前", "请逐条打开核对，把日期改为实际日期后保存（编号随之改为该年的编号）")


def went_back(entries: Iterable[tuple[str, str, str]], latest: str, through: str,
              behind: dict[str, tuple[str, str]]) -> str:
    """Of change-log entries (at, op, record_id) in their order, the records inserted while the clock was behind the
    entries before (by more than the slack; `latest`: the latest time before the first), added to `behind`: record
    id -> (when, the latest time recorded before it). Times up to `through` (a confirmed clock-ahead's) are no
    measure. Returns the latest time after them, to read on from."""
    for at, op, record_id in entries:
        if latest > through and at < _day_before(latest):
            if op == "insert":
                behind[record_id] = at, latest
        else:
            latest = max(latest, at)
    return latest


@dataclass
class Reading:
    """How far `own_note` has read the township's change log, to read on from there: the main window's banner asks
    each time the window comes to the front, and the whole log of 120,000 entries took 0.3 s."""

    through: str = ""  # the confirmed clock-ahead's accepted time it was read with
    seq: int = 0
    latest: str = ""
    behind: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: the note as said when the log ended at `said_at` (-1: not yet said): a record corrected, deleted or renumbered
    #: writes an entry, so while the log has grown by none the note is the same, and its records are not read again
    #: (each was looked for in every ledger: 0.1 s at 2,000 records, each time the window came to the front)
    said: str | None = None
    said_at: int = -1

    def restart(self, through: str) -> None:
        """From the log's first entry, with another confirmation's time."""
        self.through, self.seq, self.latest, self.behind, self.said_at = through, 0, "", {}, -1


def dated_on(store: Store, ledger: str, values: dict[str, Any], at: str) -> bool:
    """Whether the record's own date is the day its entry was written (Beijing time, or the day before or after:
    the township PC may be set to another zone)."""
    found = store.ledgers.get(ledger)
    day = values.get(found.date_field) if found is not None else None
    try:
        return abs(date.fromisoformat(day) - office_date(at)).days <= 1
    except (TypeError, ValueError):
        return False


def named(store: Store, ledger: str, number: str | None) -> str:
    return number or store.ledgers[ledger].label


def note(dated: list[tuple[str, str, str]], who: tuple[str, str, str]) -> str | None:
    """"乡镇电脑的时间曾经慢了：3 条记录是在电脑日期为 …" of the records `dated` (when added, the latest time recorded
    before, as named: `went_back`'s), or None."""
    # in an earlier year than the time it was behind: the note is of a year in doubt (a clock a few days behind and
    # put right before any export, with no confirmation, puts none in doubt)
    dated = sorted(d for d in dated if office_date(d[0]).year < office_date(d[1]).year)
    if not dated:
        return None
    clock, earlier, advice = who
    names = "、".join(number for *_at, number in dated[:NAMED]) + (f"等 {len(dated)} 条" if len(dated) > NAMED else "")
    first, last = office_date(dated[0][0]), office_date(dated[-1][0])
    before = min(before for _at, before, _name in dated)  # the latest time recorded before the clock went back
    days = first.isoformat() if first == last else f"{first.isoformat()} 至 {last.isoformat()}"
    years = "、".join(sorted({str(office_date(at).year) for at, *_rest in dated}))
    return (f"{clock}的时间曾经慢了：{len(dated)} 条记录是在电脑日期为 {days}（北京时间）时新增的，"
            f"早于{earlier}记下的时间（{office_time(before, False)}），记录的日期就是电脑当天的日期，可能记错了"
            f"年份（{names}），现计入{years}年：{advice}")


def own_note(store: Store, reading: Reading | None = None) -> str | None:
    """The township's own records added while its clock had gone back and still dated that day, said as the county
    says them. `reading`: how far the log was read before (`Reading`), read on from there and kept up to date."""
    from fazhi_desktop.core.clock_behind import confirmation  # it reads the backup settings, which load more

    if store.is_county:  # its records are the townships': their clocks are said at the import
        return None
    confirmed = confirmation(store)
    through = confirmed.accepted if confirmed else ""
    reading = reading if reading is not None else Reading(through)
    last = store.conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0]
    if reading.through != through or last < reading.seq:  # another confirmation; a backup restored
        reading.restart(through)
    rows = store.conn.execute("SELECT seq, at, op, record_id FROM changes WHERE seq > ? ORDER BY seq",
                              [reading.seq]).fetchall()
    if rows:
        reading.latest = went_back((row[1:] for row in rows), reading.latest, through, reading.behind)
        reading.seq = rows[-1][0]
    elif reading.said_at == reading.seq:
        return reading.said
    dated = []
    for record_id, (at, before) in reading.behind.items():
        try:
            record = store.get(record_id)
        except NotFound:  # deleted since
            continue
        if dated_on(store, record.ledger, record.values, at):
            dated.append((at, before, named(store, record.ledger, record.number)))
    reading.said, reading.said_at = note(dated, TOWNSHIP), reading.seq
    return reading.said


def _day_before(at: str) -> str:
    return utc_iso(datetime.fromisoformat(at) - SLACK)
