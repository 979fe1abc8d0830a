# ruff: noqa: F811  (pytest fixtures imported from tests/core/test_restore_cut.py and tests/windows_files.py)
"""The program's file locks under Windows' rules (tests/windows_files.py emulates them): a byte-range lock there is
mandatory, so a lock on a byte the file holds refused every other read of it, the program's own too. A restore cut by
a power cut was then never finished (its journal, locked, was read through a second handle), and the next open
opened a half-swapped office without a word. `try_lock` now locks a byte far past the end, as SQLite does."""

from __future__ import annotations

import errno
import os

import pytest

from fazhi_desktop.core import atomic, failures, leftovers
from fazhi_desktop.core.attachments import blob_path
from fazhi_desktop.core.backup.journal import Journal, journal_path, staging_named
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.instance import AlreadyOpen, InstanceLock, is_locked, try_lock
from fazhi_desktop.core.store import Store
from tests.core.test_restore_cut import STEPS, backed_up, killed_restoring, titles  # noqa: F401  (fixture reused)
from tests.windows_files import windows_files  # noqa: F401  (fixture)


@pytest.mark.parametrize("after", range(STEPS + 1))
def test_a_restore_cut_on_windows_is_finished_when_the_office_is_opened(windows_files, backed_up, monkeypatch,
                                                                       ledgers, clock, after):
    db, backup, sha = backed_up
    killed_restoring(monkeypatch, db, backup, clock, after)
    windows_files.killed()
    store = Store.open(db, ledgers=ledgers, clock=clock)
    try:
        [said] = store.opened_notes
        assert said.startswith(f"上次从备份 {backup.name} 恢复时程序中断，现已补完恢复")
        assert titles(store) == {"2026年第3次乡镇政府常务会议"}  # the backup's
        assert blob_path(store, sha).is_file() and keymod.township_key(store) is not None
        assert check_database(store).ok
    finally:
        store.close()
    assert not journal_path(db).exists() and not list(db.parent.glob(".office-restore-*"))
    assert windows_files.refused == []


def test_a_restore_running_on_windows_keeps_its_staging_folder(windows_files, tmp_path):
    db = tmp_path / "office.db"
    staging = tmp_path / ".office-restore-running"
    staging.mkdir()
    running = Journal.begin(db, staging, "备份.fzbak", [], False)  # locked while its restore swaps
    try:
        assert staging_named(tmp_path) == {staging.name}
        leftovers.remove_leftovers(tmp_path, now=4e9)
        assert staging.is_dir()
    finally:
        running.close()
    assert not journal_path(db).exists() and windows_files.refused == []


def test_a_file_written_on_windows_is_whole_and_left_alone_while_written(windows_files, tmp_path):
    target = tmp_path / "台账备份.fzbak"
    with atomic.replacing(target) as out:
        out.write(b"first part;")
        [part] = tmp_path.glob(".*.part")
        assert leftovers.remove_parts(tmp_path, lambda _name: True, now=4e9) == []  # being written: locked
        out.write(b"second part")
    assert target.read_bytes() == b"first part;second part"  # the lock did not move where it wrote
    assert not part.exists() and windows_files.refused == []
    with atomic.replacing_together([tmp_path / "回执.json", target]) as (receipt, again):
        receipt.write(b"{}")
        again.write(b"new")
    assert target.read_bytes() == b"new" and sorted(p.name for p in tmp_path.iterdir()) == ["台账备份.fzbak",
                                                                                          "回执.json"]


def test_one_window_per_database_on_windows(windows_files, tmp_path):
    db = tmp_path / "office.db"
    with InstanceLock.acquire(db) as lock:
        assert lock.held and is_locked(db)
        with pytest.raises(AlreadyOpen):
            InstanceLock.acquire(db)
    assert not is_locked(db) and windows_files.refused == []


WINDOWS_SAYS = {5: "拒绝访问。", 32: "另一个程序正在使用此文件，进程无法访问。"}


def held_by_antivirus(monkeypatch, tries: int, winerror: int) -> list[float]:
    """The next `tries` renames refused as Windows refuses a file another program has open; returns the waits."""
    replace, waits, refused = os.replace, [], []

    def held(source, target):
        if len(refused) < tries:
            refused.append(source)
            exc = PermissionError(errno.EACCES, WINDOWS_SAYS[winerror])
            exc.winerror = winerror
            raise exc
        replace(source, target)

    monkeypatch.setattr(os, "replace", held)
    monkeypatch.setattr(atomic.time, "sleep", waits.append)
    return waits


@pytest.mark.parametrize("winerror", [5, 32])
def test_a_file_the_antivirus_holds_a_moment_is_written_on_windows(windows_files, tmp_path, monkeypatch, winerror):
    waits = held_by_antivirus(monkeypatch, 3, winerror)
    target = tmp_path / "台账备份.fzbak"
    atomic.write_bytes_atomic(target, b"backup", "保存备份")
    assert target.read_bytes() == b"backup" and len(waits) == 3
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_file_held_longer_is_said_to_be_in_use_and_nothing_is_left_half_written(windows_files, tmp_path,
                                                                                  monkeypatch):
    waits = held_by_antivirus(monkeypatch, 100, 32)
    target = tmp_path / "台账备份.fzbak"
    with pytest.raises(failures.FileInUse, match=r"文件正被其他程序占用.*杀毒"):
        atomic.write_bytes_atomic(target, b"backup", "保存备份")
    assert sum(waits) == pytest.approx(sum(atomic.RENAME_WAITS)) and list(tmp_path.iterdir()) == []


def test_elsewhere_a_refused_rename_is_not_tried_again(tmp_path, monkeypatch):
    waits = held_by_antivirus(monkeypatch, 100, 5)
    with pytest.raises(failures.StorageError):
        atomic.write_bytes_atomic(tmp_path / "台账备份.fzbak", b"backup", "保存备份")
    assert waits == []


def test_a_file_this_program_still_holds_open_is_said_in_use_after_the_retries(windows_files, tmp_path, monkeypatch):
    """The emulation refuses as Windows does (WinError 32, which atomic.rename tries again), not with a bare EACCES
    that no retry and no 文件正被其他程序占用 would ever meet."""
    waits: list[float] = []
    monkeypatch.setattr(atomic.time, "sleep", waits.append)
    held = tmp_path / "held.txt"
    held.write_bytes(b"x")
    fd = os.open(held, os.O_RDWR)
    try:
        assert try_lock(fd)
        with pytest.raises(PermissionError) as refused:
            atomic.rename(held, tmp_path / "moved.txt")
        assert refused.value.winerror == 32 and sum(waits) == pytest.approx(sum(atomic.RENAME_WAITS))
        assert isinstance(failures.from_os(refused.value, held, "保存"), failures.FileInUse)
        assert held.read_bytes() == b"x"  # the lock lies past the end: the file stays readable by others
    finally:
        os.close(fd)
    atomic.rename(held, tmp_path / "moved.txt")  # closed: renamed
    assert windows_files.refused == [f"rename or delete {held}"] * (len(atomic.RENAME_WAITS) + 1)
