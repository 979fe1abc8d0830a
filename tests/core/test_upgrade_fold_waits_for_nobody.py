"""The first open after an upgrade folds the log into the file (migrations._log_folded_in), "best effort: a reader
holding part of the log back leaves it to the next checkpoint". It waited for that reader instead, as long as the
connection waits for a lock (5 s), and the window or the `fazhi` command started meanwhile sat still: another program
reading the file at that moment (a county report, a backup) held it up. Now the fold does not wait."""

from __future__ import annotations

import sqlite3
import threading

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.store import Store


def test_an_upgrade_opened_while_another_program_reads_does_not_wait_for_it(store, ledgers, clock, monkeypatch):
    store.conn.execute("DELETE FROM _migrations WHERE name = '054_late_edits_hash_only'")  # as 053 left it
    path = store.path
    store.close()
    connect = dbmod.connect

    def patient(where):  # a lock waited for as long as it takes: the fold's waiting is not cut short at 5 s
        conn = connect(where)
        conn.execute("PRAGMA busy_timeout=600000")
        return conn

    monkeypatch.setattr(dbmod, "connect", patient)
    reader = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM settings").fetchone()  # another program, in the middle of a read
    seen: list[tuple[set[str], int]] = []

    def open_it() -> None:  # the window's open, in a thread of its own here
        upgraded = Store.open(path, ledgers, clock)
        try:
            seen.append(({r[0] for r in upgraded.conn.execute("SELECT name FROM _migrations")},
                         upgraded.conn.execute("PRAGMA busy_timeout").fetchone()[0]))
        finally:
            upgraded.close()

    opening = threading.Thread(target=open_it, daemon=True)
    try:
        opening.start()
        opening.join(60)  # (not a timing: without the fix it waits ten minutes, for the reader below)
        finished_while_read = not opening.is_alive()
    finally:
        reader.execute("COMMIT")
        reader.close()
        opening.join()
    assert finished_while_read
    applied, waits = seen[0]
    assert "054_late_edits_hash_only" in applied
    assert waits == 600000  # its own waiting for locks as it was
