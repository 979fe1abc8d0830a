# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""数据交换 → 补录回执列出的记录…: the restored township's clerk enters the meeting the county's receipt named again,
from the list, in the ledger's editor with its date filled; saved, it has the number printed on its paper (before, a
new number: the county ended with two records of one meeting)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/test_bundles_gui.py
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py
sys.path.insert(0, str(Path(__file__).parents[1] / "core"))  # tests/core/test_receipt_reenter.py

from bundle_world import county_template, world  # noqa: F401
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from test_bundles_gui import ScriptedPrompts, make_window, menu_action
from test_receipt_reenter import _restored_without_x

from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts
from fazhi_desktop.qt.editor.dialog import EditorWindow

ACTOR = "杨芳"


def said(dialog) -> list[str]:
    """The texts the dialog shows beside its list."""
    return [label.text() for label in dialog.findChildren(QLabel) if label.isVisible() and label.text()]


def test_a_record_the_receipt_named_is_entered_again_from_the_list(qtbot, world, valid_record, dialogs, ui_settings,
                                                                   tmp_path):
    code, restored, usb, _signer, x = _restored_without_x(world, valid_record)
    [written] = write_receipts(world.county, world.keys, usb, [code])
    import_receipt(restored, written.path, ACTOR)
    window = make_window(qtbot, restored, dialogs, ui_settings, ScriptedPrompts(folder=tmp_path))
    menu_action(window, "补录回执列出的记录").trigger()
    dialog = window.lost_dialog
    assert [dialog.table.item(0, c).text() for c in range(4)] == ["会议", x.number, "2026-03-12", "本所没有"]
    assert dialog.said_label.text() == f"可以补录：保存后编号为 {x.number}"
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # Enter on the row, as 补录 (it did nothing)
    editor_window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, EditorWindow) and w.isVisible())
    editor = editor_window.editor
    assert editor.inputs["held_on"].value() == "2026-03-12"
    assert editor_window.windowTitle() == f"会议 — 补录 {x.number}"  # not 会议 — 新记录
    assert f"会议　补录 {x.number}</b>" in editor.header.text() and "保存后用纸上的原编号" in editor.header.text()
    for name, value in valid_record("meeting", title="三月党委会").items():
        if name != "held_on":
            editor.inputs[name].set_value(value)
    editor_window.grab().save(str(tmp_path / "reenter.png"))
    assert editor.save()
    saved = restored.get(x.id)
    assert (saved.number, saved.revision, saved.values["title"]) == (x.number, 3, "三月党委会")
    assert f"已保存：{x.number}（第 3 版）" in editor.status.text()
    assert dialog.table.rowCount() == 0  # off the list
    assert said(dialog) == ["回执列出的记录本所都已有（已补录）"]


def test_a_number_given_here_again_cannot_be_entered_and_says_why(qtbot, world, valid_record, dialogs, ui_settings,
                                                                  tmp_path):
    code, restored, usb, _signer, x = _restored_without_x(
        world, valid_record, lambda s: s.save("meeting", valid_record("meeting", title="恢复后会议"), ACTOR))
    [written] = write_receipts(world.county, world.keys, usb, [code])
    import_receipt(restored, written.path, ACTOR)
    window = make_window(qtbot, restored, dialogs, ui_settings, ScriptedPrompts(folder=tmp_path))
    menu_action(window, "补录回执列出的记录").trigger()
    dialog = window.lost_dialog
    assert dialog.table.item(0, 3).text() == "编号已给了本所另一条记录"
    assert not dialog.enter_button.isEnabled() and dialog.enter() is None
    assert dialog.said_label.text().startswith(f"不能按原编号补录：编号 {x.number} 本所已给了另一条记录")


def test_an_empty_list_says_plainly_whether_a_receipt_was_ever_imported(qtbot, world, valid_record, dialogs,
                                                                       ui_settings, tmp_path):
    """Opened before any receipt came, the list said 县里的回执列出了本所从备份恢复后没有了的记录 above no records: the
    clerk looked for the records it spoke of. Now it says no receipt was imported, and once one was that it named
    none missing here."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), ACTOR)
    window = make_window(qtbot, town.store, dialogs, ui_settings, ScriptedPrompts(folder=tmp_path))
    menu_action(window, "补录回执列出的记录").trigger()
    dialog = window.lost_dialog
    assert dialog.table.rowCount() == 0 and not dialog.enter_button.isEnabled()
    assert said(dialog) == ["还没有导入过县里的回执（导入县级回执后，列出回执中本所缺少的记录）"]  # once
    dialog.close()
    world.import_(world.export(town).path)
    world.receipt(town)
    menu_action(window, "补录回执列出的记录").trigger()
    assert said(window.lost_dialog) == ["导入的回执中没有列出本所缺少的记录"]
