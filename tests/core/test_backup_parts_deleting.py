# ruff: noqa: F811  (the fixture `office` is imported from tests/core/test_backup_parts.py)
"""Rotation deleted a backup in parts list first, then its parts: a part an antivirus held (or one without the
permission to delete it) stayed behind as a set with no list, which rotation never tried again and `fazhi backup
--list` called 分卷不完整……（备份没有完成，或没有复制全）, the wrong cause, sending the clerk to copy it again. The
list is now renamed to a deletion mark first: the set is listed as 正在删除/未删完 naming the file that resisted, and
the next rotation finishes it. The same mark stands while a new backup's parts get their final names: a program
killed among those renames leaves parts the next rotation deletes, not a 备份没有完成 set kept for good."""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests/core/test_backup_parts.py

from test_backup_parts import PART, office  # noqa: F401  (the office with a scan: 4 parts; a fixture)

from fazhi_desktop import cli_backup
from fazhi_desktop.core import file_parts
from fazhi_desktop.core.backup import BackupError, create_backup, list_backups, prepare_restore
from fazhi_desktop.core.backup import in_parts as backup_parts
from fazhi_desktop.core.backup.rotation import backup_name, rotate

ACTOR = "杨芳"
CODE = "640522100"


def backups_over_days(office, usb, clock, days):
    made = []
    for _ in range(days):
        clock.now += timedelta(days=1)
        made.append(create_backup(office.path, usb, clock=clock, part_bytes=PART).path)
    return made


def held(monkeypatch, name):
    """Deleting the file `name` is refused, as an antivirus scanning it refuses it on Windows."""
    real = type(Path()).unlink

    def stuck(path, *args, **kwargs):
        if path.name == name:
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(type(Path()), "unlink", stuck)


def test_a_set_a_part_of_which_could_not_be_deleted_is_listed_as_being_deleted_and_finished_next_time(
        office, tmp_path, clock, monkeypatch, capsys):
    usb = tmp_path / "usb"
    old, *newer = backups_over_days(office, usb, clock, 4)
    with monkeypatch.context() as patch:
        held(patch, f"{old.name}.003")
        kept, deleted, problems = rotate(usb, "office", CODE, 1, 0, clock=clock)
    assert (kept, deleted) == (3, 0) and "下次备份时再删" in problems[0]
    assert sorted(p.name for p in usb.iterdir() if p.name.startswith(old.name)) == [
        f"{old.name}.003", f"{old.name}.deleting"]
    listed = list_backups(usb, "office")
    assert listed[-1].path == old and listed[-1].deleting
    assert listed[-1].broken.startswith(f"正在删除/未删完：{old.name}.003 删不掉")
    assert "备份没有完成" not in listed[-1].broken and "没有复制全" not in listed[-1].broken
    assert cli_backup._list(office.path, usb) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if str(old) in line)
    assert f"正在删除/未删完：{old.name}.003 删不掉" in line and "不能用于恢复" not in line
    office.close()
    with pytest.raises(BackupError, match="正在删除/未删完"):
        prepare_restore(office.path, usb / f"{old.name}.003")
    # the antivirus is done with it: the next rotation finishes the set, mark and all
    assert rotate(usb, "office", CODE, 1, 0, clock=clock) == (3, 0, [])
    assert not [p for p in usb.iterdir() if p.name.startswith(old.name)]
    assert [b.path for b in list_backups(usb, "office")] == newer[::-1]


def test_a_part_that_still_resists_is_said_again_and_another_office_s_marked_set_is_left_alone(
        office, tmp_path, clock, monkeypatch):
    usb = tmp_path / "usb"
    old = backups_over_days(office, usb, clock, 4)[0]
    other = usb / old.name.replace(CODE, "640522101")
    for part in file_parts.found_parts(old).values():
        (usb / part.name.replace(CODE, "640522101")).write_bytes(part.read_bytes())
    backup_parts.deleting_mark(other).write_text("...", encoding="utf-8")
    with monkeypatch.context() as patch:
        held(patch, f"{old.name}.002")
        rotate(usb, "office", CODE, 1, 0, clock=clock)
        assert rotate(usb, "office", CODE, 1, 0, clock=clock)[2] == [
            f"无法删除旧备份 {old.name} 剩下的分卷：Permission denied（下次备份时再删）"]
    assert len(file_parts.found_parts(other)) == 4  # not this office's: never touched


def test_parts_left_by_a_program_killed_while_renaming_them_are_marked_and_deleted_by_the_next_rotation(
        office, tmp_path, clock, monkeypatch):
    usb = tmp_path / "usb"
    backups_over_days(office, usb, clock, 1)

    def killed_after_two(writer):
        for _ in range(2):
            writer.held.pop(0).close()
        raise KeyboardInterrupt  # killed: nothing after runs, nothing is cleaned

    with monkeypatch.context() as patch:
        patch.setattr(file_parts._PartsWriter, "_rename_held", killed_after_two)
        patch.setattr(file_parts._PartsWriter, "abandon", lambda writer, exc: None)
        patch.setattr(backup_parts, "unmark_written", lambda path: None)
        with pytest.raises(KeyboardInterrupt):
            backups_over_days(office, usb, clock, 1)
    cut = next(b for b in list_backups(usb, "office") if b.broken)
    assert cut.deleting and "写入备份时程序中断" in cut.broken and len(file_parts.found_parts(cut.path)) == 2
    # a backup being written this moment is left alone; one killed 10 minutes ago is not
    assert rotate(usb, "office", CODE, 1, 0, clock=clock)[1:] == (0, [])
    assert len(file_parts.found_parts(cut.path)) == 2
    past = time.time() - backup_parts.WRITE_MARK_AGE - 1
    os.utime(backup_parts.deleting_mark(cut.path), (past, past))
    rotate(usb, "office", CODE, 1, 0, clock=clock)
    assert not file_parts.found_parts(cut.path) and not backup_parts.deleting_mark(cut.path).exists()
    assert [b for b in list_backups(usb, "office") if b.broken] == []


def test_a_backup_in_parts_written_whole_leaves_no_mark(office, tmp_path, clock):
    usb = tmp_path / "usb"
    made = backups_over_days(office, usb, clock, 1)[0]
    assert not backup_parts.deleting_mark(made).exists()
    assert [b.broken for b in list_backups(usb, "office")] == [None]


def test_a_backup_whose_parts_are_still_being_renamed_by_another_program_is_left_alone(office, tmp_path, clock,
                                                                                        monkeypatch):
    """Another program's rotation (fazhi backup while the window backs up on exit, or another PC on a shared
    folder) met the mark of a backup whose parts were still being synced and renamed (4 GB parts to a slow stick:
    over 10 minutes) and deleted those already renamed: the backup then written whole named a part that was gone."""
    usb = tmp_path / "usb"
    backups_over_days(office, usb, clock, 1)
    real = file_parts._PartsWriter._rename_held
    met: list[tuple[int, int, list[str]]] = []

    def slow(writer):
        writer.held.pop(0).close()  # the first part renamed, the others still held under their temporary names
        mark = backup_parts.deleting_mark(writer.path)
        past = time.time() - backup_parts.WRITE_MARK_AGE - 60
        os.utime(mark, (past, past))  # the rest synced for more than 10 minutes
        met.append(rotate(usb, "office", CODE, 1, 0, clock=clock))  # the other program's backup ends meanwhile
        writer.done.insert(0, writer.path.with_name(file_parts.part_name(writer.path.name, 1)))
        real(writer)

    with monkeypatch.context() as patch:
        patch.setattr(file_parts._PartsWriter, "_rename_held", slow)
        made = backups_over_days(office, usb, clock, 1)[0]
    assert met and met[0][2] == []
    listed = {b.path: b for b in list_backups(usb, "office")}
    assert listed[made].broken is None, listed[made].broken
    office.close()
    prepare_restore(office.path, made).discard()


def test_a_mark_left_with_no_part_goes_with_the_next_rotation(office, tmp_path, clock):
    """A program killed after the mark and before its first rename (its temporary parts removed as leftovers) left
    an empty NAME.zip.deleting on the stick that every rotation kept."""
    usb = tmp_path / "usb"
    backups_over_days(office, usb, clock, 1)
    mark = backup_parts.deleting_mark(usb / backup_name("office", CODE, datetime(2020, 1, 1)))
    mark.write_bytes(b"")
    past = time.time() - backup_parts.WRITE_MARK_AGE - 1
    os.utime(mark, (past, past))
    rotate(usb, "office", CODE, 1, 0, clock=clock)
    assert not mark.exists()
