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
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi_desktop.core.errors import Conflict, FieldProblem, ValidationError
from fazhi_desktop.core.forms import STATUS_LABELS
from fazhi_desktop.core.permissions import require, why_not
from fazhi_desktop.core.store import Record, Store


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


def available(store: Store, record: Record) -> dict[str, str | None]:
    """For each step: None if the logged-in user may take it on `record` now, else why not."""
    return {name: blocked(store, record, name) for name in STEPS}


def apply(store: Store, record_id: str, name: str, actor: str = "", reason: str | None = None,
          expected_revision: int | None = None) -> Record:
    """Take review step `name` ("submit", "review", "lock", "reopen") on a record, as the logged-in user.

    Raises PermissionDenied when the user's role may not, Conflict when the record's status does not allow it
    (or it changed meanwhile), ValidationError when 重新打开 has no reason. `actor` names the actor only for a
    database without accounts.
    """
    move = step(name)
    reason = (reason or "").strip() or None
    if move.needs_reason and not reason:
        raise ValidationError([FieldProblem("reason", "原因", f"{move.label}必须说明原因")])
    record = store.get(record_id)
    if store.user is not None:
        require(store.user, move.permission)
    problem = blocked(store, record, name)
    if problem is not None:
        raise Conflict(f"记录 {record.number}：{problem}")
    return store.change_status(record.id, move.target, actor, reason=reason,
                               expected_revision=expected_revision)


def submit(store: Store, record_id: str, actor: str = "", reason: str | None = None) -> Record:
    """草稿 → 已提交 (any role)."""
    return apply(store, record_id, "submit", actor, reason)


def review(store: Store, record_id: str, actor: str = "", reason: str | None = None) -> Record:
    """已提交 → 所长已审核 (所长, 管理员)."""
    return apply(store, record_id, "review", actor, reason)


def lock(store: Store, record_id: str, actor: str = "", reason: str | None = None) -> Record:
    """已提交 or 所长已审核 → 已锁定 (所长, 管理员)."""
    return apply(store, record_id, "lock", actor, reason)


def reopen(store: Store, record_id: str, reason: str, actor: str = "") -> Record:
    """已提交, 所长已审核 or 已锁定 → 草稿, with a reason kept in the history (所长, 管理员)."""
    return apply(store, record_id, "reopen", actor, reason)
