"""The main window as a clerk uses it: navigation, the status bar, search, filters, sorting, delete, opening."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import types
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QApplication, QDialog

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from helpers import shortcuts_in_large_text, type_text

from fazhi_desktop.core import paths
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import ListQuery
from fazhi_desktop.qt import app as app_module
from fazhi_desktop.qt.app import open_or_set_up
from fazhi_desktop.qt.editor import EditorWindow
from fazhi_desktop.qt.editor.group import REMOVE_KEY
from fazhi_desktop.qt.ledger_view import LedgerView
from fazhi_desktop.qt.main_window import MainWindow, create_main_window

LATE_END = "结束时间早于开始时间，请核对；如跨过午夜到次日，无需修改（打印为“次日”）"  # two clock times

ACTOR = "马文军"


@pytest.fixture(autouse=True)
def restore_app_font(qapp):
    app = qapp
    font, base = QFont(app.font()), app.property("fazhi_base_point_size")
    yield
    app.setFont(font)
    app.setProperty("fazhi_base_point_size", base)


@pytest.fixture
def window(qtbot, store, dialogs, ui_settings):
    w = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(w)
    w.resize(1180, 720)  # a laptop's window: the test screen is 800x600, and a first start fits the screen
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def meetings(store, valid_record):
    rows = [
        valid_record("meeting", title="党委会第1次", held_on="2025-11-03", host="马志刚"),
        valid_record("meeting", title="政府常务会议", held_on="2026-03-05", host="田玉春"),
        valid_record("meeting", title="专题研究部署法治政府建设", held_on="2026-04-10", host="马志刚"),
        valid_record("meeting", title="党委会第2次", held_on="2026-05-20", host="李强"),
    ]
    return store.save_many("meeting", rows, ACTOR)


def ledger_view(window, name: str = "meeting") -> LedgerView:
    window.show_page(name)
    return window.pages[name]


def column(view: LedgerView, name: str) -> list[str]:
    col = view.model.columns.index(name)
    return [view.model.data(view.model.index(row, col)) for row in range(view.model.rowCount())]


def select(view: LedgerView, title: str) -> None:
    row = column(view, "title").index(title)
    view.table.selectRow(row)


class FakeEditor(QDialog):
    """Stands in for the record editor: remembers how it was opened; `save(**values)` saves like the real one."""

    saved = Signal(object)
    others_saved = Signal(object)
    new_requested = Signal(str)
    copy_requested = Signal(object)
    another_requested = Signal(str)
    review_next_requested = Signal(object)
    opened: ClassVar[list[FakeEditor]] = []

    def __init__(self, store, ledger, record, dialogs, actor, parent=None, copy_of=None, reentering=None,
                 viewing=False):
        super().__init__(parent)
        self.store, self.ledger, self.record, self.actor, self.copy_of = store, ledger, record, actor, copy_of
        self.viewing = viewing
        FakeEditor.opened.append(self)

    def save(self, **values):
        record = self.store.save(self.ledger.name, values, self.actor, record_id=self.record and self.record.id)
        self.saved.emit(record)
        return record

    def show_linked_from(self):
        """The real one reads again which records link its record (a study's meetings)."""


@pytest.fixture
def fake_editor(monkeypatch):
    FakeEditor.opened = []
    module = types.ModuleType("fazhi_desktop.qt.editor")
    module.EditorWindow = FakeEditor
    monkeypatch.setitem(sys.modules, "fazhi_desktop.qt.editor", module)
    return FakeEditor


# -- navigation and status -----------------------------------------------------------------------------------


def nav_item(window, text: str):
    return next(window.nav.item(i) for i in range(window.nav.count()) if window.nav.item(i).text() == text)


def test_window_offers_the_five_ledgers_the_indicators_the_roster_and_settings(qtbot, window):
    items = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert [t for t in items if t] == [
        "会议", "学法活动", "行政执法监督检查", "投诉举报", "调解案件", "本年度指标", "人员名册", "设置",
    ]
    window.nav.setCurrentItem(nav_item(window, "人员名册"))
    assert window.stack.currentWidget() is window.pages["people"]
    window.nav.setCurrentItem(nav_item(window, "投诉举报"))
    assert window.stack.currentWidget().ledger.label == "投诉举报"
    # Ctrl+1 … Ctrl+8 as the pages stand on the left, 本年度指标 included (it was in neither the menu nor the keys)
    for key, page in ((Qt.Key.Key_6, "indicators"), (Qt.Key.Key_7, "people"), (Qt.Key.Key_8, "settings")):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        assert window.current_name() == page
    assert [a.text() for a in window.page_actions] == [t for t in items if t]
    assert "海城镇司法所" in window.windowTitle()


def test_the_navigation_in_large_text_is_as_wide_as_its_longest_entry(qtbot, window):
    """In 长者模式 on a 1366x768 laptop the list of pages on the left was 42 pixels wider than its longest entry
    needs (26 in normal text): twice the font height of padding, taken from the ledger lists and the county's
    pages beside it. In a window too low for every entry the scroll bar comes beside the entries, not over them."""
    window.set_large_text(True)
    try:
        for height in (708, 260):
            window.resize(1366, height)
            QApplication.processEvents()
            nav = window.nav
            items = [nav.item(r) for r in range(nav.count()) if nav.item(r).text()]
            for item in items:  # whole, with the style's margins around it, where the focus rectangle is drawn
                rect = nav.visualItemRect(item)
                assert rect.width() >= nav.sizeHintForIndex(nav.indexFromItem(item)).width(), item.text()
                assert rect.left() >= 0 and rect.right() < nav.viewport().width(), item.text()
            longest = max(nav.sizeHintForIndex(nav.indexFromItem(item)).width() for item in items)
            assert nav.viewport().width() == longest + 2 * nav.spacing(), height
        assert nav.verticalScrollBar().isVisible()  # 260 pixels high
    finally:
        window.set_large_text(False)


def test_hints_on_pages_already_shown_follow_large_text_both_ways(qtbot, window):
    """长者模式 switched on during a session left every grey hint on a page already shown at 10.5 pt while the rest
    went to 15.75 pt (选择后立即生效…, 停用的人员不再出现…); switched off, they stayed large."""
    from PySide6.QtWidgets import QLabel

    for name in window.nav_order():
        window.show_page(name)
        QApplication.processEvents()
    hint = next(label for label in window.page("settings").findChildren(QLabel)
                if label.text().startswith("选择后立即生效"))
    try:
        for on in (True, False):
            window.set_large_text(on)
            QApplication.processEvents()
            size = QApplication.instance().font().pointSizeF()
            assert hint.fontInfo().pointSizeF() == pytest.approx(size, abs=0.5)
            apart = {(label.text()[:20], label.fontInfo().pointSizeF()) for label in window.findChildren(QLabel)
                     if label.text() and not label.font().bold() and abs(label.fontInfo().pointSizeF() - size) > 0.5}
            assert apart == set(), (on, size)
    finally:
        window.set_large_text(False)


def test_the_shortcut_list_has_every_key_in_columns(window, dialogs):
    window.show_shortcuts()
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("info", "快捷键") and text.startswith("<table cellspacing=\"0\">")
    for key in ("Ctrl+N", "Ctrl+E", "Ctrl+1 至 Ctrl+8", "Ctrl+S", "Ctrl+P", "F4", REMOVE_KEY):
        assert f">{key}</td>" in text, key  # REMOVE_KEY: 删除此行 in a repeating group, missing from the list
    # one name for the key, as beside Ctrl+Enter
    assert ">Enter / Esc</td><td>到下一项 / 关闭</td>" in text and "回车" not in text
    # the editor's Ctrl+D was missing from the list
    assert ">Ctrl+Shift+S / Ctrl+D</td><td>保存并新建下一条 / 保存并复制为新记录</td>" in text


def test_the_shortcuts_in_large_text_scroll_within_a_laptop_at_150_percent(qtbot, window, dialogs, monkeypatch):
    """帮助 → 快捷键 in 长者模式 at a township was 694 pixels high on a laptop at 150 % (1280x672 above the task
    bar), its 确定 under the task bar. The keys now scroll in a box as tall as the room allows, 确定 below them."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen
    from PySide6.QtWidgets import QDialogButtonBox, QScrollArea

    from fazhi_desktop.qt.common import TITLE_BAR

    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(0, 0, 1280, 672))
    with shortcuts_in_large_text(qtbot, window, dialogs) as (text, box):
        assert box.height() <= 672 - TITLE_BAR, box.height()
        scroll = box.findChild(QScrollArea)
        assert scroll.widget().text() == text and scroll.verticalScrollBar().maximum() > 0  # every key, scrolled
        assert scroll.viewport().width() >= scroll.widget().width()  # not sideways
        ok = box.findChild(QDialogButtonBox).buttons()[0]
        assert ok.text() == "确定" and box.rect().contains(ok.geometry().translated(ok.parentWidget().pos()))


def test_help_lists_the_first_days_steps_with_what_is_done_here(meetings, window, dialogs):
    """After the setup wizard nothing said that keys and the county's key file come before the first export: the
    clerk found out when the export wizard stopped."""
    action = next(a for a in window.findChildren(QAction) if a.text() == "第一次使用(&F)…")
    action.trigger()
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("info", "第一次使用") and "乡镇司法所开始使用本程序的步骤" in text
    assert "○</td><td><b>4. 添加县司法局给的县级公钥文件" in text  # not yet
    assert "✓</td><td><b>7. 登记台账" in text and "共 4 条记录" in text  # the meetings
    # step 5 (a re-install's receipt) cannot be known here: its mark is in the legend, which had only ✓ and ○
    assert "○</td><td><b>3. " in text and "尚未写出登记文件" in text
    assert "？</td><td><b>5. " in text and "（✓ 已完成，○ 未完成，？ 无法自动判断）" in text


def test_about_says_which_version_runs(window, dialogs):
    """A clerk on the phone with the county could not say which version she runs: 关于 showed none."""
    action = next(a for a in window.findChildren(QAction) if a.text() == "关于法治台账(&A)")
    action.trigger()
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("info", "关于法治台账")
    assert f"版本：{paths.app_version()}\n" in text and paths.app_version() != "unknown"  # as bundles record it


def test_status_bar_shows_office_database_and_counts(meetings, window):
    window.update_counts()
    assert window.office_label.text() == "海城镇司法所"
    assert "office.db" in window.db_label.text()
    assert "共 4 条记录" in window.counts_label.text()
    assert "会议 4" in window.counts_label.text() and "调解案件 0" in window.counts_label.text()


def test_ledger_list_shows_a_count(meetings, window):
    view = ledger_view(window)
    assert view.count_label.text() == "共 4 条"
    assert column(view, "held_on") == ["2026-05-20", "2026-04-10", "2026-03-05", "2025-11-03"]


def test_empty_ledger_says_how_to_start(window):
    view = ledger_view(window, "mediation_case")
    assert view.count_label.text() == "共 0 条"
    assert "Ctrl+N" in view.empty_label.text() and not view.empty_label.isHidden()


# -- search, filters, sorting --------------------------------------------------------------------------------


def test_typing_a_two_character_name_filters_the_list(qtbot, meetings, window):
    view = ledger_view(window)
    type_text(qtbot, view.search, "李强")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=2000)
    assert column(view, "host") == ["李强"]
    assert view.count_label.text() == "共 1 条"
    view.search.clear()
    type_text(qtbot, view.search, "马")
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=2000)
    assert set(column(view, "title")) == {"党委会第1次", "专题研究部署法治政府建设"}


def test_search_waits_for_the_typing_to_pause(qtbot, meetings, window):
    view = ledger_view(window)
    type_text(qtbot, view.search, "田玉春")
    assert view.model.rowCount() == 4  # not yet: the search runs ~150 ms after the last key
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=2000)


def test_search_finds_nothing_and_says_so(qtbot, meetings, window):
    view = ledger_view(window)
    type_text(qtbot, view.search, "不存在的人")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=2000)
    assert view.empty_label.text() == "没有符合条件的记录。"


def test_searching_a_date_the_list_shows_finds_its_record(qtbot, meetings, window):
    """She typed 2026-03-05, read off the list's 日期 column, and got 没有符合条件的记录。"""
    view = ledger_view(window)
    for typed in ("2026-03-05", "2026-3-5", "2026年3月5日"):
        window.activateWindow()
        qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        type_text(qtbot, QApplication.focusWidget(), typed)
        qtbot.waitUntil(lambda: not view._search_timer.isActive(), timeout=2000)
        assert column(view, "title") == ["政府常务会议"], typed
        assert view.count_label.text() == "共 1 条" and view.empty_label.isHidden()


def test_year_filter_offers_the_years_of_the_records(qtbot, meetings, window):
    view = ledger_view(window)
    qtbot.mouseClick(view.year_combo, Qt.MouseButton.LeftButton)  # the years are read when the list opens
    view.year_combo.hidePopup()
    years = [view.year_combo.itemText(i) for i in range(view.year_combo.count())]
    assert years == ["全部年份", "2026年", "2025年"]
    view.year_combo.setCurrentIndex(2)
    assert column(view, "title") == ["党委会第1次"]
    view.year_combo.setCurrentIndex(1)
    assert view.model.rowCount() == 3
    view.year_combo.setCurrentIndex(0)
    assert view.model.rowCount() == 4


def test_status_filter(meetings, window):
    view = ledger_view(window)
    statuses = [view.status_combo.itemText(i) for i in range(view.status_combo.count())]
    assert statuses == ["全部状态", "草稿", "已提交", "所长已审核", "已锁定", "退回待改"]
    view.status_combo.setCurrentIndex(statuses.index("已提交"))
    assert view.model.rowCount() == 0 and view.model.query.status == "submitted"
    view.status_combo.setCurrentIndex(statuses.index("草稿"))
    assert view.model.rowCount() == 4  # every new record starts as a draft


def test_clicking_a_column_header_sorts(qtbot, meetings, window):
    view = ledger_view(window)
    header = view.table.horizontalHeader()
    col = view.model.columns.index("title")
    where = QPoint(header.sectionViewportPosition(col) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    first = column(view, "title")
    assert first in (sorted(first), sorted(first, reverse=True))
    assert view.model.query.sort == "title"
    header.setSortIndicator(col, Qt.SortOrder.AscendingOrder)
    assert column(view, "title") == sorted(first)
    header.setSortIndicator(col, Qt.SortOrder.DescendingOrder)
    assert column(view, "title") == sorted(first, reverse=True)


# -- delete and open -----------------------------------------------------------------------------------------


def test_the_status_bar_counts_fit_in_large_text_on_a_small_screen(qtbot, meetings, window):
    """长者模式 at 1280 wide cut the counts off mid-word (…投诉举|当前用户); then only the total shows."""
    window.resize(1600, 800)
    assert "会议 4" in window.counts_label.text()
    window.set_large_text(True)
    window.resize(1000, 700)
    qtbot.waitUntil(lambda: window.counts_label.text() == "共 4 条记录")
    assert "会议 4" in window.counts_label.toolTip()
    bar = window.statusBar()
    assert window.counts_label.geometry().right() <= window.user_label.geometry().left()  # nothing overlaps
    assert bar.width() >= window.counts_label.sizeHint().width() + window.db_label.sizeHint().width()
    window.set_large_text(False)


def test_the_settings_page_in_large_text_does_not_push_the_window_off_a_small_screen(qtbot, window):
    """Once 设置 had been shown in 长者模式 the window could not be less than 776 pixels high (a 768-pixel laptop
    screen): the page scrolls instead, and its backup text is not squeezed."""
    window.set_large_text(True)
    try:
        window.show_page("settings")
        QApplication.processEvents()
        assert window.minimumSizeHint().height() < 600 and window.minimumHeight() < 600
        window.resize(1024, 640)
        QApplication.processEvents()
        assert window.height() <= 640
    finally:
        window.set_large_text(False)


def test_every_ledgers_columns_fit_a_laptop_screen_in_large_text(qtbot, window):
    """长者模式 on a 1366-pixel screen pushed 状态 off the right edge of every ledger list."""
    window.set_large_text(True)
    try:
        window.resize(1366, 700)
        for name in window.ledger_names:
            assert_columns_fit(window, name)
    finally:
        window.set_large_text(False)


def assert_columns_fit(window, name: str) -> LedgerView:
    """Show ledger `name`'s list: its last column ends within the list."""
    window.show_page(name)
    QApplication.processEvents()
    view = window.pages[name]
    header = view.table.horizontalHeader()
    last = header.count() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= view.table.viewport().width(), name
    return view


def test_every_ledgers_columns_fit_the_countys_laptop_window_in_large_text(qtbot, tmp_path, dialogs, ui_settings,
                                                                         ledgers):
    """At the county each list has a 乡镇 column more: in 长者模式 in the window a 1366x768 laptop opens (1326 wide)
    学法活动 ran 64 pixels past the edge (状态 read "状") while 时长（分钟） was 168 pixels wide for its title alone
    (the layouts audit). A number column's title may end in "…" (whole in its tooltip) down to its numbers' width."""
    county = init_database(tmp_path / "county.db", "640522", county=True, ledgers=ledgers)
    window = create_main_window(county, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.set_large_text(True)
    try:
        window.resize(1326, 668)
        for name in window.ledger_names:
            view = assert_columns_fit(window, name)
            header = view.table.horizontalHeader()
            numbers = [c for c, n in enumerate(view.model.columns) if n == "duration_minutes"]
            for c in numbers:  # squeezed, but the numbers themselves stay whole
                assert header.sectionSize(c) >= view.table.fontMetrics().horizontalAdvance("999"), name
    finally:
        window.set_large_text(False)
        county.close()


def test_with_room_to_spare_a_choice_column_shows_its_longest_choice_whole(qtbot, meetings, window):
    """At 1366 wide 会议类型 read "乡镇行政会议(政府…" beside a title column with 200 pixels to spare."""
    window.resize(1366, 700)
    view = ledger_view(window)
    QApplication.processEvents()
    header, metrics = view.table.horizontalHeader(), view.table.fontMetrics()
    kind, title = view.model.columns.index("meeting_type"), view.model.columns.index("title")
    assert "乡镇行政会议(政府常务会议)" in column(view, "meeting_type")
    assert header.sectionSize(kind) >= view.table.sizeHintForColumn(kind)  # the whole choice, not "…"
    assert header.sectionSize(title) >= metrics.horizontalAdvance("一") * 20  # the title keeps what it needs
    window.resize(900, 700)  # no room to spare: the title comes first, the choice ends in "…" again
    QApplication.processEvents()
    assert header.sectionSize(kind) < view.table.sizeHintForColumn(kind)


def test_a_squeezed_header_ends_in_an_ellipsis_and_shows_it_whole_as_its_tooltip(qtbot, meetings, window):
    """长者模式 at 1366 wide cut "司法所所长列席情况" on both sides (司法所所长列席情况 centred in too little room)."""
    window.set_large_text(True)
    try:
        window.resize(1366, 700)
        view = ledger_view(window)
        QApplication.processEvents()
        header, metrics = view.table.horizontalHeader(), view.table.fontMetrics()
        attendance = view.model.columns.index("office_head_attendance")
        label = view.model.headerData(attendance, Qt.Orientation.Horizontal)
        assert header.sectionSize(attendance) < metrics.horizontalAdvance(label) + metrics.height()  # squeezed
        assert header.textElideMode() == Qt.TextElideMode.ElideRight  # "司法所所长列席…"
        assert view.model.headerData(attendance, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == label
    finally:
        window.set_large_text(False)


def test_a_column_the_clerk_dragged_wider_keeps_its_width_when_the_window_is_resized(qtbot, meetings, window):
    """The squeezed columns went back to their natural widths on every resize, undoing the clerk's drag."""
    window.resize(1000, 600)
    window.show()
    QApplication.processEvents()
    view = ledger_view(window)
    header = view.table.horizontalHeader()
    column = view.model.columns.index("meeting_type")  # a choice column: squeezed when the list is narrow
    header.resizeSection(column, header.sectionSize(column) + 120)  # as a drag on the header's edge does
    dragged = header.sectionSize(column)
    for width in (800, 1300, 1000):
        window.resize(width, 600)
        QApplication.processEvents()
        assert header.sectionSize(column) == dragged, width


def test_a_column_the_clerk_dragged_wider_keeps_its_width_when_the_list_is_sorted(qtbot, meetings, window):
    """Sorting moves the arrow's room to the sorted column: measuring every column anew for it undid the clerk's drag
    at each click on a header."""
    window.resize(1000, 600)
    window.show()
    QApplication.processEvents()
    view = ledger_view(window)
    header = view.table.horizontalHeader()
    column = view.model.columns.index("meeting_type")
    header.resizeSection(column, header.sectionSize(column) + 120)  # as a drag on the header's edge does
    dragged = header.sectionSize(column)
    for sorted_by in (column, view.model.columns.index("held_on"), column):
        view.table.sortByColumn(sorted_by, Qt.SortOrder.AscendingOrder)
        QApplication.processEvents()
        assert header.sectionSize(column) == dragged, sorted_by


def test_the_counts_follow_a_change_made_elsewhere_when_the_window_is_used_again(qtbot, meetings, window, store,
                                                                                 valid_record):
    """A record added with `fazhi add` while the window was open left the status bar's count stale."""
    from PySide6.QtCore import QEvent

    from fazhi_desktop.core.store import Store

    other = Store.open(store.path, ledgers=store.ledgers)  # the command line, on its own connection
    other.save("meeting", valid_record("meeting"), "杨芳")
    other.close()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QApplication.sendEvent(window, QEvent(QEvent.Type.ActivationChange))
    assert "共 5 条记录" in window.counts_label.text()
    assert ledger_view(window).model.rowCount() == 5  # the list agrees with the count


def test_delete_asks_first_and_keeps_the_record_when_told_no(qtbot, meetings, window, dialogs, store):
    view = ledger_view(window)
    select(view, "政府常务会议")
    view.table.setFocus()
    dialogs.confirm_answers = [False]
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert dialogs.shown[-1][0] == "confirm" and "政府常务会议" in dialogs.shown[-1][2]
    assert dialogs.shown[-1][2].startswith("确定从“会议”台账中删除 〔2026〕会记字第")  # not "删除会议记录", a document
    assert store.count("meeting") == 4 and view.model.rowCount() == 4


def test_down_arrow_in_the_search_box_goes_to_the_list(qtbot, meetings, window):
    view = ledger_view(window)
    view.focus_search()
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.table.hasFocus() and view.selected_record() is not None
    assert view.selected_record().id == view.model.record_at(0).id
    view.focus_search()
    type_text(qtbot, view.search, "田玉春")
    assert view._search_timer.isActive()
    qtbot.keyClick(view.search, Qt.Key.Key_Down)  # at once, before the search's pause has passed
    assert view.model.total == 1 and view.selected_record()["title"] == "政府常务会议"


def test_tab_leaves_the_list_instead_of_walking_its_cells(qtbot, meetings, window):
    """A keyboard user in the list pressed Tab and stayed in it, cell after cell, for every record."""
    view = ledger_view(window)
    view.focus_search()
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.table.hasFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Tab)
    assert not view.table.hasFocus() and QApplication.focusWidget() is not None


def test_delete_removes_the_record_when_confirmed(qtbot, meetings, window, dialogs, store):
    view = ledger_view(window)
    select(view, "政府常务会议")
    view.table.setFocus()
    dialogs.confirm_answers = [True]
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert store.count("meeting") == 3
    assert "政府常务会议" not in column(view, "title")
    assert view.selected_record().values["title"] == "党委会第1次"  # the next row, ready for the next Delete
    assert "会议 3" in window.counts_label.text()


def test_deleting_a_study_a_meeting_links_to_says_which_meeting_first(qtbot, window, dialogs, store, valid_record):
    """A 会前学法 deleted without a word: its meeting's 会议记录 and 纪要 then named a record gone."""
    study = store.save("law_study", valid_record("law_study"), ACTOR)
    meeting = store.save("meeting", valid_record("meeting", pre_meeting_study=study.id), ACTOR)
    view = ledger_view(window, "law_study")
    view.table.selectRow(0)
    view.table.setFocus()
    dialogs.confirm_answers = [False]
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert dialogs.shown[-1][0] == "confirm"
    assert f"注意：{meeting.number}的“会前学法”链接此记录" in dialogs.shown[-1][2]
    assert f"所链接的{study.number}已删除" in dialogs.shown[-1][2]
    assert store.count("law_study") == 1


def test_deleting_a_record_deleted_elsewhere_says_it_is_gone_not_that_the_program_failed(qtbot, meetings, window,
                                                                                         dialogs, store):
    """Deleted meanwhile (`fazhi delete`, another window): the link check before the question raised 找不到记录,
    and the clerk met 「程序出错」 instead of the delete's own message."""
    from fazhi_desktop.core.store import Store

    view = ledger_view(window)
    select(view, "政府常务会议")
    other = Store.open(store.path, ledgers=store.ledgers)  # the command line, on its own connection
    other.delete(view.selected_record().id, "杨芳")
    other.close()
    dialogs.confirm_answers = [True]
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    kind, title, text = dialogs.shown[-1][:3]
    assert (kind, title) == ("error", "无法删除") and "找不到" in text
    assert dialogs.confirm_answers == [True]  # not asked to confirm deleting what is gone
    assert "政府常务会议" not in column(view, "title") and "会议 3" in window.counts_label.text()


def test_a_record_open_with_unsaved_edits_is_not_deleted_under_the_clerk(qtbot, meetings, window, dialogs, store):
    """Deleting it left her typed reply unsaveable (已删除，不能修改); she is told to save or close it first."""
    from test_editor import typed

    view = ledger_view(window)
    select(view, "政府常务会议")
    editor = window.open_record(view.selected_record())
    typed(qtbot, editor.editor, "location", "镇政府三楼会议室")
    dialogs.confirm_answers = [True]
    window.delete_action.trigger()
    assert dialogs.shown[-1][:2] == ("warn", "删除记录") and "有未保存的修改" in dialogs.shown[-1][2]
    assert store.count("meeting") == 4 and editor.isVisible() and dialogs.confirm_answers == [True]

    editor.save()
    window.delete_action.trigger()  # saved: asked and deleted, and its editor closes
    assert store.count("meeting") == 3 and not editor.isVisible()


def test_enter_opens_the_selected_record_in_an_editor(qtbot, meetings, window, fake_editor):
    view = ledger_view(window)
    select(view, "党委会第2次")
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert len(fake_editor.opened) == 1
    editor = fake_editor.opened[0]
    assert editor.record.values["title"] == "党委会第2次" and editor.ledger.name == "meeting"
    assert editor.actor == ACTOR and editor.isVisible()


def test_double_click_opens_and_a_second_open_brings_the_same_editor_forward(qtbot, meetings, window, fake_editor):
    view = ledger_view(window)
    row = column(view, "title").index("党委会第1次")
    rect = view.table.visualRect(view.model.index(row, 0))
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(fake_editor.opened) == 1


def test_saving_in_the_editor_refreshes_the_list_and_keeps_the_selection(qtbot, meetings, window, fake_editor):
    view = ledger_view(window)
    select(view, "政府常务会议")
    window.open_selected()
    fake_editor.opened[0].save(title="政府常务会议（已改）")
    assert "政府常务会议（已改）" in column(view, "title")
    assert view.selected_record().values["title"] == "政府常务会议（已改）"


def test_ctrl_n_opens_an_empty_editor_and_the_new_record_is_selected(qtbot, meetings, window, fake_editor,
                                                                      valid_record):
    view = ledger_view(window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(fake_editor.opened) == 1 and fake_editor.opened[0].record is None
    fake_editor.opened[0].save(**valid_record("meeting", title="新的会议", held_on="2026-05-30"))
    assert view.selected_record().values["title"] == "新的会议"
    assert view.count_label.text() == "共 5 条"


def test_real_editor_opens_and_can_be_opened_again_after_closing(qtbot, meetings, window):
    view = ledger_view(window)
    select(view, "党委会第2次")
    editor = window.open_selected()
    assert isinstance(editor, EditorWindow) and editor.isVisible()
    assert window.open_selected() is editor  # the same record: the same window, brought forward
    record_id = view.selected_record().id
    editor.close()
    qtbot.waitUntil(lambda: record_id not in window.editors, timeout=2000)
    again = window.open_selected()
    assert again is not None and again.isVisible()
    again.close()


def test_ctrl_f_puts_the_cursor_in_the_search_box(qtbot, window):
    view = ledger_view(window)
    view.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()


# -- starting the program ------------------------------------------------------------------------------------


def test_program_opens_an_existing_database(tmp_path, dialogs):
    init_database(tmp_path / "office.db", "640522100", operator="杨芳").close()
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    code = app_module.main(["--db", str(tmp_path / "office.db"), "--quit-after-show"], dialogs=dialogs, ui_settings=ui)
    assert code == 0
    assert [kind for kind, *_ in dialogs.shown] == []


def test_a_file_that_is_not_a_database_gives_a_chinese_message_and_exit_code_1(tmp_path, dialogs, capsys):
    bad = tmp_path / "notes.db"
    bad.write_text("这不是数据库" * 100, encoding="utf-8")
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    assert app_module.main(["--db", str(bad)], dialogs=dialogs, ui_settings=ui) == 1
    kind, title, text = dialogs.shown[-1]
    assert kind == "error" and title == "无法打开数据库"
    assert "notes.db" in text and "不是法治台账的数据库文件" in text
    assert "Traceback" not in capsys.readouterr().err
    # the window shown while the file was being opened is gone again, not left empty on screen
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def test_the_window_is_on_screen_before_the_database_is_read(tmp_path, store, dialogs, monkeypatch):
    """A clerk sees the program's window at once, saying which file it opens; the ledgers follow."""
    store.close()
    seen = []

    def opening(path, shown_dialogs, lock=None, progress=None):
        frames = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        seen.extend((w.windowTitle(), w.opening_label.text()) for w in frames)
        return open_or_set_up(path, shown_dialogs, lock, progress)

    monkeypatch.setattr(app_module, "open_or_set_up", opening)
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    assert app_module.main(["--db", str(store.path), "--quit-after-show"], dialogs=dialogs, ui_settings=ui) == 0
    assert seen == [("法治台账", f"正在打开数据库 {store.path.name}……")]


def test_the_window_is_painted_before_the_database_layer_is_imported(tmp_path, store):
    """What the program imports before its window is painted delays it on every start (issue 3's cold start): the
    Store, the forms and the search index come after. A fresh process, as a clerk starts the program."""
    store.close()
    probe = (
        "import sys\n"
        "from fazhi_desktop.qt import app\n"
        "painted = app.wait_until_painted\n"
        "seen = []\n"
        "def spy(*args, **kwargs):\n"
        "    seen.append(sorted(m for m in sys.modules if m.startswith('fazhi_desktop.core')))\n"
        "    painted(*args, **kwargs)\n"
        "app.wait_until_painted = spy\n"
        f"app.main(['--db', {str(store.path)!r}, '--quit-after-show'])\n"
        "print('FIRST', ' '.join(seen[0]))\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "APPDATA": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120,
                         check=True).stdout
    first = out.split("FIRST ", 1)[1].split()
    assert "fazhi_desktop.core.paths" in first  # the probe saw the first paint
    assert not {"fazhi_desktop.core.store", "fazhi_desktop.core.forms", "fazhi_desktop.core.db"} & set(first)


def test_demo_database_is_created_once_and_filled(tmp_path, dialogs, monkeypatch):
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path)
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    assert app_module.main(["--demo", "--quit-after-show"], dialogs=dialogs, ui_settings=ui) == 0
    store = app_module.open_demo(tmp_path / "demo.db")
    try:
        assert store.count("meeting") == app_module.DEMO_PER_LEDGER
        assert store.setting("operator") == app_module.DEMO_OPERATOR
    finally:
        store.close()
    assert not list(tmp_path.glob("*.partial*"))


def test_demo_with_db_puts_the_demo_database_there(tmp_path, dialogs, monkeypatch):
    """--db with --demo was ignored: the demo went to the data folder whatever the user named."""
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    target = tmp_path / "试用" / "演示.db"
    target.parent.mkdir()
    assert app_module.main(["--demo", "--db", str(target), "--quit-after-show"], dialogs=dialogs, ui_settings=ui) == 0
    store = app_module.open_demo(target)
    try:
        assert store.count("meeting") == app_module.DEMO_PER_LEDGER
    finally:
        store.close()
    assert not (tmp_path / "data" / "demo.db").exists()
    # run again: the demo database there is reopened as it is
    assert app_module.main(["--demo", "--db", str(target), "--quit-after-show"], dialogs=dialogs, ui_settings=ui) == 0


def test_demo_with_db_never_touches_a_file_that_is_not_a_demo_database(tmp_path, dialogs, store, monkeypatch):
    """--demo --db pointed at the office's real database (or any other file) must not turn it into a demo with
    published passwords, migrate it, or replace it: it is refused, untouched."""
    import sqlite3

    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    office = store.path
    store.close()
    other = tmp_path / "other.db"
    with contextlib.closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE mine (x)")
        conn.commit()
    for path in (office, other):
        before = path.read_bytes()
        assert app_module.main(["--demo", "--db", str(path), "--quit-after-show"], dialogs=dialogs,
                               ui_settings=ui) == 1
        assert path.read_bytes() == before
        assert dialogs.shown[-1][1] == "无法打开数据库" and "不是演示数据库" in dialogs.shown[-1][2]


def test_delete_key_in_the_search_box_edits_the_text_not_the_records(qtbot, meetings, window, dialogs, store):
    view = ledger_view(window)
    select(view, "政府常务会议")
    type_text(qtbot, view.search, "ab")
    view.search.setCursorPosition(0)
    qtbot.keyClick(view.search, Qt.Key.Key_Delete)
    assert view.search.text() == "b"
    assert dialogs.shown == [] and store.count("meeting") == 4


def test_a_database_in_use_elsewhere_is_explained_as_such(tmp_path):
    import sqlite3

    text = app_module.explain_open_error(tmp_path / "office.db", sqlite3.OperationalError("database is locked"))
    assert "另一个程序使用" in text and "office.db" in text


def test_a_search_typed_just_before_leaving_the_page_is_not_lost(qtbot, meetings, window):
    view = ledger_view(window)
    type_text(qtbot, view.search, "李强")
    window.show_page("complaint")
    assert view.model.query.text == "李强"
    window.show_page("meeting")
    assert column(view, "host") == ["李强"]


def test_year_list_follows_new_records(qtbot, meetings, window, fake_editor, valid_record):
    view = ledger_view(window)
    view.year_combo.load()
    window.new_record()
    fake_editor.opened[0].save(**valid_record("meeting", title="旧账补录", held_on="2019-12-30"))
    qtbot.mouseClick(view.year_combo, Qt.MouseButton.LeftButton)
    view.year_combo.hidePopup()
    assert view.year_combo.findText("2019年") >= 0


def test_a_first_start_fills_a_laptop_screen_and_stays_within_a_small_one(qtbot, store, dialogs, ui_settings):
    """At 1180x720 whatever the screen, the county's tables ran off a 1366x768 laptop's right edge (while 186 pixels
    of it stayed unused) and the window's foot went under the task bar."""
    w = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(w)
    room = w.screen().availableGeometry()
    assert (w.width(), w.height()) == (min(1600, room.width() - 40), min(1000, room.height() - 60))
    w.close()


def test_the_countys_first_start_opens_on_the_county_summary(qtbot, tmp_path, dialogs, ui_settings):
    """With nothing remembered (a fresh ui.ini) the county opened on an empty 会议 list, not on 县级汇总, the first
    page of its navigation."""
    county = init_database(tmp_path / "county.db", "640522", county=True)
    w = create_main_window(county, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(w)
    assert w.current_name() == "county" and w.stack.currentWidget() is w.pages["county"]
    w.close()
    county.close()


def test_a_first_start_in_large_text_gives_the_county_matrix_headers_large_text(qtbot, tmp_path, dialogs,
                                                                                ui_settings):
    """In 长者模式 the matrix of 县级汇总, the county's first page, kept 9-pt headers beside 15.75-pt cells: the
    window's widgets were made before the text size was applied."""
    from PySide6.QtWidgets import QHeaderView

    from fazhi_desktop.qt import fonts
    from fazhi_desktop.qt.ui_settings import UiSettings

    fonts.apply_text_size(QApplication.instance(), False)
    ui = UiSettings(ui_settings)
    ui.large_text = True
    county = init_database(tmp_path / "county.db", "640522", county=True)
    w = create_main_window(county, dialogs, ui, ACTOR)
    qtbot.addWidget(w)
    try:
        w.show()
        QApplication.processEvents()
        large = QApplication.font().pointSizeF()
        headers = w.pages["county"].findChildren(QHeaderView)
        assert headers and {h.font().pointSizeF() for h in headers} == {large}
        # and the window fits a 1024-pixel screen (the filters of 各乡镇台账 held it 1168 wide)
        assert w.minimumSizeHint().width() <= 1024 - 40
    finally:
        w.set_large_text(False)
        w.close()
        county.close()


def test_county_mode_shows_the_townships_records_read_only(qtbot, tmp_path, dialogs, ui_settings):
    from fazhi_desktop.core.setup import init_database

    county = init_database(tmp_path / "county.db", "640522", county=True)
    w = create_main_window(county, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(w)
    w.show()
    items = [w.nav.item(i).text() for i in range(w.nav.count())]
    assert items[0] == "县级汇总" and "本年度指标" not in items
    w.show_page("meeting")
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    qtbot.keyClick(w, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # the reviewer's main page is the first key
    assert w.current_name() == "county" and w.page_actions[0].text() == "县级汇总"
    w.show_page("meeting")
    view = w.pages["meeting"]
    assert not view.new_button.isEnabled() and "只读" in view.new_button.toolTip()
    assert not w.new_action.isEnabled() and not w.delete_action.isEnabled() and not w.copy_action.isEnabled()
    w.new_record()
    assert w.copy_selected() is None
    assert not w.editors
    county.close()


def test_save_and_new_opens_the_next_empty_editor_in_the_same_place(qtbot, meetings, window, store):
    """A clerk typing a pile of paper minutes: Ctrl+Shift+S saves this one and starts the next."""
    import shiboken6
    from test_editor import choose, typed

    view = ledger_view(window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    [first] = window.editors.values()
    typed(qtbot, first.editor, "title", "2026年第4次镇政府常务会议")
    choose(qtbot, first.editor.field_widget("meeting_type").control, "乡镇行政会议(政府常务会议)")
    choose(qtbot, first.editor.field_widget("office_head_attendance").control, "全程")
    first.move(40, 30)
    where = first.pos()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: any(e is not first for e in window.editors.values()), timeout=2000)
    assert not shiboken6.isValid(first) or not first.isVisible()  # closed (and deleted once events run)
    assert store.count("meeting") == 5 and view.count_label.text() == "共 5 条"
    [second] = [e for e in window.editors.values() if e is not first]
    assert second.isVisible() and second.editor.record is None and second.editor.ledger.name == "meeting"
    assert second.editor.field_widget("title").control.text() == ""
    assert second.pos() == where
    [saved] = [r.number for r in store.list(ListQuery("meeting")) if r["title"] == "2026年第4次镇政府常务会议"]
    assert second.editor.status.text() == f"上一条已保存：{saved}"  # to write on the paper form
    second.save_new_button.click()  # a double click's second click, nothing typed: ignored, no 必填 in red
    assert second.isVisible() and second.editor.field_widget("title").error() is None
    assert second.editor.status.text() == f"上一条已保存：{saved}；本条尚未填写内容，未保存"
    assert [e for e in window.editors.values() if e.isVisible()] == [second]
    assert store.count("meeting") == 5
    typed(qtbot, second.editor, "location", "三楼")
    second.save_new_button.click()  # something typed and the required fields empty: refused at the fields
    assert second.isVisible() and second.editor.field_widget("title").error() == "必填"


def test_save_and_new_stops_once_to_show_the_warnings_of_what_was_saved(qtbot, meetings, window, store):
    """A contradiction (结束时间 before 开始时间) is saved with a warning; 保存并新建 used to close the window at once,
    so the clerk never saw it. It now stays once, in orange; pressed again unchanged, it goes on."""
    from test_editor import choose, typed

    ledger_view(window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    [first] = window.editors.values()
    typed(qtbot, first.editor, "title", "2026年第5次镇政府常务会议")
    choose(qtbot, first.editor.field_widget("meeting_type").control, "乡镇行政会议(政府常务会议)")
    choose(qtbot, first.editor.field_widget("office_head_attendance").control, "全程")
    typed(qtbot, first.editor, "start_time", "15:00")
    typed(qtbot, first.editor, "end_time", "9:00")
    first.save_new_button.click()
    assert store.count("meeting") == 5 and first.isVisible() and len(window.editors) == 1
    assert first.editor.field_widget("end_time").warning() == LATE_END
    assert "有 1 条提醒（橙色），请核对；无误请再按“保存并新建”" in first.editor.status.text()
    first.save_new_button.click()  # checked, it stands: on to the next record
    qtbot.waitUntil(lambda: any(e is not first for e in window.editors.values()), timeout=2000)
    assert store.count("meeting") == 5


def test_a_stored_contradiction_shows_when_the_record_is_opened(qtbot, window, store, valid_record):
    """The 所长 opening a record to review sees its warnings too, not only the clerk at the moment of saving."""
    record = store.save("meeting", valid_record("meeting", start_time="15:00", end_time="09:00"), ACTOR)
    editor = window.open_record(record).editor
    assert editor.field_widget("end_time").warning() == LATE_END
    assert editor.status.text() == "此记录有 1 条提醒（橙色），请核对"
    assert not editor.is_dirty()


def test_copy_as_new_starts_the_next_meeting_from_the_selected_one(qtbot, window, store, valid_record):
    """The 常务会议 recurs with the same room, host and attendees: Ctrl+D starts the next one from the last."""
    from test_editor import choose, typed

    last = store.save("meeting", valid_record(
        "meeting", title="2026年第3次镇政府常务会议", location="镇政府三楼会议室", host="田玉春", recorder="王梅",
        attendees=["马志刚", "田玉春", "李强", "王梅"], agenda_items=[{"title": "研究春耕生产", "presenter": "李强"}]),
        ACTOR)
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "编辑(&E)")
    assert [a.text().split("\t")[0] for a in edit.actions() if not a.isSeparator()] == [
        "打开记录(&O)", "复制为新记录(&C)", "删除记录(&D)", "查看历史(&H)…", "已删除的记录(&E)…", "批量提交审核(&T)…",
        "批量审核通过(&R)…", "批量锁定(&L)…", "年度封账(&Y)…", "按日期重新编号(&U)…", "查找(&F)",
        "查找当事人(&P)…"]
    view = ledger_view(window)
    view.refresh()
    assert not window.copy_action.isEnabled()  # nothing selected yet
    select(view, "2026年第3次镇政府常务会议")
    assert window.copy_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    [editor_window] = window.editors.values()
    editor = editor_window.editor
    assert editor.record is None and f"复制自 {last.number}" in editor.header.text()
    assert editor.field_widget("location").value() == "镇政府三楼会议室"
    assert editor.field_widget("host").value() == "田玉春"
    assert editor.field_widget("attendees").value() == ["马志刚", "田玉春", "李强", "王梅"]
    assert editor.field_widget("title").value() == ""  # its own title, date, agenda and attendance
    assert editor.field_widget("office_head_attendance").value() in (None, "")
    assert not any(row.get("title") for row in editor.group_widget("agenda_items").value())
    typed(qtbot, editor, "title", "2026年第4次镇政府常务会议")
    choose(qtbot, editor.field_widget("office_head_attendance").control, "全程")
    assert editor_window.save()
    new = store.get(next(r.id for r in store.list(ListQuery("meeting")) if r.id != last.id))
    assert new.number != last.number and new["attendees"] == last["attendees"] and new["host"] == "田玉春"
    assert store.get(last.id).revision == last.revision  # the record copied is untouched


def test_right_click_on_a_record_offers_the_record_actions_for_that_row(qtbot, meetings, window, fake_editor):
    view = ledger_view(window)
    row = column(view, "title").index("政府常务会议")
    pos = view.table.visualRect(view.table.model().index(row, 1)).center()
    view.table.customContextMenuRequested.emit(pos)
    menu = window.record_menu
    assert view.selected_record().values["title"] == "政府常务会议"  # the row under the pointer is chosen first
    assert [a.text().split("\t")[0] for a in menu.actions()] == ["打开记录(&O)", "复制为新记录(&C)", "删除记录(&D)",
                                                                 "查看历史(&H)…"]
    assert all(a.isEnabled() for a in menu.actions())
    menu.actions()[1].trigger()
    assert fake_editor.opened[-1].record is None and fake_editor.opened[-1].copy_of.values["title"] == "政府常务会议"
    menu.close()
    view.table.customContextMenuRequested.emit(view.table.viewport().rect().bottomRight())  # below the last row
    assert not menu.isVisible()


def test_ctrl_n_in_an_editor_opens_another_new_record_of_its_ledger(qtbot, window):
    """Ctrl+N did nothing inside an editor: only the main window knew it."""
    from PySide6.QtCore import Qt

    window.show_page("law_study")
    first = window.open_editor("law_study", None)
    qtbot.waitExposed(first)
    first.activateWindow()  # the clerk is typing in it: the main window's own Ctrl+N does not reach here
    qtbot.waitUntil(first.isActiveWindow)
    before = set(window.editors.values())
    qtbot.keyClick(first, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    [second] = set(window.editors.values()) - before
    assert second.editor.ledger.name == "law_study" and second.editor.record is None and first.isVisible()
    assert second.pos() != first.pos()  # beside it, not exactly over the record being typed
    for editor in (second, first):
        editor.close()


def test_portable_mode_says_once_that_the_database_on_the_stick_is_not_encrypted(tmp_path, dialogs, monkeypatch,
                                                                                  store):
    stick = tmp_path / "U盘" / "fazhi-desktop"
    stick.mkdir(parents=True)
    (stick / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    monkeypatch.setattr(paths, "program_dir", lambda: stick)
    ui = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    for _ in range(2):
        assert app_module.main(["--db", str(store.path), "--quit-after-show"], dialogs=dialogs, ui_settings=ui) == 0
    said = [text for kind, title, text in dialogs.shown if title == "便携模式：数据没有加密"]
    assert len(said) == 1 and "没有加密" in said[0] and "BitLocker To Go" in said[0]
