"""第一次使用 offered 甘城乡 after it was merged away (README 新增或合并乡镇) and set up its office without a word; it
now stops on the township's page, saying why and where the work goes."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QWizard

sys.path.insert(0, str(Path(__file__).parent))

from fazhi_desktop.core import divisions
from fazhi_desktop.qt.wizard import SetupWizard

GANCHENG = "640522214"


def test_the_wizard_says_a_township_merged_away_cannot_be_set_up(qtbot, tmp_path, dialogs):
    known = divisions.load_divisions()
    known[GANCHENG] = replace(known[GANCHENG], note="2026年1月1日并入李旺镇", until_year=2025)  # before this year
    wizard = SetupWizard(tmp_path / "office.db", dialogs, known=known, key_cost=(1 << 10, 1 << 20))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.button(QWizard.WizardButton.NextButton).click()
    place = wizard.place_page
    place.township_combo.setCurrentIndex(place.township_combo.findText("甘城乡"))
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentPage() is place  # not on to the operator's page
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("warn", "乡镇已撤并")
    assert text.startswith("甘城乡（640522214）在区划名单中到 2025 年为止（已撤并，2026年1月1日并入李旺镇）")
    assert "撤并后的工作在并入的乡镇登记" in text
    place.township_combo.setCurrentIndex(place.township_combo.findText("李旺镇"))
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentPage() is wizard.operator_page
    assert not (tmp_path / "office.db").exists()
