"""A restore goes ahead without the usual open (signing in, refusing another program's file, comparing offices) only
on a file that holds no office: empty, or never set up. A file merely not readable at that moment (an antivirus or a
sync program holding it) went ahead too: when the program let go while the clerk read the question, office A's data
was replaced by office B's backup without a password; another program's SQLite file was replaced. And on an empty
`fazhi.db`, when two offices' `fazhi.db` back up to one stick, `fazhi check` named the other office's backup."""

from __future__ import annotations

import contextlib
import io
import sqlite3
import sys

import pytest
from pyrage import x25519

from fazhi_desktop.cli import main
from fazhi_desktop.core.backup import OtherOffice, create_backup, load_key, prepare_restore, sealing
from fazhi_desktop.core.backup import config as backup_config
from fazhi_desktop.core.check import refuse_unset
from fazhi_desktop.core.db import peek_setting
from fazhi_desktop.core.errors import SetupError
from fazhi_desktop.core.setup import init_database


def _own_key():
    """A backup key of its own (the tests' databases share one): whose backups are whose shows in key.age."""
    identity, code = x25519.Identity.generate(), sealing.new_code()
    return identity, code, sealing.age_passphrase.encrypt(str(identity).encode("utf-8"), code)


def _office_b_backup(tmp_path, monkeypatch, ledgers, folder=None, stem="office"):
    """Office B (李旺镇, 640522101), its own key, backed up: (the backup, its recovery code)."""
    db = tmp_path / "b" / f"{stem}.db"
    db.parent.mkdir()
    with monkeypatch.context() as patch:
        patch.setattr(sealing, "new_key", _own_key)
        init_database(db, "640522101", office="李旺镇司法所", ledgers=ledgers).close()
        backup = create_backup(db, folder).path
    return backup, load_key(db).code


class _QuickWaits(sqlite3.Connection):
    def execute(self, sql, *args):
        return super().execute("PRAGMA busy_timeout=100" if sql.startswith("PRAGMA busy_timeout=") else sql, *args)


@pytest.fixture
def short_waits(monkeypatch):
    """SQLite's wait for a lock (5 s everywhere in the program) cut to 0.1 s: a held file is met as after 5 s."""
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: connect(*a, **{**k, "timeout": 0.1,
                                                                            "factory": _QuickWaits}))


@contextlib.contextmanager
def held(db):
    """Another program holding the database file (exclusive locking): nobody else reads it until it lets go."""
    conn = sqlite3.connect(db, check_same_thread=False)
    conn.execute("PRAGMA locking_mode=EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("SELECT count(*) FROM settings").fetchone()
    try:
        yield conn
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.rollback()
        conn.close()


def test_a_restore_over_a_database_held_by_another_program_refuses(store, staff, tmp_path, monkeypatch, ledgers,
                                                                    capsys, short_waits):
    """The clerk confirms after the other program let go: office B's backup replaced office A's data, no password
    asked, the office compared with nothing (当前没有可读的数据库…不比较单位)."""
    store.close()
    backup, code = _office_b_backup(tmp_path, monkeypatch, ledgers)
    holder = held(store.path)
    holder.__enter__()
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: holder.__exit__(None, None, None) or "恢复")
    try:
        assert main(["--db", str(store.path), "restore", str(backup), "--recovery-code", code]) == 1
    finally:
        holder.__exit__(None, None, None)
    assert "另一个程序使用" in capsys.readouterr().err
    assert peek_setting(store.path, "township") == "640522100"
    assert not list(tmp_path.glob("office-before-restore-*"))


def test_the_office_is_compared_again_when_the_restore_is_done(store, tmp_path, monkeypatch, ledgers, short_waits):
    """Read while held by another program, the database's office could not be compared: it is when the restore is
    done, and another office's backup is refused then unless forced."""
    store.close()
    backup, code = _office_b_backup(tmp_path, monkeypatch, ledgers)
    with held(store.path):
        prepared = prepare_restore(store.path, backup, recovery_code=code)
    assert "  注意：当前没有可读的数据库（新电脑，或数据库已损坏），不比较单位" in prepared.lines()
    with pytest.raises(OtherOffice, match="当前数据库属于 海城镇司法所（640522100）"):
        prepared.commit("马文")
    assert peek_setting(store.path, "township") == "640522100"
    assert not list(tmp_path.glob("office-before-restore-*"))


def test_a_restore_over_another_programs_sqlite_file_refuses(store, tmp_path, capsys):
    """It was set aside (renamed) and replaced by the backup; it used to be refused, as every command refuses it."""
    backup = create_backup(store.path).path
    store.close()
    other = tmp_path / "other.db"
    with contextlib.closing(sqlite3.connect(other)) as conn, conn:
        conn.execute("CREATE TABLE users (id, name)")
    before = other.read_bytes()
    code = load_key(store.path).code  # other.db has no keys folder beside it
    assert main(["--db", str(other), "restore", str(backup), "--yes", "--recovery-code", code]) == 1
    assert "不是法治台账的数据库文件（其中：users）" in capsys.readouterr().err
    assert other.read_bytes() == before


def _two_offices_on_one_stick(tmp_path, monkeypatch, ledgers):
    """Office A's and office B's `fazhi.db` back up to one stick, B's the newest; A's file then comes back empty
    (a copy that did not finish). Returns (A's database, A's backup, B's backup, B's recovery code)."""
    stick = tmp_path / "stick"
    stick.mkdir()
    db = tmp_path / "a" / "fazhi.db"
    db.parent.mkdir()
    init_database(db, "640522100", office="海城镇司法所", ledgers=ledgers).close()
    backup_config.save_settings(db, backup_config.BackupSettings(folder=str(stick)))
    ours = create_backup(db).path
    theirs, code = _office_b_backup(tmp_path, monkeypatch, ledgers, stick, stem="fazhi")
    db.write_bytes(b"")
    return db, ours, theirs, code


def _check_says(db) -> str:
    with pytest.raises(SetupError) as refused:
        refuse_unset(db)
    return str(refused.value)


def test_check_of_an_empty_file_names_its_offices_backup_not_another_offices_on_the_same_stick(
        tmp_path, monkeypatch, ledgers):
    """It named the newest `fazhi-backup-…` on the stick, office B's; run as printed, the restore said only 不比较单位.
    This PC's backup settings say whose it is (the last backup made here), else its backup key (the one A's backups
    are sealed with); when neither is there, no backup is named: the clerk picks her office's own."""
    db, ours, theirs, _ = _two_offices_on_one_stick(tmp_path, monkeypatch, ledgers)
    assert _check_says(db).splitlines()[-1] == f'fazhi --db "{db}" restore "{ours}"'
    backup_config.settings_path(db).write_text(f'{{"folder": "{tmp_path / "stick"}"}}', encoding="utf-8")
    assert _check_says(db).splitlines()[-1] == f'fazhi --db "{db}" restore "{ours}"'  # by the key
    sealing.keys_folder(db).joinpath(sealing.KEY_FILE).unlink()
    said = _check_says(db).splitlines()
    assert "备份文件夹中有几个单位的备份，不知道哪一个是本单位的" in said[1]
    assert f"海城镇（640522100）：{ours}" in said and f"李旺镇（640522101）：{theirs}" in said
    assert said[-1] == f'fazhi --db "{db}" restore "本单位的备份"'


def test_restoring_an_empty_file_says_when_the_backup_is_not_known_to_be_this_pcs_offices(tmp_path, monkeypatch,
                                                                                          ledgers):
    db, ours, theirs, code = _two_offices_on_one_stick(tmp_path, monkeypatch, ledgers)
    prepared = prepare_restore(db, ours)
    assert not [line for line in prepared.lines() if "这个备份是" in line]
    prepared.discard()
    prepared = prepare_restore(db, theirs, recovery_code=code)
    assert ("  注意：这个备份是李旺镇司法所（640522101）的，这台电脑上的备份设置和备份密钥却是海城镇（640522100）的："
            "除非确知要换成那个单位的数据，请取消，改用本单位自己的备份") in prepared.lines()
    prepared.discard()
    backup_config.settings_path(db).unlink()
    sealing.keys_folder(db).joinpath(sealing.KEY_FILE).unlink()
    prepared = prepare_restore(db, theirs, recovery_code=code)
    unknown = "  注意：这台电脑上没有说明本单位是哪个单位的备份设置或备份密钥，这个备份是李旺镇司法所（640522101）的"
    assert any(line.startswith(unknown) for line in prepared.lines())
    prepared.discard()
