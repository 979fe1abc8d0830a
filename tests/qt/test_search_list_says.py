# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""What a list says when a search finds nothing (s23 review of finding a record): a search of punctuation only looks
for nothing, a number of another ledger is pointed to (（会议中有 1 条）), Latin letters alone are likely Pinyin typed
in English. At the county a ledger list narrows to one township (searching 李旺镇 found nothing) and sorts by 乡镇;
各乡镇台账 searches after a pause in typing and says 没有符合条件的记录 as the lists do."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import LOW_COST, county_template, world  # noqa: F401
from helpers import type_text

from fazhi_desktop.core.bundle import minisign
from fazhi_desktop.qt.county_view import RecordsBrowser
from fazhi_desktop.qt.ledger_view import PINYIN, PUNCTUATION_ONLY, LedgerView

ACTOR = "杨芳"


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch):
    monkeypatch.setattr(minisign, "DEFAULT_COST", LOW_COST)


def listed(qtbot, store, ledger: str) -> LedgerView:
    view = LedgerView(store, store.ledger(ledger))
    qtbot.addWidget(view)
    view.resize(1200, 500)
    view.show()
    return view


def search(view, text: str) -> None:
    view.search.setText(text)
    view._apply_filters()


def test_a_search_of_punctuation_only_says_it_looks_for_nothing(qtbot, store, valid_record):
    store.save("meeting", valid_record("meeting", title="学习（扩大）会议"), ACTOR)
    view = listed(qtbot, store, "meeting")
    search(view, "（")
    assert view.count_label.text() == "共 0 条"
    assert view.empty_label.isVisible() and view.empty_label.text() == PUNCTUATION_ONLY
    search(view, "（扩大")
    assert view.count_label.text() == "共 1 条" and not view.empty_label.isVisible()


def test_a_number_of_another_ledger_is_pointed_to(qtbot, store, valid_record):
    """〔2026〕会记字第1号 typed in 调解案件: a bare 没有符合条件的记录。"""
    number = store.save("meeting", valid_record("meeting"), ACTOR).number
    view = listed(qtbot, store, "mediation_case")
    search(view, number)
    assert view.empty_label.text() == "没有符合条件的记录（会议中有 1 条）。"
    view.year_combo.load()
    view.year_combo.setCurrentIndex(view.year_combo.findData(2026))
    assert view.empty_label.text() == "没有符合条件的记录（会议中有 1 条）。"
    search(view, "会议 ¶")  # a term of punctuation alone: the other ledgers are not read to look for it
    assert view.empty_label.text() == "没有符合条件的记录。"


def test_latin_letters_that_find_nothing_suggest_the_input_method(qtbot, store, valid_record):
    store.save("meeting", valid_record("meeting", title="马文调解工作会"), ACTOR)
    view = listed(qtbot, store, "meeting")
    search(view, "mawen")
    assert view.empty_label.text() == "没有符合条件的记录。" + PINYIN
    search(view, "马文 x")
    assert view.empty_label.text() == "没有符合条件的记录。"


@pytest.fixture
def two_townships(world, valid_record):
    """海城镇 (640522100) with two meetings, 李旺镇 (640522101) with one, imported at the county."""
    for code, titles in (("640522100", ("海城镇党委会", "海城镇例会")), ("640522101", ("李旺镇例会",))):
        town = world.town(code)
        for title in titles:
            town.store.save("meeting", valid_record("meeting", title=title), ACTOR)
        assert world.import_(world.export(town).path).ok
    return world.county


def test_a_county_ledger_list_narrows_to_one_township_and_sorts_by_it(qtbot, two_townships):
    """Searching 李旺镇 in the county's 学法活动 gave 共 0 条: a record's township is no text of it."""
    view = listed(qtbot, two_townships, "meeting")
    combo = view.township_combo
    assert combo is not None and combo.itemText(0) == "全部乡镇" and combo.findText("李旺镇") > 0
    combo.setCurrentIndex(combo.findText("李旺镇"))
    assert view.count_label.text() == "共 1 条"
    assert view.model.data(view.model.index(0, 0)) == "李旺镇"
    combo.setCurrentIndex(0)
    view.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    assert [view.model.data(view.model.index(r, 0)) for r in range(3)] == ["海城镇", "海城镇", "李旺镇"]
    view.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    assert view.model.data(view.model.index(0, 0)) == "李旺镇"


def test_every_townships_records_search_after_a_pause_and_say_when_none_match(qtbot, two_townships):
    browser = RecordsBrowser(two_townships, lambda record: None)
    qtbot.addWidget(browser)
    browser.show()
    assert browser.model.total == 3 and not browser.empty_label.isVisible()
    type_text(qtbot, browser.search, "党委会")
    assert browser.model.total == 3  # not one search per character typed
    qtbot.waitUntil(lambda: browser.model.total == 1)
    browser.search.setText("调解协议")
    browser.apply_filters()
    assert browser.count_label.text() == "共 0 条"
    assert browser.empty_label.isVisible() and browser.empty_label.text() == "没有符合条件的记录。"
