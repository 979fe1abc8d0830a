"""Opening a database made by an earlier version (tests/core/data/office-b29fd1b.db.gz, see the note beside it):
migrations run once and nothing is lost, a migration that fails leaves the file as it was and the next open
finishes it, and the first open's search-index rebuild is said as such, to the window and to a program that
opens the database meanwhile."""

from __future__ import annotations

import gzip
import hashlib
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import pytest
from small_disk import fill, mounted

from fazhi_desktop.cli import main as cli
from fazhi_desktop.core import accounts, failures, migrations
from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.forms import load_forms
from fazhi_desktop.core.store import ListQuery, Store

FIXTURE = Path(__file__).parent / "data" / "office-b29fd1b.db.gz"
ATTACHMENT = "附件 v0.1\n".encode()


def old_office(tmp_path: Path) -> Path:
    """The old version's database and its one attachment, as the office's PC holds them."""
    path = tmp_path / "office.db"
    path.write_bytes(gzip.decompress(FIXTURE.read_bytes()))
    sha = hashlib.sha256(ATTACHMENT).hexdigest()
    folder = tmp_path / "office-files" / sha[:2]
    folder.mkdir(parents=True)
    (folder / sha).write_bytes(ATTACHMENT)
    return path


def raw(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def records(path: Path) -> list[tuple]:
    ledgers = ("meeting", "law_study", "enforcement_check", "complaint", "mediation_case")
    return sorted(row for name in ledgers for row in raw(
        path, f"SELECT id, number, revision, content_hash, status FROM {name}"))


def test_an_old_database_is_upgraded_once_with_nothing_lost(tmp_path):
    path = old_office(tmp_path)
    before = records(path), raw(path, "SELECT * FROM changes ORDER BY seq"), raw(path, "SELECT * FROM accounts")
    assert [name for (name,) in raw(path, "SELECT name FROM _migrations")] == [
        "001_system_tables", "002_bundles", "003_accounts"]
    told = []
    store = Store.open(path, progress=lambda done, total: told.append((done, total)))
    try:
        assert told[-1] == (10, 10)  # its search index was built by rules before index marks: rebuilt, and said
        assert check_database(store).ok
        assert accounts.login(store, "杨芳", "demo2026").name == "杨芳"
        studied = store.list(ListQuery("law_study", text="学法"))
        assert [r["attachments"][0]["name"] for r in studied if r["attachments"]] == ["scan.txt"]
    finally:
        store.close()
    width = len(before[1][0])  # the columns added since (a reopening's corrector) are empty in the old entries
    after = raw(path, "SELECT * FROM changes ORDER BY seq")[:11]
    assert records(path) == before[0] and [row[:width] for row in after] == before[1]
    assert {row[width:] for row in after} == {(None,)}
    assert [row[:3] for row in raw(path, "SELECT * FROM accounts")] == [row[:3] for row in before[2]]
    applied = raw(path, "SELECT name, applied_at FROM _migrations")
    assert [name for name, _ in applied] == [name for name, _ in migrations.MIGRATIONS]

    told.clear()
    Store.open(path, progress=lambda done, total: told.append((done, total))).close()
    assert told == [] and raw(path, "SELECT name, applied_at FROM _migrations") == applied  # nothing again


def test_a_migration_failing_halfway_leaves_the_file_as_it_was_and_the_next_open_finishes(tmp_path, monkeypatch):
    path = old_office(tmp_path)
    before = records(path)
    steps = dict(migrations.MIGRATIONS)

    def cut_short(db):  # the table altered, then the power goes (a kill does the same: the journal rolls it back)
        steps["008_people_in_post"](db)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(migrations, "MIGRATIONS", [(name, cut_short if name == "008_people_in_post" else step)
                                                   for name, step in migrations.MIGRATIONS])
    with pytest.raises(failures.StorageError):
        Store.open(path)
    done = [name for (name,) in raw(path, "SELECT name FROM _migrations")]
    assert done == ["001_system_tables", "002_bundles", "003_accounts"]  # all of them or none: the version before
    assert "joined_on" not in [row[1] for row in raw(path, "PRAGMA table_info(people)")]  # still opens it
    assert "resolution" not in [row[1] for row in raw(path, "PRAGMA table_info(conflicts)")]  # 004 undone too
    monkeypatch.undo()
    store = Store.open(path)
    try:
        assert check_database(store).ok and records(path) == before
    finally:
        store.close()
    assert [name for (name,) in raw(path, "SELECT name FROM _migrations")] == [n for n, _ in migrations.MIGRATIONS]


def test_an_upgrade_on_a_nearly_full_disk_says_so_and_leaves_the_file_as_it_was(tmp_path, capsys):
    """The first start after an upgrade on a disk with 40 KB left said 保存失败…刚才的修改没有保存…, nothing being
    saved, and left the file half upgraded (the version before then refused it as newer)."""
    with mounted(tmp_path / "disk", "2m") as disk:
        path = old_office(disk)
        before = path.read_bytes()
        filler = fill(disk, leave=40_000)
        with pytest.raises(failures.DiskFull) as caught:
            Store.open(path)
        said = str(caught.value)
        assert said.startswith(f"升级数据库失败（{path}）：磁盘空间不足，数据库未改动（需要约 2 MB 可用空间）。")
        assert f"请清理“{disk}”所在的磁盘" in said and "保存" not in said and "备份恢复" not in said
        assert cli(["--db", str(path), "list", "meeting"]) == 1
        assert "升级数据库失败" in capsys.readouterr().err
        assert path.read_bytes() == before
        filler.unlink()
        Store.open(path).close()
        assert len(raw(path, "SELECT name FROM _migrations")) == len(migrations.MIGRATIONS)


def test_an_upgrade_that_runs_out_of_space_after_the_migrations_says_it_finishes_at_the_next_open(tmp_path):
    """Room for the migrations, none for the ledger tables' new columns or the search index: the file is a newer
    one already, and said so."""
    with mounted(tmp_path / "disk", "2m") as disk:
        path = old_office(disk)
        fill(disk, leave=300_000)  # between what the migrations need and what the index rebuild needs (both grow)
        with pytest.raises(failures.DiskFull) as caught:
            Store.open(path)
        said = str(caught.value)
        assert said.startswith(f"升级数据库失败（{path}）：磁盘空间不足（需要约 2 MB 可用空间），已有的数据都在，"
                               "腾出空间后再打开即可完成升级。")
        assert "未改动" not in said and "保存" not in said and "备份恢复" not in said


def test_a_program_opening_the_database_while_its_index_is_rebuilt_is_told_to_wait(tmp_path, monkeypatch):
    """The first open after an upgrade holds the write lock while it rebuilds the index (8 s at 100,000 records);
    a `fazhi` command started meanwhile said 数据库正被另一个程序使用 and to close the other program."""
    path = old_office(tmp_path)
    Store.open(path).close()  # upgraded; then its index is marked as an earlier version's, to be rebuilt again
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM settings WHERE key LIKE 'search_index.%'")
    connect = dbmod.connect

    def impatient(where):  # SQLite's 5 s wait, shortened
        conn = connect(where)
        conn.execute("PRAGMA busy_timeout=50")
        return conn

    monkeypatch.setattr(dbmod, "connect", impatient)
    rebuilding = sqlite3.connect(path, isolation_level=None)
    rebuilding.execute("BEGIN IMMEDIATE")  # the other program, in the middle of its rebuild
    try:
        with pytest.raises(failures.DatabaseUpdating) as refused:
            Store.open(path)
    finally:
        rebuilding.execute("ROLLBACK")
        rebuilding.close()
    said = str(refused.value)
    assert "正在为新版本更新搜索索引" in said and "请稍等片刻再试" in said and "另一个程序" not in said
    told = []
    Store.open(path, progress=lambda done, total: told.append((done, total))).close()
    assert told[-1] == (10, 10)  # the lock free again: the index is rebuilt by whoever opens it next


def test_two_programs_upgrading_the_same_file_at_once_both_open_it(tmp_path, monkeypatch):
    """The window and a `fazhi` command started together after an upgrade: the second to get the write lock ran
    the steps the first had just applied, and failed (数据库错误（table accounts already exists）; 6 of 12 tries)."""
    path = old_office(tmp_path)
    ledgers = load_forms()
    first, second = dbmod.connect(path), dbmod.connect(path)
    real, other = dbmod.transaction, []

    @contextmanager
    def meanwhile(db, *args, **kwargs):  # the other program does its part while this one waits for the lock
        if other:
            other.pop()(first)
        with real(db, *args, **kwargs):
            yield

    monkeypatch.setattr(dbmod, "transaction", meanwhile)
    try:
        other.append(migrations.migrate)
        assert migrations.migrate(second) == [] and not other
        dbmod.sync_ledger_tables(second, ledgers)  # (its steps are safe to repeat: each asks what is missing)
    finally:
        first.close()
        second.close()
    monkeypatch.undo()
    store = Store.open(path)
    try:
        assert check_database(store).ok
    finally:
        store.close()
