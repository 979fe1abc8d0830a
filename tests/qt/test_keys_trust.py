# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""密钥与登记 as a clerk and a technician use it when trust is at stake: the township compares the county's fingerprint
before its key is stored, replaces a county key only after a question naming both and can remove it; the county is
asked before a township's working key is revoked, and told at once when a key is enrolled already."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from pyrage import x25519
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import LOW_COST, TOWN_PASS, county_template, world  # noqa: F401
from helpers import type_text
from test_bundles_gui import ScriptedPrompts, make_window

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle import minisign
from fazhi_desktop.core.bundle.common import keys_dir
from fazhi_desktop.qt import keys_view
from fazhi_desktop.qt.fingerprint_check import FingerprintCheck


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch):
    monkeypatch.setattr(minisign, "DEFAULT_COST", LOW_COST)


def keys_window(qtbot, store, dialogs, ui_settings, **prompts) -> keys_view.KeysDialog:
    window = make_window(qtbot, store, dialogs, ui_settings, ScriptedPrompts(**prompts))
    return keys_view.open_keys_dialog(window)


def answer_fingerprint(qtbot, view, typed: str, seen: dict) -> None:
    """The other office reads its fingerprint on the phone; the clerk types it, as heard, and accepts if allowed."""
    def answer():
        check = view.fingerprint_check
        seen["heading"] = check.heading.text()
        if check.place_heard is not None:  # a township first says which one it is
            check.place_heard.setChecked(True)
        type_text(qtbot, check.heard, typed)
        seen["verdict"] = check.verdict.text()
        (check.ok.click if check.ok.isEnabled() else check.reject)()

    QTimer.singleShot(0, answer)


def refuse_any_fingerprint_check(view) -> None:
    """Where no comparison is due: a fingerprint check that opens all the same is closed, and the test then fails
    on it instead of waiting for a click."""
    QTimer.singleShot(0, lambda: hasattr(view, "fingerprint_check") and view.fingerprint_check.reject())


def county_file(tmp_path: Path, name: str = "县级公钥-640522.txt") -> tuple[Path, keymod.CountyPublic]:
    public = keymod.CountyPublic("640522", "海原县司法局", str(x25519.Identity.generate().to_public()),
                                 minisign.SecretKey.generate().public)
    path = tmp_path / name
    path.write_text(public.file_text(), encoding="utf-8")
    return path, public


def test_the_township_compares_the_countys_fingerprint_before_its_key_is_stored(qtbot, world, store, dialogs,
                                                                                 ui_settings, tmp_path):
    path = tmp_path / "县级公钥-640522.txt"
    path.write_text(world.public.file_text(), encoding="utf-8")
    view = keys_window(qtbot, store, dialogs, ui_settings, files=[path])
    assert view.county_label.text().startswith("县级公钥：尚未添加") and not view.remove_county.isEnabled()
    seen: dict = {}
    wrong = world.public.fingerprint[:-1] + ("1" if world.public.fingerprint[-1] != "1" else "2")
    answer_fingerprint(qtbot, view, wrong, seen)
    qtbot.mouseClick(view.add_county_file, Qt.MouseButton.LeftButton)
    assert seen["heading"].startswith("县级公钥：海原县司法局（640522）\n请打电话给县司法局")
    assert "第 8 组不一致" in seen["verdict"]
    assert keymod.county_keys_known(store).recipients == []  # not compared: not stored

    answer_fingerprint(qtbot, view, world.public.fingerprint.replace("0", "O"), seen)  # 零 heard, O typed
    qtbot.mouseClick(view.add_county_file, Qt.MouseButton.LeftButton)
    assert seen["verdict"] == "一致"
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("info", "已添加县级公钥")
    assert text.endswith("（加密公钥 1 个，回执签名公钥 1 个）")
    assert view.county_label.text() == (f"县级公钥：海原县司法局（640522），2026-06-01 添加\n"
                                        f"县级公钥指纹：{world.public.fingerprint}")
    assert keymod.county_keys_known(store).recipients == [world.public.recipient]


def test_another_county_key_replaces_the_held_one_only_after_a_question_naming_both(qtbot, world, dialogs,
                                                                                    ui_settings, tmp_path):
    town = world.town()
    path, other = county_file(tmp_path)
    view = keys_window(qtbot, town.store, dialogs, ui_settings, files=[path])
    dialogs.confirm_answers.append(False)
    refuse_any_fingerprint_check(view)
    qtbot.mouseClick(view.add_county_file, Qt.MouseButton.LeftButton)
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("confirm", "替换县级公钥")
    assert f"本所已保存县级公钥：海原县司法局（640522）\n    指纹 {world.public.fingerprint}\n" in text
    assert f"{path} 中是另一把：海原县司法局（640522）\n    指纹 {other.fingerprint}\n" in text
    assert not hasattr(view, "fingerprint_check")
    assert keymod.county_keys_known(town.store).recipients == [world.public.recipient]

    dialogs.confirm_answers.append(True)
    seen: dict = {}
    answer_fingerprint(qtbot, view, other.fingerprint, seen)
    qtbot.mouseClick(view.add_county_file, Qt.MouseButton.LeftButton)
    assert dialogs.shown[-1][:2] == ("info", "已替换县级公钥")
    held = keymod.county_keys_known(town.store)
    assert (held.recipients, held.signing) == ([other.recipient], [other.signing])  # the old one is gone
    assert f"县级公钥指纹：{other.fingerprint}" in view.county_label.text()


def test_the_county_key_held_added_again_is_said_at_once(qtbot, world, dialogs, ui_settings):
    town = world.town()
    view = keys_window(qtbot, town.store, dialogs, ui_settings, text=world.public.file_text())
    refuse_any_fingerprint_check(view)
    qtbot.mouseClick(view.paste_county, Qt.MouseButton.LeftButton)
    assert dialogs.shown[-1][:2] == ("info", "无需重复添加") and not hasattr(view, "fingerprint_check")


def test_the_county_key_held_under_a_cut_office_name_added_again_corrects_the_name(qtbot, world, dialogs,
                                                                                    ui_settings):
    """A narrow paste once stored 海原县司 (code review C of the twentieth session): the whole file again said
    无需重复添加 and kept it."""
    town = world.town()
    town.store.conn.execute("UPDATE county_keys SET label = '海原县司'")
    view = keys_window(qtbot, town.store, dialogs, ui_settings, text=world.public.file_text())
    refuse_any_fingerprint_check(view)
    qtbot.mouseClick(view.paste_county, Qt.MouseButton.LeftButton)
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("info", "已更新单位名称")
    assert text.endswith(f"由“海原县司”改为“海原县司法局（640522）”（指纹 {world.public.fingerprint}）。")  # named once
    assert "县级公钥：海原县司法局（640522）" in view.county_label.text()


def test_a_wrong_county_key_can_be_removed(qtbot, world, dialogs, ui_settings):
    town = world.town()
    view = keys_window(qtbot, town.store, dialogs, ui_settings)
    qtbot.mouseClick(view.remove_county, Qt.MouseButton.LeftButton)  # the scripted answer is no
    assert dialogs.shown[-1][:2] == ("confirm", "删除县级公钥") and world.public.fingerprint in dialogs.shown[-1][2]
    assert dialogs.confirm_defaults == [False]  # its Enter keeps the key
    assert keymod.county_keys_known(town.store).recipients == [world.public.recipient]
    dialogs.confirm_answers.append(True)
    qtbot.mouseClick(view.remove_county, Qt.MouseButton.LeftButton)
    assert keymod.county_keys_known(town.store).recipients == []
    assert view.county_label.text().startswith("县级公钥：尚未添加") and not view.remove_county.isEnabled()


def test_the_countys_private_key_picked_as_its_public_key_is_named_and_not_stored(qtbot, world, store, dialogs,
                                                                                   ui_settings):
    identity = keys_dir(world.county) / keymod.COUNTY_IDENTITY
    view = keys_window(qtbot, store, dialogs, ui_settings, files=[identity])
    qtbot.mouseClick(view.add_county_file, Qt.MouseButton.LeftButton)
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("error", "无法添加县级公钥")
    assert text.startswith("county-identity.age 是县司法局的私钥") and "请立即告知县司法局" in text
    assert keymod.county_keys_known(store).recipients == []


def test_the_county_is_asked_before_a_townships_working_key_is_revoked(qtbot, world, dialogs, ui_settings, tmp_path):
    town = world.town("640522101")
    working = keymod.township_key(town.store)
    new = keymod.init_township_key(town.store, TOWN_PASS, replace=True, cost=LOW_COST)
    keymod.write_enrolment(town.store, tmp_path / "登记.json")
    view = keys_window(qtbot, world.county, dialogs, ui_settings, files=[tmp_path / "登记.json"])
    refuse_any_fingerprint_check(view)
    qtbot.mouseClick(view.enrol_button, Qt.MouseButton.LeftButton)  # the scripted answer is no
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("confirm", "登记新密钥")
    assert text.startswith(f"李旺镇（640522101）已有有效密钥 {working.public.key_id_hex}（登记于 2026-06-01）。")
    assert "之后用旧密钥签名的数据包将被拒收" in text and text.endswith("继续吗？")
    assert not hasattr(view, "fingerprint_check")
    assert [k.active for k in keymod.enrolled_keys(world.county, "640522101")] == [True]

    dialogs.confirm_answers.append(True)
    seen: dict = {}
    answer_fingerprint(qtbot, view, new.fingerprint, seen)
    qtbot.mouseClick(view.enrol_button, Qt.MouseButton.LeftButton)
    assert dialogs.shown[-1][:2] == ("info", "已登记") and working.public.key_id_hex in dialogs.shown[-1][2]
    assert [(k.key_id, k.active) for k in keymod.enrolled_keys(world.county, "640522101")] == [
        (working.public.key_id_hex, False), (new.public.key_id_hex, True)]


def test_the_same_file_again_asks_for_the_fingerprint_read_out_and_names_an_old_file(qtbot, world, dialogs,
                                                                                      ui_settings, tmp_path):
    """After 更换密钥 at the township the technician picked its old 登记.json: "无需重复登记" was all it said, no
    fingerprint compared, and she told the clerk she was enrolled; her next stick was refused."""
    town = world.town("640522101")
    old = keymod.township_key(town.store)
    keymod.write_enrolment(town.store, tmp_path / "登记.json")
    view = keys_window(qtbot, world.county, dialogs, ui_settings, files=[tmp_path / "登记.json"])
    refuse_any_fingerprint_check(view)
    dialogs.confirm_answers.append(True)  # the township read out this very fingerprint
    qtbot.mouseClick(view.enrol_button, Qt.MouseButton.LeftButton)
    assert dialogs.shown[-1] == ("confirm", "无需重复登记", (
        f"此密钥（{old.public.key_id_hex}）已于 2026-06-01 登记给李旺镇司法所（640522101），无需重复登记。\n\n"
        f"已登记的指纹：\n    {old.fingerprint}\n\n李旺镇在电话中读出的是这个指纹吗？"))
    assert dialogs.confirm_defaults[-1] is False and not hasattr(view, "fingerprint_check")

    keymod.init_township_key(town.store, TOWN_PASS, replace=True, cost=LOW_COST)  # it reads out the new one
    qtbot.mouseClick(view.enrol_button, Qt.MouseButton.LeftButton)  # the scripted answer is no
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("error", "不是新的登记文件")
    assert "它是李旺镇（640522101）较早的登记文件（乡镇可能已更换密钥）" in text and "写出新的登记文件交来" in text
    assert [k.key_id for k in keymod.enrolled_keys(world.county, "640522101")] == [old.public.key_id_hex]


def test_an_enrolment_file_edited_to_another_townships_code_is_refused_before_any_comparison(qtbot, world, dialogs,
                                                                                              ui_settings, tmp_path):
    town = world.town("640522100", enrol=False)
    path = tmp_path / "登记.json"
    keymod.write_enrolment(town.store, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "township": "640522101"}, ensure_ascii=False), encoding="utf-8")
    view = keys_window(qtbot, world.county, dialogs, ui_settings, files=[path])
    refuse_any_fingerprint_check(view)
    qtbot.mouseClick(view.enrol_button, Qt.MouseButton.LeftButton)
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("error", "无法登记")
    assert text.startswith("登记文件写的是海城镇司法所，但代码 640522101 是李旺镇")
    assert not hasattr(view, "fingerprint_check") and view.table.rowCount() == 0


def test_the_place_of_the_code_is_shown_first_and_must_be_heard_before_enrolling(qtbot, world, dialogs, ui_settings,
                                                                               tmp_path):
    town = world.town("640522101", enrol=False)
    keymod.write_enrolment(town.store, tmp_path / "登记.json")
    fingerprint = keymod.township_key(town.store).fingerprint
    view = keys_window(qtbot, world.county, dialogs, ui_settings, files=[tmp_path / "登记.json"])
    seen = {}

    def compare_by_phone():
        check = view.fingerprint_check
        try:
            seen["shown"] = [label.text() for label in check.findChildren(QLabel)][:2]
            type_text(qtbot, check.heard, fingerprint)
            seen["place not said"] = (check.verdict.text(), check.ok.isEnabled())
            check.place_heard.setChecked(True)
            seen["place said"] = check.ok.isEnabled()
            check.ok.click()
        finally:  # a failure here fails the test instead of leaving the dialog waiting for a click
            if check.isVisible():
                check.reject()

    QTimer.singleShot(0, compare_by_phone)
    qtbot.mouseClick(view.enrol_button, Qt.MouseButton.LeftButton)
    assert seen["shown"][0] == "乡镇：李旺镇"
    assert seen["shown"][1].startswith("代码 640522101 是李旺镇（按区划名单）；登记文件写的单位：李旺镇司法所")
    assert seen["place not said"] == ("一致；对方报的乡镇也相符时，请勾选下面一项", False)
    assert seen["place said"] is True
    assert dialogs.shown[-1][1] == "已登记" and view.table.item(0, 1).text() == "李旺镇"


def test_a_fingerprint_typed_with_the_letter_o_for_zero_is_the_same(qtbot):
    check = FingerprintCheck("AE7A 409E 1E2A C9F5 0ED3 DC43 0CD6 1AE1", "李旺镇司法所（640522101）", "乡镇",
                             "指纹一致，登记")
    qtbot.addWidget(check)
    type_text(qtbot, check.heard, "ae7a409e1e2ac9f5Oed3dc43Ocd6lae1")  # 零 heard as O, 一 as l
    assert check.verdict.text() == "一致" and check.ok.isEnabled()


def test_the_township_is_told_to_read_out_its_fingerprint_only_once_it_has_one(qtbot, store, dialogs, ui_settings):
    """Before the key was created the window said 电话报上面的指纹, with no fingerprint above."""

    view = keys_window(qtbot, store, dialogs, ui_settings)

    def texts() -> str:
        return "\n".join(label.text() for label in view.findChildren(QLabel))

    assert "指纹：" not in texts() and "上面的指纹" not in texts()
    assert "创建密钥后，这里显示本所的指纹" in texts()
    keymod.init_township_key(store, TOWN_PASS)
    view.refresh()
    assert view.fingerprint.text().startswith("指纹：")
    assert "电话核对时，先报乡镇“海城镇”，再报上面的指纹。" in texts() and "创建密钥后" not in texts()
