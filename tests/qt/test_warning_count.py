"""保存并新建's box and the status line after 返回核对 count the same warnings (twenty-second session): a study saved
ahead of its date with its end before its start said 「有 1 条提醒」 in the box and 「有 2 条提醒」 below, the planned
date (information, not a doubt) counted in one and not the other."""

from __future__ import annotations

from datetime import timedelta

from test_editor import open_window

from fazhi_desktop.core.clock import local_today
from fazhi_desktop.core.setup import init_database

SAID = "1 条提醒（橙色，另有 1 条提示仅供了解）"


def test_the_box_and_the_status_line_count_the_doubts_and_the_notes_alike(qtbot, tmp_path, dialogs):
    store = init_database(tmp_path / "t.db", "640522100")
    window = open_window(qtbot, store, "law_study", dialogs)
    editor = window.editor
    ahead = (local_today(store.clock) + timedelta(days=20)).isoformat()
    for name, value in {"activity_type": "会前学法", "topic": "学习宪法", "held_on": ahead,
                        "start_time": "09:00", "end_time": "08:30"}.items():
        editor.field_widget(name).set_value(value)
    assert window.save_and_new()  # the box's Enter: 返回核对
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("confirm", "保存并新建")
    assert f"有 {SAID}，请对照纸质表单核对" in text
    assert f"有 {SAID}，请核对" in editor.status.text()
    store.close()
