"""统计 → 启用指标目录… with the county's 2024 catalog (from_year = 2024): the 本年度指标 page
scores each year by its own notice as the clerk switches 年度. Before, choosing 2023 showed it
re-scored by the 2024 targets (会前学法 4 / 6 未达标, headed 海政办发〔2024〕12号): the figures a 2023
audit asked for were no longer the ones reported in 2023."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/catalog_notices.py

from catalog_notices import NOTICE_2024, notice_2024

from fazhi_desktop.core.indicators import catalog_copies, default_catalog_path, use_catalog
from fazhi_desktop.qt.main_window import create_main_window


class OpenPrompt:
    def __init__(self, files):
        self.files = files

    def open_files(self, parent, title, pattern):
        return list(self.files)


def enable_2024(qtbot, store, dialogs, ui_settings, tmp_path):
    """统计 → 启用指标目录… with the county's 2024 catalog, on the 本年度指标 page: the page."""
    window = create_main_window(store, dialogs, ui_settings, "杨芳")
    qtbot.addWidget(window)
    window.show()
    window.show_page("indicators")
    window.exchange_prompts = OpenPrompt([notice_2024(tmp_path)])
    next(a for a in window.indicator_menu.actions() if a.text().startswith("启用指标目录")).trigger()
    return window.pages["indicators"]


def test_switching_years_scores_each_by_its_own_catalog(qtbot, store, valid_record, dialogs, ui_settings, tmp_path):
    for year in (2023, 2024):
        for month in (3, 5, 7, 9):
            store.save("law_study", valid_record("law_study", held_on=f"{year}-{month:02d}-05"), "杨芳")
    page = enable_2024(qtbot, store, dialogs, ui_settings, tmp_path)
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("info", "指标目录") and "适用年度：2024 年起" in text
    assert "2023 年及以前：海原县法治政府建设指标（海政办发〔2023〕34号）（2023.5）" in text

    def t46a(year: int) -> tuple[str, str]:
        page.year_combo.setCurrentIndex(page.year_combo.findData(year))
        row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == "T46a")
        return page.table.item(row, 4).text(), page.table.item(row, 5).text()

    assert t46a(2023) == ("不少于 4 次", "达标") and "〔2023〕34号" in page.source.text()
    assert "T49b" in [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    assert t46a(2024) == ("不少于 6 次", "未达标") and NOTICE_2024 in page.source.text()
    assert "T49b" not in [page.table.item(r, 0).text() for r in range(page.table.rowCount())]


def test_enabling_beside_an_unusable_catalog_says_enabled(qtbot, store, valid_record, dialogs, ui_settings, tmp_path):
    """The catalog enabled earlier for the years before (a county file without from_year) had been moved away, no copy
    of it kept (enabled by a program before migration 038, the file gone at the upgrade): the
    2024 catalog was saved as enabled, yet the window said “指标目录未启用” with the old file's error and left the
    page as it was. It now says 已启用 and lists the years before as 无法使用 with why."""
    store.save("law_study", valid_record("law_study", held_on="2024-03-05"), "杨芳")
    first = tmp_path / "县目录.toml"
    first.write_text(default_catalog_path().read_text(encoding="utf-8"), encoding="utf-8")
    use_catalog(store, first)
    first.unlink()  # the folder it was kept in was tidied away
    store.conn.execute(f"DELETE FROM {catalog_copies.TABLE}")
    page = enable_2024(qtbot, store, dialogs, ui_settings, tmp_path)
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("warn", "指标目录") and text.startswith(f"已启用：{NOTICE_2024}")
    assert "2023 年及以前：无法使用：指标目录 " in text and "注意：标“无法使用”的年度在改正前不能计算指标" in text
    page.year_combo.setCurrentIndex(page.year_combo.findData(2024))
    assert NOTICE_2024 in page.source.text()
