"""At the county: a township's closed year reopened between its bundles, and the records of that year they changed.

A bundle's bag-info says only each year's latest state (core/year_close.py, `bag_value`): 2026 closed on 2027-01-12,
reopened on 2027-03-02, one meeting changed and the year closed again the same day arrives as
`2026=close@2027-03-02`, and the import said only 更新 1 条 while the county's closed-year figures changed. What the
county held before tells it: the township's bundles in the order they were made, each with the years as it said them
(`bundles_received.year_closings`). A year the county held closed that a later bundle says is open again, or closed on
another day, was reopened in between; the records dated in it that such a bundle brought (new or updated) are what
changed. The import report says so of the bundle (`import_notes`), and 数据完整性's 需关注 of the year
(`year_story`), for good: the figures of a closed year changed after the county first had them.

Why the year was reopened travels only while it is open (`Fazhi-Year-Reopen-Reasons`): reopened and closed again
between two bundles, the 所长's reason stays at the township, and the county has each record's own reason for
reopening it, in that record's history (the change log carries it). No bag-info label was added for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fazhi_desktop.core.store import Store
from fazhi_desktop.core.year_close import CLOSE, REOPEN, parse_bag_value, parse_reasons

State = tuple[str, str]  # (CLOSE or REOPEN, the local day), as year_close.parse_bag_value reads it
NAMED = 5  # records a note names; the rest are counted
_CHUNK = 500  # ids a query takes at once (older SQLite builds allow 999 variables)


@dataclass(frozen=True)
class Step:
    """What one bundle said of a year, against what the county held before it."""

    bundle_id: str
    before: State | None
    now: State
    reason: str | None  # why it was reopened, when the bundle says it is open (as the bundle said)

    @property
    def moved(self) -> bool:
        """Whether the year was open again at the township since the county last heard of it: the bundle says it
        is reopened, or it was reopened when the county last heard, or it is closed on another day than then."""
        if self.now[0] == REOPEN:
            return True
        return self.before is not None and (self.before[0] == REOPEN or self.before != self.now)


def steps(bundles: Iterable[tuple[str, str | None, str | None]], year: int) -> list[Step]:
    """What `bundles` (bundle id, year closings, reopen reasons; in the order they were made) said of `year`, each
    against the one before that said anything of it."""
    out: list[Step] = []
    before: State | None = None
    for bundle_id, closings, reasons in bundles:
        states = parse_bag_value(closings)
        now = states.get(year)
        if now is None:  # a bundle of an earlier version, or of a township that re-installed: no word of the year
            continue
        out.append(Step(bundle_id, before, now, parse_reasons(reasons, states).get(year)))
        before = now
    return out


@dataclass(frozen=True)
class YearStory:
    """A township's closed year as its bundles told the county: first closed, reopened since, and the records of
    the year the bundles brought while it was (`changed`: ("会议", "〔2026〕会记字第3号"))."""

    year: int
    first_closed: str | None
    now: State
    reason: str | None
    changed: tuple[tuple[str, str], ...]

    def problem(self) -> str:
        """What 需关注 says of the year."""
        why = f"（原因：{self.reason}）" if self.reason else ""
        if self.now[0] == REOPEN:
            return f"本年度封账后于 {self.now[1]} 重新打开{why}，记录可能已变动"
        closed = f" {self.first_closed} " if self.first_closed else ""
        return (f"本年度{closed}封账后曾重新打开{why}，{self.now[1]} 再次封账；"
                + (f"其间该年记录变动 {len(self.changed)} 条：{_named(self.changed)}" if self.changed
                   else "其间该年记录未变动"))


def year_story(store: Store, township: str, year: int) -> YearStory | None:
    """The story of `year` at `township` when a bundle said it was reopened after it was closed (or that it is
    open again); None when it never was, as far as the county knows."""
    told = steps(_bundles(store, township), year)
    moved = [step for step in told if step.moved]
    if not moved:
        return None
    closed = next((step.now[1] for step in told if step.now[0] == CLOSE), None)
    reason = next((step.reason for step in reversed(told) if step.reason), None)
    changed = _changed(store, township, year, _arrived(store, [step.bundle_id for step in moved]))
    return YearStory(year, closed, told[-1].now, reason, tuple(changed))


def import_notes(store: Store, township: str, bundle_id: str, made: str | None, closings: str | None,
                 reasons: str | None, arrived: Iterable[tuple[str, str, str, int, str]]) -> list[str]:
    """The import report's notes on a bundle (its id, when it was made, its year closings and reopen reasons, the
    `received_records` rows it brought) that says a year the county held closed was reopened since, or closed
    again: when, why if it says, and which records of the year it changed. Called before the bundle is recorded."""
    held = [(b, c, r) for b, c, r, when in _rows(store, township) if when <= (made or "9999")]
    brought = _by_ledger(arrived)
    notes = []
    for year in sorted(parse_bag_value(closings)):
        step = steps([*held, (bundle_id, closings, reasons)], year)[-1]
        if not step.moved:
            continue
        changed = _changed(store, township, year, brought)
        if step.before == step.now and not changed:
            continue  # open all along, and nothing of it changed
        notes.append(_note(year, step, changed))
    return notes


def _note(year: int, step: Step, changed: list[tuple[str, str]]) -> str:
    before, (op, day) = step.before, step.now
    known = f"（县里已知 {before[1]} 封账）" if before and before[0] == CLOSE else ""
    if op == REOPEN:
        why = f"（原因：{step.reason}）" if step.reason else ""
        said = f"{year}年仍为重新打开（{day}）" if before == step.now else f"{year}年{known}已于 {day} 重新打开{why}"
    elif before and before[0] == REOPEN:
        said = f"{year}年（{before[1]} 重新打开）已于 {day} 再次封账"
    else:
        said = (f"{year}年{known}此后曾重新打开，已于 {day} 再次封账（重新打开的原因未随数据包报来，各条记录重新打开的"
                "原因见其修改历史）")
    if not changed:
        return f"{said}；本数据包没有改动该年的记录"
    return f"{said}；本数据包改动了该年 {len(changed)} 条记录：{_named(changed)}，该年已评定的指标可能随之改变"


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


def _rows(store: Store, township: str) -> list[tuple[str, str | None, str | None, str]]:
    """The township's bundles held, in the order they were made: id, year closings, reopen reasons, when made."""
    return store.conn.execute(
        "SELECT bundle_id, year_closings, year_reasons, coalesce(created_at, imported_at) AS made FROM bundles_received"
        " WHERE township = ? ORDER BY made, sequence", [township]).fetchall()


def _bundles(store: Store, township: str) -> list[tuple[str, str | None, str | None]]:
    return [(b, c, r) for b, c, r, _ in _rows(store, township)]


def _arrived(store: Store, bundle_ids: list[str]) -> dict[str, list[str]]:
    rows = []
    for start in range(0, len(bundle_ids), _CHUNK):
        part = bundle_ids[start:start + _CHUNK]
        rows += store.conn.execute(
            f"SELECT bundle_id, record_id, ledger, revision, outcome FROM received_records WHERE bundle_id IN"
            f" ({', '.join('?' * len(part))})", part).fetchall()
    return _by_ledger(rows)


def _by_ledger(rows: Iterable[tuple[str, str, str, int, str]]) -> dict[str, list[str]]:
    """Ledger -> the ids of the records new or updated, of `received_records` rows."""
    out: dict[str, list[str]] = {}
    for _bundle, record_id, ledger, _revision, outcome in rows:
        if outcome in ("new", "updated"):
            out.setdefault(ledger, []).append(record_id)
    return out


def _changed(store: Store, township: str, year: int, ids: dict[str, list[str]]) -> list[tuple[str, str]]:
    """Of the records `ids` names, those of `township` dated in `year`: ("会议", "〔2026〕会记字第3号"), by ledger."""
    out = []
    for name, ledger in store.ledgers.items():
        wanted = sorted(set(ids.get(name, ())))
        numbers: list[str] = []
        for start in range(0, len(wanted), _CHUNK):
            part = wanted[start:start + _CHUNK]
            numbers += [number or record_id for number, record_id in store.conn.execute(
                f'SELECT number, id FROM "{name}" WHERE township = ? AND "{ledger.date_field}" >= ? AND '
                f'"{ledger.date_field}" < ? AND id IN ({", ".join("?" * len(part))})',
                [township, f"{year:04d}-01-01", f"{year + 1:04d}-01-01", *part])]
        out += [(ledger.label, number) for number in sorted(numbers)]
    return out
