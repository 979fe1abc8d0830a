# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A full disk, a write-protected stick, a database held by another program, a damaged file, a second window: each
gets a clear Chinese message and a safe way out, and nothing is half-written.

Full disks and read-only media are real: a small tmpfs mounted for the test (Linux, as root: CI and the
development machine; elsewhere these tests are skipped). A locked database is another connection holding the
write lock; a damaged file has pages overwritten."""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from backup_files import inner_bytes
from bundle_world import county_template, world  # noqa: F401  (fixtures)
from damage import damage
from small_disk import fill, mounted

from fazhi_desktop.cli import main as cli
from fazhi_desktop.core import failures
from fazhi_desktop.core.attachments import add_attachment
from fazhi_desktop.core.backup import create_backup, restore
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.instance import AlreadyOpen, InstanceLock, is_locked
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store

ACTOR = "杨芳"


def remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


# -- disk full ------------------------------------------------------------------------------------------------------


def test_a_full_disk_while_saving_says_so_keeps_what_was_saved_and_recovers(tmp_path, ledgers, valid_record):
    with mounted(tmp_path / "disk", "3m") as disk:
        store = init_database(disk / "office.db", "640522100", ledgers=ledgers)
        filler = fill(disk)
        saved = 0
        with pytest.raises(failures.DiskFull) as caught:
            for n in range(500):
                store.save("meeting", valid_record("meeting", title=f"会议{n}" + "很长的议题说明" * 200), ACTOR)
                saved += 1
        message = str(caught.value)
        assert "空间不足" in message and "没有保存" in message and "office.db" in message
        assert not store.conn.in_transaction
        assert store.count("meeting") == saved
        filler.unlink()  # the way out: free some space, save again
        store.save("meeting", valid_record("meeting", title="腾出空间后再保存"), ACTOR)
        assert store.count("meeting") == saved + 1
        assert check_database(store).ok
        store.close()


def test_a_full_disk_at_start_is_said_as_full_not_as_a_pulled_stick(tmp_path, ledgers, capsys):
    """SQLite says "disk I/O error" when there is no room for the 32 KB -shm file (SQLITE_IOERR_SHMSIZE): the
    clerk read 读写磁盘出错（U盘被拔出或磁盘故障）, and the window added the advice to restore a backup."""
    with mounted(tmp_path / "disk", "2m") as disk:
        init_database(disk / "office.db", "640522100", ledgers=ledgers).close()
        filler = fill(disk)
        with pytest.raises(failures.DiskFull) as caught:
            Store.open(disk / "office.db", ledgers=ledgers)
        said = str(caught.value)
        assert "office.db" in said and "磁盘空间不足" in said and f"请清理“{disk}”所在的磁盘" in said
        assert "拔出" not in said and "故障" not in said and "备份恢复" not in said
        assert cli(["--db", str(disk / "office.db"), "list", "meeting"]) == 1
        err = capsys.readouterr().err
        assert "磁盘空间不足" in err and "拔出" not in err and "Traceback" not in err
        filler.unlink()  # the way out: clear the disk, open again
        Store.open(disk / "office.db", ledgers=ledgers).close()


def test_an_io_error_on_a_disk_with_almost_no_space_left_is_a_full_disk(tmp_path):
    """Whatever I/O error SQLite gives: with the disk all but full, clearing it is the way out; on a disk with room
    (or one that is gone) it is still the failing disk."""
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = 778  # SQLITE_IOERR_WRITE
    with mounted(tmp_path / "disk", "1m") as disk:
        assert failures.sqlite_failure_class(error, disk / "office.db") is failures.StorageError
        fill(disk)
        assert failures.sqlite_failure_class(error, disk / "office.db") is failures.DiskFull
        saved = failures.from_sqlite(error, disk / "office.db", "保存")
        assert isinstance(saved, failures.DiskFull) and "空间不足" in str(saved) and "没有保存" in str(saved)
    assert failures.sqlite_failure_class(error, tmp_path / "gone" / "office.db") is failures.StorageError


def test_a_full_usb_stick_during_a_backup_leaves_no_half_written_file(store, tmp_path, valid_record):
    for n in range(30):
        store.save("meeting", valid_record("meeting", title=f"会议{n}" + "议题" * 300), ACTOR)
    with mounted(tmp_path / "usb", "1m") as usb:
        fill(usb, leave=20_000)
        with pytest.raises(failures.DiskFull) as caught:
            create_backup(store.path, usb)
        assert "空间不足" in str(caught.value) and "未写完的文件已删除" in str(caught.value)
        assert sorted(p.name for p in usb.iterdir()) == ["filler.bin"]
    assert check_database(store).ok


@pytest.fixture
def nearly_full_database_disk(tmp_path, ledgers, valid_record, monkeypatch):
    """A database on a small disk with room left for half a copy of it (its backup key made while there was room),
    and a temp folder of this test's own: (store, disk, temp)."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    with mounted(tmp_path / "disk", "8m") as disk:
        store = init_database(disk / "office.db", "640522100", ledgers=ledgers)
        for n in range(20):
            store.save("meeting", valid_record("meeting", title=f"会议{n}" + "议题" * 300), ACTOR)
        create_backup(store.path, tmp_path / "first")
        fill(disk, leave=store.path.stat().st_size // 2)
        yield store, disk, temp
        store.close()


def test_a_backup_to_a_roomy_stick_works_when_the_databases_own_disk_is_nearly_full(nearly_full_database_disk,
                                                                                     tmp_path):
    """The copy was made beside the database, so a larger stick did not help: 备份数据库失败（…office.db）：磁盘
    （U盘）空间不足…或换一个空间足够的位置. The work now moves to the temp folder, and leaves nothing there."""
    store, disk, temp = nearly_full_database_disk
    result = create_backup(store.path, tmp_path / "usb")
    with zipfile.ZipFile(io.BytesIO(inner_bytes(result.path, store.path))) as archive:
        assert "database.db" in archive.namelist()
    assert list(temp.iterdir()) == [] and not list(disk.glob(".fazhi-backup-*"))


def test_without_room_for_the_work_anywhere_the_message_names_the_databases_disk_and_the_size(
        nearly_full_database_disk, tmp_path):
    store, disk, temp = nearly_full_database_disk
    with mounted(temp, "1m"):
        fill(temp)
        with pytest.raises(failures.DiskFull) as caught:
            create_backup(store.path, tmp_path / "usb")
        (temp / "filler.bin").unlink()
    message = str(caught.value)
    assert f"数据库所在的磁盘空间不足（{disk}）" in message and "换U盘或备份文件夹没有用" in message
    need = re.search(r"使它至少有约 (\d+) MB可用空间", message)
    assert need and int(need[1]) > 16, message  # the copy, its ZIP, and a margin
    assert not list((tmp_path / "usb").glob("*.zip"))


def test_a_backup_of_a_database_on_a_write_protected_stick_names_the_temp_folders_disk_when_it_lacks_room(
        tmp_path, ledgers, monkeypatch):
    """The work goes to the temp folder when the database's folder cannot be written; with no room there, the message
    said 数据库所在的磁盘空间不足…现在只剩 5120 MB: the wrong disk, and a stick with plenty of room."""
    temp = tmp_path / "temp"
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    with mounted(tmp_path / "stick", "24m") as stick, mounted(temp, "1m"):
        init_database(stick / "office.db", "640522100", ledgers=ledgers).close()
        create_backup(stick / "office.db", tmp_path / "first")  # its backup key made while it could be written
        remount_read_only(stick)
        fill(temp)
        with pytest.raises(failures.DiskFull) as caught:
            create_backup(stick / "office.db", tmp_path / "usb")
        (temp / "filler.bin").unlink()
    message = str(caught.value)
    assert f"数据库所在的文件夹（{stick}）不能写入：文件或所在位置只读" in message
    assert f"临时副本只能放在系统临时文件夹（{temp}）中，而它所在的磁盘空间不足：需要约" in message
    assert "关闭U盘的写保护" in message and "数据库所在的磁盘空间不足" not in message


@pytest.fixture
def restore_on_a_nearly_full_disk(tmp_path, ledgers, valid_record, monkeypatch):
    """A database whose backup unpacks to about as much as the backup file (a 6 MB scan), on a disk left with room
    for the decrypted backup and a margin, not for that and the unpacked backup as well; a temp folder of this
    test's own on another disk: (database, its backup, temp)."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    scan = tmp_path / "协议扫描件.pdf"
    scan.write_bytes(os.urandom(6 * 1024**2))
    with mounted(tmp_path / "disk", "48m") as disk:
        store = init_database(disk / "office.db", "640522100", ledgers=ledgers)
        entry = add_attachment(store, scan)
        store.save("meeting", valid_record("meeting", attachments=[entry]), ACTOR)
        backup = create_backup(store.path, tmp_path / "usb").path
        store.save("meeting", valid_record("meeting", title="备份之后的会议"), ACTOR)
        store.close()
        fill(disk, leave=backup.stat().st_size + 19 * 1024**2)
        yield disk / "office.db", backup, temp


def test_a_restore_decrypts_in_the_temp_folder_when_the_disk_cannot_hold_both_copies(restore_on_a_nearly_full_disk):
    """30 MB free and an 8 MB backup: 恢复失败：…所在磁盘空间不足（需要约 24 MB，剩余 21 MB）, though the temp
    folder had room for the decrypted copy, and the message counted the unpacked backup only."""
    db, backup, temp = restore_on_a_nearly_full_disk
    restore(db, backup, ACTOR)
    restored = Store.open(db)
    try:
        assert restored.count("meeting") == 1 and check_database(restored).ok
    finally:
        restored.close()
    assert list(temp.iterdir()) == [] and not list(db.parent.glob(".*-restore-*"))


def test_without_room_for_both_copies_the_restore_message_counts_the_decrypted_one(restore_on_a_nearly_full_disk):
    db, backup, temp = restore_on_a_nearly_full_disk
    before = db.read_bytes()
    with mounted(temp, "1m"):
        fill(temp)
        with pytest.raises(failures.DiskFull) as caught:
            restore(db, backup, ACTOR)
        (temp / "filler.bin").unlink()
    message = str(caught.value)
    need, unpacked, copy, room = map(int, re.search(
        r"需要约 (\d+) MB：解开的备份约 (\d+) MB、解密时的临时副本约 (\d+) MB，另需留出约 16 MB；剩余 (\d+) MB",
        message).groups())
    assert unpacked >= 6 and copy >= 6 and need > unpacked + copy and need > room, message
    assert db.read_bytes() == before and not list(db.parent.glob(".*-restore-*"))


def test_a_full_disk_when_adding_an_attachment_is_refused_cleanly(tmp_path, ledgers):
    source = tmp_path / "扫描件.pdf"
    source.write_bytes(os.urandom(200_000))
    with mounted(tmp_path / "disk", "2m") as disk:
        store = init_database(disk / "office.db", "640522100", ledgers=ledgers)
        fill(disk, leave=50_000)
        with pytest.raises(failures.DiskFull, match="保存附件"):
            add_attachment(store, source)
        files = disk / "office-files"
        assert not [p for p in files.rglob("*") if p.is_file()]  # no partial blob, no temporary file
        store.close()


def test_export_to_a_full_usb_stick_says_so_and_leaves_nothing(world, tmp_path, valid_record):
    from fazhi_desktop.core.bundle import BundleError

    town = world.town()
    for n in range(20):
        town.store.save("meeting", valid_record("meeting", title=f"会议{n}" + "议题" * 300), ACTOR)
    with mounted(tmp_path / "usb", "1m") as usb:
        fill(usb, leave=30_000)
        town.usb = usb
        with pytest.raises(BundleError, match="空间不足"):
            world.export(town)
        assert sorted(p.name for p in usb.iterdir()) == ["filler.bin"]


# -- read-only media -------------------------------------------------------------------------------------------------


def test_a_database_on_a_write_protected_stick_is_refused_with_the_way_out(tmp_path, ledgers, capsys):
    with mounted(tmp_path / "usb", "4m") as usb:
        init_database(usb / "office.db", "640522100", ledgers=ledgers).close()
        remount_read_only(usb)
        with pytest.raises(failures.ReadOnlyStorage) as caught:
            Store.open(usb / "office.db", ledgers=ledgers)
        assert "只读" in str(caught.value) and "复制到本机硬盘" in str(caught.value)
        assert cli(["--db", str(usb / "office.db"), "list", "meeting"]) == 1
        err = capsys.readouterr().err
        assert "只读" in err and "Traceback" not in err


def test_a_backup_to_a_write_protected_stick_says_so(store, tmp_path):
    with mounted(tmp_path / "usb", "1m") as usb:
        remount_read_only(usb)
        with pytest.raises(failures.ReadOnlyStorage, match="只读") as caught:
            create_backup(store.path, usb)
        assert "换一个可以写入的位置" in str(caught.value) and "复制到本机硬盘" not in str(caught.value)


@pytest.mark.parametrize("command", [["list", "meeting", "-o"], ["register", "meeting", "--year", "2026", "-o"]])
def test_a_file_written_to_a_write_protected_stick_is_told_to_go_elsewhere_not_to_copy_the_database(
        store, tmp_path, capsys, command):
    """The database is fine; the output's place is not: the way out is another place."""
    with mounted(tmp_path / "usb", "1m") as usb:
        remount_read_only(usb)
        assert cli(["--db", str(store.path), *command, str(usb / "会议.xlsx")]) == 1
        err = capsys.readouterr().err
        assert "只读" in err and "换一个可以写入的位置" in err and "复制到本机硬盘" not in err


def test_a_csv_list_redirected_to_a_full_stick_fails_instead_of_ending_cut_short(store, tmp_path, valid_record):
    """`fazhi list --format csv > E:\\会议.csv`: the disk takes part of the one long write and refuses the rest;
    Python's standard output called that complete, and the command ended with exit 0 and half a file."""
    for n in range(30):
        store.save("meeting", valid_record("meeting", title=f"会议{n}" + "议题" * 100), ACTOR)
    with mounted(tmp_path / "usb", "64k") as usb:
        fill(usb, leave=8_000)
        with (usb / "会议.csv").open("wb") as out:
            done = subprocess.run([sys.executable, "-m", "fazhi_desktop", "--db", str(store.path), "list", "meeting",
                                   "--format", "csv"], stdout=out, stderr=subprocess.PIPE,
                                  env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}, timeout=120)
        err = done.stderr.decode("utf-8")
        assert done.returncode == 1, err
        assert "无法写出结果" in err and "空间不足" in err and "不完整" in err and "Traceback" not in err


def test_a_database_that_refuses_writes_is_reported_as_read_only(store, valid_record):
    """What SQLite says for a read-only file (the file-level case, which root cannot reproduce with chmod)."""
    store.conn.execute("PRAGMA query_only = ON")
    assert isinstance(failures.probe_writable(store.conn, store.path), failures.ReadOnlyStorage)
    with pytest.raises(failures.ReadOnlyStorage, match="只读"):
        store.save("meeting", valid_record("meeting"), ACTOR)
    store.conn.execute("PRAGMA query_only = OFF")
    store.save("meeting", valid_record("meeting"), ACTOR)


# -- a database held by another program ------------------------------------------------------------------------------


def test_a_database_locked_by_another_program_says_who_to_close_and_works_after(store, valid_record):
    store.conn.execute("PRAGMA busy_timeout = 200")  # 5 s in use; shorter here
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(failures.DatabaseLocked) as caught:
            store.save("meeting", valid_record("meeting"), ACTOR)
        assert "另一个程序" in str(caught.value) and "没有保存" in str(caught.value)
        assert isinstance(failures.probe_writable(store.conn), failures.DatabaseLocked)
    finally:
        other.execute("ROLLBACK")
        other.close()
    store.save("meeting", valid_record("meeting"), ACTOR)
    assert store.count("meeting") == 1


def test_the_command_line_may_write_while_a_window_has_the_database_open(tmp_path, ledgers, capsys, monkeypatch):
    """Decision: the window's lock keeps other windows out, not the `fazhi` command (SQLite serialises writes)."""
    path = tmp_path / "office.db"
    init_database(path, "640522100", ledgers=ledgers).close()
    with InstanceLock.acquire(path):
        import io

        monkeypatch.setattr(sys, "stdin", io.StringIO('{"title": "命令行会议", "meeting_type": "党委会",'
                                                      ' "held_on": "2026-03-05", "office_head_attendance": "全程"}'))
        assert cli(["--db", str(path), "--user", ACTOR, "add", "meeting", "--json", "-"]) == 0
        assert cli(["--db", str(path), "restore", str(tmp_path / "x.zip"), "--yes"]) == 1
        assert "不存在" in capsys.readouterr().err  # the backup is checked first; a real one meets the lock:
        create_backup(path, tmp_path / "usb")
        backup = next((tmp_path / "usb").glob("*.zip"))
        assert cli(["--db", str(path), "restore", str(backup), "--yes"]) == 1
        assert "请先关闭那个窗口（文件 → 退出），再恢复" in capsys.readouterr().err


# -- a damaged file ----------------------------------------------------------------------------------------------------


def test_a_file_that_is_not_a_database_offers_the_backups(tmp_path, ledgers):
    path = tmp_path / "office.db"
    path.write_bytes(b"\x00" * 100 + os.urandom(8192))
    with pytest.raises(failures.DatabaseDamaged) as caught:
        Store.open(path, ledgers=ledgers)
    assert "office.db" in str(caught.value) and "从最近的备份恢复" in str(caught.value)



def open_handles(path: Path) -> list[str]:
    """This process's open files that are `path` or its -wal/-shm (Linux's /proc)."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            target = os.readlink(f"/proc/self/fd/{fd}")
            if target.startswith(str(path)):
                found.append(target)
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc")
def test_a_damaged_database_is_let_go_at_once_so_a_backup_can_replace_it(tmp_path, ledgers):
    """Windows refuses to replace a file this process still holds, and the program offers the latest backup while
    the error is still in hand (qt/app.py): the failed open must not leave the file open until garbage collection."""
    path = tmp_path / "office.db"
    path.write_bytes(b"this is not a database " * 400)
    try:
        Store.open(path, ledgers=ledgers)
    except failures.DatabaseDamaged as exc:
        assert exc is not None and open_handles(path) == []
    else:
        pytest.fail("a damaged file opened")


def test_a_damaged_database_gives_a_chinese_message_in_every_command(store, valid_record, capsys):
    for n in range(40):
        store.save("meeting", valid_record("meeting", title=f"会议{n}" + "议题" * 50), ACTOR)
    path = store.path
    store.close()
    damage(path)
    for command in (["check"], ["list", "meeting"], ["backup"]):
        code = cli(["--db", str(path), *command])
        err = capsys.readouterr().err
        assert code == 1, command
        assert "损坏" in err and "Traceback" not in err, (command, err)


# -- a second window -------------------------------------------------------------------------------------------------


def test_a_second_window_on_the_same_database_is_refused(tmp_path):
    path = tmp_path / "office.db"
    first = InstanceLock.acquire(path)
    with pytest.raises(AlreadyOpen, match="该数据库已在另一个窗口中打开"):
        InstanceLock.acquire(path)
    assert is_locked(path)
    first.release()
    assert not is_locked(path)
    InstanceLock.acquire(path).release()


def test_a_crashed_program_leaves_no_stale_lock(tmp_path):
    path = tmp_path / "office.db"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\n"
        "from fazhi_desktop.core.instance import InstanceLock\n"
        f"lock = InstanceLock.acquire({str(path)!r})\n"
        "print('locked', flush=True)\n"
        "time.sleep(60)\n")], stdout=subprocess.PIPE)
    assert holder.stdout.readline().strip() == b"locked"
    assert is_locked(path)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert (tmp_path / "office.db.lock").exists()  # the file stays; the lock went with the process
    InstanceLock.acquire(path).release()


# -- Windows' own error numbers (Python maps a pulled stick and a file in use both to EACCES) ------------------------


def windows_error(errno_value: int, winerror: int) -> OSError:
    exc = PermissionError(errno_value, "Access is denied")
    exc.winerror = winerror  # as Windows' OSError carries it
    return exc


@pytest.mark.parametrize(("winerror", "kind", "words"), [
    (32, failures.FileInUse, "正被其他程序占用"),
    (33, failures.FileInUse, "正被其他程序占用"),
    (21, failures.StorageError, "U盘可能被拔出"),
    (31, failures.StorageError, "U盘可能被拔出"),
    (19, failures.ReadOnlyStorage, "写保护"),
    (112, failures.DiskFull, "空间不足"),
])
def test_windows_error_numbers_say_what_happened(winerror, kind, words):
    from fazhi_desktop.core.bundle.common import explain_os_error

    exc = windows_error(13, winerror)
    failure = failures.from_os(exc, Path("E:/fazhi-640522100-000001.tar.age"), "导出")
    assert type(failure) is kind and words in str(failure)
    assert words in explain_os_error(exc)


def test_without_a_windows_number_errno_decides_as_before():
    from fazhi_desktop.core.bundle.common import explain_os_error

    exc = PermissionError(13, "Permission denied")
    assert type(failures.from_os(exc, Path("/media/usb/x"), "导出")) is failures.ReadOnlyStorage
    assert explain_os_error(exc) == "没有写入权限"


def test_access_denied_on_a_writable_folder_is_said_as_a_file_held_open(tmp_path):
    """Windows answers 5 (access denied) when a PDF being replaced is open in the viewer: not 写保护."""
    target = tmp_path / "会议纪要.pdf"
    target.write_bytes(b"%PDF")
    failure = failures.from_os(windows_error(13, 5), target, "导出PDF")
    assert type(failure) is failures.FileInUse
    assert "可能正被其他程序打开" in str(failure) and "写保护" not in str(failure)
