"""A handover from the command line: the newcomer's temporary password, the key's passphrase and the backup recovery
code changed when the 所长 who knew them leaves."""

from __future__ import annotations

import pytest

from fazhi_desktop.cli import main
from fazhi_desktop.core.backup import sealing

DEMO = "demo2026"
FIRST, OWN = "xinmima-2026", "zhangqiang-own-2026"
MAKE_KEY = sealing.new_key  # the real one (tests get one key a session: conftest)


@pytest.fixture
def office(demo_db, capsys):
    capsys.readouterr()
    return demo_db


def run(capsys, monkeypatch, user, *args, password=DEMO, **env):
    monkeypatch.setenv("FAZHI_PASSWORD", password)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code = main(["--user", user, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_newcomer_changes_the_password_the_admin_gave_before_anything_else(office, capsys, monkeypatch):
    assert run(capsys, monkeypatch, "admin", "accounts", "add", "张强", "--role", "录入员",
               FAZHI_NEW_PASSWORD=FIRST)[0] == 0
    code, _, err = run(capsys, monkeypatch, "张强", "list", "meeting", password=FIRST)
    assert code == 1 and "临时密码" in err and "fazhi --user 张强 accounts passwd" in err
    assert run(capsys, monkeypatch, "张强", "accounts", "passwd", password=FIRST, FAZHI_NEW_PASSWORD=OWN)[0] == 0
    assert run(capsys, monkeypatch, "张强", "list", "meeting", password=OWN)[0] == 0
    assert run(capsys, monkeypatch, "马丽", "list", "meeting")[0] == 0  # the demo accounts are not asked


def test_the_head_changes_the_keys_passphrase_and_the_recovery_code(office, capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(sealing, "new_key", iter([MAKE_KEY(), MAKE_KEY()]).__next__)
    assert run(capsys, monkeypatch, "杨芳", "keys", "init", FAZHI_PASSPHRASE="only-she-knew-it")[0] == 0
    code, out, _ = run(capsys, monkeypatch, "杨芳", "keys", "passphrase", FAZHI_PASSPHRASE="only-she-knew-it",
                       FAZHI_NEW_PASSPHRASE="the-new-head-2026")
    assert code == 0 and "不必重新登记" in out
    code, _, err = run(capsys, monkeypatch, "杨芳", "keys", "passphrase", FAZHI_PASSPHRASE="only-she-knew-it")
    assert code == 1 and "口令不对" in err  # the old one opens nothing now
    assert run(capsys, monkeypatch, "杨芳", "backup", "--to", str(tmp_path))[0] == 0
    old = sealing.load_key(office).code
    code, _, err = run(capsys, monkeypatch, "马丽", "backup-settings", "--new-recovery-code")
    assert code == 1 and "录入员" in err
    code, out, _ = run(capsys, monkeypatch, "杨芳", "backup-settings", "--new-recovery-code")
    new = sealing.load_key(office)
    assert code == 0 and new.code != old and f"新的备份恢复码：{new.code}" in out and new.shown
