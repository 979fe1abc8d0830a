"""Migration 054 replaced each late edit's received version (`late_edits.incoming`: a case's parties, their ID
numbers) by its hash, but SQLite only marks the old bytes free: anyone opening the database file with a hex viewer
or an undelete tool still read the ID numbers, in the file's freed space and in its -wal log, until the pages were
reused. Now every connection overwrites what it deletes (PRAGMA secure_delete) and the migration folds the log in
and empties it, so no readable copy is left behind."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from fazhi_desktop.core.store import Store

ID_NUMBER = "640522199001011234"


@pytest.fixture(autouse=True)
def sqlite_as_on_windows(monkeypatch):
    """Python's Windows build of SQLite leaves freed bytes as they were (secure_delete off); Debian's zeroes them."""
    def connect(*args, **kwargs):
        conn = opened(*args, **kwargs)
        conn.execute("PRAGMA secure_delete=OFF")
        return conn

    opened = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", connect)


def _raw(path: Path) -> bytes:
    """The database file's bytes and its -wal log's, as a hex viewer would read them."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _as_an_earlier_build_left_it(store: Store) -> Path:
    """A county file at 053: a late edit kept whole, long enough for its own overflow pages, as earlier builds did."""
    parties = [{"name": f"马某{i}", "id_number": ID_NUMBER, "address": "海原县海城镇" + "某村" * 40} for i in range(40)]
    line = json.dumps({"content": {"values": {"parties": parties}}, "content_hash": "ab" * 32}, ensure_ascii=False)
    store.conn.execute("INSERT INTO late_edits VALUES ('r1', '640522103', 'mediation_case', 1, 'cd', 2, ?, '[]',"
                       " 'b1', 'x')", [line])
    store.conn.execute("DELETE FROM _migrations WHERE name = '054_late_edits_hash_only'")
    path = Path(store.path)
    store.close()  # the log folded into the file, as a closed program leaves it
    assert ID_NUMBER.encode() in _raw(path)
    return path


def test_migration_054_leaves_no_readable_copy_of_what_it_emptied(store, ledgers, clock):
    path = _as_an_earlier_build_left_it(store)
    upgraded = Store.open(path, ledgers, clock)
    try:
        assert upgraded.conn.execute("SELECT incoming FROM late_edits").fetchone()[0] == "ab" * 32
        assert ID_NUMBER.encode() not in _raw(path)  # while the program is still open
    finally:
        upgraded.close()
    assert ID_NUMBER.encode() not in _raw(path)
