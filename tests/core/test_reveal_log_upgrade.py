"""A database from builds b0b96f8–a1e73ab (migration 009's reveal log without `township`, edited in afterwards)
upgrades: migration 013 adds the column and chains the entries with its own field list (core/migrations.py)."""

from __future__ import annotations

import sqlite3

from fazhi_desktop.core import migrations, reveal_chain

#: migration 009 as those builds shipped it
OLD_009 = """CREATE TABLE reveal_log (id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,
    record_id TEXT NOT NULL, ledger TEXT NOT NULL, number TEXT, how TEXT NOT NULL)"""


def county_at_012(path) -> sqlite3.Connection:
    """A county database at migration 012 with the old reveal log: a township's mediation case shown, and a person
    of the county's roster."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, step in migrations.MIGRATIONS[:12]:
        conn.execute(OLD_009) if name == "009_reveal_log" else step(conn)
        conn.execute("INSERT INTO _migrations VALUES (?, datetime('now'))", [name])
    conn.execute("INSERT INTO settings (key, value) VALUES ('township', '640522')")
    conn.execute("CREATE TABLE mediation_case (id TEXT PRIMARY KEY, township TEXT NOT NULL)")  # a ledger's columns
    conn.execute("INSERT INTO mediation_case VALUES ('r1', '640522101')")
    conn.executemany("INSERT INTO reveal_log (at, actor, record_id, ledger, number, how) VALUES (?, ?, ?, ?, ?, ?)",
                     [("2026-06-01T08:00:00Z", "马县级", "r1", "mediation_case", "〔2026〕人调字第1号", "查看"),
                      ("2026-06-01T08:05:00Z", "马县级", "p1", "people", "田玉春", "查看")])
    return conn


def test_a_reveal_log_without_township_upgrades_and_its_chain_holds(tmp_path):
    conn = county_at_012(tmp_path / "county.db")
    assert "013_reveal_log_chain" in migrations.migrate(conn)  # stopped here: 数据库错误（no such column: township）
    assert conn.execute("SELECT record_id, township FROM reveal_log ORDER BY id").fetchall() == [
        ("r1", "640522101"), ("p1", "640522")]  # the record's township; the office's for its roster
    assert reveal_chain.verify(conn) == (2, None)
    conn.close()


def test_a_column_the_reveal_chain_covers_later_does_not_break_migration_013(tmp_path, monkeypatch):
    conn = county_at_012(tmp_path / "county.db")
    later = reveal_chain.Chain("reveal_log", "reveal_log_head", (*reveal_chain.FIELDS, "column_added_later"),
                               reveal_chain.NAME)
    monkeypatch.setattr(reveal_chain, "FIELDS", later.fields)  # as if the source said so: its default chain too
    monkeypatch.setattr(reveal_chain, "REVEALS", later)
    monkeypatch.setattr(reveal_chain.chain_existing, "__defaults__", (later,))
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:13])
    assert migrations.migrate(conn) == ["013_reveal_log_chain"]
    conn.close()
