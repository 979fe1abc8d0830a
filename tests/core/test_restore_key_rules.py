"""What a restore says of the office's key when the database it replaces did nothing with its own (code review B of
the twenty-second session): the county's new PC as the township's, one rule for "nothing was done" shared by the
key note and the accounts (carry.worked_in), and a damaged database that cannot tell counting as used."""
from __future__ import annotations

import sqlite3

from test_restore_new_pc import _new_pc, office  # noqa: F401

from fazhi_desktop.core.backup import key_notes, restore
from fazhi_desktop.core.backup.key_notes import keys_said
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store

LOW_COST = (32768, 1 << 21)


def _county(path, clock):
    store = init_database(path, "640522", county=True, office="海原县司法局", operator="管理员",
                          admin_password="mima-12345678", clock=clock)
    keymod.init_county_keys(store, "county-passphrase", cost=LOW_COST)
    store.close()
    return path


def _township(path, clock):
    store = init_database(path, "640522100", office="海城镇司法所", operator="管理员", admin_password="mima-12345678",
                          clock=clock)
    keymod.init_township_key(store, "pass-phrase-1234", cost=LOW_COST)
    store.set_settings(**{keymod.ENROLMENT_WRITTEN: "x"})
    store.close()
    return path


def test_a_new_county_pcs_unused_key_is_no_reason_to_replace_the_county_key(tmp_path, clock):
    office_db = _county(tmp_path / "old" / "fazhi.db", clock)  # the county's database, as its backup holds it
    clock.advance(days=10)
    new_pc = _county(tmp_path / "new" / "fazhi.db", clock)  # the wizard on the new PC: nothing done in it
    said = keys_said(new_pc, office_db, None)
    assert len(said) == 1 and "注意" not in said[0] and "密钥不必更换" in said[0], said


def test_a_county_key_whose_public_file_went_out_is_said_to_be_replaced(tmp_path, clock):
    office_db = _county(tmp_path / "old" / "fazhi.db", clock)
    clock.advance(days=10)
    new_pc = _county(tmp_path / "new" / "fazhi.db", clock)
    store = Store.open(new_pc, clock=clock)
    keymod.write_county_public(store, tmp_path / "县级公钥.txt")  # handed to the townships
    store.close()
    said = keys_said(new_pc, office_db, None)
    assert any(line.startswith("注意：备份中的县级密钥是旧的") and "更换密钥" in line for line in said), said


def test_a_database_that_cannot_tell_what_was_done_keeps_the_key_warning(tmp_path, clock, monkeypatch):
    backup_db = _township(tmp_path / "old" / "fazhi.db", clock)
    clock.advance(days=10)
    before = _township(tmp_path / "new" / "fazhi.db", clock)

    def damaged(conn):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(key_notes, "worked_in", damaged)  # a bad page in the changes table
    said = keys_said(before, backup_db, None)
    assert any("签名密钥是旧的" in line for line in said), said


def test_one_result_never_says_the_key_went_out_and_the_database_was_fresh(office, tmp_path, clock):  # noqa: F811
    backup, code, _old = office
    new, _handed_out = _new_pc(tmp_path, clock, enrolled=True)  # enrolled with 替换, its receipt imported
    said = "\n".join(restore(new.path, backup, "技术员", clock=clock, recovery_code=code).lines())
    assert "签名密钥是旧的" in said
    assert "恢复前的数据库是新建的" not in said, said
