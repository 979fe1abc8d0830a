# ruff: noqa: F811  (pytest fixtures imported from tests/indicator_data.py and tests/bundle_world.py)
"""本年度指标 and 县级汇总 as a township clerk and a county reviewer use them: targets with progress and status in
words, a click through to the records, the year chooser, the county matrix with drill-down to read-only records,
the chart, completeness, every township's records with a township filter, and the report exports."""

from __future__ import annotations

import shutil
import sys
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
import review_steps
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressBar, QPushButton, QTableWidget

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py, tests/indicator_data.py

from bundle_world import county_template, imported_before_the_fix, world  # noqa: F401
from helpers import as_read, type_text
from indicator_data import ACTOR, fill_known_year, known_template  # noqa: F401

from fazhi_desktop.core.indicators import SETTING
from fazhi_desktop.core.indicators.views import TEXT, View
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt import county_view, indicators_view
from fazhi_desktop.qt.indicator_widgets import RecordViewer
from fazhi_desktop.qt.main_window import create_main_window


class SavePrompt:
    """Answers 导出 with a path (or None: the clerk cancelled); records what was asked."""

    def __init__(self, answer):
        self.answer, self.asked = answer, []

    def save_file(self, parent, title, suggested, pattern):
        self.asked.append((title, suggested, pattern))
        return self.answer


@pytest.fixture
def office(tmp_path, known_template, ledgers, clock):
    path = tmp_path / "office.db"
    shutil.copyfile(known_template[0], path)
    store = Store.open(path, ledgers=ledgers, clock=clock)
    yield store, known_template[1]
    store.close()


def make_window(qtbot, store, dialogs, ui_settings, module):
    """The main window (which lists the statistics page of its mode) showing that page."""
    window = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = None
    if module.PAGE in window.page_names:
        window.show_page(module.PAGE)
        page = window.pages[module.PAGE]
    return window, page


def row_of(table, code: str) -> int:
    return next(r for r in range(table.rowCount()) if table.item(r, 0).text() == code)


def test_the_township_sees_each_target_with_progress_status_and_days_left(qtbot, office, dialogs, ui_settings,
                                                                          clock):
    store, _ = office
    clock.set(datetime(2026, 7, 1, 8, 0, tzinfo=UTC))  # half the year: what was held by now counts
    window, page = make_window(qtbot, store, dialogs, ui_settings, indicators_view)
    labels = [window.nav.item(r).text() for r in range(window.nav.count())]
    assert labels.index("本年度指标") == labels.index("调解案件") + 1
    window.show_page("indicators")
    assert window.stack.currentWidget() is page
    assert page.year_combo.currentText() == "2026年"
    row = row_of(page.table, "T46a")
    status = page.table.item(row, 5)
    assert status.text() == "进行中" and status.background().color().name() == "#ddebf7"
    bar = page.table.cellWidget(row, 2)
    assert isinstance(bar, QProgressBar) and bar.format() == "2 / 4" and bar.value() == 50
    t40b_bar = page.table.cellWidget(row_of(page.table, "T40b"), 2)  # the rate, filled as far; 目标 says 100%
    assert t40b_bar.format() == "100%" and t40b_bar.value() == 100
    assert page.table.columnWidth(2) >= t40b_bar.fontMetrics().horizontalAdvance("100%")  # "9% / 100" was cut
    assert page.table.item(row, 6).text() == "还剩 183 天，还差 2 次" and page.table.wordWrap()
    t40b = row_of(page.table, "T40b")
    assert page.table.item(t40b, 5).text() == "目前\n达标" and page.table.item(t40b, 3).text() == "1 / 1（100.0%）"
    assert page.table.item(row_of(page.table, "T21"), 5).text() == "未达标"
    assert "达标" in as_read(page.summary.text()) and "有风险" in as_read(page.summary.text())
    stats = {page.stats_table.item(r, 0).text(): page.stats_table.item(r, 2).text()
             for r in range(page.stats_table.rowCount())}
    assert stats["M1"] == "4 件" and stats["M2"] == "2 / 3（66.7%）"
    assert [label for label, _ in page.chart.rows] == ["邻里纠纷", "山林土地纠纷"]


def test_a_click_on_a_target_lists_its_records_and_opens_one_in_the_editor(qtbot, office, dialogs, ui_settings,
                                                                           clock):
    store, ids = office
    clock.set(datetime(2026, 12, 31, 8, 0, tzinfo=UTC))  # the year's last day: its last meeting has been held
    window, page = make_window(qtbot, store, dialogs, ui_settings, indicators_view)
    window.show_page("indicators")
    row = row_of(page.table, "T40b")
    button = page.table.cellWidget(row, 7)
    assert isinstance(button, QPushButton) and button.text() == "查看记录"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    drill = page.drill_dialog
    assert drill.part_combo.currentData() == "gap"  # at risk: first show what is missing
    assert drill.table.rowCount() == 1 and drill.table.item(0, 1).text() == "2026-12-31"
    assert "尚未计入的记录" in drill.heading.text()
    drill.part_combo.setCurrentIndex(drill.part_combo.findData("denominator"))
    assert drill.table.rowCount() == 2
    drill.table.selectRow(1)
    qtbot.mouseClick(drill.open_button, Qt.MouseButton.LeftButton)
    assert ids["admin_dec31"] in window.editors
    # the list is not modal: a window-modal one blocked the editor it opened (the main window owns editors)
    assert window.editors[ids["admin_dec31"]].isVisible() and QApplication.activeModalWidget() is None


def year_end_drill(qtbot, office, dialogs, ui_settings, clock, code: str):
    """The township's 本年度指标 on the year's last evening, and 查看记录 of `code` pressed."""
    store, _ = office
    clock.set(datetime(2026, 12, 31, 8, 0, tzinfo=UTC))
    window, page = make_window(qtbot, store, dialogs, ui_settings, indicators_view)
    window.show_page("indicators")
    qtbot.mouseClick(page.table.cellWidget(row_of(page.table, code), 7), Qt.MouseButton.LeftButton)
    return page.drill_dialog


def test_the_leaders_who_have_not_reported_are_listed_by_name(qtbot, office, dialogs, ui_settings, clock):
    """T47's gap has no record to list: the people were one small line under an empty table (county test)."""
    drill = year_end_drill(qtbot, office, dialogs, ui_settings, clock, "T47")
    assert drill.part_combo.currentData() == "gap" and "尚未述法的人员" in drill.heading.text()
    assert drill.people_table.isVisibleTo(drill)
    assert [drill.people_table.item(r, 0).text() for r in range(drill.people_table.rowCount())] == ["马志刚"]
    # no record beside them: the 述法 where 田玉春 and 副镇长 李强 both reported counted 田玉春 (a record whose
    # 述法人 count for no one is listed under them: test_indicators_in_post.py)
    assert not drill.table.isVisibleTo(drill)
    # why he owes it, from the roster: 职务 and 任职时间
    assert [drill.people_table.horizontalHeaderItem(c).text() for c in (2, 3)] == ["职务", "任职时间"]
    assert [drill.people_table.item(0, c).text() for c in (2, 3)] == ["镇党委书记", "未填到任、离任日期"]
    assert drill.count_label.text() == "共 1 人"
    drill.part_combo.setCurrentIndex(drill.part_combo.findData("value"))  # who reported, and at which session
    assert drill.people_table.rowCount() == 1 and drill.table.isVisibleTo(drill) and drill.table.rowCount() == 1


def test_a_check_short_of_certified_staff_shows_what_it_had_of_what_it_needed(qtbot, office, dialogs, ui_settings,
                                                                              clock):
    drill = year_end_drill(qtbot, office, dialogs, ui_settings, clock, "T29")
    assert drill.table.horizontalHeaderItem(5).text() == "本条计入 实有 / 应有"
    assert [drill.table.item(r, 5).text() for r in range(drill.table.rowCount())] == ["3 / 4"]


def test_the_year_chooser_shows_another_year(qtbot, office, dialogs, ui_settings):
    store, _ = office
    _, page = make_window(qtbot, store, dialogs, ui_settings, indicators_view)
    assert [page.year_combo.itemText(i) for i in range(page.year_combo.count())] == ["2027年", "2026年", "2025年"]
    page.year_combo.setCurrentIndex(page.year_combo.findData(2025))
    row = row_of(page.table, "T46a")
    assert page.table.item(row, 3).text() == "1 / 4 次" and page.table.item(row, 5).text() == "未达标"


def test_the_report_is_exported_on_a_worker_thread_to_the_chosen_file(qtbot, office, dialogs, ui_settings, tmp_path):
    store, _ = office
    _, page = make_window(qtbot, store, dialogs, ui_settings, indicators_view)
    target = tmp_path / "报表"
    page.exporter.prompts = SavePrompt(target)
    task = page.export("xlsx")
    with qtbot.waitSignal(task.done, timeout=30000):
        pass
    assert page.exporter.prompts.asked[0][1] == "海城镇司法所2026年法治政府建设指标.xlsx"
    assert openpyxl.load_workbook(tmp_path / "报表.xlsx").sheetnames[0] == "汇总矩阵"
    assert dialogs.shown[-1][:2] == ("info", "已导出指标报表")
    page.exporter.prompts = SavePrompt(None)
    assert page.export("pdf") is None and len(dialogs.shown) == 1


def test_a_bad_catalog_is_explained_on_the_page(qtbot, office, dialogs, ui_settings, tmp_path):
    store, _ = office
    bad = tmp_path / "坏目录.toml"
    bad.write_text("format = 1\n[[indicator]]\ncode = 1\n", encoding="utf-8")
    store.set_settings(**{SETTING: str(bad)})
    _, page = make_window(qtbot, store, dialogs, ui_settings, indicators_view)
    assert page.source.text().startswith(f"无法计算指标：指标目录 {bad}")
    assert page.table.rowCount() == 0


def test_a_county_database_gets_the_county_page_not_the_township_one(qtbot, world, dialogs, ui_settings):
    window, page = make_window(qtbot, world.county, dialogs, ui_settings, indicators_view)
    assert page is None and "本年度指标" not in [window.nav.item(r).text() for r in range(window.nav.count())]
    township_window = create_main_window(world.town().store, dialogs, ui_settings, ACTOR)
    assert county_view.PAGE not in township_window.page_names


@pytest.fixture
def county(world):
    world.clock.set(datetime(2026, 12, 31, 18, 0, tzinfo=UTC))  # every record of the known year has happened
    for code in ("640522100", "640522101"):
        town = world.town(code)
        fill_known_year(town.store)
        assert world.import_(world.export(town).path).ok
    return world


def test_the_county_reviewer_sees_who_met_which_target(qtbot, county, dialogs, ui_settings):
    window, page = make_window(qtbot, county.county, dialogs, ui_settings, county_view)
    assert window.nav.item(0).text() == "县级汇总"
    window.show_page("county")
    matrix = page.matrix
    names = [matrix.verticalHeaderItem(r).text() for r in range(matrix.rowCount())]
    assert len(names) == 18 + 2 and names[-2:] == ["达标\n乡镇数", "未达标\n乡镇数"]
    codes = [matrix.horizontalHeaderItem(c).text().split("\n")[0] for c in range(matrix.columnCount())]
    assert codes[:3] == ["T40a", "T40b", "T21"] and "T45" not in codes
    haicheng, xian = names.index("海城镇"), names.index("西安镇")
    assert matrix.item(haicheng, codes.index("T40a")).text() == "达标"
    assert matrix.item(haicheng, codes.index("T40b")).text() == "未达标"  # a meeting no later one makes up
    assert matrix.item(xian, 0).text() == "无数据"
    assert matrix.item(names.index("达标\n乡镇数"), codes.index("T40a")).text() == "2"
    assert f"18 个乡镇，2 个有{page.year}年记录" in page.summary.text()
    assert [label.split()[0] for label, _ in page.chart.rows] == codes
    chart_t40a = dict((status, value) for value, status in page.chart.rows[0][1])
    assert chart_t40a["达标"] == 2 and chart_t40a["无数据"] == 16


def test_a_cell_drills_down_to_read_only_records(qtbot, county, dialogs, ui_settings):
    window, page = make_window(qtbot, county.county, dialogs, ui_settings, county_view)
    window.show_page("county")
    names = [page.matrix.verticalHeaderItem(r).text() for r in range(page.matrix.rowCount())]
    drill = page.show_cell(names.index("海城镇"), 0)
    assert drill.table.rowCount() == 1 and drill.table.item(0, 3).text() == "海城镇"
    drill.open_row(0)
    assert isinstance(page.viewer, RecordViewer) and "（只读）" in page.viewer.windowTitle()
    assert "2026年法治政府建设专题研究部署会议" in page.viewer.text.toPlainText()
    assert "乡镇\n海城镇（640522100）" in page.viewer.text.toPlainText()  # by name, as the lists show it
    assert window.editors == {}  # nothing editable opened at the county
    everyone = page.show_cell(names.index("达标\n乡镇数"), 0)
    assert everyone.table.rowCount() == 2 and "全部乡镇" in everyone.heading.text()
    assert everyone.isVisible() and not drill.isVisible()  # one at a time: the one before was left behind it


def test_completeness_and_mediation_tabs(qtbot, county, dialogs, ui_settings):
    window, page = make_window(qtbot, county.county, dialogs, ui_settings, county_view)
    table = page.complete_table
    headers = [table.horizontalHeaderItem(c).toolTip() for c in range(table.columnCount())]  # the text may wrap
    assert headers[:8] == ["乡镇", "代码", "需关注", "密钥已登记", "数据包数", "最后数据包", "最后导入日期", "距今天数"]
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert table.item(rows["海城镇"], 4).text() == "1"
    cell = table.item(rows["西安镇"], 2)
    assert cell.toolTip() == (
        "密钥未登记：请在“数据交换 → 密钥与登记”中登记乡镇密钥（或 fazhi enrol）。\n"
        "从未报送数据包：请乡镇导出数据包报送。")  # an item to a line, each ended by 。
    # the one-line cell shows only the start of the first: it says first how many there are
    assert cell.text() == "共 2 项：密钥未登记：请在“数据交换 → 密钥与登记”中登记乡镇密钥（或 fazhi enrol）。"
    mediation = page.mediation_table
    last = mediation.rowCount() - 1
    assert mediation.item(last, 0).text() == "全县" and mediation.item(last, 2).text() == "8"
    silent = next(r for r in range(last) if mediation.item(r, 0).text() == "西安镇")  # never sent: not "0" cases
    assert [mediation.item(silent, c).text() for c in (2, 3)] == ["—", "—"]
    # a table of figures: its last column stays as wide as its figures (stretched, 申请司法确认's counts sat 500
    # pixels right of the rest on a laptop)
    window.resize(1366, 740)
    page.tabs.setCurrentIndex(next(i for i in range(page.tabs.count()) if page.tabs.tabText(i) == "调解统计"))
    QApplication.processEvents()
    widths = [mediation.columnWidth(c) for c in range(mediation.columnCount()) if not mediation.isColumnHidden(c)]
    assert widths[-1] <= max(widths[:-1]), widths


def test_completeness_names_what_a_changed_bundle_left_under_both_townships(qtbot, county, dialogs, ui_settings,
                                                                          valid_record, tmp_path):
    """A county database that imported, before verification refused it, 海城镇's bundle carrying 李旺镇's case id as
    a meeting: 需关注 says so of both, first, and the note under the table says where the way out is."""
    _, page = make_window(qtbot, county.county, dialogs, ui_settings, county_view)
    table = page.complete_table
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert "改动" not in table.item(rows["海城镇"], 2).text() and "fazhi check" not in page.complete_note.text()
    case = county.county.query("SELECT id, number FROM mediation_case WHERE township = '640522101' LIMIT 1")[0]
    town = county.town("640522100")
    county.receipt(town)  # its next bundle carries only the forged meeting
    county.clock.advance(days=1)
    imported_before_the_fix(county, town, "meeting", case["id"], valid_record("meeting", title="伪造的会议"), tmp_path)
    meeting = county.county.query("SELECT number FROM meeting WHERE id = ?", [case["id"]])[0]["number"]
    page.refresh()
    assert table.item(rows["海城镇"], 2).text() == (
        f"第 2 号数据包被改动过：会议 {meeting}用了李旺镇调解案件 {case['number']}的记录标识；"
        "请运行 fazhi check 查看处理办法。")
    taken = f"记录标识被占用：调解案件 {case['number']}的标识被海城镇的会议 {meeting}占用，含这条记录的数据包会被拒收"
    # its bundle, made at 02:00 on New Year's Day Beijing time (18:00 UTC), holds the whole year: no * (on a test PC
    # set to UTC it was said to be made on 31 December)
    assert table.item(rows["李旺镇"], 2).text() == f"{taken}；请运行 fazhi check 查看处理办法。"
    assert "运行 fazhi check 逐条列出并说明处理办法" in page.complete_note.text()


def test_a_refused_catalog_still_shows_what_arrived(qtbot, county, dialogs, ui_settings, tmp_path):
    """The whole 县级汇总 went blank, 数据完整性 and 各乡镇台账 included, with the reason in grey."""
    bad = tmp_path / "坏目录.toml"
    bad.write_text("format = 1\n", encoding="utf-8")
    county.county.set_settings(**{SETTING: str(bad)})
    window, page = make_window(qtbot, county.county, dialogs, ui_settings, county_view)
    window.show_page("county")
    assert page.source.text().startswith("无法计算指标") and "#b3261e" in page.source.styleSheet()
    assert page.complete_table.rowCount() == 18 and page.matrix.rowCount() == 0
    assert page.summary.text() == "" and page.mediation_table.rowCount() == 0  # nothing left from before
    assert not page.xlsx_button.isEnabled() and not page.pdf_button.isEnabled()  # no report past the refusal


def test_every_townships_records_with_a_township_filter(qtbot, county, dialogs, ui_settings):
    _, page = make_window(qtbot, county.county, dialogs, ui_settings, county_view)
    page.tabs.setCurrentWidget(page.records)
    browser = page.records
    browser.ledger_combo.setCurrentIndex(browser.ledger_combo.findData("meeting"))
    assert browser.model.total == 10 and browser.model.headerData(0, Qt.Orientation.Horizontal) == "乡镇"
    browser.township_combo.setCurrentIndex(browser.township_combo.findData("640522101"))
    assert browser.model.total == 5 and browser.count_label.text() == "共 5 条"
    assert {browser.model.data(browser.model.index(r, 0)) for r in range(5)} == {"李旺镇"}
    browser.year_combo.setCurrentIndex(browser.year_combo.findData(2026))
    assert browser.model.total == 3
    type_text(qtbot, browser.search, "专题")
    qtbot.waitUntil(lambda: browser.model.total == 1)  # after the pause in typing, as in the ledger lists
    browser._open(0)
    assert isinstance(page.viewer, RecordViewer)


def test_the_county_report_exports_too(qtbot, county, dialogs, ui_settings, tmp_path):
    _, page = make_window(qtbot, county.county, dialogs, ui_settings, county_view)
    page.exporter.prompts = SavePrompt(tmp_path / "全县.pdf")
    task = page.exporter.export("pdf", page.year)
    with qtbot.waitSignal(task.done, timeout=60000):
        pass
    assert (tmp_path / "全县.pdf").read_bytes().startswith(b"%PDF")
    assert dialogs.shown[-1][1] == "已导出指标报表"


class OpenPrompt:
    def __init__(self, files):
        self.files = files

    def open_files(self, parent, title, pattern):
        return list(self.files)


def menu_action(window, text: str):
    return next(a for a in window.indicator_menu.actions() if a.text().startswith(text))


def test_the_catalog_is_chosen_from_the_menu_and_a_bad_one_is_refused(qtbot, office, dialogs, ui_settings, tmp_path):
    from fazhi_desktop.core.indicators import default_catalog_path

    store, _ = office
    store.clock.set(datetime(2026, 12, 31, 8, 0, tzinfo=UTC))  # all three 会前学法 held: 3 meets a target of 3
    window, page = make_window(qtbot, store, dialogs, ui_settings, indicators_view)
    bad = tmp_path / "坏目录.toml"
    bad.write_text(default_catalog_path().read_text(encoding="utf-8").replace('value = "会前学法"', 'value = "会前学"'),
                   encoding="utf-8")
    window.exchange_prompts = OpenPrompt([bad])
    menu_action(window, "启用指标目录").trigger()
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("error", "指标目录未启用")
    assert str(bad) in text and "指标 T46a" in text and "“会前学”不是可选值" in text
    assert store.setting(SETTING) is None
    good = tmp_path / "县目录.toml"
    good.write_text(default_catalog_path().read_text(encoding="utf-8").replace(
        'value = "会前学法" }] }\nthreshold = 4', 'value = "会前学法" }] }\nthreshold = 3'), encoding="utf-8")
    window.exchange_prompts = OpenPrompt([good])
    menu_action(window, "启用指标目录").trigger()
    # a catalog saying no years (from_year) scores the ended 2025 too (a record of 31 December): said as it is enabled
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("warn", "指标目录") and "各年度：" in text and "2025 年的指标也按本目录重新计算" in text
    assert "县里启用的目录：县目录.toml" in page.source.text()  # it may keep the official name and version
    row = row_of(page.table, "T46a")
    assert page.table.item(row, 5).text() == "达标" and page.table.item(row, 4).text() == "不少于 3 次"
    good.write_text(good.read_text(encoding="utf-8").replace("threshold = 3", "threshold = 1"), encoding="utf-8")
    page.refresh()  # the file changed after the 管理员 enabled it (someone with the folder open): the copy counts
    assert page.table.item(row_of(page.table, "T46a"), 4).text() == "不少于 3 次" and page.xlsx_button.isEnabled()
    menu_action(window, "恢复程序自带").trigger()
    assert page.table.item(row_of(page.table, "T46a"), 4).text() == "不少于 4 次"


def test_the_page_says_how_many_planned_records_wait_for_their_day(qtbot, office, dialogs, ui_settings, clock):
    store, _ = office
    clock.set(datetime(2026, 7, 1, 8, 0, tzinfo=UTC))  # the known year's later records lie ahead
    window, page = make_window(qtbot, store, dialogs, ui_settings, indicators_view)
    window.show_page("indicators")
    ahead = page.results.ahead[page.results.townships[0].code]
    assert ahead > 0 and f"另有 {ahead} 条记录的日期在今天以后（计划中的），到当天才计入。" in page.source.text()
    clock.set(datetime(2027, 1, 10, 8, 0, tzinfo=UTC))
    page.load()
    assert "今天以后" not in page.source.text()


def test_only_an_administrator_may_change_how_townships_are_scored(qtbot, office, dialogs, ui_settings, tmp_path):
    """A 录入员 replaced the catalog from the menu (T30b at 50 %) while the command line refused her."""
    from fazhi_desktop.core import accounts
    from fazhi_desktop.core.errors import PermissionDenied
    from fazhi_desktop.core.indicators import default_catalog_path, use_catalog

    store, _ = office
    store.user = accounts.add_account(store, "admin", "系统管理员", "管理员", "mima-2026")
    store.user = accounts.add_account(store, "马丽", None, "录入员", "mima-2026")
    window, _ = make_window(qtbot, store, dialogs, ui_settings, indicators_view)
    for text in ("启用指标目录", "恢复程序自带"):
        action = menu_action(window, text)
        assert not action.isEnabled() and "管理员" in action.toolTip(), text
    mine = tmp_path / "我的目录.toml"
    mine.write_text(default_catalog_path().read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(PermissionDenied, match="录入员无权启用或恢复指标目录"):
        use_catalog(store, mine)
    assert store.setting(SETTING) is None


def test_a_catalog_given_for_one_report_is_named_as_such_and_an_old_enabled_one_is_watched(office, tmp_path):
    """`fazhi report --catalog` by anyone: its header said 县里启用的目录 for a file nobody had enabled. A catalog
    enabled before its digest was kept is taken as it is on first use, and its copy followed from then on."""
    from fazhi_desktop.core.indicators import DIGEST_SETTING, default_catalog_path, load_catalog_for

    store, _ = office
    mine = tmp_path / "我的目录.toml"
    mine.write_text(default_catalog_path().read_text(encoding="utf-8"), encoding="utf-8")
    assert "另行指定、未启用的目录：我的目录.toml" in load_catalog_for(store, mine).label
    store.set_settings(**{SETTING: str(mine)})  # enabled by an older program: no digest
    assert "县里启用的目录：我的目录.toml" in load_catalog_for(store).label
    assert store.setting(DIGEST_SETTING)
    mine.write_text(mine.read_text(encoding="utf-8").replace("threshold = 4", "threshold = 1"), encoding="utf-8")
    mine.unlink()
    assert load_catalog_for(store).get("T46a").target_text() == "不少于 4 次"


def without_the_new_year(store) -> None:
    """The known year's office as it stands in early January: nothing dated in 2027 yet."""
    from fazhi_desktop.core.store import ListQuery

    for ledger in store.ledgers:
        for record in store.list(ListQuery(ledger, year=2027)):
            store.delete(record.id, ACTOR)


def test_a_year_end_review_in_january_opens_on_the_year_just_ended(qtbot, office, dialogs, ui_settings, clock):
    """On 12 January 本年度指标 and 统计 → 导出本年度指标报表 took the new, empty year: a report all 无数据."""
    store, _ = office
    without_the_new_year(store)
    clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    window = create_main_window(store, dialogs, ui_settings, ACTOR)  # on its first page: 本年度指标 not shown yet
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.page("indicators")
    page.exporter.prompts = SavePrompt(None)
    menu_action(window, "导出本年度指标报表（Excel）").trigger()
    assert page.exporter.prompts.asked[0][:2] == ("导出2026年指标报表", "海城镇司法所2026年法治政府建设指标.xlsx")
    window.show_page("indicators")
    assert page.year_combo.currentText() == "2026年" and page.year_note.isVisibleTo(page)
    assert page.year_note.text() == "2027年尚无记录，显示2026年；可在“年度”中改选其他年份。"
    assert page.table.item(row_of(page.table, "T46a"), 5).text() == "未达标"  # the year is over: 3 of 4
    page.year_combo.setCurrentIndex(page.year_combo.findData(2027))  # the user's choice: nothing left to explain
    assert not page.year_note.isVisibleTo(page)
    page.refresh()
    assert page.year_combo.currentText() == "2027年"


def test_the_county_in_january_opens_on_the_year_just_ended(qtbot, world, dialogs, ui_settings):
    town = world.town("640522100")
    fill_known_year(town.store)
    without_the_new_year(town.store)
    assert world.import_(world.export(town).path).ok
    world.clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    window, page = make_window(qtbot, world.county, dialogs, ui_settings, county_view)
    window.show_page("county")
    assert page.year_combo.currentText() == "2026年"
    assert page.year_note.text() == "1月为2026年度考核期，显示2026年；可在“年度”中改选其他年份。"
    assert "1 个有2026年记录" in page.summary.text()


def test_the_county_in_january_offers_and_opens_on_last_year_before_its_records_arrive(qtbot, world, dialogs,
                                                                                        ui_settings):
    """The year list offered 2027 and 2025, not 2026, the year scored in January, and the page opened on 2025."""
    town = world.town("640522100")
    world.clock.set(datetime(2025, 12, 10, 2, 0, tzinfo=UTC))
    town.store.save("law_study", {"activity_type": "会前学法", "topic": "学习《民法典》", "held_on": "2025-12-05"},
                    ACTOR)
    assert world.import_(world.export(town).path).ok
    world.clock.set(datetime(2027, 1, 8, 2, 0, tzinfo=UTC))
    _window, page = make_window(qtbot, world.county, dialogs, ui_settings, county_view)
    assert [page.year_combo.itemText(i) for i in range(page.year_combo.count())] == ["2027年", "2026年", "2025年"]
    assert page.year_combo.currentText() == "2026年"
    assert page.year_note.text() == ("1月为2026年度考核期，显示2026年（2026年尚未收到记录）；可在“年度”中改选其他"
                                     "年份。")


def test_an_empty_cell_says_why_instead_of_an_empty_list(qtbot, county, dialogs, ui_settings):
    """西安镇's 无数据 drilled into "共 0 条记录" over an empty table and a blank note line."""
    window, page = make_window(qtbot, county.county, dialogs, ui_settings, county_view)
    window.show_page("county")
    names = [page.matrix.verticalHeaderItem(r).text() for r in range(page.matrix.rowCount())]
    drill = page.show_cell(names.index("西安镇"), 0)
    assert drill.empty_reason.isVisibleTo(drill) and not drill.table.isVisibleTo(drill)
    assert drill.empty_reason.text() == "西安镇尚未报送数据包：县里还没有收到它的任何记录。"
    # T40a has no note of its own: the line says which records count, nothing more
    assert drill.note.text() == "计入条件：会议中会议类型为“专题研究部署法治政府建设会议”的记录；按会议日期计入年度"
    listed = page.show_cell(names.index("海城镇"), 0)
    assert listed.table.isVisibleTo(listed) and not listed.empty_reason.isVisibleTo(listed)


def test_the_part_chooser_of_a_roster_target_speaks_of_people(qtbot, office, dialogs, ui_settings, clock):
    """T47's chooser read "尚未计入的记录" over a list of the leaders who had not reported."""
    drill = year_end_drill(qtbot, office, dialogs, ui_settings, clock, "T47")
    choices = [drill.part_combo.itemText(i) for i in range(drill.part_combo.count())]
    assert choices == ["已述法的人员及记录", "名册中应述法的人员", "尚未述法的人员"]
    assert drill.part_combo.currentText() == "尚未述法的人员"
def right_edge(table) -> int:
    header = table.horizontalHeader()
    shown = [c for c in range(header.count()) if not table.isColumnHidden(c)]
    return header.sectionViewportPosition(shown[-1]) + header.sectionSize(shown[-1])


@contextmanager
def large_completeness(qtbot, county, dialogs, ui_settings):
    """The county's window in 长者模式 on a 1366x768 laptop (less the task bar and the frame), at 数据完整性:
    (window, table); the normal size of text again afterwards."""
    window, page = make_window(qtbot, county.county, dialogs, ui_settings, county_view)
    window.set_large_text(True)
    try:
        QApplication.processEvents()
        window.resize(1326, 668)
        page.tabs.setCurrentIndex(2)
        QApplication.processEvents()
        yield window, page.complete_table
    finally:
        window.set_large_text(False)


def test_in_large_text_the_completeness_table_fits_a_laptop_with_its_titles_on_more_lines(qtbot, county, dialogs,
                                                                                          ui_settings):
    """长者模式 at 1366 pixels: 数据完整性's fourteen columns scrolled 440 pixels sideways (本年记录合计 and four
    ledgers off the edge). Titles go to lines of two characters while the columns do not fit otherwise, and back;
    the columns give up the air beside their text before 需关注 gives up characters."""
    with large_completeness(qtbot, county, dialogs, ui_settings) as (window, table):
        assert right_edge(table) <= table.viewport().width()
        titles = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        assert "数据\n包数" in titles and "密钥\n已登记" in titles
        dates = table.item(1, titles.index("最后\n导入\n日期")).text()
        # the whole day, not "2026-12-…"; Beijing's (the bundles came at 18:00 UTC), as 距今天数 counts from it
        assert dates == "2027-01-01"
        # the air beside every column's text goes before 需关注's text is cut: it showed "密钥未登记；…"
        attention = table.horizontalHeader().sectionSize(titles.index("需关注"))
        assert attention >= 12 * table.fontMetrics().horizontalAdvance("一")
        window.resize(2400, 900)
        QApplication.processEvents()
        assert "数据包数" in [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


def test_in_large_text_the_completeness_table_with_closed_years_still_fits_a_laptop(qtbot, county, dialogs,
                                                                                    ui_settings):
    """January: once townships sent their closings, 年度封账 ("2026年封账后已重新打开（2027-01-12）", kept whole)
    pushed 投诉举报, 调解案件 and 本年记录合计 off a 1366-pixel laptop in 长者模式 and left 需关注 alone to be cut."""
    from fazhi_desktop.core import year_close

    county.clock.set(datetime(2027, 1, 12, 2, 0, tzinfo=UTC))
    for code, reopen in (("640522100", False), ("640522101", True)):
        town = county.town(code)
        for record in year_close.blocking_drafts(year_close.to_lock(town.store, 2026)):
            review_steps.submit(town.store, record.id, ACTOR)
        year_close.close_year(town.store, 2026, ACTOR)
        if reopen:
            year_close.reopen_year(town.store, 2026, "补录12月30日的党委会", ACTOR)
        assert county.import_(county.export(town).path).ok
    with large_completeness(qtbot, county, dialogs, ui_settings) as (_, table):
        assert right_edge(table) <= table.viewport().width()
        titles = [table.horizontalHeaderItem(c).toolTip() for c in range(table.columnCount())]
        closing = titles.index("年度封账")
        assert table.item(row_of(table, "李旺镇"), closing).toolTip() == "已重新打开（2027-01-12）"
        assert table.item(row_of(table, "海城镇"), closing).toolTip() == "已封账（2027-01-12）"
        assert shows_whole(table, row_of(table, "海城镇"), closing)  # it showed "已封账…"
    # at the usual size of text the closing read "已封账（2…" while 需关注 kept 300 pixels: both read now
    window, page = make_window(qtbot, county.county, dialogs, ui_settings, county_view)
    window.resize(1326, 668)
    page.tabs.setCurrentIndex(2)
    QApplication.processEvents()
    table = page.complete_table
    assert right_edge(table) <= table.viewport().width()
    assert shows_whole(table, row_of(table, "海城镇"), closing)
    assert shows_whole(table, row_of(table, "李旺镇"), closing)
    attention = table.horizontalHeader().sectionSize(titles.index("需关注"))
    assert attention >= county_view.ATTENTION_FIRST * table.fontMetrics().horizontalAdvance("一")


def shows_whole(table, row: int, column: int) -> bool:
    """Whether the cell's text fits its column (not cut to "…")."""
    fitter = table.findChild(county_view.ColumnFitter)
    return table.horizontalHeader().sectionSize(column) >= fitter.text_width(table.item(row, column).text())


def test_the_countys_tables_fit_a_laptop_screen_and_its_roster_filters_by_township(qtbot, county, dialogs,
                                                                                   ui_settings):
    """At 1366 pixels 各乡镇台账 pushed 状态 off the right edge, 数据完整性 调解案件 and 本年记录合计, and the county's
    人员名册 状态; its 193 people had no township filter."""
    window, page = make_window(qtbot, county.county, dialogs, ui_settings, county_view)
    window.resize(1326, 668)  # a 1366x768 laptop less the task bar and the frame
    page.tabs.setCurrentIndex(2)
    QApplication.processEvents()
    assert right_edge(page.complete_table) <= page.complete_table.viewport().width()
    window.resize(1100, 668)  # the records and the roster in a window narrower still
    page.tabs.setCurrentIndex(4)
    QApplication.processEvents()
    assert right_edge(page.records.table) <= page.records.table.viewport().width()
    window.show_page("people")
    QApplication.processEvents()
    roster = window.pages["people"]
    assert right_edge(roster.table) <= roster.table.viewport().width()
    records = page.records.table
    title = page.records.model.columns.index("title")
    assert records.model().headerData(title, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "会议名称/届次"

    everyone = roster.table.rowCount()
    roster.township.setCurrentIndex(roster.township.findText("李旺镇"))
    shown = {roster.table.item(r, 0).text() for r in range(roster.table.rowCount())}
    assert shown == {"李旺镇"} and 0 < roster.table.rowCount() < everyone
    assert roster.count_label.text().startswith(f"共 {roster.table.rowCount()} 人")


def each_ledger(browser):
    """各乡镇台账 showing each ledger in turn: its model, once the table has been fitted."""
    for row in range(browser.ledger_combo.count()):
        browser.ledger_combo.setCurrentIndex(row)
        QApplication.processEvents()
        yield browser.model


def test_in_large_text_every_townships_records_fit_a_screen_scaled_to_150_percent(qtbot, county, dialogs,
                                                                                 ui_settings):
    """各乡镇台账 in 长者模式 in a 1240-pixel window (a 1920x1080 screen at 150 %): 学法活动 ran 59 pixels off the
    edge. Qt gave every column the sort arrow's room, and 时长（分钟） kept its whole title over two-digit numbers; the
    list is now fitted as the ledger lists are: the arrow's room in the sorted column only, a number's title ending
    in "…" down to its numbers' width."""
    window, page = make_window(qtbot, county.county, dialogs, ui_settings, county_view)
    window.set_large_text(True)
    try:
        window.resize(1240, 668)
        page.tabs.setCurrentWidget(page.records)
        browser = page.records
        for model in each_ledger(browser):
            assert right_edge(browser.table) <= browser.table.viewport().width(), model.ledger.label
        browser.ledger_combo.setCurrentIndex(browser.ledger_combo.findData("law_study"))
        QApplication.processEvents()
        header, metrics = browser.table.horizontalHeader(), browser.table.fontMetrics()
        minutes = browser.model.columns.index("duration_minutes")
        width = header.sectionSize(minutes)
        assert metrics.horizontalAdvance("1234") <= width < metrics.horizontalAdvance("时长（分钟）")
        assert header.textElideMode() == Qt.TextElideMode.ElideRight  # "时长…", its tooltip whole
    finally:
        window.set_large_text(False)


def test_every_townships_records_give_the_room_to_the_title_as_the_ledger_lists_do(qtbot, county, dialogs,
                                                                                    ui_settings):
    """各乡镇台账 sized its columns from its first rows and gave what was left to 状态, the last: in the window of a
    1366x768 laptop 执法检查's 状态 was 604 pixels wide beside a 被监督单位 of 85, the other ledgers' 状态 164 to 421
    beside titles of 113 to 261. It now fits its columns as the county's own ledger lists do (the text each column
    usually shows, the title taking the rest), so each ledger's columns are as wide here as in its list."""
    window, page = make_window(qtbot, county.county, dialogs, ui_settings, county_view)
    window.resize(1326, 668)
    page.tabs.setCurrentWidget(page.records)
    browser = page.records
    for model in each_ledger(browser):
        table = browser.table
        header = table.horizontalHeader()
        columns = model.columns
        title, status = columns.index(model.ledger.title_field), columns.index("status")
        widths = [header.sectionSize(c) for c in range(len(columns))]
        assert right_edge(table) == table.viewport().width(), model.ledger.name  # the title fills the row
        assert widths[status] <= browser.fitter.text_width("所长已审核") + browser.fitter.air, model.ledger.name
        assert widths[title] >= 20 * table.fontMetrics().horizontalAdvance("一"), model.ledger.name
        window.show_page(model.ledger.name)
        QApplication.processEvents()
        listed = window.pages[model.ledger.name].table.horizontalHeader()
        others = [c for c in range(len(columns)) if c != title]
        assert [widths[c] for c in others] == [listed.sectionSize(c) for c in others], model.ledger.name
        window.show_page(county_view.PAGE)


def test_the_matrix_marks_a_township_whose_year_may_not_all_have_arrived(qtbot, world, dialogs, ui_settings, clock):
    """数据完整性 said a township's last bundle was made on 10 December; its matrix row gave verdicts as final."""
    town = world.town("640522100")
    fill_known_year(town.store)
    clock.set(datetime(2026, 12, 10, 2, 0, tzinfo=UTC))
    assert world.import_(world.export(town).path).ok
    clock.set(datetime(2027, 1, 10, 2, 0, tzinfo=UTC))
    _window, page = make_window(qtbot, world.county, dialogs, ui_settings, county_view)
    page.year_combo.setCurrentIndex(page.year_combo.findData(2026))
    names = [page.matrix.verticalHeaderItem(r).text() for r in range(page.matrix.rowCount())]
    assert "海城镇 *" in names and "李旺镇" in names
    marked = page.matrix.verticalHeaderItem(names.index("海城镇 *"))
    assert marked.toolTip().startswith("最后一个数据包制作于2026年12月10日")
    assert page.matrix_note.text().startswith("带 * 的乡镇最后一个数据包制作于2026年底之前：海城镇（2026年12月10日）")


def test_in_large_text_the_matrix_keeps_every_status_whole_and_shows_all_it_can_on_a_laptop(qtbot, county, dialogs,
                                                                                            ui_settings):
    """长者模式 at 1366 pixels: 指标矩阵 sized its columns to four-character title lines, showing 10 of its 14 targets
    and a cut eleventh; then, with titles in lines of two characters and no air beside the text, 13 whole: fourteen
    whole statuses needed 980 pixels of the 912 there were. With 达标/乡镇数 and 未达标/乡镇数 on two lines (the
    townships' column as wide as 海城街道), cells a pixel nearer the grid on either side and the tab's sides at 3
    pixels, all fourteen show whole; a wider window fits them with the usual titles, the last column not stretched."""
    window, page = make_window(qtbot, county.county, dialogs, ui_settings, county_view)
    window.set_large_text(True)
    try:
        QApplication.processEvents()
        window.resize(1326, 668)
        QApplication.processEvents()
        matrix = page.matrix
        header = matrix.horizontalHeader()
        columns = range(matrix.columnCount())
        assert all(header.sectionSize(c) >= matrix.sizeHintForColumn(c) for c in columns)  # statuses whole
        room = matrix.fontMetrics().horizontalAdvance("有风险") + 4  # and two pixels of air either side
        assert all(header.sectionSize(c) >= room for c in columns)
        whole = [c for c in columns if header.sectionViewportPosition(c) + header.sectionSize(c)
                 <= matrix.viewport().width()]
        assert len(whole) == matrix.columnCount() == 14
        assert matrix.horizontalHeaderItem(0).text() == "T40a\n专题\n研究\n部署"
        window.resize(2400, 900)
        QApplication.processEvents()
        assert right_edge(matrix) <= matrix.viewport().width()
        assert matrix.horizontalHeaderItem(0).text() == "T40a\n专题研究\n部署"
        assert not header.stretchLastSection()
    finally:
        window.set_large_text(False)


def test_a_year_without_the_closing_column_after_one_with_it_fills_the_table_without_an_error(qtbot):
    """数据完整性 of 2026 (a township closed it: a 年度封账 column), then 2027 (no such column) in a window narrower
    than the table: its titles were fitted while the table stood emptied, and the program said the action had
    failed (AttributeError in county_view._retitle)."""
    def completeness_of(closings: bool) -> View:
        closing = ["年度封账"] if closings else []
        headers = ["乡镇", "需关注", "数据包数", "最后导入日期", *closing, "会议", "调解案件"]
        row = ["海城镇", "本年度 2027-01-12 10:00 封账后于 2027-03-02 10:00 重新打开", 2, "2027-03-02",
               *(["已封账（2027-01-12）"] if closings else []), 12, 3]
        return View("数据完整性", "数据完整性", headers, [TEXT] * len(headers), [row] * 18)

    table = QTableWidget()
    qtbot.addWidget(table)
    table.resize(420, 300)
    table.show()
    qtbot.waitExposed(table)
    county_view._fill_view(table, completeness_of(closings=True))
    QApplication.processEvents()
    later = completeness_of(closings=False)
    county_view._fill_view(table, later)
    QApplication.processEvents()
    titles = [table.horizontalHeaderItem(c) for c in range(table.columnCount())]
    assert [t.toolTip() for t in titles] == later.headers
    assert [t.text().replace("\n", "") for t in titles] == later.headers



def test_in_large_text_every_targets_explanation_shows_all_its_lines_on_a_laptop(qtbot, office, dialogs, ui_settings,
                                                                                clock):
    """长者模式 in a window 1240 wide (a laptop at 150 %): 说明 was cut mid-sentence ("还剩 183 天，还差 2…") in
    rows sized before the columns sized to their contents had settled. Every row is as tall as its wrapped text."""
    store, _ = office
    clock.set(datetime(2026, 7, 1, 8, 0, tzinfo=UTC))
    window, page = make_window(qtbot, store, dialogs, ui_settings, indicators_view)
    window.resize(1240, 640)
    window.set_large_text(True)
    try:
        window.show_page("indicators")
        table = page.table

        def needs() -> dict[str, tuple[int, int]]:
            width = table.columnWidth(6) - 8  # the cell's margins
            return {table.item(r, 0).text(): (table.rowHeight(r), table.fontMetrics().boundingRect(
                0, 0, width, 10000, Qt.TextFlag.TextWordWrap, table.item(r, 6).text()).height())
                for r in range(table.rowCount())}

        # the rows follow the columns' last widths a few event-loop turns later (a busy machine takes more turns)
        qtbot.waitUntil(lambda: all(h >= n for h, n in needs().values()), timeout=3000)
        assert any(need > table.fontMetrics().height() for _, need in needs().values())  # some do wrap
        assert {code: hn for code, hn in needs().items() if hn[0] < hn[1]} == {}
        shown = table.verticalHeader().length() + table.horizontalHeader().height()
        assert table.minimumHeight() >= shown  # the page scrolls, the table shows every row
    finally:
        window.set_large_text(False)
