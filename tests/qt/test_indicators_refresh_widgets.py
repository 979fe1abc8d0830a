# ruff: noqa: F811  (pytest fixtures imported from tests/indicator_data.py)
"""本年度指标 after 刷新: the old progress bars and 查看记录 buttons stayed shown under the new ones until the event
loop deleted them (deleteLater), so a page painted or grabbed at once showed each bar's numbers doubled, faintly."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QProgressBar, QPushButton

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/indicator_data.py

from indicator_data import ACTOR, known_template  # noqa: F401

from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.main_window import create_main_window


@pytest.fixture
def page(qtbot, tmp_path, known_template, ledgers, clock, dialogs, ui_settings):
    path = tmp_path / "office.db"
    shutil.copyfile(known_template[0], path)
    store = Store.open(path, ledgers=ledgers, clock=clock)
    window = create_main_window(store, dialogs, ui_settings, ACTOR)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("indicators")
    yield window.pages["indicators"]
    store.close()


def shown(page, kind) -> int:
    return sum(w.isVisible() for w in page.table.viewport().findChildren(kind))


def test_after_refresh_each_row_shows_one_bar_and_one_button(page):
    QApplication.processEvents()
    rows, bars = page.table.rowCount(), shown(page, QProgressBar)
    assert rows and bars and shown(page, QPushButton) == rows
    page.refresh_button.click()
    QApplication.processEvents()  # not the event loop: what is deleted later is still there
    assert shown(page, QProgressBar) == bars and shown(page, QPushButton) == rows
