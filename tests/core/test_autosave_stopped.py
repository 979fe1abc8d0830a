"""An account a 管理员 stops from another process (`fazhi accounts deactivate 马丽`, another window on the same
database) keeps nothing more on disk: its editor's drafts (core/autosave.py) and the scans it adds are refused at the
write, naming the account, as its saves are (Store.check_account); two Store handles on one file play the two
programs."""

from __future__ import annotations

import pytest

from fazhi_desktop.core import accounts, attachments, autosave
from fazhi_desktop.core.errors import AccountStopped
from fazhi_desktop.core.store import Store

PASSWORD = "mima-2026"  # the `staff` fixture's (tests/conftest.py)
REFUSED = "账户 马丽 已被管理员停用，不能再保存、修改或显示完整号码，请联系管理员"


def logged_in(store: Store, name: str) -> Store:
    handle = Store.open(store.path, ledgers=store.ledgers, clock=store.clock)
    accounts.login(handle, name, PASSWORD)
    return handle


def draft(record_id: str | None = None) -> autosave.Draft:
    return autosave.Draft("马丽", "meeting", autosave.new_key(record_id), record_id, None,
                          {"title": "停用之后还在打的会议名称"}, "2026-03-05T08:00:00Z")


@pytest.fixture
def clerk_and_admin(store, staff):
    clerk, admin = logged_in(store, "马丽"), logged_in(store, "admin")
    yield clerk, admin
    clerk.close()
    admin.close()


def test_a_stopped_accounts_editor_keeps_no_draft_and_is_told_why(clerk_and_admin, store):
    clerk, admin = clerk_and_admin
    autosave.keep(clerk, draft())  # in use: kept
    assert len(autosave.listed(store.path, "马丽")) == 1
    accounts.set_active(admin, "马丽", False)  # its drafts go with it
    with pytest.raises(AccountStopped, match=REFUSED):
        autosave.keep(clerk, draft())
    assert autosave.listed(store.path, "马丽") == [] and not any(autosave.folder(store.path).glob("*/*.json"))
    accounts.set_active(admin, "马丽", True)  # started again: her window keeps her typing again
    autosave.keep(clerk, draft())
    assert len(autosave.listed(store.path, "马丽")) == 1


def test_a_draft_written_while_the_account_was_being_stopped_goes_too(clerk_and_admin, store, monkeypatch):
    """The 管理员's program removed her drafts just before this one reached the disk."""
    clerk, admin = clerk_and_admin
    write = autosave.write

    def stopped_meanwhile(db_path, kept):
        accounts.set_active(admin, "马丽", False)
        write(db_path, kept)

    monkeypatch.setattr(autosave, "write", stopped_meanwhile)
    with pytest.raises(AccountStopped, match=REFUSED):
        autosave.keep(clerk, draft())
    assert autosave.listed(store.path, "马丽") == []


def test_a_stopped_account_adds_no_scan(clerk_and_admin, store, tmp_path):
    clerk, admin = clerk_and_admin
    scan = tmp_path / "调解协议扫描件.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    accounts.set_active(admin, "马丽", False)
    with pytest.raises(AccountStopped, match=REFUSED):
        attachments.add_attachment(clerk, scan)
    assert store.conn.execute("SELECT count(*) FROM attachments").fetchone()[0] == 0
    files = attachments.files_dir(store)
    assert not files.exists() or not [p for p in files.rglob("*") if p.is_file()]  # nothing of hers copied in
