"""A file that is not a 法治台账 database, or is one from a newer version of the program, is refused before anything
is written to it: opening one made it one (another program's contacts file grew 85 tables and changed its journal
mode), and a newer file was taken down to this version's forms (its records then called tampered with)."""

from __future__ import annotations

import sqlite3

import pytest

from fazhi_desktop.cli import main as cli
from fazhi_desktop.core.errors import SetupError
from fazhi_desktop.core.store import Store


def test_another_programs_sqlite_file_is_refused_and_left_as_it_was(tmp_path, ledgers, capsys):
    other = tmp_path / "通讯录.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('马文', '13909541234')")
    before = other.read_bytes()
    with pytest.raises(SetupError, match="不是法治台账的数据库文件（其中：contacts）"):
        Store.open(other, ledgers)
    assert cli(["--db", str(other), "check"]) == 1
    assert "不是法治台账的数据库文件" in capsys.readouterr().err
    assert other.read_bytes() == before and not (tmp_path / "通讯录.db-wal").exists()


def test_an_empty_or_unfinished_file_is_set_up_again(tmp_path, ledgers):
    """A 0-byte file (a power cut during the first setup) or one holding only the list of upgrades is the program's
    own: the setup runs on it again, in the window and with fazhi init."""
    from fazhi_desktop.core.setup import init_database

    empty = tmp_path / "fazhi.db"
    empty.touch()
    Store.open(empty, ledgers).close()  # what the window does before it offers the setup
    assert init_database(empty, "640522100", ledgers=ledgers).township == "640522100"


def test_init_leaves_another_programs_file_and_a_newer_database_as_they_are(tmp_path, ledgers, store, capsys):
    from fazhi_desktop.core.setup import init_database

    other = tmp_path / "通讯录.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    before = other.read_bytes()
    with pytest.raises(SetupError, match="不是法治台账的数据库文件"):
        init_database(other, "640522100", ledgers=ledgers)
    assert other.read_bytes() == before
    path = store.path
    with store.conn:
        store.conn.execute("UPDATE settings SET value = '9' WHERE key = 'form_version.meeting'")
    store.close()
    with pytest.raises(SetupError, match="已经初始化"):
        init_database(path, "640522100", ledgers=ledgers)
    with sqlite3.connect(path) as conn:  # not taken down a version on the way
        assert conn.execute("SELECT value FROM settings WHERE key = 'form_version.meeting'").fetchone() == ("9",)


def test_a_database_from_a_newer_version_is_refused_and_not_changed(store, ledgers, valid_record):
    store.save("meeting", valid_record("meeting"), "杨芳")
    path = store.path
    with store.conn:  # as the next version leaves it: a newer meeting form and an upgrade this one does not know
        store.conn.execute("UPDATE settings SET value = '9' WHERE key = 'form_version.meeting'")
        store.conn.execute("INSERT INTO _migrations VALUES ('099_from_the_future', datetime('now'))")
    store.close()
    with pytest.raises(SetupError, match=r"来自较新版本的法治台账（“会议”表单第 9 版，本程序是第 \d 版；"
                                         r"本程序不认识的数据库升级 099_from_the_future）"):
        Store.open(path, ledgers)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT value FROM settings WHERE key = 'form_version.meeting'").fetchone() == ("9",)
