"""A database file renamed away from its attachments, keys and backup settings (office.db → fazhi.db): said with
the way out, and what would do harm refused (core/renamed.py); `fazhi` says it once per command, `check` instead of
advising to delete each attachment."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing

import pytest
from bundle_world import COUNTY_PASS, LOW_COST, TOWN_PASS
from small_disk import FullAtCommit

from fazhi_desktop.cli import main
from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core import renamed
from fazhi_desktop.core.attachments import add_attachment
from fazhi_desktop.core.backup import create_backup, prepare_restore, restore, sealing
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.bundle.export import export_blocker
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store

SAID = ("数据库文件改过名：请把 office-files、office-keys、office-backup.json 一并改名为 fazhi-files、fazhi-keys、"
        "fazhi-backup.json（或把数据库改回原名 office.db）")


def office_with_files(store, tmp_path, valid_record):
    """The office's database with an attached scan, a signing key and backup settings beside it, closed."""
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    store.save("meeting", valid_record("meeting", attachments=[add_attachment(store, scan)]), actor="马文")
    keymod.init_township_key(store, TOWN_PASS, cost=LOW_COST)
    (tmp_path / "office-backup.json").write_text("{}", encoding="utf-8")
    store.close()
    return tmp_path / "office.db"


@pytest.fixture
def moved(store, tmp_path, valid_record, ledgers, clock):
    """office.db renamed fazhi.db, its folders and settings left under the old name; opened."""
    path = office_with_files(store, tmp_path, valid_record).rename(tmp_path / "fazhi.db")
    opened = Store.open(path, ledgers, clock=clock)
    yield opened
    opened.close()


def test_a_renamed_database_says_which_files_to_rename(moved):
    assert str(renamed.find(moved.path, moved.conn)) == SAID


def test_creating_a_key_backing_up_and_exporting_are_refused_and_nothing_is_made(moved, tmp_path):
    with pytest.raises(FazhiError) as refused:
        keymod.init_township_key(moved, TOWN_PASS, replace=True, cost=LOW_COST)
    assert str(refused.value) == f"{SAID}。改好之前{renamed.NO_KEY}"
    with pytest.raises(FazhiError) as refused:
        create_backup(moved.path, tmp_path / "usb")
    assert str(refused.value) == f"{SAID}。改好之前{renamed.NO_BACKUP}"  # not 附件 0 个 and a new recovery code
    with pytest.raises(FazhiError) as refused:
        keymod.unlock_township_key(moved, TOWN_PASS)
    assert str(refused.value) == f"{SAID}。改好之前{renamed.NO_EXPORT}"  # not 请先…创建密钥
    assert export_blocker(moved) == f"{SAID}。改好之前{renamed.NO_EXPORT}"
    assert not (tmp_path / "fazhi-keys").exists() and not (tmp_path / "usb").exists()


def test_a_copy_beside_its_original_is_told_to_copy_the_files(store, tmp_path, valid_record, ledgers, clock):
    path = office_with_files(store, tmp_path, valid_record)
    (tmp_path / "fazhi.db").write_bytes(path.read_bytes())
    with closing(Store.open(tmp_path / "fazhi.db", ledgers, clock=clock)) as copy:
        assert str(renamed.find(copy.path, copy.conn)) == (
            "数据库文件是从 office.db 复制来的，附件、密钥和备份设置还在 office-files、office-keys、office-backup.json "
            "中：请把它们一并复制为 fazhi-files、fazhi-keys、fazhi-backup.json（或改用原来的数据库 office.db）")


def test_another_offices_folders_beside_a_database_are_not_taken_for_its_own(store, tmp_path, valid_record, ledgers,
                                                                            clock):
    """Two databases in one folder: the other's -files and -keys do not hold this one's files or key."""
    path = office_with_files(store, tmp_path, valid_record)
    (tmp_path / "other-files").mkdir()
    (tmp_path / "other-keys").mkdir()
    with closing(Store.open(path, ledgers, clock=clock)) as same:
        assert renamed.find(same.path, same.conn) is None
    (tmp_path / "office-files").rename(tmp_path / "lost")  # gone, but not under another database's name
    with closing(Store.open(path, ledgers, clock=clock)) as lost:
        assert renamed.find(lost.path, lost.conn) is None


def test_a_key_made_once_is_not_made_again_without_replace_whatever_its_folder(store, tmp_path):
    keymod.init_township_key(store, TOWN_PASS, cost=LOW_COST)
    made = store.setting("signing_key.id")
    (tmp_path / "office-keys").rename(tmp_path / "elsewhere")
    with pytest.raises(BundleError, match=f"本所已创建过签名密钥（编号 {made}），但 .*office-keys 中没有它的文件"):
        keymod.init_township_key(store, TOWN_PASS, cost=LOW_COST)
    assert store.setting("signing_key.id") == made and not (tmp_path / "office-keys").exists()
    assert export_blocker(store).startswith(f"本所已创建过签名密钥（编号 {made}）")  # not 请先…创建密钥
    from fazhi_desktop.core import accounts

    store.user = accounts.add_account(store, "admin", None, "管理员", "mima-2026")
    store.user = accounts.add_account(store, "马丽", None, "录入员", "mima-2026")  # 更换密钥 is greyed out for her
    assert export_blocker(store) == "本所签名密钥的文件不见了：请所长或管理员在“数据交换 → 密钥与登记”中处理"


@pytest.fixture
def files_deleted(store, tmp_path, valid_record):
    """office.db whose attachment files were deleted outside the program (office-files is still there), closed."""
    path = office_with_files(store, tmp_path, valid_record)
    for blob in (tmp_path / "office-files").rglob("*"):
        if blob.is_file():
            blob.unlink()
    return path


def test_a_backup_missing_registered_attachments_warns(files_deleted, tmp_path, clock):
    result = create_backup(files_deleted, tmp_path / "usb", clock=clock)
    assert result.missing_attachments == 1
    assert "警告：数据库登记的附件中有 1 个文件不在附件文件夹中，没有备份进去" in "\n".join(result.lines())


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_and_every_command_say_the_database_was_renamed(store, tmp_path, valid_record, capsys, monkeypatch):
    path = office_with_files(store, tmp_path, valid_record).rename(tmp_path / "fazhi.db")
    code, out, _ = run(capsys, "--db", str(path), "check")
    assert code == 1 and f"发现 1 处问题：\n  - {SAID}\n" in out and "删去它" not in out
    code, _, err = run(capsys, "--db", str(path), "list", "meeting")
    assert code == 0 and err == f"注意：{SAID}\n"
    monkeypatch.setenv("FAZHI_PASSPHRASE", "a long passphrase")
    code, _, err = run(capsys, "--db", str(path), "keys", "init")  # the warning, then the refusal, not said twice
    assert code == 1 and err.startswith(f"注意：{SAID}\n") and err.count(SAID) == 1
    assert err.endswith(f"错误：数据库文件改过名（见上）。改好之前{renamed.NO_KEY}\n")
    code, out, err = run(capsys, "--db", str(path), "backup", "--to", str(tmp_path / "usb"))
    assert code == 1 and out == "" and "改好之前不做备份" in err


def test_a_backup_missing_attachments_exits_1(files_deleted, tmp_path, capsys):
    code, out, _ = run(capsys, "--db", str(files_deleted), "backup", "--to", str(tmp_path / "usb"))
    assert code == 1 and "警告：数据库登记的附件中有 1 个文件不在附件文件夹中" in out


def test_a_restore_into_a_renamed_database_is_refused_and_nothing_is_written(store, tmp_path, valid_record,
                                                                            clock, capsys):
    """The restored attachments and keys went to fazhi-files/-keys while office-files/-keys stayed beside them."""
    path = office_with_files(store, tmp_path, valid_record)
    backup = create_backup(path, tmp_path / "usb", clock=clock).path
    moved = path.rename(tmp_path / "fazhi.db")
    with pytest.raises(FazhiError) as refused:
        prepare_restore(moved, backup)
    assert str(refused.value) == f"{SAID}。改好之前{renamed.NO_RESTORE}"
    code, _, err = run(capsys, "--db", str(moved), "restore", str(backup), "--yes")
    assert code == 1 and err.endswith(f"错误：数据库文件改过名（见上）。改好之前{renamed.NO_RESTORE}\n")
    written = [p.name for p in tmp_path.iterdir() if p.name.startswith("fazhi") or "restore" in p.name]
    assert [name for name in written if not name.endswith(("-shm", "-wal"))] == ["fazhi.db"]  # no fazhi-files,
    # no fazhi-keys, nothing set aside


def test_a_restore_into_a_renamed_database_that_cannot_be_read_is_refused_by_the_backups_key(store, tmp_path,
                                                                                             valid_record, clock):
    """fazhi.db damaged: nothing in it showed the rename, so the restore asked for the recovery code (the key is in
    office-keys) and put the backup's files in fazhi-files/-keys beside office-files/-keys, its later scans left
    there. The key beside it, under the old name, is the backup's: refused, the folders named; renamed, it restores
    without the code. Another office's keys left in the folder prove nothing: the code is asked as before."""
    path = office_with_files(store, tmp_path, valid_record)
    backup = create_backup(path, tmp_path / "usb", clock=clock).path
    moved = path.rename(tmp_path / "fazhi.db")
    moved.write_bytes(b"not a database" * 100)
    with pytest.raises(FazhiError) as refused:
        prepare_restore(moved, backup)
    assert str(refused.value) == ("fazhi.db 无法读取，旁边的 office-keys 中是这个备份的密钥、却没有 office.db。"
                                  f"{SAID}。改好之前{renamed.NO_RESTORE}")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("fazhi")) == ["fazhi.db"]
    (tmp_path / "office-keys").rename(tmp_path / "office-keys.old")  # lost; another office's keys left over
    other = json.loads((tmp_path / "office-keys.old" / sealing.KEY_FILE).read_text(encoding="utf-8"))
    (tmp_path / "liwang-keys").mkdir()  # (the tests' databases share one backup key: another key.age stands for it)
    (tmp_path / "liwang-keys" / sealing.KEY_FILE).write_text(json.dumps({**other, "sealed_identity": "b3RoZXI="}),
                                                            encoding="utf-8")
    with pytest.raises(sealing.RecoveryCodeNeeded):
        prepare_restore(moved, backup)
    for old, new in (("office-keys.old", "fazhi-keys"), ("office-files", "fazhi-files")):  # the way out
        (tmp_path / old).rename(tmp_path / new)
    prepare_restore(moved, backup).discard()  # no recovery code asked: the key is found under the new name


def test_a_damaged_database_restores_again_after_an_earlier_restores_damaged_copy_was_deleted(store, tmp_path,
                                                                                              valid_record, clock):
    """office.db damaged, restored, its damaged copy (office-before-restore-<time>.db) deleted and the folders set
    aside with it kept; damaged again: the restore was refused, taking that -keys folder for the original, with a
    message of empty names, though office-keys holds the backup's key. A copy of the keys under another name is not
    taken for the original either."""
    path = office_with_files(store, tmp_path, valid_record)
    backup = create_backup(path, tmp_path / "usb", clock=clock).path
    path.write_bytes(b"not a database" * 100)
    restore(path, backup, "马文", clock=clock)
    for damaged in tmp_path.glob(f"office{renamed.AFTER_RESTORE}*.db"):
        damaged.unlink()
    assert list(tmp_path.glob(f"office{renamed.AFTER_RESTORE}*-keys"))
    shutil.copytree(tmp_path / "office-keys", tmp_path / "spare-keys")
    path.write_bytes(b"not a database" * 100)
    restore(path, backup, "马文", clock=clock)  # no recovery code asked: the key is office-keys'
    with closing(Store.open(path, clock=clock)) as restored:
        assert restored.count("meeting") == 1


def test_another_office_sharing_a_file_is_not_taken_for_the_original(store, tmp_path, valid_record, ledgers, clock):
    """office.db and liwang.db in one folder both attach the county's notice; liwang-files is lost (deleted, not
    copied to this PC): office-files holds the notice, but liwang.db was not copied from office.db."""
    notice = tmp_path / "县局通知.pdf"
    notice.write_bytes(b"%PDF-1.4 county notice sent to every township")
    store.save("meeting", valid_record("meeting", attachments=[add_attachment(store, notice)]), actor="马文")
    store.close()
    other = init_database(tmp_path / "liwang.db", "640522101", ledgers=ledgers, clock=clock)
    other.save("meeting", valid_record("meeting", attachments=[add_attachment(other, notice)]), actor="李")
    other.close()
    shutil.rmtree(tmp_path / "liwang-files")
    with closing(Store.open(tmp_path / "liwang.db", ledgers, clock=clock)) as liwang:
        assert renamed.find(liwang.path, liwang.conn) is None
    assert create_backup(tmp_path / "liwang.db", tmp_path / "usb", clock=clock).missing_attachments == 1  # said so
    (tmp_path / "office.db").rename(tmp_path / "old.db")  # office.db's copy is still taken for what it is
    (tmp_path / "old.db").replace(tmp_path / "liwang.db")
    with closing(Store.open(tmp_path / "liwang.db", ledgers, clock=clock)) as copy:
        assert str(renamed.find(copy.path, copy.conn)).startswith("数据库文件改过名：请把 office-files 一并改名为")


def test_another_county_databases_key_is_not_taken_for_this_ones(tmp_path, ledgers, clock):
    """The county's database and a practice copy set up anew in one folder, each with its own county key; county.db's
    folder of keys is lost: practice-keys holds a county key, not this one's."""
    for name in ("county", "practice"):
        with closing(init_database(tmp_path / f"{name}.db", "640522", county=True, ledgers=ledgers,
                                   clock=clock)) as made:
            keymod.init_county_keys(made, COUNTY_PASS, cost=LOW_COST)
    shutil.rmtree(tmp_path / "county-keys")
    with closing(Store.open(tmp_path / "county.db", ledgers, clock=clock)) as county:
        assert renamed.find(county.path, county.conn) is None
        keymod.init_county_keys(county, COUNTY_PASS, cost=LOW_COST)  # not refused: made again
    (tmp_path / "practice.db").replace(tmp_path / "moved.db")  # renamed: its own keys are still found
    with closing(Store.open(tmp_path / "moved.db", ledgers, clock=clock)) as moved:
        assert str(renamed.find(moved.path, moved.conn)) == (
            "数据库文件改过名：请把 practice-keys 一并改名为 moved-keys（或把数据库改回原名 practice.db）")


def older_county(path, ledgers, clock) -> str:
    """A county database with its key made as before the seventeenth session (no `county_key.id`): the key's id."""
    with closing(init_database(path, "640522", county=True, ledgers=ledgers, clock=clock)) as made:
        keymod.init_county_keys(made, COUNTY_PASS, cost=LOW_COST)
        key_id = made.setting("county_key.id")
        with made.conn:
            made.conn.execute("DELETE FROM settings WHERE key = 'county_key.id'")
    return key_id


def test_an_older_county_database_learns_its_key_from_its_own_folder_only(tmp_path, ledgers, clock):
    """An older county database kept no id of its key: its folder of keys lost, another county database's beside it
    was taken for its own (the county told to rename practice-keys). Opened once beside its own folder, it records
    that key's id; never from a folder of another name."""
    county_id = older_county(tmp_path / "county.db", ledgers, clock)
    older_county(tmp_path / "practice.db", ledgers, clock)
    (tmp_path / "practice.db").replace(tmp_path / "moved.db")  # renamed away from practice-keys: learns nothing
    with closing(Store.open(tmp_path / "moved.db", ledgers, clock=clock)) as moved:
        assert moved.setting("county_key.id") is None and renamed.find(moved.path, moved.conn) is not None
    (tmp_path / "moved.db").replace(tmp_path / "practice.db")
    with closing(Store.open(tmp_path / "county.db", ledgers, clock=clock)) as county:
        assert county.setting("county_key.id") == county_id
    shutil.rmtree(tmp_path / "county-keys")  # lost later: practice-keys is not its own
    with closing(Store.open(tmp_path / "county.db", ledgers, clock=clock)) as county:
        assert renamed.find(county.path, county.conn) is None


def impatient(monkeypatch):
    """SQLite's 5 s wait for another program's write lock, shortened."""
    connect = dbmod.connect

    def shortened(where):
        conn = connect(where)
        conn.execute("PRAGMA busy_timeout=50")
        return conn

    monkeypatch.setattr(dbmod, "connect", shortened)


def test_an_older_county_database_opens_while_another_program_writes(tmp_path, ledgers, clock, monkeypatch):
    """Recording the key's id waited for the other program's write lock, then the open failed (数据库正被另一个程序
    使用): the county could not open its database at all. It opens; the id is recorded at the next open."""
    county_id = older_county(tmp_path / "county.db", ledgers, clock)
    impatient(monkeypatch)
    other = sqlite3.connect(tmp_path / "county.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program's import holds the write lock
    try:
        with closing(Store.open(tmp_path / "county.db", ledgers, clock=clock)) as county:
            assert county.is_county and county.setting("county_key.id") is None
    finally:
        other.execute("ROLLBACK")
        other.close()
    with closing(Store.open(tmp_path / "county.db", ledgers, clock=clock)) as county:
        assert county.setting("county_key.id") == county_id


def test_an_older_county_database_opens_on_a_full_disk(tmp_path, ledgers, clock, monkeypatch):
    """The disk full: the open said 保存失败 for a setting it writes of its own accord, and the county could not open
    its database to make room or back it up."""
    older_county(tmp_path / "county.db", ledgers, clock)
    connect = dbmod.connect
    monkeypatch.setattr(dbmod, "connect", lambda where: FullAtCommit(connect(where)))
    with closing(Store.open(tmp_path / "county.db", ledgers, clock=clock)) as county:
        assert county.is_county and county.setting("county_key.id") is None


def test_a_restore_from_a_backup_without_attachments_points_to_the_ones_kept_aside(store, tmp_path, valid_record,
                                                                                  ledgers, clock):
    path = office_with_files(store, tmp_path, valid_record)
    (tmp_path / "office-files").rename(tmp_path / "away")
    backup = create_backup(path, tmp_path / "usb", clock=clock).path  # without the attachment
    (tmp_path / "away").rename(tmp_path / "office-files")
    restore(path, backup, "马文", clock=clock)
    [aside] = [p.name for p in tmp_path.glob("office-before-restore-*-files")]
    old = aside.removesuffix("-files")
    with closing(Store.open(path, ledgers, clock=clock)) as restored:
        assert str(renamed.find(restored.path, restored.conn)) == (
            f"{aside} 是从备份恢复之前保留下来的，所恢复的备份没有带上其中的附件或密钥：请把它们复制为 office-files"
            f"（恢复前的数据库也保留为 {old}.db）")
