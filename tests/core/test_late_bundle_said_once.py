# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The county reviewer's Monday: a township restored last week's backup and sent its bundle 2; the dead PC's own
bundle 2 arrives on another stick. Its report said 已收到过另一个第 2 号数据包（乡镇可能重装或从备份恢复后重新导出）
of the bundle made BEFORE the restore (the guess fits the other one), and told her 写回执…补录 twice in the next
two lines, once with a step named as no button is (导出一次“全部数据”; the export wizard's box and 数据完整性
say 发送全部数据).
Now the late bundle is said to be the one from before the restore, and each step once, in the wizard's words."""

from __future__ import annotations

from datetime import UTC, datetime

from bundle_world import county_template, restored_and_dead_pc, world  # noqa: F401  (fixtures)


def test_the_dead_pcs_late_bundle_is_named_for_what_it_is_and_each_step_said_once(world, clock, valid_record):
    restored, late = restored_and_dead_pc(world, clock, valid_record)
    first = world.import_(restored)
    assert first.ok and first.new == 1
    clock.set(datetime(2026, 12, 7, 1, 30, tzinfo=UTC))
    said = "\n".join(world.import_(late).lines())
    assert "已收到过另一个第 2 号数据包（乡镇从备份恢复后导出的；本数据包是恢复前所做的）" in said, said
    assert "可能重装" not in said
    assert said.count("写回执") == 1 and said.count("补录") == 1, said
    assert "请乡镇导出时勾选“发送全部数据”" in said and "导出一次“全部数据”" not in said
