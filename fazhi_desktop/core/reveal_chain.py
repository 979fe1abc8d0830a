"""The reveal log's hash chain, so that `fazhi check` sees entries deleted or changed behind the program's back.

The reveal log (core/reveals.py) answers PIPL art. 51: who showed a party's full ID number, and when. Deleted with
sqlite3 or DB Browser, it answered nothing and `fazhi check` said 全部一致. Now, as in the change log, each entry's
hash covers its content and the previous entry's hash, and a one-row table (`reveal_log_head`) holds the newest
entry's id and hash, so a deleted newest entry (or all of them) shows too. Entries are never deleted or updated:
a reveal taken back (a PDF with full numbers that could not be written) is a new entry that `withdraws` it, and
the listing leaves both out.

What a chain without a secret cannot do: someone who rewrites every hash and the head with the same formula is not
caught. It makes a quiet deletion impossible, not a deliberate forgery; the database itself is protected by the
Windows account (README, what the program protects).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from fazhi_desktop.core.db import query
from fazhi_desktop.core.ids import canonical_json, sha256_text

GENESIS = "0" * 64
#: what an entry's hash covers
FIELDS = ("id", "at", "actor", "record_id", "township", "ledger", "number", "how", "withdraws", "prev_hash")
NAME = "完整证件号查看日志"


def entry_hash(entry: Mapping[str, Any]) -> str:
    return sha256_text(canonical_json({key: entry[key] for key in FIELDS}))


def head(conn: sqlite3.Connection) -> tuple[int, str] | None:
    """The newest entry's (id, hash) as written, or None when the head is missing."""
    row = conn.execute("SELECT last_id, last_hash FROM reveal_log_head").fetchone()
    return (row[0], row[1]) if row else None


def append(conn: sqlite3.Connection, entries: list[dict[str, Any]]) -> range:
    """Write `entries` (at, actor, record_id, township, ledger, number, how, withdraws) after the head, inside the
    caller's transaction; returns their ids."""
    top = conn.execute("SELECT coalesce(max(id), 0) FROM reveal_log").fetchone()[0]
    last_id, prev = head(conn) or (top, GENESIS)
    first = max(top, last_id) + 1  # never an id taken, even by a row written behind the program's back
    for n, entry in enumerate(entries):
        row = {**entry, "id": first + n, "prev_hash": prev}
        prev = row["entry_hash"] = entry_hash(row)
        conn.execute(f"INSERT INTO reveal_log ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                     list(row.values()))
    _set_head(conn, first + len(entries) - 1, prev)
    return range(first, first + len(entries))


def chain_existing(conn: sqlite3.Connection) -> None:
    """Hash the entries a database holds from before the chain, in their order (migration 013)."""
    prev, last = GENESIS, 0
    for row in _rows(conn):
        row["prev_hash"] = prev
        prev = entry_hash(row)
        last = row["id"]
        conn.execute("UPDATE reveal_log SET prev_hash = ?, entry_hash = ? WHERE id = ?", [row["prev_hash"], prev, last])
    _set_head(conn, last, prev)


def verify(conn: sqlite3.Connection) -> tuple[int, str | None]:
    """Walk the chain: (entries checked, the first problem in Chinese or None)."""
    prev, last, checked = GENESIS, 0, 0
    for row in _rows(conn):
        checked += 1
        where = f"{NAME}第 {row['id']} 条"
        if row["prev_hash"] != prev:
            return checked, f"{where}：与前一条的链接断开（前面的条目被删除或改动）"
        if entry_hash(row) != row["entry_hash"]:
            return checked, f"{where}：条目内容被改动（摘要不符）"
        prev, last = row["entry_hash"], row["id"]
    written = head(conn)
    if written is None:
        return checked, f"{NAME}：链尾记录（reveal_log_head）缺失，无法确认条目是否完整"
    if written != (last, prev):
        return checked, f"{NAME}：最后的条目被删除（应到第 {written[0]} 条，现在只到第 {last} 条）"
    return checked, None


def _rows(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return query(conn, f"SELECT {', '.join(FIELDS)}, entry_hash FROM reveal_log ORDER BY id")


def _set_head(conn: sqlite3.Connection, last_id: int, last_hash: str) -> None:
    conn.execute("INSERT OR REPLACE INTO reveal_log_head (one, last_id, last_hash) VALUES (1, ?, ?)",
                 [last_id, last_hash])
