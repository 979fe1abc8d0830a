"""The 主讲人 fill never overrules the clerk (twenty-second session, code review): a saved study's deliberate 否 for
the 镇党委书记 became 是 when only its date was corrected, or the same name typed again, and a 否 she chose on a new
study after the fill came back with the next date typed. When the fill acts, the status line says so (a namesake)."""

from __future__ import annotations

from helpers import type_text
from test_editor import open_window, typed

from fazhi_desktop.core.people import add_person
from fazhi_desktop.core.setup import init_database

SECRETARY = "马志刚"


def _store(tmp_path):
    store = init_database(tmp_path / "t.db", "640522100")
    add_person(store, "管理员", SECRETARY, title="镇党委书记", roles=["主要负责同志"])
    add_person(store, "管理员", "王强", title="副镇长")
    return store


def test_a_saved_no_stays_through_a_corrected_date_and_the_same_name_typed_again(qtbot, tmp_path, dialogs):
    store = _store(tmp_path)
    rec = store.save("law_study", {"activity_type": "专题法治讲座", "topic": "学习宪法", "held_on": "2026-03-10",
                                   "speaker": SECRETARY, "speaker_is_principal_leader": False}, "管理员")
    editor = open_window(qtbot, store, "law_study", dialogs, rec).editor
    tick, post = editor.field_widget("speaker_is_principal_leader"), editor.field_widget("speaker_position")
    assert editor.field_widget("speaker").warning().startswith(f"{SECRETARY}是名册中的主要负责同志")  # asked instead
    typed(qtbot, editor, "held_on", "2026-3-11")  # she corrects the date only
    typed(qtbot, editor, "speaker", "王强")
    typed(qtbot, editor, "speaker", SECRETARY)  # and the name, typed again
    assert (tick.control.currentText(), post.value()) == ("否", "")
    assert "人员名册" not in editor.status.text()
    store.close()


def test_a_no_she_chose_after_the_fill_stays_hers_and_the_fill_is_said(qtbot, tmp_path, dialogs):
    store = _store(tmp_path)
    editor = open_window(qtbot, store, "law_study", dialogs).editor
    tick, post = editor.field_widget("speaker_is_principal_leader"), editor.field_widget("speaker_position")
    typed(qtbot, editor, "held_on", "2026-3-10")
    typed(qtbot, editor, "speaker", SECRETARY)
    assert (tick.control.currentText(), post.value()) == ("是", "镇党委书记")
    assert editor.status.text() == ("主讲人是否主要负责同志已按人员名册填为“是”，主讲人职务填为“镇党委书记”"
                                    f"（{SECRETARY}是名册中该日在任的主要负责同志；如为同名的另一人，请改正）")
    tick.control.setFocus()
    type_text(qtbot, tick.control, "否")  # a namesake: hers
    typed(qtbot, editor, "held_on", "2026-3-12")  # the date corrected afterwards
    typed(qtbot, editor, "speaker", SECRETARY)  # the name typed again
    assert tick.control.currentText() == "否"
    typed(qtbot, editor, "speaker", "王强")  # another 主讲人: the 职务 the fill gave goes, her 否 stays
    assert (tick.control.currentText(), post.value()) == ("否", "")
    assert editor.status.text() == "主讲人职务已清空（王强不是名册中该日在任的主要负责同志）"
    editor.give_up_changes()
    store.close()


def test_a_name_aligned_with_a_full_width_space_is_filled_as_the_figure_counts_it(qtbot, tmp_path, dialogs):
    """王　伟 counted for T46c while the fill left 否 (which T46c does not count) and the check asked nothing."""
    store = _store(tmp_path)
    add_person(store, "管理员", "王伟", title="镇长", roles=["主要负责同志"])
    editor = open_window(qtbot, store, "law_study", dialogs).editor
    tick, post = editor.field_widget("speaker_is_principal_leader"), editor.field_widget("speaker_position")
    typed(qtbot, editor, "held_on", "2026-3-10")
    typed(qtbot, editor, "speaker", "王　伟")
    assert (tick.control.currentText(), post.value()) == ("是", "镇长")
    typed(qtbot, editor, "speaker", f"{SECRETARY}书记")  # a post after the name: no roster person's, as T46c reads it
    assert (tick.control.currentText(), post.value()) == ("否", "")
    editor.give_up_changes()
    store.close()
