# ruff: noqa: F811  (pytest fixtures imported from test_cli_bundles.py)
"""Keys from the command line as a clerk and a technician use them: the county key compared by fingerprint and
replaced only when asked, a township's working key revoked only when asked, an enrolment repeated said as such."""

from __future__ import annotations

import json
import re

from pyrage import x25519
from test_cli_bundles import cheap_keys, county_files, enrol, offices, run  # noqa: F401  (fixtures)

from fazhi_desktop.cli import main
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle import minisign
from fazhi_desktop.core.store import Store


def county_fingerprint(county_files) -> str:
    text = (county_files / "县级公钥.txt").read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if line.startswith("# 指纹：")).removeprefix("# 指纹：")


def held(town) -> keymod.CountyKeyText:
    store = Store.open(town)
    try:
        return keymod.county_keys_known(store)
    finally:
        store.close()


def fake_county_file(tmp_path):
    public = keymod.CountyPublic("640522", "海原县司法局", str(x25519.Identity.generate().to_public()),
                                 minisign.SecretKey.generate().public)
    (tmp_path / "fake.txt").write_text(public.file_text(), encoding="utf-8")
    return public


def test_the_county_key_is_added_only_after_its_fingerprint_is_compared(tmp_path, county_files, capsys):
    town = str(tmp_path / "town.db")
    assert main(["--db", town, "init", "--township", "640522101", "--operator", "王建国"]) == 0
    county_file = str(county_files / "县级公钥.txt")
    fingerprint = county_fingerprint(county_files)
    code, _, err = run(capsys, "--db", town, "county-key", "add", county_file)
    assert code == 2 and "--fingerprint" in err and held(tmp_path / "town.db").recipients == []
    code, _, err = run(capsys, "--db", town, "county-key", "add", county_file, "--fingerprint", "6CC0 2234")
    assert code == 1 and f"指纹不符：{county_file} 中是 {fingerprint}" in err and err.rstrip().endswith("未添加")
    typed = fingerprint.replace("0", "O").lower()  # 零 heard on the phone, typed as the letter o
    code, out, err = run(capsys, "--db", town, "county-key", "add", county_file, "--fingerprint", typed)
    assert code == 0, err
    assert out.splitlines() == ["单位：海原县司法局（640522）", f"指纹：{fingerprint}",
                                "已添加县级公钥：现在保存加密公钥 1 个，回执签名公钥 1 个"]
    code, out, _ = run(capsys, "--db", town, "county-key", "add", county_file)
    assert code == 0 and out.splitlines()[-1].endswith("无需重复添加。")


def test_another_county_key_is_refused_without_replace_and_then_replaces_the_old_one(offices, county_files,
                                                                                      tmp_path, capsys):
    _, town, _ = offices
    fake = fake_county_file(tmp_path)
    code, _, err = run(capsys, "--db", str(town), "county-key", "add", str(tmp_path / "fake.txt"), "--yes")
    assert code == 1
    assert f"本所已保存县级公钥：海原县司法局（640522）\n    指纹 {county_fingerprint(county_files)}" in err
    assert f"fake.txt 中是另一把：海原县司法局（640522）\n    指纹 {fake.fingerprint}" in err
    assert "加 --replace 再运行一次；未添加" in err
    assert held(town).recipients != [fake.recipient] and len(held(town).recipients) == 1
    code, out, err = run(capsys, "--db", str(town), "county-key", "add", str(tmp_path / "fake.txt"), "--replace",
                         "--fingerprint", fake.fingerprint)
    assert code == 0, err
    assert out.splitlines()[-1] == "已替换县级公钥：现在保存加密公钥 1 个，回执签名公钥 1 个"
    assert (held(town).recipients, held(town).signing) == ([fake.recipient], [fake.signing])
    code, out, _ = run(capsys, "--db", str(town), "keys", "show")
    assert f"县级公钥指纹：{fake.fingerprint}" in out


def test_a_private_key_given_as_the_county_key_is_named_and_not_stored(offices, county_files, capsys):
    _, town, _ = offices
    identity = county_files / "county-keys" / keymod.COUNTY_IDENTITY
    code, _, err = run(capsys, "--db", str(town), "county-key", "add", str(identity), "--yes", "--replace")
    assert code == 1 and "county-identity.age 是县司法局的私钥" in err and "请立即告知县司法局" in err
    assert "数据包" not in err


def test_a_second_key_for_a_township_revokes_the_working_one_only_with_replace(offices, tmp_path, capsys):
    county, town, _ = offices
    enrol(capsys, county, town, tmp_path)
    first = json.loads((tmp_path / "登记.json").read_text(encoding="utf-8"))["key_id"]
    assert main(["--db", str(town), "keys", "init", "--replace"]) == 0
    assert main(["--db", str(town), "keys", "enrolment", "-o", str(tmp_path / "登记2.json")]) == 0
    capsys.readouterr()
    code, _, err = run(capsys, "--db", str(county), "enrol", str(tmp_path / "登记2.json"), "--yes")
    assert code == 1 and f"海城镇（640522100）已有有效密钥 {first}（登记于 " in err
    assert "之后用旧密钥签名的数据包将被拒收" in err and "加 --replace 再运行一次；未登记" in err
    code, out, _ = run(capsys, "--db", str(county), "keys", "show")
    assert out.count("有效") == 1 and first in out
    code, out, _ = run(capsys, "--db", str(county), "enrol", str(tmp_path / "登记2.json"), "--yes", "--replace")
    assert code == 0 and f"该乡镇原有的密钥 {first} 已吊销" in out
    code, out, _ = run(capsys, "--db", str(county), "keys", "show")  # why it was revoked: not stolen, replaced
    assert f"密钥 {first}  指纹 " in out and "  已吊销（更换）20" in out


def test_a_revoke_without_yes_names_the_key_and_revokes_nothing(offices, tmp_path, capsys):
    """A mistyped code revoked a working key at once, for good (exit 0): re-enrolling it is refused, and bundles on
    their way with it too."""
    county, town, _ = offices
    fingerprint = enrol(capsys, county, town, tmp_path)
    key_id = json.loads((tmp_path / "登记.json").read_text(encoding="utf-8"))["key_id"]
    code, out, err = run(capsys, "--db", str(county), "revoke", "海城镇")
    assert code == 1
    assert out.splitlines()[0] == "将吊销海城镇（640522100）的签名密钥："
    assert f"640522100 海城镇司法所  密钥 {key_id}  指纹 {fingerprint}  登记于 " in out.splitlines()[1]
    assert "吊销不可撤销" in err and "已在路上的也是" in err
    # the reason too, asked for with --yes: it said 加 --yes, and --yes alone was refused for want of a reason
    assert err.rstrip().endswith("加 --reason 原因 --yes 再运行一次（原因：被盗（电脑或存有密钥的U盘被盗）、"
                                 "丢失（电脑或存有密钥的U盘丢失）或更换（乡镇换了新密钥，旧的不再用，如忘记口令、重装后））；未吊销")
    code, _, err = run(capsys, "--db", str(county), "revoke", "海城镇", "--reason", "更换")
    assert code == 1 and err.rstrip().endswith("加 --yes 再运行一次；未吊销")
    code, out, _ = run(capsys, "--db", str(county), "keys", "show")
    assert f"密钥 {key_id}  指纹 {fingerprint}  有效" in out
    code, out, _ = run(capsys, "--db", str(county), "revoke", "640522100", "--reason", "更换", "--yes")
    assert code == 0
    assert f"已吊销海城镇（640522100）的密钥：{key_id}（原因：更换）。不可撤销；已在路上的数据包也将拒收，" in out
    code, _, err = run(capsys, "--db", str(county), "revoke", "640522100")  # nothing left to revoke: the 更换
    assert code == 1 and f"的密钥 {key_id}（指纹 {fingerprint}）已于 " in err  # key may yet be found stolen
    assert "原因记录为更换。后来得知电脑或U盘被盗、丢失的，改记原因" in err and err.rstrip().endswith("未改记")
    code, _, err = run(capsys, "--db", str(county), "revoke", "640522100", "--reason", "丢失", "--yes")
    assert code == 1 and "改记为丢失须给出电脑或U盘丢失的那天" in err  # not known at the 更换: no default day
    code, out, _ = run(capsys, "--db", str(county), "revoke", "640522100", "--reason", "丢失", "--since", "2026-05-20",
                       "--yes")
    assert code == 0 and "已改记吊销原因：丢失（自 2026-05-20 起不信任）" in out
    code, _, err = run(capsys, "--db", str(county), "revoke", "640522100")  # nothing left to name
    assert code == 1 and "海城镇（640522100）没有可吊销的已登记密钥" in err and "原因：丢失（自 " in err


def test_the_countys_new_keys_name_the_file_for_the_townships(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("FAZHI_PASSPHRASE", "县级口令 correct horse")
    county = str(tmp_path / "county.db")
    assert main(["--db", county, "init", "--township", "640522", "--county", "--office", "海原县司法局",
                 "--operator", "马县级"]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "--db", county, "keys", "init")
    assert code == 0 and out.splitlines()[-2] == (
        "下一步：fazhi keys enrolment -o 县级公钥-640522.txt，把文件交各乡镇添加（fazhi county-key add 文件），"
        "并电话核对上面的指纹")
    # no backup holds the new key yet: a disk dying before one does took the key every township encrypts to
    assert out.splitlines()[-1].startswith("请立即备份一次（文件 → 立即备份；命令行：fazhi backup）：此前的备份中没有")


def test_enrolling_the_same_file_again_says_it_is_enrolled_already(offices, tmp_path, capsys):
    county, town, _ = offices
    enrol(capsys, county, town, tmp_path)
    code, out, _ = run(capsys, "--db", str(county), "enrol", str(tmp_path / "登记.json"))  # no fingerprint asked
    key_id = json.loads((tmp_path / "登记.json").read_text(encoding="utf-8"))["key_id"]
    assert code == 0 and re.fullmatch(f"此密钥（{key_id}）已于 \\d{{4}}-\\d\\d-\\d\\d 登记给海城镇司法所（640522100），"
                                      "无需重复登记。", out.splitlines()[-2])
    assert out.splitlines()[-1].startswith("乡镇在电话中读出的指纹如不是上面的 ")  # what an old file would mean


def test_the_old_enrolment_file_after_a_new_key_is_refused_on_the_new_fingerprint(offices, tmp_path, capsys):
    """The township re-made its key; the technician picked its old 登记.json and typed the new fingerprint read out on
    the phone: it said "无需重复登记" (exit 0) and compared nothing, and the township's next stick was refused."""
    county, town, _ = offices
    enrol(capsys, county, town, tmp_path)
    assert main(["--db", str(town), "keys", "init", "--replace"]) == 0
    assert main(["--db", str(town), "keys", "enrolment", "-o", str(tmp_path / "登记-新.json")]) == 0
    new = json.loads((tmp_path / "登记-新.json").read_text(encoding="utf-8"))["fingerprint"]
    capsys.readouterr()
    code, out, err = run(capsys, "--db", str(county), "enrol", str(tmp_path / "登记.json"), "--fingerprint", new)
    assert code == 1 and "无需重复登记" not in out
    assert f"核对的是 {new}。这份登记文件中的密钥 " in err and "它是海城镇（640522100）较早的登记文件" in err
    assert "写出新的登记文件交来，再登记；未登记" in err


def test_an_enrolment_file_with_another_townships_code_is_refused_naming_both(offices, tmp_path, capsys):
    county, town, _ = offices
    code, _, _ = run(capsys, "--db", str(town), "keys", "enrolment", "-o", str(tmp_path / "登记.json"))
    data = json.loads((tmp_path / "登记.json").read_text(encoding="utf-8"))
    (tmp_path / "改过.json").write_text(json.dumps({**data, "township": "640522101"}, ensure_ascii=False),
                                      encoding="utf-8")
    code, out, err = run(capsys, "--db", str(county), "enrol", str(tmp_path / "改过.json"), "--fingerprint",
                         data["fingerprint"])
    assert code == 1 and out.splitlines()[:2] == ["代码 640522101 是李旺镇（按区划名单）",
                                                  "单位：海城镇司法所（登记文件所写）"]
    assert "登记文件写的是海城镇司法所，但代码 640522101 是李旺镇" in err and "已登记" not in out
    code, out, _ = run(capsys, "--db", str(county), "keys", "show")
    assert "640522101" not in out and "海城镇司法所" not in out


def test_the_township_is_told_to_say_its_place_before_its_fingerprint(offices, capsys):
    _, town, _ = offices
    code, out, _ = run(capsys, "--db", str(town), "keys", "show")
    fingerprint = re.search(r"^指纹：(.+)$", out, re.M)[1]
    assert code == 0 and f"电话核对时先报乡镇，再报指纹：海城镇，{fingerprint}" in out.splitlines()


def test_keys_show_names_the_keys_folder_where_a_technician_finds_the_identity(offices, capsys):
    """Review of the twenty-second session: docs/BUNDLES.md's `county-keys/county-identity.age` exists only for a
    database named county.db; a normal install keeps fazhi-keys/ in the data folder, and nothing said where."""
    county, town, _ = offices
    for db, folder in ((county, "county-keys"), (town, "town-keys")):
        code, out, _ = run(capsys, "--db", str(db), "keys", "show")
        assert code == 0 and f"密钥文件夹：{db.parent / folder}" in out.splitlines()
    assert (county.parent / "county-keys" / keymod.COUNTY_IDENTITY).is_file()


def test_the_whole_county_key_file_added_again_corrects_an_office_name_a_narrow_paste_cut(tmp_path, capsys):
    """Code review C of the twentieth session: the same keys said 无需重复添加 and kept the cut name."""
    town = str(tmp_path / "town.db")
    assert main(["--db", town, "init", "--township", "640522101", "--operator", "王建国"]) == 0
    public = fake_county_file(tmp_path)
    cut = public.file_text().replace("海原县司法局（640522）", "海原县司")  # as a narrow paste left it before
    code, _, err = run(capsys, "--db", town, "county-key", "add", cut, "--fingerprint", public.fingerprint)
    assert code == 0, err
    assert held(town).office == "海原县司"
    code, out, _ = run(capsys, "--db", town, "county-key", "add", str(tmp_path / "fake.txt"))
    assert code == 0
    assert out.splitlines()[-1].startswith("本所已保存这把县级公钥，单位名称由“海原县司”改为“海原县司法局（640522）”")
    assert held(town).office == "海原县司法局（640522）"
