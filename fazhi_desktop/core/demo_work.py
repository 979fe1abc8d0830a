"""The demonstration database's records entered and reviewed as a year's work in an office went (`fill_demo`'s
`worked`): what a township and a 所长 training an inspector see first must look like an office's ledger, not 150
草稿 typed today by nobody.

Each record is saved by the clerk (马丽, 录入员) with the store's clock set a few working days after the last thing
it records happened (a meeting's day; a complaint's 办结; a mediation's 回访), during office hours, never later than
now. Then, by its date's age: over about 30 days, the clerk submits it and the 所长 (杨芳) reviews it, and over about
90 days she locks it, a matter still being handled (an open complaint, a rectification not yet rechecked) staying
已提交 until it is concluded; of the last month's, some are submitted and the newest still drafts. One reviewed
meeting is reopened and sent back to the clerk with a reason (退回). A few meetings and law-study sessions carry a
签到表扫描件 (core/demo_scan.py) added through core/attachments.py. Every write, saves and review steps, goes through
the one write path in the order of its time, so the change log runs forward as an office's does (core/
clock_went_back.py reads it). The same seed and today give the same times and statuses.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from fazhi_desktop.core import review
from fazhi_desktop.core.atomic import write_bytes_atomic
from fazhi_desktop.core.attachments import add_attachment
from fazhi_desktop.core.clock import OFFICE_ZONE
from fazhi_desktop.core.demo_scan import sign_in_sheet
from fazhi_desktop.core.sent_back import CLERK
from fazhi_desktop.core.store import Record, Store

#: dates that lie ahead of what happened (deadlines, expiry): not what a record waits for before it is entered
AHEAD = frozenset({"due_on", "rectify_by", "performance_deadline", "valid_until"})
#: records of each of these ledgers that carry a 签到表扫描件
SCANNED = {"meeting": 3, "law_study": 3}
SENT_BACK = "参会人员与签到表不一致：请对照签到表核对参会和缺席人员，补全缺席原因后重新提交。"


@dataclass(order=True)
class _Event:
    at: datetime
    order: tuple[int, int, int]  # ledger, record, step: saves before the steps of the same moment
    ledger: str = field(compare=False)
    token: str = field(compare=False)  # the drafted record's id (demo._Drafted)
    step: str = field(compare=False)  # "save" or a review step
    actor: str = field(compare=False)


@contextmanager
def clock_at(store: Store, moment: datetime) -> Iterator[None]:
    """The store's clock stopped at `moment` meanwhile."""
    kept, store.clock = store.clock, (lambda: moment)
    try:
        yield
    finally:
        store.clock = kept


def demo_year(today: date) -> int:
    """The year the desktop's demo shows: this one; in January the year just ended, which an office is still
    reviewing and closing then (本年度指标 opens on it: indicators.engine.default_year), since this year's few days
    would hold the whole demo (built on 3 January: 30 meetings, 25 of them on 元旦, every record a 草稿)."""
    return today.year - 1 if today.month == 1 else today.year


def year_start(year: int, now: datetime) -> datetime:
    """When the roster is entered: the year's first working morning after 元旦, or now if that has not come."""
    day = date(year, 1, 2)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return min(datetime.combine(day, time(8, 40), OFFICE_ZONE), now)


def enter(store: Store, drafted: dict[str, list[Any]], seed: int | None, clerk: str, head: str,
          saved: Callable[[str, Record], None]) -> None:
    """Save the drafted records (ledger -> records of demo._Drafted, their links to others as tokens) and take their
    review steps, each at its time. `saved(ledger, record)` is told each save."""
    r = random.Random(f"demo-work-{seed}") if seed is not None else random.Random()
    now = store.clock()
    today = _day(now)
    ledgers = list(drafted)
    entered: dict[str, datetime] = {}
    events: list[_Event] = []
    reviewed: list[tuple[date, _Event]] = []
    for li, ledger in enumerate(ledgers):
        date_field, previous = store.ledger(ledger).date_field, []
        for ri, item in enumerate(drafted[ledger]):
            day = date.fromisoformat(item[date_field])
            moment = _office_time(max(day, _last_happened(item)) + timedelta(days=r.randint(1, 4)), r)
            # after the record before it (numbers follow the dates) and any record it links to
            before = previous + [entered[v] for v in item.values() if isinstance(v, str) and v in entered]
            moment = min(max([moment, *(t + timedelta(minutes=3) for t in before)]), now)
            entered[item.id], previous = moment, [moment]
            events.append(_Event(moment, (li, ri, 0), ledger, item.id, "save", clerk))
            taken = ""
            for si, (name, actor) in enumerate(_steps(store.ledger(ledger).in_progress(item), (today - day).days,
                                                      clerk, head, r), 1):
                moment = max(moment, _office_time(day + timedelta(days=r.randint(92, 105)), r)) if name == "lock" \
                    else _office_time(_day(moment) + timedelta(days=r.randint(1, 6)), r)
                if _day(moment) >= today:  # steps of days gone by only: the same all day long
                    break
                events.append(_Event(moment, (li, ri, si), ledger, item.id, name, actor))
                taken = name
            if taken == "review":
                reviewed.append((day, events[-1]))
    events += _sent_back(reviewed, today, head, r)
    scans = {item.id for ledger, n in SCANNED.items() for item in _scanned(drafted.get(ledger, []), n, r)}
    scans = scans if store.path is not None else set()  # (a database in memory keeps no files)
    by_token = {item.id: item for items in drafted.values() for item in items}
    ids: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="fazhi-demo-") as folder:
        for event in sorted(events):
            with clock_at(store, event.at):
                if event.step == "save":
                    item = by_token[event.token]
                    scan = [_scan(store, Path(folder), event.ledger, item)] if event.token in scans else []
                    saved(event.ledger, save_drafted(store, event.ledger, item, event.actor, ids, scan))
                else:
                    reason = SENT_BACK if event.step == "reopen" else None
                    review.apply(store, ids[event.token], event.step, event.actor, reason=reason,
                                 corrector=CLERK if event.step == "reopen" else None)


def save_drafted(store: Store, ledger: str, item: Any, actor: str, ids: dict[str, str],
                 attachments: list[dict[str, Any]] | None = None) -> Record:
    """Save a drafted record (demo._Drafted), its links to records drafted before it made their ids (`ids`: token ->
    record id, to which its own is added)."""
    values = {key: ids.get(value, value) if isinstance(value, str) else value for key, value in item.items()}
    if attachments:
        values["attachments"] = attachments
    record = store.save(ledger, values, actor)
    ids[item.id] = record.id
    return record


def _steps(in_progress: bool, age: int, clerk: str, head: str, r: random.Random) -> list[tuple[str, str]]:
    """The review steps a record dated `age` days ago has had: (step, who)."""
    review_after, lock_after, submit_after = 30 + r.randint(-3, 3), 90 + r.randint(-5, 5), 8 + r.randint(-4, 6)
    if age < submit_after:
        return []
    if in_progress or age < review_after:
        return [("submit", clerk)]
    return [("submit", clerk), ("review", head)] + ([("lock", head)] if age >= lock_after else [])


def _sent_back(reviewed: list[tuple[date, _Event]], today: date, head: str,
               r: random.Random) -> list[_Event]:
    """One reviewed, not locked record (a meeting when one is) reopened and sent back to the clerk a few days
    after its review: the newest of those dated at least 30 days ago."""
    ripe = sorted((e.ledger != "meeting", -e.at.timestamp(), e.order, e) for day, e in reviewed
                  if (today - day).days >= 30)
    for *_, event in ripe:
        at = _office_time(_day(event.at) + timedelta(days=r.randint(1, 4)), r)
        if _day(at) < today:
            return [_Event(at, (*event.order[:2], 9), event.ledger, event.token, "reopen", head)]
    return []


def _scanned(items: list[Any], n: int, r: random.Random) -> list[Any]:
    """`n` of a ledger's records, spread over the year."""
    return [items[i] for i in sorted(r.sample(range(len(items)), min(n, len(items))))]


def _scan(store: Store, folder: Path, ledger: str, item: dict[str, Any]) -> dict[str, Any]:
    """A 签到表扫描件 of the record's people, added to the database's attachments."""
    day = date.fromisoformat(item[store.ledger(ledger).date_field])
    people = item.get("attendees") or item.get("participants") or []
    path = folder / f"签到表扫描件（{day.month}月{day.day}日）.png"
    write_bytes_atomic(path, sign_in_sheet(len(people) + len(item.get("observers") or []), f"{item.id}-{day}"),
                       "写演示签到表扫描件", output=False)
    return add_attachment(store, path)


def _last_happened(values: Any) -> date:
    """The latest day a record's values say something happened (dates ahead, deadlines and expiry, aside)."""
    found = [date.min]
    if isinstance(values, dict):
        for key, value in values.items():
            if key in AHEAD:
                continue
            if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[:4].isdigit():
                with suppress(ValueError):
                    found.append(date.fromisoformat(value))
            elif isinstance(value, list | dict):
                found.append(_last_happened(value))
    elif isinstance(values, list):
        found += [_last_happened(value) for value in values]
    return max(found)


def _day(moment: datetime) -> date:
    return moment.astimezone(OFFICE_ZONE).date()


def _office_time(day: date, r: random.Random) -> datetime:
    """A moment of office hours on `day`, or on the Monday after when it falls on a weekend."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    minutes = r.randint(8 * 60 + 40, 17 * 60 + 50)
    return datetime.combine(day, time(minutes // 60, minutes % 60), OFFICE_ZONE)
