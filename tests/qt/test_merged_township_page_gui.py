# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py and tests/core/test_merged_into.py)
"""李旺镇's 本年度指标 page, once 甘城乡 was merged into it from 2027: the county counts 甘城乡's records under 李旺镇,
so the page says its own figures leave them out (it read 会前学法 1 / 6 where the county read 2 / 6, silently)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "core"))  # tests/core/test_merged_into.py (the `merged` world)

from bundle_world import county_template, world  # noqa: F401  (fixtures)
from test_indicators_gui import make_window
from test_merged_into import LIWANG, _list, merged  # noqa: F401  (fixture)

from fazhi_desktop.qt import indicators_view


def test_the_township_joined_says_the_county_counts_more(qtbot, merged, dialogs, ui_settings):
    _window, page = make_window(qtbot, merged.town(LIWANG).store, dialogs, ui_settings, indicators_view)
    assert page.year == 2027
    assert ("县里统计本所指标时还计入原甘城乡（2027年1月1日并入）报送的本年记录和结转未办结的事项，本所统计的不含这些，"
            "结果可能与县里的不同。") in page.source.text()
    page.year_combo.setCurrentIndex(page.year_combo.findData(2026))  # before the merger: 李旺镇's alone
    assert "甘城乡" not in page.source.text()
