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
