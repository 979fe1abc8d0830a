# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""忘记口令？用备份恢复码设新口令, in the window: in 密钥与登记, and offered where 导入数据包 says the passphrase does
not open the county's keys. Before, both said only 更换密钥 (a new key file for every township)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import ACTOR, COUNTY_PASS, LOW_COST, county_template, world  # noqa: F401
from test_key_passphrase_gui import Prompts  # answers the passphrase questions in turn

from fazhi_desktop.core import accounts
from fazhi_desktop.core.backup import sealing
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import keys_dir
from fazhi_desktop.qt import import_dialog
from fazhi_desktop.qt.keys_view import KeysDialog

STAFF_PASSWORD = "mima-2026"
NEW_PASS = "xin-kouling-2026"


def county_with_accounts(world):
    store = world.county
    for name in (keymod.COUNTY_IDENTITY, keymod.COUNTY_RECIPIENT, keymod.COUNTY_SECRET, keymod.COUNTY_PUBLIC):
        (keys_dir(store) / name).unlink()
    store.user = accounts.add_account(store, "admin", "系统管理员", "管理员", STAFF_PASSWORD, temporary=False)
    accounts.add_account(store, "马丽", None, "录入员", STAFF_PASSWORD, temporary=False)
    keymod.init_county_keys(store, COUNTY_PASS, cost=LOW_COST)  # sealed to the backup key made with it
    world.keys, world.public = keymod.unlock_county_keys(store, COUNTY_PASS), keymod.county_public(store)
    return store


def test_keys_window_sets_a_new_passphrase_with_the_code_and_a_clerk_sees_it_greyed(qtbot, world, dialogs):
    store = county_with_accounts(world)
    accounts.login(store, "马丽", STAFF_PASSWORD)
    clerk = KeysDialog(store, dialogs, "马丽", Prompts())
    qtbot.addWidget(clerk)
    assert not clerk.recover_button.isEnabled() and "录入员" in clerk.recover_button.toolTip()
    accounts.login(store, "admin", STAFF_PASSWORD)
    prompts = Prompts(NEW_PASS)
    dialog = KeysDialog(store, dialogs, "admin", prompts)
    qtbot.addWidget(dialog)
    assert dialog.recover_button.isEnabled() and dialog.recover_button.text() == "忘记口令？用备份恢复码设新口令(&M)…"
    dialogs.text_answers.append(sealing.load_key(store.path).code)
    qtbot.mouseClick(dialog.recover_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20_000)
    assert dialogs.shown[-1][:2] == ("info", "已设置新口令") and "各乡镇不必换县级公钥文件" in dialogs.shown[-1][2]
    assert prompts.asked == [("用备份恢复码设新口令：设置新口令", True)]
    keymod.unlock_county_keys(store, NEW_PASS)


def test_a_township_sees_no_such_button(qtbot, world, dialogs):
    town = world.town()
    dialog = KeysDialog(town.store, dialogs, "杨芳", Prompts())
    qtbot.addWidget(dialog)
    assert dialog.recover_button.isHidden()


def test_import_offers_the_code_when_the_passphrase_fails_and_then_imports(qtbot, world, valid_record, dialogs):
    store = county_with_accounts(world)
    accounts.login(store, "admin", STAFF_PASSWORD)
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    dialog = import_dialog.ImportDialog(store, dialogs, "admin", Prompts(NEW_PASS))
    qtbot.addWidget(dialog)
    dialog.add_paths([world.export(town).path])
    qtbot.keyClicks(dialog.passphrase, "forgotten, a guess")
    dialogs.confirm_answers.append(True)
    dialogs.text_answers.append(sealing.load_key(store.path).code)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.recovery is not None, timeout=30_000)
    qtbot.waitUntil(lambda: dialogs.shown[-1][1] in ("已设置新口令", "口令未修改"), timeout=20_000)
    kinds = [(kind, title) for kind, title, _ in dialogs.shown]
    assert ("confirm", "无法导入") in kinds and dialogs.shown[-1][:2] == ("info", "已设置新口令")
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, NEW_PASS)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None and store.count("meeting") == 1, timeout=30_000)


def test_a_county_that_turned_the_copy_off_sees_the_button_greyed_saying_why(qtbot, world, dialogs):
    from fazhi_desktop.core.bundle import county_escrow

    store = county_with_accounts(world)
    accounts.login(store, "admin", STAFF_PASSWORD)
    county_escrow.set_kept(store, False)  # `fazhi keys escrow off`
    dialog = KeysDialog(store, dialogs, "admin", Prompts())
    qtbot.addWidget(dialog)
    assert not dialog.recover_button.isEnabled() and "本县已关闭" in dialog.recover_button.toolTip()
