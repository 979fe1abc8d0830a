"""年度封账: a township closes a year of its ledgers once it is reviewed, so that the figures the county scored in
January cannot change under it.

Once a year is closed, no record dated in it can be added, changed, deleted, have its status changed (重新打开
included), or have its date moved into or out of it: `Store` refuses it on the one write path (`refusal`). The
所长 (or 管理员) reopens the year with a reason; both events go to the year log, hash-chained like the reveal log
(core/reveal_chain.py), so `fazhi check` sees an entry removed behind the program's back, and the years closed and
reopened travel to the county in the bundle's bag-info (`bag_value`, and why a year is open again:
`reasons_value`), which shows them in 数据完整性.

What closing does with records still open: a 草稿 stops it. A draft is work the clerk has not finished and the
所长 has not seen; freezing it would put a half-entered record into the county's figures, so the clerk finishes
and submits it, or deletes it, first. Records 已提交 or 所长已审核 are locked by the closing itself, after the
所长 has been shown them: that is what 批量锁定 would do ledger by ledger, and a 所长 closing the year means it.
A year not yet over cannot be closed (its records are still being entered), so a new record's date, today by
default, never lands in a closed year.

Restoring a backup puts back the office's own earlier state, its year log included: it is not a write path.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from fazhi_desktop.core import dates, reveal_chain
from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.clock import local_time, local_today, utc_iso
from fazhi_desktop.core.errors import Conflict, FieldProblem, ValidationError
from fazhi_desktop.core.permissions import require, why_not

if TYPE_CHECKING:
    import sqlite3

    from fazhi_desktop.core.forms import LedgerDef
    from fazhi_desktop.core.store import Record, Store

CHAIN = reveal_chain.Chain("year_log", "year_log_head",
                           ("id", "year", "op", "at", "actor", "reason", "locked", "prev_hash"), "年度封账日志")
CLOSE, REOPEN = "close", "reopen"
WHERE = "编辑 → 年度封账…"
COUNTY = "县级数据库不登记台账，年度封账由各乡镇进行"
#: bag-info label: "2025=close@2026-01-12 2026=reopen@2027-03-02", each year's last event and its local day
BAG_LABEL = "Fazhi-Year-Closings"
#: ASCII digits only: `\d` takes any script's digits ("２０２６"), which int() reads and the county would show as sent
_BAG_ITEM = re.compile(r"([0-9]{4})=(close|reopen)@([0-9]{4}-[0-9]{2}-[0-9]{2})", re.ASCII)
#: bag-info label: why each year open again was reopened, as JSON on one line ({"2026":"补录12月30日的党委会"});
#: a label of its own, since a county of an earlier version refuses a `BAG_LABEL` it cannot read
REASONS_LABEL = "Fazhi-Year-Reopen-Reasons"
REASON_SENT = 200  # characters of a reason a bundle carries (the year log keeps it whole)


@dataclass(frozen=True)
class YearState:
    """A year's last event in the year log."""

    year: int
    closed: bool
    at: str  # UTC ISO-8601
    actor: str
    reason: str | None


def refusal(year: int) -> str:
    """Why a record of `year` cannot be written: the year and who can reopen it."""
    return (f"{year}年已封账，该年的记录不能新增、修改、删除或更改状态；"
            f"须由所长或管理员先重新打开{year}年（{WHERE}）")


def is_closed(conn: sqlite3.Connection, year: int | None) -> bool:
    """Is `year` closed now (its last event a closing)? Asked on every write: one indexed row."""
    if year is None:
        return False
    row = conn.execute("SELECT op FROM year_log WHERE year = ? ORDER BY id DESC LIMIT 1", [year]).fetchone()
    return row is not None and row[0] == CLOSE


def record_year(ledger: LedgerDef, day: Any, number: str | None) -> int | None:
    """The year a record belongs to: its date's (as the indicators count it), else its number's."""
    if isinstance(day, str) and len(day) >= 4 and day[:4].isdigit():
        return int(day[:4])
    held = ledger.numbering.series(number) if number else None
    return held.get("year") if held else None


def closed_for(store: Store, ledger: LedgerDef, day: Any, number: str | None, status: str,
               deleting: bool = False) -> int | None:
    """The closed year that keeps a stored record (its date, number and status) from being changed, having its
    status changed or, with `deleting`, being deleted; None when nothing does. A record the closing left open
    (`in_progress` then: not locked) may still be changed, reviewed and locked, never deleted."""
    year = record_year(ledger, day, number)
    return year if is_closed(store.conn, year) and (deleting or status == "locked") else None


def banner(year: int) -> str:
    """What a window says of a record `closed_for` keeps as it is (the write path's message is `refusal`)."""
    return f"{year}年已封账，须由所长或管理员先重新打开{year}年（{WHERE}）"


def check_row(store: Store, ledger: LedgerDef, row: dict[str, Any], deleting: bool = False) -> None:
    """Raise Conflict when the stored record `row` may not be written for its closed year (`closed_for`)."""
    year = closed_for(store, ledger, row.get(ledger.date_field), row.get("number"), row.get("status") or "",
                      deleting)
    if year is not None:
        raise Conflict(f"记录 {row.get('number') or row.get('id')}：{refusal(year)}")


def in_progress(ledger: LedgerDef, values: dict[str, Any]) -> bool:
    """Is the record a matter still being handled (a complaint or a case without its 办结日期, the form's
    `open_until`)? Closing its year neither waits for it nor locks it: a complaint accepted on 20 December is
    concluded in January, and its conclusion must be entered (it counts in the year it is concluded)."""
    return ledger.open_until is not None and not values.get(ledger.open_until)


def check_date(store: Store, ledger: LedgerDef, values: dict[str, Any], old_year: int | None) -> None:
    """Raise ValidationError at the date field when a new record, or a record moved from `old_year`, is dated in a
    closed year, or when a record is moved out of a closed `old_year`: a matter still being handled, which the
    closing left open (`in_progress`), is in that year's figures, and moved to January it could then be deleted."""
    year = record_year(ledger, values.get(ledger.date_field), None)
    if year == old_year:
        return
    closed = next((y for y in (year, old_year) if y is not None and is_closed(store.conn, y)), None)
    if closed is not None:
        f = ledger.field(ledger.date_field)
        raise ValidationError([FieldProblem(f.name, f.label, refusal(closed))])


def states(conn: sqlite3.Connection) -> dict[int, YearState]:
    """Every year the log names, by its last event."""
    out: dict[int, YearState] = {}
    for year, op, at, actor, reason in conn.execute("SELECT year, op, at, actor, reason FROM year_log ORDER BY id"):
        out[year] = YearState(year, op == CLOSE, at, actor, reason)
    return dict(sorted(out.items()))


def log(store: Store) -> list[dict[str, Any]]:
    """The year log, newest first (year, op, at, actor, reason, locked)."""
    return store.query("SELECT year, op, at, actor, reason, locked FROM year_log ORDER BY id DESC")


def open_records(store: Store, year: int) -> list[Record]:
    """This office's live records dated in `year` that are not locked, ledger by ledger in number order."""
    from fazhi_desktop.core.review import own_records  # review imports this module

    return [r for ledger in store.ledgers for r in own_records(store, ledger, ("draft", "submitted", "reviewed"), year)]


def close_blocked(store: Store, year: int, locking: list[Record] | None = None) -> str | None:
    """Why the logged-in user cannot close `year` now (a Chinese sentence), or None. Drafts are the caller's to
    list (`blocking_drafts`): the message only counts them. `locking`: `to_lock`'s answer, when the caller has it."""
    if store.is_county:
        return COUNTY
    if store.user is not None and (reason := why_not(store.user, "year.close")):
        return reason
    today = local_today(store.clock)
    if year >= today.year:
        return f"{year}年尚未结束（今天是{today.isoformat()}），年度结束后才能封账"
    if is_closed(store.conn, year):
        return f"{year}年已封账"
    drafts = blocking_drafts(to_lock(store, year) if locking is None else locking)
    if drafts:
        return f"{year}年还有 {len(drafts)} 条草稿记录：请录入员填完并提交审核（或删除）后再封账"
    return None


def to_lock(store: Store, year: int, records: list[Record] | None = None) -> list[Record]:
    """The records closing `year` locks: those not locked yet (`open_records`, read here unless given), but the
    matters still being handled."""
    records = open_records(store, year) if records is None else records
    return [r for r in records if not in_progress(store.ledger(r.ledger), r.values)]


def blocking_drafts(locking: list[Record]) -> list[Record]:
    """Of `to_lock`'s records, the drafts that stop a closing (a matter still being handled may stay a draft)."""
    return [r for r in locking if r.status == "draft"]


def close_year(store: Store, year: int, actor: str = "") -> list[Record]:
    """Close `year`: lock its records still 已提交 or 所长已审核 and write the closing to the year log, in one
    transaction, asked whether it may under that transaction's lock (two programs closing at once log it once).
    Returns the records it locked. Raises PermissionDenied, or Conflict with `close_blocked`'s reason (its drafts
    named)."""
    from fazhi_desktop.core import review

    actor = store.acting(actor)
    if store.user is not None:
        require(store.user, "year.close")
    with dbmod.transaction(store.conn, "封账"):
        locking = to_lock(store, year)
        problem = close_blocked(store, year, locking)
        if problem is not None:
            drafts = blocking_drafts(locking)
            named = "：" + "、".join(r.number or r.id for r in drafts[:10]) + ("等" if len(drafts) > 10 else "")
            raise Conflict(problem + (named if drafts else ""))
        locked = [review.apply(store, record.id, "lock", actor, reason=f"{year}年度封账") for record in locking]
        _append(store, year, CLOSE, actor, None, len(locked))
    return locked


def reopen_year(store: Store, year: int, reason: str, actor: str = "") -> None:
    """Reopen a closed `year`, giving a reason that the year log keeps and the county sees. Its records stay
    locked: each is reopened on its own, with its own reason, as before."""
    actor = store.acting(actor)
    if store.user is not None:
        require(store.user, "year.close")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError([FieldProblem("reason", "原因", f"重新打开{year}年必须说明原因")])
    with dbmod.transaction(store.conn, "重新打开"):
        problem = reopen_blocked(store, year)
        if problem is not None:
            raise Conflict(problem)
        _append(store, year, REOPEN, actor, reason, 0)


def reopen_blocked(store: Store, year: int) -> str | None:
    """Why the logged-in user cannot reopen `year` now, or None."""
    if store.is_county:
        return COUNTY
    if store.user is not None and (reason := why_not(store.user, "year.close")):
        return reason
    if not is_closed(store.conn, year):
        return f"{year}年没有封账，无需重新打开"
    return None


def _append(store: Store, year: int, op: str, actor: str, reason: str | None, locked: int) -> None:
    reveal_chain.append(store.conn, [{"year": year, "op": op, "at": utc_iso(store.clock()), "actor": actor,
                                      "reason": reason, "locked": locked}], CHAIN)


# -- to the county ------------------------------------------------------------------------------------------------

def bag_value(conn: sqlite3.Connection) -> str | None:
    """What a bundle's bag-info says of the township's years (`BAG_LABEL`), or None when it never closed one (the
    label is then left out, so such a bundle is as before)."""
    items = [f"{s.year}={CLOSE if s.closed else REOPEN}@{local_time(s.at)[:10]}" for s in states(conn).values()]
    return " ".join(items) or None


def parse_bag_value(text: str | None) -> dict[int, tuple[str, str]]:
    """`bag_value` read back: year -> (op, local day). ValueError (a Chinese reason) when it is not what
    `bag_value` writes: each year once, a year the program works in, a real day after that year ended (a year is
    closed only once it is over). The label comes from a signed bundle, but the county shows it as sent and keeps
    it, so a broken or forged one is refused with the bundle rather than shown as 已封账（2026-99-99）."""
    out: dict[int, tuple[str, str]] = {}
    for item in (text or "").split():
        match = _BAG_ITEM.fullmatch(item)
        if not match:
            shown = item if len(item) <= 40 else item[:40] + "…"
            raise ValueError(f"“{shown}”不是“年份=close或reopen@日期”")
        year, op, day = int(match[1]), match[2], match[3]
        if (problem := dates.year_problem(year)) is not None:
            raise ValueError(problem)
        if year in out:
            raise ValueError(f"{year}年出现了两次")
        try:
            when = date.fromisoformat(day)
        except ValueError:
            raise ValueError(f"{year}年的日期 {day} 不存在") from None
        if when.year <= year:
            raise ValueError(f"{year}年的封账日期 {day} 不在该年结束之后")
        out[year] = (op, day)
    return out


def reasons_value(conn: sqlite3.Connection) -> str | None:
    """What a bundle's bag-info says of why the township's years that are open again were reopened
    (`REASONS_LABEL`): the reason of each one's last reopening, on one line; None when no year is open again or
    none has a reason left to send. Written as `parse_reasons` reads it: a reason cut where a space was ends
    without it, and one of characters that do not print is left out (either broke every bundle at the county)."""
    sent = {str(s.year): _one_line(s.reason or "")[:REASON_SENT].rstrip() for s in states(conn).values()
            if not s.closed}
    reasons = {year: reason for year, reason in sent.items() if reason}
    return _reasons_json(reasons) if reasons else None


def parse_reasons(text: str | None, closings: dict[int, tuple[str, str]]) -> dict[int, str]:
    """`reasons_value` read back against the bundle's `parse_bag_value`: year -> reason. ValueError (a Chinese
    reason) when it is not what `reasons_value` writes: a year the closings say is reopened, a reason of one line
    that is not empty or longer than `REASON_SENT`. The county shows the reason as sent."""
    if text is None:
        return {}
    try:
        reasons = json.loads(text)
    except (ValueError, RecursionError):
        raise ValueError("不是程序写出的格式") from None
    if not isinstance(reasons, dict) or not all(isinstance(v, str) for v in reasons.values()):
        raise ValueError("不是程序写出的格式")
    out: dict[int, str] = {}
    for key, reason in reasons.items():
        year = int(key) if re.fullmatch(r"[0-9]{4}", key, re.ASCII) else None
        if year is None or closings.get(year, ("",))[0] != REOPEN:
            shown = key if len(key) <= 10 else key[:10] + "…"
            raise ValueError(f"“{shown}”不是数据包所说已重新打开的年份")
        if not reason or len(reason) > REASON_SENT or reason != _one_line(reason):
            raise ValueError(f"{year}年重新打开的原因为空、过长或不是一行文字")
        out[year] = reason
    if _reasons_json({str(y): r for y, r in out.items()}) != text:
        raise ValueError("不是程序写出的格式")
    return out


def _one_line(text: str) -> str:
    """`text` with every line break, tab or other character that does not print made a single space."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _reasons_json(reasons: dict[str, str]) -> str:
    return json.dumps(reasons, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def describe(op: str, day: str) -> str:
    """The county's words for a township's year, under the column 年度封账 of that year's table: 已封账（2027-01-15）
    / 已重新打开（2027-03-02）. Without the year, which the table already says: 2026年封账后已重新打开（…）
    pushed 数据完整性 off a laptop in 长者模式."""
    return f"已封账（{day}）" if op == CLOSE else f"已重新打开（{day}）"

