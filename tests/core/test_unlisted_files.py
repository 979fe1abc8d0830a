# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""Scans added in an editor (添加 copies them in at once) but never saved — 取消, removed again before saving, a power
cut — are not backed up, and go once a day old when the database is opened; what any record lists stays, a deleted
record's (it can be restored) and an earlier revision's too, and the county keeps every file."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

from backup_files import inner_bytes
from bundle_world import county_template, world  # noqa: F401

from fazhi_desktop.core import unlisted_files
from fazhi_desktop.core.attachments import add_attachment, blob_path
from fazhi_desktop.core.backup import create_backup
from fazhi_desktop.core.store import Store
from fazhi_desktop.core.unlisted_files import listed

ACTOR = "杨芳"


def scan(tmp_path, name: str):
    path = tmp_path / name
    path.write_bytes(name.encode() + os.urandom(2048))
    return path


def aged(store, entry, days: float = 2) -> None:
    then = time.time() - days * 24 * 3600
    os.utime(blob_path(store, entry["sha256"]), (then, then))


def backed_up(store, tmp_path, clock) -> set[str]:
    result = create_backup(store.path, tmp_path / "usb", clock=clock)
    with zipfile.ZipFile(io.BytesIO(inner_bytes(result.path, store.path))) as archive:
        return {name.rsplit("/", 1)[-1] for name in archive.namelist() if name.startswith("files/")}


def office_with_scans(store, tmp_path, valid_record):
    """Scans: on a record now, on a deleted record, on a record's earlier revision only, and one never saved."""
    kept = add_attachment(store, scan(tmp_path, "调解协议.pdf"))
    store.save("meeting", {**valid_record("meeting"), "attachments": [kept]}, ACTOR)
    of_deleted = add_attachment(store, scan(tmp_path, "签到表.pdf"))
    deleted = store.save("meeting", {**valid_record("meeting"), "title": "删掉的会议", "attachments": [of_deleted]},
                         ACTOR)
    store.delete(deleted.id, ACTOR)
    earlier = add_attachment(store, scan(tmp_path, "旧照片.jpg"))
    changed = store.save("law_study", {**valid_record("law_study"), "attachments": [earlier]}, ACTOR)
    store.save("law_study", {"attachments": None}, ACTOR, record_id=changed.id)
    never_saved = add_attachment(store, scan(tmp_path, "别人的身份证.jpg"))  # removed in the editor before saving
    return {"kept": kept, "of_deleted": of_deleted, "earlier": earlier, "never_saved": never_saved}, deleted


def test_a_scan_never_saved_is_not_backed_up_and_every_listed_one_is(store, tmp_path, valid_record, clock):
    scans, _ = office_with_scans(store, tmp_path, valid_record)
    files = backed_up(store, tmp_path, clock)
    assert scans["never_saved"]["sha256"] not in files
    assert {scans[k]["sha256"] for k in ("kept", "of_deleted", "earlier")} <= files


def test_opening_the_database_removes_an_unsaved_scan_once_a_day_old_and_nothing_a_record_lists(
        store, tmp_path, valid_record):
    scans, deleted = office_with_scans(store, tmp_path, valid_record)
    for entry in scans.values():
        aged(store, entry)
    just_added = add_attachment(store, scan(tmp_path, "刚添加的扫描件.pdf"))  # an editor open now, not saved yet
    store.close()

    reopened = Store.open(store.path)
    try:
        assert not blob_path(reopened, scans["never_saved"]["sha256"]).exists()
        assert reopened.conn.execute("SELECT count(*) FROM attachments WHERE sha256 = ?",
                                     [scans["never_saved"]["sha256"]]).fetchone() == (0,)
        for key in ("kept", "of_deleted", "earlier"):
            assert blob_path(reopened, scans[key]["sha256"]).exists(), key
        assert blob_path(reopened, just_added["sha256"]).exists()
        restored = reopened.restore_deleted(deleted.id, ACTOR)  # with its scan
        assert blob_path(reopened, restored["attachments"][0]["sha256"]).exists()
    finally:
        reopened.close()


def test_a_scan_added_again_in_an_editor_now_is_not_removed_however_old_its_file(store, tmp_path):
    first = add_attachment(store, scan(tmp_path, "扫描件.pdf"))
    aged(store, first)
    add_attachment(store, tmp_path / "扫描件.pdf")  # the same file, added in an editor open now
    store.close()
    Store.open(store.path).close()
    assert blob_path(store, first["sha256"]).exists()


def test_the_county_keeps_every_file_in_its_folder(world):
    files = world.county.path.with_name(world.county.path.stem + "-files") / "ab"
    files.mkdir(parents=True, exist_ok=True)
    held = files / ("ab" + "2" * 62)
    held.write_bytes(b"a township's scan")
    then = time.time() - 3 * 24 * 3600
    os.utime(held, (then, then))
    Store.open(world.county.path).close()
    assert held.exists()


def test_opening_again_reads_the_change_log_only_for_files_a_day_old_since_the_last_time(
        store, tmp_path, valid_record, monkeypatch):
    """Every office has day-old scans its records list: reading the whole log for them at every open cost ~0.2 s at
    100,000 records (and at every job the window runs on its own connection)."""
    scans, _ = office_with_scans(store, tmp_path, valid_record)
    for entry in scans.values():
        aged(store, entry)
    store.close()
    reads = []
    monkeypatch.setattr(unlisted_files, "listed", lambda conn: reads.append(1) or listed(conn))
    Store.open(store.path).close()
    assert len(reads) == 1 and not blob_path(store, scans["never_saved"]["sha256"]).exists()
    Store.open(store.path).close()
    assert len(reads) == 1  # nothing became a day old since
    assert all(blob_path(store, scans[key]["sha256"]).exists() for key in ("kept", "of_deleted", "earlier"))


def test_a_scan_a_day_old_after_the_last_look_is_still_removed_and_a_listed_one_still_kept(
        store, tmp_path, valid_record):
    scans, _ = office_with_scans(store, tmp_path, valid_record)
    for entry in scans.values():
        aged(store, entry)
    first = time.time()
    assert unlisted_files.remove_unlisted(store.conn, store.path, first) == [scans["never_saved"]["sha256"]]
    later = add_attachment(store, scan(tmp_path, "又一张没保存的.jpg"))
    saved = add_attachment(store, scan(tmp_path, "保存了的.jpg"))
    store.save("meeting", {**valid_record("meeting"), "attachments": [saved]}, ACTOR)
    assert unlisted_files.remove_unlisted(store.conn, store.path, first + 1.5 * unlisted_files.DAY) == \
        [later["sha256"]]
    assert blob_path(store, saved["sha256"]).exists()


def test_a_scan_that_could_not_be_removed_is_tried_again_at_the_next_open(store, tmp_path, monkeypatch):
    unsaved = add_attachment(store, scan(tmp_path, "没保存的.jpg"))
    aged(store, unsaved)
    held = blob_path(store, unsaved["sha256"])
    unlink = Path.unlink

    def held_open(path, *args, **kwargs):  # Windows: a viewer holds it open
        if path == held:
            raise PermissionError(13, "in use")
        return unlink(path, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(Path, "unlink", held_open)
        assert unlisted_files.remove_unlisted(store.conn, store.path) == []
    assert held.exists()
    assert unlisted_files.remove_unlisted(store.conn, store.path) == [unsaved["sha256"]]
    assert not held.exists()


def test_a_scan_an_autosaved_draft_lists_stays_until_the_draft_is_given_up(store, tmp_path, valid_record):
    """A power cut with a scan added and the record not saved: the draft (core/autosave.py) waits days for its
    clerk's next login; opening meanwhile must not take its scan for one no record lists."""
    from fazhi_desktop.core import autosave

    drafted = add_attachment(store, scan(tmp_path, "调解申请书.pdf"))
    draft = autosave.Draft(account=ACTOR, ledger="meeting", key=autosave.new_key(None), record_id=None,
                           revision=None, values={**valid_record("meeting"), "attachments": [drafted]},
                           written_at="2026-06-01T08:00:00Z")
    autosave.write(store.path, draft)
    aged(store, drafted, days=3)
    store.close()
    Store.open(store.path).close()
    assert blob_path(store, drafted["sha256"]).exists()

    autosave.remove(store.path, ACTOR, draft.ledger, draft.key)  # 放弃: now it is a scan nobody keeps
    Store.open(store.path).close()
    assert not blob_path(store, drafted["sha256"]).exists()
