"""Records the county holds that a township no longer has.

A township that restores a backup and carries on abandons the part of its history made after the backup; its next
bundle says so (its change log differs from the one the county holds: `apply._apply_changes` keeps the new one).
Records whose state at the county is not in the township's change log any more came from the abandoned part: a
record created after the backup, or a later version of one the township now holds in an earlier version. They are
*set aside* (table `set_aside`, migration 011): kept and listed, left out of the indicators, and taken back as soon
as a bundle brings a state the township's log has (a “全部数据” bundle brings every record the township has).

A township that re-installed (a new database: its log shares no entry with the one held) has not abandoned
anything: it lost its copy, and the county holds the only one. The earlier install's log is kept apart
(`earlier_changes`, migration 017), and a record whose state is in it is the township's as much as one in the
current log: counted, never set aside. When that install comes back (the one enrolled as its re-install was a
test install enrolled by mistake: `apply._resume_earlier_install`), its log is the current one again and the stray
install's is dropped: the stray's records, in no log, are set aside here like an abandoned history's.

A record in conflict (the township sent its revision again with other content) whose county version was set aside
stays so while the conflict waits. A reviewer who keeps the county's version (core/bundle/conflicts.py) decides that
it counts against the township's version it turned down: that version is not set aside again while the township's
log still holds the one turned down. A township that restores an older backup again gives that one up as well; the
kept version is then one it no longer has, set aside and corrected like any other.
"""

from __future__ import annotations

from fazhi_desktop.core.clock import utc_iso
from fazhi_desktop.core.store import Store

#: conflicts.resolution of a conflict settled by keeping the county's version (conflicts.KEEP_HELD)
KEPT = "held"


def lost_states(store: Store, township: str) -> dict[str, tuple[str, str, bool]]:
    """record id -> (ledger, how a reviewer names it: 编号（标题）, deleted) of the township's records whose state
    the county holds is neither in the township's change log as the county now holds it nor in an earlier
    install's (`township_logs`), nor the version a reviewer kept in settling a conflict over it (while the township's
    log holds the version turned down)."""
    lost: dict[str, tuple[str, str, bool]] = {}
    for ledger in store.ledgers.values():
        for record_id, number, title, deleted in store.conn.execute(
                f'SELECT id, number, "{ledger.title_field}", deleted FROM "{ledger.name}" AS r WHERE township = ?'
                " AND NOT EXISTS (SELECT 1 FROM township_logs AS c WHERE c.record_id = r.id"
                " AND c.revision = r.revision AND c.content_hash = r.content_hash AND c.township = r.township)"
                " AND NOT EXISTS (SELECT 1 FROM conflicts AS k WHERE k.record_id = r.id AND k.revision = r.revision"
                f" AND k.held_hash = r.content_hash AND k.resolution = '{KEPT}'"
                # the keep stands while the township still has the version the reviewer turned down
                " AND EXISTS (SELECT 1 FROM township_logs AS t WHERE t.record_id = k.record_id"
                " AND t.revision = k.revision AND t.content_hash = k.incoming_hash AND t.township = k.township))",
                [township]):
            named = f"{number or record_id}（{title}）" if title else (number or record_id)
            lost[record_id] = (ledger.name, named, bool(deleted))
    return lost


def in_current_log(store: Store, township: str, record_id: str, revision: int, content_hash: str) -> bool:
    """Whether this version of a record is in the township's change log as the county now holds it."""
    return store.conn.execute(
        "SELECT 1 FROM received_changes WHERE record_id = ? AND revision = ? AND content_hash = ? AND township = ?",
        [record_id, revision, content_hash, township]).fetchone() is not None


def has_set_aside(store: Store, township: str) -> bool:
    return store.conn.execute("SELECT 1 FROM set_aside WHERE township = ? LIMIT 1", [township]).fetchone() is not None


def set_aside(store: Store, township: str, bundle_id: str) -> tuple[list[str], list[str]]:
    """Set aside the township's live records whose version it no longer has (inside the caller's transaction),
    taking back those a bundle has brought again; returns those this bundle set aside, as the report names them
    (编号（标题）), and when each of the others still set aside first was. A record already set aside keeps when and
    by which bundle it was first (`at`: a receipt names it once, receipt_lost.py), and is not the import's news
    again: every later bundle listed them all under 需要处理 with 写回执给乡镇 while the receipt named none."""
    first = {row[0]: (row[1], row[2]) for row in store.conn.execute(
        "SELECT record_id, bundle_id, at FROM set_aside WHERE township = ?", [township])}
    store.conn.execute("DELETE FROM set_aside WHERE township = ?", [township])
    lost = [(record_id, ledger, named) for record_id, (ledger, named, deleted) in
            lost_states(store, township).items() if not deleted]
    now = (bundle_id, utc_iso(store.clock()))
    store.conn.executemany("INSERT INTO set_aside (record_id, township, ledger, number, bundle_id, at)"
                           " VALUES (?, ?, ?, ?, ?, ?)",
                           [(record_id, township, ledger, named, *first.get(record_id, now))
                            for record_id, ledger, named in lost])
    return ([named for record_id, _ledger, named in lost if record_id not in first],
            [first[record_id][1] for record_id, _ledger, _named in lost if record_id in first])

