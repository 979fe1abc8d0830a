"""Conflicts between bundles, and how the county settles them (county side).

A conflict is a record that arrived with the revision the county already holds but with other content (the
township restored a backup and edited again, or two PCs of one office sent the same record). Import never
overwrites: it keeps the incoming version in `conflicts` and the held one in the ledger (core/bundle/apply.py).
Here a 所长 or 管理员 looks at both, field by field, and decides:
- keep the held version: the conflict is closed, and that version counts: one set aside while the conflict waited
  (the township restored a backup, core/bundle/lost.py) is counted again;
- take the incoming version: it replaces the held one, exactly as the township sent it (its content hash and
  search index follow), in one transaction with closing the conflict. The version replaced is kept in the
  conflict (`replaced`), so nothing the county held is lost and the comparison can still be read afterwards.
A conflict whose record has meanwhile arrived in a higher revision is moot: it can only be closed, as 已被新版本取代.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.bundle.collect import META_KEYS
from fazhi_desktop.core.bundle.lost import KEPT, has_set_aside, set_aside
from fazhi_desktop.core.clock import local_time, utc_iso
from fazhi_desktop.core.divisions import town_label
from fazhi_desktop.core.errors import Conflict, NotFound
from fazhi_desktop.core.history import FieldChange, diff_contents
from fazhi_desktop.core.ids import canonical_json
from fazhi_desktop.core.store import Record, Store, write_received

log = logging.getLogger(__name__)

KEEP_HELD, TAKE_INCOMING, SUPERSEDED = KEPT, "incoming", "superseded"
#: how each way of closing a conflict reads
RESOLUTION_LABELS = {KEEP_HELD: "保留本县原有版本", TAKE_INCOMING: "采用新收到的版本", SUPERSEDED: "已被新版本取代"}
#: said of a conflict settled by keeping the county's version while the county still holds it (receipt_kept.py): the
#: township still has the other one, and its next edit of the record replaces the one kept
KEPT_TOLD = ("乡镇现在仍是新收到的那一版：以后写给该乡镇的回执会列出这条记录和不同的项目（不含内容），"
             "请乡镇按纸质材料核对；乡镇修改这条记录并报送后，县里以乡镇修改后的为准")
#: what the comparison says when the two versions differ only where nobody reads (unfilled on one side, blank on
#: the other): their content hashes differ, so it is a conflict all the same
SAME_TO_READ = "两版各项读起来相同（只在看不出的地方不同，如一边未填、一边是空白）"


@dataclass(frozen=True)
class BundleConflict:
    """One conflict with both versions: `held` is the county's record now (None if it has gone), `incoming` the
    content the bundle brought (ledger, id, township, number, revision, status, deleted, remarks, values)."""

    id: int
    township: str
    ledger: str
    record_id: str
    revision: int
    bundle_id: str
    detected_at: str
    incoming: dict[str, Any]
    incoming_hash: str
    incoming_meta: dict[str, str]
    held_hash: str
    held: Record | None
    resolved_at: str | None
    resolved_by: str | None
    resolution: str | None
    #: the held version's content and meta as they were when the incoming one replaced it
    replaced: dict[str, Any] | None = None

    @property
    def number(self) -> str | None:
        return self.incoming.get("number") or (self.held.number if self.held else None)

    @property
    def open(self) -> bool:
        return self.resolved_at is None

    @property
    def superseded(self) -> bool:
        """The county holds a newer revision than the one in conflict: nothing left to decide."""
        return self.held is None or self.held.revision > self.revision

    @property
    def kept_standing(self) -> bool:
        """Settled by keeping the county's version, which the county still holds (the township has not sent the
        record again since): the township is told on its receipts (`KEPT_TOLD`)."""
        return (self.resolution == KEEP_HELD and self.held is not None and self.held.revision == self.revision
                and self.held.content_hash == self.held_hash)

    @property
    def status_text(self) -> str:
        if self.open:
            return "已被新版本取代（可关闭）" if self.superseded else "待处理"
        return f"已处理：{RESOLUTION_LABELS.get(self.resolution or '', '')}（{self.resolved_by}）"


def list_conflicts(store: Store, township: str | None = None, include_resolved: bool = False) -> list[BundleConflict]:
    """The conflicts held, oldest first; open ones only unless `include_resolved`."""
    where, params = ["1 = 1"], []
    if township:
        where.append("township = ?")
        params.append(township)
    if not include_resolved:
        where.append("resolved_at IS NULL")
    rows = store.query(f"SELECT * FROM conflicts WHERE {' AND '.join(where)} ORDER BY detected_at, id", params)
    return [_conflict(store, row) for row in rows]


def get_conflict(store: Store, conflict_id: int) -> BundleConflict:
    rows = store.query("SELECT * FROM conflicts WHERE id = ?", [conflict_id])
    if not rows:
        raise NotFound(f"没有编号为 {conflict_id} 的冲突")
    return _conflict(store, rows[0])


def differences(store: Store, conflict: BundleConflict) -> list[FieldChange]:
    """Field by field, the county's version (`before`: the one replaced, once the incoming one was taken) and the
    incoming one (`after`) as a person reads them, as a record's history compares two revisions
    (`history.diff_contents`): only the fields that differ, a group's rows one by one (当事人第2行·联系电话), ID numbers
    and phones masked (a change in the masked digits is said). A field unfilled on one side and blank on the other
    is no difference: when nothing else differs, the list is empty and the view says `SAME_TO_READ`."""
    if conflict.replaced is not None:
        held = conflict.replaced["content"]
    elif conflict.held is not None:
        held = _content(store, conflict.held)
    else:
        held = None  # the county no longer has the record: every filled field of the incoming one
    return diff_contents(store.ledger(conflict.ledger), held, conflict.incoming, store=store)


def _content(store: Store, record: Record) -> dict[str, Any]:
    """A held record in the shape of bundle content (`Store.content`), as far as `differences` compares it."""
    return {"number": record.number, "status": record.status, "deleted": record.deleted,
            "remarks": record.values.get("remarks"),
            "values": store.ledger(record.ledger).content_values(record.values)}


def resolve_conflict(store: Store, conflict_id: int, keep: str, actor: str) -> BundleConflict:
    """Close a conflict: `keep` is "held" or "incoming" (see the module docstring). Needs a 所长 or 管理员.

    Raises Conflict when the choice no longer applies (already closed; the record has a newer revision, so only
    "held" closes it), NotFound for an unknown id, PermissionDenied for a role that may not decide."""
    if keep not in (KEEP_HELD, TAKE_INCOMING):
        raise ValueError(f"keep must be {KEEP_HELD!r} or {TAKE_INCOMING!r}")
    actor = store.acting(actor)
    with dbmod.transaction(store.conn):
        store.permit("bundle.resolve")  # under the write lock: a role taken away meanwhile decides nothing
        conflict = get_conflict(store, conflict_id)
        if not conflict.open:
            raise Conflict(f"冲突 {conflict_id} 已于 {local_time(conflict.resolved_at)} 处理（{conflict.status_text}）")
        resolution, replaced = keep, None
        if conflict.superseded:
            if keep == TAKE_INCOMING:
                raise Conflict(f"记录 {conflict.number or conflict.record_id} 已收到更新的第 "
                               f"{conflict.held.revision if conflict.held else '?'} 版，不能再采用第 "
                               f"{conflict.revision} 版；请关闭此冲突（保留现有版本）")
            resolution = SUPERSEDED
        elif keep == TAKE_INCOMING:
            ledger = store.ledger(conflict.ledger)
            held_row = store.query(f'SELECT * FROM "{ledger.name}" WHERE id = ?', [conflict.record_id])[0]
            if held_row["township"] != conflict.township:  # import no longer keeps one (core/bundle/records.py)
                raise Conflict(f"记录 {conflict.number or conflict.record_id} 是{town_label(held_row['township'])}"
                               f"的，新收到的版本来自{town_label(conflict.township)}：不能采用，请关闭此冲突（保留现有版本）")
            replaced = canonical_json({"content": store.content(ledger, held_row),
                                       "content_hash": held_row["content_hash"],
                                       "meta": {k: held_row[k] for k in META_KEYS}})
            write_received(store, ledger, conflict.incoming, conflict.incoming_hash, conflict.incoming_meta, held_row)
            # the version replaced is now the one in question for any other incoming variant of this revision
            store.conn.execute(
                "UPDATE conflicts SET held_hash = ? WHERE record_id = ? AND revision = ? AND resolved_at IS NULL"
                " AND id != ?", [conflict.incoming_hash, conflict.record_id, conflict.revision, conflict_id])
        store.conn.execute("UPDATE conflicts SET resolved_at = ?, resolved_by = ?, resolution = ?, replaced = ?"
                           " WHERE id = ?", [utc_iso(store.clock()), actor, resolution, replaced, conflict_id])
        # the version decided on counts: the township's own taken, or the county's kept (lost.py)
        if resolution != SUPERSEDED and has_set_aside(store, conflict.township):
            before = store.aside_of([conflict.record_id])
            set_aside(store, conflict.township, conflict.bundle_id)
            if before and not store.aside_of([conflict.record_id]):
                log.info("conflict %d settled (%s): its record is counted again, no longer set aside", conflict_id,
                         resolution)
    return get_conflict(store, conflict_id)


def _conflict(store: Store, row: dict[str, Any]) -> BundleConflict:
    line = json.loads(row["incoming"])  # the record line as the bundle carried it, verified at import
    try:
        held = store.get(row["record_id"], include_deleted=True)
    except NotFound:
        held = None
    return BundleConflict(
        id=row["id"], township=row["township"], ledger=row["ledger"], record_id=row["record_id"],
        revision=row["revision"], bundle_id=row["bundle_id"], detected_at=row["detected_at"],
        incoming=line["content"], incoming_hash=row["incoming_hash"], incoming_meta=line["meta"],
        held_hash=row["held_hash"], held=held, resolved_at=row["resolved_at"], resolved_by=row["resolved_by"],
        resolution=row.get("resolution"), replaced=json.loads(row["replaced"]) if row.get("replaced") else None,
    )
