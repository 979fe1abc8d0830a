"""`fazhi backup-settings --new-recovery-code` given with --folder or --keep-daily (a new 所长's own stick): the new
code was made and the other options silently dropped, the folder left where it was. Now both are done in one step,
the options checked before the code is changed."""

from __future__ import annotations

import pytest

from fazhi_desktop.cli import main
from fazhi_desktop.core.backup import load_settings, sealing

DEMO = "demo2026"
MAKE_KEY = sealing.new_key  # the real one (tests get one key a session: conftest)


@pytest.fixture
def office(demo_db, tmp_path, monkeypatch, capsys):
    """A demo office backed up once (its backup key and first code made); a new code makes another key."""
    monkeypatch.setattr(sealing, "new_key", iter([MAKE_KEY(), MAKE_KEY()]).__next__)
    path = demo_db
    monkeypatch.setenv("FAZHI_PASSWORD", DEMO)
    assert main(["--user", "杨芳", "backup", "--to", str(tmp_path)]) == 0
    capsys.readouterr()
    return path


def test_the_new_code_and_the_new_folder_are_both_saved(office, tmp_path, capsys):
    stick = tmp_path / "new-stick"
    stick.mkdir()
    old = sealing.load_key(office).code
    assert main(["--user", "杨芳", "backup-settings", "--new-recovery-code", "--folder", str(stick),
                 "--keep-daily", "9"]) == 0
    out = capsys.readouterr().out
    new = sealing.load_key(office).code
    assert new != old and f"新的备份恢复码：{new}" in out
    settings = load_settings(office)
    assert settings.folder == str(stick) and settings.keep_daily == 9
    assert f"备份文件夹：{stick}" in out and "已保存备份设置" in out


def test_a_folder_that_is_not_there_changes_neither(office, tmp_path, capsys):
    old = sealing.load_key(office).code
    assert main(["--user", "杨芳", "backup-settings", "--new-recovery-code", "--folder",
                 str(tmp_path / "no-such-stick")]) == 1
    assert "文件夹不存在" in capsys.readouterr().err
    assert sealing.load_key(office).code == old and load_settings(office).folder is None
