"""A power cut (or the program killed) just after 保存: the record is in the database, but the removal of the editor's
automatic copy had not reached the disk. The next start offered that copy as 未保存的内容 (a new record's as 新记录);
restored and saved, the same meeting was entered twice under two numbers. The save now notes, in its own
transaction, that the copy was saved, and the next start removes it without offering it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode

from helpers import typed_new_record
from test_autosave_gui import power_cut, start

from fazhi_desktop.core import autosave

TITLE = "2026年第9次党委会"


def saved_then_cut(qtbot, monkeypatch, window, editor) -> None:
    """保存 clicked with a copy on disk; the power goes before its removal is on the disk."""
    editor.autosaver.keep()  # the 30-second timer's slot
    assert autosave.listed(window.store.path, "马丽")
    with monkeypatch.context() as undone:
        undone.setattr(autosave, "remove", lambda *args, **kwargs: None)  # the removal lost with the power
        assert editor.save(), editor.editor.status.text()
    power_cut(window)


def typed_meeting(qtbot, window):
    editor = typed_new_record(qtbot, window, "meeting", "title", TITLE)
    inputs = editor.editor.inputs
    inputs["meeting_type"].set_value("党委会")
    inputs["held_on"].set_value("2026-03-05")
    inputs["office_head_attendance"].set_value("全程")
    return editor


def test_a_new_record_saved_just_before_a_power_cut_is_not_offered_again(qtbot, store, staff, dialogs, ui_settings,
                                                                         monkeypatch):
    window, _ = start(qtbot, store, dialogs, ui_settings, "马丽")
    saved_then_cut(qtbot, monkeypatch, window, typed_meeting(qtbot, window))
    window, offered = start(qtbot, store, dialogs, ui_settings, "马丽")
    assert offered is None  # before: 会议　新记录“2026年第9次党委会”, and 恢复 → 保存 made 第2号 beside 第1号
    assert autosave.listed(store.path, "马丽") == []  # the saved copy removed, not kept for later
    assert store.conn.execute("SELECT number, title FROM meeting").fetchall() == [("〔2026〕会记字第1号", TITLE)]


def test_a_change_saved_just_before_a_power_cut_is_not_offered_as_changed_since(qtbot, store, staff, dialogs,
                                                                               ui_settings, monkeypatch, valid_record):
    window, _ = start(qtbot, store, dialogs, ui_settings, "马丽")
    record = store.save("meeting", valid_record("meeting"), "马丽")
    editor = window.open_editor("meeting", store.get(record.id))
    qtbot.waitExposed(editor)
    editor.editor.inputs["title"].set_value(TITLE)
    saved_then_cut(qtbot, monkeypatch, window, editor)
    window, offered = start(qtbot, store, dialogs, ui_settings, "马丽")
    assert offered is None  # before: 此后已被 马丽 修改（现为第 2 版）, and 不同之处：无
    assert store.get(record.id).values["title"] == TITLE


def test_what_was_typed_after_the_save_is_still_offered(qtbot, store, staff, dialogs, ui_settings, monkeypatch):
    window, _ = start(qtbot, store, dialogs, ui_settings, "马丽")
    editor = typed_meeting(qtbot, window)
    editor.autosaver.keep()
    assert editor.save()
    editor.editor.inputs["title"].set_value("2026年第10次党委会")  # typing on after 保存
    editor.autosaver.keep()
    power_cut(window)
    window, offered = start(qtbot, store, dialogs, ui_settings, "马丽")
    assert offered is not None
    (label, _restore, _drop), = offered.rows.values()
    assert label.text().startswith("会议　〔2026〕会记字第1号“2026年第10次党委会”")


def test_a_refused_save_leaves_the_copy_offered(qtbot, store, staff, dialogs, ui_settings):
    window, _ = start(qtbot, store, dialogs, ui_settings, "马丽")
    editor = typed_new_record(qtbot, window, "meeting", "title", TITLE)  # no 会议类型, no 会议日期
    editor.autosaver.keep()
    assert not editor.save()
    power_cut(window)
    window, offered = start(qtbot, store, dialogs, ui_settings, "马丽")
    assert offered is not None and len(offered.rows) == 1


def test_the_copies_saved_stay_known_only_while_their_files_are_there(qtbot, store, staff, dialogs, ui_settings,
                                                                      monkeypatch):
    window, _ = start(qtbot, store, dialogs, ui_settings, "马丽")
    left = typed_meeting(qtbot, window)
    left.autosaver.keep()
    with monkeypatch.context() as undone:
        undone.setattr(autosave, "remove", lambda *args, **kwargs: None)
        assert left.save()
    for n in range(3):  # saved afterwards, their copies removed as usual
        editor = typed_new_record(qtbot, window, "meeting", "title", f"2026年第{20 + n}次党委会")
        editor.autosaver.keep()
        editor.editor.inputs["meeting_type"].set_value("党委会")
        editor.editor.inputs["held_on"].set_value("2026-04-05")
        editor.editor.inputs["office_head_attendance"].set_value("全程")
        assert editor.save()
    assert len(json.loads(store.setting_in_file(autosave.SAVED_SETTING))) == 2  # the copy left, and the last saved
    power_cut(window)
    window, offered = start(qtbot, store, dialogs, ui_settings, "马丽")
    assert offered is None
