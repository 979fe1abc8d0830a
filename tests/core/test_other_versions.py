# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A rollout over weeks: the county upgrades first, townships late, a PC reinstalled from an old stick. A receipt,
an enrolment file, a backup or a database of a newer program is refused by an older one saying which program
version to install, not "不是法治台账的回执" or "其中的数据库无法打开（无法打开 .office-restore-…/database.db…）".
The newer side is made by editing the version fields a newer program would write (its format number, its
`app_version`, an upgrade this program does not know), which is what an older program reads of it."""

from __future__ import annotations

import json

import pytest
from bundle_world import ACTOR, LOW_COST, TOWN_PASS, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core import migrations, paths
from fazhi_desktop.core.backup import BackupError, create_backup, prepare_restore, sealing
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.collect import acked_through
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.bundle.receipts import import_receipt, receipt_comment, write_receipts
from fazhi_desktop.core.errors import NewerDatabase
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store

OURS = paths.app_version()


def signed(world, path, receipt: dict) -> None:
    """`receipt` written to `path` and signed with the county's key, as the county's program would."""
    text = json.dumps(receipt, ensure_ascii=False, indent=2) + "\n"
    path.write_text(text, encoding="utf-8")
    comment = receipt_comment(receipt["county"], receipt["township"], receipt["acknowledged_through"])
    path.with_name(path.name + ".minisig").write_text(world.keys.signer.sign(text.encode("utf-8"), comment, "t"),
                                                      encoding="utf-8")


def test_a_receipt_of_a_newer_county_program_says_to_upgrade_the_township_to_its_version(world, valid_record):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    world.import_(world.export(town).path)
    [written] = write_receipts(world.county, world.keys, town.usb, [town.code])
    receipt = json.loads(written.path.read_text(encoding="utf-8"))
    assert receipt["app_version"] == OURS  # what an older township names when this version moves on
    signed(world, written.path, {**receipt, "format": "fazhi-receipt/4", "app_version": "9.1.0"})
    with pytest.raises(BundleError) as caught:
        import_receipt(town.store, written.path, ACTOR)
    said = str(caught.value)
    assert "不是法治台账的回执" not in said
    assert said.startswith(f"回执 {written.path.name} 来自较新版本的县级程序（回执格式第 4 版，由 9.1.0 版程序写出，"
                           f"本程序是 {OURS}），本程序读不了：请把本所的程序升级到 9.1.0 或更新的版本，再导入这份回执")
    assert "升级之前照常导出即可" in said and acked_through(town.store) == 0
    signed(world, written.path, {**receipt, "format": "fazhi-receipt/2"})  # a county that has not upgraded
    with pytest.raises(BundleError, match="来自较早版本的县级程序（回执格式第 2 版，本程序读第 3 版）：请县司法局把县级"
                                          "程序升级到与本所相同或更新的版本，再重新写回执"):
        import_receipt(town.store, written.path, ACTOR)
    signed(world, written.path, {**receipt, "format": "other"})
    with pytest.raises(BundleError, match=f"^{written.path.name} 不是法治台账的回执$"):
        import_receipt(town.store, written.path, ACTOR)


def test_an_enrolment_file_of_a_newer_township_program_says_to_upgrade_the_county(tmp_path, ledgers):
    township = init_database(tmp_path / "t.db", "640522100", operator=ACTOR, ledgers=ledgers)
    keymod.init_township_key(township, TOWN_PASS, cost=LOW_COST)
    keymod.write_enrolment(township, tmp_path / "登记.json")
    township.close()
    data = json.loads((tmp_path / "登记.json").read_text(encoding="utf-8"))
    assert data["app_version"] == OURS
    (tmp_path / "登记.json").write_text(json.dumps({**data, "format": "fazhi-enrolment/2", "app_version": "9.1.0"},
                                                   ensure_ascii=False), encoding="utf-8")
    with pytest.raises(BundleError) as caught:
        keymod.read_enrolment(tmp_path / "登记.json")
    assert str(caught.value) == ("登记文件 登记.json 来自较新版本的乡镇程序（登记文件格式第 2 版，由 9.1.0 版程序写出，"
                                 f"本程序是 {OURS}），本程序读不了：请先把县级程序升级到 9.1.0 或更新的版本，再登记")


def test_a_database_a_newer_program_upgraded_names_the_version_to_install(store, ledgers):
    path = store.path
    assert store.setting(dbmod.UPGRADED_BY) == OURS  # written when the file was made
    with store.conn:  # as version 9.1.0 leaves it
        store.conn.execute("INSERT INTO _migrations VALUES ('099_from_the_future', datetime('now'))")
        store.conn.execute("UPDATE settings SET value = '9.1.0' WHERE key = ?", [dbmod.UPGRADED_BY])
    store.close()
    with pytest.raises(NewerDatabase) as caught:
        Store.open(path, ledgers)
    assert str(caught.value) == (f"无法打开 {path}：数据库来自较新版本的法治台账（本程序不认识的数据库升级 "
                                 f"099_from_the_future；由 9.1.0 版程序升级，本程序是 {OURS}）。"
                                 "请安装新版本的程序（9.1.0 或更新的版本）再打开；用旧版本打开会损坏新版本写入的数据")


@pytest.fixture
def newer_backup(store, valid_record, tmp_path, monkeypatch):
    """A backup made by version 9.1.0, whose database has an upgrade this version does not know."""
    store.save("meeting", valid_record("meeting"), ACTOR)
    path = store.path
    store.close()
    with monkeypatch.context() as newer:
        newer.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, ("099_from_the_future", lambda db: None)])
        newer.setattr(dbmod, "app_version", lambda: "9.1.0", raising=False)  # before the mark: none
        Store.open(path).close()
        made = create_backup(path, tmp_path / "usb")
    return path, made.path


def test_a_backup_of_a_newer_program_says_to_upgrade_before_restoring_and_names_no_temporary_folder(newer_backup,
                                                                                                    tmp_path):
    path, backup = newer_backup
    with pytest.raises(BackupError) as caught:
        prepare_restore(tmp_path / "elsewhere" / "office.db", backup, recovery_code=sealing.load_key(path).code)
    said = str(caught.value)
    assert said == (f"{backup.name} 来自较新版本的程序（本程序不认识的数据库升级 099_from_the_future；"
                    f"由 9.1.0 版程序升级，本程序是 {OURS}）：请先升级程序再恢复")
    assert "restore" not in said and "database.db" not in said


def test_a_backup_manifest_of_a_newer_format_says_to_upgrade(tmp_path):
    from fazhi_desktop.core.backup.archive import parse_manifest

    with pytest.raises(BackupError) as caught:
        parse_manifest(json.dumps({"format": "fazhi-backup/2", "app_version": "9.1.0"}).encode(), "b.zip")
    assert str(caught.value) == ("b.zip：备份来自较新版本的程序（备份格式第 2 版，由 9.1.0 版程序写出，"
                                 f"本程序是 {OURS}），本程序不能恢复：请先把程序升级到 9.1.0 或更新的版本，再恢复")
    with pytest.raises(BackupError, match="不是法治台账的备份文件"):
        parse_manifest(json.dumps({"format": "something/2"}).encode(), "b.zip")



def test_program_versions_compare_as_numbers(monkeypatch):
    from fazhi_desktop.core import versions

    monkeypatch.setattr(versions, "app_version", lambda: "0.9.0")
    assert versions.newer_program("0.10.0") and versions.newer_program("1.0")
    assert not versions.newer_program("0.9.0") and not versions.newer_program("0.8.12")
    assert versions.upgrade_to("0.10.0") == " 0.10.0 或更新的版本"


@pytest.mark.parametrize("garbled", ["9.1.0\n\n\n\n请勿登记", "9.1.0\n\n\n\n", " 9.1.0", "９.1.0", "9_9.0", "+9.0",
                                     "99.-1", "9." + "0." * 5000 + "0", "1" + "0" * 4000, "9.1.0rc1", 9, None])
def test_an_enrolment_files_garbled_version_is_not_shown(tmp_path, ledgers, garbled):
    """The enrolment file is signed by nobody: a version a person typed into it (spaces, line breaks, full-width
    digits, ten thousand characters) was taken as a newer program's and shown in the refusal. Only a plain version
    is named; anything else leaves the advice without one."""
    township = init_database(tmp_path / "t.db", "640522100", operator=ACTOR, ledgers=ledgers)
    keymod.init_township_key(township, TOWN_PASS, cost=LOW_COST)
    keymod.write_enrolment(township, tmp_path / "登记.json")
    township.close()
    data = json.loads((tmp_path / "登记.json").read_text(encoding="utf-8"))
    (tmp_path / "登记.json").write_text(json.dumps({**data, "format": "fazhi-enrolment/2", "app_version": garbled},
                                                   ensure_ascii=False), encoding="utf-8")
    with pytest.raises(BundleError) as caught:
        keymod.read_enrolment(tmp_path / "登记.json")
    assert str(caught.value) == ("登记文件 登记.json 来自较新版本的乡镇程序（登记文件格式第 2 版，"
                                 f"本程序是 {OURS}），本程序读不了：请先把县级程序升级到较新的版本，再登记")


@pytest.mark.parametrize("number", ["9" * 5000, "２", "2 ", "+2"])
def test_a_backup_manifest_of_an_odd_format_number_is_not_a_backup(tmp_path, number):
    """A manifest is signed by nobody: a format number of 5,000 digits ended in a traceback (Python's int limit);
    full-width or padded digits stay no later format."""
    from fazhi_desktop.core.backup.archive import parse_manifest

    with pytest.raises(BackupError, match=r"^b\.zip：不是法治台账的备份文件"):
        parse_manifest(json.dumps({"format": f"fazhi-backup/{number}", "app_version": "9.1.0"}).encode(), "b.zip")


def test_an_enrolment_file_of_an_older_township_program_says_to_upgrade_the_township(tmp_path):
    (tmp_path / "登记.json").write_text(json.dumps({"format": "fazhi-enrolment/0"}), encoding="utf-8")
    with pytest.raises(BundleError) as caught:
        keymod.read_enrolment(tmp_path / "登记.json")
    assert str(caught.value) == ("登记文件 登记.json 来自较早版本的乡镇程序（登记文件格式第 0 版，本程序读第 1 版）："
                                 "请乡镇把程序升级到与县里相同的版本，再写出登记文件")
    (tmp_path / "登记.json").write_text(json.dumps({"format": "fazhi-receipt/3"}), encoding="utf-8")
    with pytest.raises(BundleError, match=r"不是法治台账的密钥登记文件（缺少 format: fazhi-enrolment/1）$"):
        keymod.read_enrolment(tmp_path / "登记.json")
