# ruff: noqa: F811  (the open_window fixture imported from test_review_gui)
"""A character no font here has (🫠 in the 会议名称) was said in orange at its field as the record was saved, and gone
as soon as the clerk typed anything else in the window (the 地点 corrected: the 🫠 still there, the note gone), and
when she or the 所长 opened the record again, who learned only from the blank on the paper. The note follows the
text as the other notes of a stored record do: shown on opening, kept while the character is there, gone with it."""

from __future__ import annotations

from test_review_gui import as_user, open_window  # noqa: F401  (open_window is a fixture)

from fazhi_desktop.core import accounts

MELTING = "\U0001fae0"  # 🫠 (Unicode 14): in none of the fonts here


def test_the_note_stays_with_the_character_and_is_shown_on_reopening(qtbot, staff, open_window, store,
                                                                      valid_record):
    as_user(store, "马丽")
    saved = store.save("meeting", valid_record("meeting", title=f"迎新春{MELTING}座谈会"), "")
    assert any(MELTING in w.message for w in saved.warnings)

    window = open_window("马丽").open_editor("meeting", store.get(saved.id))
    qtbot.addWidget(window)
    editor = window.editor
    note = editor.field_widget("title").warning()
    assert note is not None and note.startswith(f"“{MELTING}”在本机的字体中都没有，打印件上是空白")  # before: None

    editor.inputs["location"].set_value("镇政府二楼会议室")  # typing elsewhere: the 🫠 is still in the title
    assert (editor.field_widget("title").warning() or "").startswith(f"“{MELTING}”")

    editor.inputs["title"].set_value("迎新春座谈会")  # the character replaced: nothing left to say
    assert editor.field_widget("title").warning() is None
    window.close()


def test_the_blank_on_paper_note_is_shown_on_reopening(qtbot, staff, open_window, store, valid_record):
    as_user(store, "马丽")
    saved = store.save("meeting", valid_record("meeting", title=f"迎新春{MELTING}座谈会"), "")
    assert any("打印件上是空白" in w.message for w in saved.warnings)
    accounts.logout(store)

    head = open_window("杨芳")
    window = head.open_editor("meeting", store.get(saved.id))
    qtbot.addWidget(window)
    title = window.editor.field_widget("title")
    assert title.warning() == f"“{MELTING}”在本机的字体中都没有，打印件上是空白：请改用文字，或安装含此字的字体后再打印"
    assert "此记录有 1 条提醒" in window.editor.status.text()
    title.set_value("迎新春座谈会")  # replaced by words: the note goes before the save, as the others do
    assert title.warning() is None
    window.close()
    head.close()
