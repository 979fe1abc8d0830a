"""Damaging a database file the way disks and USB sticks do: pages overwritten in the middle of the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def damage(path: Path) -> None:
    """Fold the write-ahead log in, then overwrite part of every third page from the third on."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    for offset in range(2 * page, len(data) - page, 3 * page):
        data[offset + 8 : offset + 200] = b"\xa5" * 192
    path.write_bytes(bytes(data))


def garble(conn: sqlite3.Connection, table: str, column: str, where: str, params: list) -> None:
    """Make one text value what a bad sector or one flipped bit leaves: one bit flipped in its first Chinese
    character, so that its bytes are no longer UTF-8 (CAST stores them as text unchecked; the program's write path
    is bypassed, as by damage)."""
    value = conn.execute(f'SELECT "{column}" FROM "{table}" WHERE {where}', params).fetchone()[0]
    raw = bytearray(value.encode("utf-8"))
    first = next(i for i, byte in enumerate(raw) if byte >= 0x80)
    raw[first + 1] ^= 0x40  # 马 (e9 a9 ac) becomes e9 e9 ac
    conn.execute(f'UPDATE "{table}" SET "{column}" = CAST(? AS TEXT) WHERE {where}', [bytes(raw), *params])
