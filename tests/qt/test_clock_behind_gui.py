"""A PC clock a year behind the database (its battery ran out) as a clerk meets it: the main window says so from
the start, a new record still dated today is asked about before it is saved in the wrong year, and closing a year
names today's date and asks again."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from elder_screen import elder_screen, old_desktop_screen  # noqa: F401  (fixtures)
from PySide6.QtWidgets import QApplication
from test_scaled_screens import lines_shown
from test_settings import open_window

from fazhi_desktop.core import year_close
from fazhi_desktop.qt import year_close_view

ACTOR = "马丽"


@pytest.fixture
def behind(store, clock, valid_record, beijing_time):
    """A meeting saved on 2027-01-04 17:00; the clock then reads 2026-01-05 09:00."""
    clock.set(datetime(2027, 1, 4, 9, 0, tzinfo=UTC))
    store.save("meeting", valid_record("meeting", held_on="2027-01-04", title="2027年第1次党委会"), ACTOR)
    clock.set(datetime(2026, 1, 5, 1, 0, tzinfo=UTC))
    return clock


@pytest.fixture
def window(qtbot, store, dialogs, ui_settings):
    return open_window(qtbot, store, dialogs, ui_settings)


def new_meeting(window, qtbot, **typed):
    dialog = window.open_editor("meeting", None)
    qtbot.addWidget(dialog)
    editor = dialog.editor
    for name, text in {"title": "2027年第2次党委会", **typed}.items():
        editor.field_widget(name).control.setText(text)
    editor.field_widget("meeting_type").control.setCurrentText("党委会")
    editor.field_widget("office_head_attendance").control.setCurrentText("全程")
    return editor


def test_the_main_window_says_the_clock_is_behind_until_it_is_put_right(behind, window, store):
    banner = window.clock_banner
    assert banner.isVisible()
    assert banner.label.text().startswith("这台电脑的日期时间（2026-01-05 09:00）早于本所最近一次修改记录的时间"
                                          "（2027-01-04 17:00）。电脑的日期时间现在不对")
    behind.set(datetime(2027, 1, 5, 1, 0, tzinfo=UTC))  # put right while the window was in the background
    window._catch_up()
    assert not banner.isVisible()


def test_the_banner_is_not_shown_when_the_clock_agrees(store, clock, valid_record, window):
    store.save("meeting", valid_record("meeting"), ACTOR)
    window._catch_up()
    assert not window.clock_banner.isVisible()


def test_a_new_record_still_dated_today_is_asked_about_before_it_is_saved(behind, window, qtbot, store, dialogs):
    editor = new_meeting(window, qtbot)
    assert editor.field_widget("held_on").control.text() == "2026-01-05"  # the form's default: today, as it reads
    assert not editor.save()  # before: saved as 〔2026〕会记字第1号 without a word
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("confirm", "电脑日期可能不对") and dialogs.confirm_defaults == [False]
    assert text.startswith("会议日期 2026-01-05 是这台电脑今天的日期，而这台电脑的日期时间（2026-01-05 09:00）早于")
    assert store.count("meeting") == 1
    assert editor.status.text().startswith("未保存：电脑的日期可能不对")
    dialogs.confirm_answers.append(True)  # 仍然保存: the clerk checked and means it
    assert editor.save() and store.count("meeting") == 2


def test_an_old_paper_record_typed_with_its_own_date_is_not_asked_about(behind, window, qtbot, store, dialogs):
    editor = new_meeting(window, qtbot, held_on="2025-12-30")
    assert editor.save()
    assert not [s for s in dialogs.shown if s[1] == "电脑日期可能不对"]
    assert editor.record.number == "〔2025〕会记字第1号"


def test_closing_a_year_names_today_and_asks_again_while_the_clock_is_behind(behind, window, qtbot, store, dialogs):
    dialog = year_close_view.open_year_close(window)
    qtbot.addWidget(dialog)
    dialog.year_combo.setCurrentIndex(dialog.year_combo.findData(2025))
    dialogs.confirm_answers.append(True)  # 封账 in the first question; the second one's Enter: 取消
    dialog.close_year_button.click()
    first, second = [s for s in dialogs.shown if s[0] == "confirm"]
    assert first[2].endswith("\n\n今天是2026-01-05（北京时间），封账按这一天记入年度封账日志并报送县里。")
    assert second[1] == "确认电脑时间无误" and "而本所最近一次修改记录的时间是 2027-01-04 17:00，晚于现在" in second[2]
    assert dialogs.confirm_defaults == [False, False] and not year_close.is_closed(store.conn, 2025)
    dialog.reject()


@pytest.mark.parametrize("screen", ["elder_screen", "old_desktop_screen"])
def test_the_banner_is_as_tall_as_its_lines_in_large_text(behind, qtbot, store, dialogs, ui_settings, request,
                                                          screen):
    """长者模式 on a 1024 screen or a 1366x768 one at 125 %: the red banner kept a blank line's height under its text
    (the stylesheet's padding made Qt wrap the text narrower than it draws it); as narrow as the window goes, its
    lines still show whole."""
    room = request.getfixturevalue(screen)
    ui_settings.setValue("display/large_text", True)
    window = open_window(qtbot, store, dialogs, ui_settings)
    label = window.clock_banner.label
    for width in (room.width(), window.minimumSizeHint().width()):
        window.resize(width, room.height())
        QApplication.processEvents()
        lines = len(lines_shown(label))
        line = label.fontMetrics().lineSpacing()
        assert lines * line <= label.contentsRect().height() < (lines + 1) * line, (width, lines)
