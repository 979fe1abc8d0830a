# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A township that re-installed twice (its second PC died too): the county's import of the third install's first
bundle said 重装前的 2 条记录乡镇已没有，县里的是唯一的一份 (the second install's alone) while the county kept 6 of the
township's earlier installs and the township's receipt said 县里保存有本所重装前的 6 条记录. It now says which 2 and
that the county holds 6 in all, the receipt's count."""

from __future__ import annotations

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle.receipt_earlier import indicators_note

CLERK = "杨芳"


def test_a_second_reinstall_says_this_installs_records_and_all_the_county_keeps(world, valid_record, clock):
    first = world.town()
    for n in range(3):
        first.store.save("meeting", valid_record("meeting", title=f"第一次安装的会议{n}"), CLERK)
    first.store.save("complaint", valid_record("complaint", accepted_on="2025-03-05"), CLERK)
    world.import_(world.export(first).path)
    clock.advance(days=30)
    second = world.reinstall(first.code, name="second")
    for n in range(2):
        second.store.save("meeting", valid_record("meeting", title=f"第二次安装的会议{n}"), CLERK)
    once = "\n".join(world.import_(world.export(second).path).lines())
    assert "；重装前的 4 条记录乡镇已没有，县里的是唯一的一份，照常计入指标" in once  # the first re-install as before
    clock.advance(days=30)
    third = world.reinstall(first.code, name="third")
    told = world.receipt(third).text()  # the new key's receipt, before its first bundle
    third.store.save("meeting", valid_record("meeting", title="第三次安装的会议"), CLERK)
    twice = "\n".join(world.import_(world.export(third).path).lines())
    assert ("这次重装前的 2 条记录乡镇已没有（连同更早安装的 4 条，县里共保存重装前的记录 6 条），县里的是唯一的一份，"
            "照常计入指标，不必让乡镇补报") in twice, twice
    # the township reads the same 6, of which its 2026 page leaves out 5 (the complaint is of 2025)
    assert "县里保存有本所重装前的 6 条记录（照常计入指标），不必补录：会议 5 条、投诉举报 1 条。" in told
    assert indicators_note(third.store, 2026).startswith("县里保存有本所重装前的 6 条记录，其中 5 条计入县里2026年")
