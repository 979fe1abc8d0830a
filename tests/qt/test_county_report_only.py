# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py and tests/indicator_data.py)
"""A county maintainer enables, from 统计 → 启用指标目录…, a catalog with one report-only indicator of their own (a
ratio over a field added in a later form version): the confirmation warns as `fazhi catalog use` does, and 县级汇总
names the report-only indicators under its matrix and chart, each a link to its records in every township."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py, tests/indicator_data.py

from bundle_world import county_template, world  # noqa: F401
from indicator_data import ACTOR, LATER, fill_known_year, known_template  # noqa: F401

from fazhi_desktop.core.indicators import default_catalog_path
from fazhi_desktop.qt.main_window import create_main_window

OWN = LATER.format(requires='{ field = "result", op = "=", value = "调解成功" }')


class OpenPrompt:
    def __init__(self, path: Path):
        self.path = path

    def open_files(self, parent, title, pattern):
        return [self.path]


def test_a_countys_own_report_only_indicator_is_warned_of_and_named_under_the_matrix_with_its_records(
        qtbot, world, dialogs, ui_settings, tmp_path):
    world.clock.set(datetime(2026, 12, 31, 18, 0, tzinfo=UTC))
    town = world.town("640522100")
    fill_known_year(town.store)
    assert world.import_(world.export(town).path).ok
    own = tmp_path / "县目录.toml"
    own.write_text(default_catalog_path().read_text(encoding="utf-8") + OWN, encoding="utf-8")
    window = create_main_window(world.county, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(window)
    window.show()
    window.show_page("county")
    page = window.pages["county"]
    window.exchange_prompts = OpenPrompt(own)
    next(a for a in window.indicator_menu.actions() if a.text().startswith("启用指标目录")).trigger()
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("warn", "指标目录") and text.startswith("已启用：")
    assert "注意：X1：分子用到第 3 版表单才有的字段“申请司法确认日期”" in text and "计为 0% 而非无数据" in text

    codes = [page.matrix.horizontalHeaderItem(c).text().split("\n")[0] for c in range(page.matrix.columnCount())]
    assert "X1" not in codes and "T45" not in codes  # no status to colour, nothing to tally as 达标
    under_matrix, under_chart = page.reported_notes
    assert under_matrix.isVisible()
    for code, title in (("T45", "宪法宣誓"), ("T34", "行政调解"), ("X1", "已申请司法确认")):
        assert f'<a href="{code}">{code} {title}</a>' in under_matrix.text()
    assert "指标明细" in under_matrix.text()
    page.tabs.setCurrentIndex(1)
    assert under_chart.isVisible() and under_chart.text() == under_matrix.text()

    under_matrix.linkActivated.emit("T45")  # a click on "T45 宪法宣誓"
    drill = page.drill_dialog
    assert drill.isVisible() and "（全部乡镇）" in drill.heading.text() and drill.windowTitle().startswith("T45 ")
    assert drill.table.rowCount() == 1 and drill.table.item(0, 2).text() == "新任职人员宪法宣誓"
    under_matrix.linkActivated.emit("X1")
    assert page.drill_dialog.windowTitle().startswith("X1 已申请司法确认") and not drill.isVisible()

    next(a for a in window.indicator_menu.actions() if a.text().startswith("恢复程序自带")).trigger()
    assert "X1" not in under_matrix.text() and "T45 宪法宣誓" in under_matrix.text()
