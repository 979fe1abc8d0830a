"""The county as a witness of a township's change log: each receipt the township imported confirmed an entry of its
log (core/bundle/receipts.py, by a tag the township checks against its own entry); the township keeps that entry's
position and hash (`receipt_anchors`, migration 033) and `fazhi check` compares them with the log.

The change log's chain is SHA-256 keyed by nothing: whoever holds the database file can rewrite a record in every
revision and compute the chain again, and the chain alone then says nothing. An entry the county received cannot be
rewritten so without its anchor no longer matching, nor taken out with the entries after it (the rest of a chain is
still a chain): the log then ends before an anchor. No restore makes either: the anchors are in the same file, and a
backup holds those of its own log (an older backup restored has fewer; a receipt that confirms more than the log holds
keeps no anchor: the receipt's own lost/补录 flow tells what the county holds). So one who knows to delete them escapes
this check too; the county's next import of a bundle does not (its received log differs: 变更日志与之前收到的不同).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fazhi_desktop.core import damaged
from fazhi_desktop.core.clock import is_utc_iso, office_date

if TYPE_CHECKING:
    from fazhi_desktop.core.store import Store


def keep(store: Store, seq: int, written_at: str | None, now: str) -> None:
    """Keep the entry `seq` a receipt written at `written_at` confirmed (its tag was this log's entry); inside the
    import's transaction. The first receipt that confirmed an entry is the one named."""
    store.conn.execute("INSERT OR IGNORE INTO receipt_anchors (seq, entry_hash, written_at, imported_at)"
                       " SELECT seq, entry_hash, ?, ? FROM changes WHERE seq = ?", [written_at, now, seq])


def rewritten(store: Store) -> str | None:
    """What `fazhi check` says when an entry a receipt confirmed is no longer the one the county received (the
    first such anchor; those after it differ by the chain), or is no longer in a log that ends before it (the last
    such anchor), or None. Reads only."""
    sql = ("SELECT a.seq, a.written_at, a.imported_at, c.seq IS NULL AS gone FROM receipt_anchors a"
           " LEFT JOIN changes c ON c.seq = a.seq"
           " WHERE c.entry_hash != a.entry_hash OR a.seq > (SELECT coalesce(max(seq), 0) FROM changes)"
           " ORDER BY gone, CASE WHEN c.seq IS NULL THEN -a.seq ELSE a.seq END")
    try:
        rows = store.query(sql)
    except damaged.DamagedRows as exc:  # a bad sector in a time: the next one is named (the damage is, elsewhere)
        rows = exc.readable()
    if not rows:
        return None
    seq, written_at, imported_at = rows[0]["seq"], rows[0]["written_at"], rows[0]["imported_at"]
    receipt = (f"县里 {office_date(written_at)} 的回执" if is_utc_iso(written_at)
               else f"本所 {office_date(imported_at)} 导入的县里回执" if is_utc_iso(imported_at) else "县里回执")
    if rows[0]["gone"]:
        last = store.conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0]
        said = (f"变更日志只到第 {last} 条，而{receipt}确认过第 {seq} 条：本数据库在县里收到之后被改写过"
                f"（或从另一个数据库恢复），第 {last + 1}{f' 至 {seq}' if seq > last + 1 else ''} 条"
                "县里收到的修改历史已不在本数据库中，")
    else:
        said = (f"变更日志第 {seq} 条与{receipt}所记不符：本数据库在县里收到之后被改写过（或从另一个数据库恢复），"
                f"第 {seq} 条及以前的修改历史已不是县里收到的样子，")
    return (said + "其他各项检查一致也不能说明记录未被改动。"
            "请从此前做的备份恢复（选恢复时检查没有发现问题的一份），并请县司法局核对：县里保存着收到的记录"
            "和各版的摘要，可以查出哪些记录与县里收到的不同")
