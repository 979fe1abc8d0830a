"""Record dates outside the program's years (2000–2100): refused at the field as they are typed, and a database that
holds some (saved before they were checked: 0001, 9999) still opens, lists them, filters them by year, keeps them
out of 统计's year box, and lets the clerk correct them."""

from __future__ import annotations

import pytest
from test_editor import open_window, typed
from test_indicators_gui import make_window

from fazhi_desktop.core import dates
from fazhi_desktop.qt import indicators_view

ACTOR = "杨芳"
OUT_OF_RANGE = "年份应在 2000–2100 之间，收到 9999"


@pytest.fixture
def saved_before_the_check(store, valid_record, monkeypatch):
    """Meetings of 0001 and 9999 as the program saved them before record dates were held to its years, and one of
    2026: (their ids)."""
    with monkeypatch.context() as before:
        before.setattr(dates, "year_problem", lambda year, first=dates.FIRST_YEAR: None)
        odd = [store.save("meeting", valid_record("meeting", title=f"{day[:4]}年的会", held_on=day), ACTOR).id
               for day in ("0001-01-01", "9999-12-31")]
    return [*odd, store.save("meeting", valid_record("meeting", title="正常的会", held_on="2026-03-05"), ACTOR).id]


def test_a_year_outside_the_programs_is_refused_at_the_date_as_it_is_typed(qtbot, store, dialogs):
    window = open_window(qtbot, store, "meeting", dialogs)
    editor = window.editor
    for name, text in (("title", "党委会"), ("location", "会议室")):
        editor.field_widget(name).set_value(text)
    typed(qtbot, editor, "held_on", "9999-12-31")
    assert editor.save() is False
    held_on = editor.field_widget("held_on")
    assert held_on.error() == OUT_OF_RANGE and held_on.message.text() == OUT_OF_RANGE
    assert f"会议日期：{OUT_OF_RANGE}" in editor.status.text()
    assert store.count("meeting") == 0


def test_a_database_holding_such_dates_opens_lists_them_and_lets_the_clerk_correct_one(
        qtbot, store, dialogs, ui_settings, saved_before_the_check):
    """9999年 in the list's year filter showed 共 0 条 (the filter compared with "10000-01-01"), and choosing 9999 on
    本年度指标 stopped the page with ValueError: year 10000 is out of range."""
    window, page = make_window(qtbot, store, dialogs, ui_settings, indicators_view)
    years = [page.year_combo.itemData(i) for i in range(page.year_combo.count())]
    assert years and all(2000 <= year <= 2100 for year in years), years
    for index in range(page.year_combo.count()):
        page.year_combo.setCurrentIndex(index)  # each year the box offers is counted, none stops the page

    window.show_page("meeting")
    view = window.pages["meeting"]
    assert view.model.rowCount() == 3
    view.year_combo.load()
    assert [view.year_combo.itemText(i) for i in range(view.year_combo.count())] == [
        "全部年份", "9999年", "2026年", "1年"]
    view.year_combo.setCurrentIndex(view.year_combo.findData(9999))
    assert view.model.rowCount() == 1 and view.count_label.text() == "共 1 条"

    editor_window = open_window(qtbot, store, "meeting", dialogs, store.get(saved_before_the_check[1]))
    editor = editor_window.editor
    editor.field_widget("location").set_value("三楼会议室")
    assert editor.save() is False  # the wrong year is what stands in the way, and it says so at the date
    assert editor.field_widget("held_on").error() == OUT_OF_RANGE
    typed(qtbot, editor, "held_on", "2026-05-20")
    assert editor.save() is True
    corrected = store.get(saved_before_the_check[1])
    assert (corrected["held_on"], corrected.number, corrected["location"]) == ("2026-05-20", "〔2026〕会记字第2号",
                                                                               "三楼会议室")
