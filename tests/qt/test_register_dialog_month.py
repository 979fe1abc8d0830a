"""打印台账 for a month: a clerk asked for "the 调解案件台账 for May" could only print the whole year; the dialog's 范围
offers 全年, each quarter and each month, and the file name offered and the register say the month."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parent))

from test_printing import ScriptedPrompts, needs_poppler, pdf_text

from fazhi_desktop.qt.print_views import RegisterDialog


@needs_poppler
def test_the_clerk_prints_mays_register_from_the_dialog(qtbot, store, valid_record, dialogs, tmp_path):
    for day, name in (("2026-04-28", "四月的纠纷"), ("2026-05-12", "五月的纠纷")):
        store.save("mediation_case", valid_record("mediation_case", accepted_on=day, case_name=name), "杨芳")
    dialog = RegisterDialog(store, "mediation_case", 2026, dialogs)
    qtbot.addWidget(dialog)
    combo = dialog.months_combo
    assert combo.isVisibleTo(dialog) and combo.currentText() == "全年"
    assert [combo.itemText(i) for i in range(6)] == ["全年", "第一季度", "第二季度", "第三季度", "第四季度", "1月"]
    combo.setCurrentIndex(combo.findText("5月"))
    target = tmp_path / "台账.pdf"
    dialog.outputs.prompts = prompts = ScriptedPrompts(path=target)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(t == "已导出PDF" for _, t, _ in dialogs.shown), timeout=10000)
    assert prompts.asked == ["海城镇司法所2026年5月调解案件台账.pdf"]
    text = pdf_text(target)
    assert "海城镇司法所2026年5月调解案件台账" in text and "五月的纠纷" in text and "四月的纠纷" not in text
    dialog.close()
