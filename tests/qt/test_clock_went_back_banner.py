"""The main window names, in its banner, the records a clock that had gone back dated (saved on the form's default
date while the PC said 2009), once the clock is right: before, nothing at the township named them. The banner goes
once each is given its real date; 知道了 hides it for the session."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/*.py, whatever pytest's import mode

from test_settings import ACTOR as HEAD
from test_settings import open_window as window_for


def went_back(store, clock, valid_record):
    clock.set(datetime(2026, 11, 16, 1, tzinfo=UTC))
    store.save("meeting", valid_record("meeting", held_on="2026-11-16"), HEAD)
    clock.set(datetime(2009, 1, 1, 1, tzinfo=UTC))  # the battery gone
    wrong = store.save("meeting", valid_record("meeting", held_on="2009-01-01", title="周会"), HEAD)
    clock.set(datetime(2026, 11, 23, 1, tzinfo=UTC))  # set right
    return wrong


def test_the_banner_names_the_records_the_wrong_clock_dated(qtbot, store, clock, valid_record, dialogs, ui_settings,
                                                             beijing_time):
    wrong = went_back(store, clock, valid_record)
    window = window_for(qtbot, store, dialogs, ui_settings)
    banner = window.clock_banner
    assert banner.isVisible() and not banner.confirm_button.isVisible()
    text = banner.label.text()
    assert text.startswith("本所电脑的时间曾经慢了：1 条记录是在电脑日期为 2009-01-01（北京时间）时新增的")
    assert "（〔2009〕会记字第1号），现计入2009年：请逐条打开核对" in text
    store.save("meeting", {**wrong.values, "held_on": "2026-11-17"}, HEAD, record_id=wrong.id)
    window._catch_up()
    assert not banner.isVisible()


def test_noted_it_stays_hidden_for_the_session(qtbot, store, clock, valid_record, dialogs, ui_settings, beijing_time):
    went_back(store, clock, valid_record)
    window = window_for(qtbot, store, dialogs, ui_settings)
    qtbot.mouseClick(window.clock_banner.noted_button, Qt.MouseButton.LeftButton)
    window._catch_up()
    assert not window.clock_banner.isVisible()
