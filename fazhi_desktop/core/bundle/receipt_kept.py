"""The conflicts a reviewer settled by keeping the county's version, told to the township on its receipt.

A township that restored a backup and edited a record again sent the revision the county held with other content;
the reviewer compared the two and kept the county's (core/bundle/conflicts.py). The county counts its version; the
township still holds the one turned down, at the same revision, and was told nothing: its own 本年度指标 read the
other version, and its next edit of the record (a higher revision) replaced the county's kept version without anyone
noticing. Each receipt now names such records while the county still holds the version kept and the township's log
the version turned down: by ledger, number, id, date and revision, with the labels of the fields that differ
(地点, 当事人第2行·联系电话), never their values (the receipt is signed, not encrypted: `receipt_lost`). The
township, which looks each one up in its own database, is told which fields to check against its paper and what its
next edit does.

    "kept": [{"ledger": "meeting", "number": "〔2026〕会记字第1号", "id": "…", "date": "2026-03-05", "revision": 2,
              "fields": ["地点"]}, ...]

A receipt of an earlier version carries no "kept" and an earlier township reads past it.
"""

from __future__ import annotations

from typing import Any

from fazhi_desktop.core.bundle.conflicts import KEEP_HELD, differences, get_conflict
from fazhi_desktop.core.bundle.receipt_lost import _day_word as day_word
from fazhi_desktop.core.errors import NotFound
from fazhi_desktop.core.store import Store

KEY = "kept"
MAX_LISTED = 200  # as many as `receipt_lost` lists: a township never has nearly so many

#: the conflicts settled by keeping the county's version that still stand: the county holds that version and the
#: township's log the version turned down (as core/bundle/lost.py reads a keep)
_STANDING_SQL = ("SELECT k.id, k.ledger FROM conflicts AS k WHERE k.township = ? AND k.resolution = ?"
                 " AND EXISTS (SELECT 1 FROM township_logs AS t WHERE t.record_id = k.record_id"
                 " AND t.revision = k.revision AND t.content_hash = k.incoming_hash AND t.township = k.township)"
                 " ORDER BY k.resolved_at, k.id")


def held_kept(store: Store, township: str) -> list[dict[str, Any]]:
    """At the county: the township's records whose conflict was settled by keeping the county's version, that version
    still held, the township's log still holding the other one; for its receipt."""
    out: list[dict[str, Any]] = []
    for conflict_id, ledger_name in store.conn.execute(_STANDING_SQL, [township, KEEP_HELD]).fetchall():
        if ledger_name not in store.ledgers:
            continue
        conflict = get_conflict(store, conflict_id)
        held = conflict.held
        # never another township's record (a conflict an earlier build let in: conflicts.resolve_conflict)
        if not conflict.kept_standing or held is None or held.township != township:
            continue
        ledger = store.ledgers[ledger_name]
        out.append({"ledger": ledger_name, "number": held.number, "id": held.id,
                    "date": held.values.get(ledger.date_field), "revision": held.revision,
                    "fields": [d.label for d in differences(store, conflict)]})
    return out[:MAX_LISTED]


def read_kept(receipt: dict[str, Any], store: Store) -> str | None:
    """At the township: what the clerk is told of the records the county kept in its own version, those still at
    the revision the county named (one edited since was sent again, and the county takes that); None when none."""
    lines = still_here(receipt.get(KEY), store, "：各项读起来相同")
    if not lines:
        return None
    return ("县里处理了本所记录的冲突，保留的是县里原有的版本，与本所现在的不同（本所从备份恢复后又修改过这些记录，"
            "县里收到了同一版本的两份不同内容）。县里按县里的版本计入指标；不同的项目：\n" + "\n".join(lines) +
            "\n请按纸质材料核对所列项目，向县司法局问清县里保留的内容：本所的不对的，请改成与县里一致后导出数据包报送；"
            "本所的是对的，请告诉县司法局。本所修改这些记录并报送后，县里以本所修改后的为准")


def still_here(entries: Any, store: Store, same: str = "") -> list[str]:
    """At the township: a receipt's list of records named with the fields that differ (`kept`, `late_edits`), one
    line each (kind, number, date: fields; `same` when none differ) of those this database holds still at the
    revision named; entries it cannot read are passed over."""
    if not isinstance(entries, list):
        return []
    lines = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        try:
            record = store.get(entry["id"])
        except NotFound:  # deleted here since, or not this database's
            continue
        if record.revision != entry.get("revision"):
            continue
        ledger = store.ledgers[record.ledger]
        dated = f"（{day_word(ledger)} {entry['date']}）" if isinstance(entry.get("date"), str) else ""
        fields = [f for f in entry.get("fields") or [] if isinstance(f, str)]
        differ = f"：{'、'.join(fields)}" if fields else same
        lines.append(f"{ledger.label} {record.number or record.id}{dated}{differ}")
    return lines
