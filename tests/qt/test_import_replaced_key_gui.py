# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""导入数据包: a late bundle signed before the revocation by a key replaced (更换), continuing that key's bundles the
county holds, is asked about (不接收 on Enter); confirmed, it is imported and its report line replaces the refusal;
declined, it stays refused and nothing changes (core/bundle/replaced_key.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/*.py
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import COUNTY_PASS, LOW_COST, county_template, snapshot, world  # noqa: F401  (fixtures)
from test_bundles_gui import ScriptedPrompts

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle import minisign, replaced_key
from fazhi_desktop.qt.import_dialog import ImportDialog

ACTOR = "杨芳"


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch):
    monkeypatch.setattr(minisign, "DEFAULT_COST", LOW_COST)


def late_of_replaced(world, valid_record):
    """The old key's late bundle 2 (its path), the new key enrolled in its place, and the late meeting."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    assert world.import_(world.export(town).path).ok
    meeting = town.store.save("meeting", valid_record("meeting", title="换密钥前导出的会议"), ACTOR)
    late = world.export(town).path
    world.clock.advance(days=1)
    keymod.init_township_key(town.store, "new-pass-2026", replace=True, cost=LOW_COST)
    keymod.enrol(world.county, keymod.township_key(town.store), "田敏", replace=True)
    return late, meeting


def imported(qtbot, dialog: ImportDialog, path: Path) -> None:
    dialog.add_paths([path])
    qtbot.keyClicks(dialog.passphrase, COUNTY_PASS)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None and bool(dialog.reports), timeout=30000)


def held(world, meeting) -> bool:
    return world.county.conn.execute("SELECT 1 FROM meeting WHERE id = ?", [meeting.id]).fetchone() is not None


def test_confirmed_in_the_window_the_late_bundle_is_imported(qtbot, world, valid_record, dialogs):
    late, meeting = late_of_replaced(world, valid_record)
    dialogs.confirm_answers = [True]
    dialog = ImportDialog(world.county, dialogs, ACTOR, ScriptedPrompts())
    qtbot.addWidget(dialog)
    dialog.show()
    imported(qtbot, dialog, late)
    qtbot.waitUntil(lambda: dialog.task is None and dialog.reports[0].ok, timeout=30000)
    asked = [s for s in dialogs.shown if s[0] == "confirm"]
    assert [s[1] for s in asked] == [replaced_key.TITLE] and dialogs.confirm_defaults == [False]
    assert "请先电话向乡镇核实" in asked[0][2] and late.name in asked[0][2]
    report = dialog.report.toPlainText()
    assert "作为迟到的数据包接收" in report and "拒绝接收" not in report
    assert dialog.reports[0].file_name == late.name
    assert held(world, meeting)


def test_declined_it_stays_refused_and_nothing_changes(qtbot, world, valid_record, dialogs):
    late, meeting = late_of_replaced(world, valid_record)
    before = snapshot(world.county)
    dialog = ImportDialog(world.county, dialogs, ACTOR, ScriptedPrompts())
    qtbot.addWidget(dialog)
    dialog.show()
    imported(qtbot, dialog, late)  # the question answered 不接收 (the scripted default)
    assert [s[1] for s in dialogs.shown if s[0] == "confirm"] == [replaced_key.TITLE]
    assert "拒绝接收" in dialog.report.toPlainText() and not dialog.reports[0].ok
    after = snapshot(world.county)
    changed = [a[0] for a, b in zip(after[0], before[0], strict=True) if a != b]
    assert not held(world, meeting) and changed in ([], ["settings"])  # the window remembers the stick's folder
