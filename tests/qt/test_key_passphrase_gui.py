"""密钥与登记 → 修改口令…: the old passphrase, the new one twice; the key and its fingerprint stay. Before, the only
way to a new passphrase was 更换密钥 and enrolling again at the county."""

from __future__ import annotations

from fazhi_desktop.core import accounts
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.qt.keys_view import KeysDialog

LOW_COST = (32768, 1 << 21)
OLD, NEW = "only-she-knew-it", "the-new-head-2026"


class Prompts:
    def __init__(self, *answers):
        self.answers, self.asked = list(answers), []

    def passphrase(self, parent, title, confirm=False):
        self.asked.append((title, confirm))
        return self.answers.pop(0) if self.answers else None


def test_the_head_changes_the_passphrase_and_keeps_the_key(qtbot, store, staff, dialogs):
    accounts.login(store, "杨芳", "mima-2026")
    key = keymod.init_township_key(store, OLD, cost=LOW_COST)
    prompts = Prompts(OLD, NEW)
    dialog = KeysDialog(store, dialogs, "杨芳", prompts)
    qtbot.addWidget(dialog)
    assert dialog.passphrase_button.isEnabled()
    task = dialog.change_passphrase()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20_000)
    assert task is not None and prompts.asked == [("修改口令：输入原口令", False), ("修改口令：设置新口令", True)]
    assert dialogs.shown[-1][:2] == ("info", "口令已修改") and "不必重新登记" in dialogs.shown[-1][2]
    assert keymod.unlock_township_key(store, NEW).public == key.public
    assert keymod.township_key(store).fingerprint == key.fingerprint


def test_a_wrong_old_passphrase_is_said_and_a_clerk_sees_the_button_greyed(qtbot, store, staff, dialogs):
    accounts.login(store, "杨芳", "mima-2026")
    keymod.init_township_key(store, OLD, cost=LOW_COST)
    dialog = KeysDialog(store, dialogs, "杨芳", Prompts("wrong-passphrase", NEW))
    qtbot.addWidget(dialog)
    dialog.change_passphrase()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20_000)
    assert dialogs.shown[-1][:2] == ("error", "口令未修改") and "口令不对" in dialogs.shown[-1][2]
    keymod.unlock_township_key(store, OLD)  # unchanged
    accounts.login(store, "马丽", "mima-2026")
    clerk = KeysDialog(store, dialogs, "马丽", Prompts())
    qtbot.addWidget(clerk)
    assert not clerk.passphrase_button.isEnabled() and "录入员" in clerk.passphrase_button.toolTip()
