"""The reveal log's hash chain, so that `fazhi check` sees entries deleted or changed behind the program's back.

The reveal log (core/reveals.py) answers PIPL art. 51: who showed a party's full ID number, and when. Deleted with
sqlite3 or DB Browser, it answered nothing and `fazhi check` said 全部一致. Now, as in the change log, each entry's
hash covers its content and the previous entry's hash, and a one-row table (`reveal_log_head`) holds the newest
entry's id and hash, so a deleted newest entry (or all of them) shows too. Entries are never deleted or updated:
a reveal taken back (a PDF with full numbers that could not be written) is a new entry that `withdraws` it, and
the listing leaves both out.

The year log (core/year_close.py: a year's ledgers closed and reopened) is kept the same way, as a `Chain` of its own.

What a chain without a secret cannot do: someone who rewrites every hash and the head with the same formula is not
caught. It makes a quiet deletion impossible, not a deliberate forgery; the database itself is protected by the
Windows account (README, what the program protects).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fazhi_desktop.core.db import query
from fazhi_desktop.core.ids import canonical_json, sha256_text

GENESIS = "0" * 64
#: what an entry's hash covers; `reason` and `shown` (migration 029) only where given, so that the entries written
#: before them still verify (OPTIONAL)
FIELDS = ("id", "at", "actor", "record_id", "township", "ledger", "number", "how", "withdraws", "prev_hash", "reason",
          "shown")
OPTIONAL = ("reason", "shown")
NAME = "完整证件号查看日志"


@dataclass(frozen=True)
class Chain:
    """A hash-chained log: its table (with `id`, `prev_hash`, `entry_hash`), the one-row table holding its newest
    entry's id and hash, the columns an entry's hash covers, and its name in `fazhi check`'s messages. `optional`:
    columns added later, covered only where an entry has a value (an older entry's hash stays as it was written;
    a value put into one, or one taken out, still breaks it)."""

    table: str
    head_table: str
    fields: tuple[str, ...]
    name: str
    optional: tuple[str, ...] = ()


REVEALS = Chain("reveal_log", "reveal_log_head", FIELDS, NAME, OPTIONAL)


def entry_hash(entry: Mapping[str, Any], chain: Chain = REVEALS) -> str:
    return sha256_text(canonical_json({key: entry[key] for key in chain.fields
                                       if key not in chain.optional or entry.get(key) is not None}))


def head(conn: sqlite3.Connection, chain: Chain = REVEALS) -> tuple[int, str] | None:
    """The newest entry's (id, hash) as written, or None when the head is missing."""
    row = conn.execute(f"SELECT last_id, last_hash FROM {chain.head_table}").fetchone()
    return (row[0], row[1]) if row else None


def append(conn: sqlite3.Connection, entries: list[dict[str, Any]], chain: Chain = REVEALS,
           after: str | None = None) -> range:
    """Write `entries` (for the reveal log: at, actor, record_id, township, ledger, number, how, withdraws, and where
    given reason and shown) after the head, inside the caller's transaction; returns their ids. `after`: the hash
    the first entry links to instead of the head's (a restore carrying an entry whose link was broken keeps it
    broken: core/backup/carry.py)."""
    top = conn.execute(f"SELECT coalesce(max(id), 0) FROM {chain.table}").fetchone()[0]
    last_id, prev = head(conn, chain) or (top, GENESIS)
    prev = after if after is not None else prev
    first = max(top, last_id) + 1  # never an id taken, even by a row written behind the program's back
    for n, entry in enumerate(entries):
        row = {**entry, "id": first + n, "prev_hash": prev}
        prev = row["entry_hash"] = entry_hash(row, chain)
        conn.execute(f"INSERT INTO {chain.table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                     list(row.values()))
    _set_head(conn, first + len(entries) - 1, prev, chain)
    return range(first, first + len(entries))


def chain_existing(conn: sqlite3.Connection, chain: Chain = REVEALS) -> None:
    """Hash the entries a database holds from before the chain, in their order (migration 013); with none, the
    head of an empty log."""
    prev, last = GENESIS, 0
    for row in _rows(conn, chain):
        row["prev_hash"] = prev
        prev = entry_hash(row, chain)
        last = row["id"]
        conn.execute(f"UPDATE {chain.table} SET prev_hash = ?, entry_hash = ? WHERE id = ?",
                     [row["prev_hash"], prev, last])
    _set_head(conn, last, prev, chain)


def verify(conn: sqlite3.Connection, chain: Chain = REVEALS) -> tuple[int, str | None]:
    """Walk the chain: (entries checked, the first problem in Chinese or None)."""
    prev, last, checked = GENESIS, 0, 0
    for row in _rows(conn, chain):
        checked += 1
        where = f"{chain.name}第 {row['id']} 条"
        if row["prev_hash"] != prev:
            return checked, f"{where}：与前一条的链接断开（前面的条目被删除或改动）"
        if entry_hash(row, chain) != row["entry_hash"]:
            return checked, f"{where}：条目内容被改动（摘要不符）"
        prev, last = row["entry_hash"], row["id"]
    written = head(conn, chain)
    if written is None:
        return checked, f"{chain.name}：链尾记录（{chain.head_table}）缺失，无法确认条目是否完整"
    if written != (last, prev):
        return checked, f"{chain.name}：最后的条目被删除（应到第 {written[0]} 条，现在只到第 {last} 条）"
    return checked, None


def _rows(conn: sqlite3.Connection, chain: Chain) -> list[dict[str, Any]]:
    return query(conn, f"SELECT {', '.join(chain.fields)}, entry_hash FROM {chain.table} ORDER BY id")


def _set_head(conn: sqlite3.Connection, last_id: int, last_hash: str, chain: Chain) -> None:
    conn.execute(f"INSERT OR REPLACE INTO {chain.head_table} (one, last_id, last_hash) VALUES (1, ?, ?)",
                 [last_id, last_hash])
