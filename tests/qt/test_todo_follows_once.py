# ruff: noqa: F811  (the open_window fixture imported from test_review_gui)
"""待办事项 read everything again after each save, on the window's thread (about 0.3 s at 6,000 records): a burst of
saves (records approved one after another, a script saving twenty) froze the window for as many reads. It is read
once after the burst, and not at all while it is closed (opened again, it is read afresh)."""

from __future__ import annotations

from test_director_week import submitted_meetings, waiting
from test_review_gui import open_window  # noqa: F401  (a fixture)

from fazhi_desktop.core import todo as todo_mod
from fazhi_desktop.qt.todo_view import open_todo


def counting_reads(monkeypatch) -> list[int]:
    reads: list[int] = []
    build = todo_mod.build

    def counted(*args, **kwargs):
        reads.append(1)
        return build(*args, **kwargs)

    monkeypatch.setattr(todo_mod, "build", counted)
    return reads


def test_a_burst_of_approvals_reads_the_list_once(qtbot, store, staff, valid_record, open_window, monkeypatch):
    made = submitted_meetings(store, valid_record, count=4)
    window = open_window("杨芳")
    dialog = open_todo(window)
    assert len(waiting(dialog)) == 4
    editors = [window.open_record(record) for record in made]
    for editor in editors:
        editor.start_editing()
    reads = counting_reads(monkeypatch)
    for editor in editors:  # one after another, as a script or 批量 does, the window not painted between
        assert editor.review_bar.take("review")
    qtbot.waitUntil(lambda: waiting(dialog) == [] and "等待处理的记录" not in dialog.heading.text())
    assert len(reads) == 1


def test_saves_while_the_list_is_closed_read_nothing_until_it_is_opened(qtbot, store, staff, valid_record,
                                                                         open_window, monkeypatch):
    made = submitted_meetings(store, valid_record, count=2)
    window = open_window("杨芳")
    dialog = open_todo(window)
    editor = window.open_record(made[0])
    editor.start_editing()
    dialog.close()
    reads = counting_reads(monkeypatch)
    assert editor.review_bar.take("review")
    qtbot.wait(50)  # the window's events run: nothing is read for a list no one sees
    assert reads == []
    assert waiting(open_todo(window)) == [made[1].number] and len(reads) == 1
