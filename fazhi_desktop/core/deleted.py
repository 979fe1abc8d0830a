"""编辑 → 已删除的记录 and `fazhi undelete`: this office's deleted records, and why one cannot be brought back.

Bringing one back is `Store.restore_deleted` (the one write path, which enforces every rule); `restore_blocked` asks
the same rules beforehand, as review.change_blocked does for 删除, so the window says why before the clerk tries.
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi_desktop.core import damaged, import_undo, review
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.display import clip
from fazhi_desktop.core.history import account_names, actor_label
from fazhi_desktop.core.permissions import why_not
from fazhi_desktop.core.places import EXCEL_IMPORT
from fazhi_desktop.core.store import COUNTY_KEEPS_NO_LEDGER, DELETE_ACTION, Record, Store


@dataclass(frozen=True)
class Deleted:
    """A deleted record as the list shows it: its ledger, number, title and date, when and by whom it was deleted
    (its last revision is its deletion: a deleted record changes no more), and why it cannot be restored (None: it
    can); `undone_by`: the 撤销Excel导入 that deleted it with the rest of its import (its history note, "撤销Excel导入
    （会议1-8月.xlsx，2026-06-01 16:00 导入）"), None for a record deleted on its own."""

    record: Record
    ledger_label: str
    title: str
    day: str
    deleted_at: str
    deleted_by: str
    blocked: str | None
    undone_by: str | None = None

    def said(self) -> str:
        """The list's 说明: whether it can be restored (first: the column cuts the rest), and how it was deleted when
        by an undo ("可以恢复；撤销Excel导入（会议1-8月.xlsx，2026-06-01 16:00 导入）时删除")."""
        can = f"不能恢复：{self.blocked}" if self.blocked else "可以恢复"
        return f"{can}；{self.undone_by}时删除" if self.undone_by else can


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
        undone = {rid: import_undo.undone_by(reason) for rid, reason in store.conn.execute(
            f'SELECT c.record_id, c.reason FROM "{ledger.name}" r JOIN changes c ON c.record_id = r.id'
            " AND c.revision = r.revision AND c.op = 'delete' WHERE r.deleted = 1 AND r.township = ?",
            [store.township])}
        for record in records.values():
            title, day = record.values.get(ledger.title_field), record.values.get(ledger.date_field)
            found.append(Deleted(record, ledger.label, str(title or ""), str(day or ""),
                                 local_time(record.updated_at), actor_label(record.updated_by, names),
                                 restore_blocked(store, record), undone.get(record.id)))
    return sorted(found, key=lambda item: item.record.updated_at, reverse=True)


def by_undo(items: list[Deleted]) -> dict[str | None, int]:
    """How many of `items` each 撤销Excel导入 deleted, in the list's order, after those deleted one by one (None,
    first when any): the window's choice of which to show, so that an undone import of 2,000 rows does not bury a
    record deleted by mistake."""
    counts: dict[str | None, int] = {None: 0}
    for item in items:
        counts[item.undone_by] = counts.get(item.undone_by, 0) + 1
    return {undo: count for undo, count in counts.items() if count}


def restore_question(item: Deleted, same_undo: int) -> str:
    """What 恢复 asks about `item`; for a record an undo deleted with `same_undo - 1` others, that only this one
    comes back, and how the whole import would."""
    named = f"{item.record.number or ''}“{clip(item.title, 40)}”"
    if item.undone_by is None:
        return (f"恢复“{item.ledger_label}”台账中 {item.deleted_at} 删除的 {named} 吗？\n"
                "恢复后重新出现在列表和统计中，编号不变。")
    others = f"同时删除的其余 {same_undo - 1:,} 条仍为已删除；" if same_undo > 1 else ""
    return (f"{named} 是{item.undone_by}时删除的。\n只恢复这一条吗？{others}恢复后重新出现在列表和统计中，编号不变。\n"
            f"如果整次导入都需要，请不要逐条恢复：改好Excel文件后重新导入（{EXCEL_IMPORT}）。")


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
