# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""吊销密钥 at the county asks why: 被盗 or 丢失 with the day the key is not trusted from (shown only then), or 更换;
the reason and day are kept with the revocation, so a bundle the stolen key signed is refused with the truth."""

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


def test_the_revoke_dialog_keeps_the_reason_and_the_day_of_the_theft(qtbot, world, dialogs, ui_settings, tmp_path):
    world.town("640522101")
    window = make_window(qtbot, world.county, dialogs, ui_settings, ScriptedPrompts())
    view = keys_view.open_keys_dialog(window)
    view.table.selectRow(0)
    seen: dict = {}

    def answer() -> None:
        dialog = view.revoke_dialog
        dialog.show()
        seen["day shown for 更换"] = (dialog.choose("更换"), dialog.since_edit.isVisible())[1]
        dialog.choose("被盗", date(2026, 5, 28))
        seen["day shown for 被盗"] = dialog.since_edit.isVisible()
        dialog.grab().save(str(tmp_path / "revoke.png"))
        dialog.ok.click()

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(view.revoke_button, Qt.MouseButton.LeftButton)
    assert seen == {"day shown for 更换": False, "day shown for 被盗": True}
    key = keymod.enrolled_keys(world.county, "640522101")[0]
    assert not key.active and (key.revoked_reason, key.untrusted_since) == ("被盗", "2026-05-27T16:00:00Z")
