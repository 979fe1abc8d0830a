"""`Fazhi-Year-Log`: the township's year log (年度封账日志, core/year_close.py) as a bundle carries it to the county.

`Fazhi-Year-Closings` says only each year's latest state: a year reopened, changed and closed again between two
bundles arrived without the 所长's reason, and one closed again on the same day as the closing the county held
arrived exactly as before (`2026=close@2027-01-12` both times). The log itself tells every closing and reopening, in
order: its place in the log (`n`: 1, 2, 3…), the year, the operation, its time in UTC as the township stored it
(`clock.utc_iso`: "2027-01-12T02:00:00Z") and a reopening's reason as the reasons label sends it (one line, at most
`REASON_SENT` characters). UTC, not the township PC's local time: a database moved to a PC set to another zone sent
the same entries at other times, which the county read as entries lost and replaced. The county judges a closing,
and the day the closings label gives it, in Beijing time (`clock.office_date`), and shows each time in Beijing time
too, as the township does (`clock.office_time`): in its own PC's zone, on a county PC set to UTC, a closing at 00:30
on 1 January read 2026-12-31 16:30, before the year ended. Not who did it: only the 所长 or the 管理员 can close or
reopen a year, each record's own reopening names its person in the change log, and the county needs no more names
than that.
The county compares the log it held with the new one entry by entry (core/reopened_years.py), so a reopening on the
day the year was closed is seen like any other.

Written once a year was closed (a bundle of an office that never closed one is as before), as compact JSON on one
line, the latest `MAX_ENTRIES` entries (their `n` say where they are in the log). The county checks it as strictly
as the other labels (`parse_log`): a log the program cannot have written, or one that disagrees with the bundle's
`Fazhi-Year-Closings` and `Fazhi-Year-Reopen-Reasons` (written from the same table), is refused with the bundle.
The two older labels stay: a county of an earlier version reads them and reads past this one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fazhi_desktop.core import dates
from fazhi_desktop.core.clock import OFFICE_MARK, is_utc_iso, office_date, office_time
from fazhi_desktop.core.migrations import log_in_utc
from fazhi_desktop.core.year_close import CLOSE, REOPEN, reason_as_sent, sent_reason

if TYPE_CHECKING:
    import sqlite3

LABEL = "Fazhi-Year-Log"
#: entries a bundle carries at most, the latest: ten years of a closing and a few reopenings each
MAX_ENTRIES = 100
#: the label's length at most: `MAX_ENTRIES` entries of a 200-character reason all quotes (each sent as \\") fit
MAX_CHARS = 60_000


@dataclass(frozen=True)
class Entry:
    """One closing or reopening of a year, as the bundle said it."""

    n: int  # its place in the township's year log
    year: int
    op: str  # CLOSE or REOPEN
    at: str  # UTC, as stored (`utc_iso`): "2027-03-02T02:15:00Z"
    reason: str | None = None  # a reopening's, as sent; None for a closing (or a reason with nothing printable)
    #: logged more than a day after the bundle that carries it was made: while the township's clock ran ahead (the
    #: county's reading, core/reopened_years.py; not sent, and not what tells two logs' entries apart)
    ahead: bool = field(default=False, compare=False)

    @property
    def day(self) -> str:
        """Its day in Beijing time, as `Fazhi-Year-Closings` gives it."""
        return office_date(self.at).isoformat()

    @property
    def shown(self) -> str:
        """Its time as a person reads it: Beijing time, to the minute ("2027-03-02 10:15"), whatever this PC's zone;
        unmarked, for the note that shows it says 北京时间 once (core/reopened_years.py)."""
        return office_time(self.at).removesuffix(OFFICE_MARK)

    def state(self) -> tuple[str, str]:
        """What `Fazhi-Year-Closings` says of the year when this is its last entry."""
        return self.op, self.day


def log_value(conn: sqlite3.Connection) -> str | None:
    """The label's value for the township's year log (the latest `MAX_ENTRIES` entries), or None when no year was
    ever closed (the label is then left out)."""
    rows = conn.execute("SELECT year, op, at, reason FROM year_log ORDER BY id").fetchall()
    entries = [Entry(n, year, op, at, (sent_reason(reason) or None) if op == REOPEN else None)
               for n, (year, op, at, reason) in enumerate(rows, 1)]
    return _text(entries[-MAX_ENTRIES:]) if entries else None


def in_utc(text: str | None) -> str | None:
    """The label as this build sends it, for `parse_log` and for the county to keep. The builds of migrations
    018-021 (the seventeenth session's) sent each time as the township PC's local time to the minute ("2027-01-12
    10:00"): their log is read as Beijing time and put in UTC by the function migration 022 converted the logs the
    county held with (`migrations.log_in_utc`), so that its entries are the ones a migrated county holds, seconds :00
    (core/reopened_years.py reads such a time as told to the minute only). Only a log those builds can have written
    (every time so, and nothing else but the times differing from what this build writes); any other text is
    returned unchanged, for `parse_log` to judge."""
    if text is None or len(text) > MAX_CHARS:
        return text
    try:
        converted = log_in_utc(text)
    except (RecursionError, OverflowError):  # nested too deep; a time at the very start of the calendar
        return text
    if converted is None:
        return text
    back = [{**item, "at": office_time(item["at"], marked=False)} for item in json.loads(converted)]
    return converted if json.dumps(back, ensure_ascii=False, separators=(",", ":")) == text else text


def parse_log(text: str | None, closings: dict[int, tuple[str, str]], reasons: dict[int, str]) -> list[Entry]:
    """`log_value` read back, against the same bundle's `year_close.parse_bag_value` and `parse_reasons`; [] when the
    label is absent. ValueError (a Chinese reason) when it is not what `log_value` writes: entries numbered one after
    the other (from 1 unless there are `MAX_ENTRIES`), each year closed first and then reopened and closed in turn, a
    closing after its year ended, a reason only for a reopening and as a bundle sends it; or when a year's last entry
    is not what `Fazhi-Year-Closings` and `Fazhi-Year-Reopen-Reasons` say of it."""
    if text is None:
        return []
    if len(text) > MAX_CHARS:
        raise ValueError(f"超过 {MAX_CHARS} 个字符")
    try:
        items = json.loads(text)
    except (ValueError, RecursionError):
        raise ValueError("不是程序写出的格式") from None
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_ENTRIES:
        raise ValueError(f"应为 1–{MAX_ENTRIES} 条记载的列表")
    entries = [_entry(item, place) for place, item in enumerate(items, 1)]
    if _text(entries) != text:
        raise ValueError("不是程序写出的格式")
    _check_order(entries)
    _check_agrees(entries, closings, reasons)
    return entries


def read_kept(text: str, before: tuple[str, tuple[Entry, ...]] | None = None) -> tuple[Entry, ...]:
    """A log `parse_log` took in with its bundle, as the county keeps it (core/reopened_years.py), read back without
    checking it again. `before`: a log read before (its text and entries) that this one may go on from, as a
    township's log mostly goes on from the one its bundle before carried: then only the entries after it are read
    (the county reads every log it holds of a township, 100 of them for ten years of closings and reopenings)."""
    if before is not None and before[1]:
        head = before[0][:-1]  # without its "]"
        if text.startswith(head) and text[len(head):len(head) + 1] == ",":
            return before[1] + _items("[" + text[len(head) + 1:])
    return _items(text)


def _items(text: str) -> tuple[Entry, ...]:
    return tuple(Entry(i["n"], i["year"], i["op"], i["at"], i.get("reason")) for i in json.loads(text))


def _entry(item: Any, place: int) -> Entry:
    if not isinstance(item, dict):
        raise ValueError(f"第 {place} 项不是程序写出的格式")
    n, year, op, at, reason = (item.get(key) for key in ("n", "year", "op", "at", "reason"))
    if not all(type(v) is int for v in (n, year)) or op not in (CLOSE, REOPEN) or not isinstance(at, str) \
            or not isinstance(reason, str | None):
        raise ValueError(f"第 {place} 项不是程序写出的格式")
    if (problem := dates.year_problem(year)) is not None:
        raise ValueError(problem)
    when = office_date(at) if is_utc_iso(at) else None
    if when is None or dates.year_problem(when.year) is not None:
        shown = at if len(at) <= 20 else at[:20] + "…"
        raise ValueError(f"第 {n} 条的时间“{shown}”不存在或不是 UTC 时间（如 2027-01-12T02:00:00Z）")
    if op == CLOSE and when.year <= year:  # over in Beijing, whatever zone the township's PC is set to
        raise ValueError(f"第 {n} 条：{year}年的封账时间 {office_time(at)}不在该年结束之后")
    if reason is not None and (op == CLOSE or not reason_as_sent(reason)):
        raise ValueError(f"第 {n} 条的原因{'只属于重新打开' if op == CLOSE else '为空、过长或不是一行文字'}")
    return Entry(n, year, op, at, reason)


def _check_order(entries: list[Entry]) -> None:
    """Numbered one after the other, and each year's entries in the order the program allows them."""
    first = entries[0].n
    if first < 1 or (first > 1 and len(entries) < MAX_ENTRIES):
        raise ValueError(f"应从第 1 条起（只有 {MAX_ENTRIES} 条时才只带最近的）")
    last: dict[int, str] = {}
    for place, entry in enumerate(entries):
        if entry.n != first + place:
            raise ValueError(f"第 {first + place} 条的序号是 {entry.n}")
        before = last.get(entry.year, REOPEN if first == 1 else None)  # a year's first entry is its closing
        if entry.op == before:
            said = "尚未重新打开就再次封账" if entry.op == CLOSE else "没有封账就重新打开"
            raise ValueError(f"第 {entry.n} 条：{entry.year}年{said}")
        last[entry.year] = entry.op


def _check_agrees(entries: list[Entry], closings: dict[int, tuple[str, str]], reasons: dict[int, str]) -> None:
    """Each year's last entry is what the closings and reasons labels say of it; every year they name is in the log
    (unless it holds only the latest entries)."""
    last = {entry.year: entry for entry in entries}
    for year, entry in last.items():
        if closings.get(year) != entry.state():
            raise ValueError(f"{year}年的最后一条与年度封账情况（Fazhi-Year-Closings）不符")
        if reasons.get(year) != (entry.reason if entry.op == REOPEN else None):
            raise ValueError(f"{year}年最后一次重新打开的原因与 Fazhi-Year-Reopen-Reasons 不符")
    missing = sorted(set(closings) - set(last)) if entries[0].n == 1 else []
    if missing:
        raise ValueError(f"年度封账情况（Fazhi-Year-Closings）中的{missing[0]}年不在日志中")


def _text(entries: list[Entry]) -> str:
    items = [{"n": e.n, "year": e.year, "op": e.op, "at": e.at, **({"reason": e.reason} if e.reason else {})}
             for e in entries]
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))
