# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A re-installed township's 指标 page said 未达标 where the county said 达标, with nothing to say why: the county
counts the earlier install's records it keeps. Once a receipt told the office so, the page says its figures leave
them out (core/bundle/receipt_earlier.py)."""

from __future__ import annotations

from bundle_world import county_template, world  # noqa: F401  (fixtures)
from test_indicators_gui import make_window

from fazhi_desktop.qt import indicators_view


def test_the_page_says_the_county_counts_the_earlier_installs_records(qtbot, world, valid_record, dialogs,
                                                                      ui_settings):
    town = world.town()
    town.store.save("meeting", valid_record("meeting"), "杨芳")
    world.import_(world.export(town).path)
    new = world.reinstall(town.code)
    world.receipt(new)
    _window, page = make_window(qtbot, new.store, dialogs, ui_settings, indicators_view)
    said = page.source.text()
    assert "县里保存有本所重装前的 1 条记录，计入县里的指标；本页不含这些记录，结果可能与县里的不同。" in said
