# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""打印台账's 全部台账 (twenty-seventh session, played as the 所长 before the county's inspection): the five registers
were five runs, each with its own save prompt. One choice, one prompt, one PDF: every register from a new page with
its own title, every page's 核验码 checking out (the pages as printed alone:
tests/core/test_register_all_ledgers.py)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from bundle_world import county_template, world  # noqa: F401  (fixtures)
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parent))

from test_printing import ScriptedPrompts, needs_poppler, pdf_text

from fazhi_desktop.core.documents import check_print
from fazhi_desktop.qt.print_views import RegisterDialog


def export_all(qtbot, dialog, dialogs, target: Path) -> ScriptedPrompts:
    dialog.ledger_combo.setCurrentIndex(dialog.ledger_combo.findText("全部台账"))
    dialog.outputs.prompts = prompts = ScriptedPrompts(path=target)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(t == "已导出PDF" for _, t, _ in dialogs.shown), timeout=30000)
    return prompts


@needs_poppler
def test_all_registers_in_one_pdf_with_one_save_prompt(qtbot, store, valid_record, dialogs, tmp_path):
    store.save("meeting", valid_record("meeting"), "杨芳")
    store.save("mediation_case", valid_record("mediation_case"), "杨芳")
    dialog = RegisterDialog(store, "meeting", 2026, dialogs)
    qtbot.addWidget(dialog)
    prompts = export_all(qtbot, dialog, dialogs, tmp_path / "台账.pdf")
    assert prompts.asked == ["海城镇司法所2026年全部台账.pdf"]  # one prompt for all five
    pages = pdf_text(tmp_path / "台账.pdf").split("\f")[:-1]
    titles = [label for page in pages for label in re.findall(r"海城镇司法所2026年(\S+台账)", page.split("\n")[0])]
    assert titles == [f"{store.ledger(name).label}台账" for name in store.ledgers]  # each from a new page
    assert "〔2026〕会记字第1号" in pages[0]
    assert "（2026年本台账没有记录）" in pages[1]  # a ledger without records says so, not left out
    codes = [m for page in pages for m in re.findall(r"核验码 ([0-9a-f]{12}-\d+-[0-9a-f]{8})", page)]
    assert len(codes) == len(pages) and all(check_print(store, code).ok for code in codes)
    dialog.close()


@needs_poppler
def test_the_county_prints_all_of_one_townships_registers(qtbot, world, valid_record, dialogs, tmp_path):
    town = world.town("640522101")
    town.store.save("complaint", valid_record("complaint"), "杨芳")
    assert world.import_(world.export(town).path).ok
    dialog = RegisterDialog(world.county, "meeting", 2026, dialogs)  # no township sent a meeting
    qtbot.addWidget(dialog)
    assert not dialog.export_button.isEnabled()
    prompts = export_all(qtbot, dialog, dialogs, tmp_path / "台账.pdf")
    assert [dialog.township_combo.itemText(i) for i in range(dialog.township_combo.count())] == ["李旺镇"]
    assert prompts.asked == ["李旺镇司法所2026年全部台账.pdf"]
    text = pdf_text(tmp_path / "台账.pdf")
    assert "李旺镇司法所2026年投诉举报台账" in text and "李旺镇司法所2026年会议台账" in text
    dialog.close()
