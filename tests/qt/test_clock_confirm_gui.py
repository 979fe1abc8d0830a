# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""After a clock that ran a year ahead is put right, the office goes on: the 所长 confirms the computer's date and time
from the banner (电脑时间无误…), from the export wizard's refusal or from the year-close question; the box names
today's date and the later time recorded and asks to check a phone first (Enter: 取消); a 录入员 cannot."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/*.py, whatever pytest's import mode
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import county_template, world  # noqa: F401  (fixtures)
from test_bundles_gui import ScriptedPrompts, make_window, menu_action

from fazhi_desktop.core import accounts, year_close
from fazhi_desktop.core.clock_behind import confirmation
from fazhi_desktop.qt import year_close_view
from fazhi_desktop.qt.main_window import create_main_window

STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)
AHEAD = datetime(2028, 1, 3, 1, 0, tzinfo=UTC)  # 2028-01-03 09:00 in Beijing
RIGHT = datetime(2027, 1, 10, 1, 0, tzinfo=UTC)  # 2027-01-10 09:00


@pytest.fixture
def ran_ahead(store, staff, clock, valid_record, beijing_time):
    """A meeting saved and 2027 closed with the clock a year ahead; the clock then put right."""
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    clock.set(AHEAD)
    store.save("meeting", valid_record("meeting", held_on="2028-01-03"), "")
    year_close.close_year(store, 2027)
    accounts.logout(store)
    clock.set(RIGHT)
    return staff


def window_for(qtbot, store, dialogs, ui_settings, user):
    window = create_main_window(store, dialogs, ui_settings, user)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_head_of_office_confirms_the_clock_from_the_banner(qtbot, store, ran_ahead, dialogs, ui_settings):
    window = window_for(qtbot, store, dialogs, ui_settings, ran_ahead["head"])
    banner = window.clock_banner
    assert banner.isVisible() and banner.confirm_button.isEnabled()
    assert banner.confirm_button.text() == "电脑时间无误…"
    qtbot.mouseClick(banner.confirm_button, Qt.MouseButton.LeftButton)  # the box's Enter: 取消
    kind, title, text = dialogs.shown[-1]
    assert (kind, title, dialogs.confirm_defaults) == ("confirm", "确认电脑时间无误", [False])
    assert text.startswith("今天是2027-01-10（这台电脑的日期），现在 09:00；而本所年度封账日志最近一条的时间是 "
                           "2028-01-03 09:00（北京时间），晚于现在。\n\n请先用手机或网络时间核对电脑右下角的日期和时间")
    assert "2027年的封账时间 2028-01-03 09:00（北京时间）是电脑时间走快时记下的" in text  # what is still to do
    assert banner.isVisible() and confirmation(store) is None
    dialogs.confirm_answers.append(True)
    qtbot.mouseClick(banner.confirm_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()  # before: until real time reached 2028-01-03
    assert confirmation(store).by == "杨芳"
    window._catch_up()
    assert not banner.isVisible()


def test_a_clerk_sees_the_button_greyed_saying_who_may(qtbot, store, ran_ahead, dialogs, ui_settings):
    window = window_for(qtbot, store, dialogs, ui_settings, ran_ahead["clerk"])
    button = window.clock_banner.confirm_button
    assert window.clock_banner.isVisible() and not button.isEnabled()
    assert button.toolTip().startswith("录入员无权确认电脑时间无误（需要所长或管理员）")


def test_the_export_wizard_refusal_offers_the_confirmation(qtbot, world, clock, dialogs, ui_settings, beijing_time):
    town = world.town()
    clock.set(AHEAD)
    year_close.close_year(town.store, 2027, "杨芳")
    world.export(town)
    clock.set(RIGHT)
    window = make_window(qtbot, town.store, dialogs, ui_settings, ScriptedPrompts(folder=town.usb))
    menu_action(window, "导出数据包").trigger()
    wizard = window.export_wizard
    place = wizard.place
    assert "早于本所上次导出数据包的时间（2028-01-03 09:00）" in place.stop_label.text()
    assert place.clock_button.isVisibleTo(wizard)
    dialogs.confirm_answers.append(True)
    qtbot.mouseClick(place.clock_button, Qt.MouseButton.LeftButton)
    assert dialogs.shown[-1][1] == "确认电脑时间无误" and confirmation(town.store) is not None
    # what still keeps it from exporting: the year closed while the clock ran ahead, which the county would refuse
    assert place.stop_label.text().startswith(
        "现在还不能导出。2027年的封账时间 2028-01-03 09:00（北京时间）是电脑时间走快时记下的")
    assert not place.clock_button.isVisibleTo(wizard)
    wizard.reject()
    year_close.reopen_year(town.store, 2027, "电脑时间曾不对，2027年尚未结束", "杨芳")
    menu_action(window, "导出数据包").trigger()
    wizard = window.export_wizard
    assert wizard.place.blocker is None
    qtbot.mouseClick(wizard.place.choose, Qt.MouseButton.LeftButton)
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.reject()  # window-modal: left open, it blocks later tests


def test_the_year_close_question_confirms_the_clock_and_closes(qtbot, store, ran_ahead, dialogs, ui_settings,
                                                               valid_record):
    window = window_for(qtbot, store, dialogs, ui_settings, ran_ahead["head"])
    dialog = year_close_view.open_year_close(window)
    qtbot.addWidget(dialog)
    dialog.year_combo.setCurrentIndex(dialog.year_combo.findData(2026))
    dialogs.confirm_answers += [True, True]  # 封账, then 电脑时间无误
    dialog.close_year_button.click()
    second = [s for s in dialogs.shown if s[0] == "confirm"][1]
    # the day is Beijing's (as the question before said: 以北京时间为准), of this PC's clock: not "按这台电脑的日期"
    assert second[1] == "确认电脑时间无误" and second[2].startswith(
        "封账日期（北京时间）是按这台电脑的时钟算出的，电脑时间不对，记入年度封账日志并报送县里的日期也就不对。")
    assert "今天是2027-01-10（这台电脑的日期）" in second[2] and dialogs.confirm_defaults == [False, False]
    assert year_close.is_closed(store.conn, 2026) and confirmation(store).by == "杨芳"
    dialog.reject()
