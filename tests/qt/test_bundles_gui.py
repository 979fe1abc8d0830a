# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""数据交换 as people use it: the township exports to a USB stick with the wizard, the county imports the stick's
bundles and sees exactly what arrived (or why not), writes receipts, the township imports them; keys and
enrolment with the fingerprint compared by phone."""

from __future__ import annotations

import json
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, Qt, QTimer, QUrl
from PySide6.QtWidgets import QApplication, QLabel, QWizard

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_bug import folder_with_a_bug  # noqa: F401  (fixture)
from bundle_world import (  # noqa: F401  (fixtures)
    COUNTY_PASS,
    LOW_COST,
    TOWN_PASS,
    Town,
    conflicted,
    copy_database,
    county_template,
    held_by_an_older_county,
    saved_by_an_older_version,
    signed_again,
    world,
)
from helpers import type_text

from fazhi_desktop.core import attachments, year_close
from fazhi_desktop.core.bundle import county_key, minisign
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.apply import ConflictInfo, ImportReport
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.bundle.receipts import write_receipts
from fazhi_desktop.qt import crash, exchange, export_wizard, import_dialog, keys_view
from fazhi_desktop.qt.indicator_widgets import RecordViewer
from fazhi_desktop.qt.main_window import create_main_window

ACTOR = "杨芳"


class ScriptedPrompts:
    """Answers the file, folder and passphrase questions the way the test says; records what was asked."""

    def __init__(self, folder=None, files=(), save=None, passphrase=None, text=None):
        self.folder_answer, self.files_answer, self.save_answer = folder, list(files), save
        self.passphrase_answer, self.text_answer = passphrase, text
        self.asked: list[str] = []

    def folder(self, parent, title, start=None):
        self.asked.append(title)
        return self.folder_answer

    def open_files(self, parent, title, pattern):
        self.asked.append(title)
        return list(self.files_answer)

    def save_file(self, parent, title, suggested, pattern):
        self.asked.append(title)
        return self.save_answer

    def passphrase(self, parent, title, confirm=False):
        self.asked.append(title)
        return self.passphrase_answer

    def text(self, parent, title, label):
        self.asked.append(title)
        return self.text_answer


def revoke_as(view, reason: str, since=None) -> str:
    """Answer 吊销密钥 (qt/revoke_dialog.py) with `reason`; returns the question it asked."""
    dialog = view.revoke_dialog
    asked = dialog.findChildren(QLabel)[0].text()
    dialog.choose(reason, since)
    dialog.ok.click()
    return asked


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch):
    monkeypatch.setattr(minisign, "DEFAULT_COST", LOW_COST)


def make_window(qtbot, store, dialogs, ui_settings, prompts):
    window = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(window)
    window.exchange_prompts = prompts  # the 数据交换 menu was installed by the main window itself
    window.show()
    qtbot.waitExposed(window)
    return window


def cell(table, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return table.model().index(row, column).data(role)


def menu_action(window, text: str):
    for action in window.menuBar().actions():
        if action.text() == "数据交换(&X)":
            for item in action.menu().actions():
                if item.text().startswith(text):
                    return item
    raise AssertionError(f"no menu item {text}")


def wait_for_plan(qtbot, wizard):
    """The plan is read on a worker thread; the page fills in when it arrives."""
    qtbot.waitUntil(lambda: wizard.plan_task is None, timeout=20000)
    assert wizard.plan_page.plan is not None, wizard.plan_page.summary.text()


def to_plan_page(qtbot, town, dialogs, ui_settings):
    """The export wizard on the township's stick, at the page that says what it will send, once read or refused."""
    window = make_window(qtbot, town.store, dialogs, ui_settings, ScriptedPrompts(folder=town.usb))
    menu_action(window, "导出数据包").trigger()
    wizard = window.export_wizard
    qtbot.mouseClick(wizard.place.choose, Qt.MouseButton.LeftButton)
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: wizard.plan_task is None, timeout=20000)
    return wizard


def open_plan(qtbot, town, dialogs, ui_settings):
    """The export wizard at the page that says what it will send, the plan read."""
    wizard = to_plan_page(qtbot, town, dialogs, ui_settings)
    assert wizard.plan_page.plan is not None, wizard.plan_page.summary.text()
    return wizard


def plan_summary(qtbot, town, dialogs, ui_settings) -> str:
    """What the export wizard says it will send."""
    return open_plan(qtbot, town, dialogs, ui_settings).plan_page.summary.text()


def export_with_wizard(qtbot, window, folder: Path, passphrase: str = TOWN_PASS):
    window.exchange_prompts.folder_answer = folder
    menu_action(window, "导出数据包").trigger()
    wizard = window.export_wizard
    qtbot.mouseClick(wizard.place.choose, Qt.MouseButton.LeftButton)
    assert wizard.place.chosen.text() == f"导出到：{folder}"
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentPage() is wizard.plan_page
    wait_for_plan(qtbot, wizard)
    qtbot.keyClicks(wizard.plan_page.passphrase, passphrase)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    return wizard


def import_stick_with_dialog(qtbot, window):
    """导入数据包 → 选择文件夹（U盘） (the prompts' folder) → the county passphrase → 核验并导入; the dialog, done."""
    menu_action(window, "导入数据包").trigger()
    dialog = window.import_dialog
    qtbot.mouseClick(dialog.add_folder_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.passphrase, COUNTY_PASS)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None and bool(dialog.reports), timeout=30000)
    return dialog


def test_the_menus_depend_on_the_mode(qtbot, world, dialogs, ui_settings):
    town = world.town()
    township_window = make_window(qtbot, town.store, dialogs, ui_settings, ScriptedPrompts())
    county_window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts())
    texts = lambda w: [a.text() for a in next(  # noqa: E731
        m.menu() for m in w.menuBar().actions() if m.text() == "数据交换(&X)").actions()]
    assert texts(township_window) == ["导出数据包(&E)…", "导入县级回执(&R)…", "补录回执列出的记录(&B)…",
                                      "编号从第N号起(&N)…", "数据包记录(&L)…", "密钥与登记(&K)…"]
    assert texts(county_window) == ["导入数据包(&I)…", "写回执(&W)…", "处理冲突(&C)…", "数据包记录(&L)…",
                                    "密钥与登记(&K)…"]


def test_township_exports_to_a_stick_and_sees_what_was_sent(qtbot, world, valid_record, dialogs, ui_settings):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    town.store.save("complaint", valid_record("complaint"), ACTOR)
    window = make_window(qtbot, town.store, dialogs, ui_settings, ScriptedPrompts())
    window.exchange_prompts.folder_answer = town.usb
    menu_action(window, "导出数据包").trigger()
    wizard = window.export_wizard
    qtbot.mouseClick(wizard.place.choose, Qt.MouseButton.LeftButton)
    wizard.button(QWizard.WizardButton.NextButton).click()
    page = wizard.plan_page
    assert page.summary.text() == "正在统计将要发送的内容……" and page.table.rowCount() == 0
    wait_for_plan(qtbot, wizard)
    assert "第 1 号数据包" in page.summary.text() and "记录 2 条" in page.summary.text()
    table = {page.table.item(r, 0).text(): page.table.item(r, 1).text() for r in range(page.table.rowCount())}
    assert table["会议"] == "1" and table["投诉举报"] == "1" and table["调解案件"] == "0"
    assert list(table) == ["会议", "学法活动", "行政执法监督检查", "投诉举报", "调解案件"]  # as in the navigation
    assert "尚未收到县级回执" in page.summary.text()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()  # no passphrase yet
    qtbot.keyClicks(page.passphrase, TOWN_PASS)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page, timeout=20000)
    text = wizard.done_page.text.text()
    assert "fazhi-640522100-000001.tar.age" in text and "会议：1 条" in text and "导入县级回执" in text
    assert [p.name for p in town.usb.iterdir()] == ["fazhi-640522100-000001.tar.age"]
    assert dialogs.shown == []


def test_a_second_stick_after_an_export_gets_a_bundle_of_its_own(qtbot, world, valid_record, dialogs, ui_settings):
    """Going back from 导出完成 to choose another stick led to a new plan whose 下一步 showed the first result again
    and wrote nothing: the second stick went to the county empty. The page that writes is a commit page, and the
    done page says how to write another stick: a new export, carrying all the first one did."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    window = make_window(qtbot, town.store, dialogs, ui_settings, ScriptedPrompts())
    wizard = export_with_wizard(qtbot, window, town.usb)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page, timeout=20000)
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()
    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "导出(&E)"  # the button that wrote said so
    text = wizard.done_page.text.text()
    assert ("要再写一个U盘（例如写错了U盘）：点“完成”后再用“数据交换 → 导出数据包”导出一次，"
            "会生成第 2 号数据包，带着本包的全部变更") in text
    wizard.button(QWizard.WizardButton.FinishButton).click()

    stick_b = world.root / "stickB"
    stick_b.mkdir()
    second = export_with_wizard(qtbot, window, stick_b)
    qtbot.waitUntil(lambda: second.currentPage() is second.done_page, timeout=20000)
    assert [p.name for p in stick_b.iterdir()] == ["fazhi-640522100-000002.tar.age"]
    assert f"已写入：{stick_b / 'fazhi-640522100-000002.tar.age'}" in second.done_page.text.text()
    report = world.import_(stick_b / "fazhi-640522100-000002.tar.age")  # all the county needs, no gap reported
    assert world.county.count("meeting") == 1 and report.notes == []


def test_after_a_full_export_the_second_stick_is_told_to_tick_full_again(qtbot, world, valid_record, dialogs,
                                                                         ui_settings):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    window = make_window(qtbot, town.store, dialogs, ui_settings, ScriptedPrompts(folder=town.usb))
    menu_action(window, "导出数据包").trigger()
    wizard = window.export_wizard
    qtbot.mouseClick(wizard.place.choose, Qt.MouseButton.LeftButton)
    wizard.place.full.setChecked(True)
    wizard.button(QWizard.WizardButton.NextButton).click()
    wait_for_plan(qtbot, wizard)
    qtbot.keyClicks(wizard.plan_page.passphrase, TOWN_PASS)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page, timeout=20000)
    assert "导出一次并勾选“发送全部数据”，会生成第 2 号数据包，带着全部数据" in wizard.done_page.text.text()



class FakeVolume:
    """A mounted USB stick as QStorageInfo describes one."""

    def __init__(self, root: Path, device: str = "/dev/sdb1", name: str = "KINGSTON"):
        self.root, self.device_name, self.name = root, device, name

    def device(self) -> QByteArray:
        return QByteArray(self.device_name.encode())

    def isValid(self) -> bool:
        return True

    def isReady(self) -> bool:
        return True

    def isReadOnly(self) -> bool:
        return False

    def rootPath(self) -> str:
        return str(self.root)

    def displayName(self) -> str:
        return self.name

    def bytesAvailable(self) -> int:
        return 7 * 1024**3


def test_a_plugged_in_stick_is_offered_chosen_and_exported_to(qtbot, world, valid_record, dialogs, ui_settings,
                                                               monkeypatch):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    monkeypatch.setattr(exchange.QStorageInfo, "mountedVolumes", staticmethod(lambda: [FakeVolume(town.usb)]))
    monkeypatch.setattr(exchange, "removable_volume", lambda root, device: root == town.usb)
    window = make_window(qtbot, town.store, dialogs, ui_settings, ScriptedPrompts())
    menu_action(window, "导出数据包").trigger()
    wizard = window.export_wizard
    drives = wizard.place.drives
    assert drives.count() == 1 and drives.item(0).text() == f"KINGSTON（{town.usb}，剩余 7.0 GB）"
    assert wizard.place.chosen.text() == f"导出到：{town.usb}"  # the only stick is chosen already
    wizard.button(QWizard.WizardButton.NextButton).click()
    wait_for_plan(qtbot, wizard)
    qtbot.keyClicks(wizard.plan_page.passphrase, TOWN_PASS)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page, timeout=20000)
    assert [p.name for p in town.usb.iterdir()] == ["fazhi-640522100-000001.tar.age"]

def test_with_no_stick_found_the_wizard_says_a_usb_hard_disk_is_chosen_as_a_folder(qtbot, world, dialogs,
                                                                                   ui_settings, monkeypatch):
    """Windows offers only drives that call themselves removable: a USB hard disk is not listed (review s23)."""
    town = world.town()
    monkeypatch.setattr(exchange.QStorageInfo, "mountedVolumes", staticmethod(lambda: []))
    window = make_window(qtbot, town.store, dialogs, ui_settings, ScriptedPrompts(folder=town.usb))
    menu_action(window, "导出数据包").trigger()
    place = window.export_wizard.place
    said = place.drives.item(0).text()
    assert "没有找到U盘" in said and "USB移动硬盘" in said and f"“{place.choose.text().split('(')[0]}”" in said
    place.choose.click()
    assert place.chosen.text() == f"导出到：{town.usb}"


def test_a_write_protected_stick_is_listed_as_such_not_left_out(qtbot, world, dialogs, ui_settings, monkeypatch):
    town = world.town()
    locked = FakeVolume(town.usb)
    locked.isReadOnly = lambda: True
    monkeypatch.setattr(exchange.QStorageInfo, "mountedVolumes", staticmethod(lambda: [locked]))
    monkeypatch.setattr(exchange, "removable_volume", lambda root, device: root == town.usb)
    window = make_window(qtbot, town.store, dialogs, ui_settings, ScriptedPrompts())
    menu_action(window, "导出数据包").trigger()
    place = window.export_wizard.place
    assert place.drives.count() == 1 and "只读：U盘可能开了写保护" in place.drives.item(0).text()
    assert not place.drives.item(0).flags() & Qt.ItemFlag.ItemIsSelectable and place.folder is None
    place.drives.setCurrentRow(0)  # reached with the arrows: still not chosen
    assert place.folder is None
    window.export_wizard.reject()


def test_an_office_without_the_county_key_is_told_on_the_first_page(qtbot, world, dialogs, ui_settings):
    town = world.town()
    town.store.conn.execute("DELETE FROM county_keys")
    window = make_window(qtbot, town.store, dialogs, ui_settings, ScriptedPrompts(folder=town.usb))
    menu_action(window, "导出数据包").trigger()
    wizard = window.export_wizard
    assert wizard.place.stop_label.isVisibleTo(wizard) and "从文件添加县级公钥" in wizard.place.stop_label.text()
    qtbot.mouseClick(wizard.place.choose, Qt.MouseButton.LeftButton)
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    wizard.reject()  # window-modal: left open, it blocks later tests


def test_a_stick_too_full_is_said_on_the_plan_page(qtbot, world, valid_record, dialogs, ui_settings, monkeypatch):
    from fazhi_desktop.core.bundle import export as export_module

    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    monkeypatch.setattr(export_module.shutil, "disk_usage", lambda path: type("U", (), {"free": 4096})())
    wizard = open_plan(qtbot, town, dialogs, ui_settings)
    assert "不能导出：" in wizard.plan_page.summary.text() and "剩余 4 KB" in wizard.plan_page.summary.text()
    qtbot.keyClicks(wizard.plan_page.passphrase, TOWN_PASS)
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    wizard.reject()


def test_a_wrong_passphrase_is_said_and_nothing_is_written(qtbot, world, dialogs, ui_settings):
    town = world.town()
    window = make_window(qtbot, town.store, dialogs, ui_settings, ScriptedPrompts())
    wizard = export_with_wizard(qtbot, window, town.usb, passphrase="wrong passphrase")
    qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=20000)
    assert dialogs.shown[0][:2] == ("error", "无法导出") and "口令不对" in dialogs.shown[0][2]
    assert wizard.currentPage() is wizard.plan_page
    assert list(town.usb.iterdir()) == []


def test_county_imports_the_stick_sees_what_arrived_and_the_township_gets_its_receipt(
        qtbot, world, valid_record, dialogs, ui_settings):
    town = world.town()
    town.store.save("meeting", valid_record("meeting", title="海城镇法治政府建设专题会议"), ACTOR)
    town_window = make_window(qtbot, town.store, dialogs, ui_settings, ScriptedPrompts())
    wizard = export_with_wizard(qtbot, town_window, town.usb)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page, timeout=20000)

    county_window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts(folder=town.usb))
    menu_action(county_window, "导入数据包").trigger()
    dialog = county_window.import_dialog
    qtbot.mouseClick(dialog.add_folder_button, Qt.MouseButton.LeftButton)
    assert dialog.paths() == [town.usb / "fazhi-640522100-000001.tar.age"]
    assert not dialog.import_button.isEnabled()
    qtbot.keyClicks(dialog.passphrase, COUNTY_PASS)
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None and bool(dialog.reports), timeout=30000)
    assert "核验通过（未导入）" in dialog.report.toPlainText() and world.county.count("meeting") == 0
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None and not dialog.reports[0].dry_run, timeout=30000)
    report = dialog.report.toPlainText()
    assert "已导入：1 个数据包\n海城镇司法所（640522100）第 1 号（fazhi-640522100-000001.tar.age）：新增 1 条" in report
    assert "共 1 个数据包：导入 1 个，拒绝 0 个" in report
    assert world.county.count("meeting") == 1
    assert "共 1 条记录" in county_window.counts_label.text()

    assert dialog.receipt_button.isEnabled()
    qtbot.mouseClick(dialog.receipt_button, Qt.MouseButton.LeftButton)
    receipts = dialog.receipts_dialog  # the township just imported ticked, the keys this window opened
    assert receipts.chosen() == ["640522100"] and not receipts.passphrase.isVisibleTo(receipts)
    qtbot.mouseClick(receipts.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: receipts.task is None and bool(dialogs.shown), timeout=30000)
    assert dialogs.shown[-1][1] == "已写回执" and "海城镇：确认到变更第 1 条" in dialogs.shown[-1][2]
    receipts.close()
    receipt = town.usb / "fazhi-receipt-640522100-000001.json"
    assert receipt.exists() and (town.usb / (receipt.name + ".minisig")).exists()

    town_window.exchange_prompts.files_answer = [receipt]
    menu_action(town_window, "导入县级回执").trigger()
    assert dialogs.shown[-1][1] == "已导入回执" and "第 1 条为止" in dialogs.shown[-1][2]


def test_a_new_installs_key_enrolled_the_county_writes_it_a_receipt_to_number_on(
        qtbot, world, valid_record, tmp_path, dialogs, ui_settings, monkeypatch):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    world.import_(world.export(town).path)
    new = world.reinstall(enrol=False)  # the PC died without a backup
    keymod.write_enrolment(new.store, tmp_path / "登记.json")
    county_window = make_window(qtbot, world.county, dialogs, ui_settings,
                                ScriptedPrompts(files=[tmp_path / "登记.json"], folder=new.usb))
    view = keys_view.open_keys_dialog(county_window)
    monkeypatch.setattr(view, "_compared", lambda *args: True)  # the fingerprint read out on the phone
    dialogs.confirm_answers += [True, True]  # revoke the old key and enrol; 为新安装写回执
    qtbot.mouseClick(view.enrol_button, Qt.MouseButton.LeftButton)
    assert dialogs.shown[-1][:2] == ("confirm", "已登记") and "请为新安装写回执，让其接着编号" in dialogs.shown[-1][2]
    receipts = view.receipts_dialog
    assert receipts.chosen() == ["640522100"]
    qtbot.keyClicks(receipts.passphrase, COUNTY_PASS)
    qtbot.mouseClick(receipts.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: receipts.task is None and dialogs.shown[-1][1] == "已写回执", timeout=30000)
    assert "海城镇：新安装，接着编号" in dialogs.shown[-1][2]
    receipts.close()

    town_window = make_window(qtbot, new.store, dialogs, ui_settings,
                              ScriptedPrompts(files=[new.usb / "fazhi-receipt-640522100-000000.json"]))
    menu_action(town_window, "导入县级回执").trigger()
    assert dialogs.shown[-1] == ("info", "已导入回执",
                                 "回执有效。\n\n编号接着县里已有的编：\n2026年会记字从第 2 号起编号（县里已有第 1 号）"
                                 "\n\n县里保存有本所重装前的 1 条记录（照常计入指标），不必补录：会议 1 条。"
                                 "本所的指标页不含这些记录，结果可能与县里的不同。")


def test_importing_a_receipt_says_which_numbers_it_did_not_use(qtbot, world, valid_record, dialogs, ui_settings):
    """导入县级回执 with a number of a ledger this version has not: it was skipped and only logged."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    world.import_(world.export(town).path)
    [written] = write_receipts(world.county, world.keys, town.usb, [town.code])
    signed_again(world, written, [{"ledger": "visit", "year": 2026, "prefix": "访字", "last": 3}])
    window = make_window(qtbot, town.store, dialogs, ui_settings, ScriptedPrompts(files=[written.path]))
    menu_action(window, "导入县级回执").trigger()
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("warn", "已导入回执") and "第 1 条为止的全部数据" in text  # before, a plain "info"
    assert text.endswith("\n\n注意：回执中有 1 条编号记录未采用：1 条是本程序没有的台账的，"
                         "可能县里的程序版本与本所不同。回执的其他内容已照常导入；这些编号系列仍按本所自己的编号接着编。")


def test_an_office_restored_from_an_older_backup_is_shown_what_it_lost(qtbot, world, valid_record, dialogs,
                                                                        ui_settings):
    """导入县级回执 after a two-week-old backup was restored: the county's receipt names the records the office no
    longer has, in a warning box (nothing told it which ones)."""
    from fazhi_desktop.core.bundle.export import export_bundle
    from fazhi_desktop.core.store import Store

    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    world.import_(world.export(town).path)
    backup = copy_database(world, town)
    lost = town.store.save("meeting", valid_record("meeting", title="备份之后的会议"), ACTOR)
    world.import_(world.export(town).path)
    restored = Store.open(backup, world.ledgers, world.clock)
    world.towns["restored"] = Town(restored, keymod.unlock_township_key(restored, TOWN_PASS), world.root)
    restored.save("meeting", valid_record("meeting"), ACTOR)
    world.import_(export_bundle(restored, world.root, world.towns["restored"].signer).path)
    [written] = write_receipts(world.county, world.keys, world.root, [town.code])
    window = make_window(qtbot, restored, dialogs, ui_settings, ScriptedPrompts(files=[written.path]))
    menu_action(window, "导入县级回执").trigger()
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("warn", "已导入回执")
    assert (f"县里有 1 条记录是本所数据库从备份恢复前登记或修改的：\n编号本所已给了另一件的：\n"
            f"本所现在的{lost.number}（会议 2026-03-05）与县里的第2号（会议 2026-03-05）日期相同") in text


def test_the_plan_is_read_off_the_gui_thread_and_a_stale_one_never_shows(qtbot, world, valid_record, dialogs,
                                                                        ui_settings, monkeypatch):
    """A full plan reads every record: it runs on a worker, and going 上一步 while it is read, ticking 发送全部数据
    and coming back shows the new plan, not the first one arriving late."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    world.import_(world.export(town).path)
    world.receipt(town)  # from now on an incremental plan is empty and a full one is not
    threads, first_may_finish = [], threading.Event()
    real_plan = export_wizard.plan_export

    def slow_first_plan(store, full, progress):
        threads.append(threading.current_thread())
        plan = real_plan(store, full, progress)
        if not full:  # the first, incremental plan: read, but delivered late (after 上一步: no progress call left
            first_may_finish.wait(20)  # to stop it). Told apart by its argument: the two workers may start in any order
        return plan

    monkeypatch.setattr(export_wizard, "plan_export", slow_first_plan)
    window = make_window(qtbot, town.store, dialogs, ui_settings, ScriptedPrompts(folder=town.usb))
    menu_action(window, "导出数据包").trigger()
    wizard = window.export_wizard
    qtbot.mouseClick(wizard.place.choose, Qt.MouseButton.LeftButton)
    wizard.button(QWizard.WizardButton.NextButton).click()
    page = wizard.plan_page
    qtbot.keyClicks(page.passphrase, TOWN_PASS)
    assert page.summary.text() == "正在统计将要发送的内容……"
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()  # nothing to export before the plan
    wizard.button(QWizard.WizardButton.BackButton).click()
    wizard.place.full.setChecked(True)
    wizard.button(QWizard.WizardButton.NextButton).click()
    wait_for_plan(qtbot, wizard)
    first_may_finish.set()
    qtbot.wait(200)  # the first (incremental) plan arrives now and is ignored
    assert "全部数据" in page.summary.text() and "记录 1 条" in page.summary.text()
    assert threads and threading.main_thread() not in threads


def test_a_plan_that_cannot_be_made_says_why_and_allows_no_export(qtbot, world, dialogs, ui_settings, monkeypatch):
    def refuse(store, full, progress):
        raise BundleError("回执确认到变更第 9 条，但本所变更日志只有 3 条")

    monkeypatch.setattr(export_wizard, "plan_export", refuse)
    wizard = to_plan_page(qtbot, world.town(), dialogs, ui_settings)
    assert wizard.plan_page.summary.text() == "无法导出：回执确认到变更第 9 条，但本所变更日志只有 3 条"
    qtbot.keyClicks(wizard.plan_page.passphrase, TOWN_PASS)
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert dialogs.shown == []


def test_a_record_the_county_would_refuse_is_named_on_the_plan_page_and_allows_no_export(
        qtbot, world, valid_record, dialogs, ui_settings):
    """A 会议日期 of 9999-12-31 saved by an older version (planted by SQL: today's refuses it) was exported without a
    word, and the county refused the whole bundle."""
    town = world.town()
    record = town.store.save("meeting", valid_record("meeting"), ACTOR)
    saved_by_an_older_version(town.store, record.id, held_on="9999-12-31")
    wizard = to_plan_page(qtbot, town, dialogs, ui_settings)
    summary = wizard.plan_page.summary
    assert summary.text().startswith("无法导出：县里会拒收这个数据包：")
    assert f"\n会议 {record.number}：会议日期：年份应在 2000–2100 之间，收到 9999\n请打开记录，改正所说的字段并保存" \
        in summary.text()
    assert export_wizard.ERROR_COLOUR in summary.styleSheet()
    qtbot.keyClicks(wizard.plan_page.passphrase, TOWN_PASS)
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert list(town.usb.iterdir()) == [] and dialogs.shown == []


def test_a_failing_record_the_county_holds_is_a_note_on_the_plan_page_and_the_export_goes_on(
        qtbot, world, valid_record, dialogs, ui_settings, monkeypatch):
    """An older county took a 9999 date; the incremental bundle does not carry it: said, not refused, and the export
    does not run the plan's check again (the mark goes past it)."""
    from fazhi_desktop.core.bundle import values

    town = world.town()
    record = town.store.save("meeting", valid_record("meeting"), ACTOR)
    saved_by_an_older_version(town.store, record.id, held_on="9999-12-31")
    held_by_an_older_county(world, town)
    town.store.save("meeting", valid_record("meeting", title="新的会"), ACTOR)
    wizard = open_plan(qtbot, town, dialogs, ui_settings)
    summary = wizard.plan_page.summary
    assert "\n注意：另有 1 条记录通不过县里现在的核验（县里已有，本次不发送，不影响导出）：\n" \
        f"会议 {record.number}：会议日期：年份应在 2000–2100 之间，收到 9999\n" in summary.text()
    assert export_wizard.ERROR_COLOUR not in summary.styleSheet()
    checked = []
    monkeypatch.setattr(values, "check_values", lambda *args: checked.append(args[1]["id"]) or values.Checked({}))
    qtbot.keyClicks(wizard.plan_page.passphrase, TOWN_PASS)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(lambda: wizard.result is not None, timeout=20000)
    assert checked == [record.id]  # the plan's check not run again, but for the one it found failing


def test_the_plan_says_which_attachments_the_county_already_has(qtbot, world, valid_record, dialogs, ui_settings,
                                                                 tmp_path):
    town = world.town()
    scan = tmp_path / "签到表.jpg"
    scan.write_bytes(b"scan" * 100_000)
    entry = attachments.add_attachment(town.store, scan)
    record = town.store.save("meeting", valid_record("meeting", attachments=[entry]), ACTOR)
    world.import_(world.export(town).path)
    world.receipt(town)
    town.store.save("meeting", {"location": "三楼会议室"}, ACTOR, record_id=record.id)
    summary = plan_summary(qtbot, town, dialogs, ui_settings)
    assert "记录 1 条" in summary and "附件 0 个" in summary and "另有 1 个县里已收到，不再发送" in summary
    assert "没有新的登记" not in summary


def test_a_deleted_records_lost_file_is_left_out_and_the_county_says_why_it_has_none(
        qtbot, world, valid_record, dialogs, ui_settings, tmp_path):
    """The wizard said 无法导出：数据包需要的附件文件不见了…（已删除的记录）, with no way on for a scan nobody had."""
    town = world.town()
    scan = tmp_path / "签到表.jpg"
    scan.write_bytes(b"scan" * 1000)
    entry = attachments.add_attachment(town.store, scan)
    gone = town.store.save("meeting", valid_record("meeting", attachments=[entry]), ACTOR)
    town.store.delete(gone.id, ACTOR)
    attachments.blob_path(town.store, entry["sha256"]).unlink()
    summary = plan_summary(qtbot, town, dialogs, ui_settings)
    assert "记录 1 条（其中已删除 1 条），附件 0 个" in summary and "无法导出" not in summary
    world.import_(world.export(town).path)
    viewer = RecordViewer(world.county, world.county.get(gone.id, include_deleted=True))
    qtbot.addWidget(viewer)
    text = viewer.text.toPlainText()
    assert "\n状态\n已删除\n" in text  # it showed the status the record had when deleted (草稿)
    assert "\n附件文件\n签到表.jpg：已删除的记录的附件不随数据包报送县里，本县没有收到\n" in text


def test_the_plan_says_when_nothing_new_would_be_sent_and_asks_before_writing(qtbot, world, valid_record, dialogs,
                                                                              ui_settings):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    world.import_(world.export(town).path)
    world.receipt(town)
    wizard = open_plan(qtbot, town, dialogs, ui_settings)
    summary = wizard.plan_page.summary.text()
    assert "变更 0 条" in summary and "自上次县级回执以来没有新的登记、修改或名册变动" in summary
    before = sorted(town.usb.iterdir())
    qtbot.keyClicks(wizard.plan_page.passphrase, TOWN_PASS)
    wizard.button(QWizard.WizardButton.CommitButton).click()  # asked first; Enter (and the script) says no
    assert dialogs.shown[-1][:2] == ("confirm", "没有新变更") and "仍要写入第 2 号数据包吗？" in dialogs.shown[-1][2]
    assert dialogs.confirm_defaults == [False]
    assert wizard.currentPage() is wizard.plan_page and wizard.task is None and sorted(town.usb.iterdir()) == before
    dialogs.confirm_answers.append(True)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page, timeout=20000)
    assert "第 2 号数据包" in wizard.done_page.text.text()


def test_a_stick_without_bundles_or_a_wrong_county_passphrase_is_said(qtbot, world, valid_record, dialogs, tmp_path):
    empty = tmp_path / "空U盘"
    empty.mkdir()
    dialog = import_dialog.ImportDialog(world.county, dialogs, ACTOR, ScriptedPrompts(folder=empty))
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.add_folder_button, Qt.MouseButton.LeftButton)
    assert dialogs.shown[-1][:2] == ("info", "没有数据包") and dialog.paths() == []
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    dialog.add_paths([world.export(town).path])
    assert not dialog.import_button.isEnabled()  # no passphrase yet
    qtbot.keyClicks(dialog.passphrase, "not the county passphrase")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30000)
    kind, title, text = dialogs.shown[-1]  # the way back asked (tests/qt/test_county_escrow_gui.py): not taken
    assert (kind, title) == ("confirm", "无法导入") and "口令不对" in text and "用备份恢复码设新口令吗" in text
    assert world.county.count("meeting") == 0 and not dialog.receipt_button.isEnabled()
    assert dialog.import_button.isEnabled()  # type the right one and try again


def test_a_bug_met_on_a_bundle_names_the_log_file(qtbot, world, folder_with_a_bug, dialogs, tmp_path, monkeypatch):
    """The refusal names the log file to hand over, as every other internal error in the window does; before, it said
    only 程序日志（窗口程序的日志文件，命令行的错误输出） with no path."""
    log_file = tmp_path / "logs" / "fazhi.log"
    monkeypatch.setattr(crash, "log_file", lambda: log_file)
    dialog = import_dialog.ImportDialog(world.county, dialogs, ACTOR, ScriptedPrompts())
    qtbot.addWidget(dialog)
    dialog.add_paths(folder_with_a_bug)
    qtbot.keyClicks(dialog.passphrase, COUNTY_PASS)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None and bool(dialog.reports), timeout=30000)
    lines = dialog.report.toPlainText().splitlines()
    at = lines.index("  原因：程序内部出错，未导入；错误的详细情况已写入日志文件：")
    assert lines[at + 1:at + 3] == [f"        {log_file}", "        请把这个文件交给维护人员。"]
    assert "命令行" not in dialog.report.toPlainText()


def test_the_bundle_records_show_what_was_sent_confirmed_and_received(qtbot, world, valid_record, dialogs,
                                                                      ui_settings):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    world.import_(world.export(town).path)
    world.receipt(town)
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    world.export(town)
    window = make_window(qtbot, town.store, dialogs, ui_settings, ScriptedPrompts())
    menu_action(window, "数据包记录").trigger()
    dialog = window.exchanges_dialog
    rows = [[cell(dialog.table, r, c) for c in range(dialog.model.columnCount())]
            for r in range(dialog.model.rowCount())]
    assert [(row[0], row[-1][:3]) for row in rows] == [("2", "尚未确"), ("1", "已确认")]
    assert "此后的 1 条变更尚未确认" in dialog.summary.text()
    assert cell(dialog.table, 0, 5, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight  # counts

    world.town("640522101")
    other = world.towns["640522101"]
    other.store.save("meeting", valid_record("meeting"), ACTOR)
    world.import_(world.export(other).path)
    county_window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts())
    menu_action(county_window, "数据包记录").trigger()
    received = county_window.exchanges_dialog
    assert received.model.rowCount() == 2 and received.summary.text() == "共 2 个数据包。"
    assert [received.township.itemText(i) for i in range(received.township.count())] == [
        "全部乡镇", "海城镇司法所（640522100）", "李旺镇司法所（640522101）"]
    received.township.setCurrentIndex(2)
    assert received.model.rowCount() == 1 and cell(received.table, 0, 0) == "李旺镇"  # it showed 640522101
    assert cell(received.table, 0, 0, Qt.ItemDataRole.ToolTipRole) == "640522101"
    received.township.setCurrentIndex(0)
    assert received.model.rowCount() == 2

    # 查看明细 (or a double-click) lists the records the selected bundle brought; 打开记录 shows one read-only
    received.table.selectRow(1)
    qtbot.mouseClick(received.details_button, Qt.MouseButton.LeftButton)
    arrivals = received.arrivals_dialog
    assert arrivals.isVisible() and arrivals.windowTitle() == "海城镇司法所 第 1 号数据包：收到的记录"
    cells = [[arrivals.table.item(r, c).text() for c in range(arrivals.table.columnCount())]
             for r in range(arrivals.table.rowCount())]
    assert [(row[0], row[1], row[5]) for row in cells] == [("新增", "会议", "1")]
    assert cells[0][2].startswith("〔2026〕")
    qtbot.mouseClick(arrivals.open_button, Qt.MouseButton.LeftButton)
    [viewer] = [w for w in QApplication.topLevelWidgets() if isinstance(w, RecordViewer) and w.isVisible()]
    assert viewer.windowTitle() == f"会议 {cells[0][2]}（只读）"
    # no modal list above it: a window-modal 数据包记录 blocked the viewer (no click, no scroll, no 关闭)
    assert QApplication.activeModalWidget() is None
    viewer.close()
    arrivals.close()


def test_the_countys_bundle_list_shows_the_selected_bundles_notes_in_full(qtbot, world, valid_record, dialogs,
                                                                          ui_settings):
    """In a table of twelve columns 说明 showed "缺少第 5 号…": the note a reviewer acts on."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    world.export(town)  # lost
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    town.store.set_settings(**{"bundle.acked_through": "1"})  # as if a receipt had said the county holds entry 1
    world.import_(world.export(town).path)
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts())
    menu_action(window, "数据包记录").trigger()
    received = window.exchanges_dialog
    assert received.detail.isVisibleTo(received)
    made, notes = received.detail.text().split("\n")
    assert made.startswith("制作时间：") and made.endswith("（北京时间）")  # two bundles of one name told apart
    assert notes == "说明：缺少第 1 号数据包：缺少该乡镇变更日志第 1 条（可请乡镇导出时勾选“发送全部数据”）"
    assert cell(received.table, 0, 11, Qt.ItemDataRole.ToolTipRole) == notes.removeprefix("说明：")


def test_in_large_text_the_countys_bundle_list_fits_a_laptop(qtbot, world, valid_record, dialogs, ui_settings,
                                                            monkeypatch):
    """长者模式 on a 1366x768 laptop: the county's 数据包记录 sized every column to its content and 说明 was off the
    right edge; the file's and the office's names now give up width ("…", whole in the tooltip), not the counts."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, 1366, 728))  # minus the taskbar
    for code in ("640522100", "640522101"):
        town = world.town(code)
        town.store.save("meeting", valid_record("meeting"), ACTOR)
        world.import_(world.export(town).path)
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts())
    window.set_large_text(True)
    try:
        menu_action(window, "数据包记录").trigger()
        table = window.exchanges_dialog.table
        QApplication.processEvents()
        header = table.horizontalHeader()
        last = table.model().columnCount() - 1
        assert header.sectionViewportPosition(last) + header.sectionSize(last) <= table.viewport().width()
        assert cell(table, 0, 5) == "1"  # 新增, whole
        assert cell(table, 0, 10, Qt.ItemDataRole.ToolTipRole).startswith("fazhi-")
        window.exchanges_dialog.close()
    finally:
        window.set_large_text(False)


def test_a_tampered_bundle_on_the_stick_is_refused_with_the_reason(qtbot, world, valid_record, dialogs, ui_settings):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    path = world.export(town).path
    data = bytearray(path.read_bytes())
    data[-40] ^= 0x10
    path.write_bytes(bytes(data))
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts(files=[path]))
    dialog = import_dialog.open_import_dialog(window)
    qtbot.mouseClick(dialog.add_files_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.passphrase, COUNTY_PASS)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None and bool(dialog.reports), timeout=30000)
    text = dialog.report.toPlainText()
    assert "fazhi-640522100-000001.tar.age：拒绝接收" in text and "无法解密" in text and "未作任何改动" in text
    assert world.county.count("meeting") == 0
    assert not dialog.receipt_button.isEnabled()


def test_conflicts_are_shown_in_the_report(qtbot, world, dialogs):
    dialog = import_dialog.ImportDialog(world.county, dialogs, ACTOR, ScriptedPrompts())
    qtbot.addWidget(dialog)
    report = ImportReport("fazhi-640522100-000003.tar.age", "id", "640522100", "海城镇司法所", 3, unchanged=4,
                          conflicts=[ConflictInfo("会议", "〔2026〕会记字第3号", "rid", 2)],
                          notes=["已收到过另一个第 3 号数据包（乡镇可能重装或从备份恢复后重新导出）"])
    dialog.show_reports([report])
    text = dialog.report.toPlainText()
    assert "冲突 1 条" in text and "冲突：会议 〔2026〕会记字第3号 第 2 版（两边内容不同，已保留待处理）" in text
    assert "注意：已收到过另一个第 3 号数据包" in text
    assert dialog.conflicts_button.isVisibleTo(dialog)  # the way to settle them is right there
    settle = dialog.open_conflicts()
    assert settle.windowTitle() == "数据包冲突"
    settle.close()  # window-modal: left open, it blocked later tests' windows
    dialog.show_reports([ImportReport("fazhi-640522100-000004.tar.age", "id2", "640522100", "海城镇司法所", 4, new=2)])
    assert not dialog.conflicts_button.isVisibleTo(dialog)


def stick_reports() -> list[ImportReport]:
    """What a stick of several townships gives, in import order: repeats, a refused file and a conflict among the
    new bundles (a reviewer found them mid-list, after 19 blocks of 之前已导入)."""
    def town(code, sequence, **kwargs):
        return ImportReport(f"fazhi-{code}-{sequence:06d}.tar.age", f"id{code}{sequence}", code, "某镇司法所",
                            sequence, **kwargs)

    return [town("640522001", 1, unchanged=125, replay=True, notes=["此数据包已于 2026-11-26 17:50 导入过：重复导入，"
                                                                      "数据不会改变"]),
            town("640522001", 2, new=2),
            town("640522100", 1, unchanged=150, replay=True, notes=["此数据包已于 2026-11-26 17:50 导入过：重复导入，"
                                                                      "数据不会改变"]),
            town("640522100", 2, updated=3, deleted=1),
            town("640522103", 2, conflicts=[ConflictInfo("会议", "〔2026〕会记字第6号", "rid", 2)],
                 notes=["变更日志与之前收到的不同（乡镇数据库可能从备份恢复过）：此后以本数据包的变更日志为准"]),
            ImportReport("fazhi-640522202-000001 (1).tar.age",
                         error="数据包 fazhi-640522202-000001 (1).tar.age 无法解密"),
            town("640522206", 3)]


def test_a_stick_of_many_bundles_reports_what_needs_attention_first_and_folds_the_repeats(qtbot, world, dialogs):
    """A reviewer importing eighteen townships' bundles sees the sums, then the refused file with its reason and
    the conflict, then a line per bundle imported; the repeats are one line until 列出 is clicked."""
    dialog = import_dialog.ImportDialog(world.county, dialogs, ACTOR, ScriptedPrompts())
    qtbot.addWidget(dialog)
    dialog.reports = stick_reports()
    dialog.show_reports(dialog.reports)
    lines = dialog.report.toPlainText().splitlines()
    assert lines[0].startswith("共 7 个数据包：导入 4 个，之前已导入 2 个（未改动），拒绝 1 个")
    assert lines[2:6] == ["需要处理：2 个数据包",
                          "有冲突待处理：请按“处理冲突…”（或“数据交换 → 处理冲突…”）逐条比较后决定采用哪一版",
                          "fazhi-640522202-000001 (1).tar.age：拒绝接收",
                          "  原因：数据包 fazhi-640522202-000001 (1).tar.age 无法解密"]
    assert lines.index("fazhi-640522103-000002.tar.age：已导入 —— 某镇司法所（640522103）第 2 号数据包") < \
        lines.index("已导入：3 个数据包")
    assert lines[lines.index("已导入：3 个数据包") + 1:] == [
        "某镇司法所（640522001）第 2 号（fazhi-640522001-000002.tar.age）：新增 2 条",
        "某镇司法所（640522100）第 2 号（fazhi-640522100-000002.tar.age）：更新 3 条（其中删除 1 条）",
        "某镇司法所（640522206）第 3 号（fazhi-640522206-000003.tar.age）：没有新的变更",
        "",
        "之前已导入：2 个数据包（重复，这次未改动任何数据）  列出"]
    assert "导入过" not in dialog.report.toPlainText()

    dialog.report.anchorClicked.emit(QUrl(import_dialog.REPEATS_LINK))  # the 列出 link
    assert dialog.report.toPlainText().splitlines()[-3:] == [
        "之前已导入：2 个数据包（重复，这次未改动任何数据）  收起",
        "某镇司法所（640522001）第 1 号（fazhi-640522001-000001.tar.age）",
        "某镇司法所（640522100）第 1 号（fazhi-640522100-000001.tar.age）"]


def test_the_report_is_saved_as_a_text_file_with_the_refused_files_reasons(qtbot, world, dialogs, tmp_path):
    """Closing the import window lost why a file was refused; 保存报告 keeps the whole report, for Notepad."""
    target = tmp_path / "导入报告.txt"
    dialog = import_dialog.ImportDialog(world.county, dialogs, ACTOR, ScriptedPrompts(save=target))
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()  # nothing to save before a run
    dialog.reports = stick_reports()
    dialog.show_reports(dialog.reports)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    data = target.read_bytes()
    assert data.startswith("\ufeff".encode()) and b"\r\n" in data  # Notepad on a Chinese PC reads it as it is
    text = data.decode("utf-8-sig").replace("\r\n", "\n")
    assert "原因：数据包 fazhi-640522202-000001 (1).tar.age 无法解密" in text
    assert "冲突：会议 〔2026〕会记字第6号 第 2 版" in text
    assert "某镇司法所（640522100）第 1 号（fazhi-640522100-000001.tar.age）" in text  # repeats listed in the file
    assert text.index("【需要处理：2 个数据包】") < text.index("【已导入：3 个数据包】") < text.index("【之前已导入")
    assert dialogs.shown[-1][:2] == ("info", "已保存导入报告")

    (tmp_path / "U盘").write_text("")  # a file where the chosen folder should be: nothing can be written
    dialog.prompts.save_answer = tmp_path / "U盘" / "x.txt"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    kind, title, message = dialogs.shown[-1]
    assert (kind, title) == ("error", "无法保存导入报告") and "x.txt" in message


def test_township_creates_its_key_writes_the_enrolment_file_and_adds_the_county_key(
        qtbot, world, tmp_path, store, dialogs, ui_settings):
    county_file = tmp_path / "县级公钥.txt"
    county_file.write_text(world.public.file_text(), encoding="utf-8")
    prompts = ScriptedPrompts(passphrase=TOWN_PASS, save=tmp_path / "登记.json", files=[county_file])
    window = make_window(qtbot, store, dialogs, ui_settings, prompts)
    menu_action(window, "密钥与登记").trigger()
    view = window.keys_dialog
    assert "还没有签名密钥" in view.status.text() and not view.write_button.isEnabled()
    qtbot.mouseClick(view.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.task is None and view.fingerprint.text() != "", timeout=20000)
    fingerprint = view.fingerprint.text().removeprefix("指纹：")
    assert len(fingerprint.split(" ")) == 8
    assert fingerprint == keymod.township_key(store).fingerprint
    qtbot.mouseClick(view.write_button, Qt.MouseButton.LeftButton)
    assert json.loads((tmp_path / "登记.json").read_text(encoding="utf-8"))["fingerprint"] == fingerprint
    QTimer.singleShot(0, lambda: (view.fingerprint_check.heard.setText(world.public.fingerprint),
                                  view.fingerprint_check.ok.click()))
    qtbot.mouseClick(view.add_county_file, Qt.MouseButton.LeftButton)
    assert dialogs.shown[-1][1] == "已添加县级公钥"
    assert world.public.fingerprint in view.county_label.text()


def test_pasting_a_bad_county_key_is_explained(qtbot, store, dialogs, ui_settings):
    window = make_window(qtbot, store, dialogs, ui_settings, ScriptedPrompts(text="age1 这不是公钥"))
    view = keys_view.open_keys_dialog(window)
    qtbot.mouseClick(view.paste_county, Qt.MouseButton.LeftButton)
    assert dialogs.shown[-1][1] == "无法添加县级公钥" and "粘贴的文字 第 1 行" in dialogs.shown[-1][2]


def test_county_enrols_after_comparing_the_fingerprint_and_can_revoke(qtbot, world, tmp_path, dialogs, ui_settings):
    town = world.town("640522101", enrol=False)
    keymod.write_enrolment(town.store, tmp_path / "登记.json")
    fingerprint = keymod.township_key(town.store).fingerprint
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts(files=[tmp_path / "登记.json"]))
    view = keys_view.open_keys_dialog(window)
    assert view.table.rowCount() == 0
    checked = {}

    def compare_by_phone():
        check = view.fingerprint_check
        check.place_heard.setChecked(True)  # 李旺镇 said first on the phone
        type_text(qtbot, check.heard, fingerprint[:9])
        checked["half"] = (check.ok.isEnabled(), check.verdict.text())
        check.heard.clear()
        type_text(qtbot, check.heard, ("1" if fingerprint[0] != "1" else "2") + fingerprint[1:9])
        checked["wrong"] = (check.ok.isEnabled(), check.verdict.text())
        check.heard.clear()
        type_text(qtbot, check.heard, fingerprint.lower().replace(" ", ""))
        checked["right"] = (check.ok.isEnabled(), check.verdict.text())
        check.ok.click()

    QTimer.singleShot(0, compare_by_phone)
    qtbot.mouseClick(view.enrol_button, Qt.MouseButton.LeftButton)
    assert checked["half"] == (False, "前 2 组一致，请继续核对")
    assert checked["wrong"][0] is False and "第 1 组不一致" in checked["wrong"][1]
    assert checked["right"] == (True, "一致")
    assert dialogs.shown[-1][1] == "已登记"
    row = [view.table.item(0, c).text() for c in range(view.table.columnCount())]
    assert row[:3] == ["640522101", "李旺镇", "李旺镇司法所"] and row[4] == fingerprint and row[6] == "有效"

    view.table.selectRow(0)
    QTimer.singleShot(0, lambda: revoke_as(view, "更换"))
    qtbot.mouseClick(view.revoke_button, Qt.MouseButton.LeftButton)
    assert view.table.item(0, 6).text().startswith("已吊销")
    assert not keymod.enrolled_keys(world.county, "640522101")[0].active


def test_cancelling_the_fingerprint_check_enrols_nothing(qtbot, world, tmp_path, dialogs, ui_settings):
    town = world.town("640522101", enrol=False)
    keymod.write_enrolment(town.store, tmp_path / "登记.json")
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts(files=[tmp_path / "登记.json"]))
    view = keys_view.open_keys_dialog(window)
    QTimer.singleShot(0, lambda: view.fingerprint_check.reject())
    qtbot.mouseClick(view.enrol_button, Qt.MouseButton.LeftButton)
    assert keymod.enrolled_keys(world.county) == []


def test_a_damaged_enrolment_file_is_refused_before_any_comparison(qtbot, world, tmp_path, dialogs, ui_settings):
    town = world.town("640522101", enrol=False)
    path = tmp_path / "登记.json"
    keymod.write_enrolment(town.store, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["fingerprint"] = data["fingerprint"].replace(data["fingerprint"][0], "0" if data["fingerprint"][0] != "0"
                                                      else "1", 1)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts(files=[path]))
    view = keys_view.open_keys_dialog(window)
    qtbot.mouseClick(view.enrol_button, Qt.MouseButton.LeftButton)
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("error", "登记文件无效") and "指纹与公钥不符" in text
    assert not hasattr(view, "fingerprint_check") and keymod.enrolled_keys(world.county) == []


def test_revoking_asks_which_township_first(qtbot, world, dialogs, ui_settings):
    world.town("640522101")
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts())
    view = keys_view.open_keys_dialog(window)
    view.table.setCurrentCell(-1, -1)
    qtbot.mouseClick(view.revoke_button, Qt.MouseButton.LeftButton)
    assert dialogs.shown[-1] == ("info", "吊销密钥", "请先在表中选择一个乡镇。")
    view.table.selectRow(0)
    seen: dict = {}

    def look_and_cancel() -> None:
        dialog = view.revoke_dialog
        seen.update(ok=dialog.ok.isEnabled(), default=dialog.ok.isDefault())
        dialog.choose("被盗")
        seen["chosen"] = dialog.ok.isEnabled()
        dialog.reject()

    QTimer.singleShot(0, look_and_cancel)
    qtbot.mouseClick(view.revoke_button, Qt.MouseButton.LeftButton)
    assert keymod.enrolled_keys(world.county)[0].active
    assert seen == {"ok": False, "default": False, "chosen": True}  # no reason, no 吊销; its Enter revokes nothing


def test_revoking_a_row_of_a_key_replaced_since_leaves_the_townships_new_key(qtbot, world, dialogs, ui_settings):
    """A township that replaced its key (更换密钥…, enrolled with --replace) has two rows: its old key 已吊销 and
    its new one. 吊销 on the old row revoked every working key of the township, the new one too, and it could no
    longer report; now only the key of the row chosen is revoked, and one revoked already is said to be."""
    town = world.town("640522101")
    old = town.signer.public.key_id_hex
    keymod.init_township_key(town.store, "another-passphrase-123", replace=True, cost=LOW_COST)
    new = keymod.township_key(town.store).public.key_id_hex
    keymod.enrol(world.county, keymod.township_key(town.store), "县管理员", replace=True)
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts())
    view = keys_view.open_keys_dialog(window)
    rows = [view.table.item(r, 3).text() for r in range(view.table.rowCount())]
    view.table.selectRow(rows.index(old))
    titles: list[str] = []  # the old key, revoked as 更换 by the new one's enrolment: 改记 (被盗, 丢失), not revoked
    QTimer.singleShot(0, lambda: (titles.append(view.revoke_dialog.windowTitle()), view.revoke_dialog.reject()))
    qtbot.mouseClick(view.revoke_button, Qt.MouseButton.LeftButton)
    assert titles == ["改记吊销原因"] and not keymod.enrolled_key(world.county, old).active
    assert keymod.enrolled_key(world.county, new).active
    view.table.selectRow(rows.index(new))
    asked: list[str] = []
    QTimer.singleShot(0, lambda: asked.append(revoke_as(view, "更换")))
    qtbot.mouseClick(view.revoke_button, Qt.MouseButton.LeftButton)
    assert f"的签名密钥 {new} 吗？" in asked[0]
    assert not keymod.enrolled_key(world.county, new).active


def test_the_county_writes_its_public_key_file_for_the_townships(qtbot, world, tmp_path, dialogs, ui_settings):
    target = tmp_path / "县级公钥-640522.txt"
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts(save=target))
    view = keys_view.open_keys_dialog(window)
    qtbot.mouseClick(view.write_button, Qt.MouseButton.LeftButton)
    assert dialogs.shown[-1] == ("info", "已保存", f"已保存：{target}")
    added = county_key.parse_county_keys(target.read_text(encoding="utf-8"))
    assert added.recipients == [world.public.recipient] and added.signing == [world.public.signing]


def test_the_county_compares_a_conflict_and_takes_the_incoming_version(qtbot, conflicted, dialogs, ui_settings):
    world, _, record = conflicted
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts())
    menu_action(window, "处理冲突").trigger()
    dialog = window.conflicts_dialog
    qtbot.waitExposed(dialog)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == record.number
    assert dialog.table.item(0, 5).text() == "待处理"
    assert dialog.focusWidget() is dialog.table  # the list, not 显示已处理的 (the county keyboard audit)
    shown = [[dialog.diff.item(r, c).text() for c in range(3)] for r in range(dialog.diff.rowCount())]
    assert shown == [["地点", "会议室甲", "会议室乙"]]
    assert "新收到：第 2 版" in dialog.summary.text()
    assert "这条记录现在不计入指标：乡镇从备份恢复过" in dialog.summary.text()  # set aside while it waits
    dialog.take_button.click()  # asks first; the scripted answer is no
    assert dialogs.shown[-1][1] == "采用新收到的版本" and world.county.get(record.id)["location"] == "会议室甲"
    assert f"本县现有的 海城镇（640522100） {record.number} 第 2 版" in dialogs.shown[-1][2]  # numbers repeat
    assert "被替换的版本随这条冲突一并保留" in dialogs.shown[-1][2]
    dialogs.confirm_answers.append(True)
    dialog.take_button.click()
    assert world.county.get(record.id)["location"] == "会议室乙"
    assert dialog.table.rowCount() == 0 and dialog.empty.text() == "没有待处理的冲突。"
    dialog.show_resolved.setChecked(True)
    assert dialog.table.item(0, 5).text().startswith("已处理：采用新收到的版本")
    assert "不计入" not in dialog.summary.text()
    assert not dialog.take_button.isEnabled() and not dialog.keep_button.isEnabled()
    dialog.close()


def test_a_clerk_sees_the_conflict_but_cannot_decide(qtbot, conflicted, dialogs, ui_settings):
    from fazhi_desktop.core import accounts

    world, _, _ = conflicted
    county = world.county
    accounts.add_account(county, "admin", None, "管理员", "county-admin-01")
    accounts.login(county, "admin", "county-admin-01")
    accounts.add_account(county, "王芳", None, "录入员", "county-clerk-01")
    clerk = accounts.login(county, "王芳", "county-clerk-01")
    window = create_main_window(county, dialogs, ui_settings, clerk)
    qtbot.addWidget(window)
    from fazhi_desktop.qt.conflicts_view import open_conflicts_dialog

    dialog = open_conflicts_dialog(window)
    assert dialog.table.rowCount() == 1 and dialog.diff.rowCount() == 1
    assert not dialog.take_button.isEnabled()
    assert dialog.take_button.toolTip() == "录入员无权处理数据包冲突（需要所长或管理员）"
    dialog.close()


def test_a_record_set_aside_after_a_restore_says_so_in_the_countys_list(qtbot, world, valid_record, dialogs,
                                                                          ui_settings):
    """Records set aside (a version the township no longer has) looked like any other in 各乡镇台账."""
    town = world.town()
    kept, lost = (town.store.save("meeting", valid_record("meeting", title=t), ACTOR) for t in ("留下的", "恢复前的"))
    world.import_(world.export(town).path)
    world.county.conn.execute("INSERT INTO set_aside VALUES (?, ?, 'meeting', ?, 'b', '2026-06-01T00:00:00Z')",
                              [lost.id, town.code, lost.number])  # as core/bundle/lost.py leaves it
    shown = county_meeting_statuses(qtbot, world, dialogs, ui_settings)
    assert shown == {kept.id: "草稿", lost.id: "草稿·不计入"}
    from fazhi_desktop.qt.indicator_widgets import RecordViewer

    viewer = RecordViewer(world.county, world.county.get(lost.id))
    qtbot.addWidget(viewer)
    assert "不计入指标：这个版本乡镇已经没有了" in viewer.text.toPlainText()


def county_meeting_statuses(qtbot, world, dialogs, ui_settings) -> dict[str, str]:
    """record id -> its 状态 as the county's 会议 list shows it."""
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts())
    window.show_page("meeting")
    model = window.pages["meeting"].model
    status = model.columns.index("status")
    return {model.record_at(r).id: model.index(r, status).data() for r in range(model.rowCount())}


def test_a_reinstalled_townships_earlier_records_are_marked_where_the_county_lists_them(
        qtbot, world, valid_record, dialogs, ui_settings):
    """A township that re-installed numbers from 第1号 again: the county's list, record and drill-down showed two
    〔2026〕会记字第1号 of one township alike (or the earlier one as 不计入: "its township restored a backup")."""
    from fazhi_desktop.core.indicators import load_catalog_for
    from fazhi_desktop.qt.indicator_widgets import DrillDialog

    deployment = {"meeting_type": "专题研究部署法治政府建设会议", "office_head_attendance": "全程"}
    town = world.town()
    earlier = town.store.save("meeting", valid_record("meeting", title="重装前的会议", **deployment), ACTOR)
    world.import_(world.export(town).path)
    new = world.reinstall()
    later = new.store.save("meeting", valid_record("meeting", title="重装后的会议", held_on="2026-04-01",
                                                   **deployment), ACTOR)
    world.import_(world.export(new).path)
    assert earlier.number == later.number
    shown = county_meeting_statuses(qtbot, world, dialogs, ui_settings)
    assert shown == {earlier.id: "草稿·重装前", later.id: "草稿"}
    viewer = RecordViewer(world.county, world.county.get(earlier.id))
    qtbot.addWidget(viewer)
    assert "重装前的记录：乡镇重装过，县里保留的是唯一的一份，照常计入指标" in viewer.text.toPlainText()
    assert f"重装后的记录也编为{later.number}" in viewer.text.toPlainText()  # as the drill-down's tooltip says
    assert "不计入" not in viewer.text.toPlainText()
    drill = DrillDialog(world.county, load_catalog_for(world.county, remember=False), "T40a", 2026, town.code,
                        lambda record: None, today=date(2026, 12, 31))
    qtbot.addWidget(drill)
    rows = [(drill.table.item(r, 2).text(), drill.table.item(r, 6).text()) for r in range(drill.table.rowCount())]
    assert rows == [("重装前的会议", "重装前"), ("重装后的会议", "")] and not drill.table.isColumnHidden(6)
    assert drill.table.item(0, 6).toolTip() == f"乡镇重装前的记录，照常计入；重装后的记录也编为{later.number}"


def test_an_earlier_record_whose_number_the_new_install_did_not_give_again_is_not_said_to_share_it(
        qtbot, world, valid_record):
    """The record viewer said 编号可能与重装后的记录相同 of every record of an earlier install, where the drill-down
    and the import say it only when the new install gave that number again: one that imported the county's receipt
    first numbers on, and the viewer says nothing of numbers."""
    deployment = {"meeting_type": "专题研究部署法治政府建设会议", "office_head_attendance": "全程"}
    town = world.town()
    earlier = town.store.save("meeting", valid_record("meeting", title="重装前的会议", **deployment), ACTOR)
    world.import_(world.export(town).path)
    new = world.reinstall()
    world.receipt(new)  # before its first record: it numbers on
    later = new.store.save("meeting", valid_record("meeting", title="重装后的会议", held_on="2026-04-01",
                                                   **deployment), ACTOR)
    world.import_(world.export(new).path)
    assert earlier.number != later.number
    viewer = RecordViewer(world.county, world.county.get(earlier.id))
    qtbot.addWidget(viewer)
    text = viewer.text.toPlainText()
    assert "重装前的记录：乡镇重装过，县里保留的是唯一的一份，照常计入指标）" in text and "相同" not in text

def test_the_countys_ledger_lists_say_which_township_each_record_is_from(qtbot, world, valid_record, dialogs,
                                                                         ui_settings):
    """Every township numbers its own records: the county holds two 〔2026〕会记字第1号 and must tell them apart."""
    for code in ("640522100", "640522101"):
        town = world.town(code)
        town.store.save("meeting", valid_record("meeting"), ACTOR)
        world.import_(world.export(town).path)
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts())
    window.show_page("meeting")
    model = window.pages["meeting"].model
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert header[:2] == ["乡镇", "编号"]
    rows = sorted((model.index(r, 0).data(), model.index(r, 1).data()) for r in range(model.rowCount()))
    assert rows == [("李旺镇", "〔2026〕会记字第1号"), ("海城镇", "〔2026〕会记字第1号")]
    window.show_page("law_study")
    empty = window.pages["law_study"].empty_label
    assert empty.isVisible() and "导入数据包" in empty.text() and "Ctrl+N" not in empty.text()


def test_a_clerk_without_the_county_key_is_told_whom_to_ask(qtbot, world, dialogs, ui_settings):
    """密钥与登记 is greyed out for a 录入员: the first page names who can add the key, and no command line."""
    from fazhi_desktop.core import accounts

    town = world.town()
    town.store.conn.execute("DELETE FROM county_keys")
    town.store.user = accounts.add_account(town.store, "admin", None, "管理员", "mima-2026")
    clerk = accounts.add_account(town.store, "马丽", None, "录入员", "mima-2026")
    window = create_main_window(town.store, dialogs, ui_settings, clerk)
    qtbot.addWidget(window)
    window.exchange_prompts = ScriptedPrompts(folder=town.usb)
    window.show()
    menu_action(window, "导出数据包").trigger()
    wizard = window.export_wizard
    assert wizard.place.stop_label.text() == ("现在还不能导出。尚未添加县级公钥："
                                              "请所长或管理员在“数据交换 → 密钥与登记”中添加县级公钥。")
    wizard.reject()


def test_the_county_summary_shows_an_import_at_once_and_every_page_when_next_seen(
        qtbot, world, valid_record, dialogs, ui_settings):
    """The matrix said "0 个有2026年记录" after an import, the status bar 共 1 条, until 刷新."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting", title="海城镇法治政府建设专题会议"), ACTOR)
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts(folder=town.usb))
    window.show_page("county")
    page = window.page("county")
    assert f"18 个乡镇，0 个有{page.year}年记录" in page.summary.text() and page.records.count_label.text() == "共 0 条"
    world.export(town)
    dialog = import_stick_with_dialog(qtbot, window)
    dialog.close()
    assert f"18 个乡镇，1 个有{page.year}年记录" in page.summary.text()
    assert page.records.count_label.text() == "共 1 条"  # 各乡镇台账 too
    assert "共 1 条记录" in window.counts_label.text()

    window.show_page("meeting")
    town.store.save("meeting", valid_record("meeting", title="第二次会议"), ACTOR)
    world.import_(world.export(town).path)  # e.g. by the command line while the window stays open
    window.show_page("county")
    assert page.records.count_label.text() == "共 2 条"  # read again when shown again


def test_a_settled_conflict_shows_in_the_list_at_once(qtbot, conflicted, dialogs, ui_settings):
    world, _, record = conflicted
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts())
    window.show_page("meeting")
    view = window.page("meeting")
    menu_action(window, "处理冲突").trigger()
    dialog = window.conflicts_dialog
    dialogs.confirm_answers.append(True)
    with qtbot.waitSignal(view.model.modelReset, timeout=1000):  # the list shown reads the taken version
        dialog.take_button.click()
    assert world.county.get(record.id)["location"] == "会议室乙"
    dialog.close()


def test_only_removable_media_are_offered_as_sticks(qtbot, world, dialogs, ui_settings, monkeypatch, tmp_path):
    """A network share or a second disk under /mnt was listed as a write-protected U盘 on every export."""
    from fazhi_desktop.core import media

    disk = tmp_path / "sys/devices/pci0000:00/0000:00:14.0/usb1/1-1/host6/block/sdz"
    (disk / "sdz1").mkdir(parents=True)
    (disk / "removable").write_text("1\n")
    (tmp_path / "sys/class/block").mkdir(parents=True)
    (tmp_path / "sys/class/block/sdz1").symlink_to(disk / "sdz1")
    monkeypatch.setattr(media, "SYS_BLOCK", tmp_path / "sys/class/block")
    share = FakeVolume(Path("/mnt/share"), "//server/share", "share")
    share.isReadOnly = lambda: True
    volumes = [FakeVolume(Path("/media/u/KINGSTON"), "/dev/sdc1"), share,
               FakeVolume(Path("/mnt/data"), "/dev/nvme0n1p3", "data"),
               FakeVolume(Path("/mnt/usb"), "/dev/sdz1", "USB")]
    monkeypatch.setattr(exchange.QStorageInfo, "mountedVolumes", staticmethod(lambda: volumes))
    monkeypatch.setattr(media.sys, "platform", "linux")
    window = make_window(qtbot, world.town().store, dialogs, ui_settings, ScriptedPrompts())
    menu_action(window, "导出数据包").trigger()
    drives = window.export_wizard.place.drives
    assert [drives.item(r).text().split("（")[0] for r in range(drives.count())] == ["KINGSTON", "USB"]
    window.export_wizard.reject()


def test_a_stick_unmounted_after_it_was_chosen_is_not_written_past(qtbot, world, valid_record, dialogs,
                                                                  ui_settings, monkeypatch):
    """Unmounted on the plan page, the stick's mount point is an empty folder on the PC's disk: the bundle landed
    there and counted as sent."""
    from fazhi_desktop.core import media

    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    wizard = open_plan(qtbot, town, dialogs, ui_settings)
    monkeypatch.setattr(media, "_device", lambda folder: 4242)  # the folder is now on another device
    qtbot.keyClicks(wizard.plan_page.passphrase, TOWN_PASS)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=20000)
    assert dialogs.shown[0][:2] == ("error", "无法导出")
    assert dialogs.shown[0][2].startswith(f"U盘已拔出或已更换：{town.usb} 已不是选择时的那个U盘")
    assert wizard.currentPage() is wizard.plan_page and list(town.usb.iterdir()) == []
    assert town.store.query("SELECT count(*) AS n FROM bundles_sent")[0]["n"] == 0
    wizard.reject()


def test_a_new_list_of_files_clears_the_previous_report(qtbot, world, valid_record, dialogs, ui_settings):
    """清空列表 → 选择文件夹 left "共 1 个数据包：导入 1 个…" under the new list, read as the new stick's result."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    world.export(town)
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts(folder=town.usb))
    dialog = import_stick_with_dialog(qtbot, window)
    assert "共 1 个数据包：导入 1 个" in dialog.report.toPlainText()
    qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.add_folder_button, Qt.MouseButton.LeftButton)
    assert dialog.report.toPlainText() == "" and "文件列表已改变" in dialog.report.placeholderText()
    assert not dialog.save_button.isEnabled()
    assert dialog.receipt_button.isEnabled()  # what was imported still gets its receipt
    dialog.close()


def test_the_plan_says_a_year_left_reopened_and_where_it_is_closed_again(qtbot, world, dialogs, ui_settings):
    """The county flags a year reopened and not closed again; the wizard sent it without a word."""
    town = world.town()
    year_close.close_year(town.store, 2025, ACTOR)
    year_close.reopen_year(town.store, 2025, "补录12月30日的党委会", ACTOR)
    summary = plan_summary(qtbot, town, dialogs, ui_settings)
    assert ("注意：2025年已重新打开（原因：补录12月30日的党委会），更正后请再次封账（编辑 → 年度封账…）；"
            "县里会看到该年未封账。") in summary.splitlines()
