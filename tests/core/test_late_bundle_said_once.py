# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The county reviewer's Monday: a township restored last week's backup and sent its bundle 2; the dead PC's own
bundle 2 arrives on another stick. Its report said 已收到过另一个第 2 号数据包（乡镇可能重装或从备份恢复后重新导出）
of the bundle made BEFORE the restore (the guess fits the other one), and told her 写回执…补录 twice in the next
two lines, once with a step named as no button is (导出一次“全部数据”; the export wizard's box and 数据完整性
say 发送全部数据).
Now the late bundle is said to be the one from before the restore, and each step once, in the wizard's words."""

from __future__ import annotations

from datetime import UTC, datetime

from bundle_world import TOWN_PASS, copy_database, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.store import Store

HEAD = "杨芳"


def test_the_dead_pcs_late_bundle_is_named_for_what_it_is_and_each_step_said_once(world, clock, valid_record):
    clock.set(datetime(2026, 11, 16, 1, 0, tzinfo=UTC))
    town = world.town("640522103")
    town.store.save("meeting", valid_record("meeting", held_on="2026-11-16"), HEAD)
    world.import_(world.export(town).path)
    world.receipt(town)
    backup = copy_database(world, town)
    clock.set(datetime(2026, 11, 20, 1, 0, tzinfo=UTC))
    town.store.save("meeting", valid_record("meeting", held_on="2026-11-18", title="死机前的会议"), HEAD)
    late = world.export(town).path  # the dead PC's bundle 2, on a stick
    clock.set(datetime(2026, 12, 1, 1, 0, tzinfo=UTC))
    restored = Store.open(backup, world.ledgers, world.clock)
    try:
        restored.save("meeting", valid_record("meeting", held_on="2026-11-28", title="恢复后的会议"), HEAD)
        (world.root / "usb-restored").mkdir()
        signer = keymod.unlock_township_key(restored, TOWN_PASS)
        first = world.import_(export_bundle(restored, world.root / "usb-restored", signer).path)
    finally:
        restored.close()
    assert first.ok and first.new == 1
    clock.set(datetime(2026, 12, 7, 1, 30, tzinfo=UTC))
    said = "\n".join(world.import_(late).lines())
    assert "已收到过另一个第 2 号数据包（乡镇从备份恢复后导出的；本数据包是恢复前所做的）" in said, said
    assert "可能重装" not in said
    assert said.count("写回执") == 1 and said.count("补录") == 1, said
    assert "请乡镇导出时勾选“发送全部数据”" in said and "导出一次“全部数据”" not in said
