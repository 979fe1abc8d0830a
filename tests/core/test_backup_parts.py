"""A backup too large for the backup folder's file system (a FAT32 stick: no file of 4 GB or more; an office that
photographs every mediation agreement reaches it) was refused. It now goes in parts, as a bundle does
(core/file_parts.py): `NAME.zip.001`, … and, written last, the list `NAME.zip.sha256`; it is one backup when listed,
rotated, offered and restored, picked by any of its files, and a set missing a part or its list is named and
refused, never half-restored. Parts of 64 KB stand for parts of 4 GB."""

from __future__ import annotations

import os
import shutil
import zipfile
from datetime import timedelta

import pytest

from fazhi_desktop.core import file_parts, media
from fazhi_desktop.core.atomic import part_of
from fazhi_desktop.core.attachments import add_attachment
from fazhi_desktop.core.backup import (
    BackupError,
    backup_to_offer,
    create_backup,
    list_backups,
    prepare_restore,
    restore,
    sealing,
)
from fazhi_desktop.core.backup.rotation import rotate
from fazhi_desktop.core.stick_names import program_output
from fazhi_desktop.core.store import Store

ACTOR = "杨芳"
PART = 64 * 1024


@pytest.fixture
def office(store, valid_record, tmp_path):
    """The office's database with a 200 KB scan (random: it does not compress), so a backup takes 4 parts."""
    scan = tmp_path / "调解协议书.jpg"
    scan.write_bytes(os.urandom(200 * 1024))
    entry = add_attachment(store, scan)
    store.save("law_study", {**valid_record("law_study"), "attachments": [entry]}, ACTOR)
    return store


def names(folder):
    return sorted(p.name for p in folder.iterdir())


def in_parts(office, usb, clock, **kwargs):
    return create_backup(office.path, usb, clock=clock, part_bytes=PART, **kwargs)


def test_a_backup_too_large_for_one_file_goes_in_parts_listed_and_restored_as_one(office, tmp_path, clock):
    usb = tmp_path / "usb"
    result = in_parts(office, usb, clock)
    name = result.path.name
    assert names(usb) == [f"{name}.00{n}" for n in (1, 2, 3, 4)] + [f"{name}.sha256"]
    assert not result.path.exists() and result.size == sum(p.stat().st_size for p in usb.glob("*.00?"))
    said = "\n".join(result.lines())
    assert f"已备份：{result.path}" in said
    assert f"备份分成了 4 卷：{name}.001 至 {name}.004，另有分卷清单 {name}.sha256" in said
    assert "这 5 个文件是同一份备份" in said
    assert [b.path for b in list_backups(usb, "office")] == [result.path]
    office.close()
    restored = restore(office.path, usb / f"{name}.003", ACTOR)  # picked by any of its files
    assert restored.backup == result.path
    again = Store.open(office.path)
    try:
        assert again.conn.execute("SELECT count(*) FROM law_study").fetchone()[0] == 1
    finally:
        again.close()


def test_the_note_inside_a_backup_in_parts_says_to_join_its_parts_first(office, tmp_path, clock):
    """fazhi-backup.txt said 解压本文件 to the technician holding four files, none of which unzips alone: it now
    says how the parts join (copy /b, cat), by their names, and that the program itself takes them as they are."""
    usb = tmp_path / "usb"
    result = in_parts(office, usb, clock)
    name = result.path.name
    joined = tmp_path / name  # as the note says: cat NAME.0* > NAME
    joined.write_bytes(b"".join(p.read_bytes() for p in sorted(usb.glob(f"{name}.0*"))))
    with zipfile.ZipFile(joined) as outer:
        note = outer.read(sealing.README).decode()
    assert f"copy /b {name}.001+{name}.002+… {name}" in note and f"cat {name}.0* > {name}" in note
    assert f"sha256sum -c {name}.sha256" in note and "不用合并" in note
    whole = create_backup(office.path, tmp_path / "whole", clock=clock)
    with zipfile.ZipFile(whole.path) as outer:
        note = outer.read(sealing.README).decode()
    assert "1. 解压本文件" in note and "copy /b" not in note and "分卷" not in note


def test_the_backup_offered_for_a_damaged_database_may_be_in_parts_never_a_broken_one(office, clock):
    whole = create_backup(office.path, clock=clock).path  # the default folder, beside the database
    clock.now += timedelta(hours=1)
    newer = create_backup(office.path, clock=clock, part_bytes=PART).path
    assert backup_to_offer(office.path, clock=clock).backup.path == newer
    file_parts.index_path(newer).unlink()
    assert backup_to_offer(office.path, clock=clock).backup.path == whole


@pytest.mark.parametrize("picked", ["joined", "list"])
def test_a_set_is_restored_by_its_name_or_its_list(office, tmp_path, clock, picked):
    result = in_parts(office, tmp_path / "usb", clock)
    office.close()
    chosen = result.path if picked == "joined" else file_parts.index_path(result.path)
    prepared = prepare_restore(office.path, chosen)
    try:
        assert prepared.backup == result.path and prepared.records_checked == 1
    finally:
        prepared.discard()


def test_a_set_missing_a_part_or_its_list_is_named_and_refused_nothing_restored(office, tmp_path, clock):
    result = in_parts(office, tmp_path / "usb", clock)
    name = result.path.name
    office.close()
    before = office.path.read_bytes()
    (tmp_path / "usb" / f"{name}.002").unlink()
    with pytest.raises(BackupError) as refused:
        prepare_restore(office.path, tmp_path / "usb" / f"{name}.001")
    assert f"备份 {name} 缺少第 2 卷 {name}.002（共 4 卷）" in str(refused.value)
    assert "请把原来的U盘上" in str(refused.value) and "乡镇" not in str(refused.value)
    file_parts.index_path(result.path).unlink()
    with pytest.raises(BackupError) as refused:
        restore(office.path, tmp_path / "usb" / f"{name}.001", ACTOR)
    assert f"但没有分卷清单 {name}.sha256（备份没有完成，或没有复制全）" in str(refused.value)
    assert office.path.read_bytes() == before
    assert not list(office.path.parent.glob(".*restore*")) and not list(office.path.parent.glob("*before-restore*"))
    listed = list_backups(tmp_path / "usb", "office")
    assert [b.path for b in listed] == [result.path] and "没有分卷清单" in (listed[0].broken or "")


def test_a_damaged_part_is_named(office, tmp_path, clock):
    result = in_parts(office, tmp_path / "usb", clock)
    part = tmp_path / "usb" / f"{result.path.name}.002"
    data = bytearray(part.read_bytes())
    data[1000] ^= 0xFF
    part.write_bytes(bytes(data))
    office.close()
    with pytest.raises(BackupError) as refused:
        prepare_restore(office.path, result.path)
    assert f"备份 {result.path.name} 的第 2 卷 {part.name} 与分卷清单不符" in str(refused.value)


def test_rotation_deletes_and_keeps_sets_whole_and_leaves_a_broken_one(office, tmp_path, clock):
    usb = tmp_path / "usb"
    made = []
    for _ in range(6):
        clock.now += timedelta(days=1)
        made.append(in_parts(office, usb, clock).path)
    # the oldest's list gone (a copy not finished): never counted among those kept, nor deleted
    file_parts.index_path(made[0]).unlink()
    kept, deleted, problems = rotate(usb, "office", "640522100", 3, 0, clock=clock)
    assert (kept, deleted, problems) == (3, 2, [])
    left = {file_parts.joined_path(p) for p in usb.iterdir()}
    assert left == {made[0], *made[3:]}
    for path in made[3:]:
        assert len(file_parts.read_set(path, "备份").parts) == 4  # every part of each kept
    assert len(file_parts.found_parts(made[0])) == 4  # the broken one untouched
    for path in made[1:3]:
        assert not file_parts.found_parts(path) and not file_parts.index_path(path).exists()


def test_a_set_a_part_of_which_cannot_be_deleted_is_said_and_not_kept_as_whole(office, tmp_path, clock, monkeypatch):
    usb = tmp_path / "usb"
    old = in_parts(office, usb, clock).path
    for _ in range(3):  # the newest three are always kept
        clock.now += timedelta(days=1)
        result = in_parts(office, usb, clock)
    real_unlink = type(old).unlink

    def stuck(path, *args, **kwargs):
        if path.name == f"{old.name}.003":
            raise PermissionError(13, "Permission denied")
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(type(old), "unlink", stuck)
    assert rotate(usb, "office", "640522100", 1, 0, clock=clock) == (
        3, 0, [f"无法删除旧备份 {old.name}（分 4 卷）：Permission denied（下次备份时再删）"])
    assert names(usb).count(f"{old.name}.003") == 1 and len(file_parts.found_parts(old)) == 1
    assert not file_parts.index_path(old).exists()  # the list went first: what stays is no set passing for whole
    listed = list_backups(usb, "office")
    assert listed[0].path == result.path and listed[-1].path == old and listed[-1].broken


def test_a_killed_backup_leaves_no_part_under_a_final_name_only_what_the_next_removes(office, tmp_path, clock,
                                                                                    monkeypatch):
    usb = tmp_path / "usb"

    held = []

    def killed(writer):
        held.append(writer)  # its files not closed: a killed program removes nothing
        raise KeyboardInterrupt  # the program killed while the last part was written

    with monkeypatch.context() as patch:
        patch.setattr(file_parts._PartsWriter, "finish", killed)
        patch.setattr(file_parts._PartsWriter, "abandon", lambda writer, exc: None)  # a killed program cleans nothing
        with pytest.raises(KeyboardInterrupt):
            in_parts(office, usb, clock)
    left = names(usb)
    assert len(left) == 4 and all(name.startswith(".") and name.endswith(".part") for name in left)
    assert list_backups(usb, "office") == []
    # what the next backup, or opening the database, removes once nobody writes it (core/leftovers.py)
    assert all(program_output(part_of(name) or "") for name in left)


def test_onto_a_fat32_stick_a_backup_larger_than_it_takes_goes_in_parts(office, tmp_path, clock, monkeypatch):
    """Without a part size given: the stick's file system decides (media.FAT_MAX_FILE, here 64 KB)."""
    usb = tmp_path / "U盘"
    usb.mkdir()
    monkeypatch.setattr(media, "fat_volume", lambda folder: folder == usb)
    monkeypatch.setattr(media, "FAT_MAX_FILE", PART)
    result = create_backup(office.path, usb, clock=clock)
    assert len(file_parts.found_parts(result.path)) == 4 and file_parts.index_path(result.path).is_file()
    other = tmp_path / "移动硬盘"
    other.mkdir()
    assert create_backup(office.path, other, clock=clock).path.is_file()  # elsewhere, one file


def test_a_backup_in_parts_needs_the_recovery_code_on_another_pc_as_one_file_does(office, tmp_path, clock):
    result = in_parts(office, tmp_path / "usb", clock)
    code = sealing.load_key(office.path).code
    office.close()
    new_pc = tmp_path / "new-pc" / "office.db"
    new_pc.parent.mkdir()
    copied = tmp_path / "new-pc" / "U盘"
    shutil.copytree(tmp_path / "usb", copied)
    with pytest.raises(sealing.RecoveryCodeNeeded):
        prepare_restore(new_pc, copied / result.path.name)
    prepared = prepare_restore(new_pc, copied / f"{result.path.name}.001", recovery_code=code)
    prepared.discard()


def test_a_folder_holding_one_backup_restores_it_one_holding_several_names_them(office, tmp_path, clock):
    usb = tmp_path / "usb"
    result = in_parts(office, usb, clock)
    office.close()
    prepared = prepare_restore(office.path, usb)
    prepared.discard()
    assert prepared.backup == result.path
    clock.now += timedelta(hours=1)
    newer = create_backup(office.path, usb, clock=clock, part_bytes=PART).path
    with pytest.raises(BackupError) as refused:
        prepare_restore(office.path, usb)
    assert str(refused.value) == (f"{usb} 中有 2 个备份，请选择其中要恢复的一个（最近一份：{newer.name}（分 4 卷））")
