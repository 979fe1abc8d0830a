"""编辑 → 已删除的记录 and `fazhi undelete`: this office's deleted records, and why one cannot be brought back.

Bringing one back is `Store.restore_deleted` (the one write path, which enforces every rule); `restore_blocked` asks
the same rules beforehand, as review.change_blocked does for 删除, so the window says why before the clerk tries.
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi_desktop.core import damaged, review
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.history import account_names, actor_label
from fazhi_desktop.core.permissions import why_not
from fazhi_desktop.core.store import COUNTY_KEEPS_NO_LEDGER, DELETE_ACTION, Record, Store


@dataclass(frozen=True)
class Deleted:
    """A deleted record as the list shows it: its ledger, number, title and date, when and by whom it was deleted
    (its last revision is its deletion: a deleted record changes no more), and why it cannot be restored (None: it
    can)."""

    record: Record
    ledger_label: str
    title: str
    day: str
    deleted_at: str
    deleted_by: str
    blocked: str | None


def deleted_records(store: Store) -> list[Deleted]:
    """This office's deleted records, the last deleted first (none at the county, which deletes nothing)."""
    if store.is_county:
        return []
    names = account_names(store)
    found: list[Deleted] = []
    for ledger in store.ledgers.values():
        rids = [row[0] for row in store.conn.execute(
            f'SELECT rid FROM "{ledger.name}" WHERE deleted = 1 AND township = ?', [store.township])]
        try:
            records = store.rows(ledger.name, rids)
        except damaged.DamagedRecords as exc:  # those the file still holds; `fazhi check` names the others
            records = exc.readable
        for record in records.values():
            title, day = record.values.get(ledger.title_field), record.values.get(ledger.date_field)
            found.append(Deleted(record, ledger.label, str(title or ""), str(day or ""),
                                 local_time(record.updated_at), actor_label(record.updated_by, names),
                                 restore_blocked(store, record)))
    return sorted(found, key=lambda item: item.record.updated_at, reverse=True)


def restore_blocked(store: Store, record: Record) -> str | None:
    """Why the logged-in user cannot restore the deleted `record` (`Store.restore_deleted`'s rules), or None."""
    if store.is_county:
        return COUNTY_KEEPS_NO_LEDGER
    if not record.deleted:
        return "记录没有删除"
    if record.township != store.township:
        return "其他单位报送的记录只能查看"
    closed = review.closed_year(store, record, delete=True)
    if closed is not None:
        return closed
    taken = store.number_taken(record.ledger, record.id, record.number)
    if taken is not None:
        return taken
    if store.user is None:
        return None
    if record.status == "reviewed" and why_not(store.user, "record.edit_reviewed") is not None:
        return "所长已审核的记录，须由所长恢复"
    return why_not(store.user, DELETE_ACTION.get(record.status, "record.delete"))
