"""Backups and restoring one: what a backup holds, rotation, checks before restoring, the current data kept aside."""

from __future__ import annotations

import errno
import io
import json
import os
import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from backup_files import inner_bytes
from damage import damage

from fazhi_desktop.core.attachments import add_attachment, blob_path
from fazhi_desktop.core.backup import (
    BackupError,
    OtherOffice,
    changed_since_backup,
    create_backup,
    daily_backup_due,
    list_backups,
    load_settings,
    prepare_restore,
    restore,
    save_settings,
    sealing,
)
from fazhi_desktop.core.backup.archive import open_archive
from fazhi_desktop.core.backup.rotation import KEEP_LATEST, BackupFile, backup_name, plan_rotation
from fazhi_desktop.core.backup.sealing import RecoveryCodeNeeded
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle import minisign
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.instance import AlreadyOpen, InstanceLock
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store

ACTOR = "杨芳"
LOW_COST = (32768, 1 << 21)


@pytest.fixture
def office(store, valid_record, tmp_path):
    """The office database with records, an attachment and the township's (encrypted) signing key."""
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(b"%PDF scan " * 50)
    entry = add_attachment(store, scan)
    store.save("meeting", valid_record("meeting"), ACTOR)
    store.save("law_study", {**valid_record("law_study"), "attachments": [entry]}, ACTOR)
    keymod.init_township_key(store, "township-passphrase", cost=LOW_COST)
    return store


def test_a_backup_is_one_zip_with_database_attachments_keys_and_a_manifest(office, tmp_path, clock):
    result = create_backup(office.path, tmp_path / "usb", clock=clock)
    assert result.path.parent == tmp_path / "usb"
    assert result.path.name == f"office-backup-640522100-{clock().astimezone():%Y%m%d-%H%M%S}.zip"
    with zipfile.ZipFile(io.BytesIO(inner_bytes(result.path, office.path))) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        key_text = archive.read("keys/township.key").decode()
    assert names[-1] == "manifest.json"  # written last: a backup cut short has none
    assert "database.db" in names and "keys/township.pub" in names
    assert any(n.startswith("files/") for n in names)
    assert manifest["format"] == "fazhi-backup/1"
    assert manifest["office"] == {"name": "海城镇司法所", "township": "640522100", "mode": "township",
                                  "division": "海城镇"}
    assert manifest["database"]["records"] == 2 and manifest["database"]["changes"] == 2
    assert set(manifest["members"]) == set(names) - {"manifest.json"}
    assert key_text == (office.path.with_name("office-keys") / "township.key").read_text()  # the encrypted file
    with pytest.raises(minisign.MinisignError):
        minisign.unlock_secret_key(key_text, "not the passphrase")
    assert minisign.unlock_secret_key(key_text, "township-passphrase").public.key_id
    assert manifest["form_versions"]["meeting"] >= 1 and manifest["app_version"]
    assert not list((tmp_path / "usb").glob(".*"))  # no temporary file left


def test_a_backup_is_a_consistent_snapshot_and_passes_every_check(office, tmp_path):
    result = create_backup(office.path, tmp_path / "usb")
    prepared = prepare_restore(tmp_path / "elsewhere" / "office.db", result.path,
                               recovery_code=sealing.load_key(office.path).code)
    try:
        assert prepared.records_checked == 2 and prepared.changes_checked == 2
    finally:
        prepared.discard()


def test_backing_up_while_the_program_writes(office, tmp_path, valid_record):
    """The online backup API copies a consistent state even with a transaction open on another connection."""
    other = sqlite3.connect(office.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO settings VALUES ('uncommitted', 'x')")
    try:
        result = create_backup(office.path, tmp_path / "usb")
    finally:
        other.execute("ROLLBACK")
        other.close()
    plain = tmp_path / "plain.zip"
    plain.write_bytes(inner_bytes(result.path, office.path))
    archive, manifest = open_archive(plain)
    archive.close()
    assert manifest.database["records"] == 2


def test_restore_keeps_the_current_data_aside_and_brings_back_the_backup(office, tmp_path, valid_record, clock):
    path = office.path
    result = create_backup(path, tmp_path / "usb", clock=clock)
    office.save("meeting", valid_record("meeting", title="备份之后的会议"), ACTOR)
    office.close()
    clock.advance(minutes=5)
    restored = restore(path, result.path, "管理员", clock=clock)
    assert not [line for line in restored.lines() if "备份文件夹" in line]  # this PC's settings stay as they were
    aside = restored.set_aside[0]
    assert aside.name == f"office-before-restore-{clock().astimezone():%Y%m%d-%H%M%S}.db"
    assert {p.name for p in restored.set_aside} >= {aside.name, aside.stem + "-files", aside.stem + "-keys"}
    store = Store.open(path)
    try:
        assert store.count("meeting") == 1  # the meeting saved after the backup is not in it
        assert check_database(store).ok
        assert store.setting("restored_by") == "管理员" and store.setting("restored_from") == result.path.name
        assert keymod.township_key(store) is not None
        study = store.query("SELECT attachments FROM law_study")[0]
        sha = json.loads(study["attachments"])[0]["sha256"]
        assert blob_path(store, sha).read_bytes() == b"%PDF scan " * 50
    finally:
        store.close()
    kept = Store.open(aside)  # the data set aside is a complete database that --db opens
    try:
        assert kept.count("meeting") == 2 and check_database(kept).ok
    finally:
        kept.close()


def test_restore_onto_a_new_pc_where_there_is_no_database_yet(office, tmp_path):
    result = create_backup(office.path, tmp_path / "usb")
    target = tmp_path / "new-pc" / "data" / "fazhi.db"
    with pytest.raises(RecoveryCodeNeeded, match="需要输入它的备份恢复码"):
        restore(target, result.path, ACTOR)  # the old PC's keys folder is not here
    code = sealing.load_key(office.path).code
    restored = restore(target, result.path, ACTOR, recovery_code=code.lower().replace("-", " "))  # as typed
    assert restored.set_aside == []
    # the old PC's stick and its counts are in <db>-backup.json, which the backup does not carry: said, not dropped
    assert (f"备份文件夹已回到默认（数据库旁：{target.parent / 'fazhi-backups'}），"
            "保留份数也回到默认（最近 7 天、4 周）：请在“设置”页的“备份”一栏重新选择U盘。") in restored.lines()
    store = Store.open(target)
    try:
        assert store.township == "640522100" and store.count("meeting") == 1
        assert (target.parent / "fazhi-keys" / "township.key").exists()
    finally:
        store.close()


def test_a_backup_of_another_office_is_refused_unless_forced(office, tmp_path, ledgers):
    other = init_database(tmp_path / "other" / "office.db", "640522101", ledgers=ledgers)
    result = create_backup(other.path, tmp_path / "usb")
    other.close()
    before = office.path.read_bytes()
    code = sealing.load_key(other.path).code  # another office's backup: its own key
    with pytest.raises(OtherOffice, match="640522101"):
        prepare_restore(office.path, result.path, recovery_code=code)
    assert office.path.read_bytes() == before
    office.close()
    restore(office.path, result.path, ACTOR, force=True, recovery_code=code)
    store = Store.open(office.path)
    assert store.township == "640522101"
    store.close()


def test_restore_is_refused_while_a_window_has_the_database_open(office, tmp_path):
    """`fazhi restore` was told 请切换到已打开的法治台账窗口, a second window's advice: it must close that window."""
    result = create_backup(office.path, tmp_path / "usb")
    told = "(?s)该数据库已在法治台账窗口中打开.*请先关闭那个窗口（文件 → 退出），再恢复"
    with InstanceLock.acquire(office.path), pytest.raises(AlreadyOpen, match=told):
        restore(office.path, result.path, ACTOR)
    assert not list(office.path.parent.glob("*before-restore*"))
    assert not list(office.path.parent.glob(".office-restore-*"))


def test_restore_is_refused_while_another_program_is_writing(office, tmp_path, valid_record, monkeypatch):
    """`fazhi restore` waited 5 s for a `fazhi` command holding the write lock, then swapped: the command's save,
    reported as done, ended up in the copy set aside."""
    from fazhi_desktop.core import failures
    from fazhi_desktop.core.backup import swap

    result = create_backup(office.path, tmp_path / "usb")
    monkeypatch.setattr(swap, "LOCK_WAIT", 0.2)
    other = sqlite3.connect(office.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program in the middle of a save
    try:
        with pytest.raises(failures.DatabaseLocked, match=r"正被另一个程序读写.*当前数据没有改动"):
            restore(office.path, result.path, ACTOR)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not list(office.path.parent.glob("*before-restore*"))
    office.save("meeting", valid_record("meeting"), ACTOR)  # the current database is as it was, and writable


def test_a_failed_swap_is_undone_and_the_current_data_stays(office, tmp_path, monkeypatch):
    result = create_backup(office.path, tmp_path / "usb")
    office.close()
    before = {p.name: p.read_bytes() for p in office.path.parent.glob("office.db*") if p.is_file()}
    real_replace = os.replace
    calls = []

    def failing_replace(source, target):
        calls.append((source, target))
        if len(calls) == 2:  # after the database went in, moving the attachments folder fails
            raise OSError(5, "Input/output error")
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    from fazhi_desktop.core.failures import StorageError

    with pytest.raises(StorageError, match="恢复"):
        restore(office.path, result.path, ACTOR)
    monkeypatch.setattr(os, "replace", real_replace)
    after = {p.name: p.read_bytes() for p in office.path.parent.glob("office.db*") if p.is_file()}
    assert after["office.db"] == before["office.db"]
    assert (office.path.parent / "office-files").is_dir() and (office.path.parent / "office-keys").is_dir()
    assert not list(office.path.parent.glob("*before-restore*"))
    assert not list(office.path.parent.glob(".office-restore-*"))


def test_rotation_keeps_the_newest_of_each_recent_day_and_week():
    start = datetime(2026, 3, 1, 9, 0)
    backups = [BackupFile(Path(backup_name("fazhi", "640522100", start + timedelta(days=d, hours=h))), "fazhi",
                          "640522100", start + timedelta(days=d, hours=h)) for d in range(60) for h in (0, 8)]
    keep, delete = plan_rotation(backups, keep_daily=7, keep_weekly=4, now=start + timedelta(days=60))
    days = sorted({b.day for b in keep})
    assert len(keep) + len(delete) == 120
    older = keep[KEEP_LATEST:]
    assert all(b.taken.hour == 17 for b in older)  # the newest of its day
    assert keep[:KEEP_LATEST] == sorted(backups, key=lambda b: b.taken, reverse=True)[:KEEP_LATEST]
    assert days[-7:] == [(start + timedelta(days=d)).date() for d in range(53, 60)]
    assert len({b.week for b in keep}) == 4 or len(keep) <= 12
    assert len(keep) <= 7 + 4 + 1  # the last three backups are two days' newest and the morning's before


def test_a_backup_after_a_mistake_does_not_replace_the_mornings(office, tmp_path, clock):
    """The window closing after wrong deletions backs up by itself: the morning's backup, the one to restore, stays
    until three newer backups are made."""
    settings = load_settings(office.path)
    settings.keep_daily, settings.keep_weekly = 1, 0
    save_settings(office.path, settings)
    clock.set(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    morning = create_backup(office.path, tmp_path / "usb", clock=clock)
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    evening = create_backup(office.path, tmp_path / "usb", clock=clock)
    assert {b.path for b in list_backups(tmp_path / "usb", "office")} == {morning.path, evening.path}
    assert evening.removed == 0
    for hour in (10, 11):
        clock.set(datetime(2026, 3, 2, hour, 0, tzinfo=UTC))
        last = create_backup(office.path, tmp_path / "usb", clock=clock)
    assert morning.path not in {b.path for b in list_backups(tmp_path / "usb", "office")}
    assert last.removed == 1


def test_rotation_counts_days_with_backups_not_calendar_days(office, tmp_path, clock):
    """A PC left off for a month keeps its last backups."""
    settings = load_settings(office.path)
    settings.keep_daily, settings.keep_weekly = 3, 0
    save_settings(office.path, settings)
    for day in (0, 1, 2, 40):
        clock.set(datetime(2026, 1, 1, 9, 0, tzinfo=UTC) + timedelta(days=day))
        result = create_backup(office.path, tmp_path / "usb", clock=clock)
    assert len(list_backups(tmp_path / "usb", "office")) == 3
    assert result.removed == 1
    (tmp_path / "usb" / "notes.txt").write_text("mine")
    (tmp_path / "usb" / "other-backup-640522100-20260101-090000.zip").write_bytes(b"another database's")
    create_backup(office.path, tmp_path / "usb", clock=clock)
    assert (tmp_path / "usb" / "notes.txt").exists()  # never touches what is not this database's backup
    assert (tmp_path / "usb" / "other-backup-640522100-20260101-090000.zip").exists()


def test_automatic_backups_are_due_only_after_changes_and_a_day(office, tmp_path, clock, valid_record):
    assert changed_since_backup(office.path)
    create_backup(office.path, clock=clock)
    assert not changed_since_backup(office.path)
    assert not daily_backup_due(office.path, clock() + timedelta(days=2))  # nothing changed since
    os.utime(office.path, (os.stat(office.path).st_atime, os.stat(office.path).st_mtime + 10))
    assert changed_since_backup(office.path)
    assert not daily_backup_due(office.path, clock() + timedelta(hours=3))
    assert daily_backup_due(office.path, clock() + timedelta(hours=25))


def test_the_default_folder_is_beside_the_database_and_a_missing_usb_stick_is_not_created(office, tmp_path):
    result = create_backup(office.path)
    assert result.path.parent == tmp_path / "office-backups"
    with pytest.raises(BackupError, match="U盘是否已插入"):
        create_backup(office.path, tmp_path / "media" / "usb" / "备份")
    assert not (tmp_path / "media").exists()


def test_a_damaged_database_is_not_backed_up_and_old_backups_stay(office, tmp_path):
    first = create_backup(office.path, tmp_path / "usb")
    office.close()
    damage(office.path)
    from fazhi_desktop.core.failures import DatabaseDamaged

    with pytest.raises(DatabaseDamaged, match="损坏"):
        create_backup(office.path, tmp_path / "usb")
    assert [b.path for b in list_backups(tmp_path / "usb")] == [first.path]


def test_restoring_a_damaged_database_from_the_latest_backup(office, tmp_path):
    result = create_backup(office.path)
    office.close()
    damage(office.path)
    restored = restore(office.path, result.path, ACTOR)
    assert restored.set_aside
    store = Store.open(office.path)
    assert check_database(store).ok
    store.close()


def test_the_backup_copies_a_backup_made_by_an_older_program(office, tmp_path):
    """A backup is restored through the same migrations as an old database: it is brought up to date."""
    result = create_backup(office.path, tmp_path / "usb")
    copy = tmp_path / "copy.zip"
    copy.write_bytes(inner_bytes(result.path, office.path))  # the earlier versions' backups were not encrypted
    prepared = prepare_restore(tmp_path / "x" / "office.db", copy)
    assert "这是旧版程序做的未加密备份" in prepared.notes
    # the new PC has no key, so nothing to compare with; where the office has one, a plain file is suspect
    prepared.discard()
    prepared = prepare_restore(office.path, copy)
    assert any("这个文件却没有加密" in note for note in prepared.notes)
    prepared.discard()
    assert not list((tmp_path / "x").glob(".office-restore-*"))



# -- encryption: a backup on a lost USB stick reveals nothing ---------------------------------------------------------


def test_a_backup_reveals_nothing_without_its_key(office, tmp_path, valid_record):
    office.save("mediation_case", valid_record("mediation_case", case_name="马福林与杨海宅基地纠纷"), ACTOR)
    result = create_backup(office.path, tmp_path / "usb")
    data = result.path.read_bytes()
    for secret in ("马福林".encode(), b"SQLite format 3", b"AGE-SECRET-KEY", b'"members"', b"township.key"):
        assert secret not in data
    with zipfile.ZipFile(result.path) as outer:
        assert sorted(outer.namelist()) == ["backup.zip.age", "fazhi-backup.txt", "key.age"]
        assert "age -d" in outer.read("fazhi-backup.txt").decode()
    code = sealing.load_key(office.path).code
    assert result.new_recovery_code == code  # said once, by the window or the command, to whom may see it
    assert not any(code in line for line in result.lines())  # never in the result a 录入员 reads
    sealing.mark_code_shown(office.path)  # as the window or the command does once a 所长 has seen it
    later = create_backup(office.path, tmp_path / "usb")
    assert not later.notes and later.new_recovery_code is None


def test_the_recovery_code_is_offered_until_it_was_shown_also_after_a_first_backup_failed(office, tmp_path,
                                                                                         monkeypatch):
    """A first backup to a full stick made the key and failed; the next one succeeded and said no code, ever."""
    from fazhi_desktop.core.backup import create

    def full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(create, "_write_archive", full)
    with pytest.raises((FazhiError, OSError)):
        create_backup(office.path, tmp_path / "usb")
    monkeypatch.undo()
    code = sealing.load_key(office.path).code
    assert create_backup(office.path, tmp_path / "usb").new_recovery_code == code
    assert create_backup(office.path, tmp_path / "usb").new_recovery_code == code  # a 录入员's: still unseen
    sealing.mark_code_shown(office.path)
    assert create_backup(office.path, tmp_path / "usb").new_recovery_code is None


def test_a_wrong_recovery_code_is_refused_and_nothing_is_left(office, tmp_path):
    result = create_backup(office.path, tmp_path / "usb")
    target = tmp_path / "new-pc" / "fazhi.db"
    with pytest.raises(BackupError, match="恢复码不对"):
        prepare_restore(target, result.path, recovery_code="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")
    with pytest.raises(BackupError, match="每组 4 个字母或数字（恢复码里没有 0、O、1、I），输入的是 20 个字符"):
        prepare_restore(target, result.path, recovery_code="ABCD EFGH JKLM NPQR 0000")  # a group left out, a 0
    assert (list(target.parent.iterdir()) if target.parent.exists() else []) == []  # no decrypted copy left


def test_the_recovery_code_is_kept_and_a_backup_opens_with_the_age_tool(office, tmp_path):
    """A technician can open a backup by hand: `age -d` with the recovery code, then with the identity."""
    import shutil as sh
    import subprocess

    result = create_backup(office.path, tmp_path / "usb")
    key = sealing.load_key(office.path)
    assert key is not None and len(key.code) == 29 and key.code.count("-") == 5
    if sh.which("age") is None:
        pytest.skip("the age tool is not installed")
    with zipfile.ZipFile(result.path) as outer:
        outer.extractall(tmp_path / "opened")
    identity = tmp_path / "opened" / "identity.txt"
    identity.write_text(str(key.identity) + "\n", encoding="utf-8")
    done = subprocess.run(["age", "-d", "-i", str(identity), "-o", str(tmp_path / "opened" / "backup.zip"),
                           str(tmp_path / "opened" / "backup.zip.age")], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(tmp_path / "opened" / "backup.zip") as inner:
        assert "database.db" in inner.namelist() and "manifest.json" in inner.namelist()


REAL_NEW_KEY = sealing.new_key  # tests/conftest.py gives every database one shared key; these need their own


def test_a_damaged_backup_key_is_refused_never_replaced(office, tmp_path):
    """A new key would make every later backup need a code nobody wrote down."""
    create_backup(office.path, tmp_path / "usb")
    path = office.path.with_name("office-keys") / "backup-key.json"
    path.write_text("{damaged", encoding="utf-8")
    with pytest.raises(BackupError, match=r"备份密钥文件 .* 无法读取或已损坏"):
        create_backup(office.path, tmp_path / "usb")
    assert path.read_text(encoding="utf-8") == "{damaged" and len(list((tmp_path / "usb").glob("*.zip"))) == 1


def test_each_office_has_its_own_key_and_another_office_needs_the_code(office, tmp_path, ledgers, monkeypatch):
    monkeypatch.setattr(sealing, "new_key", REAL_NEW_KEY)
    other = init_database(tmp_path / "other" / "office.db", "640522100", ledgers=ledgers)
    theirs = create_backup(other.path, tmp_path / "usb-other")
    other.close()
    create_backup(office.path, tmp_path / "usb")  # this office's own key
    assert sealing.load_key(office.path).code != sealing.load_key(other.path).code
    with pytest.raises(RecoveryCodeNeeded):
        prepare_restore(office.path, theirs.path)
    with pytest.raises(BackupError, match="恢复码不对"):
        prepare_restore(office.path, theirs.path, recovery_code=sealing.load_key(office.path).code)
    prepared = prepare_restore(office.path, theirs.path, recovery_code=sealing.load_key(other.path).code)
    prepared.discard()


def test_the_recovery_code_is_asked_for_three_times_at_most_and_a_cancel_gives_up(office, tmp_path):
    result = create_backup(office.path, tmp_path / "usb")
    target = tmp_path / "new-pc" / "fazhi.db"
    attempt = lambda code: prepare_restore(target, result.path, recovery_code=code)  # noqa: E731
    asked = []

    def wrong(why):
        asked.append(sealing.question(why))
        return "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ"

    with pytest.raises(sealing.WrongRecoveryCode, match="恢复码不对"):
        sealing.with_recovery_code(attempt, wrong)
    assert len(asked) == 3 and "需要输入它的备份恢复码" in asked[0] and asked[1].endswith("请再输入一次")
    assert sealing.with_recovery_code(attempt, lambda why: None) is None  # the user gave up
    prepared = sealing.with_recovery_code(attempt, lambda why: sealing.load_key(office.path).code)
    prepared.discard()


def test_a_stick_filling_up_while_the_backup_is_written_is_named_with_the_reason(office, tmp_path, failing_stick):
    """The backup's encryption met the full stick: "备份加密失败：OSError: [Errno 28] …" is now the file and the
    reason."""
    failing_stick(tmp_path / "usb", errno.ENOSPC)
    with pytest.raises(FazhiError) as caught:
        create_backup(office.path, tmp_path / "usb")
    message = str(caught.value)
    assert message.startswith(f"写入备份失败：{tmp_path / 'usb'}{os.sep}office-backup-")
    assert "磁盘（U盘）空间不足，未写完的文件已删除" in message
    assert "加密" not in message and "Errno" not in message
    assert list((tmp_path / "usb").iterdir()) == []


@pytest.mark.real_age_cost
def test_the_backup_identity_is_locked_with_the_recovery_code_at_ages_own_work_factor():
    """A stolen backup's key.age is guessed at age's own scrypt cost (about a second a guess), not at the low one
    every other test writes its files at (tests/age_low_cost.py)."""
    import pyrage

    from fazhi_desktop.core.backup import sealing

    identity, code, locked = sealing.new_key()
    stanza = locked.split(b"\n")[1].split()
    assert stanza[:2] == [b"->", b"scrypt"] and int(stanza[3]) >= 16
    assert pyrage.passphrase.decrypt(locked, code).decode() == str(identity)
