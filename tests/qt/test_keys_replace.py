# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""更换密钥 in 密钥与登记: a clerk who forgot the passphrase (or whose key leaked, or who is on a new PC without it)
replaces the office's key in the window, not only with `fazhi keys init --replace`. The question says what follows,
the new passphrase is typed twice, the enrolment step comes next, and the county trusts the new key only once it
has enrolled it again. The county replaces its own key the same way. The county's key table shows 状态 in a narrow
window and in 长者模式."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import COUNTY_PASS, LOW_COST, TOWN_PASS, county_template, world  # noqa: F401
from test_bundles_gui import ScriptedPrompts, export_with_wizard, make_window

from fazhi_desktop.core.bundle import county_key, minisign
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts
from fazhi_desktop.qt import keys_view

NEW_PASS = "the-new-passphrase"


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch):
    monkeypatch.setattr(minisign, "DEFAULT_COST", LOW_COST)


def keys_window(qtbot, store, dialogs, ui_settings, prompts: ScriptedPrompts) -> keys_view.KeysDialog:
    window = make_window(qtbot, store, dialogs, ui_settings, prompts)
    return keys_view.open_keys_dialog(window)


def replace_in_window(qtbot, view: keys_view.KeysDialog, dialogs) -> None:
    """更换密钥 → 更换密钥 (the question) → the new passphrase → 写出… (the next step), as a clerk answers."""
    dialogs.confirm_answers.extend([True, True])
    qtbot.mouseClick(view.replace_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.task is None, timeout=30000)


def enrol_in_window(qtbot, county, dialogs, ui_settings, path: Path, fingerprint: str) -> None:
    """The county enrols the township's new key (替换 the old one) after comparing the fingerprint by phone."""
    view = keys_window(qtbot, county, dialogs, ui_settings, ScriptedPrompts(files=[path]))

    def compare_by_phone():
        check = view.fingerprint_check
        check.place_heard.setChecked(True)
        check.heard.setText(fingerprint)
        check.ok.click()

    dialogs.confirm_answers.append(True)  # 吊销旧密钥并登记
    QTimer.singleShot(0, compare_by_phone)
    qtbot.mouseClick(view.enrol_button, Qt.MouseButton.LeftButton)
    assert dialogs.shown[-1][1] == "已登记", dialogs.texts()


def test_the_greyed_create_button_says_why_and_replacing_is_offered_once_there_is_a_key(qtbot, world, store, dialogs,
                                                                                        ui_settings):
    view = keys_window(qtbot, store, dialogs, ui_settings, ScriptedPrompts())
    assert view.create_button.isEnabled() and not view.replace_button.isEnabled()
    assert view.replace_button.toolTip() == "还没有密钥可更换：请先点“创建密钥”"
    town = world.town()
    view = keys_window(qtbot, town.store, dialogs, ui_settings, ScriptedPrompts())
    assert not view.create_button.isEnabled() and view.replace_button.isEnabled()
    assert view.create_button.toolTip() == ("本所已有签名密钥（只需创建一次）。忘记口令、密钥泄露或换了电脑时，"
                                            "请点“更换密钥”")
    county = keys_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts())
    assert not county.create_button.isEnabled() and county.replace_button.isEnabled()
    assert "忘记口令或密钥泄露时，请点“更换密钥”" in county.create_button.toolTip()


def test_replacing_says_what_follows_first_and_no_changes_nothing(qtbot, world, dialogs, ui_settings):
    town = world.town()
    before = keymod.township_key(town.store)
    prompts = ScriptedPrompts(passphrase=NEW_PASS)
    view = keys_window(qtbot, town.store, dialogs, ui_settings, prompts)
    qtbot.mouseClick(view.replace_button, Qt.MouseButton.LeftButton)  # the scripted answer is no
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("confirm", "更换签名密钥") and dialogs.confirm_defaults[-1] is False  # Enter: 取消
    assert "县司法局登记新密钥之前，不接收本所的任何数据包" in text and "先报乡镇“海城镇”，再报新的指纹" in text
    assert "已导出、县里还没有导入的数据包，县里登记新密钥后一律拒收" in text
    assert prompts.asked == [] and view.task is None
    assert keymod.township_key(town.store) == before


def test_a_township_that_forgot_its_passphrase_replaces_its_key_and_the_county_enrols_it_again(
        qtbot, world, valid_record, tmp_path, dialogs, ui_settings):
    town = world.town()
    old = keymod.township_key(town.store)
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    on_its_way = world.export(town).path  # exported with the old key, not yet imported at the county
    prompts = ScriptedPrompts(passphrase=NEW_PASS, save=tmp_path / "登记.json", folder=town.usb)
    window = make_window(qtbot, town.store, dialogs, ui_settings, prompts)

    wizard = export_with_wizard(qtbot, window, town.usb, passphrase="forgotten passphrase")
    qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=20000)
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("error", "无法导出") and "口令不对" in text
    assert "忘记了口令：请在“数据交换 → 密钥与登记”中点“更换密钥”，设置新口令" in text  # the way out, named
    wizard.reject()

    view = keys_view.open_keys_dialog(window)
    prompts.asked.clear()
    replace_in_window(qtbot, view, dialogs)
    assert prompts.asked == ["设置新的密钥口令", "保存到"]  # the new passphrase (typed twice), then the file
    new = keymod.township_key(town.store)
    assert new.public != old.public and view.fingerprint.text() == f"指纹：{new.fingerprint}"
    kind, title, text = dialogs.shown[-2]
    assert (kind, title) == ("confirm", "已更换密钥") and new.fingerprint in text
    assert "下一步：写出登记文件交县司法局，打电话先报乡镇“海城镇”，再报上面的指纹" in text
    assert json.loads((tmp_path / "登记.json").read_text(encoding="utf-8"))["fingerprint"] == new.fingerprint
    assert dialogs.shown[-1][:2] == ("info", "已保存")
    assert dialogs.shown[-1][2].startswith(f"已写出登记文件：{tmp_path / '登记.json'}\n")

    town.store.save("meeting", valid_record("meeting", title="更换密钥后的会议"), "杨芳")
    wizard = export_with_wizard(qtbot, window, town.usb, passphrase=NEW_PASS)  # the new key signs the next bundle
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page, timeout=20000)
    signed_new = wizard.result.path
    wizard.reject()
    report = world.import_(signed_new)
    assert not report.ok and f"签名密钥 {new.public.key_id_hex} 未在本县登记" in report.error  # not yet enrolled

    enrol_in_window(qtbot, world.county, dialogs, ui_settings, tmp_path / "登记.json", new.fingerprint)
    assert world.import_(signed_new).ok
    report = world.import_(on_its_way)  # the old install's stick, brought after the new key was enrolled
    assert not report.ok and f"签名密钥 {old.public.key_id_hex}" in report.error and "吊销" in report.error
    assert [(k.key_id, k.active) for k in keymod.enrolled_keys(world.county, town.code)] == [
        (old.public.key_id_hex, False), (new.public.key_id_hex, True)]


class Passphrases(ScriptedPrompts):
    """Answers the passphrase questions in turn (the old one, then the new one)."""

    def __init__(self, *answers: str, save: Path | None = None):
        super().__init__(save=save)
        self.answers = list(answers)

    def passphrase(self, parent, title, confirm=False):
        self.asked.append(title)
        return self.answers.pop(0)


def test_the_county_replaces_its_key_and_townships_take_the_new_key_file(qtbot, world, valid_record, tmp_path,
                                                                          dialogs, ui_settings):
    """The bundle on its way, encrypted to the old key, imports: the old key is kept under the new passphrase.
    Before, it was deleted, and the bundle never opened again (the leaver's copy of the keys folder still did)."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    on_its_way = world.export(town).path  # encrypted to the county's old key
    old = keymod.county_public(world.county)
    prompts = Passphrases(COUNTY_PASS, NEW_PASS, save=tmp_path / "县级公钥-640522.txt")
    view = keys_window(qtbot, world.county, dialogs, ui_settings, prompts)
    replace_in_window(qtbot, view, dialogs)
    assert prompts.asked[:2] == ["更换县级密钥：输入原口令（忘记了请留空）", "设置新的密钥口令"]
    title, text = dialogs.shown[-3][1:]
    assert title == "更换县级密钥" and "各乡镇都须添加新的县级公钥文件（替换旧的）" in text
    assert "旧密钥保留在密钥文件夹中（改用新口令加密）" in text and "“县级公钥”一栏" in text
    new = keymod.county_public(world.county)
    assert new.recipient != old.recipient and view.fingerprint.text() == f"指纹：{new.fingerprint}"
    assert dialogs.shown[-2][1] == "已更换密钥" and "写出县级公钥文件交各乡镇" in dialogs.shown[-2][2]
    assert keymod.BACK_UP_NEW_KEY.startswith("请立即备份一次（文件 → 立即备份；命令行：fazhi backup）：此前")
    assert keymod.BACK_UP_NEW_KEY in dialogs.shown[-2][2]  # no backup holds the new key yet
    key_file = (tmp_path / "县级公钥-640522.txt").read_text(encoding="utf-8")
    assert key_file == new.file_text()

    keys = keymod.unlock_county_keys(world.county, NEW_PASS)
    world.keys = keys
    report = world.import_(on_its_way)
    assert report.ok and "注意：用本县旧密钥打开（乡镇还在用旧的县级公钥）" in "\n".join(report.lines())
    with pytest.raises(BundleError, match=r"(?s)口令不对.*忘记了口令：请在“数据交换 → 密钥与登记”中点“忘记口令？用备份"
                                          r"恢复码设新口令”.*没有备份恢复码的，才更换密钥"):
        keymod.unlock_county_keys(world.county, COUNTY_PASS)

    county_key.add_county_keys(town.store, key_file, "杨芳", replace=True)  # the township takes the new file
    report = world.import_(world.export(town).path)
    assert report.ok and not any("旧密钥" in note for note in report.notes)
    [receipt] = write_receipts(world.county, keys, town.usb, [town.code])
    assert import_receipt(town.store, receipt.path, "杨芳").advanced


def test_the_countys_key_table_shows_the_state_in_a_narrow_window_and_in_large_text(qtbot, world, dialogs,
                                                                                    ui_settings, monkeypatch):
    """In a 760-pixel window (the dialog's size on a small screen) 登记日期 was cut and 状态 off the right edge,
    as in 长者模式 on a 1366x768 laptop: the technician scrolled sideways before revoking a key. A key revoked as
    stolen said only 已吊销 and its day, as one replaced (更换) does: the reason is in the column now."""
    for code in ("640522100", "640522101", "640522103", "640522104"):
        world.town(code)
    keymod.revoke(world.county, "640522103", "马县级", reason="被盗")
    keymod.revoke(world.county, "640522104", "马县级", reason="更换")
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts())

    def state_shown_whole(view: keys_view.KeysDialog) -> None:
        QApplication.processEvents()
        table, header = view.table, view.table.horizontalHeader()
        state = keys_view.KEY_COLUMNS.index("状态")
        assert header.sectionViewportPosition(state) + header.sectionSize(state) <= table.viewport().width()
        texts = [table.item(row, state).text() for row in range(table.rowCount())]
        assert texts == ["有效", "有效", "已吊销（被盗）2026-06-01", "已吊销（更换）2026-06-01"]
        assert all(view.fitter.text_width(text) <= header.sectionSize(state) for text in texts)
        assert table.item(2, state).toolTip().startswith("已吊销（2026-06-01 ")
        fingerprint = keys_view.KEY_COLUMNS.index("指纹")
        assert table.item(0, fingerprint).toolTip() == keymod.enrolled_keys(world.county)[0].fingerprint
        view.close()

    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, 800, 600))
    view = keys_view.open_keys_dialog(window)
    assert view.width() == 760
    state_shown_whole(view)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, 1366, 728))  # minus the taskbar
    window.set_large_text(True)
    try:
        view = keys_view.open_keys_dialog(window)
        assert view.width() == 1326
        state_shown_whole(view)
    finally:
        window.set_large_text(False)


def test_the_old_county_fingerprint_typed_at_a_township_is_said_as_such(qtbot, world, tmp_path, dialogs,
                                                                       ui_settings):
    """Before, it said only 第 1 组不一致：…（可能是读错，也可能文件被调换）: the clerk suspected a swapped file."""
    town = world.town()
    old = world.public.fingerprint
    world.replace_county_key(NEW_PASS)
    county_file = tmp_path / "县级公钥.txt"
    county_file.write_text(world.public.file_text(), encoding="utf-8")
    dialogs.confirm_answers.append(True)  # 替换县级公钥
    view = keys_window(qtbot, town.store, dialogs, ui_settings, ScriptedPrompts(files=[county_file]))
    seen = {}

    def read_the_old_one_out():
        check = view.fingerprint_check
        check.heard.setText(old)
        seen["verdict"], seen["ok"] = check.verdict.text(), check.ok.isEnabled()
        check.reject()

    QTimer.singleShot(0, read_the_old_one_out)
    qtbot.mouseClick(view.add_county_file, Qt.MouseButton.LeftButton)
    assert seen == {"verdict": "核对的是原来的县级公钥的指纹：请县里读出新指纹", "ok": False}


def test_the_countys_passphrase_change_speaks_of_import_and_receipts(qtbot, world, dialogs, ui_settings):
    view = keys_window(qtbot, world.county, dialogs, ui_settings, Passphrases(COUNTY_PASS, NEW_PASS))
    assert "各乡镇不必换县级公钥文件" in view.passphrase_button.toolTip()
    assert "登记" not in view.passphrase_button.toolTip()
    view.change_passphrase()
    qtbot.waitUntil(lambda: view.task is None, timeout=20000)
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("info", "口令已修改") and "导入数据包和写回执时请用新口令" in text
    assert "登记" not in text and "导出" not in text


def test_the_county_replacing_with_the_old_passphrase_forgotten_is_told_what_becomes_of_bundles_on_their_way(
        qtbot, world, dialogs, ui_settings):
    """Said before the key is replaced (Enter: not replaced): without a copy of the old key sealed to the backup key,
    bundles still encrypted to it will not import; with one, the recovery code brings it back
    (tests/core/test_county_key_replaced_forgotten.py)."""
    old = keymod.county_public(world.county)
    prompts = Passphrases("", "", NEW_PASS)
    view = keys_window(qtbot, world.county, dialogs, ui_settings, prompts)
    dialogs.confirm_answers.append(True)  # 更换密钥 (what follows); then the fate of the old key: Enter
    qtbot.mouseClick(view.replace_button, Qt.MouseButton.LeftButton)
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("confirm", "更换县级密钥") and text.startswith("忘记了原口令，")
    assert "旧密钥更换后就再也打不开了" in text and dialogs.confirm_defaults[-1] is False
    assert view.task is None and keymod.county_public(world.county) == old
    dialogs.confirm_answers.extend([True, True, False])  # again: 更换密钥, 更换密钥, then 稍后
    qtbot.mouseClick(view.replace_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.task is None, timeout=30000)
    assert keymod.county_public(world.county) != old and dialogs.shown[-1][1] == "已更换密钥"
    assert prompts.asked == ["更换县级密钥：输入原口令（忘记了请留空）"] * 2 + ["设置新的密钥口令"]
