# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""Demonstration data kept out of a real county: a demo township's enrolment file and bundles say they are demo
data, and a county that is not a demonstration database refuses both (the review enrolled the demo 海城镇's key at a
county and imported its bundle: 新增 150 条 under the real 海城镇's code, scored as the real 海城镇's). An office's
own bundle and enrolment file carry no mark."""

from __future__ import annotations

import json

import pytest
from bundle_world import county_template, decrypt, members, snapshot, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import bag, demo_mark
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import BundleError

REFUSED = "这是演示数据，不能导入正式的县级数据库"


def _bag_info(world, path) -> str:
    for member, data in members(decrypt(path, world.keys.identity)):
        if member.name.endswith("/" + bag.BAG_INFO):
            return data.decode("utf-8")
    raise AssertionError("no bag-info.txt")


def test_a_real_county_refuses_a_demo_township_bundle_and_keeps_nothing(world, valid_record):
    town = world.town()  # its key enrolled as an office's
    town.store.set_settings(demo="1")  # then filled with demo data (`fazhi demo` makes an empty database a demo)
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    path = world.export(town).path
    assert f"{demo_mark.BAG_LABEL}: yes\n" in _bag_info(world, path)
    before = snapshot(world.county)
    report = world.import_(path)
    assert not report.ok
    assert REFUSED in report.error and "海城镇（640522100）" in report.error and "未导入" in report.error
    assert snapshot(world.county) == before
    assert world.county.count("meeting") == 0


def test_the_county_demo_takes_a_demo_township_bundle(world, valid_record):
    world.county.set_settings(demo="1")
    town = world.town()
    town.store.set_settings(demo="1")
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    report = world.import_(world.export(town).path)
    assert report.ok, report.error
    assert world.county.count("meeting") == 1


def test_a_real_township_bundle_has_no_demo_line(world, valid_record):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    path = world.export(town).path
    assert "Fazhi-Demo" not in _bag_info(world, path)
    assert world.import_(path).ok


def test_a_real_county_refuses_a_demo_enrolment_file(world, tmp_path):
    town = world.town(enrol=False)
    town.store.set_settings(demo="1")
    written = tmp_path / "登记.json"
    keymod.write_enrolment(town.store, written)
    assert json.loads(written.read_text(encoding="utf-8"))[demo_mark.ENROLMENT_KEY] is True
    key = keymod.read_enrolment(written)
    with pytest.raises(BundleError) as refused:
        keymod.plan_enrolment(world.county, key)
    assert REFUSED in str(refused.value) and "未登记" in str(refused.value)
    with pytest.raises(BundleError, match=REFUSED):
        keymod.enrol(world.county, key, "马县级")
    assert keymod.enrolled_keys(world.county) == []
    world.county.set_settings(demo="1")  # the county demo enrols it
    keymod.enrol(world.county, key, "马县级")
    assert [k.township for k in keymod.enrolled_keys(world.county)] == ["640522100"]


def test_a_real_township_enrolment_file_has_no_demo_mark(world, tmp_path):
    town = world.town(enrol=False)
    written = tmp_path / "登记.json"
    keymod.write_enrolment(town.store, written)
    assert demo_mark.ENROLMENT_KEY not in json.loads(written.read_text(encoding="utf-8"))
    keymod.enrol(world.county, keymod.read_enrolment(written), "马县级")


def test_a_demo_mark_that_is_not_true_is_refused(world, tmp_path):
    town = world.town(enrol=False)
    written = tmp_path / "登记.json"
    keymod.write_enrolment(town.store, written)
    data = json.loads(written.read_text(encoding="utf-8"))
    written.write_text(json.dumps({**data, "demo": "no"}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(BundleError, match="应为 true 或 false"):
        keymod.read_enrolment(written)
