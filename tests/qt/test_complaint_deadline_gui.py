"""The complaint editor shows 是否按期办结 as 办结日期 and 办理期限 say once both are typed, follows a date corrected,
and keeps an answer chosen against them (questioned in orange, as before)."""

from __future__ import annotations

from test_editor import choose, open_window, press_save, typed

from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import ListQuery


def shown(editor) -> str:
    return editor.field_widget("closed_in_time").control.currentText()


def test_the_editor_answers_closed_in_time_from_the_two_dates(qtbot, tmp_path, dialogs):
    store = init_database(tmp_path / "t.db", "640522100")
    try:
        window = open_window(qtbot, store, "complaint", dialogs)
        editor = window.editor
        typed(qtbot, editor, "accepted_on", "2026-03-08")
        choose(qtbot, editor.field_widget("source").control, "来电")
        typed(qtbot, editor, "respondent", "乡综合执法办")
        typed(qtbot, editor, "matter", "执法人员未出示执法证")
        typed(qtbot, editor, "due_on", "2026-05-07")
        assert shown(editor) == "—请选择—"  # not concluded yet
        typed(qtbot, editor, "closed_on", "2026.4.20")
        choose(qtbot, editor.field_widget("handling_result").control, "属实")
        assert shown(editor) == "是"
        typed(qtbot, editor, "closed_on", "2026.5.12")  # corrected: after the deadline
        assert shown(editor) == "否"
        press_save(qtbot, window)
        record = store.list(ListQuery("complaint"))[0]
        assert (record["closed_on"], record["closed_in_time"]) == ("2026-05-12", False)
        choose(qtbot, editor.field_widget("closed_in_time").control, "是")  # chosen against the dates: kept
        typed(qtbot, editor, "reply", "已电话答复")
        assert shown(editor) == "是"
        assert "是否按期办结填“是”，但办结日期晚于办理期限" in editor.field_widget("closed_in_time").message.text()
    finally:
        store.close()
