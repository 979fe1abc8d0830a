"""Records the county holds that a township no longer has.

A township that restores a backup and carries on abandons the part of its history made after the backup; its next
bundle says so (its change log differs from the one the county holds: `apply._apply_changes` keeps the new one).
Records whose state at the county is not in the township's change log any more came from the abandoned part: a
record created after the backup, or a later version of one the township now holds in an earlier version. They are
*set aside* (table `set_aside`, migration 011): kept and listed, left out of the indicators, and taken back as soon
as a bundle brings a state the township's log has (a “全部数据” bundle brings every record the township has).
"""

from __future__ import annotations

from fazhi_desktop.core.clock import utc_iso
from fazhi_desktop.core.store import Store


def lost_states(store: Store, township: str) -> dict[str, tuple[str, str | None, bool]]:
    """record id -> (ledger, number, deleted) of the township's records whose state the county holds is not in
    the township's change log as the county now holds it."""
    lost: dict[str, tuple[str, str | None, bool]] = {}
    for ledger in store.ledgers.values():
        for record_id, number, deleted in store.conn.execute(
                f'SELECT id, number, deleted FROM "{ledger.name}" AS r WHERE township = ? AND NOT EXISTS ('
                "SELECT 1 FROM received_changes AS c WHERE c.record_id = r.id AND c.revision = r.revision"
                " AND c.content_hash = r.content_hash AND c.township = r.township)", [township]):
            lost[record_id] = (ledger.name, number, bool(deleted))
    return lost


def has_set_aside(store: Store, township: str) -> bool:
    return store.conn.execute("SELECT 1 FROM set_aside WHERE township = ? LIMIT 1", [township]).fetchone() is not None


def set_aside(store: Store, township: str, bundle_id: str) -> list[str]:
    """Set aside the township's live records that it no longer has (inside the caller's transaction), taking back
    those a bundle has brought again; returns their numbers (or ids), as the report names them."""
    store.conn.execute("DELETE FROM set_aside WHERE township = ?", [township])
    lost = [(record_id, ledger, number) for record_id, (ledger, number, deleted) in
            lost_states(store, township).items() if not deleted]
    at = utc_iso(store.clock())
    store.conn.executemany("INSERT INTO set_aside (record_id, township, ledger, number, bundle_id, at)"
                           " VALUES (?, ?, ?, ?, ?, ?)",
                           [(record_id, township, ledger, number, bundle_id, at) for record_id, ledger, number in lost])
    return [number or record_id for record_id, _ledger, number in lost]

