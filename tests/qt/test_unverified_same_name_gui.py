# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py and tests/qt/test_bundles_gui.py)
"""A bundle a stolen key signed, on two sticks (the township copied it twice): the report headed each refusal with
its folder, but the unverified records under 查看数据包中的记录（未核实） and in the saved report were headed
`文件：fazhi-640522100-000002.tar.age` and `【fazhi-640522100-000002.tar.age】` twice, and the reviewer could not tell
which stick's file held what. They are named as the report names them."""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/*.py
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import LOW_COST, county_template, world  # noqa: F401  (fixtures)
from test_bundles_gui import ScriptedPrompts
from test_import_unverified_gui import ACTOR, HAICHENG, verified

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle import minisign
from fazhi_desktop.qt.import_dialog import ImportDialog


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch):
    monkeypatch.setattr(minisign, "DEFAULT_COST", LOW_COST)


def test_two_stolen_key_files_of_one_name_are_listed_by_folder(qtbot, world, valid_record, dialogs, tmp_path):
    town = world.town(HAICHENG)
    town.store.save("meeting", valid_record("meeting", title="一月的会议"), ACTOR)
    assert world.import_(world.export(town).path).ok
    town.store.save("meeting", valid_record("meeting", title="失窃前的会议", held_on="2026-05-20"), ACTOR)
    stolen = world.export(town).path
    sticks = []
    for folder in ("usb-a", "usb-b"):
        (tmp_path / folder).mkdir()
        sticks.append(Path(shutil.copy(stolen, tmp_path / folder / stolen.name)))
    keymod.revoke(world.county, HAICHENG, "马县级", reason="被盗", since=date(2026, 5, 25))

    target = tmp_path / "核验报告.txt"
    dialog = ImportDialog(world.county, dialogs, ACTOR, ScriptedPrompts(save=target))
    qtbot.addWidget(dialog)
    dialog.show()
    verified(qtbot, dialog, sticks)
    qtbot.mouseClick(dialog.unverified_button, Qt.MouseButton.LeftButton)
    lines = dialog.unverified_dialog.findChild(QPlainTextEdit).toPlainText().splitlines()
    assert [line for line in lines if line.startswith("文件：")] == [f"文件：usb-a/{stolen.name}",
                                                                    f"文件：usb-b/{stolen.name}"]
    dialog.unverified_dialog.accept()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = target.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    assert f"【usb-a/{stolen.name}】\n数据包中的记录（未核实：" in saved
    assert f"【usb-b/{stolen.name}】\n数据包中的记录（未核实：" in saved
