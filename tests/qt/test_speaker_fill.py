"""A 学法活动's 主讲人 who is a 主要负责同志 on the roster that day makes 主讲人是否主要负责同志 是 and fills the empty
主讲人职务 (twenty-second session): the box started at 否, Enter passed it, and the 镇党委书记's lectures were saved as
否, which T46c (counting the tick) did not count. A 否 kept for him is questioned in orange."""

from __future__ import annotations

from helpers import type_text
from test_editor import open_window, press_save, typed

from fazhi_desktop.core.people import add_person
from fazhi_desktop.core.setup import init_database


def test_a_principal_leader_typed_as_speaker_ticks_yes_and_fills_his_post(qtbot, tmp_path, dialogs):
    store = init_database(tmp_path / "t.db", "640522100")
    add_person(store, "管理员", "马志刚", title="镇党委书记", roles=["主要负责同志"])
    add_person(store, "管理员", "王强", title="副镇长")
    window = open_window(qtbot, store, "law_study", dialogs)
    editor = window.editor
    tick, post = editor.field_widget("speaker_is_principal_leader"), editor.field_widget("speaker_position")
    typed(qtbot, editor, "held_on", "2026-3-10")
    assert tick.control.currentText() == "否"
    typed(qtbot, editor, "speaker", "马志刚")
    assert (tick.control.currentText(), post.value()) == ("是", "镇党委书记")
    typed(qtbot, editor, "speaker", "王强")  # another 主讲人: what 马志刚's name gave goes with it
    assert (tick.control.currentText(), post.value()) == ("否", "")

    post.control.setFocus()
    type_text(qtbot, post.control, "党委书记")  # hers, typed before the name: kept
    typed(qtbot, editor, "speaker", "马志刚")
    assert (tick.control.currentText(), post.value()) == ("是", "党委书记")
    tick.control.setFocus()
    type_text(qtbot, tick.control, "否")  # she says 否 for him: saved, and questioned
    typed(qtbot, editor, "topic", "学习宪法")
    editor.field_widget("activity_type").set_value("专题法治讲座")
    press_save(qtbot, window)
    assert editor.record is not None and editor.record.values["speaker_is_principal_leader"] is False
    assert editor.field_widget("speaker").warning().startswith(
        "马志刚是名册中的主要负责同志，而主讲人是否主要负责同志为“否”，请核对")
    store.close()
