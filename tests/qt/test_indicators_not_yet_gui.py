# ruff: noqa: F811  (pytest fixtures imported from tests/indicator_data.py)
"""本年度指标 as a township secretary reads it month by month: a target counted by person (T46c 主要负责同志讲法,
T47 领导干部述法) says who has not yet lectured or reported, not "请查看尚未计入的记录" (there is no such record: a
leader has not lectured), and a click on it lists those people first."""

from __future__ import annotations

import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/indicator_data.py

from indicator_data import ACTOR, known_template  # noqa: F401

from fazhi_desktop.core.people import add_person
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt import indicators_view
from fazhi_desktop.qt.main_window import create_main_window


@pytest.fixture
def office(tmp_path, known_template, ledgers, clock):
    path = tmp_path / "office.db"
    shutil.copyfile(known_template[0], path)
    store = Store.open(path, ledgers=ledgers, clock=clock)
    yield store
    store.close()


def page_on(qtbot, store, dialogs, ui_settings):
    window = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(indicators_view.PAGE)
    return window.pages[indicators_view.PAGE]


def said(page, code: str) -> tuple[str, str]:
    """(状态, 说明) of a target's row."""
    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == code)
    return page.table.item(row, 5).text(), page.table.item(row, 6).text()


def test_a_target_counted_by_person_names_who_has_not_yet_lectured_or_reported(qtbot, office, dialogs,
                                                                                ui_settings, clock):
    # the known year: 田玉春 lectured on 04-01 and reports on 12-20; 马志刚, the other 主要负责同志, does neither
    clock.set(datetime(2026, 7, 3, 8, 0, tzinfo=UTC))
    page = page_on(qtbot, office, dialogs, ui_settings)
    status, text = said(page, "T46c")
    assert status == "有风险" and text == "还剩 181 天，尚未讲法：马志刚"  # was "…（比率低于目标…）"
    status, text = said(page, "T47")
    assert status == "进行中" and text == "还剩 181 天，尚未述法：田玉春、马志刚"  # was "还剩 181 天" alone
    assert said(page, "T46a")[1] == "还剩 181 天，还差 2 次"  # a count says what it said
    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == "T47")
    qtbot.mouseClick(page.table.cellWidget(row, 7), Qt.MouseButton.LeftButton)
    assert page.drill_dialog.part_combo.currentData() == "gap"  # who is still to report, not an empty list
    assert "尚未述法的人员" in page.drill_dialog.heading.text()


def test_after_the_year_a_missed_target_names_who_never_lectured(qtbot, office, dialogs, ui_settings, clock):
    clock.set(datetime(2027, 1, 10, 8, 0, tzinfo=UTC))
    page = page_on(qtbot, office, dialogs, ui_settings)
    page.year_combo.setCurrentIndex(page.year_combo.findData(2026))
    assert said(page, "T46c") == ("未达标", "年度已结束，未完成目标（未讲法：马志刚）")
    assert said(page, "T47") == ("未达标", "年度已结束，未完成目标（未述法：马志刚）")


def test_two_leaders_of_one_name_are_said_as_namesakes(qtbot, office, dialogs, ui_settings, clock):
    """A 镇人大主席 also called 马志刚: the page said 尚未讲法：马志刚、马志刚, a slip to the eye, and once one of them
    lectured, 尚未讲法：马志刚 beside his recorded lecture, as if the record had been lost (it counts for one 马志刚
    only, the drill-down says)."""
    add_person(office, ACTOR, "马志刚", "镇人大主席", roles=["主要负责同志"])
    clock.set(datetime(2026, 7, 3, 8, 0, tzinfo=UTC))
    page = page_on(qtbot, office, dialogs, ui_settings)
    assert said(page, "T46c") == ("有风险", "还剩 181 天，尚未讲法：马志刚（同名 2 人）")
    assert said(page, "T47")[1] == "还剩 181 天，尚未述法：田玉春、马志刚（同名 2 人）"
    office.save("law_study", {"activity_type": "专题法治讲座", "topic": "学习行政复议法", "held_on": "2026-07-01",
                              "speaker": "马志刚", "speaker_is_principal_leader": True}, ACTOR)
    page.load()
    assert said(page, "T46c") == ("有风险", "还剩 181 天，尚未讲法：马志刚（同名的另一人）")
