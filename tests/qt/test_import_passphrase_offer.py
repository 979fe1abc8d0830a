# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""导入数据包 offers 用备份恢复码设新口令 when the passphrase does not open the county's keys. It used to tell that
refusal by the first words of its message: a reworded message would have lost the offer without a word. It is now
told by the error's kind, carried from the worker thread (qt/tasks.py, Task.error)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import ACTOR, COUNTY_PASS, LOW_COST, county_template, world  # noqa: F401
from test_county_escrow_gui import STAFF_PASSWORD, county_with_accounts
from test_key_passphrase_gui import Prompts

from fazhi_desktop.core import accounts
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import keys_dir
from fazhi_desktop.qt import import_dialog

OFFER = "现在用备份恢复码设新口令吗？"


def import_with(qtbot, world, valid_record, dialogs, passphrase: str, before=lambda store: None):
    """A county 管理员 imports a township's bundle with `passphrase` (after `before(store)`); returns the last
    message shown."""
    store = county_with_accounts(world)
    accounts.login(store, "admin", STAFF_PASSWORD)
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    bundle = world.export(town).path
    before(store)
    dialog = import_dialog.ImportDialog(store, dialogs, "admin", Prompts())
    qtbot.addWidget(dialog)
    dialog.add_paths([bundle])
    qtbot.keyClicks(dialog.passphrase, passphrase)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30_000)
    assert dialog.recovery is None and store.count("meeting") == 0  # the offer (if any) not taken: nothing imported
    return dialogs.shown[-1]


def test_a_wrong_passphrase_said_in_other_words_still_offers_the_recovery_code(qtbot, world, valid_record, dialogs,
                                                                               monkeypatch):
    unlock = keymod.unlock_county_keys

    def reworded(store, passphrase):  # as an edit of the message's words would leave it
        try:
            return unlock(store, passphrase)
        except keymod.BundleError as exc:
            raise type(exc)(f"县级密钥的口令输错了。{exc}") from None

    monkeypatch.setattr(keymod, "unlock_county_keys", reworded)
    kind, title, text = import_with(qtbot, world, valid_record, dialogs, "forgotten, a guess")
    assert (kind, title) == ("confirm", "无法导入") and text.startswith("县级密钥的口令输错了") and OFFER in text


def test_another_failure_to_open_the_keys_offers_no_recovery_code(qtbot, world, valid_record, dialogs):
    def unpaired(store):  # the public file is not the identity's (copied from elsewhere)
        (keys_dir(store) / keymod.COUNTY_RECIPIENT).write_text(f"{keymod.x25519.Identity.generate().to_public()}\n",
                                                               encoding="utf-8")

    kind, title, text = import_with(qtbot, world, valid_record, dialogs, COUNTY_PASS, unpaired)
    assert (kind, title) == ("error", "无法导入") and "不是一对" in text and OFFER not in text
