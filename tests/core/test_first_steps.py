# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""帮助 → 第一次使用: the steps from setup to the first bundle at the county, read from what the database holds."""

from __future__ import annotations

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.first_steps import DONE, TO_DO, UNKNOWN, first_steps
from fazhi_desktop.core.setup import init_database


def states(store) -> list[str]:
    return [step.state for step in first_steps(store)]


def test_a_new_township_has_everything_but_its_key_before_it(tmp_path, ledgers, clock):
    store = init_database(tmp_path / "t.db", "640522101", operator="马小花", ledgers=ledgers, clock=clock)
    try:
        steps = first_steps(store)
        assert [s.state for s in steps] == [TO_DO, UNKNOWN, TO_DO, UNKNOWN, TO_DO, TO_DO, TO_DO]
        assert "县级公钥" in steps[2].what and steps[2].where == "数据交换 → 密钥与登记 → 从文件添加县级公钥"
        # a township that re-installed imports the county's receipt before numbering anything
        assert "先导入县里为新安装写的回执，再登记台账" in steps[3].what and steps[3].where == "数据交换 → 导入县级回执"
    finally:
        store.close()


def test_the_township_steps_are_done_as_the_first_exchange_goes(world, valid_record):
    town = world.town()  # its key made, the county key added, enrolled at the county
    assert states(town.store)[2:] == [DONE, UNKNOWN, TO_DO, TO_DO, TO_DO]
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    bundle = world.export(town)
    assert states(town.store)[2:] == [DONE, UNKNOWN, DONE, DONE, TO_DO]
    county = first_steps(world.county)
    assert county[2].detail == "已登记 1 / 18 个乡镇" and county[3].detail == "已收到 0 / 18 个乡镇的数据包"
    world.import_(bundle.path)
    world.receipt(town)
    assert states(town.store)[1:] == [DONE] * 6  # the receipt says the county enrolled it
    county = first_steps(world.county)
    assert county[3].detail == "已收到 1 / 18 个乡镇的数据包" and county[4].state == DONE


def test_a_new_install_that_imported_its_receipt_knows_its_key_is_enrolled(world, valid_record):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    world.import_(world.export(town).path)
    new = world.reinstall()  # its key enrolled with 替换; the receipt for it confirms nothing and carries the numbers
    world.receipt(new)
    steps = first_steps(new.store)
    assert (steps[1].state, steps[1].detail) == (DONE, "已收到县里的回执：县里已登记本所密钥")
    assert steps[3].state == DONE and steps[-1].state == TO_DO  # no bundle of its own acknowledged yet
