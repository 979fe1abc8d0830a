"""A restore from a backup made before a key was replaced brings the old key back: the restore says so, which key,
and the way on (a new key, enrolled or given out again), instead of letting the next export be refused unexplained."""

from __future__ import annotations

import errno
import os

from fazhi_desktop.core.backup import create_backup, restore
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.county_key import add_county_keys
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store

LOW_COST = (32768, 1 << 21)
PASS = "pass-phrase-1234"


def _county_file(tmp_path, name: str) -> tuple[str, str]:
    """A county's key file text and fingerprint (a county database of its own, closed again)."""
    county = init_database(tmp_path / f"{name}.db", "640522", county=True, office="海原县司法局")
    try:
        public = keymod.init_county_keys(county, PASS, cost=LOW_COST)
        return public.file_text(), public.fingerprint
    finally:
        county.close()


def _restored(store, tmp_path, clock, change) -> str:
    """Back up `store`, `change` it, restore the backup: what the restore says."""
    backup = create_backup(store.path, tmp_path / "usb", clock=clock).path
    clock.advance(hours=1)
    change()
    store.close()
    return "\n".join(restore(store.path, backup, "admin", clock=clock).lines())


def test_a_backup_from_before_the_township_replaced_its_key_says_the_old_key_comes_back(store, tmp_path, clock,
                                                                                           beijing_time):
    old = keymod.init_township_key(store, PASS, cost=LOW_COST).public.key_id_hex
    new = []

    def replace() -> None:  # 更换密钥, and its enrolment file written for the county
        new.append(keymod.init_township_key(store, PASS, replace=True, cost=LOW_COST).public.key_id_hex)
        keymod.write_enrolment(store, tmp_path / "登记.json")

    said = _restored(store, tmp_path, clock, replace)
    kept = next(p.name for p in tmp_path.iterdir() if p.name.endswith("-keys") and "before-restore" in p.name)
    assert (f"注意：备份中的签名密钥是旧的（编号 {old}，2026-06-01 创建），恢复后导出用的是它，而不是恢复前的密钥"
            f"（编号 {new[0]}）。县里登记新密钥时已吊销旧密钥的，用它导出的数据包会被拒收。恢复前的密钥文件保留在 "
            f"{kept} 中，但恢复的数据登记的是备份中的密钥，程序不能把恢复前的放回：请在“数据交换 → 密钥与登记”中点"
            "“更换密钥”（命令行：fazhi keys init --replace），把新的登记文件交县司法局，电话核对指纹后重新登记；"
            "未确认的变更会在下次导出时重新发送") in said


def test_a_backup_from_before_the_county_key_was_replaced_says_the_old_county_key_comes_back(store, tmp_path, clock):
    first, first_print = _county_file(tmp_path, "county1")
    second, second_print = _county_file(tmp_path, "county2")
    add_county_keys(store, first, "admin")
    said = _restored(store, tmp_path, clock, lambda: add_county_keys(store, second, "admin", replace=True))
    assert (f"注意：备份中的县级公钥是替换之前的（海原县司法局（640522），指纹 {first_print}），与恢复前的"
            f"（海原县司法局（640522），指纹 {second_print}）不同：县里更换密钥后，恢复后导出的数据包县里无法解密，"
            "县里的新回执本所也无法核验。"
            "请在“数据交换 → 密钥与登记”中重新添加县司法局的县级公钥文件（电话核对指纹）替换，再导出；"
            "未确认的变更会重新发送") in said
    assert "签名密钥" not in said  # the township's own key is not mentioned when it did not change


def test_a_county_backup_from_before_its_new_key_says_the_old_identity_comes_back(tmp_path, clock):
    county = init_database(tmp_path / "county.db", "640522", county=True, office="海原县司法局", clock=clock)
    old = keymod.init_county_keys(county, PASS, cost=LOW_COST).signing.key_id_hex
    new = []

    def replaced() -> None:  # the new key made and its public key file handed to the townships
        new.append(keymod.init_county_keys(county, PASS, replace=True, cost=LOW_COST).signing.key_id_hex)
        keymod.write_county_public(county, tmp_path / "县级公钥.txt")

    said = _restored(county, tmp_path, clock, replaced)
    assert f"注意：备份中的县级密钥是旧的（编号 {old}，" in said
    assert (f"不是恢复前的（编号 {new[0]}）：已换用新县级公钥文件的乡镇发来的数据包，恢复后无法解密，本县写的回执这些"
            "乡镇也无法核验。恢复前的密钥文件保留在 county-before-restore-") in said
    assert ("请在“数据交换 → 密钥与登记”中点“更换密钥”（命令行：fazhi keys init --replace），"
            "把新的县级公钥文件交各乡镇") in said


def test_a_backup_with_the_keys_in_use_says_nothing_of_keys(store, tmp_path, clock):
    keymod.init_township_key(store, PASS, cost=LOW_COST)
    add_county_keys(store, _county_file(tmp_path, "county1")[0], "admin")
    said = _restored(store, tmp_path, clock, lambda: None)
    assert "注意：" not in said and "密钥" not in said


def test_a_restore_onto_a_stick_that_keeps_no_permissions_brings_the_keys_back(store, tmp_path, clock, monkeypatch):
    """A database on a FAT stick under Linux: making the restored key files the user's alone is refused (EPERM).
    The files are whole; the restore went on instead of stopping with a traceback."""
    key = keymod.init_township_key(store, PASS, cost=LOW_COST).public.key_id_hex
    backup = create_backup(store.path, tmp_path / "usb", clock=clock).path
    store.close()

    def refused(path, mode, *args, **kwargs):
        raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), str(path))

    monkeypatch.setattr(os, "chmod", refused)
    said = "\n".join(restore(store.path, backup, "admin", clock=clock).lines())
    assert said.startswith(f"已恢复：{store.path}")
    monkeypatch.undo()
    reopened = Store.open(store.path)
    try:
        assert keymod.signing_key_id(reopened) == key
        keymod.unlock_township_key(reopened, PASS)  # the key file came back whole: exports can be signed
    finally:
        reopened.close()
