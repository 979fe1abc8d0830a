"""What a killed import, backup, restore or atomic write leaves beside the database is removed once it is a day old
(it holds records in clear); younger work, and the office's own files, stay."""

from __future__ import annotations

import os
import tempfile
import time

import pytest

from fazhi_desktop.core.leftovers import DAY, IN_USE, WorkFolder, remove_leftovers


@pytest.fixture(autouse=True)
def own_temp_folder(monkeypatch, tmp_path_factory):
    """The system's temp folder, which cleanup looks into too, is the test's own."""
    folder = tmp_path_factory.mktemp("system-temp")
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def aged(path, seconds: float):
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def test_old_work_folders_and_unfinished_files_are_removed_and_nothing_else(tmp_path):
    old = []
    for name in (".fazhi-import-k2j3", ".fazhi-export-p0q1", ".fazhi-backup-a8x1", ".office-restore-9zq"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "data.jsonl").write_text('{"name": "马某"}', encoding="utf-8")
        old.append(aged(tmp_path / name, DAY + 60))
    part = tmp_path / ".office.db.x7f3ab12.part"
    part.write_bytes(b"half")
    old.append(aged(part, DAY + 60))
    young = tmp_path / ".fazhi-import-now1"
    young.mkdir()  # a fazhi import running now
    kept = [tmp_path / "office.db", tmp_path / "office-before-restore-20261126-035937.db", tmp_path / "会议.part"]
    for path in kept:
        path.write_bytes(b"x")
        aged(path, DAY * 30)
    (tmp_path / ".fazhi-backup-file").write_bytes(b"a file, not our folder")
    aged(tmp_path / ".fazhi-backup-file", DAY * 2)

    assert sorted(remove_leftovers(tmp_path)) == sorted(old)
    assert not any(path.exists() for path in old)
    assert young.exists() and all(path.exists() for path in kept)
    assert (tmp_path / ".fazhi-backup-file").exists()


def test_work_left_by_a_killed_program_goes_at_once_and_work_in_progress_stays_however_old(tmp_path):
    abandoned = tmp_path / ".fazhi-export-dead"
    abandoned.mkdir()
    (abandoned / IN_USE).touch()  # its process was killed: the system let go of the lock
    (abandoned / "bundle.tar").write_text('{"id_number": "11010519491231002X"}', encoding="utf-8")
    with WorkFolder(tmp_path, ".fazhi-export-") as running:
        aged(running, DAY * 3)  # an export that has run for days is still running

        assert remove_leftovers(tmp_path) == [abandoned]
        assert running.exists() and not abandoned.exists()
    assert not running.exists()


def test_a_backup_of_a_read_only_database_assembled_in_the_temp_folder_is_found_there_too(tmp_path, own_temp_folder):
    with WorkFolder(None, "fazhi-backup-") as running:
        abandoned = own_temp_folder / "fazhi-backup-dead"
        abandoned.mkdir()
        (abandoned / IN_USE).touch()
        earlier = own_temp_folder / "fazhi-export-old1"  # an earlier version packed bundles there
        earlier.mkdir()
        aged(earlier, DAY + 60)
        others = own_temp_folder / "someone-else"
        others.mkdir()

        assert sorted(remove_leftovers(tmp_path)) == sorted([abandoned, earlier])
        assert running.exists() and others.exists()
