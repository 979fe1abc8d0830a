"""A meeting typed before its 会前学法 study: the study's save asks to link the meeting of its day (Enter 链接, Esc
不链接). The editor linked a study to a new meeting of its day only when the study was saved first; typed the other
way round, the meeting stayed unlinked and its study uncounted in T46a, without a word."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_keyboard_evening import CTRL, editor_at_cursor, fields, new_record, save_and_close, window

from fazhi_desktop.core.store import ListQuery

__all__ = ["window"]  # the fixture: the main window, its 录入员 马丽 logged in
Key = Qt.Key
QUESTION = ("〔2026〕会记字第1号（2026-05-28 2026年第5次镇政府常务会议）的“会前学法”尚未链接，"
            "与刚保存的〔2026〕学法字第1号同日。\n\n链接后，〔2026〕会记字第1号记为第 2 版（修改历史中可查）。")


def meeting_then_study(qtbot, window, keep_open: str | None = None) -> None:
    """The meeting of 28 May typed and closed (or saved and left open, with `keep_open` typed into its 备注), then
    its 会前学法 typed and saved (Ctrl+S)."""
    new_record(qtbot, Key.Key_1)
    fields(qtbot, "2026年第5次镇政府常务会议", "乡", "", "2026-05-28", "900", "1130", "镇政府三楼会议室",
           "", "", "", "", "", "全")
    if keep_open is None:
        save_and_close(qtbot, window)
    else:
        meeting = editor_at_cursor()
        qtbot.keyClick(meeting, Key.Key_S, CTRL)
        if keep_open:
            meeting.editor.field_widget("remarks").set_value(keep_open)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    new_record(qtbot, Key.Key_2)
    fields(qtbot, "会", "学习《中华人民共和国行政复议法》", "行政复议法", "2026-05-28")
    qtbot.keyClick(editor_at_cursor(), Key.Key_S, CTRL)


def test_saving_the_study_after_its_meeting_offers_to_link_it_and_enter_links(qtbot, window, store, dialogs):
    dialogs.confirm_answers.append(True)
    meeting_then_study(qtbot, window)
    assert dialogs.shown == [("confirm", "链接会前学法", QUESTION)]
    assert dialogs.confirm_defaults == [True]  # Enter: 链接
    [study] = store.list(ListQuery("law_study"))
    [meeting] = store.list(ListQuery("meeting"))
    assert meeting["pre_meeting_study"] == study.id and meeting.revision == 2
    assert [(h["op"], h["actor"]) for h in store.history(meeting.id)][-1] == ("update", "马丽")
    assert editor_at_cursor().editor.status.text() == (
        "已保存：〔2026〕学法字第1号（第 1 版）；已链接为〔2026〕会记字第1号的“会前学法”（第 2 版）")



def test_a_meeting_open_in_its_window_shows_the_link(qtbot, window, store, dialogs):
    dialogs.confirm_answers.append(True)
    meeting_then_study(qtbot, window, keep_open="")
    [meeting] = store.list(ListQuery("meeting"))
    shown = window.editors[meeting.id].editor
    assert (shown.record.revision, shown.collect()["pre_meeting_study"]) == (2, meeting["pre_meeting_study"])
    assert meeting["pre_meeting_study"] is not None  # and saving it again keeps the link, refusing nothing
    assert shown.save() and store.get(meeting.id)["pre_meeting_study"] == meeting["pre_meeting_study"]


def test_a_meeting_being_changed_in_its_window_is_not_asked_about(qtbot, window, store, dialogs):
    meeting_then_study(qtbot, window, keep_open="会前学法后开会")
    assert not [shown for shown in dialogs.shown if shown[1] == "链接会前学法"]
    [meeting] = store.list(ListQuery("meeting"))
    assert meeting.revision == 1


def test_esc_leaves_the_meeting_unlinked_and_says_so(qtbot, window, store, dialogs):
    meeting_then_study(qtbot, window)  # the scripted answer: 不链接
    [meeting] = store.list(ListQuery("meeting"))
    assert meeting["pre_meeting_study"] is None and meeting.revision == 1
    assert editor_at_cursor().editor.status.text() == (
        "已保存：〔2026〕学法字第1号（第 1 版）；未链接〔2026〕会记字第1号的“会前学法”")
