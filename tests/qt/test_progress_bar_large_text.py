# ruff: noqa: F811  (pytest fixtures imported from tests/indicator_data.py and tests/qt/test_indicators_gui.py)
"""本年度指标's 进度 bars after 长者模式 is turned on: each bar's minimum width was set once, from the font it was
made with, and the column, sized to its widgets, stayed as narrow: T40b showed "00% / 100" until 刷新."""

import sys
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication, QProgressBar

sys.path.insert(0, str(Path(__file__).parent))

from elder_screen import elder_screen  # noqa: F401
from indicator_data import known_template  # noqa: F401
from test_indicators_gui import make_window, office  # noqa: F401

from fazhi_desktop.qt import indicators_view
from fazhi_desktop.qt.common import em


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


def test_the_explanations_keep_room_on_a_1024_screen_in_large_text(qtbot, office, dialogs, ui_settings, clock,
                                                                   elder_screen):
    """长者模式 at 1024x768: the names, bars and targets kept their whole widths and 说明 (why a figure is 无数据, what
    is still missing) was squeezed to 63 pixels, three characters a line. 说明 now keeps eight characters, in sight;
    the names and targets wrap onto two lines, and each bar is as wide as its own numbers."""
    table = targets_in_large_text(qtbot, office, dialogs, ui_settings, clock, elder_screen).table
    explained = indicators_view.COLUMNS.index("说明")
    assert table.columnWidth(explained) >= em(table, indicators_view.EXPLAIN_CHARS)
    assert table.columnViewportPosition(explained) + table.columnWidth(explained) <= table.viewport().width()
    bars = [bar for row in range(table.rowCount()) if isinstance(bar := table.cellWidget(row, 2), QProgressBar)]
    assert bars and all(bar.fontMetrics().horizontalAdvance(bar.text()) < bar.contentsRect().width() for bar in bars)


def targets_in_large_text(qtbot, office, dialogs, ui_settings, clock, room):
    """本年度指标 of 1 July 2026 in 长者模式, the main window filling `room`."""
    store, _ = office
    clock.set(datetime(2026, 7, 1, 8, 0, tzinfo=UTC))
    ui_settings.setValue("display/large_text", True)
    window, page = make_window(qtbot, store, dialogs, ui_settings, indicators_view)
    window.setGeometry(room)
    QApplication.processEvents()
    return page
