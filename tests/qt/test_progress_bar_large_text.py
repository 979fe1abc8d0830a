# ruff: noqa: F811  (pytest fixtures imported from tests/indicator_data.py and tests/qt/test_indicators_gui.py)
"""本年度指标's 进度 bars after 长者模式 is turned on: each bar's minimum width was set once, from the font it was
made with, and the column, sized to its widgets, stayed as narrow: T40b showed "00% / 100" until 刷新."""

import sys
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication, QProgressBar

sys.path.insert(0, str(Path(__file__).parent))

from indicator_data import known_template  # noqa: F401
from test_indicators_gui import make_window, office  # noqa: F401

from fazhi_desktop.qt import indicators_view


def test_the_progress_bars_show_their_numbers_whole_after_large_text_is_turned_on(qtbot, office, dialogs,
                                                                                   ui_settings, clock):
    store, _ = office
    clock.set(datetime(2026, 7, 1, 8, 0, tzinfo=UTC))
    window, page = make_window(qtbot, store, dialogs, ui_settings, indicators_view)
    window.resize(1240, 640)
    window.set_large_text(True)  # the page was built in the normal size
    try:
        QApplication.processEvents()
        table = page.table
        bars = [table.cellWidget(row, 2) for row in range(table.rowCount())]
        bars = [bar for bar in bars if isinstance(bar, QProgressBar)]
        assert bars
        cut = [(bar.text(), bar.contentsRect().width()) for bar in bars
               if bar.fontMetrics().horizontalAdvance(bar.text()) + 4 > bar.contentsRect().width()]
        assert not cut, cut
    finally:
        window.set_large_text(False)
