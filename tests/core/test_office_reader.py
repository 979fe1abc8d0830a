"""Which office a database is was read seven ways and its mode made up three ways (`or "township"`, `or ""`); an
office was named three ways. One reader now, `settings.office`, and one name, `divisions.town_label`. Where the ways
differed, a clerk met it: a database whose office name was blank was called "属于 None（640522100）" when a restore was
refused, and one whose office code was blank was taken for a set-up office by `fazhi check` (the backup and the
restore called it not set up)."""

from __future__ import annotations

import sqlite3

import pytest
from backup_files import another_offices_backup

from fazhi_desktop.core import settings
from fazhi_desktop.core.backup import OtherOffice, prepare_restore
from fazhi_desktop.core.check import refuse_unset
from fazhi_desktop.core.errors import SetupError


def _settings(path, **values):
    conn = sqlite3.connect(path)
    with conn:
        settings.write(conn, **values)
    conn.close()


def test_a_never_set_up_file_stays_told_apart_and_an_unset_mode_is_a_townships():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)")
    assert settings.office(conn) == settings.Office(None, "township", "")
    settings.write(conn, township="", mode="")
    assert settings.office(conn).township is None
    settings.write(conn, township="640522", mode="county", office_name="海原县司法局")
    assert settings.office(conn) == settings.Office("640522", "county", "海原县司法局")


def test_a_refused_restore_names_an_office_without_a_name_by_its_place(store, ledgers):
    backup = another_offices_backup(store, ledgers)
    _settings(store.path, office_name=None)
    with pytest.raises(OtherOffice) as refused:
        prepare_restore(store.path, backup, ledgers=ledgers)
    assert "是 李旺镇司法所（640522101）的备份，当前数据库属于 海城镇（640522100）" in str(refused.value)


def test_check_refuses_a_database_whose_office_code_is_blank_as_the_backup_does(store):
    store.close()
    _settings(store.path, township="")
    with pytest.raises(SetupError, match="数据库尚未初始化"):
        refuse_unset(store.path)
