"""The drafts an editor keeps against a power cut (core/autosave.py): the user's alone, one account's never another's,
gone with a deleted record or a stopped account, not in backups, and nothing of them in the log."""

from __future__ import annotations

import logging
import os
import stat

import pytest

from fazhi_desktop.core import accounts, autosave
from fazhi_desktop.core.backup.create import create_backup

ID_NUMBER = "640522196103231939"


def draft(account: str = "马丽", record_id: str | None = None, **values) -> autosave.Draft:
    return autosave.Draft(account, "mediation_case", autosave.new_key(record_id), record_id, 1 if record_id else None,
                          {"case_name": "马某与李某宅基地纠纷", "parties": [{"id_number": ID_NUMBER}], **values},
                          "2026-03-05T08:00:00Z")


@pytest.mark.skipif(os.name != "posix", reason="owner-only modes are POSIX's")
def test_a_draft_is_readable_by_its_user_alone(tmp_path):
    db = tmp_path / "office.db"
    autosave.write(db, draft())
    (path,) = autosave.folder(db).glob("*/*.json")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == stat.S_IMODE(autosave.folder(db).stat().st_mode) == 0o700
    assert ID_NUMBER not in str(path) and "马丽" not in str(path)  # names hold nothing personal


def test_each_account_lists_its_own_drafts_and_a_draft_is_replaced_not_added(tmp_path):
    db = tmp_path / "office.db"
    mine = draft()
    autosave.write(db, mine)
    autosave.write(db, autosave.Draft(**{**mine.__dict__, "values": {"case_name": "改过的名称"}}))
    autosave.write(db, draft("杨芳"))
    (listed,) = autosave.listed(db, "马丽")
    assert listed.values == {"case_name": "改过的名称"} and listed.key == mine.key
    assert [d.account for d in autosave.listed(db, "杨芳")] == ["杨芳"] and autosave.listed(db, "admin") == []
    autosave.remove(db, "马丽", "mediation_case", mine.key)
    assert autosave.listed(db, "马丽") == [] and len(autosave.listed(db, "杨芳")) == 1


def test_a_deleted_record_takes_every_accounts_draft_of_it(tmp_path):
    db = tmp_path / "office.db"
    for account in ("马丽", "杨芳"):
        autosave.write(db, draft(account, record_id="0190-aaaa"))
    autosave.write(db, draft("马丽", record_id="0190-bbbb"))
    autosave.remove_record(db, "0190-aaaa")
    assert [d.record_id for d in autosave.listed(db, "马丽")] == ["0190-bbbb"] and autosave.listed(db, "杨芳") == []


def test_an_unreadable_draft_is_passed_over_and_its_content_not_logged(tmp_path, caplog):
    db = tmp_path / "office.db"
    autosave.write(db, draft())
    (path,) = autosave.folder(db).glob("*/*.json")
    path.write_text(path.read_text(encoding="utf-8")[:-30], encoding="utf-8")  # a disk fault cut it
    with caplog.at_level(logging.DEBUG):
        assert autosave.listed(db, "马丽") == []
    assert "could not be read" in caplog.text and ID_NUMBER not in caplog.text and "马某" not in caplog.text
    assert path.exists()  # left as it is


def test_a_stopped_account_leaves_no_draft(store, staff):
    autosave.write(store.path, draft())
    autosave.write(store.path, draft("杨芳"))
    store.user = staff["admin"]
    accounts.set_active(store, "马丽", False)
    assert autosave.listed(store.path, "马丽") == [] and len(autosave.listed(store.path, "杨芳")) == 1


def test_a_backup_carries_no_draft(store, tmp_path):
    """Minutes of unsaved typing, ID numbers in them: not copied onto a stick kept for months (README 自动保存)."""
    autosave.write(store.path, draft())
    members = create_backup(store.path, tmp_path / "usb").manifest.members
    assert members and all(name == "database.db" or name.startswith(("files/", "keys/")) for name in members), \
        sorted(members)
