"""统计 → 启用指标目录… with the county's 2024 catalog while the one enabled earlier for the years before (a county
file without from_year) had been moved away: the 2024 catalog was saved as enabled, yet the window said
“指标目录未启用” with the old file's error and left the page as it was. It now says 已启用, lists the years before as
无法使用 with why, and the 2024 figures follow the new catalog."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/catalog_notices.py

from catalog_notices import NOTICE_2024, notice_2024

from fazhi_desktop.core.indicators import default_catalog_path, use_catalog
from fazhi_desktop.qt.main_window import create_main_window


class OpenPrompt:
    def __init__(self, files):
        self.files = files

    def open_files(self, parent, title, pattern):
        return list(self.files)


def test_enabling_beside_an_unusable_catalog_says_enabled(qtbot, store, valid_record, dialogs, ui_settings, tmp_path):
    store.save("law_study", valid_record("law_study", held_on="2024-03-05"), "杨芳")
    first = tmp_path / "县目录.toml"
    first.write_text(default_catalog_path().read_text(encoding="utf-8"), encoding="utf-8")
    use_catalog(store, first)
    first.unlink()  # the folder it was kept in was tidied away
    window = create_main_window(store, dialogs, ui_settings, "杨芳")
    qtbot.addWidget(window)
    window.show()
    window.show_page("indicators")
    page = window.pages["indicators"]
    window.exchange_prompts = OpenPrompt([notice_2024(tmp_path)])
    next(a for a in window.indicator_menu.actions() if a.text().startswith("启用指标目录")).trigger()
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("warn", "指标目录") and text.startswith(f"已启用：{NOTICE_2024}")
    assert "2023 年及以前：无法使用：指标目录 " in text and "注意：标“无法使用”的年度在改正前不能计算指标" in text
    page.year_combo.setCurrentIndex(page.year_combo.findData(2024))
    assert NOTICE_2024 in page.source.text()
