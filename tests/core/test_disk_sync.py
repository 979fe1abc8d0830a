"""The program waits for the disk at each commit (SQLite's `synchronous=FULL`): what a power cut leaves of a
database rests on it. The other tests write without waiting (tests/conftest.py); these open databases as the program
does."""

from __future__ import annotations

import pytest

from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store

FULL = 2

pytestmark = pytest.mark.real_disk_sync


def test_a_new_database_waits_for_the_disk_at_each_commit(tmp_path, ledgers, clock):
    store = init_database(tmp_path / "office.db", "640522100", ledgers=ledgers, clock=clock)
    try:
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == FULL
    finally:
        store.close()


def test_a_database_opened_again_waits_for_the_disk_at_each_commit(store, ledgers, clock):
    path = store.path
    store.close()
    again = Store.open(path, ledgers=ledgers, clock=clock)
    try:
        assert again.conn.execute("PRAGMA synchronous").fetchone()[0] == FULL
    finally:
        again.close()
