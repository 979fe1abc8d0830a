"""Review: 草稿 → 已提交 → 所长已审核 → 已锁定, and 重新打开 (with a reason) back to 草稿.

What the statuses mean:
- 草稿 (draft): being entered; anyone may change or delete it.
- 已提交 (submitted): the clerk says it is complete and asks the 所长 to check it; it can still be corrected.
- 所长已审核 (reviewed): the 所长 has checked it. Clerks can no longer change or delete it; the 所长 (or 管理员)
  still can, each change a new revision in the history.
- 已锁定 (locked): final, e.g. after the yearly report or once sent to the county as evidence. Nobody can change
  or delete it; only a 所长 (or 管理员) can 重新打开 it, giving a reason that the history shows, which makes it a
  草稿 again (and it goes through 提交 / 审核 / 锁定 once more).

Each step is a new revision written by `Store.change_status` (the one write path) with a change-log entry; who may
take which step is the permission table's business (core.permissions), checked here for the logged-in user.

Batch review (`apply_many`): 提交审核, 审核通过 or 锁定 over many records at once, record by record. A record that
cannot take the step (deleted, another office's, in another status, changed since it was listed) is left as it is
and reported with the reason, and the others go ahead: a 所长 expects "审核通过 37 条；3 条未处理：…", not forty
records refused because one of them was deleted meanwhile. A role that may not take the step refuses the whole
batch before anything is written. 重新打开 is never batched: each record needs its own reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core import year_close
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.errors import Conflict, FieldProblem, NotFound, ValidationError
from fazhi_desktop.core.forms import STATUS_LABELS, LedgerDef
from fazhi_desktop.core.jobs import Cancelled, Progress, no_progress
from fazhi_desktop.core.permissions import why_not
from fazhi_desktop.core.sent_back import CLERK, CORRECTORS, STOPS, reopenings, saved_since
from fazhi_desktop.core.store import ListQuery, Record, Store


@dataclass(frozen=True)
class Step:
    """One move of the review workflow."""

    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    permission: str
    needs_reason: bool = False


#: the workflow, in the order its buttons are shown
STEPS: dict[str, Step] = {
    "submit": Step("submit", "提交审核", ("draft",), "submitted", "record.submit"),
    "review": Step("review", "审核通过", ("submitted",), "reviewed", "record.review"),
    "lock": Step("lock", "锁定", ("submitted", "reviewed"), "locked", "record.lock"),
    "reopen": Step("reopen", "重新打开", ("submitted", "reviewed", "locked"), "draft", "record.reopen", True),
}
LOCKED_BANNER = "已锁定，所长可重新打开"


def step(name: str) -> Step:
    try:
        return STEPS[name]
    except KeyError:
        raise ValueError(f"unknown review step {name!r}") from None


def blocked(store: Store, record: Record, name: str) -> str | None:
    """Why the logged-in user cannot take step `name` on `record` now (a Chinese sentence), or None if they can.

    The GUI shows this as the tooltip of a disabled button; `apply` raises it. Without a logged-in account
    (a database without accounts) only the record's status is considered.
    """
    move = step(name)
    if record.deleted:
        return "记录已删除"
    if record.township != store.township:
        return "其他单位报送的记录只能查看"
    if (closed := closed_year(store, record)) is not None:
        return closed
    if name == "lock" and (still := _open_in_closed_year(store, record)) is not None:
        return still
    if record.status not in move.sources:
        shown = STATUS_LABELS.get(record.status, record.status)
        allowed = "、".join(STATUS_LABELS[s] for s in move.sources)
        return f"记录状态为“{shown}”，只有“{allowed}”的记录可以{move.label}"
    if store.user is not None:
        return why_not(store.user, move.permission)
    return None


def change_blocked(store: Store, record: Record, delete: bool = False) -> str | None:
    """Why the logged-in user cannot change (or, with `delete`, delete) `record`, or None if they can.

    The same rules `Store.save` and `Store.delete` enforce, asked beforehand so the GUI can open the record
    read-only or disable 删除 with the reason as tooltip.
    """
    if record.deleted:
        return "记录已删除"
    if (closed := closed_year(store, record, delete)) is not None:  # the county closes no year
        return closed
    if record.status == "locked":
        return LOCKED_BANNER
    if record.township != store.township:
        return "其他单位报送的记录只能查看"
    if store.user is None:
        return None
    if record.status == "reviewed":
        if why_not(store.user, "record.edit_reviewed") is None:
            return None
        return "所长已审核，录入员不能再修改或删除（可请所长修改或重新打开）"
    return why_not(store.user, "record.delete" if delete else "record.edit")


def closed_year(store: Store, record: Record, delete: bool = False) -> str | None:
    """"2026年已封账…" when `record` is dated in a closed year (core/year_close.py): nothing may change it, not
    even 重新打开, until its year is reopened; but a matter the closing left open (still being handled, not
    locked) may be concluded, reviewed and locked, never deleted (`year_close.check_row`)."""
    ledger = store.ledger(record.ledger)
    year = year_close.closed_for(store, ledger, record.values, record.number, record.status, delete)
    return None if year is None else year_close.banner(year)


def _open_in_closed_year(store: Store, record: Record) -> str | None:
    """Why a matter a closed year left open, still being handled, cannot be locked: locked, it would be frozen with
    that year and could never take its conclusion until the year is reopened."""
    ledger = store.ledger(record.ledger)
    year = year_close.open_matter_of(store, ledger, record.values, record.number, record.status)
    if year is None or not ledger.in_progress(record.values):
        return None
    return (f"{year}年已封账，本记录办理中：填写{year_close.conclusion_named(ledger)}办结后才能锁定"
            f"（锁定后就不能再填写办结情况）")


def open_matter(store: Store, record: Record) -> str | None:
    """"2026年已封账，本记录办理中：只能填写办理和办结情况（…）" (or "本记录已于2027-01-08办结（2026年已封账）：…") when
    `record` is a matter its year's closing left open, which may change only in its conclusion
    (`year_close.check_write`): the editor shows its other fields read-only with this reason. None for any other
    record (or one nobody may change anyway)."""
    ledger = store.ledger(record.ledger)
    if record.deleted or record.township != store.township:
        return None
    year = year_close.open_matter_of(store, ledger, record.values, record.number, record.status)
    return None if year is None else year_close.open_matter_banner(ledger, year, record.values)


def sent_back(store: Store, record: Record) -> str | None:
    """Why a 草稿 is a draft again, while it still is one: the 所长 reopened it with a reason (sent it back to the
    clerk), which otherwise only its history shows, so the clerk would not know which of her drafts to correct,
    or how; to the one who reopened it (the 所长 correcting it herself) without "退回修改", or, when she chose
    退回录入员修改, that the clerk corrects it; and to others, once she chose to correct it herself (or, a reopening
    from before the choice, saved a correction since), that she is correcting it (录入员不必修改). None for a record
    never reopened, or submitted again since."""
    reopening = reopenings(store, [record]).get(record.id)  # this office's live drafts only
    if reopening is None or not reopening.reason:  # a draft's last status change is its 重新打开, with a reason
        return None
    actor, at = reopening.actor, reopening.at
    said = reopening.reason.strip().rstrip(STOPS)  # the sentence's own stop: "请补充。" read "请补充。。"
    # sent back only to someone else: the 所长 correcting a record herself is not told it was returned to her
    hers = store.user is not None and store.user.name == actor
    if reopening.own_fix and not hers:  # she corrects it herself (chose so, or saved a change): nothing to do
        return f"{actor} 于 {local_time(at)} 重新打开，正在自行修改：{said}。录入员不必修改。"
    if hers and reopening.corrector == CLERK:  # she chose 退回录入员修改: not hers to correct and submit
        return f"{actor} 于 {local_time(at)} 重新打开，{CORRECTORS[CLERK]}：{said}。录入员改好后会再提交审核。"
    back = "" if hers else "（退回修改）"
    # once she has saved her own correction, the one step left is to submit it, not 改好后请保存 as if nothing were
    # saved (a clerk's draft sent back keeps the instruction: one save of hers need not be the whole correction)
    done = hers and saved_since(store, record.id)
    then = "已保存，请点“提交审核”。" if done else "改好后请保存，再点“提交审核”。"
    return f"{actor} 于 {local_time(at)} 重新打开{back}：{said}。{then}"


#: what 通过并打开下一条 (the editor's 审核通过 and on to the next record) says when none is left awaiting review
NONE_LEFT = "本台账已没有待审核的记录"
#: the end of a list filtered by year or search while the ledger still holds records awaiting review
NONE_LEFT_IN_LIST = "当前列表中已没有待审核的记录（本台账另有待审核的记录，在其他年份或未被搜索到）"


def next_to_review(store: Store, after: Record, order: ListQuery | None = None) -> Record | None:
    """The record a reviewer goes on to from `after` (通过并打开下一条): the first 已提交 record of this office
    that the logged-in user may 审核通过 now, following `after` in the order of `order` and then round from the top.

    `order` is the ledger list the reviewer opened `after` from, as it is sorted, searched and filtered by year (its
    status filter aside: 已提交 is what is looked for, and `after` itself, just reviewed, has left it); without it,
    the ledger's records in number order. None when no record is left awaiting review (`NONE_LEFT`).
    """
    query = replace(order or ListQuery(after.ledger, sort="number", descending=False), status=None,
                    township=store.township)
    rids = store.query_rids(query)
    waiting = set(store.query_rids(replace(query, status="submitted")))
    rid = store.rid_of(after)
    start = rids.index(rid) + 1 if rid in rids else 0  # not in the list (its search no longer finds it): the top
    for candidate in (*rids[start:], *rids[:start]):
        if candidate == rid or candidate not in waiting:
            continue
        record = store.rows(after.ledger, [candidate]).get(candidate)
        if record is not None and blocked(store, record, "review") is None:
            return record
    return None


def available(store: Store, record: Record) -> dict[str, str | None]:
    """For each step: None if the logged-in user may take it on `record` now, else why not."""
    return {name: blocked(store, record, name) for name in STEPS}


def apply(store: Store, record_id: str, name: str, actor: str = "", reason: str | None = None,
          expected_revision: int | None = None, corrector: str | None = None) -> Record:
    """Take review step `name` ("submit", "review", "lock", "reopen") on a record, as the logged-in user.

    Raises PermissionDenied when the user's role may not, Conflict when the record's status does not allow it
    (or it changed meanwhile), ValidationError when 重新打开 has no reason. `actor` names the actor only for a
    database without accounts. `corrector`: who 重新打开 leaves the draft to correct (sent_back.CLERK, the default,
    or SELF), kept in its change-log entry; no other step takes one.
    """
    move = step(name)
    reason = (reason or "").strip() or None
    if move.needs_reason and not reason:
        raise ValidationError([FieldProblem("reason", "原因", f"{move.label}必须说明原因")])
    if name == "reopen":
        corrector = corrector or CLERK
    if corrector not in (None, *CORRECTORS) or (corrector is not None and name != "reopen"):
        raise ValueError(f"{move.label}: unknown corrector {corrector!r}")
    with dbmod.transaction(store.conn, move.label):  # the right asked under the write lock the change then takes
        record = store.get(record_id)
        store.permit(move.permission)
        problem = blocked(store, record, name)
        if problem is not None:
            raise Conflict(f"记录 {record.number}：{problem}")
        return store.change_status(record.id, move.target, actor, reason=reason,
                                   expected_revision=expected_revision, corrector=corrector)


# -- batch review ----------------------------------------------------------------------------------------------

#: the steps that may be taken over many records at once (重新打开 needs a reason per record)
BATCH_STEPS = ("submit", "review", "lock")


@dataclass(frozen=True)
class Refusal:
    """A record a batch left as it was, and why (a Chinese sentence)."""

    record_id: str
    number: str
    reason: str


@dataclass(frozen=True)
class BatchResult:
    """What `apply_many` did: the records now in the step's target status, the ones refused with the reason, and,
    when the batch was cancelled, the ids it did not come to (left as they were)."""

    step: Step
    done: tuple[Record, ...]
    refused: tuple[Refusal, ...]
    not_reached: tuple[str, ...] = ()

    @property
    def cancelled(self) -> bool:
        return bool(self.not_reached)

    def headline(self) -> str:
        """"审核通过 37 条；3 条未处理" (and, when cancelled, how many it did not come to)."""
        parts = [f"{self.step.label} {len(self.done)} 条"]
        if self.refused:
            parts.append(f"{len(self.refused)} 条未处理")
        if self.not_reached:
            parts.append(f"已取消，其余 {len(self.not_reached)} 条未动")
        return "；".join(parts)

    def refused_lines(self) -> list[str]:
        """One line per refused record: "〔2026〕会记字第3号：记录已删除"."""
        return [f"{r.number}：{r.reason}" for r in self.refused]


def batch_step(name: str) -> Step:
    """The step `name` if it may be taken over many records at once; ValueError for 重新打开 or an unknown name."""
    move = step(name)
    if name not in BATCH_STEPS:
        raise ValueError(f"{move.label}须逐条说明原因，不能批量进行")
    return move


def batch_blocked(store: Store, name: str) -> str | None:
    """Why the logged-in user cannot take step `name` over a batch of records at all (their role, or a county
    database, which holds only the townships' records), or None. The GUI disables its menu item with this."""
    move = batch_step(name)
    if store.is_county:
        return "县级汇总模式：各乡镇报送的记录只读，审核须由乡镇进行"
    return why_not(store.user, move.permission) if store.user is not None else None


def records_for(store: Store, ledger_name: str, name: str, year: int | None = None) -> list[Record]:
    """The live records of this office in `ledger_name` that step `name` can start from (提交审核: the 草稿s;
    锁定: the 已提交 and 所长已审核 ones), dated in `year` if given, in number order (oldest first)."""
    return own_records(store, ledger_name, step(name).sources, year)


def own_records(store: Store, ledger_name: str, statuses: tuple[str, ...], year: int | None = None) -> list[Record]:
    """The live records of this office in `ledger_name` in one of `statuses`, dated in `year` if given, in number
    order (oldest first): what a batch step (`records_for`) and a year's closing (year_close.open_records) list."""
    return store.list(ListQuery(ledger_name, year=year, status=statuses, township=store.township,
                                sort="number", descending=False))


def correctable(store: Store, record: Record) -> bool:
    """Whether the user could still correct `record` when the checks doubt it (printing asks about doubts only
    then): not at the county, which reads the townships' records, and not once locked (a 所长 reviewed and locked
    it; a closed year's records, saved before a check existed, would otherwise be questioned at every print)."""
    return not store.is_county and record.status != "locked"


def warnings_of(store: Store, records: Iterable[Record], advisory: bool = True) -> dict[str, list[str]]:
    """What the forms' plausibility checks say about each record as stored (record id -> ["结束时间早于开始时间，
    请核对"]; records without warnings are left out), so that a reviewer approving many at once sees them.
    Without `advisory`, only what they doubt (a planned date is information, not a doubt: printing asks about
    doubts alone). A warning at a field a closed year holds is information too, said as such, as the editor says it
    (year_close.held_warnings: the fields it shows read-only, which she cannot correct without a reopening)."""
    found = {}
    for record in records:
        asked, held = stored_warnings(store, store.ledger(record.ledger), record)
        messages = [w.message for w in (*asked, *held) if advisory or not w.advisory]
        if messages:
            found[record.id] = messages
    return found


def stored_warnings(store: Store, ledger: LedgerDef, record: Record, values: Mapping[str, Any] | None = None,
                    lookups: Any = None) -> tuple[list[FieldProblem], list[FieldProblem]]:
    """A stored record's warnings as its save said them (or those of the `values` shown for it in its window): the
    forms' checks, 早于已编号的… (renumber.out_of_order) and a character that prints blank (core/unprintable.py),
    split into those to act on and those at fields a closed year holds (year_close.held_warnings). One list for the
    record's window, 打印 and 打印所选记录, and 审核所选: the batch ones read the forms' checks only, and printed 🫠
    blank without asking as 打印 asks. `lookups`: the window's own (store.lookups of the record otherwise)."""
    from fazhi_desktop.core import renumber, unprintable
    from fazhi_desktop.core.validate import clean_record  # validation loads with its first use

    values = record.values if values is None else values
    lookups = store.lookups(ledger, record.values, record.id) if lookups is None else lookups
    warnings = clean_record(ledger, values, lookups).warnings
    late = renumber.out_of_order(store, ledger, record.id, record.number, values.get(ledger.date_field))
    warnings = [*warnings, *([late] if late is not None else []), *unprintable.notes(ledger, values)]
    return year_close.held_warnings(store, ledger, values, record.number, record.status, warnings)


def apply_many(store: Store, record_ids: Iterable[str], name: str, actor: str = "",
               expected: Mapping[str, int] | None = None, progress: Progress = no_progress,
               reason: str | None = None) -> BatchResult:
    """Take step `name` ("submit", "review" or "lock") on each of `record_ids`, as the logged-in user.

    Per record, each step its own revision through `apply` (so the one write path): a record that cannot take it
    now is left as it is and reported with the reason `blocked` gives (记录已删除, 其他单位报送的记录只能查看, its
    status), or, when `expected` (record id -> the revision the user saw) says it was changed since it was listed,
    with that. Raises PermissionDenied before anything is written when the user's role may not take the step,
    LoginFailed when the database has accounts and nobody is logged in, ValueError for 重新打开.
    `progress(done, total, text)` is called before each record; once it raises Cancelled (the user stopped), the
    records not yet reached are left as they were and listed in `not_reached`; those done stay done. `reason`: a
    note each record's history keeps, as `apply` takes it (`fazhi review … --reason`).
    """
    move = batch_step(name)
    store.acting(actor)  # no login on a database with accounts: refused before the first record
    store.permit(move.permission)
    ids = list(dict.fromkeys(record_ids))  # a record named twice is taken once
    done: list[Record] = []
    refused: list[Refusal] = []
    for position, record_id in enumerate(ids):
        try:
            progress(position, len(ids), f"正在{move.label}：第 {position + 1} 条，共 {len(ids)} 条")
        except Cancelled:
            return BatchResult(move, tuple(done), tuple(refused), tuple(ids[position:]))
        try:
            record = store.get(record_id, include_deleted=True)
        except NotFound:
            refused.append(Refusal(record_id, record_id, "找不到这条记录"))
            continue
        number = record.number or record.id
        problem = blocked(store, record, name)
        seen = (expected or {}).get(record.id)
        if problem is None and seen is not None and seen != record.revision:
            problem = f"列出后已被修改（现为第 {record.revision} 版），请打开查看后再{move.label}"
        if problem is not None:
            refused.append(Refusal(record.id, number, problem))
            continue
        try:
            done.append(apply(store, record.id, name, actor, reason, expected_revision=record.revision))
        except (Conflict, NotFound) as exc:  # changed between the check and the write (another program, same file)
            refused.append(Refusal(record.id, number, str(exc).removeprefix(f"记录 {number}").lstrip("：").strip()))
    return BatchResult(move, tuple(done), tuple(refused))
