"""退回: the drafts a 所长 (or 管理员) reopened with a reason and nobody has submitted again, which the clerk must
correct. A draft's status changes once it is reopened (草稿 is left only by 提交审核, and reached again only by
重新打开, whose reason the change log keeps), so a draft of this office with any status change in its history is one
sent back, and its last status change says who reopened it, when and why. Found in the change log alone, one query a
list's page (its drafts) or a list (`ListQuery.sent_back`): the ledger list marks the rows “草稿·退回” with the reason
in the tooltip (qt/ledger_model.py) and filters to them (退回待改), `fazhi list` marks them and `fazhi show` gives the
reason; the editor's banner is review.sent_back."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fazhi_desktop.core.clock import local_time

if TYPE_CHECKING:
    from fazhi_desktop.core.store import Record, Store

#: what a list says after a sent-back draft's status (草稿·退回)
MARK = "退回"
#: the list's status filter that shows them
FILTER = "退回待改"
FILTER_TIP = "只列出所长重新打开（退回）、尚未再次提交的草稿；状态标“草稿·退回”，悬停可见退回的原因"


def sent_back_where(table: str) -> str:
    """The SQL condition that a row of ledger table `table` is a draft sent back (`ListQuery.sent_back`): its
    status changes read through the change log's index on record_id, for the drafts alone."""
    return (f"status = 'draft' AND EXISTS (SELECT 1 FROM changes c WHERE c.record_id = \"{table}\".id"
            " AND c.op = 'status')")


@dataclass(frozen=True)
class Reopening:
    """Who sent a draft back, when (stored UTC time) and why."""

    actor: str
    at: str
    reason: str

    def said(self) -> str:
        """"杨芳 于 2026-11-28 10:00 退回：结束时间早于开始时间，请按会议记录改正" (the list's tooltip,
        `fazhi show`)."""
        return f"{self.actor} 于 {local_time(self.at)} {MARK}：{self.reason.strip()}"


def reopenings(store: Store, records: Iterable[Record | None]) -> dict[str, Reopening]:
    """Record id -> its last reopening, for those of `records` that are this office's live drafts sent back: one
    query for a list's page (its drafts only are asked)."""
    ids = [r.id for r in records if r is not None and r.status == "draft" and not r.deleted
           and r.township == store.township]
    found: dict[str, Reopening] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        # SQLite takes the bare columns from the row max() chose: the last status change of each record
        rows = store.conn.execute(
            "SELECT record_id, actor, at, reason, max(seq) FROM changes WHERE op = 'status' AND record_id IN "
            f"({','.join('?' for _ in chunk)}) GROUP BY record_id", chunk)
        found.update({rid: Reopening(actor, at, reason or "") for rid, actor, at, reason, _seq in rows})
    return found


def mark(status_text: str, reopening: Reopening | None) -> str:
    """A list's status cell: "草稿·退回" for a draft sent back, else as it was."""
    return f"{status_text}·{MARK}" if reopening is not None else status_text
