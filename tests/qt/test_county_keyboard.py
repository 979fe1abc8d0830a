# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A county reviewer in January who keeps to the keyboard: 数据交换 → 导入数据包 by its letters, the stick's report
read with the arrows, 县级汇总's pages turned with Ctrl+Tab, a cell of 指标矩阵 opened with Enter, a record
opened from its drill-down and closed with Esc, back where they were each time, and the year's report exported
from 统计 by its letters. The file and folder dialogs are the system's: their answers are injected."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QTabBar, QWidget

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py, tests/indicator_data.py

from bundle_world import COUNTY_PASS, LOW_COST, county_template, world  # noqa: F401
from helpers import press, shortcuts_in_large_text
from indicator_data import fill_known_year

from fazhi_desktop.core.bundle import minisign
from fazhi_desktop.core.bundle.export import export_bundle
from fazhi_desktop.qt.main_window import create_main_window

Key, Mod = Qt.Key, Qt.KeyboardModifier
CTRL, SHIFT, ALT = Mod.ControlModifier, Mod.ShiftModifier, Mod.AltModifier
TOWNS = ("640522100", "640522101")  # 海城镇, 李旺镇


class Prompts:
    """The system's folder and save dialogs, answered as the test says."""

    def __init__(self, folder: Path, save: Path | None = None):
        self.folder_answer, self.save_answer = folder, save

    def folder(self, parent, title, start=None):
        return self.folder_answer

    def save_file(self, parent, title, suggested, pattern):
        return self.save_answer


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch):
    monkeypatch.setattr(minisign, "DEFAULT_COST", LOW_COST)


@pytest.fixture
def stick(world, tmp_path) -> Path:
    """A USB stick with the 2026 bundles of two townships, brought to the county on 12 January 2027."""
    world.clock.set(datetime(2026, 12, 31, 18, 0, tzinfo=UTC))
    folder = tmp_path / "U盘"
    folder.mkdir()
    for code in TOWNS:
        town = world.town(code)
        fill_known_year(town.store)
        export_bundle(town.store, folder, town.signer)
    world.clock.set(datetime(2027, 1, 12, 9, 0, tzinfo=UTC))
    return folder


@pytest.fixture
def window(qtbot, world, stick, dialogs, ui_settings):
    """The county's main window on a laptop screen, active, with the stick's folder as the folder dialog's answer."""
    w = create_main_window(world.county, dialogs, ui_settings, "马县级")
    qtbot.addWidget(w)
    w.exchange_prompts = Prompts(stick)
    w.resize(1366, 740)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    return w


@pytest.fixture
def imported(world, stick, window):
    """The window after the stick was imported (as the dialog would: the page reads the figures again)."""
    for path in sorted(stick.iterdir()):
        assert world.import_(path).ok
    window.refresh_current()
    return window


def back_to_owner(qtbot, closed: QWidget) -> None:
    """Windows activates a closed window's owner (its parent's window), which gives the keyboard back to the control
    that had it there; the offscreen test platform activates nothing, so the test does what Windows would."""
    if QApplication.activeWindow() is None:
        owner = closed.parentWidget().window()
        owner.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is owner)


def run(qtbot, dialog, letter: Key) -> None:
    """Alt+letter on 只核验 or 核验并导入, and wait for the report (a button's letter clicks it a moment later)."""
    press(qtbot, letter, ALT)
    qtbot.waitUntil(lambda: dialog.task is not None)
    progress = dialog.task.dialog
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30000)
    back_to_owner(qtbot, progress)


def tab_to(qtbot, wanted: QWidget, most: int = 12) -> list[QWidget]:
    """Tab until `wanted` has the focus; the controls passed on the way."""
    passed = [QApplication.focusWidget()]
    while QApplication.focusWidget() is not wanted:
        assert len(passed) <= most, f"Tab never reached {wanted.accessibleName()}: {passed}"
        press(qtbot, Key.Key_Tab)
        passed.append(QApplication.focusWidget())
    return passed


def unnamed(widgets: list[QWidget]) -> list[str]:
    """The controls a screen reader has nothing to say for: no accessible name and no text of their own (buttons
    are read by their text, a tab bar by its tabs)."""
    return sorted({type(w).__name__ for w in widgets
                   if not w.accessibleName() and not isinstance(w, QAbstractButton | QTabBar)})


def test_enter_while_reading_the_import_report_does_not_import_the_stick_again(qtbot, window, stick):
    """Enter pressed 核验并导入 (the default button) from anywhere: the reviewer arrowing through the report pressed
    it and the stick was imported again, "之前已导入" over the report being read. After 只核验 and after the
    import, the report has the cursor, so it is what is read next."""
    press(qtbot, Key.Key_X, ALT)  # 数据交换(&X)
    press(qtbot, Key.Key_I)  # 导入数据包(&I)…
    dialog = window.import_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    press(qtbot, Key.Key_D, ALT)  # 选择文件夹（U盘）(&D)…: the button's letter clicks it a moment later
    qtbot.waitUntil(lambda: dialog.files.count() == 2)
    dialog.passphrase.setFocus()
    qtbot.keyClicks(dialog.passphrase, COUNTY_PASS)
    run(qtbot, dialog, Key.Key_V)  # 只核验(&V)
    assert all(r.dry_run for r in dialog.reports) and QApplication.focusWidget() is dialog.report
    press(qtbot, Key.Key_Down, times=3)
    press(qtbot, Key.Key_Return)
    assert dialog.task is None and all(r.dry_run for r in dialog.reports)  # still the 核验 report
    run(qtbot, dialog, Key.Key_I)  # 核验并导入(&I)
    report = dialog.report.toPlainText()
    assert report.startswith("共 2 个数据包：导入 2 个") and QApplication.focusWidget() is dialog.report
    press(qtbot, Key.Key_Return)
    assert dialog.task is None and dialog.report.toPlainText() == report
    press(qtbot, Key.Key_Escape)
    assert not dialog.isVisible()


def matrix_cell(page, town: str, code: str) -> tuple[int, int]:
    matrix = page.matrix
    rows = [matrix.verticalHeaderItem(r).text().removesuffix(" *") for r in range(matrix.rowCount())]
    columns = [matrix.horizontalHeaderItem(c).text().split("\n")[0] for c in range(matrix.columnCount())]
    return rows.index(town), columns.index(code)


def test_esc_from_a_record_goes_back_to_the_drill_down_row_and_then_to_the_matrix_cell(qtbot, imported):
    """The viewer a drill-down opened was owned by the main window: Esc sent the reviewer there and left the
    drill-down behind it, out of the keyboard's reach (Alt+Tab or the mouse to get back to the next record)."""
    window = imported
    press(qtbot, Key.Key_1, CTRL)  # 县级汇总, first in the list
    page = window.pages["county"]
    tab_to(qtbot, page.matrix)
    row, column = matrix_cell(page, "李旺镇", "T46a")  # 会前学法: three records
    press(qtbot, Key.Key_Down, times=row - page.matrix.currentRow())
    press(qtbot, Key.Key_Right, times=column - page.matrix.currentColumn())
    assert (page.matrix.currentRow(), page.matrix.currentColumn()) == (row, column)
    press(qtbot, Key.Key_Return)
    drill = page.drill_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is drill)
    assert QApplication.focusWidget() is drill.table and drill.table.rowCount() == 3
    press(qtbot, Key.Key_Down)
    press(qtbot, Key.Key_Return)
    viewer = page.viewer
    qtbot.waitUntil(lambda: QApplication.activeWindow() is viewer)
    assert "（只读）" in viewer.windowTitle()
    press(qtbot, Key.Key_Escape)
    assert not viewer.isVisible()
    back_to_owner(qtbot, viewer)
    assert QApplication.activeWindow() is drill and QApplication.focusWidget() is drill.table
    assert drill.table.currentRow() == 1  # the row the record was opened from: Down, Enter for the next one
    press(qtbot, Key.Key_Escape)
    assert not drill.isVisible()
    back_to_owner(qtbot, drill)
    assert QApplication.focusWidget() is page.matrix
    assert (page.matrix.currentRow(), page.matrix.currentColumn()) == (row, column)


def test_the_pages_turn_with_ctrl_tab_from_inside_the_matrix_and_tab_leaves_it(qtbot, imported):
    """In the matrix Ctrl+Tab did nothing and Ctrl+PageDown scrolled it (a table keeps both keys), and Tab went from
    cell to cell without end: 数据完整性 was out of the keyboard's reach."""
    window = imported
    press(qtbot, Key.Key_1, CTRL)
    page = window.pages["county"]
    tab_to(qtbot, page.matrix)
    press(qtbot, Key.Key_Tab)
    assert QApplication.focusWidget() is not page.matrix  # on to the next control (the navigation, round the loop)
    tab_to(qtbot, page.matrix)
    press(qtbot, Key.Key_Tab, CTRL)
    assert page.tabs.tabText(page.tabs.currentIndex()) == "图表"
    assert QApplication.focusWidget() is page.tabs.tabBar()  # a chart takes no keys: the arrows turn the tabs on
    press(qtbot, Key.Key_PageDown, CTRL)
    assert page.tabs.tabText(page.tabs.currentIndex()) == "数据完整性"
    assert QApplication.focusWidget() is page.complete_table
    press(qtbot, Key.Key_Tab, CTRL | SHIFT)
    press(qtbot, Key.Key_PageUp, CTRL)
    assert page.tabs.currentWidget().isAncestorOf(page.matrix) and QApplication.focusWidget() is page.matrix


def test_every_control_the_reviewer_passes_has_something_a_screen_reader_can_say(qtbot, imported, tmp_path):
    """The drill-down's list, the record's text, 数据完整性, 调解统计, the ledger list of 各乡镇台账, its 年度 and
    search box, and the navigation were read out as a bare "表格" or "编辑框". Then 统计 → 导出本年度指标报表
    （Excel）by its letters."""
    window = imported
    press(qtbot, Key.Key_1, CTRL)
    page = window.pages["county"]
    passed = tab_to(qtbot, page.matrix)
    for _page in range(page.tabs.count()):  # round each page with Tab, then on to the next with Ctrl+Tab
        for _step in range(10):
            press(qtbot, Key.Key_Tab)
            passed.append(QApplication.focusWidget())
        press(qtbot, Key.Key_Tab, CTRL)
        passed.append(QApplication.focusWidget())
    assert page.records.table in passed and page.mediation_table in passed
    page.tabs.setCurrentIndex(0)
    tab_to(qtbot, page.matrix)
    press(qtbot, Key.Key_Down)
    press(qtbot, Key.Key_Return)
    drill = page.drill_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is drill)
    passed.append(QApplication.focusWidget())
    press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page.viewer)
    passed.append(QApplication.focusWidget())
    press(qtbot, Key.Key_Escape)
    back_to_owner(qtbot, page.viewer)
    press(qtbot, Key.Key_Escape)
    back_to_owner(qtbot, drill)
    assert unnamed([w for w in passed if w is not None]) == []

    report = tmp_path / "海原县2026年指标.xlsx"
    page.exporter.prompts = Prompts(tmp_path, save=report)
    press(qtbot, Key.Key_T, ALT)  # 统计(&T)
    press(qtbot, Key.Key_X)  # 导出本年度指标报表（Excel）(&X)…
    qtbot.waitUntil(lambda: ("info", "已导出指标报表", f"已保存：{report}") in window.dialogs.shown, timeout=60000)


def test_the_shortcuts_at_the_county_fit_a_laptop_screen_in_large_text(qtbot, window, dialogs):
    """帮助 → 快捷键 at the county listed the township's entry keys too (保存, 重复组, the review steps), which do
    nothing there: 842 pixels high in 长者模式, its 确定 below a 1366x768 laptop's screen."""
    with shortcuts_in_large_text(qtbot, window, dialogs) as (text, box):
        assert "县级汇总" in text and "保存并新建" not in text and "Alt+T" not in text
        assert box.height() <= 768 - 40 - 30, box.height()
