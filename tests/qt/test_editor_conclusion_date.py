"""In the editor: a 办结日期 before the 受理日期 is refused at the field, naming both dates; a complaint stored so by
an earlier version opens with the orange warning, saves another change and is corrected."""

from __future__ import annotations

from test_editor import choose, open_window, typed

from fazhi_desktop.core import validate
from fazhi_desktop.core.setup import init_database

REFUSED = "办结日期早于受理日期，不能保存：请改正受理日期或办结日期"
COMPLAINT = {"source": "来电", "respondent": "综合执法队", "matter": "执法人员未出示执法证"}


def test_a_complaint_closed_before_it_was_accepted_is_refused_at_its_date(qtbot, tmp_path, dialogs):
    store = init_database(tmp_path / "t.db", "640522100")
    window = open_window(qtbot, store, "complaint", dialogs)
    editor = window.editor
    for name, text in (("accepted_on", "2026-03-08"), ("respondent", "综合执法队"), ("matter", "未出示执法证"),
                       ("closed_on", "2026-03-01")):
        typed(qtbot, editor, name, text)
    choose(qtbot, editor.field_widget("source").control, "来电")
    assert editor.save() is False
    closed = editor.field_widget("closed_on")
    assert (closed.error(), closed.message.text()) == (REFUSED, REFUSED)
    assert REFUSED in editor.status.text()
    assert store.count("complaint") == 0
    store.close()


def test_a_complaint_stored_so_before_opens_warned_and_is_corrected(qtbot, tmp_path, dialogs, monkeypatch):
    store = init_database(tmp_path / "t.db", "640522100")
    with monkeypatch.context() as patch:  # saved by the version before: a warning only
        patch.setattr(validate, "refuse_at_save", lambda cleaned, stored: cleaned)
        record = store.save("complaint", {**COMPLAINT, "accepted_on": "2026-03-08", "closed_on": "2026-03-01"},
                            "杨芳")
    window = open_window(qtbot, store, "complaint", dialogs, record)
    editor = window.editor
    assert editor.field_widget("closed_on").message.text() == "办结日期早于受理日期，请核对"
    typed(qtbot, editor, "closed_on", "2026-03-10")
    assert editor.save() is True
    assert store.get(record.id).values["closed_on"] == "2026-03-10"
    store.close()
