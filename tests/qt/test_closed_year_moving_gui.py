"""本年度指标 of a closed year whose closing left a 行政裁决 open: T35 read 0 / 1 未达标 年度已结束，未完成目标 though
the case can still take its 告知, and nothing under the table said which figures can still move."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "core"))  # tests/core/test_closed_year_moving_figures.py
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import county_template, world  # noqa: F401  (fixtures)
from test_closed_year_moving_figures import NOTE, adjudication_left_open
from test_year_close_bundles import send

from fazhi_desktop.core import year_close
from fazhi_desktop.core.indicators import SETTING
from fazhi_desktop.qt.county_view import CountyPage
from fazhi_desktop.qt.indicators_view import IndicatorsPage


def showing_2026(qtbot, store, dialogs, clock) -> IndicatorsPage:
    """本年度指标 on 10 January 2027 showing 2026, closed with a 行政裁决 left open."""
    adjudication_left_open(store, clock)
    clock.set(datetime(2027, 1, 10, 2, 0, tzinfo=UTC))
    page = IndicatorsPage(store, dialogs, lambda record: None)
    qtbot.addWidget(page)
    page.refresh()
    page.year_combo.setCurrentIndex(page.year_combo.findData(2026))
    return page


def test_the_township_page_says_a_missed_target_may_still_move(qtbot, store, dialogs, clock):
    page = showing_2026(qtbot, store, dialogs, clock)
    rows = {page.table.item(row, 0).text(): row for row in range(page.table.rowCount())}
    assert page.table.item(rows["T35"], 6).text().startswith(
        "年度已结束，目前未完成目标；本年仍有 1 件事项办理中或已办结尚未锁定")
    assert page.moving_note.text().startswith(f"{NOTE}T35 行政裁决权利告知") and not page.moving_note.isHidden()
    page.year_combo.setCurrentIndex(page.year_combo.findData(2027))
    assert page.moving_note.isHidden()


def test_a_refused_catalog_takes_the_note_away_with_the_figures(qtbot, store, dialogs, clock, tmp_path):
    """With the catalog refused (无法计算指标), the tables emptied but the note of the year shown before stayed,
    naming T35 as able to move under an empty table."""
    page = showing_2026(qtbot, store, dialogs, clock)
    assert not page.moving_note.isHidden()
    bad = tmp_path / "坏目录.toml"
    bad.write_text("format = 1\n", encoding="utf-8")
    store.set_settings(**{SETTING: str(bad)})
    page.refresh()
    assert page.source.text().startswith("无法计算指标") and page.table.rowCount() == 0
    assert page.moving_note.isHidden()


def test_a_refused_catalog_takes_the_chart_away_with_the_figures(qtbot, store, dialogs, valid_record, tmp_path):
    """With the catalog refused, the 调解统计 chart still drew the year shown before: bars of cases by 纠纷类型
    beside an emptied table."""
    store.save("mediation_case", valid_record("mediation_case"), "杨芳")
    page = IndicatorsPage(store, dialogs, lambda record: None)
    qtbot.addWidget(page)
    page.refresh()
    assert page.chart.rows  # the year's cases by type
    bad = tmp_path / "坏目录.toml"
    bad.write_text("format = 1\n", encoding="utf-8")
    store.set_settings(**{SETTING: str(bad)})
    page.refresh()
    assert page.source.text().startswith("无法计算指标") and page.stats_table.rowCount() == 0
    assert page.chart.rows == []


def test_the_county_windows_mediation_tab_says_what_moving_says_of_a_closed_year(qtbot, world, dialogs,  # noqa: F811
                                                                                valid_record):
    """Under 调解统计 the county window said 年度封账后，该年仍在办理的案件办结时，该年的调解成功率等仍会随之变动
    of every year; it now names, as 指标明细 does, the statistics a township's case left open may move, and the
    township."""
    a = world.town("640522100")
    a.store.save("mediation_case", valid_record("mediation_case", accepted_on="2026-12-20"), "杨芳")
    world.clock.set(datetime(2027, 1, 6, 2, 0, tzinfo=UTC))
    year_close.close_year(a.store, 2026, "杨芳")
    send(world, a)
    page = CountyPage(world.county, dialogs)
    qtbot.addWidget(page)
    page.refresh()
    page.year_combo.setCurrentIndex(page.year_combo.findData(2026))
    said = page.mediation_note.text()
    assert f"{NOTE}M2 调解成功率" in said, said
    assert "（封账时仍在办理、现在办理中或已办结尚未锁定的事项：海城镇 1 件）" in said, said
    assert "随之变动" not in said and "T35" not in said
    page.year_combo.setCurrentIndex(page.year_combo.findData(2027))
    assert NOTE not in page.mediation_note.text()

