"""A database renamed or moved with its `-files` and `-keys` but not its `-autosave` (office.db → fazhi.db, as
README tells for moving data) lost the drafts its editors kept against a power cut: they belong to the database's
identity, not its file name (core/autosave.py), so the renamed one takes them over on opening, and another database
is never offered them."""

from __future__ import annotations

import os
import shutil
import time

from fazhi_desktop.core import attachments, autosave, unlisted_files
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store

TOWNSHIP = "640522100"


def typed_over(store: Store, title: str = "停电前打的会议名称", at: str = "2026-03-05T08:00:00Z") -> autosave.Draft:
    kept = autosave.Draft("马丽", "meeting", autosave.new_key(None), None, None, {"title": title}, at,
                          database=autosave.identity(store.conn))
    autosave.write(store.path, kept)
    return kept


def renamed(store: Store, new: str) -> Store:
    """Closed, the database and its `-files` renamed (the `-autosave` left as it was), opened under its new name."""
    store.close()
    old = store.path
    old.rename(old.with_name(new + ".db"))
    (old.parent / "office-files").mkdir(exist_ok=True)
    (old.parent / "office-files").rename(old.with_name(new + "-files"))
    return Store.open(old.with_name(new + ".db"), ledgers=store.ledgers, clock=store.clock)


def offered(store: Store) -> list[str]:
    return [d.values["title"] for d in autosave.listed(store.path, "马丽", autosave.identity(store.conn))]


def test_a_renamed_database_finds_the_drafts_typed_over_it(store):
    typed_over(store)
    moved = renamed(store, "fazhi")
    try:
        assert offered(moved) == ["停电前打的会议名称"]
        assert not (store.path.parent / "office-autosave").exists()  # taken over, not copied: one draft, one place
    finally:
        moved.close()


def test_another_database_is_never_offered_them(store, ledgers, clock, tmp_path):
    typed_over(store)
    other = init_database(tmp_path / "other.db", TOWNSHIP, office="海城镇司法所", ledgers=ledgers, clock=clock)
    shutil.copytree(autosave.folder(store.path), autosave.folder(other.path))  # the folder copied beside it
    store.close()
    store.path.unlink()  # and office.db moved away: its folder is no one's here
    other.close()
    other = Store.open(other.path, ledgers=ledgers, clock=clock)
    try:
        assert offered(other) == []
        assert autosave.listed(store.path, "马丽") != []  # left where it was, for its own database
    finally:
        other.close()


def test_a_copy_beside_the_original_leaves_the_originals_drafts_to_it(store, tmp_path):
    typed_over(store)
    store.close()
    shutil.copy2(store.path, tmp_path / "copy.db")
    copy = Store.open(tmp_path / "copy.db", ledgers=store.ledgers, clock=store.clock)
    try:
        assert offered(copy) == [] and len(autosave.listed(store.path, "马丽")) == 1
    finally:
        copy.close()


def test_drafts_from_before_a_restore_are_not_taken_over(store):
    """Typed over the records a restore replaced, as a restore under the same name sets them aside."""
    typed_over(store, "恢复之前打的", at="2026-03-05T08:00:00Z")
    typed_over(store, "恢复之后打的", at="2026-03-05T10:00:00Z")
    store.set_settings(restored_at="2026-03-05T09:00:00Z")
    moved = renamed(store, "fazhi")
    try:
        assert offered(moved) == ["恢复之后打的"]
    finally:
        moved.close()


def test_a_scan_a_draft_left_under_the_old_name_lists_stays(store, tmp_path):
    """A draft not taken over (written before drafts carried the database's identity, or a file another program held
    at the opening) stays under the old name, for a later opening or for the folder renamed by hand: the scan added
    in its editor, renamed with `-files`, is not taken for one no record lists (it was removed a day after the
    rename, and the draft restored later listed a scan that was gone)."""
    scan = tmp_path / "签到表.pdf"
    scan.write_bytes(b"%PDF-1.4 sign-in sheet")
    entry = attachments.add_attachment(store, scan)
    left = autosave.Draft("马丽", "meeting", autosave.new_key(None), None, None,
                          {"title": "升级前打的", "attachments": [entry]}, "2026-03-05T08:00:00Z")  # no identity
    autosave.write(store.path, left)
    day_old = time.time() - 3 * 86400
    os.utime(attachments.blob_path(store, entry["sha256"]), (day_old, day_old))
    moved = renamed(store, "fazhi")
    try:
        assert offered(moved) == []  # whose it is cannot be told: left where it was
        assert entry["sha256"] in unlisted_files.stored_files(moved.path)
    finally:
        moved.close()
