# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The export wizard and the county's import window with the sticks a township has: a FAT32 one too small in file
size for a 5 GB bundle (which goes in parts, said on the plan page, before the passphrase), and a stick a Mac wrote
on, beside last month's receipts (its ._ files passed over and named, never listed nor refused in red)."""

from __future__ import annotations

import sys
from pathlib import Path

from bundle_world import county_template, world  # noqa: F401
from PySide6.QtWidgets import QWizard

sys.path.insert(0, str(Path(__file__).parents[1] / "core"))
from test_bundle_parts import PART, big_town
from test_stick_formats import FIVE_GB, mounted_as

from fazhi_desktop.core import media
from fazhi_desktop.core.bundle.export import ExportPlan
from fazhi_desktop.core.stick_names import MAC_SAID
from fazhi_desktop.qt.export_wizard import ExportWizard
from fazhi_desktop.qt.import_dialog import ImportDialog


class Prompts:
    def __init__(self, folder: Path | None = None, files: list[Path] | None = None):
        self.folder_answer, self.files_answer = folder, files or []

    def folder(self, parent, title, start=None):
        return self.folder_answer

    def open_files(self, parent, title, pattern):
        return list(self.files_answer)


def planned(qtbot, wizard: ExportWizard) -> ExportWizard:
    """The wizard shown, its stick chosen, on its plan page once the plan is read."""
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.place.choose.click()
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: wizard.plan_task is None and wizard.plan_page.plan is not None, timeout=20000)
    return wizard


def test_the_plan_page_says_a_5_gb_bundle_goes_onto_a_fat32_stick_in_two_parts(qtbot, world, dialogs, monkeypatch,
                                                                               tmp_path):
    """Before: 不能导出 …写不进去, the commit button dead. A county-issued encrypted stick may not be reformatted."""
    town = world.town()
    mounted_as(monkeypatch, tmp_path, town.usb, "vfat")
    monkeypatch.setattr(ExportPlan, "estimated_bytes", property(lambda plan: FIVE_GB))
    wizard = planned(qtbot, ExportWizard(town.store, dialogs, "杨芳", Prompts(town.usb)))
    said = wizard.plan_page.summary.text()
    name = "fazhi-640522100-000001.tar.age"
    assert (f"文件：{town.usb} 是 FAT32 格式的U盘，单个文件不能超过 4 GB，数据包约 5.0 GB：将分成 2 个文件写入"
            f"（{name}.001 至 {name}.002），另加分卷清单 {name}.sha256。请把这 3 个文件一起交给县司法局") in said
    assert "不能导出" not in said
    qtbot.keyClicks(wizard.plan_page.passphrase, "township-passphrase")
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    wizard.reject()


def test_the_wizard_writes_the_bundle_in_parts_onto_a_fat32_stick_and_the_county_lists_it_once(
        qtbot, world, dialogs, monkeypatch, tmp_path, valid_record):
    """Parts of 128 KB stand for parts of 4 GB: the stick's largest file made 128 KB (the plan's estimate, a little
    over the bundle as it is written, then says as many parts as are written)."""
    town = big_town(world, valid_record, tmp_path)
    mounted_as(monkeypatch, tmp_path, town.usb, "vfat")
    monkeypatch.setattr(media, "FAT_MAX_FILE", 2 * PART)
    wizard = planned(qtbot, ExportWizard(town.store, dialogs, "杨芳", Prompts(town.usb)))
    name = "fazhi-640522100-000001.tar.age"
    assert f"将分成 2 个文件写入（{name}.001 至 {name}.002）" in wizard.plan_page.summary.text()
    qtbot.keyClicks(wizard.plan_page.passphrase, "township-passphrase")
    wizard.button(QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page, timeout=20000)
    assert (f"已写入：{town.usb} 中的 3 个文件：{name}.001 至 {name}.002，和分卷清单 {name}.sha256"
            in wizard.done_page.text.text())
    assert sorted(p.name for p in town.usb.iterdir()) == [f"{name}.001", f"{name}.002", f"{name}.sha256"]
    dialog = ImportDialog(world.county, dialogs, "马县级", Prompts(town.usb, files=[town.usb / f"{name}.002"]))
    qtbot.addWidget(dialog)
    dialog.add_folder_button.click()
    dialog.add_files_button.click()  # one of its parts chosen too: the same bundle
    assert dialog.paths() == [town.usb / name]
    assert dialog.files.item(0).text() == f"{town.usb / name}（分 2 卷：{name}.001 至 {name}.002）"
    assert not dialog.skipped.isVisibleTo(dialog)  # its parts are no files passed over


def mac_stick(world) -> tuple[Path, Path]:
    """A stick with the township's bundle, the Mac's ._ copy of it, .DS_Store, a receipt and a Word file."""
    town = world.town()
    bundle = world.export(town).path
    stick = town.usb
    (stick / f"._{bundle.name}").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + bytes(4000))
    (stick / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (stick / "fazhi-receipt-640522100-000004.json").write_text("{}", encoding="utf-8")
    (stick / "会议通知.docx").write_bytes(b"PK")
    return stick, bundle


def test_a_folder_from_a_mac_stick_lists_the_bundle_and_names_what_it_passed_over(qtbot, world, dialogs):
    stick, bundle = mac_stick(world)
    dialog = ImportDialog(world.county, dialogs, "马县级", Prompts(stick))
    qtbot.addWidget(dialog)
    dialog.add_folder_button.click()
    assert dialog.paths() == [bundle]
    assert dialog.skipped.isVisibleTo(dialog)
    assert dialog.skipped.text() == (f"{stick} 中另有 4 个文件不是数据包，已跳过：2 个{MAC_SAID}；"
                                     "1 个回执文件（县里写给乡镇的，不用导入）；会议通知.docx。")
    dialog.clear_button.click()
    assert not dialog.skipped.isVisibleTo(dialog)


def test_the_macs_files_picked_with_the_bundles_are_passed_over_and_named(qtbot, world, dialogs):
    stick, bundle = mac_stick(world)
    picked = [stick / f"._{bundle.name}", bundle]
    dialog = ImportDialog(world.county, dialogs, "马县级", Prompts(files=picked))
    qtbot.addWidget(dialog)
    dialog.add_files_button.click()
    assert dialog.paths() == [bundle]
    assert dialog.skipped.text() == f"已跳过 1 个{MAC_SAID}：._{bundle.name}。"
    assert MAC_SAID == "苹果电脑留下的附属文件（._ 开头，不是数据包，可以删除）"
