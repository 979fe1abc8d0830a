"""The review steps one at a time, as tests take them: short for `review.apply(store, record_id, name, ...)`,
the one way the program takes a step (the editor's review bar, 批量审核, 年度封账 and `fazhi review` call it).
They were in core/review.py, used by nothing but the tests."""

from __future__ import annotations

from fazhi_desktop.core.review import apply
from fazhi_desktop.core.store import Record, Store


def submit(store: Store, record_id: str, actor: str = "", reason: str | None = None) -> Record:
    """草稿 → 已提交 (any role)."""
    return apply(store, record_id, "submit", actor, reason)


def review(store: Store, record_id: str, actor: str = "", reason: str | None = None) -> Record:
    """已提交 → 所长已审核 (所长, 管理员)."""
    return apply(store, record_id, "review", actor, reason)


def lock(store: Store, record_id: str, actor: str = "", reason: str | None = None) -> Record:
    """已提交 or 所长已审核 → 已锁定 (所长, 管理员)."""
    return apply(store, record_id, "lock", actor, reason)


def reopen(store: Store, record_id: str, reason: str, actor: str = "", corrector: str | None = None) -> Record:
    """已提交, 所长已审核 or 已锁定 → 草稿, with a reason kept in the history (所长, 管理员), and who corrects it
    (sent_back.CLERK, the default, or SELF)."""
    return apply(store, record_id, "reopen", actor, reason, corrector=corrector)
