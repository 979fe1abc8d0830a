# ruff: noqa: F811  (the open_window fixture imported from test_review_gui)
"""The note 打印件上是空白 (a character no font here has, core/unprintable.py) was said in orange as the clerk saved
the record, and gone when she or the 所长 opened it again, before printing: the paper then had a gap in the 议题.
It is shown on reopening while the character is there, and goes as the clerk replaces it."""

from __future__ import annotations

from test_review_gui import as_user, open_window  # noqa: F401  (open_window is a fixture)

from fazhi_desktop.core import accounts

MELTING = "\U0001fae0"  # 🫠 (Unicode 14): in none of the fonts here (tests/core/test_unprintable_at_save.py)


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
