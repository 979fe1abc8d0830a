"""Looking at the current database before a restore wrote to it. A program killed in the middle of its work (a power
cut, a crash: the usual reason to restore) leaves its last writes in the -wal file beside the database; reading the
office with a read-write connection folded that log into the file and deleted the -wal and -shm, before the clerk
had even confirmed. Refused as another office's backup, or cancelled, the damaged file had changed all the same
(the window says 损坏的文件没有改动)."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest
from backup_files import another_offices_backup

from fazhi_desktop.core.backup import OtherOffice, create_backup, prepare_restore

_CRASH = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA wal_autocheckpoint=0")
conn.execute("INSERT INTO account_log (at, account, event, actor) VALUES ('2026-03-05T08:00:00Z', 'x', 'y', 'x')")
os._exit(0)  # killed before closing: the write is only in the -wal
"""


def _files(db):
    """Each file of the database (the file, its -wal and -shm) and its bytes' digest."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(db.parent.glob(db.name + "*"))}


def _same_data(before, after):
    """The file and its -wal byte for byte as they were, and the -shm still there (its bytes are SQLite's index of
    the -wal, which any reader rebuilds after a crash: no data)."""
    assert set(after) == set(before)
    assert {name: after[name] for name in ("office.db", "office.db-wal")} == \
        {name: before[name] for name in ("office.db", "office.db-wal")}


def _crash(db):
    """The database at `db` left by a program killed with a write still in its -wal."""
    subprocess.run([sys.executable, "-c", _CRASH, str(db)], check=True)
    assert set(_files(db)) == {"office.db", "office.db-wal", "office.db-shm"}
    return db


def test_a_restore_refused_as_another_offices_leaves_the_crashed_files_as_they_were(store, ledgers):
    backup = another_offices_backup(store, ledgers)
    crashed = _crash(store.path)
    before = _files(crashed)
    with pytest.raises(OtherOffice):
        prepare_restore(crashed, backup, ledgers=ledgers)
    _same_data(before, _files(crashed))


def test_a_restore_cancelled_leaves_the_crashed_files_as_they_were(store, ledgers):
    store.close()
    backup = create_backup(store.path).path
    crashed = _crash(store.path)
    before = _files(crashed)
    prepared = prepare_restore(crashed, backup, ledgers=ledgers)
    prepared.discard()  # the clerk said no
    _same_data(before, _files(crashed))
