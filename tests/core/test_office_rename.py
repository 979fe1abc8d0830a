# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""修改单位名称: the 管理员 corrects the office's name after the setup (a typo, 撤乡设镇), the enrolment refusal
names the way, and the county takes the new name from the township's next signed bundle without a new enrolment."""

from __future__ import annotations

import json

import pytest
from bundle_world import (
    ACTOR,
    county_template,  # noqa: F401  (fixture)
    world,  # noqa: F401  (fixture)
)

from fazhi_desktop.core import accounts, office_name, tampered
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.bundle.exchanges import received_bundles
from fazhi_desktop.core.documents.issuer import township_issuer
from fazhi_desktop.core.errors import PermissionDenied, SetupError
from fazhi_desktop.core.indicators.completeness import completeness
from fazhi_desktop.core.places import OFFICE_NAME

STAFF_PASSWORD = "mima-2026"


def test_the_admin_corrects_the_office_name_and_the_account_log_says_from_what(store, staff):
    store.user = accounts.login(store, "admin", STAFF_PASSWORD)
    assert office_name.change_office_name(store, " 海城镇人民政府司法所 ")
    assert store.setting("office_name") == "海城镇人民政府司法所"
    assert accounts.account_log(store)[0]["event"] == "修改单位名称：海城镇司法所 → 海城镇人民政府司法所"
    assert not office_name.change_office_name(store, "海城镇人民政府司法所")  # the same: nothing logged
    assert accounts.account_log(store)[0]["event"].startswith("修改单位名称：海城镇司法所")


@pytest.mark.parametrize(("name", "said"), [
    ("海城镇\n司法所", "换行"), ("海城镇/司法所", "/"), ("海城镇" + "司" * 40, "最多 40 个字"),
    ("李旺镇司法所", "没有写出所在的海城镇"), ("  ", "不能为空")])
def test_a_name_the_setup_refuses_is_refused_and_nothing_changes(store, staff, name, said):
    store.user = accounts.login(store, "admin", STAFF_PASSWORD)
    with pytest.raises(SetupError, match=said):
        office_name.change_office_name(store, name)
    assert store.setting("office_name") == "海城镇司法所"
    assert not accounts.account_log(store)[0]["event"].startswith("修改单位名称")


def test_a_clerk_or_head_cannot_change_the_office_name(store, staff):
    store.user = accounts.login(store, "杨芳", STAFF_PASSWORD)
    with pytest.raises(PermissionDenied):
        office_name.change_office_name(store, "海城镇人民政府司法所")
    assert store.setting("office_name") == "海城镇司法所"


def test_a_name_set_up_before_the_check_is_refused_at_enrolment_naming_where_to_correct_it(world, tmp_path):
    town = world.town("640522211", enrol=False)
    town.store.set_settings(office_name="李俊乡司法所/人民调解委员会")  # set up before the check: allowed then
    path = tmp_path / "enrol.json"
    keymod.write_enrolment(town.store, path)
    with pytest.raises(BundleError, match=f"乡镇管理员在{OFFICE_NAME}改正"):
        keymod.read_enrolment(path)
    office_name.change_office_name(town.store, "李俊乡司法所")  # no accounts: nothing to log in to
    keymod.write_enrolment(town.store, path)
    assert keymod.enrol(world.county, keymod.read_enrolment(path), ACTOR) == []
    assert keymod.enrolled_keys(world.county, "640522211")[0].office == "李俊乡司法所"


def test_the_county_takes_a_renamed_office_from_the_next_bundle_and_says_it_once(world, valid_record, tmp_path):
    town = world.town("640522211")  # 李俊乡, enrolled as 李俊乡司法所
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    assert world.import_(world.export(town).path).ok
    office_name.change_office_name(town.store, "李俊镇司法所")  # 撤乡设镇
    town.store.save("meeting", valid_record("meeting", title="第二次会议"), "杨芳")
    report = world.import_(world.export(town).path)
    assert report.ok, report.error
    assert report.office == "李俊镇司法所"
    renamed = [n for n in report.notes if "单位名称由“李俊乡司法所”改为“李俊镇司法所”" in n]
    assert len(renamed) == 1 and "无需重新登记" in renamed[0]
    assert keymod.enrolled_keys(world.county, "640522211")[0].office == "李俊镇司法所"  # 密钥与登记 shows it
    assert received_bundles(world.county)[0].office == "李俊镇司法所"  # 数据包记录
    town.store.save("meeting", valid_record("meeting", title="第三次会议"), "杨芳")
    later = world.import_(world.export(town).path)
    assert later.ok and not [n for n in later.notes if "单位名称由" in n]
    # the same key's enrolment file, written after the rename: nothing to enrol again, and it says why
    path = tmp_path / "enrol.json"
    keymod.write_enrolment(town.store, path)
    plan = keymod.plan_enrolment(world.county, keymod.read_enrolment(path))
    assert plan.enrolled is not None and "无需重复登记" in plan.already_text


def test_the_same_key_enrolment_file_with_a_new_name_says_the_county_takes_it_from_the_next_bundle(world, tmp_path):
    town = world.town("640522211")
    office_name.change_office_name(town.store, "李俊镇司法所")
    path = tmp_path / "enrol.json"
    keymod.write_enrolment(town.store, path)
    assert json.loads(path.read_text(encoding="utf-8"))["office"] == "李俊镇司法所"
    plan = keymod.plan_enrolment(world.county, keymod.read_enrolment(path))
    assert "登记文件写的单位名称“李俊镇司法所”与县里现在记下的“李俊乡司法所”不同" in plan.already_text
    assert "县里从该乡镇的下一个数据包按新名称记下" in plan.already_text and "不必重新登记" in plan.already_text


def test_the_bundles_before_a_rename_are_not_said_to_have_been_changed(world, valid_record):
    """数据完整性 and `fazhi check` named every bundle the township sent under its old name as 被改动过 …
    现在会被拒收 once the county took the new name: a rename the county takes is no changed bundle."""
    town = world.town("640522211")
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    assert world.import_(world.export(town).path).ok
    office_name.change_office_name(town.store, "李俊镇司法所")
    town.store.save("meeting", valid_record("meeting", title="第二次会议"), "杨芳")
    assert world.import_(world.export(town).path).ok
    assert tampered.scan(world.county) == []
    [row] = completeness(world.county, 2026).only(["640522211"]).townships
    assert not [p for p in row.problems() if "被改动过" in p]


def test_an_older_bundle_imported_after_the_renaming_one_keeps_the_new_name(world, valid_record):
    town = world.town("640522211")
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    older = world.export(town).path  # 第 1 号, 李俊乡司法所
    office_name.change_office_name(town.store, "李俊镇司法所")
    town.store.save("meeting", valid_record("meeting", title="第二次会议"), "杨芳")
    newer = world.export(town).path  # 第 2 号, 李俊镇司法所
    assert world.import_(newer).ok
    late = world.import_(older)
    assert late.ok, late.error
    assert not [n for n in late.notes if "单位名称由" in n]
    assert keymod.enrolled_keys(world.county, "640522211")[0].office == "李俊镇司法所"
    assert township_issuer(world.county, "640522211").office == "李俊镇司法所"
    assert tampered.scan(world.county) == []


def test_a_dry_run_does_not_rename(world, valid_record):
    town = world.town("640522211")
    office_name.change_office_name(town.store, "李俊镇司法所")
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    report = world.import_(world.export(town).path, dry_run=True)
    assert report.ok and [n for n in report.notes if "单位名称由" in n]
    assert keymod.enrolled_keys(world.county, "640522211")[0].office == "李俊乡司法所"


def test_an_enrolment_file_from_before_the_rename_is_not_said_to_carry_the_new_name(world, valid_record, tmp_path):
    """The stick still holds the file written under the old name: once the county took the new one from a bundle,
    it said the old name was 乡镇后来修改的 and would be taken from the next bundle."""
    town = world.town("640522211")
    path = tmp_path / "enrol.json"
    keymod.write_enrolment(town.store, path)  # 李俊乡司法所
    office_name.change_office_name(town.store, "李俊镇司法所")
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    assert world.import_(world.export(town).path).ok
    said = keymod.plan_enrolment(world.county, keymod.read_enrolment(path)).already_text
    assert "无需重复登记" in said and "是乡镇后来修改的" not in said
    assert "登记文件写的单位名称“李俊乡司法所”与县里现在记下的“李俊镇司法所”不同" in said


def test_a_key_enrolled_without_an_office_name_is_not_said_to_be_renamed_to_its_code(world, valid_record):
    """An early enrolment held no office name and the township's bundles name it by its code, as verify takes them
    (export and verify write and read `office or township`): no 单位名称由“”改为“640522211” on each import."""
    town = world.town("640522211")
    world.county.conn.execute("UPDATE township_keys SET office = '' WHERE township = '640522211'")
    world.county.conn.commit()
    town.store.set_settings(office_name="")
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    report = world.import_(world.export(town).path)
    assert report.ok, report.error
    assert not [n for n in report.notes if "单位名称由" in n]
    assert keymod.enrolled_keys(world.county, "640522211")[0].office == ""
