"""At the county: a township's closed year reopened since the county had it, and the records of that year changed.

A bundle carries the township's year log (core/year_log_label.py, `Fazhi-Year-Log`): every closing and reopening, with
its time (sent in UTC; shown in Beijing time as the township shows it, whatever the county PC's zone, `Entry.shown`,
said 北京时间 once in each note, after its first time) and the 所长's reason. The county compares it with the log of the
bundle made before it (`bundles_received`, in the order the bundles were made), entry by entry: the entries after those
it held are what happened since, so a year reopened, changed and closed again between two bundles arrives with its
reason, and one closed again on the same day as the closing the county held is seen like any other. A log that no longer
holds entries the county had (the one held is not its beginning) is told too: after a restored backup or a re-install,
which the bundle's change log shows (`Held.history`; a restored backup exported before anything new was done sends a log
the held one goes on from, and is told by its number or where its log ends: apply.py's BEHIND), the township's log went
back with its data (README, 年度封账), and the county says which closings and reopenings the township no longer has;
otherwise it says that the township's change log shows no restore, so that someone asks.

A township of an earlier version sends only each year's latest state (`Fazhi-Year-Closings`, with the reason while a
year is open): between two such bundles, a year the county held closed that a later bundle says is open again, or
closed on another day, was reopened in between (`Step.moved`); a reopening closed again the same day is not seen,
nor the reason of one closed again. The first log after such bundles is read from the entry that states what the
county held.

The records of the year that the bundles telling of a reopening brought (new or updated, `received_records`) are what
changed: dated in the year, or dated in it before the bundle moved them out (a meeting of 2026 corrected to
2027-01-05, named "〔2027〕会记字第2号（原〔2026〕会记字第31号）": the county keeps no earlier version of a record, so
apply.py keeps the held version's date and number with the row, `moved_from`), and changed while the year was open: a
record none of whose change-log entries those bundles carried was made between a reopening and the closing after it
(to the minute, both times from the township's clock) was changed while the year was closed, as the conclusion of a
matter the closing left open may be (core/year_close.py), and is not counted; a record nothing of which may change
while its year is closed (a meeting; a matter the closing locked, or moved out of the year, or deleted: `_left_open`
judges the record as the closing left it) changed so proves the reopenings' times wrong, and every change counts.
What the change log holds from before the year's first closing is its history, not a change (`_first_closing`, to
the second: an edit in the closing's minute after a reopening in it is a change; to its minute's end when a build that
sent only the minute logged it; nothing without a log, whose closing day a clock running ahead may have given): a
bundle made after a reopening, imported before the one made before it, brings every record of the year. The import
report says so of the bundle (`import_notes`), and 数据完整性's 需关注 of the year (`year_story`), for good: the
figures of a closed year changed after the county first had them.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from fazhi_desktop.core.clock import OFFICE_MARK, SLACK, is_utc_iso, past_slack
from fazhi_desktop.core.db import BEHIND, BUNDLE_MADE, REINSTALLED, RESTORED
from fazhi_desktop.core.store import Store
from fazhi_desktop.core.year_close import CLOSE, REOPEN, closing_reason, concluded_in, parse_bag_value, parse_reasons
from fazhi_desktop.core.year_log_label import Entry, read_kept

if TYPE_CHECKING:
    import sqlite3

    from fazhi_desktop.core.forms import LedgerDef

State = tuple[str, str]  # (CLOSE or REOPEN, its day), as year_close.parse_bag_value reads it
#: a `received_records` row: bundle, record, ledger, revision, outcome, the held version's date and number when
#: the bundle dated the record in another year (`moved_from`), and the version's date (`_dated_when_closed`)
Arrived = tuple[str, str, str, int, str, str | None, str | None, str | None]
Moves = dict[str, dict[str, list[tuple[str, str | None]]]]  # ledger -> record id -> (held date, held number) moved from
#: a time the township's clock ran ahead: (when it was confirmed right, None when not known; the latest time recorded)
Ahead = tuple[str | None, str]
NAMED = 5  # records a note names; the rest are counted
TOLD = 3  # reopenings 需关注 tells one by one; the earlier ones are counted
_CHUNK = 500  # ids a query takes at once (older SQLite builds allow 999 variables)
#: a bundle whose change log says the township restored a backup or re-installed (or, exported at once after a
#: restore, is a beginning of the one held), so that its year log went back with its data
WENT_BACK = (RESTORED, REINSTALLED, BEHIND)
#: after the time of a year-log entry logged later than the bundle carrying it was made
AHEAD = "（乡镇电脑时间走快时所记）"
_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")  # a year-log time as shown (`Entry.shown`)
#: with its `AHEAD` mark and the space a note puts after them
_TIME_SPACED = re.compile(f"(?P<time>{_TIME.pattern})(?P<ahead>{re.escape(AHEAD)})? ?")


@dataclass(frozen=True)
class Held:
    """A bundle's word on the township's years, as verified and kept in `bundles_received`."""

    bundle_id: str
    closings: str | None
    reasons: str | None
    log: str | None
    history: str | None = None  # apply.py's word on its change log against the one held when it came
    created: str | None = None  # its Fazhi-Created-At (UTC): entries later than it were logged with the clock ahead
    #: its Fazhi-Clock-Confirmed: (when the clock was confirmed right, the latest time recorded while it ran ahead)
    confirmed: tuple[str, str] | None = None


@dataclass(frozen=True)
class _Said:
    """`Held` read."""

    bundle_id: str
    states: dict[int, State]
    reasons: dict[int, str]
    log: tuple[Entry, ...] | None  # None: no year log (an earlier version, or no year ever closed)
    went_back: bool

    @classmethod
    def of(cls, held: Held, log: tuple[Entry, ...] | None = None, latest: str | None = None) -> _Said:
        """`held` read; its year log as read already (`log`, its latest time `latest`) or, when it has one, read
        here."""
        if log is None and held.log is not None:
            log = read_kept(held.log)
        return cls(held.bundle_id, *_read(held.closings, held.reasons), _marked(log, held.created, latest),
                   held.history in WENT_BACK)


@functools.lru_cache(maxsize=256)
def _read(closings: str | None, reasons: str | None) -> tuple[dict[int, State], dict[int, str]]:
    """A bundle's closings and reasons labels read (most bundles repeat those of the one before: read once)."""
    states = parse_bag_value(closings)
    return states, parse_reasons(reasons, states)


def _marked(log: tuple[Entry, ...] | None, created: str | None, latest: str | None = None) -> tuple[Entry, ...] | None:
    """The log's entries, those logged more than a day after the bundle was made marked `ahead` (the township's clock
    ran ahead then: a closing of 2027 logged 2028-01-03 and reopened 2027-01-10 once the clock was put right). The
    times are UTC as stored (`utc_iso`), so the text compares as the instants do. A log with none, as when its
    `latest` time is before the bundle was made, is returned as it is, the same tuple: `_by_log` takes one the bundle
    before carried as unchanged without comparing its entries (a township's hundreds of bundles mostly carry the
    log of the one before)."""
    if not log or not created:
        return log
    latest = latest or _latest(log)
    if latest <= created:
        return log
    limit = past_slack(created)
    if latest <= limit:
        return log
    return tuple(replace(entry, ahead=True) if entry.at > limit else entry for entry in log)


def _latest(log: tuple[Entry, ...]) -> str:
    """The log's latest time (UTC), which is not its last entry's when the clock was put back."""
    return max(entry.at for entry in log)


def _beijing_once(note: str) -> str:
    """A note told by the year log with 北京时间 after its first time, once for all its times (a time comes before
    any reopening's reason the note quotes, so the first one found is the log's); one bracket with `AHEAD`'s words
    when that time was logged while the clock ran ahead."""
    # the bracket closes the time: the space after it goes (已于 2027-01-01 00:30（北京时间）重新打开)
    def marked(found: re.Match[str]) -> str:
        time, ahead = found.group("time"), found.group("ahead")
        return time + (f"{OFFICE_MARK[:-1]}，{AHEAD[1:]}" if ahead else OFFICE_MARK)

    return _TIME_SPACED.sub(marked, note, count=1)


def _at(entry: Entry) -> str:
    """The entry's time as shown (Beijing time, `Entry.shown`), marked when it was logged while the clock ran ahead."""
    return f"{entry.shown}{AHEAD}" if entry.ahead else entry.shown


@dataclass(frozen=True)
class Step:
    """What one bundle said of a year, against what the county held before it."""

    bundle_id: str
    before: State | None
    now: State | None  # None: its year log no longer has the year (`gone`)
    reason: str | None  # why it was reopened, when the bundle says it is open (as the bundle said)
    by_log: bool = False  # told by the year log (`new`, `gone`); else by the latest states alone
    new: tuple[Entry, ...] = ()  # the year's entries after those the county held
    gone: tuple[Entry, ...] = ()  # the year's entries the county held that the log no longer has
    went_back: bool = False  # ... and the bundle's change log says the township restored a backup or re-installed

    @property
    def moved(self) -> bool:
        """Whether the year was open again at the township since the county last heard of it: reopened since, or
        open then or now; or the township no longer has some of its closings and reopenings. By the states alone,
        also a closing on another day than the one held."""
        if self.gone or (self.now and self.now[0] == REOPEN) or (self.before and self.before[0] == REOPEN):
            return True
        if self.by_log:
            return any(entry.op == REOPEN for entry in self.new)
        return self.before is not None and self.before != self.now

    @property
    def counts_changes(self) -> bool:
        """Whether the records of the year it brought changed a year the county held closed (or open again)."""
        return self.moved and (self.before is not None or bool(self.gone) or not self.by_log)


def steps(bundles: Iterable[_Said], year: int) -> list[Step]:
    """What `bundles` (in the order they were made) said of `year`, each against the one before that said anything
    of the township's years."""
    out: list[Step] = []
    before: State | None = None
    log: Sequence[Entry] | None = None  # the year log the county last had
    for said in bundles:
        entries = said.log
        if entries is None and not said.states and log is not None:
            entries = ()  # once the township sent its year log, a bundle without any is of a log emptied
        if entries is None:
            log = None
            now = said.states.get(year)
            if now is None:  # an earlier version, or a township that re-installed: no word of the year
                continue
            out.append(Step(said.bundle_id, before, now, said.reasons.get(year)))
        else:
            step = _by_log(said, year, before, log, entries)
            log = entries
            if step is None:
                continue
            out.append(step)
        before = out[-1].now
    return out


def _by_log(said: _Said, year: int, before: State | None, held: Sequence[Entry] | None,
            entries: Sequence[Entry]) -> Step | None:
    """The step the bundle's year log (`entries`) makes of `year` against the log held (None: the county had only
    the states `before`); None when it says nothing of the year."""
    now = said.states.get(year)
    reason = said.reasons.get(year)
    if held is None:
        mine = [e for e in entries if e.year == year]
        # after bundles without a log: what follows the entry stating what the county held (from the first, so
        # that a reopening closed again the same day is seen); a log without it is told as the states say
        start = _stating(mine, before) if before else 0
        if start is None:
            return Step(said.bundle_id, before, now, reason) if now is not None else None
        return Step(said.bundle_id, before, now, reason, True, tuple(mine[start:])) if now is not None else None
    if entries is held:  # the log the bundle before carried (read once: `_held`): nothing happened since
        return Step(said.bundle_id, before, now, reason, True, (), (), said.went_back) if now is not None else None
    kept = {e.n: e for e in held}
    end, held_end = (entries[-1].n if entries else 0), (held[-1].n if held else 0)
    differs = next((e.n for e in entries if e.n in kept and not _same(kept[e.n], e)), None)
    if differs is None and end < held_end:
        differs = end + 1
    since = held_end + 1 if differs is None else differs
    new = tuple(e for e in entries if e.n >= since and e.year == year)
    gone = tuple(e for e in held if e.n >= since and e.year == year)
    if now is None and not gone:
        return None
    return Step(said.bundle_id, before, now, reason, True, new, gone, said.went_back)


def _same(held: Entry, entry: Entry) -> bool:
    """Whether two logs' entries of one place are the same: equal, or, where one was kept from a build that sent only
    the minute (migration 022 gave it the seconds :00), equal to the minute."""
    if held == entry:
        return True
    to_minute = replace(held, at=held.at[:16]) == replace(entry, at=entry.at[:16])
    return to_minute and "00" in (held.at[17:19], entry.at[17:19])


def _stating(entries: Sequence[Entry], state: State) -> int | None:
    """Where the entries after the one stating `state` (an earlier version's word on the year) begin; None when none
    does. The earlier version wrote the day in the zone of the PC that made the bundle, the log's day is Beijing's
    (`Entry.day`): an entry of the same day is taken, else the first of the same operation a day before or after it
    (a closing at 10:00 Beijing time on 12 January was 11 January on a PC left in a Pacific zone)."""
    op, day = state
    said = date.fromisoformat(day)
    near = (i + 1 for i, e in enumerate(entries) if e.op == op and abs(date.fromisoformat(e.day) - said) <= SLACK)
    return next((i + 1 for i, e in enumerate(entries) if e.state() == state), None) or next(near, None)


@dataclass(frozen=True)
class YearStory:
    """A township's closed year as its bundles told the county: reopened since it was closed (or open again), and
    the records of the year the bundles brought while it was (`changed`: ("会议", "〔2026〕会记字第3号"))."""

    year: int
    now: State | None
    changed: tuple[tuple[str, str], ...]
    #: the year's entries in the township's log now (None: told by its latest states alone, `first_closed`, `reason`)
    entries: tuple[Entry, ...] | None = None
    gone: tuple[Step, ...] = ()  # the steps whose log no longer had entries the county held
    counted: bool = True  # False: reopened only before the county heard the year was closed (no changes to count)
    first_closed: str | None = None
    reason: str | None = None

    def problem(self) -> str:
        """What 需关注 says of the year."""
        if self.entries is None:
            return self._by_states()
        return _beijing_once(self._by_log())

    def _by_log(self) -> str:
        assert self.entries is not None
        if self.now is None:
            said = ["本年度现在没有封账，记录可能已变动"]
        else:
            said = [_history(self.entries) + ("，记录可能已变动" if self.now[0] == REOPEN else "")]
        said += [_gone(step) for step in self.gone]
        if self.now is not None and self.now[0] == CLOSE and self.counted:
            said.append(f"其间该年记录变动 {len(self.changed)} 条：{_named(self.changed)}" if self.changed
                        else "其间该年记录未变动")
        return "；".join(said)

    def _by_states(self) -> str:
        assert self.now is not None
        why = f"（原因：{self.reason}）" if self.reason else ""
        if self.now[0] == REOPEN:
            return f"本年度封账后于 {self.now[1]} 重新打开{why}，记录可能已变动"
        closed = f" {self.first_closed} " if self.first_closed else ""
        return (f"本年度{closed}封账后曾重新打开{why}，{self.now[1]} 再次封账；"
                + (f"其间该年记录变动 {len(self.changed)} 条：{_named(self.changed)}" if self.changed
                   else "其间该年记录未变动"))


def year_story(store: Store, township: str, year: int) -> YearStory | None:
    """The story of `year` at `township` when a bundle said it was reopened after it was closed (or that it is
    open again, or the township no longer has closings the county had); None when it never was, as far as the
    county knows, or when the township's latest bundle says nothing of the year."""
    said = [said for said, _made in _held(store, township)]
    told = steps(said, year)
    moved = [step for step in told if step.moved]
    if not moved or told[-1].bundle_id != said[-1].bundle_id:
        return None
    counted = [step.bundle_id for step in moved if step.counts_changes]
    # the latest log holds the year's entries unless it carries only its last `MAX_ENTRIES`: the last that did
    logged = next((mine for s in reversed(said) if (mine := tuple(e for e in s.log or () if e.year == year))), ())
    confirmed, imported = _clock_confirmations(store, township)
    opened = _open_times(logged, confirmed, imported)
    changed = tuple(_changed(store, township, year, _arrived(store, counted), counted, opened,
                             _history_ends(said, year, confirmed, opened)))
    if said[-1].log is not None or told[-1].by_log:
        now = told[-1].now
        entries = logged if now is not None else ()
        return YearStory(year, now, changed, entries, tuple(step for step in told if step.gone), bool(counted))
    closed = next((step.now[1] for step in told if step.now and step.now[0] == CLOSE), None)
    reason = next((step.reason for step in reversed(told) if step.reason), None)
    return YearStory(year, told[-1].now, changed, first_closed=closed, reason=reason)


def import_notes(store: Store, township: str, incoming: Held, made: tuple[str, int] | None,
                 arrived: Iterable[Arrived]) -> list[str]:
    """The import report's notes on a bundle (`incoming`, where it stands among the township's bundles `made`:
    (when it was made, its number), with the `received_records` rows it brought) that tells of a year the county held
    closed reopened since, open still, or closings the township no longer has: when, why, and which records of the
    year it changed. Told against the bundles made before it, in `_held`'s order (bundles made at the same second by
    their numbers). Called before the bundle is recorded."""
    last = (made[0] or "9999", made[1]) if made else ("9999", 0)
    held = [said for said, order in _held(store, township) if order <= last]
    bundles = [*held, _Said.of(incoming)]
    brought = _by_ledger(arrived)
    years = sorted({year for said in bundles for year in (*said.states, *(e.year for e in said.log or ()))})
    confirmed, imported = _clock_confirmations(store, township, incoming)
    notes = []
    for year in years:
        told = steps(bundles, year)
        step = told[-1] if told and told[-1].bundle_id == incoming.bundle_id else None
        if step is None or not step.moved:
            continue
        opened = _open_times(tuple(e for e in bundles[-1].log or () if e.year == year), confirmed, imported)
        since = _history_ends(bundles, year, confirmed, opened)
        changed = (_changed(store, township, year, brought, [incoming.bundle_id], opened, since)
                   if step.counts_changes else [])
        if step.before == step.now and not (changed or step.new or step.gone):
            continue  # open all along, and nothing of it changed
        notes.append(_note(year, step, changed))
    return notes


def _note(year: int, step: Step, changed: list[tuple[str, str]]) -> str:
    said = _beijing_once(_said_by_log(year, step)) if step.by_log else _said_by_states(year, step)
    if not step.counts_changes:
        return f"{said}（县里此前没有该年封账的消息）"
    if not changed:
        return f"{said}；本数据包没有改动该年的记录"
    return f"{said}；本数据包改动了该年 {len(changed)} 条记录：{_named(changed)}，该年已评定的指标可能随之改变"


def _said_by_states(year: int, step: Step) -> str:
    before, now = step.before, step.now
    assert now is not None
    op, day = now
    known = f"（县里已知 {before[1]} 封账）" if before and before[0] == CLOSE else ""
    if op == REOPEN:
        why = f"（原因：{step.reason}）" if step.reason else ""
        return f"{year}年仍为重新打开（{day}）" if before == now else f"{year}年{known}已于 {day} 重新打开{why}"
    if before and before[0] == REOPEN:
        return f"{year}年（{before[1]} 重新打开）已于 {day} 再次封账"
    return (f"{year}年{known}此后曾重新打开，已于 {day} 再次封账（重新打开的原因未随数据包报来，各条记录重新打开的"
            "原因见其修改历史）")


def _said_by_log(year: int, step: Step) -> str:
    before = step.before
    known = "" if before is None else f"（县里已知 {before[1]} {'封账' if before[0] == CLOSE else '重新打开'}）"
    if not step.new and not step.gone:
        assert step.now is not None
        return f"{year}年仍为重新打开（{step.now[1]}）"
    parts = [_gone(step)] if step.gone else []
    if step.new:
        parts.append(f"{'此后' if step.gone else ''}已于 {_events(step.new, None if step.gone else before)}")
    elif step.now is None:
        parts.append("现在没有封账")
    else:
        parts.append(f"现为{'封账' if step.now[0] == CLOSE else '重新打开'}（{step.now[1]}）")
    return f"{year}年{'' if step.gone else known}" + "，".join(parts)


def _events(entries: Sequence[Entry], before: State | None = None, sep: str = "，") -> str:
    """"2027-03-02 10:15 重新打开（原因：…），2027-03-02 16:40 再次封账": each entry in turn, after `before`."""
    out = []
    last = before[0] if before else None
    for entry in entries:
        if entry.op == REOPEN:
            out.append(f"{_at(entry)} 重新打开" + (f"（原因：{entry.reason}）" if entry.reason else ""))
        else:
            out.append(f"{_at(entry)} {'再次封账' if last == REOPEN else '封账'}")
        last = entry.op
    return sep.join(out)


def _history(entries: Sequence[Entry]) -> str:
    """需关注's account of a year's log: its closing, then its reopenings and closings (the last `TOLD` reopenings
    one by one, those before them counted)."""
    if not entries:
        return "本年度"
    first, rest = (entries[0], entries[1:]) if entries[0].op == CLOSE else (None, entries)
    head = f"本年度 {_at(first)} 封账" if first else "本年度封账"
    if not rest:
        return head
    reopened = [i for i, e in enumerate(rest) if e.op == REOPEN]
    if len(reopened) > TOLD:
        cut = reopened[-TOLD]
        return f"{head}后共重新打开 {len(reopened)} 次，最近 {TOLD} 次：{_events(rest[cut:])}"
    return f"{head}后于 {_events(rest, (CLOSE, ''))}"


def _gone(step: Step) -> str:
    """What the county says of closings and reopenings of the year it had that the township's log no longer has."""
    entries = _events(step.gone, sep="、")
    if step.went_back:
        return f"乡镇从备份恢复或重装过，县里收到过的 {entries} 乡镇已没有（其年度封账日志随数据回到了恢复或重装时）"
    return f"县里收到过的 {entries} 在乡镇的年度封账日志中已没有（其变更日志并未显示从备份恢复或重装，请向乡镇核实）"


def _named(changed: Sequence[tuple[str, str]]) -> str:
    """"会议 〔2026〕会记字第1号、〔2026〕会记字第2号，调解案件 …等": the first `NAMED`, each ledger named once."""
    parts: list[tuple[str, list[str]]] = []
    for label, number in changed[:NAMED]:
        if parts and parts[-1][0] == label:
            parts[-1][1].append(number)
        else:
            parts.append((label, [number]))
    more = "等" if len(changed) > NAMED else ""
    return "，".join(f"{label} {'、'.join(numbers)}" for label, numbers in parts) + more


def keep_log(conn: sqlite3.Connection, text: str | None) -> int | None:
    """Keep a year log a bundle carried (its `Fazhi-Year-Log`), once however many bundles carry it; the id a
    bundle's `bundles_received.year_log_id` names it by, or None when it carried none."""
    if text is None:
        return None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    conn.execute("INSERT OR IGNORE INTO received_year_logs (sha256, log) VALUES (?, ?)", [digest, text])
    return conn.execute("SELECT id FROM received_year_logs WHERE sha256 = ?", [digest]).fetchone()[0]


def _held(store: Store, township: str) -> list[tuple[_Said, tuple[str, int]]]:
    """The township's bundles held, read, in the order they were made (`db.BUNDLE_MADE`, then the sequence), with
    that order: (when each was made, its number). Each year log is read once for all the bundles that carry it
    (`keep_log`), and from the one read before it when it goes on from it (`read_kept`): 520 bundles of a ten-year log
    of 100 entries read every entry of each bundle again, 90,000 for 18 townships, each time 数据完整性 was shown."""
    rows = store.conn.execute(
        f"SELECT bundle_id, year_closings, year_reasons, year_log_id, history, created_at, {BUNDLE_MADE} AS made,"
        " sequence FROM bundles_received WHERE township = ? ORDER BY made, sequence",
        [township]).fetchall()
    logs: dict[int, tuple[tuple[Entry, ...], str]] = {}  # each log read, and its latest time
    before = None
    for log_id, text in store.conn.execute("SELECT id, log FROM received_year_logs WHERE id IN (SELECT year_log_id"
                                           " FROM bundles_received WHERE township = ?) ORDER BY id", [township]):
        entries = read_kept(text, before)
        logs[log_id] = entries, _latest(entries)
        before = (text, entries)
    return [(_Said.of(Held(bundle, closings, reasons, None, history, created), *logs.get(log_id, (None, None))),
             (made, sequence)) for bundle, closings, reasons, log_id, history, created, made, sequence in rows]


def _arrived(store: Store, bundle_ids: list[str]) -> Moves:
    rows = []
    for start in range(0, len(bundle_ids), _CHUNK):
        part = bundle_ids[start:start + _CHUNK]
        rows += store.conn.execute(
            "SELECT bundle_id, record_id, ledger, revision, outcome, held_date, held_number, date FROM received_records"
            f" WHERE bundle_id IN ({', '.join('?' * len(part))})", part).fetchall()
    return _by_ledger(rows)


def _by_ledger(rows: Iterable[Arrived]) -> Moves:
    """Ledger -> the records new or updated, of `received_records` rows, each with the years it was moved from
    (the held version's date and number, `moved_from`)."""
    out: Moves = {}
    for _bundle, record_id, ledger, _revision, outcome, held_date, held_number, _date in rows:
        if outcome in ("new", "updated"):
            moves = out.setdefault(ledger, {}).setdefault(record_id, [])
            if held_date is not None:
                moves.append((held_date, held_number))
    return out


def moved_from(ledger: LedgerDef, held: dict[str, Any], content: dict[str, Any]) -> tuple[str | None, str | None]:
    """What `received_records` keeps of the version the county held (`held`, its row) when the bundle's (`content`)
    dates the record in another year: its date and number (a meeting of 2026 corrected to 2027-01-05 is named among
    2026's changes, `_changed`); else (None, None)."""
    before, after = held[ledger.date_field], content["values"].get(ledger.date_field)
    if (before or "")[:4] == (after or "")[:4]:
        return None, None
    return before, held["number"]


def _history_ends(bundles: Sequence[_Said], year: int, confirmed: Sequence[Ahead],
                  opened: list[tuple[str, str | None]] | None) -> str | None:
    """Up to when the change log holds the year's history (`_judged`), of `bundles` (in the order they were made):
    their logs' first closing of it (`_first_closing`) when their reopenings' times can be held against the change
    log's (`opened`), else nothing. Nothing either when none carried a log (an earlier version): the day its closings
    label gives may have been told by a clock running ahead, and neither when the county received it nor what the
    bundle carried bounds it (a cut at its start hid an edit made once the clock was put right, twice over in review):
    such a township's bundles imported out of order name every record of the year, which errs the safe way."""
    if any(said.log is not None for said in bundles):
        return _first_closing([said.log for said in bundles], year, confirmed) if opened is not None else None
    return None


def _first_closing(logs: Iterable[Sequence[Entry] | None], year: int, confirmed: Sequence[Ahead]) -> str | None:
    """The year's first closing (UTC) in the township's logs the county holds, when its time can be held against the
    change log's: what the change log holds of the year from before it is the year's history, not a change to the
    closed year (`_judged`), as a bundle made after a reopening and imported before the one made before it carries
    every record of the year. None, and nothing taken as history, when no log holds a closing of the year, or when
    its time may have been logged while the clock ran ahead (`Entry.ahead`; at or before the latest time a
    confirmation accepted as recorded while it ran ahead; later than a reopening of the year): an edit made once the
    clock was put right would fall before it. None too when a reopening was logged at its very time (to the second;
    in its minute by a build that sent only the minute, migration 022, both then :00): an edit after it could not be
    told from the year's history.

    A closing logged to the minute only (its seconds :00, `_same`) was made somewhere in that minute: what the change
    log holds up to the minute's end is its history (a review at 10:00:20 before a closing at 10:00:40 logged 10:00),
    and a reopening logged in that minute, to the second or not, takes nothing for history."""
    kept = {id(log): log for log in logs if log}  # most bundles carry the log of the one before, read once (`_held`)
    entries = [entry for log in kept.values() for entry in log if entry.year == year]
    closings = [entry for entry in entries if entry.op == CLOSE]
    if not closings:
        return None
    first = min(entry.at for entry in closings)
    if not is_utc_iso(first):
        return None
    last = f"{first[:17]}59Z" if first[17:19] == "00" else first  # the latest time the closing may have been made
    if (any(entry.ahead for entry in closings if entry.at == first)
            or any(first <= through for _at, through in confirmed)
            or any(entry.op == REOPEN and entry.at <= last for entry in entries)):
        return None
    return last


def _open_times(entries: Sequence[Entry], confirmed: Sequence[Ahead] = (),
                imported: Mapping[Entry, str] | None = None) -> list[tuple[str, str | None]] | None:
    """When the year was open again: each reopening's time and that of the closing after it (None while still open),
    to the minute, of the year's entries in the log; None when they hold no reopening (told by the states alone, or
    only closings the township still has): then every record changed counts.

    None too when a reopening's time cannot be held against the change log's: logged while the clock ran ahead (more
    than a day after the bundle was made, `Entry.ahead`; or at or before the latest time a 所长's confirmation
    accepted as recorded while it ran ahead, `confirmed`), or later than the closing after it (a clock put right
    within the day's slack while the year was open, nothing asked). A reopening logged before a confirmation is held
    as it is only when the county's own clock vouches for its time (`imported`: a bundle carrying it imported at or
    after that time less the day's slack, before the confirmation, as a January reopening sent in January is when the
    所长 confirms in March): a confirmation may come long after the clock was put right, and an edit made once it was
    right would fall before the window and the year's changes be hidden; counting them all errs the safe way."""
    if not any(entry.op == REOPEN for entry in entries):
        return None
    out: list[tuple[str, str | None]] = []
    imported = imported or {}
    for entry in entries:
        if entry.op == REOPEN:
            if entry.ahead or any(entry.at <= through and not _vouched(entry, at, imported.get(entry))
                                  for at, through in confirmed):
                return None
            out.append((entry.at[:16], None))
        elif out and out[-1][1] is None:
            if entry.at[:16] < out[-1][0]:
                return None
            out[-1] = (out[-1][0], entry.at[:16])
    return out


def _vouched(entry: Entry, confirmed_at: str | None, imported_at: str | None) -> bool:
    """Whether the reopening `entry`, logged before a confirmation made at `confirmed_at`, was logged at the right
    time as the county's clock tells it: the first bundle carrying it was imported (`imported_at`) before the
    confirmation and no more than the day's slack before the time it was logged at (a time logged 20 days ahead is
    later than the import of the bundle that carried it)."""
    return (confirmed_at is not None and imported_at is not None and entry.at < confirmed_at
            and imported_at < confirmed_at and entry.at <= past_slack(imported_at))


def _imported(store: Store, township: str) -> dict[Entry, str]:
    """Each reopening the township's held bundles carried: when the first bundle carrying it was imported (the
    county's clock, `bundles_received.imported_at`). Read only when a confirmation asks (`_open_times`)."""
    out: dict[Entry, str] = {}
    before = None
    for text, imported_at in store.conn.execute(
            "SELECT l.log, min(b.imported_at) FROM received_year_logs l JOIN bundles_received b ON b.year_log_id = l.id"
            " WHERE b.township = ? GROUP BY l.id ORDER BY l.id", [township]):
        entries = read_kept(text, before)
        before = (text, entries)
        for entry in entries:
            if entry.op == REOPEN and (entry not in out or imported_at < out[entry]):
                out[entry] = imported_at
    return out


def _clock_confirmations(store: Store, township: str,
                         incoming: Held | None = None) -> tuple[list[Ahead], dict[Entry, str] | None]:
    """What `_open_times` holds a reopening's time against. First when the township's clock ran ahead, as its
    所长's confirmations said it (core/clock_behind.py), each (when confirmed right, the latest time recorded while it
    ran ahead): those its bundles held carried (`confirmed_at`, `made_after`) and the one being imported
    (`incoming`). When confirmed is None (only bundles imported before migration 024 carried it): unknown, the clock
    may have run ahead at any time before. Then, when there is any, when each reopening was imported (`_imported`)."""
    confirmed: list[Ahead] = store.conn.execute(
        "SELECT min(confirmed_at), made_after FROM bundles_received WHERE township = ? AND made_after IS NOT NULL"
        " GROUP BY made_after", [township]).fetchall()
    if incoming is not None and incoming.confirmed is not None:
        confirmed.append(incoming.confirmed)
    return confirmed, _imported(store, township) if confirmed else None


def _judged(store: Store, township: str, year: int, record_ids: list[str], bundles: Sequence[str],
            opened: list[tuple[str, str | None]] | None, since: str | None) -> tuple[set[str], dict[str, int]]:
    """Of `record_ids`, by the change-log entries `bundles` carried of each: those of which they carried only the
    year's history, none of it a change to the closed year (every entry at or before its first closing, `since`, to
    the second: an edit in the closing's minute may follow a reopening; to the end of its minute when logged to the
    minute only; or the start of its day, `_history_ends`; or a closing's lock, a status change with its reason,
    `year_close.closing_reason`, whatever its time: a closing locks each record at the clock's time then and logs
    itself after, maybe in the next minute); and those changed only while the year was closed: their other entries
    (the edits; of one with none, its status changes) none made between a reopening and the closing after it
    (`opened`, to the minute; none when it is None, the times not known), as the conclusion of a matter the closing
    left open is, each with the revision its changes begin at (`_left_open`). A record without such entries, or with
    one at a time not in UTC, is in neither."""
    bundles = set(bundles)
    lock = closing_reason(year)
    carried: set[str] = set()
    times: dict[str, dict[bool, list[str]]] = {}  # record -> edits (True) or status changes -> their times
    began: dict[str, int] = {}  # record -> the revision of its first such entry
    for start in range(0, len(record_ids), _CHUNK):
        part = record_ids[start:start + _CHUNK]
        for record_id, op, at, bundle, reason, revision in store.conn.execute(
                f"SELECT record_id, op, at, bundle_id, reason, revision FROM township_logs WHERE township = ?"
                f" AND record_id IN ({', '.join('?' * len(part))})", [township, *part]):
            if bundle not in bundles:
                continue
            carried.add(record_id)
            if (op == "status" and reason == lock) or (since and is_utc_iso(at) and at <= since):
                continue
            times.setdefault(record_id, {}).setdefault(op != "status", []).append(at)
            began[record_id] = min(revision, began.get(record_id, revision))
    closed = {record_id: began[record_id] for record_id, kinds in times.items() if opened is not None
              and not any(_while_open(at, opened) for at in kinds.get(True) or kinds[False])}
    return carried - set(times), closed


def _while_open(at: str, opened: list[tuple[str, str | None]]) -> bool:
    """Whether a change-log time falls within a reopening and the closing after it, to the minute (a time not in UTC,
    of an unknown zone: taken as within)."""
    minute = at[:16]
    return not is_utc_iso(at) or any(begin <= minute and (end is None or minute <= end) for begin, end in opened)


def _changed(store: Store, township: str, year: int, ids: Moves, bundles: Sequence[str] = (),
             opened: list[tuple[str, str | None]] | None = None, since: str | None = None) -> list[tuple[str, str]]:
    """Of the records `ids` names, those of `township` dated in `year`, or dated in it before a bundle moved them out
    of it, that `bundles` changed after the year's first closing (`since`, `_judged`) while the year was open
    (`opened`; None: all of them): ("会议",
    "〔2026〕会记字第3号"), a record moved out ("会议", "〔2027〕会记字第2号（原〔2026〕会记字第31号）"), by ledger.

    Only a matter the closing left open may change while its year is closed (its conclusion, core/year_close.py): a
    record that was none (`_left_open`: a meeting, a check that asked no rectification, a complaint the closing
    locked, one moved out of the year or deleted) changed outside every reopening proves the reopenings' times wrong
    (one logged while the clock ran ahead, the clock put right before the edit, nothing asked), and then every change
    counts, as when the times are not known: over-telling is safe, a hidden edit is not."""
    found: dict[str, list[tuple[str, str]]] = {}  # ledger -> (record id, as named) of the year
    for name, ledger in store.ledgers.items():
        records = ids.get(name, {})
        wanted = sorted(records)
        for start in range(0, len(wanted), _CHUNK):
            part = wanted[start:start + _CHUNK]
            for number, record_id, day in store.conn.execute(
                    f'SELECT number, id, "{ledger.date_field}" FROM "{name}" WHERE township = ? AND id IN'
                    f' ({", ".join("?" * len(part))})', [township, *part]):
                moves = records[record_id]
                former = next((was for held, was in moves if _in(held, year)), False)
                if former is False and _in(day, year):  # moved into the year: the number the county held it by
                    former = next((was for _held, was in reversed(moves) if was and was != number), False)
                if _in(day, year) or former is not False:
                    now = number or record_id
                    found.setdefault(name, []).append(
                        (record_id, f"{now}（原{former}）" if former and former != now else now))
    if opened is not None or since is not None:
        judged = {name: _judged(store, township, year, [record_id for record_id, _ in rows], bundles, opened, since)
                  for name, rows in found.items()}
        found = {name: [row for row in rows if row[0] not in judged[name][0]] for name, rows in found.items()}
        if all(_left_open(store, township, store.ledgers[name], record_id, year, began, since)
               for name, (_history, shut) in judged.items() for record_id, began in shut.items()):
            found = {name: [row for row in rows if row[0] not in judged[name][1]] for name, rows in found.items()}
    return [(ledger.label, shown) for name, ledger in store.ledgers.items()
            for shown in sorted(shown for _, shown in found.get(name, ()))]


def _left_open(store: Store, township: str, ledger: LedgerDef, record_id: str, year: int, began: int,
               since: str | None) -> bool:
    """Could closing `year` have left record `record_id` open, so that it may change while the year is closed (its
    changes outside every reopening beginning at revision `began`, `_judged`): true of the record as the closing left
    it, not as the change made it. One the first closing (`since`) found dated in another year (`_dated_when_closed`:
    a complaint redated out of 2026 on 4 January, before 2026's first closing on the 6th) was not the year's then,
    and its later changes are another year's unless one dated it in the year (then: no). Else, by its values as the
    county holds them (it keeps no earlier version), a matter still being handled (LedgerDef.in_progress) or
    concluded after the year, as the conclusion of such a matter must be; still dated in the year and not deleted:
    a matter left open can never be moved out of it (`check_write`) nor deleted (`year_close.closed_for`), so one
    that was (a complaint of 2026 the closing locked, redated to 2027-01-03 and concluded on the 10th; an open
    complaint deleted, whose values still read 办理中) was not left open. Nor was
    one whose changes began on a closing's lock of it (the entry before them in the township's change log, a status
    change with the closing's reason, `year_close.closing_reason`): a closing locks only what it does not leave open,
    and a locked record changes only in a reopening (a plain check locked, then given a 整改期限, reads 整改中). A
    meeting, a check that asked no rectification or was rechecked 已整改 within the year, a complaint concluded in it:
    no."""
    record = store.get(record_id, include_deleted=True)
    when_closed = _dated_when_closed(store, township, record_id, since)
    if when_closed is not None and not any(_in(day, year) for day in when_closed[0]):
        return not any(_in(day, year) for day in (*when_closed[1], record.values.get(ledger.date_field)))
    if ledger.open_until is None:
        return False
    if record.deleted or not _in(record.values.get(ledger.date_field), year):
        return False
    concluded = concluded_in(ledger, record.values, record.number)
    if not ledger.in_progress(record.values) and (concluded is None or concluded <= year):
        return False
    before = store.conn.execute(
        "SELECT op, reason FROM township_logs WHERE township = ? AND record_id = ? AND revision < ?"
        " ORDER BY revision DESC LIMIT 1", [township, record_id, began]).fetchone()
    return before is None or tuple(before) != ("status", closing_reason(year))


def _dated_when_closed(store: Store, township: str, record_id: str,
                       since: str | None) -> tuple[list[str], list[str]] | None:
    """The dates the bundles carried (`received_records.date`) of record `record_id`'s version as the first closing
    (`since`) left it (its latest entry at or before then in the township's change log), and of its later versions;
    None when no bundle carried that version's date (received before migration 026, or not carried: the county keeps
    no earlier version), or the closing's time or one of the record's is not known."""
    if since is None:
        return None
    logged = store.conn.execute("SELECT revision, at FROM township_logs WHERE township = ? AND record_id = ?",
                                [township, record_id]).fetchall()
    if not all(is_utc_iso(at) for _, at in logged):  # a time of an unknown zone: before the closing or after
        return None
    at_closing = max((revision for revision, at in logged if at <= since), default=None)
    if at_closing is None:
        return None
    rows = store.conn.execute("SELECT revision, date FROM received_records WHERE record_id = ? AND revision >= ?"
                              " AND date IS NOT NULL", [record_id, at_closing]).fetchall()
    then = [day for revision, day in rows if revision == at_closing]
    return (then, [day for revision, day in rows if revision > at_closing]) if then else None


def _in(day: str | None, year: int) -> bool:
    return bool(day) and day[:4] == f"{year:04d}"
