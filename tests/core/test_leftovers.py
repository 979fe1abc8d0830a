"""What a killed import, backup, restore or atomic write leaves beside the database is removed once it is a day old
(it holds records in clear); younger work, and the office's own files, stay."""

from __future__ import annotations

import os
import time

from fazhi_desktop.core.leftovers import DAY, remove_leftovers


def aged(path, seconds: float):
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def test_old_work_folders_and_unfinished_files_are_removed_and_nothing_else(tmp_path):
    old = []
    for name in (".fazhi-import-k2j3", ".fazhi-backup-a8x1", ".office-restore-9zq"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "data.jsonl").write_text('{"name": "马某"}', encoding="utf-8")
        old.append(aged(tmp_path / name, DAY + 60))
    part = tmp_path / ".office.db.x7f3.part"
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
