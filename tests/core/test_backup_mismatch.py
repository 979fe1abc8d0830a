"""A record changed outside the program (a technician fixing a typo in DB Browser, one bad byte): every backup
after it fails `fazhi check`. Such a backup is still written, marked and said at once; rotation keeps the last
backups that pass; and a backup that fails only that check may be restored once the user accepts what it lists."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from backup_files import inner_bytes
from damage import garble

from fazhi_desktop.core.backup import (
    BackupError,
    MismatchedRecords,
    create_backup,
    list_backups,
    load_settings,
    prepare_restore,
    restore,
    save_settings,
)
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.store import Store

ACTOR = "杨芳"


@pytest.fixture
def office(store, valid_record):
    for n in range(3):
        store.save("meeting", valid_record("meeting", title=f"第{n + 1}次会议", location="司法所会议室"), ACTOR)
    return store


def edit_outside(store: Store) -> str:
    """What a technician does in DB Browser: one record's place corrected, no hash, no change log. Its number."""
    conn = sqlite3.connect(store.path)
    with conn:
        conn.execute("UPDATE meeting SET location = '镇政府二楼会议室' WHERE rowid = (SELECT min(rowid) FROM meeting)")
        number = conn.execute("SELECT number FROM meeting WHERE rowid = (SELECT min(rowid) FROM meeting)").fetchone()
    conn.close()
    return number[0]


def test_a_backup_of_a_record_changed_outside_the_program_is_written_marked_and_says_which(office, tmp_path):
    number = edit_outside(office)
    result = create_backup(office.path, tmp_path / "usb")
    assert result.path.is_file() and result.path.name.endswith("-check-failed.zip")
    assert list_backups(tmp_path / "usb")[0].failed
    text = "\n".join(result.lines())
    assert f"会议 {number}：内容与其摘要不符" in text and "警告：数据库没有通过检查" in text
    assert "用最近一份通过检查的备份恢复" in text and "这个文件夹中还没有通过检查的备份" in text
    with zipfile.ZipFile(BytesIO(inner_bytes(result.path, office.path))) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert any(number in problem for problem in manifest["database"]["check_problems"])


def test_a_bad_byte_in_the_change_log_marks_the_backup_too(office, tmp_path):
    conn = sqlite3.connect(office.path)
    with conn:
        conn.execute("UPDATE changes SET actor = '别人' WHERE seq = 1")
    conn.close()
    result = create_backup(office.path, tmp_path / "usb")
    assert result.path.name.endswith("-check-failed.zip")
    assert any("变更日志第 1 条" in problem for problem in result.problems)


def test_a_backup_that_passes_is_named_and_said_as_before(office, tmp_path):
    result = create_backup(office.path, tmp_path / "usb")
    assert not result.problems and not result.path.name.endswith("-check-failed.zip")
    assert not any("警告" in line for line in result.lines())


def restores_cleanly(db: Path, backup: Path) -> bool:
    """Would this backup restore without a question (it passes every check)?"""
    try:
        prepared = prepare_restore(db, backup)
    except BackupError:
        return False
    prepared.discard()
    return not prepared.mismatched


def test_rotation_keeps_the_last_backups_that_pass_while_every_newer_one_fails(office, tmp_path, clock):
    """The reviewer's case: good daily backups, a row edited, then days of backups that fail. Rotation used to
    delete every good one, leaving only backups a restore refused."""
    usb = tmp_path / "usb"
    settings = load_settings(office.path)
    settings.keep_daily, settings.keep_weekly = 2, 1
    save_settings(office.path, settings)
    good = []
    for _ in range(4):
        good.append(create_backup(office.path, usb, clock=clock).path)
        clock.advance(days=1)
    edit_outside(office)
    for _ in range(10):
        result = create_backup(office.path, usb, clock=clock)
        clock.advance(days=1)
    kept = list_backups(usb)
    assert [b.path for b in kept if restores_cleanly(office.path, b.path)] == good[:0:-1]  # the newest three
    assert len(kept) == 3 + 3  # the failing ones as the rules keep them alone
    assert result.last_passing == good[-1] and f"最近一份：{good[-1].name}" in "\n".join(result.lines())


def test_a_backup_that_fails_only_the_record_check_is_restored_once_accepted(office, tmp_path, valid_record):
    number = edit_outside(office)
    backup = create_backup(office.path, tmp_path / "usb").path
    office.save("meeting", valid_record("meeting", title="备份之后的会议"), ACTOR)
    office.close()
    before = office.path.read_bytes()
    prepared = prepare_restore(office.path, backup)
    text = "\n".join(prepared.lines())
    assert f"会议 {number}：内容与其摘要不符" in text and "SQLite 没有发现损坏" in text
    with pytest.raises(MismatchedRecords) as refused:
        prepared.commit(ACTOR)
    assert number in str(refused.value) and "--accept-mismatched" in str(refused.value)
    assert office.path.read_bytes() == before and not list(tmp_path.glob("*before-restore*"))
    assert not list(tmp_path.glob(".office-restore-*"))
    restore(office.path, backup, ACTOR, accept_mismatched=True)
    restored = Store.open(office.path)
    try:
        assert restored.count("meeting") == 3
        problems = check_database(restored).problems  # the record fails the check as it did before
        assert [p for p in problems if number in p] == [f"会议 {number}：内容与其摘要不符（记录在程序之外被改动）"]
    finally:
        restored.close()


def test_a_backup_and_a_restore_of_damaged_text_say_the_file_is_damaged_and_offer_the_last_passing_backup(
        office, tmp_path, clock):
    """A bad sector in a record: the backup blamed DB Browser and said to open the record and save it once (it
    cannot be opened); the restore's question said 数据在本程序之外被改动过 … SQLite 没有发现损坏."""
    usb = tmp_path / "usb"
    good = create_backup(office.path, usb, clock=clock).path
    clock.advance(hours=1)
    garble(office.conn, "meeting", "title", "rowid = (SELECT min(rowid) FROM meeting)", [])
    result = create_backup(office.path, usb, clock=clock)
    text = "\n".join(result.lines())
    assert "警告：数据库文件已损坏，有数据的文字无法读取（磁盘或U盘上的数据已损坏），共 1 处：" in text
    assert "会议 〔2026〕会记字第1号：文字无法读取" in text
    assert f"最近一份：{good.name}" in text and "请管理员尽快用最近一份通过检查的备份恢复" in text
    assert "DB Browser" not in text and "修改并保存一次" not in text
    office.close()
    prepared = prepare_restore(office.path, result.path)
    try:
        said = "\n".join(prepared.lines())
    finally:
        prepared.discard()
    assert "（数据库文件已损坏，有数据的文字无法读取（磁盘或U盘上的数据已损坏））" in said
    assert f"请改用一份通过检查的备份（这个文件夹中最近的一份：{good.name}）" in said
    assert "本程序之外被改动" not in said and "SQLite 没有发现损坏" not in said
    with pytest.raises(MismatchedRecords) as refused:
        restore(office.path, result.path, ACTOR)
    assert good.name in str(refused.value) and "没有发现损坏" not in str(refused.value)
