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

from fazhi_desktop.core import accounts, office_name
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.bundle.exchanges import received_bundles
from fazhi_desktop.core.errors import PermissionDenied, SetupError
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
    assert "“李俊镇司法所”是乡镇后来修改的" in plan.already_text and "不必重新登记" in plan.already_text
