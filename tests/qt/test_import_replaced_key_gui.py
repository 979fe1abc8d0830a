# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""导入数据包: a late bundle signed before the revocation by a key replaced (更换), continuing that key's bundles the
county holds, is asked about (不接收 on Enter); confirmed, it is imported and its report line replaces the refusal;
declined, it stays refused and nothing changes (core/bundle/replaced_key.py)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/*.py
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import (  # noqa: F401  (fixtures)
    COUNTY_PASS,
    LOW_COST,
    bundle_hash,
    copy_database,
    county_template,
    snapshot,
    world,
)
from test_bundles_gui import ScriptedPrompts

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle import minisign, replaced_key
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.import_dialog import ImportDialog

ACTOR = "杨芳"


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch):
    monkeypatch.setattr(minisign, "DEFAULT_COST", LOW_COST)


def late_of_replaced(world, valid_record, other: list | None = None):
    """The old key's late bundle 2 (its path), the new key enrolled in its place, and the late meeting. `other`, a
    list, is given another bundle 2 the old key signed, chained as validly after bundle 1 (from a copy of the old
    PC's database) and the meeting it brings."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    assert world.import_(world.export(town).path).ok
    if other is not None:
        copy = Store.open(copy_database(world, town), world.ledgers, world.clock)
        forged = copy.save("meeting", valid_record("meeting", title="换上的会议"), ACTOR)
        (world.root / "usb-other").mkdir()
        other += [export_bundle(copy, world.root / "usb-other", town.signer).path, forged]
        copy.close()
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


def test_a_bundle_swapped_on_the_stick_during_the_question_is_not_taken(qtbot, world, valid_record, dialogs):
    """Whoever holds the old key and the stick puts another bundle chained validly after the same one in the file's
    place while the reviewer reads the question: the window reads the file again, and takes only the bundle the
    question showed (its 核验值), not any the old key signed."""
    other: list = []
    late, meeting = late_of_replaced(world, valid_record, other)
    swapped, forged = other
    asked = bundle_hash(world, late)

    def swapped_then_confirmed(parent, title, text, yes="确定", no="取消", default=True):
        shutil.copyfile(swapped, late)  # in the file's place
        dialogs.shown.append(("confirm", title, text))
        return True

    dialogs.confirm = swapped_then_confirmed
    dialog = ImportDialog(world.county, dialogs, ACTOR, ScriptedPrompts())
    qtbot.addWidget(dialog)
    dialog.show()
    imported(qtbot, dialog, late)
    qtbot.waitUntil(lambda: dialog.task is None and len([s for s in dialogs.shown if s[0] == "confirm"]) == 1,
                    timeout=30000)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30000)
    assert not dialog.reports[0].ok and "拒绝接收" in dialog.report.toPlainText()
    assert not held(world, meeting) and not held(world, forged)  # neither the one asked about nor the other
    [question] = [s[2] for s in dialogs.shown if s[0] == "confirm"]
    assert f"核验值 {replaced_key.grouped(asked)}" in question
