# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The county's key at a township: one key held, a different one only in place of it (never beside it, where it
could read every bundle), its name and fingerprint as the county shows them, and every other file picked instead
named as what it is, a private key never stored."""

from __future__ import annotations

import json

import pyrage
import pytest
from bundle_world import COUNTY_PASS, TOWN_PASS, county_template, decrypt, world  # noqa: F401  (fixtures)
from pyrage import x25519

from fazhi_desktop.core.bundle import county_key, minisign
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import BundleError, keys_dir, read_text


def other_county_file(office: str = "海原县司法局（640522）") -> tuple[x25519.Identity, keymod.CountyPublic, str]:
    """Another county key: the county made a new one, or someone put a file of theirs on the stick."""
    identity = x25519.Identity.generate()
    public = keymod.CountyPublic("640522", "海原县司法局", str(identity.to_public()),
                                 minisign.SecretKey.generate().public)
    return identity, public, public.file_text().replace("海原县司法局（640522）", office)


def test_a_different_county_key_is_never_added_beside_the_one_held(world):
    town = world.town()
    _, other, text = other_county_file("别人的公钥（000000）")
    with pytest.raises(BundleError) as refused:
        county_key.add_county_keys(town.store, text, "杨芳", "fake.txt")
    assert str(refused.value) == (
        f"本所已保存县级公钥：海原县司法局（640522）\n    指纹 {world.public.fingerprint}\n\n"
        f"fake.txt 中是另一把：别人的公钥（000000）\n    指纹 {other.fingerprint}\n\n"
        "替换后，数据包只加密给新的县级公钥，旧的不再使用。只在县司法局告知已重新创建密钥时替换。\n未添加。")
    held = keymod.county_keys_known(town.store)
    assert held.recipients == [world.public.recipient] and held.signing == [world.public.signing]


def test_a_new_county_key_replaces_the_old_one_and_bundles_are_encrypted_to_it_alone(world, valid_record):
    town = world.town()
    identity, other, text = other_county_file()
    change = county_key.county_key_change(town.store, text, "县级公钥-640522.txt")
    assert change.replaces and not change.same
    held = county_key.add_county_keys(town.store, text, "杨芳", "县级公钥-640522.txt", replace=True)
    assert (held.recipients, held.signing, held.fingerprint) == ([other.recipient], [other.signing], other.fingerprint)
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    bundle = world.export(town).path
    assert bundle.read_bytes().count(b"\n-> X25519 ") == 1  # one recipient: the new county key
    assert decrypt(bundle, identity)
    with pytest.raises(pyrage.DecryptError):
        decrypt(bundle, world.keys.identity)


def test_adding_the_county_key_held_again_changes_nothing(world):
    town = world.town()
    change = county_key.county_key_change(town.store, world.public.file_text(), "县级公钥.txt")
    assert change.same and not change.replaces
    assert change.same_text == (f"本所已保存这把县级公钥（海原县司法局（640522），指纹 {world.public.fingerprint}），"
                                "无需重复添加。")
    before = town.store.conn.execute("SELECT * FROM county_keys").fetchall()
    county_key.add_county_keys(town.store, world.public.file_text(), "杨芳")
    assert town.store.conn.execute("SELECT * FROM county_keys").fetchall() == before


def test_keys_piled_up_by_an_earlier_version_are_said_and_replaced_by_the_county_file(world):
    town = world.town()
    _, other, _ = other_county_file()
    town.store.conn.execute("INSERT INTO county_keys (kind, value, added_at, added_by) VALUES ('age', ?, '', '')",
                            [other.recipient])  # what `county-key add fake.txt` did before
    held = keymod.county_keys_known(town.store)
    assert held.fingerprint is None
    assert county_key.held_text(held).startswith("县级公钥：保存了加密公钥 2 个、回执签名公钥 1 个")
    county_key.add_county_keys(town.store, world.public.file_text(), "杨芳", replace=True)
    assert keymod.county_keys_known(town.store).recipients == [world.public.recipient]


def test_the_county_key_held_shows_the_countys_name_and_fingerprint_and_can_be_removed(world):
    town = world.town()
    assert county_key.held_text(keymod.county_keys_known(town.store)) == (
        f"县级公钥：海原县司法局（640522），2026-06-01 添加\n县级公钥指纹：{world.public.fingerprint}")
    assert county_key.remove_county_keys(town.store) == 2
    assert county_key.held_text(keymod.county_keys_known(town.store)).startswith("县级公钥：尚未添加")


def test_a_county_key_file_whose_stated_fingerprint_differs_is_refused(world):
    _, other, _ = other_county_file()
    text = world.public.file_text().replace(world.public.fingerprint, other.fingerprint)
    with pytest.raises(BundleError, match=r"文件中写的指纹.*与其中的公钥不符，文件可能被改动"):
        county_key.parse_county_keys(text, "县级公钥.txt")


def test_half_a_county_key_is_refused_since_its_fingerprint_cannot_be_compared(world):
    with pytest.raises(BundleError, match=r"缺少回执签名公钥（以 RW 开头的一行）.*县司法局的指纹由两行一起算出"):
        county_key.parse_county_keys(world.public.recipient, "粘贴的文字")
    with pytest.raises(BundleError, match="缺少加密公钥（以 age1 开头的一行）"):
        county_key.parse_county_keys(world.public.signing.file_text(), "county-sign.pub")


def refusal(store, path) -> str:
    with pytest.raises(BundleError) as refused:
        county_key.county_key_change(store, read_text(path), path.name)
    return str(refused.value)


def test_the_townships_own_enrolment_file_is_named_as_such(world, tmp_path):
    town = world.town("640522101")
    path = tmp_path / "登记-640522101.json"
    keymod.write_enrolment(town.store, path)
    said = refusal(town.store, path)
    assert said.startswith("登记-640522101.json 是本所自己的登记文件，应交给县司法局登记，不是县级公钥。")
    assert "县级公钥-640522.txt" in said and "age" not in said.replace("age1", "")


def test_the_countys_private_keys_are_named_secret_never_stored_and_the_county_must_be_told(world, tmp_path):
    town = world.town()
    folder = keys_dir(world.county)
    said = refusal(town.store, folder / keymod.COUNTY_IDENTITY)  # the identity file, encrypted
    assert said.startswith("county-identity.age 是县司法局的私钥（用口令加密保存的县级私钥），不是这里要的文件。")
    assert "请立即告知县司法局" in said and "重新创建密钥" in said and "数据包" not in said
    opened = pyrage.passphrase.decrypt((folder / keymod.COUNTY_IDENTITY).read_bytes(), COUNTY_PASS)
    (tmp_path / "key.txt").write_bytes(opened)  # as `age -d county-identity.age > key.txt` leaves it
    said = refusal(town.store, tmp_path / "key.txt")
    assert said.startswith("key.txt 是县司法局的私钥（没有加密），不是县级公钥，本所不会保存它。")
    assert "请立即告知县司法局" in said and "这个文件请删除" in said
    said = refusal(town.store, folder / keymod.COUNTY_SECRET)
    assert said.startswith("county-sign.key 是签名私钥") and "不得拷到U盘" in said and "不是 minisign 公钥" not in said
    assert keymod.county_keys_known(town.store).recipients == [world.public.recipient]  # nothing stored


def test_other_text_is_refused_in_plain_words(world, tmp_path):
    town = world.town()
    (tmp_path / "random.txt").write_text("随便写的一行字\n", encoding="utf-8")
    said = refusal(town.store, tmp_path / "random.txt")
    assert said.startswith("random.txt 第 1 行不是县级公钥") and "minisign" not in said and "age 公钥" not in said
    (tmp_path / "receipt.json").write_text(json.dumps({"format": "fazhi-receipt/1"}), encoding="utf-8")
    assert refusal(town.store, tmp_path / "receipt.json").startswith("receipt.json 是数据文件，不是县级公钥。")
    with pytest.raises(BundleError, match="“age1notakey…”以 age1 开头，但不是有效的加密公钥"):
        county_key.parse_county_keys("age1notakey\n" + world.public.signing.base64(), "粘贴的文字")


def test_a_township_key_in_the_passphrase_format_is_not_taken_for_the_countys(world):
    town = world.town()
    text = read_text(keys_dir(town.store) / keymod.TOWNSHIP_SECRET)
    assert keymod.unlock_township_key(town.store, TOWN_PASS)  # the township's own secret key file
    with pytest.raises(BundleError, match="是签名私钥"):
        county_key.parse_county_keys(text, "township.key")


def test_a_county_key_pasted_from_a_wechat_message_is_read_as_the_clerk_sees_it():
    """Refused before, some as "第 1 行不是县级公钥" for a line that visibly starts with age1."""
    _, public, text = other_county_file()
    age, rw = public.recipient, public.signing.base64()
    fingerprint_note = f"# 指纹：{public.fingerprint}"
    for pasted in (f"{age[:30]}\n{age[30:]}\n{rw}",  # a line break inside a key
                   f"{age}\n{rw[:20]}\r\n{rw[20:]}",
                   f"\u200b{age}\n{rw}\u200b",  # a zero-width space before age1
                   text.replace("#", "＃"),  # full-width ＃ on the comment lines
                   text.replace(fingerprint_note, fingerprint_note[:-5] + "\n" + fingerprint_note[-4:])):
        keys = county_key.parse_county_keys(pasted, "粘贴的文字")
        assert (keys.recipients, keys.signing, keys.fingerprint) == ([age], [public.signing], public.fingerprint)
    assert county_key.parse_county_keys(text.replace("#", "＃"), "粘贴的文字").office == "海原县司法局（640522）"
    wrapped_wrong = text.replace(fingerprint_note, fingerprint_note[:-5] + "\n" + "0000")
    with pytest.raises(BundleError, match=r"文件中写的指纹.*与其中的公钥不符"):
        county_key.parse_county_keys(wrapped_wrong, "粘贴的文字")
    with pytest.raises(BundleError, match=r"^粘贴的文字 第 1 行：“.{16}…”以 age1 开头，但不是有效的加密公钥"):
        county_key.parse_county_keys(f"{age[:40]}\n{rw}", "粘贴的文字")  # half a key is still half a key


def test_a_county_key_file_resaved_in_notepad_is_read_and_other_bytes_are_named(tmp_path):
    """Notepad's "Unicode" (UTF-16) and "ANSI" (GBK) were refused as "不是文字文件（UTF-8）"."""
    _, public, text = other_county_file()
    for encoding in ("utf-16", "utf-16-be", "utf-8-sig", "gbk"):
        path = tmp_path / f"县级公钥-{encoding}.txt"
        data = text.encode(encoding)
        path.write_bytes(b"\xfe\xff" + data if encoding == "utf-16-be" else data)
        keys = county_key.parse_county_keys(read_text(path), path.name)
        assert (keys.fingerprint, keys.office) == (public.fingerprint, "海原县司法局（640522）")
    (tmp_path / "坏.txt").write_bytes(b"\x80\xff\xfe\x00" * 8)
    with pytest.raises(BundleError) as refused:
        read_text(tmp_path / "坏.txt")
    assert str(refused.value) == (f"无法读取 {tmp_path / '坏.txt'}：文件被另存成了其他编码（如记事本的“ANSI”），"
                                  "请使用对方发来的原文件")
