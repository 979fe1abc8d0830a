"""The data a restore sets aside (`office-before-restore-<time>.db` and its `-files`, `-keys`, `-autosave`: the
office's records, personal information included) was kept for good without a word: `fazhi backup --list` named only
the backups, and nothing offered to delete them (PIPL art. 19: kept no longer than needed). It now lists them with
their age and size, and `fazhi backup --delete-set-aside DAYS` deletes those older than that, asked first, never the
newest; the 管理员's."""

from __future__ import annotations

import shutil
import sys
from datetime import datetime, timedelta

from fazhi_desktop.cli import main
from fazhi_desktop.core.backup import create_backup, restore, set_aside


def restored_three_times(db, tmp_path):
    """One real restore (the newest), and two set aside 40 and 100 days ago (copies of it, named so)."""
    backup = create_backup(db, tmp_path / "usb").path
    restore(db, backup, "马文")
    newest = set_aside.find(db)[0]
    older = []
    for days in (40, 100):
        name = f"office-before-restore-{datetime.now() - timedelta(days=days):%Y%m%d-%H%M%S}"
        for path in newest.paths:
            copy = path.with_name(path.name.replace(newest.name, name))
            (shutil.copytree if path.is_dir() else shutil.copyfile)(path, copy)
        older.append(name)
    return newest.name, older


def test_backup_list_names_the_data_restores_set_aside_with_age_and_size(db, tmp_path, capsys):
    newest, older = restored_three_times(db, tmp_path)
    (tmp_path / "off-before-restore-20260101-080000.db").write_bytes(b"")  # another database's ("off" of "office")
    capsys.readouterr()
    assert main(["backup", "--list"]) == 0
    out = capsys.readouterr().out
    assert "恢复时换下的数据" in out and "fazhi backup --delete-set-aside" in out
    lines = [line for line in out.splitlines() if "-before-restore-" in line]
    assert [line.split("（")[0].strip() for line in lines] == [newest, *older]
    assert "0 天前" in lines[0] and "40 天前" in lines[1] and "100 天前" in lines[2]
    assert "KB：" in lines[1] and f"{older[0]}.db、{older[0]}-keys" in lines[1]


def test_older_ones_are_deleted_when_asked_never_the_newest(db, tmp_path, capsys, monkeypatch):
    newest, older = restored_three_times(db, tmp_path)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    answers = iter(["不", "删除"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    capsys.readouterr()
    assert main(["backup", "--delete-set-aside", "30"]) == 0
    assert "没有删除" in capsys.readouterr().out
    assert [s.name for s in set_aside.find(db)] == [newest, *older]
    assert main(["backup", "--delete-set-aside", "30"]) == 0
    assert "已删除 2 份恢复时换下的数据" in capsys.readouterr().out
    assert [s.name for s in set_aside.find(db)] == [newest]
    assert not [p for p in tmp_path.iterdir() if any(name in p.name for name in older)]
    assert main(["backup", "--delete-set-aside", "0"]) == 0  # the newest stays whatever its age
    assert f"最近一份 {newest} 总是保留" in capsys.readouterr().out
    assert [s.name for s in set_aside.find(db)] == [newest] and (tmp_path / f"{newest}.db").is_file()
