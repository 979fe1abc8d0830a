"""`fazhi backup`, `fazhi backup-settings` and `fazhi restore` as a technician runs them."""

from __future__ import annotations

import io
import sys
from datetime import datetime, timedelta

from fazhi_desktop.cli import main
from fazhi_desktop.core.backup.rotation import backup_name
from fazhi_desktop.core.store import Store

MEETING = '{"title": "专题会议", "meeting_type": "党委会", "held_on": "2026-03-05", "office_head_attendance": "全程"}'


def add_meeting(monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(MEETING))
    assert main(["--user", "马文", "add", "meeting", "--json", "-"]) == 0


def test_backup_list_and_settings(db, tmp_path, capsys, monkeypatch):
    add_meeting(monkeypatch)
    capsys.readouterr()
    assert main(["backup", "--to", str(tmp_path / "usb")]) == 0
    out = capsys.readouterr().out
    assert f"已备份：{tmp_path / 'usb'}" in out and "记录 1 条" in out
    assert main(["backup-settings", "--folder", str(tmp_path / "usb"), "--keep-daily", "3"]) == 0
    out = capsys.readouterr().out
    assert f"备份文件夹：{tmp_path / 'usb'}" in out and "最近 3 天" in out
    for _ in range(3):  # into the configured folder now; rotation keeps the newest three and one of each day
        assert main(["backup"]) == 0
    assert "清理旧备份：删除 1 个，保留 3 个" in capsys.readouterr().out
    assert main(["backup", "--list"]) == 0
    assert "共 3 个备份" in capsys.readouterr().out


def test_restore_checks_first_asks_and_keeps_the_current_data(db, tmp_path, capsys, monkeypatch):
    add_meeting(monkeypatch)
    main(["backup", "--to", str(tmp_path / "usb")])
    backup = next((tmp_path / "usb").glob("*.zip"))
    add_meeting(monkeypatch)
    capsys.readouterr()
    assert main(["restore", str(backup), "--check-only"]) == 0
    out = capsys.readouterr().out
    assert "检查通过" in out and "未改动任何数据" in out
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["restore", str(backup)]) == 2  # no terminal, no --yes
    assert "--yes" in capsys.readouterr().err
    assert main(["restore", str(backup), "--yes"]) == 0
    out = capsys.readouterr().out
    assert f"已恢复：{db}" in out and f"原来的数据保留在 {db.parent} 中：office-before-restore-" in out
    store = Store.open(db)
    assert store.count("meeting") == 1
    store.close()


def test_restore_refuses_a_damaged_backup_and_changes_nothing(db, tmp_path, capsys):
    bad = tmp_path / "office-backup-640522100-20260101-090000.zip"
    bad.write_bytes(b"PK\x03\x04 cut short")
    before = db.read_bytes()
    assert main(["restore", str(bad), "--yes"]) == 1
    err = capsys.readouterr().err
    assert "不是完整的备份文件" in err and "Traceback" not in err
    assert db.read_bytes() == before


def test_a_backup_is_encrypted_and_another_pc_restores_it_with_the_recovery_code(db, tmp_path, capsys, monkeypatch):
    add_meeting(monkeypatch)
    capsys.readouterr()
    assert main(["backup", "--to", str(tmp_path / "usb")]) == 0
    out = capsys.readouterr().out
    assert "已生成备份恢复码" in out and "请抄在纸上" in out
    backup = next((tmp_path / "usb").glob("*.zip"))
    assert main(["backup-settings", "--recovery-code"]) == 0
    code = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("备份恢复码："))
    code = code.removeprefix("备份恢复码：").split("（")[0]
    assert len(code) == 29
    new_pc = tmp_path / "new-pc" / "fazhi.db"
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # a script: no terminal to ask on
    assert main(["--db", str(new_pc), "restore", str(backup), "--yes"]) == 1
    err = capsys.readouterr().err
    assert "需要输入它的备份恢复码" in err and "--recovery-code" in err and "Traceback" not in err
    assert main(["--db", str(new_pc), "restore", str(backup), "--yes", "--recovery-code", "AAAA-BBBB"]) == 1
    assert "恢复码不对" in capsys.readouterr().err
    monkeypatch.setenv("FAZHI_RECOVERY_CODE", code)
    assert main(["--db", str(new_pc), "restore", str(backup), "--yes"]) == 0
    assert f"已恢复：{new_pc}" in capsys.readouterr().out
    store = Store.open(new_pc)
    assert store.count("meeting") == 1
    store.close()


def test_a_backup_of_a_record_changed_outside_is_flagged_and_restored_only_with_accept_mismatched(db, tmp_path,
                                                                                                  capsys, monkeypatch):
    import sqlite3

    add_meeting(monkeypatch)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE meeting SET title = '在 DB Browser 中改过'")
    conn.close()
    capsys.readouterr()
    assert main(["backup", "--to", str(tmp_path / "usb")]) == 1  # written, but someone must look at the data
    out = capsys.readouterr().out
    assert "已备份" in out and "警告：数据库没有通过检查" in out and "内容与其摘要不符" in out
    backup = next((tmp_path / "usb").glob("*-check-failed.zip"))
    assert main(["backup", "--list", "--to", str(tmp_path / "usb")]) == 0
    assert "数据库未通过检查，恢复需加 --accept-mismatched" in capsys.readouterr().out
    before = db.read_bytes()
    assert main(["restore", str(backup), "--check-only"]) == 1
    assert "恢复需加 --accept-mismatched" in capsys.readouterr().out
    assert main(["restore", str(backup), "--yes"]) == 1
    err = capsys.readouterr().err
    assert "没有通过检查" in err and "--accept-mismatched" in err and "Traceback" not in err
    assert db.read_bytes() == before
    assert main(["restore", str(backup), "--yes", "--accept-mismatched"]) == 0
    assert f"已恢复：{db}" in capsys.readouterr().out
    assert main(["check"]) == 1  # the record fails the check as it did before the restore
    assert "内容与其摘要不符" in capsys.readouterr().out


def test_backup_list_puts_a_backup_named_later_than_now_last_and_says_why(db, tmp_path, capsys):
    usb = tmp_path / "usb"
    usb.mkdir()
    ahead = usb / backup_name("office", "640522100", datetime.now() + timedelta(days=365))
    ahead.write_bytes(b"made while the clock ran a year ahead")
    assert main(["backup", "--to", str(usb)]) == 0
    capsys.readouterr()
    assert main(["backup", "--list", "--to", str(usb)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert ahead.name not in lines[0]  # before: first, as the newest
    assert ahead.name in lines[1] and "备份时间晚于现在（电脑时间曾经或现在不对），不会被自动清理" in lines[1]
