"""`fazhi keys passphrase --recovery-code` at the county: a forgotten passphrase set anew with the backup recovery
code, by a 所长 or 管理员 (before, the only way on was `fazhi keys init --replace` and a new key file for every
township); a township is told its way instead."""

from __future__ import annotations

import pytest

from fazhi_desktop.cli import main
from fazhi_desktop.core import accounts
from fazhi_desktop.core.backup import sealing
from fazhi_desktop.core.store import Store

DEMO = "demo2026"


@pytest.fixture
def county(tmp_path, monkeypatch, capsys):
    path = tmp_path / "county.db"
    monkeypatch.setenv("FAZHI_DB", str(path))
    assert main(["init", "--township", "640522", "--county", "--operator", "马文"]) == 0
    store = Store.open(path)
    try:  # accounts in use for a while (their own passwords), as the township demo has them
        store.user = accounts.add_account(store, "admin", "系统管理员", "管理员", DEMO, temporary=False)
        accounts.add_account(store, "杨芳", None, "所长", DEMO, temporary=False)
        accounts.add_account(store, "马丽", None, "录入员", DEMO, temporary=False)
    finally:
        store.close()
    capsys.readouterr()
    return path


def run(capsys, monkeypatch, user, *args, **env):
    monkeypatch.setenv("FAZHI_PASSWORD", DEMO)
    for name in ("FAZHI_PASSPHRASE", "FAZHI_NEW_PASSPHRASE", "FAZHI_RECOVERY_CODE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code = main(["--user", user, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_head_sets_a_forgotten_county_passphrase_with_the_recovery_code(county, capsys, monkeypatch):
    assert run(capsys, monkeypatch, "杨芳", "keys", "init", FAZHI_PASSPHRASE="forgotten-passphrase")[0] == 0
    code = sealing.load_key(county).code
    said = run(capsys, monkeypatch, "马丽", "keys", "passphrase", "--recovery-code", code,
               FAZHI_NEW_PASSPHRASE="the-new-one-2026")
    assert said[0] == 1 and "录入员" in said[2]
    said = run(capsys, monkeypatch, "杨芳", "keys", "passphrase", "--recovery-code",
               FAZHI_RECOVERY_CODE=sealing.new_code(), FAZHI_NEW_PASSPHRASE="the-new-one-2026")
    assert said[0] == 1 and "备份恢复码不对" in said[2]
    said = run(capsys, monkeypatch, "杨芳", "keys", "passphrase", "--recovery-code", code,
               FAZHI_NEW_PASSPHRASE="the-new-one-2026")
    assert said[0] == 0 and "各乡镇不必换县级公钥文件" in said[1]
    said = run(capsys, monkeypatch, "杨芳", "keys", "passphrase", FAZHI_PASSPHRASE="the-new-one-2026",
               FAZHI_NEW_PASSPHRASE="and-another-2026")
    assert said[0] == 0  # the new passphrase opens the keys


def test_a_county_turns_the_copy_off_and_on_again(county, capsys, monkeypatch):
    assert run(capsys, monkeypatch, "杨芳", "keys", "init", FAZHI_PASSPHRASE="the-passphrase-2026")[0] == 0
    sealed = sealing.keys_folder(county) / "county-recovery.age"
    assert sealed.exists()
    said = run(capsys, monkeypatch, "马丽", "keys", "escrow", "off")
    assert said[0] == 1 and "录入员" in said[2] and sealed.exists()
    said = run(capsys, monkeypatch, "杨芳", "keys", "escrow", "off")
    assert said[0] == 0 and "已关闭用备份恢复码找回县级密钥口令" in said[1] and not sealed.exists()
    said = run(capsys, monkeypatch, "杨芳", "keys", "passphrase", "--recovery-code", sealing.load_key(county).code,
               FAZHI_NEW_PASSPHRASE="the-new-one-2026")
    assert said[0] == 1 and "本县已关闭" in said[2]
    said = run(capsys, monkeypatch, "杨芳", "keys", "escrow", "on", FAZHI_PASSPHRASE="the-passphrase-2026")
    assert said[0] == 0 and "已开启" in said[1] and sealed.exists()


def test_turning_the_copy_on_with_a_wrong_passphrase_changes_nothing(county, capsys, monkeypatch):
    """It said 已开启… and turned the setting on whatever passphrase was typed: the copy was then never written
    (the keys were not opened), and the county believed the recovery code would help."""
    assert run(capsys, monkeypatch, "杨芳", "keys", "init", FAZHI_PASSPHRASE="the-passphrase-2026")[0] == 0
    assert run(capsys, monkeypatch, "杨芳", "keys", "escrow", "off")[0] == 0
    said = run(capsys, monkeypatch, "杨芳", "keys", "escrow", "on", FAZHI_PASSPHRASE="a-wrong-passphrase")
    assert said[0] == 1 and "口令不对，无法打开县级私钥文件" in said[2] and "已开启" not in said[1]
    store = Store.open(county)
    try:
        assert store.setting("county_key.escrow") == "off"
        assert "开启用备份恢复码找回县级密钥口令" not in [row["event"] for row in accounts.account_log(store, "杨芳")]
    finally:
        store.close()
    assert not (sealing.keys_folder(county) / "county-recovery.age").exists()
