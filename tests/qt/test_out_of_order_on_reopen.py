# ruff: noqa: F811  (the open_window fixture imported from test_review_gui)
"""The note 早于已编号的… (a meeting dated before the latest numbered in its series) was said in orange as the
clerk saved the record, and gone when she or the 所长 opened it again: the 所长 reviewing it did not learn that its
number does not follow the dates. It is shown on reopening while it holds, and not once the 所长 has renumbered."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from test_review_gui import as_user, open_window  # noqa: F401  (open_window is a fixture)

from fazhi_desktop.core import accounts


def test_the_note_is_shown_on_reopening_until_renumbered(qtbot, staff, open_window, store, valid_record):
    as_user(store, "马丽")
    may = store.save("meeting", valid_record("meeting", title="五月例会", held_on="2026-05-10"), "")
    store.save("meeting", valid_record("meeting", title="五月下旬例会", held_on="2026-05-20"), "")
    april = store.save("meeting", valid_record("meeting", title="四月例会", held_on="2026-04-08"), "")
    assert any(w.message.startswith("早于已编号的") for w in april.warnings)
    accounts.logout(store)

    head = open_window("杨芳")
    window = head.open_editor("meeting", store.get(april.id))
    qtbot.addWidget(window)
    note = window.editor.field_widget("held_on").warning()
    assert note.startswith("早于已编号的 〔2026〕会记字第2号（2026-05-20），编号 〔2026〕会记字第3号 不按日期先后")
    assert "1 条提示" in window.editor.status.text()
    window.close()
    later = head.open_editor("meeting", store.get(may.id))  # before 5月20日's as numbered: nothing to say
    qtbot.addWidget(later)
    assert later.editor.field_widget("held_on").warning() is None
    later.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # closed windows gone: opened afresh

    store.renumber_by_date("meeting", 2026, "杨芳")
    again = head.open_editor("meeting", store.get(april.id))
    qtbot.addWidget(again)
    assert store.get(april.id).number == "〔2026〕会记字第1号"
    assert again.editor.field_widget("held_on").warning() is None
    again.close()
    head.close()
