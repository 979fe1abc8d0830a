# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A deleted record travels as a deletion without its attachment files: a file gone for good (the folder cleaned, a
disk error) no longer stops the export, the county keeps the deletion without the file, and a file a live record
refers to is still sent (and still needed)."""

from __future__ import annotations

import shutil

import pytest
from bundle_world import (  # noqa: F401  (fixtures)
    TOWN_PASS,
    copy_database,
    county_template,
    decrypt,
    encrypt_to,
    files_of,
    resign,
    world,
)

from fazhi_desktop.core import attachments
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.store import Store

ACTOR = "杨芳"


def scan(town, tmp_path, name: str) -> dict:
    path = tmp_path / name
    path.write_bytes(name.encode() * 1000)
    return attachments.add_attachment(town.store, path)


def bag(world, path) -> dict[str, bytes]:
    return files_of(decrypt(path, world.keys.identity))


def test_a_deleted_records_lost_file_no_longer_stops_the_export_and_the_county_keeps_the_deletion(
        world, valid_record, tmp_path):
    """It stopped with 数据包需要的附件文件不见了…（已删除的记录）: the record could not be opened and the paper was
    gone, so the office could send nothing more."""
    town = world.town()
    entry = scan(town, tmp_path, "签到表.jpg")
    gone = town.store.save("meeting", valid_record("meeting", title="作废的会议", attachments=[entry]), ACTOR)
    kept = town.store.save("meeting", valid_record("meeting", title="专题会议"), ACTOR)
    town.store.delete(gone.id, ACTOR)
    attachments.blob_path(town.store, entry["sha256"]).unlink()
    result = world.export(town)
    assert result.summary["deleted"] == 1 and result.summary["attachments"] == 0
    assert not any(name.startswith("data/attachments/") for name in bag(world, result.path))
    report = world.import_(result.path)
    assert report.ok, report.error
    assert report.new == 2 and report.new_deleted == 1 and report.attachments == 0
    held = world.county.get(gone.id, include_deleted=True)
    assert held.deleted and held["attachments"] == [entry]  # the record as the township holds it, file named
    assert world.county.get(kept.id)["title"] == "专题会议"
    assert attachments.files_not_held(world.county, world.county.ledger("meeting"), held.values) == ["签到表.jpg"]
    assert check_database(world.county).ok
    world.receipt(town)
    assert world.export(town, full=True).summary["attachments"] == 0  # a full export leaves it out too


def test_a_deleted_records_file_is_not_sent_even_when_present(world, valid_record, tmp_path):
    town = world.town()
    entry = scan(town, tmp_path, "签到表.jpg")
    gone = town.store.save("meeting", valid_record("meeting", attachments=[entry]), ACTOR)
    town.store.delete(gone.id, ACTOR)
    result = world.export(town, full=True)
    assert result.summary["attachments"] == 0 and f"data/attachments/{entry['sha256']}" not in bag(world, result.path)
    assert world.import_(result.path).ok
    assert not attachments.blob_path(world.county, entry["sha256"]).exists()


def test_a_file_shared_by_a_live_and_a_deleted_record_is_still_sent(world, valid_record, tmp_path):
    town = world.town()
    shared, own = scan(town, tmp_path, "协议扫描件.pdf"), scan(town, tmp_path, "签到表.jpg")
    live = town.store.save("meeting", valid_record("meeting", attachments=[shared]), ACTOR)
    gone = town.store.save("meeting", valid_record("meeting", attachments=[shared, own]), ACTOR)
    town.store.delete(gone.id, ACTOR)
    result = world.export(town)
    files = bag(world, result.path)
    assert result.summary["attachments"] == 1
    assert f"data/attachments/{shared['sha256']}" in files and f"data/attachments/{own['sha256']}" not in files
    report = world.import_(result.path)
    assert report.ok and report.attachments == 1
    assert attachments.attachment_path(world.county, shared["sha256"]).read_bytes() == "协议扫描件.pdf".encode() * 1000
    assert world.county.get(live.id)["attachments"] == [shared]


def test_a_live_records_missing_file_still_stops_the_export_naming_the_live_record_only(world, valid_record,
                                                                                         tmp_path):
    town = world.town()
    shared = scan(town, tmp_path, "协议扫描件.pdf")
    live = town.store.save("meeting", valid_record("meeting", attachments=[shared]), ACTOR)
    gone = town.store.save("meeting", valid_record("meeting", attachments=[shared]), ACTOR)
    town.store.delete(gone.id, ACTOR)
    attachments.blob_path(town.store, shared["sha256"]).unlink()
    with pytest.raises(BundleError) as refused:
        world.export(town)
    said = str(refused.value)
    assert f"会议 {live.number} 的附件“协议扫描件.pdf”" in said and "请打开记录" in said
    assert gone.number not in said and "已删除的记录" not in said
    assert list(town.usb.iterdir()) == []


def test_the_county_still_refuses_a_live_record_whose_file_is_neither_sent_nor_held(world, valid_record, tmp_path):
    """A bundle made to leave out a live record's file (by a township key holder) is refused, as before."""
    town = world.town()
    entry = scan(town, tmp_path, "协议扫描件.pdf")
    town.store.save("meeting", valid_record("meeting", attachments=[entry]), ACTOR)
    result = world.export(town)
    stripped = resign(decrypt(result.path, world.keys.identity), town.signer,
                      {f"data/attachments/{entry['sha256']}": None})
    path = encrypt_to(stripped, world.public.recipient, tmp_path / "stripped.tar.age")
    report = world.import_(path)
    assert not report.ok and "协议扫描件.pdf”不在数据包中，本县也没有这个文件" in report.error
    assert world.county.count("meeting") == 0


def test_the_county_still_takes_a_deleted_records_file_from_an_earlier_townships_bundle(world, valid_record,
                                                                                         tmp_path):
    """Townships of an earlier version send a deleted record's files: such a bundle is read as before."""
    town = world.town()
    entry = scan(town, tmp_path, "签到表.jpg")
    gone = town.store.save("meeting", valid_record("meeting", attachments=[entry]), ACTOR)
    town.store.delete(gone.id, ACTOR)
    result = world.export(town)
    blob = attachments.blob_path(town.store, entry["sha256"]).read_bytes()
    earlier = resign(decrypt(result.path, world.keys.identity), town.signer,
                     {f"data/attachments/{entry['sha256']}": blob})
    report = world.import_(encrypt_to(earlier, world.public.recipient, tmp_path / "earlier.tar.age"))
    assert report.ok, report.error
    assert report.attachments == 1 and attachments.attachment_path(world.county, entry["sha256"]).read_bytes() == blob


def restored_township(world, town):
    """The township's database, files and keys as a backup taken now would restore them: (store, signer, stick)."""
    backup = copy_database(world, town)
    shutil.copytree(attachments.files_dir(town.store), world.root / "backup-files")
    store = Store.open(backup, world.ledgers, world.clock)
    stick = world.root / "usb-restored"
    stick.mkdir()
    return store, keymod.unlock_township_key(store, TOWN_PASS), stick


def test_a_record_live_again_after_a_restore_carries_its_file_again(world, valid_record, tmp_path):
    """Deleting is never undone in the program; a backup from before the deletion brings the record back live,
    and the next bundle carries its file (the county was never sent it)."""
    town = world.town()
    entry = scan(town, tmp_path, "签到表.jpg")
    record = town.store.save("meeting", valid_record("meeting", attachments=[entry]), ACTOR)
    store, signer, stick = restored_township(world, town)
    try:
        town.store.delete(record.id, ACTOR)
        assert world.import_(world.export(town).path).ok  # the deletion, without the file
        world.receipt(town)
        assert not attachments.blob_path(world.county, entry["sha256"]).exists()
        again = export_bundle(store, stick, signer)
        assert again.summary["attachments"] == 1
        assert f"data/attachments/{entry['sha256']}" in bag(world, again.path)
        attachments.blob_path(store, entry["sha256"]).unlink()  # and gone there too: refused, naming the record
        with pytest.raises(BundleError, match=f"会议 {record.number} 的附件“签到表.jpg”"):
            export_bundle(store, stick, signer)
    finally:
        store.close()
