# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A re-installed township's 指标 page said 未达标 where the county said 达标, with nothing to say why: the county
counts the earlier install's records it keeps. Once a receipt told the office so, the page says its figures leave
them out (core/bundle/receipt_earlier.py), as many as the county's figures of the year shown count: it gave the
total of every year (3) above 2026, whose county figures held 1 of them."""

from __future__ import annotations

from bundle_world import county_template, world  # noqa: F401  (fixtures)
from test_indicators_gui import make_window

from fazhi_desktop.qt import indicators_view


def test_the_page_says_the_county_counts_the_earlier_installs_records_of_the_year(qtbot, world, valid_record,
                                                                                  dialogs, ui_settings):
    town = world.town()
    for day in ("2025-05-05", "2025-07-07", "2026-03-05"):
        town.store.save("meeting", valid_record("meeting", held_on=day), "杨芳")
    world.import_(world.export(town).path)
    new = world.reinstall(town.code)
    new.store.save("meeting", valid_record("meeting", title="重装后补录的2025年会议", held_on="2025-06-01"), "杨芳")
    world.receipt(new)
    _window, page = make_window(qtbot, new.store, dialogs, ui_settings, indicators_view)
    assert page.year == 2026
    assert ("县里保存有本所重装前的 3 条记录，其中 1 条计入县里2026年的指标；"
            "本所统计的指标不含这些记录，结果可能与县里的不同。") in page.source.text()
    page.year_combo.setCurrentIndex(page.year_combo.findData(2025))
    assert ("县里保存有本所重装前的 3 条记录，其中 2 条计入县里2025年的指标；"
            "本所统计的指标不含这些记录，结果可能与县里的不同。") in page.source.text()
