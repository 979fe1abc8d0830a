# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py and tests/qt/test_bundles_gui.py)
"""The records of a bundle refused for a stolen key, in the import window (session 24): `fazhi verify` listed them,
each [未核实], for the township to look for on paper; the window said only that nothing was imported and pointed to
the command line, which a county reviewer does not use. A button under the report lists them now, from the same
core function, and the saved report holds them."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/*.py
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import COUNTY_PASS, LOW_COST, county_template, world  # noqa: F401  (fixtures)
from test_bundles_gui import ScriptedPrompts

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle import minisign
from fazhi_desktop.qt.import_dialog import ImportDialog

ACTOR = "杨芳"
HAICHENG, LIWANG = "640522100", "640522101"


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch):
    monkeypatch.setattr(minisign, "DEFAULT_COST", LOW_COST)


def verified(qtbot, dialog: ImportDialog, paths: list[Path]) -> None:
    dialog.add_paths(paths)
    qtbot.keyClicks(dialog.passphrase, COUNTY_PASS)
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None and bool(dialog.reports), timeout=30000)


def test_the_records_of_a_bundle_a_stolen_key_signed_are_listed_unverified(qtbot, world, valid_record, dialogs,
                                                                           tmp_path):
    haicheng, liwang = world.town(HAICHENG), world.town(LIWANG)
    haicheng.store.save("meeting", valid_record("meeting", title="一月的会议"), ACTOR)
    assert world.import_(world.export(haicheng).path).ok
    genuine = haicheng.store.save("meeting", valid_record("meeting", title="失窃前的会议", held_on="2026-05-20"),
                                  ACTOR)
    stolen = world.export(haicheng).path
    liwang.store.save("meeting", valid_record("meeting", title="李旺镇的会议"), ACTOR)
    fine = world.export(liwang).path
    keymod.revoke(world.county, HAICHENG, "马县级", reason="被盗", since=date(2026, 5, 25))

    target = tmp_path / "核验报告.txt"
    dialog = ImportDialog(world.county, dialogs, ACTOR, ScriptedPrompts(save=target))
    qtbot.addWidget(dialog)
    dialog.show()
    verified(qtbot, dialog, [stolen, fine])
    report = dialog.report.toPlainText()
    assert "县里无法分辨这个数据包是被盗之前还是之后做的" in report
    assert "可在导入窗口点“查看数据包中的记录（未核实）”" in report
    button = dialog.unverified_button
    assert button.isVisible() and button.text().startswith("查看数据包中的记录（未核实）")

    qtbot.mouseClick(dialog.unverified_button, Qt.MouseButton.LeftButton)
    window = dialog.unverified_dialog
    assert window.isVisible() and window.windowTitle() == "数据包中的记录（未核实）"
    lines = window.findChild(QPlainTextEdit).toPlainText().splitlines()
    assert lines[:2] == [f"文件：{stolen.name}",
                         "数据包中的记录（未核实：签名密钥因被盗吊销，县里无法确认是乡镇所做，未导入）："]
    assert f"  [未核实] 会议  {genuine.number}  2026-05-20  失窃前的会议" in lines
    assert not any("李旺镇的会议" in line for line in lines)  # only what the refused bundle holds
    window.accept()

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = target.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    assert f"【{stolen.name}】\n数据包中的记录（未核实：" in saved and "失窃前的会议" in saved

    dialog.clear()  # another stick: the button goes with the report
    assert not dialog.unverified_button.isVisible()


def test_a_refusal_for_a_replaced_key_lists_nothing_unverified(qtbot, world, valid_record, dialogs):
    town = world.town(HAICHENG)
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    late = world.export(town).path
    keymod.revoke(world.county, HAICHENG, "马县级", reason="更换")
    dialog = ImportDialog(world.county, dialogs, ACTOR, ScriptedPrompts())
    qtbot.addWidget(dialog)
    dialog.show()
    verified(qtbot, dialog, [late])
    assert "拒绝接收" in dialog.report.toPlainText() and "未核实" not in dialog.report.toPlainText()
    assert not dialog.unverified_button.isVisible()
