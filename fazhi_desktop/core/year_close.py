"""年度封账: a township closes a year of its ledgers once it is reviewed, so that the figures the county scored in
January cannot change under it.

Once a year is closed, no record dated in it can be added, changed, deleted, have its status changed (重新打开
included), or have its date moved into or out of it: `Store` refuses it on the one write path (`refusal`). The
所长 (or 管理员) reopens the year with a reason; both events go to the year log, hash-chained like the reveal log
(core/reveal_chain.py), so `fazhi check` sees an entry removed behind the program's back, and the years closed and
reopened travel to the county in the bundle's bag-info (`bag_value`, and why a year is open again:
`reasons_value`; the log itself, every closing and reopening: core/year_log_label.py), which shows them in
数据完整性.

What closing does with records still open: a 草稿 stops it. A draft is work the clerk has not finished and the
所长 has not seen; freezing it would put a half-entered record into the county's figures, so the clerk finishes
and submits it, or deletes it, first. Records 已提交 or 所长已审核 are locked by the closing itself, after the
所长 has been shown them: that is what 批量锁定 would do ledger by ledger, and a 所长 closing the year means it.
A year not yet over cannot be closed (its records are still being entered), so a new record's date, today by
default, never lands in a closed year. Over means over in Beijing time (`clock.OFFICE_ZONE`), as the county judges
it, whatever zone this PC is set to.

A matter left open (a complaint or a case without its 办结日期 / 结案日期, the form's `open_until`; a check whose
整改期限 is given and whose 复查结果 is not 已整改, the form's `open_while`, concluded on its 复查日期) is in the
figures of every year from its date to its conclusion, or on while it is still being handled (T30b carries it over):
those are the years it counts in (`spanned_in`). Closing a year leaves it open so its conclusion can be entered, and
that is all that may change (`check_write`): the form's `open_until` and `conclusion` fields (what handling it after
acceptance fills: a case's 权利义务告知, mediation, result…), with a conclusion dated after the closed years it counts
in, so T30b, which counts a conclusion in the year it is concluded, cannot move. The figures that count a case in the
year it was accepted with its handling whenever it comes still take it (core/indicators/sql.py): T35 (a 告知 given in
January to a 行政裁决 accepted in December), T4 and the mediation statistics M2–M8. Still open, it is not locked
(core/review.py): locked, it could not take its conclusion until the year is reopened. Anything else (its date,
案件类别, 被投诉对象…), a conclusion dated inside a closed year, or a write that makes a record count in a closed year
or no longer count in one, is refused as for a locked record.

Restoring a backup puts back the office's own earlier state, its year log included: it is not a write path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from fazhi_desktop.core import dates, reveal_chain
from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.clock import SLACK, local_time, local_today, office_date, utc_iso
from fazhi_desktop.core.errors import Conflict, FieldProblem, ValidationError
from fazhi_desktop.core.ids import canonical_json
from fazhi_desktop.core.permissions import HasRole, why_not
from fazhi_desktop.core.places import BATCH_LOCK, YEAR_CLOSE
from fazhi_desktop.core.sent_back import reopenings
from fazhi_desktop.core.validate import is_empty, typed_record

if TYPE_CHECKING:
    import sqlite3

    from fazhi_desktop.core.forms import Condition, FieldDef, LedgerDef
    from fazhi_desktop.core.store import Record, Store

CHAIN = reveal_chain.Chain("year_log", "year_log_head",
                           ("id", "year", "op", "at", "actor", "reason", "locked", "prev_hash"), "年度封账日志")
CLOSE, REOPEN = "close", "reopen"
COUNTY = "县级数据库不登记台账，年度封账由各乡镇进行"
#: bag-info label: "2025=close@2026-01-12 2026=reopen@2027-03-02", each year's last event and its day in Beijing time
#: (`clock.office_date`; a version before the sixteenth session wrote the PC's local day)
BAG_LABEL = "Fazhi-Year-Closings"
#: ASCII digits only: `\d` takes any script's digits ("２０２６"), which int() reads and the county would show as sent
_BAG_ITEM = re.compile(r"([0-9]{4})=(close|reopen)@([0-9]{4}-[0-9]{2}-[0-9]{2})", re.ASCII)
#: bag-info label: why each year open again was reopened, as JSON on one line ({"2026":"补录12月30日的党委会"});
#: a label of its own, since a county of an earlier version refuses a `BAG_LABEL` it cannot read
REASONS_LABEL = "Fazhi-Year-Reopen-Reasons"
#: every text that sends the user to `YEAR_CLOSE` names the year before it: "重新打开2025年（编辑 → 年度封账…）";
#: at the command line (places.for_command_line: `fazhi update` of a closed year's record) the command reopening it
REOPEN_BY_COMMAND = ((re.compile(r"重新打开([0-9]{4})年（" + re.escape(YEAR_CLOSE) + "）"),
                      r"重新打开\1年（fazhi year reopen \1 --reason 原因）"),)
REASON_SENT = 200  # characters of a reason a bundle carries (the year log keeps it whole)


@dataclass(frozen=True)
class YearState:
    """A year's last event in the year log."""

    year: int
    closed: bool
    at: str  # UTC ISO-8601
    actor: str
    reason: str | None


def refusal(year: int, likely: str = "") -> str:
    """Why a record of `year` cannot be written: the year and who can reopen it; `likely`, the likelier way out
    (`_this_year`), before the reopening."""
    return (f"{year}年已封账，该年的记录不能新增、修改、删除或更改状态；{likely}"
            f"须由所长或管理员先重新打开{year}年（{YEAR_CLOSE}）")


def conclusion_only(year: int, concluded: str | None = None) -> str:
    """Why a field of a matter left open by closing `year` cannot change (`check_write`), at that field: still being
    handled, or `concluded` on that day since, as the editor's banner says it (`open_matter_banner`)."""
    rest = f"修改此项须由所长或管理员先重新打开{year}年（{YEAR_CLOSE}）"
    if concluded:
        return f"本记录已于{concluded}办结（{year}年已封账）：只能修改办理和办结情况；{rest}"
    return f"{year}年已封账，办理中的记录只能填写办理和办结情况；{rest}"


def given_stands(year: int) -> str:
    """Why a `fill_only` field of a matter left open by closing `year`, once given, cannot be cleared or changed."""
    return (f"{year}年已封账，此项已填写并计入{year}年的指标，只能补填，不能撤销或更改；"
            f"更正须由所长或管理员先重新打开{year}年（{YEAR_CLOSE}）")


def rows_fill_only(year: int, group: FieldDef, subs: frozenset[str]) -> str:
    """Why a group of a matter left open by closing `year` may change only where its rows fill `subs`
    (`fill_only`'s `group.sub`)."""
    named = "、".join(f.label for f in group.fields if f.name in subs)
    return (f"{year}年已封账，办理中的记录的{group.label}只能补填空着的{named}，其他内容和已填的不能更改；"
            f"须由所长或管理员先重新打开{year}年（{YEAR_CLOSE}）才能修改")


def concluded_too_early(year: int) -> str:
    """Why a matter counted in the closed `year` cannot be concluded on the day given, at its `open_until` field."""
    return (f"{year}年已封账，办结计入办结的年度：须为{year + 1}-01-01或以后；"
            f"在{year}年内办结的，须由所长或管理员先重新打开{year}年（{YEAR_CLOSE}）")


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


def closed_years(conn: sqlite3.Connection) -> frozenset[int]:
    """The years closed now (each one's last event in the year log a closing): a handful of rows."""
    ops = dict(conn.execute("SELECT year, op FROM year_log ORDER BY id").fetchall())  # each year's last event
    return frozenset(year for year, op in ops.items() if op == CLOSE)


def spanned_in(ledger: LedgerDef, values: Mapping[str, Any], number: str | None,
               closed: Collection[int]) -> list[int]:
    """The years of `closed` (a township's own `closed_years`, or at the county as its bundles say), in order,
    whose figures hold a record of these `values` (a stored row or a record's values) and `number`: its date's year
    and, for a matter (`open_until`), every later year up to that of its conclusion, or on while it is being
    handled."""
    first = record_year(ledger, values.get(ledger.date_field), number)
    if first is None:
        return []
    if ledger.open_until is None:
        return [first] if first in closed else []
    last = None if ledger.in_progress(values) else concluded_in(ledger, values, number)
    end = 9999 if last is None else max(first, last)
    return sorted(year for year in closed if first <= year <= end)


def concluded_in(ledger: LedgerDef, values: Mapping[str, Any], number: str | None) -> int | None:
    """The year a matter no longer being handled (`LedgerDef.in_progress`) was concluded: its `open_until`'s, or
    without one its date's (a check that called for no rectification ends with itself)."""
    day = values.get(ledger.open_until) if ledger.open_until else None
    return record_year(ledger, day, None) or record_year(ledger, values.get(ledger.date_field), number)


def closed_for(store: Store, ledger: LedgerDef, values: Mapping[str, Any], number: str | None, status: str,
               deleting: bool = False) -> int | None:
    """The closed year that keeps a stored record (its values, number and status) from being changed, having its
    status changed or, with `deleting`, being deleted; None when nothing does (`held_by` of this office's
    `closed_years`)."""
    return held_by(ledger, values, number, status, store.closed_now(), deleting)


def held_by(ledger: LedgerDef, values: Mapping[str, Any], number: str | None, status: str, closed: Collection[int],
            deleting: bool = False) -> int | None:
    """`closed_for`, given the years `closed` (a township's own, or at the county as its bundles say). A matter the
    closing left open (`LedgerDef.in_progress` then: not locked) may still be concluded (`check_write`), reviewed
    and locked, never deleted; once concluded in a closed year (that of its closing, or a later one closed since),
    it is frozen with that year."""
    years = spanned_in(ledger, values, number, closed)
    if not years:
        return None
    if deleting or status == "locked":
        return years[0]
    if ledger.open_until is None or ledger.in_progress(values):
        return None
    concluded = concluded_in(ledger, values, number)
    return concluded if concluded in years else None


def movable(ledger: LedgerDef, values: Mapping[str, Any], number: str | None, status: str,
            closed: Collection[int]) -> bool:
    """Can a matter (`values`, `number`, `status`) still move the figures that count it in the year of its date with
    its handling whenever it comes (core/indicators/moving.py: T35, T4, M2–M8)? Only while it can still be changed:
    not locked (locked, even while still open, it is frozen: a 所长 may lock an open case in December), and no closed
    year holds it (`held_by`, given the years `closed`: the township's own, or at the county the township's as its
    bundles say): still being handled, or concluded in a year not closed, when `check_write` still lets its
    conclusion be corrected (调解成功 → 调解不成功 lowers M2). Concluded in a later year that has been closed since, it
    can neither change nor be locked: it moves nothing, for good. The county reads the status from the bundles."""
    return (ledger.open_until is not None and status != "locked"
            and held_by(ledger, values, number, status, closed) is None)


def open_matter_of(store: Store, ledger: LedgerDef, values: Mapping[str, Any], number: str | None,
                   status: str) -> int | None:
    """The closed year that holds a stored record, which `closed_for` lets be written, to its conclusion
    (`check_write`); None when nothing does."""
    closed = store.closed_now()  # the year log read once
    if held_by(ledger, values, number, status, closed) is not None:
        return None
    years = spanned_in(ledger, values, number, closed)
    return years[0] if years else None


def held_warnings(store: Store, ledger: LedgerDef, values: Mapping[str, Any], number: str | None, status: str,
                  warnings: Iterable[FieldProblem]) -> tuple[list[FieldProblem], list[FieldProblem]]:
    """`warnings` of a stored record split into those she can act on and those at fields a closed year holds as
    they are (every field of a record `closed_for` keeps, or an open matter's other than its conclusion: the ones
    the editor shows read-only), said as information (`held_said`), advisory: a concluded check of 2025 is not to
    be asked 请核对 about a 实际持证人数 only a reopening could correct."""
    warnings = list(warnings)
    closed = store.closed_now() if warnings else frozenset()
    year = held_by(ledger, values, number, status, closed) if closed else None
    kept: set[str] = set()  # every field held, or all but the open matter's conclusion
    rows: Mapping[str, frozenset[str]] = {}
    if year is None:
        years = spanned_in(ledger, values, number, closed) if closed else []
        if not years:
            return warnings, []
        year = years[0]
        kept = set(ledger.concluding_fields) - set(given_fill_only(ledger, values))
        rows = ledger.rows_fill_only  # a row's empty 法定代理人 may still be filled in
    asked, held = [], []
    for warning in warnings:
        name, _, rest = warning.path.partition("[")
        if name in kept or rest.partition(".")[2] in rows.get(name, ()):
            asked.append(warning)
        else:
            held.append(replace(warning, message=held_said(warning.message, year), advisory=True))
    return asked, held


def held_said(message: str, year: int) -> str:
    """A warning at a field closing `year` holds, as information: "…（2025年已封账，更正须重新打开该年）"."""
    for ask in ("，请核对", "，请补充"):
        message = message.removesuffix(ask)
    return f"{message}（{year}年已封账，更正须重新打开该年）"


def banner(year: int) -> str:
    """What a window says of a record `closed_for` keeps as it is (the write path's message is `refusal`)."""
    return f"{year}年已封账，须由所长或管理员先重新打开{year}年（{YEAR_CLOSE}）"


def open_matter_banner(ledger: LedgerDef, year: int, values: Mapping[str, Any]) -> str:
    """What the editor says of a matter `open_matter_of` holds to its conclusion (its other fields read-only, their
    labels grey): still being handled, or concluded (its `open_until` filled) after `year` was closed, when its
    conclusion may still be corrected (`check_write`), not its other fields."""
    assert ledger.open_until is not None
    label = ledger.field(ledger.open_until).label
    rest = f"其他内容（标签为灰色）只读；须由所长或管理员先重新打开{year}年（{YEAR_CLOSE}）才能修改"
    concluded = None if ledger.in_progress(values) else values.get(ledger.open_until)
    if concluded:
        return f"本记录已于{concluded}办结（{year}年已封账）：只能修改办理和办结情况（{label}等），{rest}"
    return f"{year}年已封账，本记录办理中：只能填写办理和办结情况（{label}等），{rest}"


def check_row(store: Store, ledger: LedgerDef, row: dict[str, Any], deleting: bool = False) -> None:
    """Raise Conflict when the stored record `row` may not be written for its closed year (`closed_for`)."""
    year = closed_for(store, ledger, row, row.get("number"), row.get("status") or "", deleting)
    if year is not None:
        raise Conflict(f"记录 {row.get('number') or row.get('id')}：{refusal(year)}")


def conclusion_named(ledger: LedgerDef) -> str:
    """What concludes a matter of `ledger`, by label, from the form's own rule: "办结日期" (its `open_until` filled);
    "复查日期、复查结果为“已整改”" (with the value that ends each `open_while` condition on a field of its
    conclusion: naming the field alone told a 所长 who had filled 复查结果 整改中 to fill it)."""
    assert ledger.open_until is not None
    said = [ledger.field(ledger.open_until).label]
    said += [_condition_said(ledger, c, holding=False) for c in ledger.open_while
             if c.field in ledger.concluding_fields and c.field != ledger.open_until]
    return "、".join(dict.fromkeys(said))


def open_matters_said(ledgers: Iterable[LedgerDef]) -> str:
    """The matters a closing leaves open (`LedgerDef.in_progress`), ledger by ledger, from the forms' own rules:
    "投诉举报（未填办结日期）、调解案件（未填结案日期）、行政执法监督检查（已填整改期限、复查结果不为“已整改”）"."""
    said = []
    for ledger in (ledger for ledger in ledgers if ledger.open_until is not None):
        assert ledger.open_until is not None
        rule = [_condition_said(ledger, c, holding=True) for c in ledger.open_while] or [
            f"未填{ledger.field(ledger.open_until).label}"]
        said.append(f"{ledger.label}（{'、'.join(rule)}）")
    return "、".join(said)


def _condition_said(ledger: LedgerDef, c: Condition, holding: bool) -> str:
    """The `open_while` condition `c` in words, as it reads while it holds ("复查结果不为“已整改”"), or, not
    `holding`, what ends it ("复查结果为“已整改”")."""
    label = ledger.field(c.field).label
    if c.op == "filled":
        return ("已填" if bool(c.value) == holding else "未填") + label
    quoted = "或".join(f"“{v}”" for v in ((c.value,) if c.op == "equals" else c.value))
    return label + ("为" if (c.op != "not_in") == holding else "不为") + quoted


def locked_once_submitted(store: Store, locking: list[Record]) -> list[Record]:
    """Of `to_lock`'s records, those the closing will lock once its drafts are submitted: a draft check still
    being rectified, waited for as a draft (`left_open`), is left open once submitted."""
    return [r for r in locking if not store.ledger(r.ledger).in_progress(r.values)]


def check_write(store: Store, ledger: LedgerDef, values: dict[str, Any], old: Mapping[str, Any] | None = None,
                old_values: Mapping[str, Any] | None = None) -> None:
    """Raise ValidationError, at each field at fault, when saving `values` (cleaned) as a new record, or over the
    stored row `old` (its values decoded: `old_values`), which `check_row` let through, would change a closed year's
    figures: a record added to a closed year's (dated in it, or a matter still open from an earlier year), moved
    into or out of one, or an open matter of one (`open_matter_of`) changed in anything but its conclusion or
    concluded before the closed years it counts in have ended."""
    number = old.get("number") if old is not None else None
    closed = store.closed_now()
    now = spanned_in(ledger, values, number, closed)
    before = spanned_in(ledger, old, number, closed) if old is not None else []
    if not before:
        if now:  # at the date when it is dated in a closed year or was moved, else at its conclusion
            moved = old is not None and values.get(ledger.date_field) != old_values.get(ledger.date_field)
            dated = moved or ledger.open_until is None or record_year(ledger, values.get(ledger.date_field),
                                                                      number) in now
            f = ledger.field(ledger.date_field if dated else ledger.open_until)
            said = refusal(now[0], _this_year(values.get(f.name), office_date(store.clock())) if dated else "")
            raise ValidationError([FieldProblem(f.name, f.label, said)])
        return
    assert old_values is not None
    was_concluded = ledger.open_until is not None and not ledger.in_progress(old_values)
    said = conclusion_only(before[0], old_values.get(ledger.open_until) if was_concluded else None)  # as its banner
    typed = typed_record(ledger, old_values)  # what a save makes of stored text (an older version's \v): no change
    problems = [FieldProblem(name, ledger.column_label(name), _held_said(ledger, name, before[0], said))
                for name in values if name not in ledger.concluding_fields
                and not ledger.same_value(name, values[name], typed.get(name))  # as Store.save compares
                and not _rows_filled_in(values[name], typed.get(name), ledger.rows_fill_only.get(name))]
    problems += [FieldProblem(name, ledger.column_label(name), given_stands(before[0]))
                 for name in given_fill_only(ledger, typed)
                 if not ledger.same_value(name, values.get(name), typed.get(name))]
    if ledger.open_until is not None:
        f = ledger.field(ledger.open_until)
        concluded = record_year(ledger, values.get(f.name), None)
        ends = not ledger.in_progress(values)  # a recheck still finding 整改中 may keep a date the closing found
        if (concluded is None and ends) or (concluded is not None and concluded <= before[-1]
                                            and (ends or values.get(f.name) != old_values.get(f.name))):
            problems.append(FieldProblem(f.name, f.label, concluded_too_early(before[-1])))

        elif not problems and now != before:
            changed = next(y for y in (*before, *now) if (y in before) != (y in now))
            problems.append(FieldProblem(f.name, f.label, refusal(changed)))
    if problems:
        raise ValidationError(problems)


def _this_year(day: Any, today: date) -> str:
    """"如是今年的记录，请把日期改为2026-01-06；" when `day` (a closed year's) is likely this year's typed with last
    year's (a habit of January): its month and day this year are today or before; "" otherwise. Said before the
    reopening (`refusal`): it is the likelier way out, and a clerk may stop reading at 所长."""
    try:
        meant = date.fromisoformat(day).replace(year=today.year) if isinstance(day, str) else None
    except ValueError:  # not a day, or 29 February
        return ""
    if meant is None or meant > today or day[:4] == str(today.year):
        return ""
    return f"如是今年的记录，请把日期改为{meant.isoformat()}；"


def given_fill_only(ledger: LedgerDef, values: Mapping[str, Any]) -> tuple[str, ...]:
    """The form's `fill_only` fields (a group's sub-fields aside) that `values`, an open matter's as stored, give
    (是否告知权利义务 是, its 告知日期): the closed year counts them given, so they stay as they are (`given_stands`);
    the editor shows them read-only."""
    return tuple(name for name in ledger.fill_only if "." not in name and _given(values.get(name)))


def _given(value: Any) -> bool:
    return not is_empty(value) and value is not False


def _held_said(ledger: LedgerDef, name: str, year: int, said: str) -> str:
    subs = ledger.rows_fill_only.get(name)
    return rows_fill_only(year, ledger.field(name), subs) if subs else said


def _rows_filled_in(new: Any, old: Any, subs: frozenset[str] | None) -> bool:
    """Is group value `new` the stored rows `old` with only `subs` filled where a row had them empty? A sub-field a
    row lacks (an older version's row) is empty, as the content hash sees it (LedgerDef.same_value)."""
    if not subs or not isinstance(new, list) or not isinstance(old, list) or len(new) != len(old):
        return False
    for row, was in zip(new, old, strict=True):
        if not isinstance(row, dict) or not isinstance(was, dict):
            return False
        changed = (key for key in row.keys() | was.keys()
                   if canonical_json(row.get(key)) != canonical_json(was.get(key)))
        if any(key not in subs or _given(was.get(key)) for key in changed):
            return False
    return True


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


@dataclass(frozen=True)
class Blocked:
    """What stops the logged-in user closing a year now (`close_blocked`)."""

    reason: str | None  # a Chinese sentence, None when nothing does
    #: the drafts among the records to lock when they are the block, for the caller to name (the CLI lists them, the
    #: dialog says they are the ones in orange, `close_year` names them); [] when nothing stops it, or something else
    #: does first (a year not yet over, the user's role…), which naming drafts would pass off as the reason
    drafts: list[Record]


def close_blocked(store: Store, year: int, locking: list[Record] | None = None) -> Blocked:
    """Whether the logged-in user can close `year` now, and why not: the checks whatever its drafts, then its
    drafts. `locking`: `to_lock`'s answer, when the caller has it."""
    if problem := _blocked_before_drafts(store, year):
        return Blocked(problem, [])
    drafts = blocking_drafts(to_lock(store, year) if locking is None else locking)
    if drafts:
        return Blocked(_drafts_said(store, year, drafts), drafts)
    return Blocked(None, [])


#: who finishes a blocking draft (`_drafts_said`): one never submitted, one sent back to the clerk (退回), one its 所长
#: reopened to correct herself (sent_back.SELF): (what it is when all are, or ""; what to do then; what it is and
#: who does what, among drafts of other kinds)
_FINISH = (("", "请录入员填完并提交审核（或删除）", "尚未提交，请录入员填完提交（或删除）"),
           ("已退回录入员修改", "请录入员改完并提交审核", "已退回录入员修改，请录入员改完提交"),
           ("是所长重新打开、自行修改的", "请由所长改完并提交审核", "是所长重新打开、自行修改的，请所长改完提交"))


def _drafts_said(store: Store, year: int, drafts: list[Record]) -> str:
    """"2026年还有 2 条草稿记录，已退回录入员修改：请录入员改完并提交审核后再封账": who is to finish the drafts
    that stop the closing, as each case is (sent_back.reopenings knows). A 所长 who had sent every one back was told
    请填完, as if hers to finish. Drafts of several kinds: what is needed first, then each kind with who does what
    (“2026年还有 3 条草稿记录，都提交审核后才能封账：2 条尚未提交，请录入员填完提交（或删除）；1 条已退回…”): it read
    “其中 2 条请录入员填完并提交审核（或删除），1 条已退回录入员修改、请录入员改完并提交审核；都提交后再封账”."""
    reopened = reopenings(store, drafts)
    own = sum(1 for d in drafts if d.id in reopened and reopened[d.id].own_fix)
    counts = (len(drafts) - len(reopened), len(reopened) - own, own)
    cases = [(count, *finish) for count, finish in zip(counts, _FINISH, strict=True) if count]
    head = f"{year}年还有 {len(drafts)} 条草稿记录"
    if len(cases) == 1:
        _, what, ask, _mixed = cases[0]
        return f"{head}{'，' + what if what else ''}：{ask}后再封账"
    return f"{head}，都提交审核后才能封账：" + "；".join(f"{count} 条{mixed}" for count, _, _, mixed in cases)


def unreviewed_said(locking: list[Record]) -> str:
    """"其中 30 条已提交、所长尚未审核" of `to_lock`'s records, the ones the closing locks unseen by the 所长 (or
    "均已提交、所长尚未审核" when all are); "" when none is. Said in the question before the closing and above its
    list, so that closing is not taken for locking only what was reviewed."""
    count = sum(1 for r in locking if r.status == "submitted")
    if not count:
        return ""
    return ("均" if count == len(locking) else f"其中 {count} 条") + "已提交、所长尚未审核"


def this_year_said(store: Store) -> str | None:
    """What the 年度封账 window says of the year not yet over, when the office has records dated in it (in November
    it lists only last year): it is closed after it ends, and its records reviewed so far are fixed by 批量锁定."""
    year = office_date(store.clock()).year
    if year not in dated_years(store):
        return None
    return f"{year}年尚未结束，年度结束后才能封账；需要先固定已审核的记录的，可用批量锁定（{BATCH_LOCK}）"


def reopened(conn: sqlite3.Connection) -> list[YearState]:
    """The years closed once and open again now (each one's last event a reopening), in order."""
    return [state for state in states(conn).values() if not state.closed]


def reopened_said(state: YearState, user: HasRole | None = None, *, reason: bool = True,
                  command_line: bool = False) -> str:
    """"2026年已重新打开（原因：会议记录有误需更正），更正后请再次封账（编辑 → 年度封账…）": a year left open again,
    as the main window's status bar, the editor of a record of it and the export say it (the county flags it);
    without the `reason` (the status bar has it in its tooltip), the way to close it the command's at the
    `command_line`. A `user` who may not close a year (a 录入员: 年度封账 is greyed for her) is told
    "…更正后请所长再次封账" instead of a command she cannot use."""
    said = f"{state.year}年已重新打开" + (f"（原因：{sent_reason(state.reason)}）" if reason else "")
    if user is not None and why_not(user, "year.close"):
        return f"{said}，更正后请所长再次封账"
    where = f"fazhi year close {state.year}" if command_line else YEAR_CLOSE
    return f"{said}，更正后请再次封账（{where}）"


def record_reopened(store: Store, record: Record) -> str | None:
    """`reopened_said` of the year a record of this office is dated in, while that year is open again (its editor
    says it under its banner); None for any other record."""
    if record.deleted or record.township != store.township:
        return None
    ledger = store.ledger(record.ledger)
    year = record_year(ledger, record.values.get(ledger.date_field), record.number)
    state = next((s for s in reopened(store.conn) if s.year == year), None)
    return None if state is None else reopened_said(state, store.user)


def reopened_next(year: int) -> str:
    """What reopening `year` is followed by, as the window and the command line say once it is done."""
    return (f"已重新打开{year}年：该年的记录可以由所长逐条重新打开后修改，更正后请再次封账；"
            "原因已记入年度封账日志，随下一个数据包报送县里")


def _blocked_before_drafts(store: Store, year: int) -> str | None:
    """What stops closing `year` whatever its drafts, or None."""
    if store.is_county:
        return COUNTY
    if store.user is not None and (reason := why_not(store.user, "year.close")):
        return reason
    if problem := dates.year_problem(year):  # a record an earlier version let be dated 0026: not a year to close
        return f"不能封账：{problem}"
    today = office_date(store.clock())
    if year >= today.year:
        return f"{year}年尚未结束（今天是{today.isoformat()}），年度结束后才能封账"
    if is_closed(store.conn, year):
        return f"{year}年已封账"
    return None


def closing_day(store: Store) -> str:
    """The day a closing made now is recorded for, as the 所长 is told it before closing: the day in Beijing time
    (`office_date`), which the year log's bag label and the county go by; when this PC's own date is another (its
    zone is not Beijing's), that is said too, so the question never names a day other than the one recorded."""
    day = office_date(store.clock()).isoformat()
    said = f"今天是{day}（北京时间），封账按这一天记入年度封账日志并报送县里"
    local = local_today(store.clock).isoformat()
    if local != day:
        said += f"。注意：这台电脑的日期是{local}，与北京时间不是同一天（电脑设置的时区不是北京时间），以北京时间为准"
    return said


def dated_years(store: Store) -> set[int]:
    """The years this office has live records dated in, in any ledger and state (locked ones too): the program's
    years only (a record an earlier version let be dated 0026 or 9999 is corrected, not closed)."""
    return {year for ledger in store.ledgers for year in store.years(ledger) if dates.year_problem(year) is None}


def empty_year(store: Store, year: int) -> str | None:
    """What closing `year` means when no record is dated in it, said before the 所长 is asked (None when some is):
    nothing to lock, but its records could no longer be entered or imported, as a township that began with the
    program mid-year does for its earlier months."""
    if year in dated_years(store):
        return None
    return (f"{year}年没有记录。封账后就不能再录入或从Excel导入{year}年的记录（须先重新打开该年）；"
            f"年中开始使用本程序、还要补录此前月份的，请勿封账")


def to_lock(store: Store, year: int, records: list[Record] | None = None) -> list[Record]:
    """The records closing `year` locks: those not locked yet (`open_records`, read here unless given), but the
    matters the closing leaves open (`left_open`)."""
    records = open_records(store, year) if records is None else records
    return [r for r in records if not left_open(store.ledger(r.ledger), r)]


def left_open(ledger: LedgerDef, record: Record) -> bool:
    """Does closing its year leave `record` open, neither locked nor waited for: a matter still being handled
    (`LedgerDef.in_progress`), but a draft only while it is its handling that is still being entered, its
    `open_until` alone keeping it open (a complaint or case without 办结日期, entered as it is handled). A check is
    done on its date and counted in that year (T29, T30a); its rectification (`open_while`) follows it: a draft check
    is a check not finished, which the closed year would count half-entered and which could then not be finished."""
    if not ledger.in_progress(record.values):
        return False
    return record.status != "draft" or not ledger.open_while


def blocking_drafts(locking: list[Record]) -> list[Record]:
    """Of `to_lock`'s records, the drafts that stop a closing (a matter `left_open` may stay a draft)."""
    return [r for r in locking if r.status == "draft"]


def close_year(store: Store, year: int, actor: str = "") -> list[Record]:
    """Close `year`: lock its records still 已提交 or 所长已审核 and write the closing to the year log, in one
    transaction, asked whether it may under that transaction's lock (two programs closing at once log it once).
    Returns the records it locked. Raises PermissionDenied, or Conflict with `close_blocked`'s reason (the drafts
    named when they are the block)."""
    from fazhi_desktop.core import review

    actor = store.acting(actor)
    with dbmod.transaction(store.conn, "封账"):
        store.permit("year.close")  # under the write lock: a 所长 made 录入员 meanwhile closes nothing
        locking = to_lock(store, year)
        blocked = close_blocked(store, year, locking)
        if blocked.reason is not None:
            named = "：" + "、".join(r.number or r.id for r in blocked.drafts[:10]) + (
                "等" if len(blocked.drafts) > 10 else "")
            raise Conflict(blocked.reason + (named if blocked.drafts else ""))
        locked = [review.apply(store, record.id, "lock", actor, reason=closing_reason(year)) for record in locking]
        _append(store, year, CLOSE, actor, None, len(locked))
    return locked


def closing_reason(year: int) -> str:
    """The reason each record's lock by the closing of `year` carries in the change log ("2026年度封账"): how the
    county tells that lock from a change (core/reopened_years.py), whatever its time."""
    return f"{year}年度封账"


def reopen_year(store: Store, year: int, reason: str, actor: str = "") -> None:
    """Reopen a closed `year`, giving a reason that the year log keeps and the county sees. Its records stay
    locked: each is reopened on its own, with its own reason, as before."""
    actor = store.acting(actor)
    store.permit("year.close")
    if (problem := reopen_blocked(store, year)) is not None:  # a year that cannot be reopened needs no reason
        raise Conflict(problem)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError([FieldProblem("reason", "原因", f"重新打开{year}年必须说明原因")])
    with dbmod.transaction(store.conn, "重新打开"):
        store.permit("year.close")  # asked again under the write lock, deciding
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
    items = [f"{s.year}={CLOSE if s.closed else REOPEN}@{office_date(s.at).isoformat()}" for s in states(conn).values()]
    return " ".join(items) or None


def parse_bag_value(text: str | None, made: str | None = None) -> dict[int, tuple[str, str]]:
    """`bag_value` read back: year -> (op, day). ValueError (a Chinese reason) when it is not what `bag_value`
    writes: each year once, a year the program works in, a real day, after that year ended for a closing (a year is
    closed only once it is over; a reopening may fall within it, undoing a closing made while the township's clock
    ran ahead), or on its 31 December: a version before the sixteenth session wrote the day in the zone of the PC that
    made the bundle, and a closing just after New Year in Beijing, sent from a PC set to a zone west of it (a database
    moved to another PC), fell on the day before; and, given when the bundle was `made` (its Fazhi-Created-At, UTC),
    not after that day (a day's slack for the time zone): a later one was logged while the clock ran ahead. The label
    comes from a signed bundle, but the county shows it as sent and keeps it, so a broken or forged one is refused
    with the bundle rather than shown as 已封账（2026-99-99）."""
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
        if op == CLOSE and when < date(year, 12, 31):  # closed before it ended (31 December: an earlier version's)
            raise ValueError(f"{year}年的封账日期 {day} 不在该年结束之后")
        if made is not None and when > datetime.fromisoformat(made.replace("Z", "+00:00")).date() + SLACK:
            raise ValueError(f"{year}年的封账日期 {day} 晚于数据包的制作时间（{local_time(made)}），乡镇电脑的时间"
                             "曾经或现在不对：请乡镇核对电脑的日期和时间，按错误日期封账的年度须由所长重新打开后再导出")
        out[year] = (op, day)
    return out


def reasons_value(conn: sqlite3.Connection) -> str | None:
    """What a bundle's bag-info says of why the township's years that are open again were reopened
    (`REASONS_LABEL`): the reason of each one's last reopening, on one line; None when no year is open again or
    none has a reason left to send. Written as `parse_reasons` reads it: a reason cut where a space was ends
    without it, and one of characters that do not print is left out (either broke every bundle at the county)."""
    sent = {str(s.year): sent_reason(s.reason) for s in states(conn).values() if not s.closed}
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
        if not reason_as_sent(reason):
            raise ValueError(f"{year}年重新打开的原因为空、过长或不是一行文字")
        out[year] = reason
    if _reasons_json({str(y): r for y, r in out.items()}) != text:
        raise ValueError("不是程序写出的格式")
    return out


def sent_reason(reason: str | None) -> str:
    """A reopening's reason as a bundle carries it (`reasons_value`, and the year log's label): on one line, at most
    `REASON_SENT` characters, not ending on the space a cut left; "" when nothing printable is left."""
    return _one_line(reason or "")[:REASON_SENT].rstrip()


def reason_as_sent(reason: str) -> bool:
    """Whether `reason` is one `sent_reason` can have written (and not empty): `_one_line` would leave it as it is."""
    return bool(reason) and len(reason) <= REASON_SENT and reason.isprintable() and " ".join(reason.split()) == reason


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

