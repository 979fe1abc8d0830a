# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""导入数据包 over a stick holding a replaced key's late bundles 2 and 3: the window asked about 2 only, and 3 only
when the reviewer clicked 核验并导入 again (each confirmation takes one bundle). Now, once 2 is taken, 3 is asked
about in the same run, each question naming its own number; a bundle is never taken without its own question."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/*.py
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import LOW_COST, county_template, world  # noqa: F401  (fixtures)
from test_bundles_gui import ScriptedPrompts
from test_import_replaced_key_gui import imported

from fazhi_desktop.core.bundle import minisign, replaced_key
from fazhi_desktop.qt.import_dialog import ImportDialog

HEAD = "杨芳"


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch):
    monkeypatch.setattr(minisign, "DEFAULT_COST", LOW_COST)


def at(day: int) -> datetime:
    return datetime(2026, 11, day, 1, 0, tzinfo=UTC)


def stick(world, clock, valid_record):
    """The old PC's bundles 2 and 3, both made before its key was replaced; their meetings."""
    clock.set(at(16))
    old = world.town()
    old.store.save("meeting", valid_record("meeting", title="上周的会议"), HEAD)
    assert world.import_(world.export(old).path).ok
    clock.set(at(20))
    friday = old.store.save("meeting", valid_record("meeting", title="周五的会议"), HEAD)
    second = world.export(old).path
    clock.set(at(23))
    monday = old.store.save("meeting", valid_record("meeting", title="周一的会议"), HEAD)
    third = world.export(old).path
    clock.set(at(24))
    world.reinstall(old.code)  # the new key enrolled, the old one revoked as 更换
    clock.set(at(25))
    return [second, third], [friday, monday]


def held(world, meeting) -> bool:
    return world.county.conn.execute("SELECT 1 FROM meeting WHERE id = ?", [meeting.id]).fetchone() is not None


def run(qtbot, world, dialogs, paths, answers):
    dialogs.confirm_answers = answers
    dialog = ImportDialog(world.county, dialogs, HEAD, ScriptedPrompts())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.add_paths(paths[1:])
    imported(qtbot, dialog, paths[0])
    asked = lambda: [s for s in dialogs.shown if s[0] == "confirm"]  # noqa: E731
    qtbot.waitUntil(lambda: dialog.task is None and len(asked()) == 2, timeout=30000)
    qtbot.wait(100)
    assert dialog.task is None
    return dialog, asked()


def test_after_2_is_taken_3_is_asked_about_in_the_same_run(qtbot, world, clock, valid_record, dialogs):
    paths, (friday, monday) = stick(world, clock, valid_record)
    dialog, asked = run(qtbot, world, dialogs, paths, [True, True])
    assert [s[1] for s in asked] == [replaced_key.TITLE] * 2
    assert "第 2 号数据包" in asked[0][2] and "第 3 号数据包" in asked[1][2] and paths[1].name in asked[1][2]
    assert held(world, friday) and held(world, monday)
    assert all(r.ok for r in dialog.reports)
    assert dialog.report.toPlainText().count("作为迟到的数据包接收") == 2


def test_3_declined_stays_refused(qtbot, world, clock, valid_record, dialogs):
    paths, (friday, monday) = stick(world, clock, valid_record)
    dialog, asked = run(qtbot, world, dialogs, paths, [True, False])
    assert "第 3 号数据包" in asked[1][2]
    assert held(world, friday) and not held(world, monday)
    assert [r.ok for r in dialog.reports] == [True, False]
    assert "拒绝接收" in dialog.report.toPlainText()
