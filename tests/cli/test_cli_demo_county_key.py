"""`fazhi county-key add` with the county demo's key file on a real township: refused plainly, before any
fingerprint is asked, and nothing kept (its passphrase demo2026 is printed in README: a township that took it
encrypted its real records to a key anyone can open). A demo township takes it."""

from __future__ import annotations

from pyrage import x25519

from fazhi_desktop.cli import main
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle import minisign
from fazhi_desktop.core.store import Store


def held(path) -> list[str]:
    store = Store.open(path)
    try:
        return keymod.county_keys_known(store).recipients
    finally:
        store.close()


def test_a_real_township_refuses_the_county_demos_key_file(tmp_path, capsys):
    demo = keymod.CountyPublic("640522", "海原县司法局（演示）", str(x25519.Identity.generate().to_public()),
                               minisign.SecretKey.generate().public, demo=True)
    key_file = tmp_path / "县级公钥-640522.txt"
    key_file.write_text(demo.file_text(), encoding="utf-8")
    town = str(tmp_path / "town.db")
    assert main(["--db", town, "init", "--township", "640522101", "--operator", "王建国"]) == 0
    capsys.readouterr()
    assert main(["--db", town, "county-key", "add", str(key_file), "--yes"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{key_file}：这是县级演示数据库的公钥（海原县司法局（演示）），它的口令是公开的" in err
    assert "正式的乡镇不能使用。未添加。" in err
    assert held(tmp_path / "town.db") == []

    demo_town = str(tmp_path / "demo.db")  # a demonstration township (`fazhi demo` made it one) takes it
    assert main(["--db", demo_town, "init", "--township", "640522100", "--operator", "王建国"]) == 0
    store = Store.open(tmp_path / "demo.db")
    store.set_settings(demo="1")
    store.close()
    assert main(["--db", demo_town, "county-key", "add", str(key_file), "--yes"]) == 0
    assert held(tmp_path / "demo.db") == [demo.recipient]
