# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""What a bundle, backup or receipt cut off while written (a power cut, the task manager) leaves on the stick: its
own full-size hidden temporary file. It goes before the next one is written there, unless another program (this one
on another PC sharing the stick, another window) is writing it now; only names the program gives its own files."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest
from bundle_world import county_template, world  # noqa: F401

from fazhi_desktop.core import atomic, failures
from fazhi_desktop.core.backup import create_backup, save_settings, sealing
from fazhi_desktop.core.backup.config import load_settings
from fazhi_desktop.core.bundle import apply as apply_mod
from fazhi_desktop.core.bundle import export as export_mod
from fazhi_desktop.core.bundle.receipts import write_receipts
from fazhi_desktop.core.store import Store

BUNDLE_PART = ".fazhi-640522100-000004.tar.age.k2x9a0qz.part"
BACKUP_PART = ".office-backup-640522100-20261110-093015.zip.p0o9i8u7.part"
RECEIPT_PARTS = (".fazhi-receipt-640522100-000004.json.a1b2c3d4.part",
                 ".fazhi-receipt-640522100-000004.json.minisig.e5f6g7h8.part")
NOT_OURS = (".会议纪要.docx.q1w2e3r4.part", "fazhi-640522100-000003.tar.age.part", ".fazhi-notes.txt")


def left_by_a_killed_program(folder: Path, *names: str, size: int = 4096) -> list[Path]:
    """Files as a program killed while writing them leaves them: unlocked, last changed a minute ago."""
    made = []
    for name in names:
        path = folder / name
        path.write_bytes(os.urandom(size))
        then = time.time() - 60
        os.utime(path, (then, then))
        made.append(path)
    return made


def test_a_bundle_cut_off_on_the_stick_goes_before_the_next_export_and_nothing_else_does(world, valid_record):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    abandoned = left_by_a_killed_program(town.usb, BUNDLE_PART, BACKUP_PART, *RECEIPT_PARTS)
    others = left_by_a_killed_program(town.usb, *NOT_OURS)

    result = world.export(town)

    assert result.path.exists()
    assert not any(p.exists() for p in abandoned)
    assert all(p.exists() for p in others)  # a clerk's own files, whatever they look like


def test_a_bundle_another_program_is_writing_onto_the_stick_now_is_left_and_named_when_room_is_short(
        world, valid_record, monkeypatch):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    with atomic.replacing(town.usb / "fazhi-640522200-000007.tar.age") as out:  # another office's PC, this moment
        out.write(os.urandom(4096))
        [writing] = town.usb.glob(".*.part")
        then = time.time() - 3600  # however long ago it last changed: its lock says it is being written
        os.utime(writing, (then, then))

        assert export_mod.space_problem(town.usb, 1000) is None
        assert writing.exists()
        monkeypatch.setattr(export_mod.shutil, "disk_usage", lambda _folder: type("U", (), {"free": 10})())
        said = export_mod.space_problem(town.usb, 1000)
        assert writing.exists()
    assert f"U盘上有没写完的临时文件 {writing.name}" in said and "另一台电脑或另一个窗口正在往这里导出" in said


def test_a_backup_cut_off_on_the_stick_goes_before_the_next_backup(store, tmp_path, clock):
    usb = tmp_path / "usb"
    usb.mkdir()
    abandoned = left_by_a_killed_program(usb, BACKUP_PART, BUNDLE_PART)
    others = left_by_a_killed_program(usb, *NOT_OURS)

    result = create_backup(store.path, usb, clock=clock)

    assert result.path.exists()
    assert not any(p.exists() for p in abandoned) and all(p.exists() for p in others)


def test_a_full_stick_names_the_backup_another_program_is_writing_there_not_only_old_backups(
        store, tmp_path, clock, monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()

    def stick_full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sealing, "seal", stick_full)
    with atomic.replacing(usb / BACKUP_PART.removeprefix(".").rsplit(".", 2)[0]) as out:  # another window's
        out.write(os.urandom(4096))
        with pytest.raises(failures.DiskFull) as raised:
            create_backup(store.path, usb, clock=clock)
    assert "U盘上有没写完的临时文件 .office-backup-640522100-20261110-093015.zip." in str(raised.value)


def test_a_receipt_cut_off_goes_before_the_county_writes_receipts_there_again(world, valid_record):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    world.import_(world.export(town).path)
    out = world.root / "out"
    out.mkdir()
    abandoned = left_by_a_killed_program(out, *RECEIPT_PARTS)

    [written] = write_receipts(world.county, world.keys, out, [town.code])

    assert written.path.exists()
    assert not any(p.exists() for p in abandoned)


def test_the_county_importing_a_folder_passes_over_a_bundle_still_being_written(world, valid_record):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    bundle = world.export(town).path
    whole_copy = town.usb / f".{bundle.name}.k2x9a0qz.part"  # cut off at its rename: all there but its name
    whole_copy.write_bytes(bundle.read_bytes())
    assert apply_mod.bundle_files(town.usb) == [bundle]


def test_opening_the_database_removes_unfinished_attachments_keys_and_backups(store, tmp_path):
    db = store.path
    store.close()
    backups = tmp_path / "stick"
    backups.mkdir()
    settings = load_settings(db)
    settings.folder = str(backups)
    save_settings(db, settings)
    sub = db.with_name("office-files") / "ab"
    keys = db.with_name("office-keys")
    drafts = db.with_name("office-autosave") / "马丽".encode().hex()  # an autosaved draft cut (core/autosave.py)
    sub.mkdir(parents=True)
    keys.mkdir(exist_ok=True)
    drafts.mkdir(parents=True)
    (keys / "township.key").write_bytes(b"the key written after the cut write")
    # the county's 修改口令 cut between its two renames: both key files only under temporary names, kept
    both_aside = left_by_a_killed_program(keys, ".county-sign.key.a1b2c3d4.part",
                                          ".county-identity.age.e5f6g7h8.part")
    abandoned = [*left_by_a_killed_program(sub, ".ab" + "0" * 62 + ".z9y8x7w6.part"),
                 *left_by_a_killed_program(keys, ".township.key.z9y8x7w6.part"),
                 *left_by_a_killed_program(drafts, ".meeting--new-0a1b2c3d4e5f.json.z9y8x7w6.part"),
                 *left_by_a_killed_program(backups, BACKUP_PART)]
    others = left_by_a_killed_program(backups, *NOT_OURS)
    with atomic.replacing(sub / ("ab" + "1" * 62)) as out:  # an attachment another window is adding now
        out.write(b"scan")
        [adding] = [p for p in sub.glob(".*.part") if p not in abandoned]

        Store.open(db).close()

        assert adding.exists()
    assert not any(p.exists() for p in abandoned) and all(p.exists() for p in others)
    assert all(p.exists() for p in both_aside)
