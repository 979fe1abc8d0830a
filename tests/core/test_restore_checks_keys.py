"""A restore checks that the backup's keys are the database's own (code review of the twenty-fourth session): the
check read the keys beside the unpacked copy under the copy's own name (`database-keys/`, never there), not the
backup's `keys/`, and so passed a backup holding another office's key; the restored office then signed its exports
with a key nobody had enrolled. Honest backups, a county's and one taken while a key was being replaced restore."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from backup_files import inner_bytes, sealed_bytes

from fazhi_desktop.core import keys_pending
from fazhi_desktop.core.backup import BackupError, create_backup, restore
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store

LOW_COST = (32768, 1 << 21)
PASS = "pass-phrase-1234"


def _with_member(backup, db, name: str, body: bytes):
    """`backup` with member `name` replaced by `body`, its manifest made to agree, sealed again: what someone who
    knows the office's backup recipient (not a secret) could make."""
    with zipfile.ZipFile(io.BytesIO(inner_bytes(backup, db))) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members[name] = body
    manifest = json.loads(members.pop("manifest.json"))
    manifest["members"] = {n: {"size": len(b), "sha256": hashlib.sha256(b).hexdigest()} for n, b in members.items()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, body_ in [*members.items(), ("manifest.json", json.dumps(manifest).encode())]:
            archive.writestr(member, body_)
    odd = backup.with_name("odd-" + backup.name)
    odd.write_bytes(sealed_bytes(buffer.getvalue(), db))
    return odd


def _public_of_another_office(tmp_path, ledgers) -> bytes:
    other = init_database(tmp_path / "liwang" / "office.db", "640522101", office="李旺镇司法所", ledgers=ledgers)
    try:
        keymod.init_township_key(other, PASS, cost=LOW_COST)
        return (keymod.keys_dir(other) / keymod.TOWNSHIP_PUBLIC).read_bytes()
    finally:
        other.close()


def test_a_backup_holding_another_offices_key_is_refused_and_nothing_changes(store, tmp_path, ledgers):
    keymod.init_township_key(store, PASS, cost=LOW_COST)
    ours = (keymod.keys_dir(store) / keymod.TOWNSHIP_PUBLIC).read_bytes()
    backup = create_backup(store.path, tmp_path / "usb").path
    odd = _with_member(backup, store.path, "keys/township.pub", _public_of_another_office(tmp_path, ledgers))
    store.close()
    with pytest.raises(BackupError) as refused:
        restore(store.path, odd, "admin")
    assert str(refused.value) == (f"{odd.name}：其中的密钥与数据库不符（keys/township.pub 与本数据库登记的密钥不一致，"
                                  "可能是从别处复制来的），不能用于恢复")
    assert (keymod.keys_dir(store) / keymod.TOWNSHIP_PUBLIC).read_bytes() == ours
    assert not list(tmp_path.glob("office-before-restore-*"))
    assert "已恢复" in restore(store.path, backup, "admin").lines()[0]  # the genuine backup still does


def test_a_backup_taken_while_the_key_was_being_replaced_restores(store, tmp_path, monkeypatch):
    """更换密钥 cut between its files and its settings: the new public key file beside the old key's id, the new
    one noted as pending (keys_pending.py). The backup is the office's own; the next open settles the note."""
    keymod.init_township_key(store, PASS, cost=LOW_COST)

    def cut(*_args):
        raise OSError("power cut")

    monkeypatch.setattr(keys_pending, "done", cut)
    with pytest.raises(OSError):
        keymod.init_township_key(store, PASS, replace=True, cost=LOW_COST)
    monkeypatch.undo()
    pending = json.loads(store.setting(keys_pending.SETTING))
    backup = create_backup(store.path, tmp_path / "usb").path
    store.close()
    restore(store.path, backup, "admin")
    reopened = Store.open(store.path)
    try:
        assert keymod.signing_key_id(reopened) == pending["id"]  # settled at the open after the restore
    finally:
        reopened.close()


def test_a_county_backup_restores_and_one_holding_another_countys_signing_key_does_not(tmp_path, ledgers):
    other = init_database(tmp_path / "other.db", "640522", county=True, office="海原县司法局", ledgers=ledgers)
    keymod.init_county_keys(other, PASS, cost=LOW_COST)
    theirs = (keymod.keys_dir(other) / keymod.COUNTY_PUBLIC).read_bytes()
    other.close()
    county = init_database(tmp_path / "county.db", "640522", county=True, office="海原县司法局", ledgers=ledgers)
    keymod.init_county_keys(county, PASS, cost=LOW_COST)
    backup = create_backup(county.path, tmp_path / "usb").path
    odd = _with_member(backup, county.path, "keys/county-sign.pub", theirs)
    county.close()
    with pytest.raises(BackupError, match=r"keys/county-sign\.pub 与本数据库登记的密钥不一致"):
        restore(county.path, odd, "admin")
    assert "已恢复" in restore(county.path, backup, "admin").lines()[0]
