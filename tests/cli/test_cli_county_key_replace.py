# ruff: noqa: F811  (pytest fixtures imported from test_cli_bundles.py)
"""`fazhi keys init --replace` at the county, as a technician runs it after someone with the keys folder left: what
it means is printed first (as the window asks it), the old passphrase is asked so that the old key is kept and
bundles on their way still import, and the help and the plain refusal say so. Before, it printed nothing and deleted
the old key. Also: the township typing the old county key's fingerprint is told that is what it did, and 修改口令 at
the county speaks of import and receipts, not of enrolment and export."""

from __future__ import annotations

import json

import pytest
from test_cli_bundles import MEETING, cheap_keys, county_files, enrol, offices, run  # noqa: F401  (fixtures)
from test_cli_keys import county_fingerprint

from fazhi_desktop.cli import main
from fazhi_desktop.core.bundle import keys as keymod

OLD, NEW = "口令是 correct horse", "a-new-county-passphrase"


def on_its_way(offices, capsys, tmp_path):
    """The county and the stick, on which the township enrolled at the county exported a meeting encrypted to the
    county's key in use (the one about to be replaced)."""
    county, town, usb = offices
    enrol(capsys, county, town, tmp_path)
    record = tmp_path / "meeting.json"
    record.write_text(json.dumps(MEETING, ensure_ascii=False), encoding="utf-8")
    assert main(["--db", str(town), "add", "meeting", "--json", str(record)]) == 0
    assert main(["--db", str(town), "export", "--to", str(usb)]) == 0
    capsys.readouterr()
    return county, usb


def test_the_county_replaces_its_key_and_a_bundle_on_its_way_still_imports(offices, capsys, tmp_path, monkeypatch):
    county, usb = on_its_way(offices, capsys, tmp_path)

    code, _, err = run(capsys, "--db", str(county), "keys", "init")
    assert code == 1 and "县级密钥已存在" in err and "--replace" in err
    monkeypatch.setenv("FAZHI_PASSPHRASE", NEW)
    code, out, err = run(capsys, "--db", str(county), "keys", "init", "--replace")
    assert code == 2 and "FAZHI_OLD_PASSPHRASE" in err and "--old-passphrase-forgotten" in err
    assert keymod.REPLACING_COUNTY.splitlines()[0] in out  # said before it asks
    monkeypatch.setenv("FAZHI_OLD_PASSPHRASE", OLD)
    code, out, _ = run(capsys, "--db", str(county), "keys", "init", "--replace")
    assert code == 0 and "旧密钥保留在密钥文件夹中（改用新口令加密）" in out and "已创建县级密钥" in out
    code, out, _ = run(capsys, "--db", str(county), "import", str(usb))
    assert code == 0 and "用本县旧密钥打开（乡镇还在用旧的县级公钥）" in out


def test_the_help_of_replace_speaks_of_the_county_too(capsys):
    with pytest.raises(SystemExit):
        main(["keys", "init", "--help"])
    said = capsys.readouterr().out
    assert "县级：各乡镇须换用新的县级公钥文件" in said and "--old-passphrase-forgotten" in said


def test_the_old_county_fingerprint_read_out_is_said_as_such(offices, capsys, tmp_path, monkeypatch):
    county, town, _ = offices
    old_fingerprint = county_fingerprint(tmp_path)
    monkeypatch.setenv("FAZHI_OLD_PASSPHRASE", OLD)
    assert main(["--db", str(county), "keys", "init", "--replace"]) == 0
    assert main(["--db", str(county), "keys", "enrolment", "-o", str(tmp_path / "新.txt")]) == 0
    capsys.readouterr()
    code, _, err = run(capsys, "--db", str(town), "county-key", "add", str(tmp_path / "新.txt"), "--replace",
                       "--fingerprint", old_fingerprint)
    assert code == 1 and "核对的是原来的县级公钥的指纹：请县里读出新指纹" in err and "未添加" in err


def test_changing_the_county_passphrase_speaks_of_import_and_receipts(offices, capsys, monkeypatch):
    county, _, _ = offices
    monkeypatch.setenv("FAZHI_NEW_PASSPHRASE", NEW)
    code, out, _ = run(capsys, "--db", str(county), "keys", "passphrase")
    assert code == 0 and "导入数据包和写回执时请用新口令" in out
    assert "登记" not in out and "导出" not in out
    with pytest.raises(SystemExit):
        main(["keys", "--help"])
    assert "导入和写回执时用新口令" in capsys.readouterr().out


def test_replacing_with_the_old_passphrase_forgotten_says_what_becomes_of_bundles_on_their_way(
        offices, capsys, tmp_path, monkeypatch):
    """Its copy sealed to the backup key keeps the old key: the recovery code brings it back, and the bundle on its
    way imports. Before, the new copy left it out, and the code set a new passphrase for the new key only."""
    from fazhi_desktop.core.backup import sealing

    county, usb = on_its_way(offices, capsys, tmp_path)
    monkeypatch.setenv("FAZHI_PASSPHRASE", NEW)
    code, out, _ = run(capsys, "--db", str(county), "keys", "init", "--replace", "--old-passphrase-forgotten")
    assert code == 0 and "忘记了原口令：旧密钥仍在用备份恢复码另存的那一份中" in out
    assert "keys passphrase --recovery-code" in out
    monkeypatch.setenv("FAZHI_NEW_PASSPHRASE", NEW)
    code, out, _ = run(capsys, "--db", str(county), "keys", "passphrase", "--recovery-code",
                       sealing.load_key(county).code)
    assert code == 0, out
    code, out, _ = run(capsys, "--db", str(county), "import", str(usb))
    assert code == 0 and "用本县旧密钥打开（乡镇还在用旧的县级公钥）" in out
