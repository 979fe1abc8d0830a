# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""吊销密钥 on a key revoked without a reason said only "已吊销，无需再吊销": the county could not record that the old
PC was stolen. Now it asks for the reason (补记吊销原因), records it once, and afterwards says what is recorded. A key
revoked by enrolling the township's new key (吊销旧密钥并登记) is recorded as 更换, and its row offers only 被盗 or
丢失 (改记吊销原因), once: the PC found stolen after the township re-installed."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import county_template, world  # noqa: F401
from test_bundles_gui import ScriptedPrompts, make_window

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.qt import keys_view

HAICHENG = "640522100"


def choose_in_dialog(qtbot, view, reason: str, png) -> dict:
    """Click the button on the selected row, pick `reason` on 2026-05-20 in the box that opens; what the box showed."""
    seen: dict = {}

    def answer() -> None:
        dialog = view.revoke_dialog
        dialog.show()
        seen["title"], seen["ok"] = dialog.windowTitle(), dialog.ok.text()
        seen["reasons"] = list(dialog.buttons_by_reason)
        seen["text"] = dialog.findChildren(QLabel)[0].text()
        dialog.choose(reason)
        seen["ok before the day"] = dialog.ok.isEnabled()
        dialog.choose(reason, date(2026, 5, 20))
        dialog.grab().save(str(png))
        dialog.ok.click()

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(view.revoke_button, Qt.MouseButton.LeftButton)
    return seen


def test_a_reason_is_added_to_a_key_revoked_without_one(qtbot, world, dialogs, ui_settings, tmp_path):
    world.town(HAICHENG)
    keymod.revoke(world.county, HAICHENG, "马县级")  # as before the reasons were kept
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts())
    view = keys_view.open_keys_dialog(window)
    state = keys_view.KEY_COLUMNS.index("状态")
    button = view.revoke_button.text().replace("(&R)", "")  # the tooltip names the button a clerk can find
    assert f"原因：未记录（选中后点“{button}”可补记）" in view.table.item(0, state).toolTip()
    assert button == "吊销所选乡镇的密钥…"
    view.table.selectRow(0)
    seen = choose_in_dialog(qtbot, view, "被盗", tmp_path / "reason.png")
    assert (seen["title"], seen["ok"], seen["reasons"]) == ("补记吊销原因", "补记", ["被盗", "丢失", "更换"])
    assert seen["ok before the day"]  # known when revoked: that day is a default
    [old] = keymod.enrolled_keys(world.county, HAICHENG)
    assert (old.revoked_reason, old.untrusted_since) == ("被盗", "2026-05-19T16:00:00Z")

    view.table.selectRow(0)
    qtbot.mouseClick(view.revoke_button, Qt.MouseButton.LeftButton)  # recorded: said, not asked again
    kind, _, text = dialogs.shown[-1]
    assert kind == "info" and "原因：被盗（自 2026-05-20 起不信任）" in text and "不能更改" in text


def test_a_key_replaced_by_the_new_enrolment_may_be_recorded_stolen_once(qtbot, world, dialogs, ui_settings,
                                                                         tmp_path):
    world.town(HAICHENG)
    world.reinstall(HAICHENG)  # the old key revoked by the new one's enrolment: recorded as 更换
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts())
    view = keys_view.open_keys_dialog(window)
    state = keys_view.KEY_COLUMNS.index("状态")
    assert ("原因：更换（如后来得知被盗或丢失，选中后点“吊销所选乡镇的密钥…”可改记）"
            in view.table.item(0, state).toolTip())
    view.table.selectRow(0)
    seen = choose_in_dialog(qtbot, view, "被盗", tmp_path / "changed.png")
    assert (seen["title"], seen["ok"], seen["reasons"]) == ("改记吊销原因", "改记", ["被盗", "丢失"])
    assert "因更换吊销" in seen["text"] and "改记为被盗或丢失：记录后不能更改" in seen["text"]
    assert not seen["ok before the day"]  # the revocation's day shown flagged none of the thief's bundles
    old, new = keymod.enrolled_keys(world.county, HAICHENG)
    assert (old.revoked_reason, old.untrusted_since) == ("被盗", "2026-05-19T16:00:00Z") and new.active
    assert "原因：被盗（自 2026-05-20 起不信任）" in view.table.item(0, state).toolTip()
    assert "可改记" not in view.table.item(0, state).toolTip()

    view.table.selectRow(0)
    qtbot.mouseClick(view.revoke_button, Qt.MouseButton.LeftButton)  # recorded: said, not asked again
    kind, _, text = dialogs.shown[-1]
    assert kind == "info" and "原因：被盗（自 2026-05-20 起不信任）" in text and "不能更改" in text
