# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""Keys: minisign's formats (both ways with the minisign program), the township key, the county's keys, enrolment
with fingerprints, revocation, and the county keys a township is given."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess

import pytest
from bundle_world import COUNTY_PASS, LOW_COST, TOWN_PASS, county_template, world  # noqa: F401  (fixtures)
from pyrage import x25519

from fazhi_desktop.core import paths
from fazhi_desktop.core.bundle import county_key, minisign
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import BundleError, keys_dir
from fazhi_desktop.core.errors import PermissionDenied
from fazhi_desktop.core.setup import init_database

needs_minisign = pytest.mark.skipif(shutil.which("minisign") is None,
                                    reason="the minisign program is not installed (apt-get install minisign)")


@pytest.fixture
def township(tmp_path, ledgers, clock):
    store = init_database(tmp_path / "office.db", "640522100", office="海城镇司法所", ledgers=ledgers, clock=clock)
    yield store
    store.close()


# -- minisign's formats ----------------------------------------------------------------------------------------------


def test_a_signature_verifies_and_any_change_to_message_or_comment_fails():
    secret = minisign.SecretKey.generate()
    text = secret.sign(b"tag manifest", "township=640522100 sequence=1", "fazhi")
    assert secret.public.verify(b"tag manifest", text) == "township=640522100 sequence=1"
    with pytest.raises(minisign.MinisignError, match="签名无效"):
        secret.public.verify(b"tag manifesT", text)
    with pytest.raises(minisign.MinisignError, match="可信注释"):
        secret.public.verify(b"tag manifest", text.replace("sequence=1", "sequence=2"))
    with pytest.raises(minisign.MinisignError, match="不同"):
        minisign.SecretKey.generate().public.verify(b"tag manifest", text)


def test_a_signature_file_is_parsed_strictly():
    text = minisign.SecretKey.generate().sign(b"x", "t", "u")
    lines = text.split("\n")
    last = lines[3]
    loose = last[:-3] + chr(ord(last[-3]) ^ 1) + last[-2:]  # base64 whose unused bits differ: same bytes
    for bad in (text.rstrip("\n"), text + "\n", text.replace("\n", "\r\n"),
                "\n".join([lines[0], lines[1] + " ", *lines[2:]]), "\n".join([*lines[:3], loose, ""])):
        with pytest.raises(minisign.MinisignError):
            minisign.Signature.parse(bad)
    assert minisign.Signature.parse(text).text() == text


def test_the_secret_key_file_is_encrypted_and_opens_only_with_the_passphrase():
    secret = minisign.SecretKey.generate()
    text = secret.encrypted_file_text("正确的口令 123", LOW_COST)
    assert secret.seed.hex() not in text and minisign.base64.b64encode(secret.seed).decode() not in text
    assert minisign.unlock_secret_key(text, "正确的口令 123") == secret
    with pytest.raises(minisign.MinisignError, match="口令不对"):
        minisign.unlock_secret_key(text, "错误的口令 123")


def test_scrypt_parameters_match_libsodium():
    assert minisign.scrypt_parameters(33554432, 1073741824) == (20, 8, 1)  # minisign's own default
    assert minisign.scrypt_parameters(*minisign.DEFAULT_COST) == (17, 8, 1)
    assert minisign.scrypt_parameters(*LOW_COST) == (10, 8, 1)


def test_a_key_file_asking_for_absurd_work_is_refused():
    secret = minisign.SecretKey.generate()
    with pytest.raises(minisign.MinisignError, match="计算量"):
        minisign.unlock_secret_key(secret.encrypted_file_text("pw", (1 << 40, 1 << 40)), "pw")


@needs_minisign
def test_minisign_verifies_our_signature_with_our_public_key_file(tmp_path):
    secret = minisign.SecretKey.generate()
    (tmp_path / "m.txt").write_bytes(b"hello\n")
    (tmp_path / "m.txt.minisig").write_text(secret.sign(b"hello\n", "fazhi test", "fazhi"))
    (tmp_path / "k.pub").write_text(secret.public.file_text())
    result = subprocess.run(["minisign", "-Vm", "m.txt", "-p", "k.pub"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Trusted comment: fazhi test" in result.stdout
    (tmp_path / "m.txt").write_bytes(b"hellO\n")
    assert subprocess.run(["minisign", "-Vm", "m.txt", "-p", "k.pub"], cwd=tmp_path, capture_output=True).returncode


@needs_minisign
def test_minisign_signs_with_our_encrypted_secret_key(tmp_path):
    secret = minisign.SecretKey.generate()
    (tmp_path / "k.key").write_text(secret.encrypted_file_text("口令 for minisign", LOW_COST))
    (tmp_path / "m.txt").write_bytes(b"data\n")
    result = subprocess.run(["minisign", "-S", "-s", "k.key", "-m", "m.txt", "-t", "by minisign"], cwd=tmp_path,
                            input="口令 for minisign\n", capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert secret.public.verify(b"data\n", (tmp_path / "m.txt.minisig").read_text()) == "by minisign"


@needs_minisign
def test_we_open_a_key_made_by_minisign(tmp_path):
    subprocess.run(["minisign", "-G", "-p", "k.pub", "-s", "k.key"], cwd=tmp_path, input="pw\npw\n", text=True,
                   capture_output=True, check=True)
    secret = minisign.unlock_secret_key((tmp_path / "k.key").read_text(), "pw")
    assert secret.public == minisign.parse_public_key((tmp_path / "k.pub").read_text())


# -- the township's key ----------------------------------------------------------------------------------------------


def test_township_key_is_made_encrypted_and_readable_only_by_the_owner(township):
    key = keymod.init_township_key(township, TOWN_PASS, cost=LOW_COST)
    folder = keys_dir(township)
    assert folder == township.path.with_name("office-keys")
    secret_file = folder / keymod.TOWNSHIP_SECRET
    assert "encrypted secret key" in secret_file.read_text()
    if os.name == "posix":
        assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    unlocked = keymod.unlock_township_key(township, TOWN_PASS)
    assert unlocked.public == key.public
    assert unlocked.seed.hex() not in secret_file.read_text()
    with pytest.raises(BundleError, match="口令不对"):
        keymod.unlock_township_key(township, "not the passphrase")
    assert not list(folder.glob("*.part"))


def test_a_forgotten_passphrase_is_told_the_way_out_and_only_a_head_or_admin_replaces_the_key(township):
    """口令不对 alone left a clerk with a forgotten passphrase stuck: no export, and no word of 更换密钥."""
    from fazhi_desktop.core import accounts

    key = keymod.init_township_key(township, TOWN_PASS, cost=LOW_COST)
    township.user = accounts.add_account(township, "admin", None, "管理员", "mima-2026")  # real accounts: each is
    staff = {role: accounts.add_account(township, name, None, label, "mima-2026")  # read again at every check
             for role, name, label in (("clerk", "马丽", "录入员"), ("head", "杨芳", "所长"))}
    township.user = staff["clerk"]
    with pytest.raises(BundleError) as refused:
        keymod.unlock_township_key(township, "forgotten passphrase")
    assert str(refused.value).endswith(
        "口令不对（或私钥文件已损坏）。忘记了口令：请所长或管理员在“数据交换 → 密钥与登记”中点“更换密钥”，设置新口令"
        "（命令行：fazhi keys init --replace），之后须把新的登记文件交县司法局，电话核对指纹后重新登记")
    with pytest.raises(PermissionDenied, match="录入员无权管理密钥与登记"):
        keymod.init_township_key(township, "a new passphrase", replace=True, cost=LOW_COST)
    assert keymod.township_key(township) == key
    township.user = staff["head"]
    assert keymod.init_township_key(township, "a new passphrase", replace=True, cost=LOW_COST).public != key.public
    assert keymod.unlock_township_key(township, "a new passphrase")


def test_a_short_passphrase_is_refused(township):
    with pytest.raises(BundleError, match="至少需要 8 个字符"):
        keymod.init_township_key(township, "short", cost=LOW_COST)
    assert keymod.township_key(township) is None


def test_an_existing_key_is_not_replaced_by_accident(township):
    first = keymod.init_township_key(township, TOWN_PASS, cost=LOW_COST)
    with pytest.raises(BundleError, match="不会覆盖"):
        keymod.init_township_key(township, TOWN_PASS, cost=LOW_COST)
    second = keymod.init_township_key(township, TOWN_PASS, replace=True, cost=LOW_COST)
    assert second.public != first.public


def test_fingerprint_is_eight_groups_of_four_and_comparison_forgives_spacing(township):
    key = keymod.init_township_key(township, TOWN_PASS, cost=LOW_COST)
    groups = key.fingerprint.split(" ")
    assert len(groups) == 8 and all(len(g) == 4 and all(c in "0123456789ABCDEF" for c in g) for g in groups)
    assert keymod.same_fingerprint(key.fingerprint.lower().replace(" ", "-"), key.fingerprint)
    assert not keymod.same_fingerprint(key.fingerprint[:-1] + "0" if key.fingerprint[-1] != "0" else
                                       key.fingerprint[:-1] + "1", key.fingerprint)


def test_a_fingerprint_heard_on_the_phone_may_be_typed_with_the_letters_o_i_and_l():
    shown = "AE7A 409E 1E2A C9F5 0ED3 DC43 0CD6 1AE1"
    assert keymod.same_fingerprint("ae7a409e1e2ac9f5Oed3dc43Ocd6lae1", shown)  # O for 零, l for 一
    assert keymod.same_fingerprint("AE7A 4O9E IE2A C9F5 oED3 DC43 0CD6 1AE1", shown)
    assert keymod.same_fingerprint("ＡＥ７Ａ　409E 1E2A C9F5 0ED3 DC43 0CD6 1AE1", shown)  # typed full-width
    assert not keymod.same_fingerprint("AE7A 409E 1E2A C9F5 0ED3 DC43 0CD6 1AE7", shown)


def test_the_enrolment_file_carries_the_public_key_only(township, tmp_path):
    key = keymod.init_township_key(township, TOWN_PASS, cost=LOW_COST)
    keymod.write_enrolment(township, tmp_path / "登记.json")
    data = json.loads((tmp_path / "登记.json").read_text(encoding="utf-8"))
    assert data == {"format": "fazhi-enrolment/1", "app_version": paths.app_version(), "township": "640522100",
                    "office": "海城镇司法所",
                    "public_key": key.public.base64(), "key_id": key.public.key_id_hex,
                    "fingerprint": key.fingerprint, "created": "2026-06-01T08:00:00Z"}
    secret = keymod.unlock_township_key(township, TOWN_PASS)
    assert secret.seed.hex() not in json.dumps(data)
    assert keymod.read_enrolment(tmp_path / "登记.json") == key


def test_an_enrolment_file_resaved_in_notepad_as_ansi_or_unicode_is_read(township, tmp_path):
    """Refused before as "不是文字文件（UTF-8）": the office name is Chinese, so "ANSI" (GBK) changes its bytes."""
    key = keymod.init_township_key(township, TOWN_PASS, cost=LOW_COST)
    keymod.write_enrolment(township, tmp_path / "登记.json")
    text = (tmp_path / "登记.json").read_text(encoding="utf-8")
    for encoding in ("gbk", "utf-16"):
        (tmp_path / f"{encoding}.json").write_text(text, encoding=encoding)
        assert keymod.read_enrolment(tmp_path / f"{encoding}.json") == key


def test_an_enrolment_file_whose_fingerprint_does_not_match_its_key_is_refused(township, tmp_path):
    keymod.init_township_key(township, TOWN_PASS, cost=LOW_COST)
    keymod.write_enrolment(township, tmp_path / "e.json")
    data = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    data["public_key"] = minisign.SecretKey.generate().public.base64()
    (tmp_path / "e.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(BundleError, match="指纹与公钥不符"):
        keymod.read_enrolment(tmp_path / "e.json")
    (tmp_path / "x.json").write_text("{}", encoding="utf-8")
    with pytest.raises(BundleError, match="不是法治台账的密钥登记文件"):
        keymod.read_enrolment(tmp_path / "x.json")


# -- the county's side -------------------------------------------------------------------------------------------------


def test_the_county_identity_file_is_age_encrypted(world):
    folder = keys_dir(world.county)
    identity = (folder / keymod.COUNTY_IDENTITY).read_bytes()
    assert identity.startswith(b"age-encryption.org/v1\n-> scrypt ")
    assert b"AGE-SECRET-KEY" not in identity
    assert str(world.keys.identity) not in (folder / keymod.COUNTY_RECIPIENT).read_text()
    with pytest.raises(BundleError, match="口令不对") as refused:
        keymod.unlock_county_keys(world.county, "wrong passphrase")
    # the file alone on its line: a 。 after it was copied with it
    assert str(folder / keymod.COUNTY_IDENTITY) in str(refused.value).splitlines()


@pytest.mark.real_age_cost
def test_the_county_identity_is_locked_at_ages_own_work_factor(tmp_path, ledgers, clock):
    """What a thief of the county's PC must guess the passphrase through: age's own scrypt work factor (about a
    second a guess), not the low one every other test writes its files at (tests/age_low_cost.py)."""
    county = init_database(tmp_path / "county.db", "640522", county=True, office="海原县司法局", ledgers=ledgers,
                           clock=clock)
    keymod.init_county_keys(county, COUNTY_PASS, cost=LOW_COST)
    stanza = (keys_dir(county) / keymod.COUNTY_IDENTITY).read_bytes().split(b"\n")[1].split()
    assert stanza[:2] == [b"->", b"scrypt"] and int(stanza[3]) >= 16
    assert keymod.unlock_county_keys(county, COUNTY_PASS).public.recipient == keymod.county_public(county).recipient
    county.close()


def test_enrolment_revocation_and_replacement(world):
    town = world.town("640522101", enrol=False)
    key = keymod.township_key(town.store)
    assert keymod.enrol(world.county, key, "县级") == []
    [held] = keymod.enrolled_keys(world.county, "640522101")
    assert held.active and held.fingerprint == key.fingerprint
    new = keymod.init_township_key(town.store, TOWN_PASS, replace=True, cost=LOW_COST)
    assert keymod.enrol(world.county, new, "县级", replace=True) == [key.public.key_id_hex]  # the old key stops working
    assert [k.active for k in keymod.enrolled_keys(world.county, "640522101")] == [False, True]
    assert keymod.revoke(world.county, "640522101", "县级") == [new.public.key_id_hex]
    with pytest.raises(BundleError, match="没有可吊销"):
        keymod.revoke(world.county, "640522101", "县级")
    with pytest.raises(BundleError, match="已被吊销"):
        keymod.enrol(world.county, new, "县级")


def test_a_second_key_for_a_township_is_enrolled_only_when_replacing_its_working_key_is_meant(world):
    town = world.town("640522101")
    working = keymod.township_key(town.store)
    new = keymod.init_township_key(town.store, TOWN_PASS, replace=True, cost=LOW_COST)
    plan = keymod.plan_enrolment(world.county, new)
    assert plan.replacing_text == (f"李旺镇（640522101）已有有效密钥 {working.public.key_id_hex}（登记于 2026-06-01）。"
                                   f"登记新密钥 {new.public.key_id_hex} 会吊销它，之后用旧密钥签名的数据包将被拒收。")
    with pytest.raises(BundleError, match=r"已有有效密钥.*未登记"):
        keymod.enrol(world.county, new, "县级")
    assert [(k.key_id, k.active) for k in keymod.enrolled_keys(world.county, "640522101")] == [
        (working.public.key_id_hex, True)]


def test_enrolling_the_same_key_again_says_when_it_was_enrolled_and_changes_nothing(world):
    town = world.town("640522101")
    key = keymod.township_key(town.store)
    before = keymod.enrolled_keys(world.county)
    plan = keymod.plan_enrolment(world.county, key)
    assert plan.enrolled is not None and plan.replaces == []
    assert plan.already_text == (f"此密钥（{key.public.key_id_hex}）已于 2026-06-01 登记给李旺镇司法所（640522101），"
                                 "无需重复登记。")
    assert plan.other_file_text == (f"这份登记文件中的密钥 {key.public.key_id_hex} 已于 2026-06-01 登记过："
                                    "它是李旺镇（640522101）较早的登记文件（乡镇可能已更换密钥），或拿错了文件。"
                                    "请乡镇在“数据交换 → 密钥与登记 → 写出登记文件”中写出新的登记文件交来，再登记")
    assert keymod.enrol(world.county, key, "县级") == [] and keymod.enrolled_keys(world.county) == before


def test_a_key_of_another_county_is_not_enrolled(world):
    key = keymod.TownshipKey("640521100", "别县某乡", minisign.SecretKey.generate().public, "")
    with pytest.raises(BundleError, match="不属于本县"):
        keymod.enrol(world.county, key, "县级")


def test_a_damaged_enrolment_file_is_refused_saying_what_is_wrong(township, tmp_path):
    keymod.init_township_key(township, TOWN_PASS, cost=LOW_COST)
    path = tmp_path / "登记.json"
    keymod.write_enrolment(township, path)
    good = json.loads(path.read_text(encoding="utf-8"))
    for change, message in (({"township": "64052210"}, "乡镇代码“64052210”应为9位数字"),
                            ({"township": None}, "乡镇代码“”应为9位数字"),
                            ({"public_key": "RWnotakey"}, "公钥无效")):
        path.write_text(json.dumps({**good, **change}, ensure_ascii=False), encoding="utf-8")
        with pytest.raises(BundleError, match=message):
            keymod.read_enrolment(path)
    # a second township written below the first: which one was meant is not known (json kept the last, silently)
    path.write_text(json.dumps(good, ensure_ascii=False, indent=1)[:-2] + ',\n "township": "640522101"\n}',
                    encoding="utf-8")
    with pytest.raises(BundleError, match=r"不是有效的登记文件（第 \d+ 行：字段“township”出现两次）"):
        keymod.read_enrolment(path)
    path.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(BundleError, match="不是有效的登记文件（格式错误，第 1 行）"):
        keymod.read_enrolment(path)
    # the county's own public key file picked instead of the township's enrolment: said as such, in Chinese
    path.write_text(f"# 县级公钥\n{x25519.Identity.generate().to_public()}\n", encoding="utf-8")
    with pytest.raises(BundleError, match="是公钥或密钥文件，不是乡镇的登记文件"):
        keymod.read_enrolment(path)
    bundle = path.with_name("fazhi-640522100-000001.tar.age")
    bundle.write_bytes(b"age-encryption.org/v1\n-> X25519 abc\n" + bytes(range(256)))
    with pytest.raises(BundleError, match=r"是加密的数据包（\.tar\.age），不是这里要的文件"):
        keymod.read_enrolment(bundle)


def test_one_key_is_not_enrolled_for_two_townships(world):
    town = world.town("640522101")  # enrolled for 李旺镇
    key = keymod.township_key(town.store)
    with pytest.raises(BundleError, match="已登记给李旺镇（640522101）"):
        keymod.enrol(world.county, keymod.TownshipKey("640522100", "海城镇司法所", key.public, key.created), "县级")
    assert [k.township for k in keymod.enrolled_keys(world.county)] == ["640522101"]
    with pytest.raises(BundleError, match="只有县级数据库可以登记"):
        keymod.enrol(town.store, key, "杨芳")


def test_key_files_from_another_office_are_noticed(township, tmp_path, ledgers, clock):
    """Key files copied in from another install (or swapped by hand) are not used to sign."""
    keymod.init_township_key(township, TOWN_PASS, cost=LOW_COST)
    other = init_database(tmp_path / "other.db", "640522101", ledgers=ledgers, clock=clock)
    keymod.init_township_key(other, TOWN_PASS, cost=LOW_COST)
    ours, theirs = keys_dir(township), keys_dir(other)
    shutil.copy2(theirs / keymod.TOWNSHIP_SECRET, ours / keymod.TOWNSHIP_SECRET)
    with pytest.raises(BundleError, match="不是一对"):
        keymod.unlock_township_key(township, TOWN_PASS)
    shutil.copy2(theirs / keymod.TOWNSHIP_PUBLIC, ours / keymod.TOWNSHIP_PUBLIC)
    with pytest.raises(BundleError, match="与本数据库登记的密钥不一致"):
        keymod.unlock_township_key(township, TOWN_PASS)
    other.close()


def test_county_key_files_that_do_not_belong_together_are_noticed(world):
    folder = keys_dir(world.county)
    (folder / keymod.COUNTY_RECIPIENT).write_text(
        str(x25519.Identity.generate().to_public()) + "\n", encoding="utf-8")
    with pytest.raises(BundleError, match="不是一对"):
        keymod.unlock_county_keys(world.county, COUNTY_PASS)


def test_each_office_makes_only_its_own_kind_of_key(world, township):
    with pytest.raises(BundleError, match="县级数据库不需要乡镇签名密钥"):
        keymod.init_township_key(world.county, TOWN_PASS, cost=LOW_COST)
    with pytest.raises(BundleError, match="乡镇数据库不能创建县级密钥"):
        keymod.init_county_keys(township, TOWN_PASS, cost=LOW_COST)
    with pytest.raises(BundleError, match="县级密钥已存在"):
        keymod.init_county_keys(world.county, COUNTY_PASS, cost=LOW_COST)
    with pytest.raises(BundleError, match="县级公钥在乡镇的程序中添加"):
        county_key.add_county_keys(world.county, world.public.file_text(), "县级")


def test_the_township_computes_the_fingerprint_the_county_shows(world):
    town = world.town()
    assert keymod.county_keys_known(town.store).fingerprint == world.public.fingerprint
    assert f"# 指纹：{world.public.fingerprint}" in world.public.file_text()


def test_an_enrolment_file_edited_to_another_townships_code_is_refused(township, tmp_path, world):
    """The fingerprint covers the key alone: 海城镇's file with 李旺镇's code matched 海城镇's fingerprint read out on
    the phone, and 海城镇's key was then trusted for 李旺镇's bundles."""
    keymod.init_township_key(township, TOWN_PASS, cost=LOW_COST)
    path = tmp_path / "登记.json"
    keymod.write_enrolment(township, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "township": "640522101"}, ensure_ascii=False), encoding="utf-8")
    key = keymod.read_enrolment(path)
    assert key.fingerprint == data["fingerprint"] and key.code_text == "代码 640522101 是李旺镇（按区划名单）"
    with pytest.raises(BundleError, match="登记文件写的是海城镇司法所，但代码 640522101 是李旺镇"):
        keymod.plan_enrolment(world.county, key)
    with pytest.raises(BundleError, match="但代码 640522101 是李旺镇"):
        keymod.enrol(world.county, key, "县级")
    assert keymod.enrolled_keys(world.county) == []


def test_an_enrolment_is_refused_unless_its_office_names_the_place_of_its_code(world):
    public = minisign.SecretKey.generate().public
    for office in ("海城街道司法所", "司法所", ""):  # another place that begins the same, none at all
        with pytest.raises(BundleError, match="但代码 640522100 是海城镇"):
            keymod.plan_enrolment(world.county, keymod.TownshipKey("640522100", office, public, ""))
    with pytest.raises(BundleError, match="乡镇代码 640522199 不在区划名单中"):
        keymod.plan_enrolment(world.county, keymod.TownshipKey("640522199", "某乡司法所", public, ""))
    for office in ("海城镇司法所", "海原县海城镇司法所", "海城司法所"):  # 镇 left out is still 海城镇
        assert keymod.plan_enrolment(world.county, keymod.TownshipKey("640522100", office, public, "")).replaces == []
    assert keymod.plan_enrolment(world.county, keymod.TownshipKey("640522001", "海城街道司法所", public, ""))
