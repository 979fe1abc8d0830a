# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A register page printed before 修改单位名称 (撤乡设镇; here 海城镇司法所 became 海城镇人民政府司法所)
carries the old name at its head; its 核验码 was checked as
`一致：纸面所印为海城镇人民政府司法所2026年调解案件台账第 1 页…`, a head the paper in the inspector's hand does not
have, as if the paper had been altered. The check names the head the page was printed under and says the office
was renamed since."""

from __future__ import annotations

from bundle_world import county_template, world  # noqa: F401  (fixtures)
from test_register_page_codes import cases, page_codes

from fazhi_desktop.core import accounts, office_name
from fazhi_desktop.core.documents import build_register_document, check_print

STAFF_PASSWORD = "mima-2026"
OLD, NEW = "海城镇司法所", "海城镇人民政府司法所"


def renamed(store) -> None:
    store.user = accounts.login(store, "admin", STAFF_PASSWORD)
    assert office_name.change_office_name(store, NEW)
    store.user = accounts.login(store, "杨芳", STAFF_PASSWORD)


def test_a_page_printed_under_the_old_name_is_checked_under_it(store, staff, valid_record, clock):
    store.user = accounts.login(store, "杨芳", STAFF_PASSWORD)
    cases(store, valid_record, 3)
    code = page_codes(build_register_document(store, "mediation_case", 2026))[0]
    clock.advance(days=2)
    renamed(store)
    result = check_print(store, code)
    assert result.ok, result.message
    assert result.message.startswith(f"一致：纸面所印为{OLD}2026年调解案件台账第 1 页（共 1 页）"), result.message
    assert f"打印时单位名称为“{OLD}”，后改为“{NEW}”" in result.message
    assert f"纸面所印为{NEW}" not in result.message


def test_a_page_printed_after_the_rename_names_the_new_name_alone(store, staff, valid_record, clock):
    store.user = accounts.login(store, "杨芳", STAFF_PASSWORD)
    cases(store, valid_record, 3)
    renamed(store)
    clock.advance(days=2)
    code = page_codes(build_register_document(store, "mediation_case", 2026))[0]
    message = check_print(store, code).message
    assert message.startswith(f"一致：纸面所印为{NEW}2026年调解案件台账第 1 页（共 1 页），"), message
    assert "打印时单位名称" not in message


def test_at_the_county_a_townships_page_printed_before_its_rename_reached_it(world, valid_record, clock):
    town = world.town("640522211")  # 李俊乡, enrolled as 李俊乡司法所
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    assert world.import_(world.export(town).path).ok
    code = page_codes(build_register_document(world.county, "meeting", 2026, township=town.code))[0]
    clock.advance(days=2)
    office_name.change_office_name(town.store, "李俊镇司法所")  # 撤乡设镇; the county learns it from the next bundle
    town.store.save("meeting", valid_record("meeting", title="第二次会议"), "杨芳")
    assert world.import_(world.export(town).path).ok
    message = check_print(world.county, code).message
    assert message.startswith("一致：纸面所印为李俊乡司法所2026年会议台账第 1 页（共 1 页）"), message
    assert "打印时单位名称为“李俊乡司法所”，后改为“李俊镇司法所”" in message
