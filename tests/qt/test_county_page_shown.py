# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py and tests/indicator_data.py)
"""县级汇总 shown again: coming back from 会议 recomputed every figure (1.2 s at 18 townships x 5 years, the window
frozen, no wait cursor). Now the page repaints what it has while nothing changed, and computes again once bundles
were imported, a catalog enabled, or the day changed; what it computes, it computes under the wait cursor."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py, tests/indicator_data.py

from bundle_world import county_template, world  # noqa: F401
from indicator_data import ACTOR, fill_known_year

from fazhi_desktop.core.indicators import default_catalog_path, use_catalog
from fazhi_desktop.qt import county_view
from fazhi_desktop.qt.main_window import create_main_window


@pytest.fixture
def page(qtbot, world, dialogs, ui_settings):
    """海城镇's year imported at the county, 县级汇总 shown once; its window as `page.window()`."""
    return shown_at(qtbot, world, dialogs, ui_settings, datetime(2026, 12, 31, 18, 0, tzinfo=UTC))


def shown_at(qtbot, world, dialogs, ui_settings, now: datetime):
    """海城镇's known year imported at `now` (UTC), the county window open on 县级汇总: its page."""
    world.clock.set(now)  # every record of the known year has happened by 18:00 UTC on 31 December
    haicheng = world.town("640522100")
    fill_known_year(haicheng.store)
    assert world.import_(world.export(haicheng).path).ok
    window = create_main_window(world.county, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(county_view.PAGE)
    return window.pages[county_view.PAGE]


@pytest.fixture
def computed(page, monkeypatch):
    """The wait cursor's shape (None: none) at each computation of the figures."""
    cursors = []
    real = county_view.compute

    def compute(*args, **kwargs):
        cursor = QApplication.overrideCursor()
        cursors.append(cursor.shape() if cursor is not None else None)
        return real(*args, **kwargs)

    monkeypatch.setattr(county_view, "compute", compute)
    return cursors


def back_from_meetings(page) -> None:
    page.window().show_page("meeting")
    page.window().show_page(county_view.PAGE)


def test_shown_again_unchanged_it_repaints_and_after_an_import_it_has_the_new_figures(page, computed, world):
    assert "1 个有2026年记录" in page.summary.text()
    back_from_meetings(page)
    assert computed == [] and "1 个有2026年记录" in page.summary.text()  # nothing changed: what it had
    liwang = world.town("640522101")
    fill_known_year(liwang.store)
    assert world.import_(world.export(liwang).path).ok
    back_from_meetings(page)
    assert computed == [Qt.CursorShape.WaitCursor]  # under the wait cursor
    assert "2 个有2026年记录" in page.summary.text()
    assert QApplication.overrideCursor() is None  # and back to the arrow after
    page.year_combo.setCurrentIndex(page.year_combo.findData(2025))  # a year change computes that year's
    assert computed[-1:] == [Qt.CursorShape.WaitCursor] and "有2025年记录" in page.summary.text()


def test_a_catalog_enabled_or_a_new_day_computes_again_on_the_next_showing(page, computed, world, tmp_path):
    catalog = tmp_path / "县目录.toml"
    catalog.write_text(default_catalog_path().read_text(encoding="utf-8"), encoding="utf-8")
    use_catalog(world.county, catalog)  # as another 管理员's window, or `fazhi` at the command line, enables it
    back_from_meetings(page)
    assert len(computed) == 1 and "县目录.toml" in page.source.text()
    back_from_meetings(page)
    assert len(computed) == 1
    table = page.complete_table
    days = next(c for c in range(table.columnCount()) if table.horizontalHeaderItem(c).toolTip() == "距今天数")
    haicheng = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "海城镇")
    before = int(table.item(haicheng, days).text())
    world.clock.set(world.clock() + timedelta(days=3))
    back_from_meetings(page)
    assert len(computed) == 2 and int(table.item(haicheng, days).text()) == before + 3


def test_beijing_s_new_year_computes_again_on_a_pc_set_to_another_zone(qtbot, world, dialogs, ui_settings,
                                                                      monkeypatch):
    """On a PC set to UTC, shown again after Beijing's midnight of New Year (its own date still 31 December), the page
    kept saying 2026 was not over: it recomputed on the PC's date, and completeness judges the year on Beijing's
    (code review, eighteenth session)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        beijing_23h = datetime(2026, 12, 31, 15, 0, tzinfo=UTC)  # 23:00 in Beijing
        page = shown_at(qtbot, world, dialogs, ui_settings, beijing_23h)
        assert "2026年已结束" not in page.complete_note.text()
        world.clock.set(datetime(2026, 12, 31, 16, 30, tzinfo=UTC))  # 00:30 on 1 January in Beijing
        back_from_meetings(page)
        assert "2026年已结束" in page.complete_note.text()  # what 刷新 says
    finally:
        monkeypatch.undo()
        time.tzset()
