"""Last December's paper records typed on 2 January: the clerk edits the date field's default, 2027-01-02, into
2027-12-28 instead of 2026-12-28. Saved without a question, the meeting took 〔2027〕会记字第1号 (January's first
meeting then became 第2号, the number never given again) and was missing from 2026's figures when the 所长 closed
the year; only an orange note said 会议日期晚于今天：到当天才计入本年度指标, as for a meeting saved ahead."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from test_clock_behind_gui import new_meeting
from test_settings import open_window


@pytest.fixture
def january(clock, beijing_time):
    clock.set(datetime(2027, 1, 2, 1, 0, tzinfo=UTC))  # 2 January 2027, 09:00 in Beijing


@pytest.fixture
def window(qtbot, store, dialogs, ui_settings):
    return open_window(qtbot, store, dialogs, ui_settings)


def test_a_december_meeting_typed_a_year_late_is_asked_about_before_it_takes_this_years_number(
        january, window, qtbot, store, dialogs):
    editor = new_meeting(window, qtbot, title="2026年第12次党委会", held_on="2027-12-28")
    assert not editor.save()
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("confirm", "日期的年份可能不对") and dialogs.confirm_defaults == [False]
    assert text == ("会议日期 2027-12-28 比今天（2027-01-02）晚360天，这条记录会记入2027年、按2027年编号，"
                    "不计入2026年的指标。如是去年的会议，会议日期应为 2026-12-28。\n\n仍然按 2027-12-28 保存吗？")
    assert store.count("meeting") == 0
    assert editor.status.text() == "未保存：会议日期的年份可能不对，请核对"

    editor.field_widget("held_on").control.setText("2026-12-28")  # 返回修改: corrected
    assert editor.save() and editor.record.number == "〔2026〕会记字第1号"
    january_first = new_meeting(window, qtbot, held_on="2027-01-02")  # the form's default, today
    assert january_first.save() and january_first.record.number == "〔2027〕会记字第1号"
    assert len(dialogs.shown) == 1


def test_a_meeting_saved_ahead_to_print_its_sign_in_sheet_is_not_asked_about(january, window, qtbot, store,
                                                                                 dialogs):
    editor = new_meeting(window, qtbot, held_on="2027-01-08")
    assert editor.save() and editor.record.number == "〔2027〕会记字第1号"
    assert dialogs.shown == []


def test_the_clerk_who_means_next_december_saves_it_so(january, window, qtbot, store, dialogs):
    editor = new_meeting(window, qtbot, held_on="2027年12月28日")
    dialogs.confirm_answers.append(True)  # 仍然保存
    assert editor.save() and editor.record.values["held_on"] == "2027-12-28"


def test_a_true_date_is_not_called_a_year_late_by_a_clock_a_year_behind(window, qtbot, store, clock, valid_record,
                                                                          dialogs, beijing_time):
    """The PC's battery ran out: its clock reads 2026-01-05 while the office's records reach 2027-01-04 (the main
    window's banner says so). The clerk typed last December's meeting with its true date, 2026-12-28; the box told
    her it was a year late and that 会议日期应为 2025-12-28, a wrong date, as the computer's today was not."""
    clock.set(datetime(2027, 1, 4, 9, 0, tzinfo=UTC))
    store.save("meeting", valid_record("meeting", held_on="2027-01-04", title="2027年第1次党委会"), "马丽")
    clock.set(datetime(2026, 1, 5, 1, 0, tzinfo=UTC))
    editor = new_meeting(window, qtbot, title="2026年第12次党委会", held_on="2026-12-28")
    assert editor.save() and editor.record.number == "〔2026〕会记字第1号"
    assert not [shown for shown in dialogs.shown if shown[1] == "日期的年份可能不对"]
