# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""打印台账 at the county: the township whose register it is is chosen in the dialog, among those that sent records
of the ledger; the register and the file name offered are that township's office's."""

from __future__ import annotations

import sys
from pathlib import Path

from bundle_world import county_template, world  # noqa: F401  (fixtures)
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parent))

from test_printing import ScriptedPrompts, needs_poppler, pdf_text

from fazhi_desktop.qt.print_views import RegisterDialog


@needs_poppler
def test_the_county_chooses_the_township_whose_register_it_prints(qtbot, world, valid_record, dialogs, tmp_path):
    for code, title in (("640522100", "海城镇第1次常务会议"), ("640522101", "李旺镇第1次常务会议")):
        town = world.town(code)
        town.store.save("meeting", valid_record("meeting", title=title), "杨芳")
        assert world.import_(world.export(town).path).ok
    dialog = RegisterDialog(world.county, "meeting", 2026, dialogs)
    qtbot.addWidget(dialog)
    combo = dialog.township_combo
    assert combo.isVisibleTo(dialog)
    assert [combo.itemText(i) for i in range(combo.count())] == ["海城镇", "李旺镇"]
    combo.setCurrentIndex(combo.findText("李旺镇"))
    target = tmp_path / "台账.pdf"
    dialog.outputs.prompts = prompts = ScriptedPrompts(path=target)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(t == "已导出PDF" for _, t, _ in dialogs.shown), timeout=10000)
    assert prompts.asked == ["李旺镇司法所2026年会议台账.pdf"]
    text = pdf_text(target)
    assert "李旺镇司法所2026年会议台账" in text and "李旺镇第1次常务会议" in text and "海城镇" not in text
    dialog.ledger_combo.setCurrentIndex(dialog.ledger_combo.findData("complaint"))  # no township sent any
    assert not combo.isEnabled() and not dialog.export_button.isEnabled()
    assert dialog.export_button.toolTip() == "还没有乡镇报送此台账的记录"
    dialog.close()
