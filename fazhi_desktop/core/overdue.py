"""逾期: the records a deadline of has passed with nothing concluded, by the program's clock (`Store.lookups`), as
the forms' `overdue` checks say it (forms/complaint.toml: 办理期限 passed without 办结日期; enforcement_check.toml:
整改期限 passed without a 复查 that found it 已整改, its `done_when`: not rechecked, or rechecked 未整改). Found by
those checks alone, a date compare a record, never by the form's other checks, which would slow a list: the ledger
list marks the rows (qt/ledger_model.py) and filters to them (`ListQuery.overdue`), the 指标 page counts them
(qt/indicators_view.py), `fazhi list` marks and filters them and `fazhi indicators` counts them, and the county's
数据完整性 counts each township's (`by_township`). At the county, never a record it marks (`Store.county_marks`):
重装前, of a township's earlier install, which re-installed without a backup and cannot conclude it (数据完整性's
需关注 names those still open), nor 不计入, set aside, a version its township no longer has that no figure
counts; both at once (a restore, then a re-install) showed 逾期·草稿·不计入 in the list, and the list's 逾期 filter
left it out."""

from __future__ import annotations

from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

from fazhi_desktop.core import damaged
from fazhi_desktop.core.form_checks import Check
from fazhi_desktop.core.forms import LedgerDef

if TYPE_CHECKING:
    from fazhi_desktop.core.store import Record, Store
    from fazhi_desktop.core.validate import Lookups

#: what a list says before a late record's status (逾期·已提交), and its filter's label
MARK = "逾期"
#: the check kinds that say a record is late (core/form_checks.py: an `overdue` entry compiles to them)
KINDS = ("overdue", "overdue_failed")


def marked(status: str, late: bool) -> str:
    """A record's status as lists and registers show it: "逾期·草稿" for a record late today, else as it is."""
    return f"{MARK}·{status}" if late else status


def checks_of(ledger: LedgerDef) -> tuple[Check, ...]:
    """The ledger's `overdue` checks, with their `done_when`'s `overdue_failed` (none for most ledgers: their lists
    never ask)."""
    return tuple(check for check in ledger.checks if check.kind in KINDS)


def said(ledger: LedgerDef, values: dict[str, Any], lookups: Lookups) -> list[str]:
    """What the `overdue` checks say of a record's stored `values` today (["办理期限已过（2026-05-20），尚未办结：
    请填写办结情况或督办"]), as the editor says it; [] for a record not late."""
    checks = checks_of(ledger)
    if not _may_be_late(checks, values, lookups.today_iso()):
        return []
    return [warning.message for warning in _validate().said_by(checks, values, lookups)]


@cache
def _validate() -> ModuleType:
    """core.validate, loaded with the first late record (not at start-up), and not imported again for each: an
    import statement costs as much as the check itself once PySide6 is loaded (it wraps every import)."""
    from fazhi_desktop.core import validate

    return validate


def _may_be_late(checks: tuple[Check, ...], values: dict[str, Any], today: str) -> bool:
    """The date compare that leaves most records out before the checks are run (a list's 2,000 rows): a deadline of
    the record's before `today` with its conclusion's date empty, or with what concludes it (`done_when`) not said
    (a deadline in a group's rows: maybe)."""
    for check in checks:
        due, done = check.fields
        if check.group is not None:
            return True
        concluded = check.when.holds(values) if check.when is not None else values.get(done) is not None
        if not concluded and (values.get(due) or today) < today:
            return True
    return False


def rids(store: Store, ledger: LedgerDef) -> set[int]:
    """The row keys of `ledger`'s live records overdue today: those whose deadline is before today with its
    conclusion's date empty (one query), confirmed by the checks themselves (their `done_when`: a check whose
    recheck found it 已整改 is not late, one that found it 未整改 is). A record a damaged file no longer holds as
    text is left out (the unfiltered list shows it)."""
    return set(_late(store, ledger))


def _late(store: Store, ledger: LedgerDef) -> dict[int, Record]:
    """Row key -> record of `ledger`'s live records overdue today (`rids`)."""
    checks = checks_of(ledger)
    if not checks:
        return {}
    lookups = store.lookups()
    today = lookups.today_iso()
    if any(check.group is not None for check in checks):  # a deadline in a group's rows: every record is asked
        where, params = "1", []
    else:
        clauses = [_candidate(ledger, check) for check in checks]
        where = " OR ".join(f'("{check.fields[0]}" < ?{clause})' for check, (clause, _) in zip(checks, clauses,
                                                                                               strict=True))
        params = [value for _, values in clauses for value in (today, *values)]
    candidates = [row[0] for row in store.conn.execute(
        f'SELECT rid FROM "{ledger.name}" WHERE deleted = 0 AND ({where})', params)]
    try:
        records = store.rows(ledger.name, candidates)
    except damaged.DamagedRecords as exc:
        records = exc.readable
    marked = store.county_marks([record.id for record in records.values()])  # as the list's rows leave them
    return {rid: record for rid, record in records.items()
            if record.id not in marked and said(ledger, record.values, lookups)}


def _candidate(ledger: LedgerDef, check: Check) -> tuple[str, list[Any]]:
    """What besides its passed deadline makes a record a candidate for `check`, in SQL (" AND …", its parameters):
    the conclusion's date empty; with a `done_when` (复查结果 已整改), a filled date concludes nothing and the
    condition not holding is asked where a plain column can say it (a county's 17,000 checks of five years past
    their 整改期限, nearly all 已整改, were each read back to be judged: a second of 数据完整性), else by the checks."""
    concluded = check.when
    if concluded is None:
        return f' AND "{check.fields[1]}" IS NULL', []
    column = f'"{concluded.field}"'
    if ledger.field(concluded.field).is_json or concluded.op == "filled":
        return "", []
    if concluded.op == "equals":
        return f" AND {column} IS NOT ?", [concluded.value]
    marks = ",".join("?" for _ in concluded.value)
    if concluded.op == "in":
        return f" AND ({column} IS NULL OR {column} NOT IN ({marks}))", list(concluded.value)
    return f" AND {column} IN ({marks})", list(concluded.value)  # not_in: late only while one of them


def by_township(store: Store) -> dict[str, dict[str, int]]:
    """Township -> ledger name -> how many of its live records are overdue today, of every year, for the ledgers
    that have any, in the forms' order: the county's 数据完整性 (what the county marks left out, as `rids` leaves
    them), and at a township its own (`counts`)."""
    return {town: {name: len(numbers) for name, numbers in late.items()}
            for town, late in named_by_township(store).items()}


def named_by_township(store: Store) -> dict[str, dict[str, list[str]]]:
    """`by_township` with the records named: township -> ledger name -> the numbers (ids when unnumbered) of its
    records overdue today, by date. 数据完整性 names them for a township merged into another (README 新增或合并乡镇),
    whose numbers are not the one's it joined."""
    found: dict[str, dict[str, list[str]]] = {}
    for ledger in store.ledgers.values():
        late = sorted(_late(store, ledger).values(),
                      key=lambda r: (r.township, str(r.values.get(ledger.date_field) or ""), r.number or r.id))
        for record in late:
            found.setdefault(record.township, {}).setdefault(ledger.name, []).append(record.number or record.id)
    return found


def counts(store: Store) -> dict[str, int]:
    """Ledger name -> how many of this office's live records are overdue today, of every year, for the ledgers that
    have any (the 指标 page's 需关注, `fazhi indicators`), in the forms' order."""
    return by_township(store).get(store.township or "", {})


def parts(store: Store, late: dict[str, int]) -> list[str]:
    """Ledger name -> count (`counts`) as 需关注 says each: "投诉举报 4 件（办理期限已过、未填办结日期）"."""
    return [f"{store.ledger(name).label} {count} 件（{deadlines_said(store.ledger(name))}）"
            for name, count in late.items()]


def note(store: Store) -> str:
    """需关注's sentence of a township's late records, as `fazhi indicators` prints it under its figures (the 指标
    page says the same, each part a link): "需关注　现已逾期：投诉举报 4 件（…）。"; "" when none is late."""
    said = parts(store, counts(store))
    return f"需关注　现已{MARK}：{'；'.join(said)}。" if said else ""


def deadlines_said(ledger: LedgerDef) -> str:
    """What makes a record of `ledger` late, from its form: "办理期限已过、未填办结日期", "整改期限已过、复查结果不是
    “已整改”" (a `done_when`)."""
    return "；".join(dict.fromkeys(f"{ledger.field(c.fields[0]).label}已过、{_not_concluded(ledger, c)}"
                                   for c in checks_of(ledger) if c.group is None))


def _not_concluded(ledger: LedgerDef, check: Check) -> str:
    """"未填办结日期", or what the check's `done_when` asks not being said: "复查结果不是“已整改”"."""
    concluded = check.when
    if concluded is None:
        return f"未填{ledger.field(check.fields[1]).label}"
    label = ledger.field(concluded.field).label
    if concluded.op == "equals":
        return f"{label}不是“{concluded.value}”"
    if concluded.op == "in":
        return f"{label}不是“{'”“'.join(concluded.value)}”"
    if concluded.op == "not_in":
        return f"{label}为“{'”“'.join(concluded.value)}”"
    return f"{label}{'未填写' if concluded.value else '已填写'}"
