"""A restore cut in the middle of its swap (a power cut, the task manager between two renames): the next open (and
`fazhi restore`) finishes it from the journal written before the first rename, says so in one sentence, and the
restored database finds its attachments and keys. A swap that failed, whose undo was cut too, is finished backward.
The kill is simulated by an exception no cleanup sees (a killed program runs none)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from fazhi_desktop.core import leftovers, renamed
from fazhi_desktop.core.attachments import add_attachment, blob_path
from fazhi_desktop.core.backup import create_backup, prepare_restore, restore, restoring
from fazhi_desktop.core.backup import journal as journal_module
from fazhi_desktop.core.backup.journal import Journal, finish, journal_path
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.store import Store

LOW_COST = (32768, 1 << 21)
STEPS = 6  # the database (a second name, then the switch), its files and its keys: aside, then in


class Killed(BaseException):
    """The program ends here: nothing after it runs."""


@pytest.fixture
def backed_up(store, tmp_path, clock, valid_record):
    """An office with an attachment and a key, backed up; then a meeting saved after the backup."""
    keymod.init_township_key(store, "pass-phrase-1234", cost=LOW_COST)
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(os.urandom(1000))
    entry = add_attachment(store, scan)
    store.save("meeting", valid_record("meeting", attachments=[entry]), "杨芳")
    backup = create_backup(store.path, tmp_path / "usb", clock=clock).path
    clock.advance(hours=1)
    store.save("meeting", valid_record("meeting", title="备份之后的会议"), "杨芳")
    store.close()
    return store.path, backup, entry["sha256"]


def cut(monkeypatch, after: int, undo_cut: bool = False) -> None:
    """The swap killed after `after` renames; `undo_cut`: a rename failed there instead, and its undo was killed."""
    def swapping(steps, folder, direction=journal_module.FORWARD):
        if direction != journal_module.FORWARD:
            raise Killed
        for step in steps[:after]:
            step.do(folder)
        if undo_cut:
            raise OSError(5, "Input/output error")
        raise Killed

    turn_back = Journal.turn_back

    def dead(journal: Journal) -> None:  # a killed program's locks go with it; its journal stays
        if undo_cut:
            turn_back(journal)
        journal.release()

    monkeypatch.setattr(restoring, "run", swapping)
    monkeypatch.setattr(Journal, "turn_back", dead)
    monkeypatch.setattr(restoring.PreparedRestore, "discard", lambda self: None)  # and the staging folder


def killed_restoring(monkeypatch, db, backup, clock, after: int, undo_cut: bool = False) -> None:
    """`restore` of `backup` over `db`, killed as `cut` says."""
    with monkeypatch.context() as patch:
        cut(patch, after, undo_cut)
        with pytest.raises(Killed):
            restore(db, backup, "admin", clock=clock)


def titles(store: Store) -> set[str]:
    return {row[0] for row in store.conn.execute("SELECT title FROM meeting")}


@pytest.mark.parametrize("after", range(STEPS + 1))
def test_a_restore_cut_between_two_renames_is_finished_when_the_database_is_opened(backed_up, monkeypatch,
                                                                                  ledgers, clock, after):
    db, backup, sha = backed_up
    killed_restoring(monkeypatch, db, backup, clock, after)
    assert journal_path(db).exists()
    store = Store.open(db, ledgers=ledgers, clock=clock)
    try:
        [said] = store.opened_notes
        assert said.startswith(f"上次从备份 {backup.name} 恢复时程序中断，现已补完恢复。"
                               f"原来的数据保留在 {db.parent} 中：office-before-restore-")
        assert said.endswith("-keys；核对恢复后的数据无误后，可以删除它们")  # what it is, where, and when it may go
        assert titles(store) == {"2026年第3次乡镇政府常务会议"}  # the backup's
        assert blob_path(store, sha).is_file() and keymod.township_key(store) is not None
        assert renamed.find(store.path, store.conn) is None and check_database(store).ok
    finally:
        store.close()
    assert not journal_path(db).exists() and not list(db.parent.glob(".office-restore-*"))
    named = said.split(" 中：", 1)[1].split("；", 1)[0].split("、")  # each one kept, as it is named
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith("office-before-restore-")) == sorted(named)
    assert [name.removeprefix(named[0].removesuffix(".db")) for name in named] == [".db", "-files", "-keys"]
    before = Store.open(db.parent / named[0], ledgers=ledgers, clock=clock)
    try:
        assert "备份之后的会议" in titles(before)  # what the restore set aside is whole
    finally:
        before.close()


def test_fazhi_restore_finishes_it_first_and_says_so_in_its_question(backed_up, monkeypatch, clock):
    db, backup, _sha = backed_up
    killed_restoring(monkeypatch, db, backup, clock, 3)
    prepared = prepare_restore(db, backup)
    try:
        assert f"  注意：上次从备份 {backup.name} 恢复时程序中断，现已补完恢复" in "\n".join(prepared.lines())
    finally:
        prepared.discard()


def test_a_failed_swap_whose_undo_was_cut_is_finished_backward(backed_up, monkeypatch, ledgers, clock):
    db, backup, sha = backed_up
    killed_restoring(monkeypatch, db, backup, clock, 4, undo_cut=True)
    store = Store.open(db, ledgers=ledgers, clock=clock)
    try:
        assert store.opened_notes == [f"上次从备份 {backup.name} 恢复没有成功，撤回时程序又中断了："
                                      "现已退回恢复之前的数据，没有恢复"]
        assert "备份之后的会议" in titles(store) and blob_path(store, sha).is_file()
        assert check_database(store).ok and renamed.find(store.path, store.conn) is None
    finally:
        store.close()
    assert not [p for p in db.parent.iterdir() if "restore" in p.name]


def test_a_journal_whose_restore_is_running_is_left_alone_and_keeps_its_staging_folder(backed_up, monkeypatch,
                                                                                        clock):
    db, backup, _sha = backed_up
    staging = db.parent / ".office-restore-running"
    staging.mkdir()
    running = Journal.begin(db, staging, backup.name, [], False)
    try:
        assert finish(db) is None and journal_path(db).exists()
        day_later = time.time() + 2 * leftovers.DAY
        assert staging not in leftovers.remove_leftovers(db.parent, now=day_later) and staging.is_dir()
    finally:
        running.close()
    assert staging in leftovers.remove_leftovers(db.parent, now=day_later)


def test_a_restore_not_cut_leaves_no_journal(backed_up, clock):
    db, backup, _sha = backed_up
    restore(db, backup, "admin", clock=clock)
    assert not journal_path(db).exists() and not list(db.parent.glob(".office-restore*"))


# -- the journal read as untrusted input: only one naming this database's own files, matching them, is finished ------


def write_journal(db, **data) -> None:
    data = {"database": db.name, "backup": "office-backup-x.zip", "staging": ".office-restore-x",
            "direction": "forward", "code_seen": False, "steps": [], **data}
    journal_path(db).write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize("staging", ["", ".", "..", "/"])
def test_a_journal_naming_no_staging_folder_of_its_own_deletes_nothing(backed_up, ledgers, clock, staging, tmp_path):
    db, _backup, sha = backed_up
    write_journal(db, staging=staging if staging != "/" else str(tmp_path))
    store = Store.open(db, ledgers=ledgers, clock=clock)
    try:
        assert store.opened_notes == [] and "备份之后的会议" in titles(store) and blob_path(store, sha).is_file()
    finally:
        store.close()
    assert journal_path(db).exists()  # left as it is


def test_a_journal_naming_files_outside_the_folder_or_another_database_moves_nothing(backed_up, ledgers, clock,
                                                                                    tmp_path):
    db, _backup, sha = backed_up
    outside = tmp_path / "别处的文件.docx"
    outside.write_bytes(b"not the office's")
    for steps, database in (([{"source": "../别处的文件.docx", "target": "office-before-restore-1.db", "aside": True,
                               "link": False}], db.name),
                            ([{"source": "office-files", "target": "office-before-restore-1-files", "aside": True,
                               "link": False}], "office.sqlite")):  # another database of the same stem
        write_journal(db, steps=steps, database=database)
        store = Store.open(db, ledgers=ledgers, clock=clock)
        try:
            assert store.opened_notes == [] and blob_path(store, sha).is_file()
        finally:
            store.close()
    assert outside.read_bytes() == b"not the office's"


def test_a_journal_left_behind_after_its_restore_does_not_move_the_attachments_aside(backed_up, monkeypatch,
                                                                                     ledgers, clock):
    """A restore ended, its journal not removed (Windows: another program had it open); the clerk then deleted the
    office-before-restore-… folders. The journal's steps 'aside' now look undone: finishing them would move the
    restored database's office-files and office-keys aside."""
    db, backup, sha = backed_up
    killed_restoring(monkeypatch, db, backup, clock, STEPS)
    stale = journal_path(db).read_text(encoding="utf-8")
    Store.open(db, ledgers=ledgers, clock=clock).close()  # finished: the journal goes
    journal_path(db).write_text(stale, encoding="utf-8")  # ... and stays after all
    for kept in db.parent.glob("office-before-restore-*"):
        shutil.rmtree(kept) if kept.is_dir() else kept.unlink()
    store = Store.open(db, ledgers=ledgers, clock=clock)
    try:
        assert store.opened_notes == [] and blob_path(store, sha).is_file()
        assert keymod.township_key(store) is not None
    finally:
        store.close()


def test_a_journal_is_read_through_the_handle_holding_its_lock(backed_up, monkeypatch, ledgers, clock):
    """Windows locks a byte for the handle that locked it: read through another handle, the journal fails
    (ERROR_LOCK_VIOLATION), and every restore cut there was left half-done."""
    db, backup, sha = backed_up
    killed_restoring(monkeypatch, db, backup, clock, 3)
    read_text, locked = Path.read_text, journal_path(db)

    def another_handle(self, *args, **kwargs):
        if self == locked:
            raise PermissionError(13, "另一个程序已锁定文件的一部分，进程无法访问")
        return read_text(self, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(Path, "read_text", another_handle)
        patch.setattr(Path, "read_bytes", lambda self: another_handle(self).encode())
        store = Store.open(db, ledgers=ledgers, clock=clock)
    try:
        assert len(store.opened_notes) == 1 and blob_path(store, sha).is_file()
    finally:
        store.close()


def test_a_journal_on_a_read_only_medium_stops_the_open_and_says_why(backed_up, monkeypatch, clock):
    db, backup, _sha = backed_up
    killed_restoring(monkeypatch, db, backup, clock, 3)
    read_only = OSError(errno.EROFS, "Read-only file system")
    opened = os.open

    def open_read_only(path, flags, *args):
        if flags & (os.O_RDWR | os.O_WRONLY):
            raise read_only
        return opened(path, flags, *args)

    def refused(*_args):
        raise read_only

    with monkeypatch.context() as patch:
        patch.setattr(os, "open", open_read_only)
        patch.setattr(os, "replace", refused)
        patch.setattr(os, "link", refused)
        with pytest.raises(FazhiError) as refused_open:
            finish(db)
    assert str(refused_open.value).startswith(f"上次从备份 {backup.name} 恢复时程序中断，现在补完时出错（位置只读")
    assert f"请确认 {db.parent} 可以写入后重新打开" in str(refused_open.value)
