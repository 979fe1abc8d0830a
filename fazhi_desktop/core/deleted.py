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


def restore_by_number(store: Store, number: str, live: Record) -> str | None:
    """Why `fazhi undelete NUMBER` cannot restore a deleted record of `number` (as its numbering spells it) when the
    number names the live record `live` now (given out again after 撤销Excel导入, or a record renumbered from it):
    the window's reason, or, when the deleted one can be restored, its id to restore it by. None when no deleted
    record of this office has that number (then `live` is simply not deleted)."""
    said = []
    for ledger in store.ledgers.values():
        for (record_id,) in store.conn.execute(f'SELECT id FROM "{ledger.name}" WHERE number = ? AND deleted = 1'
                                               " AND township = ?", [number, store.township]):
            record = store.get(record_id, include_deleted=True)
            blocked = restore_blocked(store, record)
            if blocked is None:
                said.append(f"编号 {number} 现在指未删除的{store.ledger(live.ledger).label}记录 {live.id}；"
                            f"已删除的那条请按记录标识恢复：fazhi undelete {record.id}")
            elif blocked == store.number_taken(record.ledger, record.id, number):
                said.append(blocked)
            else:
                said.append(f"编号 {number} 的已删除记录（标识 {record.id}）不能恢复：{blocked}")
    return "；".join(said) or None
