# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""吊销密钥 on a key revoked without a reason (its township's new key enrolled with 吊销旧密钥并登记) said only
"已吊销，无需再吊销": the county could not record that the old PC was stolen. Now it asks for the reason (补记吊销原因),
records it once, and afterwards says what is recorded."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import county_template, world  # noqa: F401
from test_bundles_gui import ScriptedPrompts, make_window

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.qt import keys_view

HAICHENG = "640522100"


def test_a_reason_is_added_to_a_key_revoked_without_one(qtbot, world, dialogs, ui_settings, tmp_path):
    world.town(HAICHENG)
    world.reinstall(HAICHENG)
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts())
    view = keys_view.open_keys_dialog(window)
    state = keys_view.KEY_COLUMNS.index("状态")
    # the button named as it reads (it said 点“吊销…”, a button the window does not have)
    assert "原因：未记录（选中后点“吊销所选乡镇的密钥”可补记）" in view.table.item(0, state).toolTip()
    view.table.selectRow(0)  # the old key, revoked by the new one's enrolment
    seen: dict = {}

    def answer() -> None:
        dialog = view.revoke_dialog
        dialog.show()
        seen["title"], seen["ok"] = dialog.windowTitle(), dialog.ok.text()
        dialog.choose("被盗", date(2026, 5, 20))
        dialog.grab().save(str(tmp_path / "reason.png"))
        dialog.ok.click()

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(view.revoke_button, Qt.MouseButton.LeftButton)
    assert seen == {"title": "补记吊销原因", "ok": "补记"}
    old, new = keymod.enrolled_keys(world.county, HAICHENG)
    assert (old.revoked_reason, old.untrusted_since) == ("被盗", "2026-05-19T16:00:00Z") and new.active

    view.table.selectRow(0)
    qtbot.mouseClick(view.revoke_button, Qt.MouseButton.LeftButton)  # recorded: said, not asked again
    kind, _, text = dialogs.shown[-1]
    assert kind == "info" and "原因：被盗（自 2026-05-20 起不信任）" in text and "不能更改" in text
