"""保存并复制为新记录 (Ctrl+D in an editor): a month's meetings of the same people typed one after another.

保存并新建 opens an empty form, so each of 22 meetings of the same attendees had 会议类型, times, 地点, 主持人, 记录人,
出席人员 and 列席人员 typed again (measured: 22 keys and 66 characters a meeting, of which 40 were these); Ctrl+D
in the editor did nothing, and 复制为新记录 was only in the main window (Ctrl+S, Esc, Ctrl+D, the copy opening
elsewhere on the screen). Ctrl+D in an editor now saves and opens the copy in its place.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from helpers import press, type_text

from fazhi_desktop.core.people import add_person
from fazhi_desktop.core.store import ListQuery
from fazhi_desktop.qt.main_window import create_main_window

Key, Mod = Qt.Key, Qt.KeyboardModifier
CTRL = Mod.ControlModifier


@pytest.fixture
def window(qtbot, store, staff, dialogs, ui_settings):
    """The main window of a township office, its 录入员 马丽 logged in, a small roster."""
    store.user = staff["admin"]
    for name, title in (("田玉春", "镇长"), ("马志刚", "党委书记"), ("李强", "副镇长"), ("王梅", "党政办干事")):
        add_person(store, "admin", name, title=title)
    w = create_main_window(store, dialogs, ui_settings, staff["clerk"])
    qtbot.addWidget(w)
    w.resize(1180, 720)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    return w


def fields(qtbot, *texts: str) -> None:
    """Type each text into the field at the cursor and press Enter to go on ("" just goes on)."""
    for text in texts:
        if text:
            type_text(qtbot, QApplication.focusWidget(), text)
        press(qtbot, Key.Key_Return)


def editor_window():
    return QApplication.focusWidget().window()


def test_ctrl_d_saves_the_meeting_and_opens_the_next_with_its_place_and_people(qtbot, window, store, dialogs):
    press(qtbot, Key.Key_1, CTRL)
    press(qtbot, Key.Key_N, CTRL)
    where = editor_window().geometry()
    fields(qtbot, "2026年第1次镇政府常务会议", "乡", "", "2026-05-06", "900", "1130", "镇政府三楼会议室",
           "田玉春", "王梅", "马志刚", "李强", "", "", "", "全")
    press(qtbot, Key.Key_D, CTRL)

    second = editor_window()
    assert second.geometry() == where  # in its place, as 保存并新建's
    editor = second.editor
    assert editor.status.text() == ("上一条已保存：〔2026〕会记字第1号；已从它复制会议类型、文书形式、开始时间、"
                                    "结束时间、地点、主持人、记录人、出席人员，请按纸质表单核对")
    assert editor.inputs["title"].control.hasFocus()  # the cursor where the next paper starts
    fields(qtbot, "2026年第2次镇政府常务会议", "", "", "2026-05-13", *[""] * 8, "全")  # Enter past what was copied
    press(qtbot, Key.Key_S, CTRL)

    [one, two] = sorted(store.list(ListQuery("meeting")), key=lambda r: r.number)
    assert (one.number, one["held_on"], one["attendees"]) == ("〔2026〕会记字第1号", "2026-05-06", ["马志刚", "李强"])
    assert (two.number, two["held_on"], two["title"]) == (
        "〔2026〕会记字第2号", "2026-05-13", "2026年第2次镇政府常务会议")
    assert (two["meeting_type"], two["start_time"], two["end_time"], two["location"], two["host"], two["recorder"],
            two["attendees"]) == ("乡镇行政会议(政府常务会议)", "09:00", "11:30", "镇政府三楼会议室", "田玉春", "王梅",
                                  ["马志刚", "李强"])
    assert not dialogs.shown


def test_ctrl_d_again_on_the_untouched_copy_saves_nothing(qtbot, window, store, dialogs):
    press(qtbot, Key.Key_1, CTRL)
    press(qtbot, Key.Key_N, CTRL)
    fields(qtbot, "2026年第1次镇政府常务会议", "乡", "", "2026-05-06", "900", "1130", "镇政府三楼会议室",
           "", "", "", "", "", "全")
    press(qtbot, Key.Key_D, CTRL)
    copy = editor_window()
    press(qtbot, Key.Key_D, CTRL)  # a key pressed twice

    assert editor_window() is copy and copy.isVisible()
    assert copy.editor.status.text().endswith("；本条尚未填写内容，未保存")
    assert [r.number for r in store.list(ListQuery("meeting"))] == ["〔2026〕会记字第1号"]


def test_ctrl_d_on_a_saved_record_shown_unchanged_copies_it_without_a_new_version(qtbot, window, store,
                                                                                 valid_record):
    saved = store.save("meeting", valid_record("meeting", location="村部会议室", attendees=["李强"]), "马丽")
    window.show_page("meeting")
    window.open_editor("meeting", saved)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().window() is not window)
    press(qtbot, Key.Key_D, CTRL)

    copy = editor_window()
    assert copy.editor.record is None
    assert (copy.editor.collect()["location"], copy.editor.collect()["attendees"]) == ("村部会议室", ["李强"])
    assert store.get(saved.id).revision == saved.revision  # not saved again
