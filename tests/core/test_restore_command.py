"""The restore command a damaged or empty database's message prints: alone on its last line with nothing after it
(a clerk copying it copied the 。 that ended it), naming the backup, or the backup folder the settings say, and, in
the installed program, fazhi.exe by its full path (the installer puts it on no PATH)."""

from __future__ import annotations

import sys

import pytest

from fazhi_desktop.core.backup import Offer, create_backup, restore_by_command
from fazhi_desktop.core.backup import config as backup_config
from fazhi_desktop.core.check import refuse_unset
from fazhi_desktop.core.errors import SetupError
from fazhi_desktop.core.setup import init_database


def test_the_installed_program_names_its_fazhi_exe_and_the_backup_folder_the_settings_say(tmp_path, monkeypatch):
    program = tmp_path / "Program Files" / "法治台账"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program / "fazhi-desktop.exe"))
    db = tmp_path / "我的 数据" / "office.db"
    stick = tmp_path / "U盘" / "备份"
    backup_config.save_settings(db, backup_config.BackupSettings(folder=str(stick)))
    lines = restore_by_command(db, Offer()).splitlines()
    assert lines[1] == str(stick)  # where to look, on a line of its own
    exe = program.resolve() / "fazhi.exe"
    assert lines[-1] == f'"{exe}" --db "{db}" restore "{stick / "备份文件名.zip"}"'


def test_check_of_an_empty_file_ends_with_the_command_that_restores_the_newest_backup(tmp_path):
    """It said （fazhi restore 备份文件）, without the --db the clerk had given, the newest backup named after it."""
    db = tmp_path / "office.db"
    init_database(db, "640522100", operator="杨芳").close()
    backup = create_backup(db).path
    db.write_bytes(b"")
    with pytest.raises(SetupError) as refused:
        refuse_unset(db)
    assert str(refused.value).splitlines()[-1] == f'fazhi --db "{db}" restore "{backup}"'
