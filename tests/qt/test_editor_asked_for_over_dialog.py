"""An editor asked for in an editor over a window-modal dialog (批量审核 …) opens over that dialog too
(qt/open_over.py `open_from`): Ctrl+N and 保存并新建 opened it over the main window, which the dialog blocks, and
通过并打开下一条 opened the next record over the dialog without the dialog reading its list again after it."""

# ruff: noqa: F811
from __future__ import annotations

from PySide6.QtWidgets import QPushButton
from test_review_dead_ends import clicked_through, double_click, meetings
from test_review_gui import open_window  # noqa: F401

from fazhi_desktop.qt.batch_review import open_batch_review


def over_batch_review(qtbot, window, row: int = 0):
    dialog = open_batch_review(window, "review")
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    double_click(qtbot, dialog.table, row)
    (editor,) = window.editors.values()
    qtbot.waitExposed(editor)
    return dialog, editor


def takes_a_click(qtbot, editor) -> bool:
    button = next(b for b in editor.findChildren(QPushButton) if b.isVisible() and b.isEnabled())
    clicked = []
    button.clicked.connect(lambda: clicked.append(True))
    clicked_through(qtbot, button)  # refused as the window system refuses it under a modal dialog
    return bool(clicked)


def test_ctrl_n_and_save_and_new_in_an_editor_over_batch_review_open_an_editor_that_takes_clicks(
        qtbot, store, staff, valid_record, open_window, dialogs):
    meetings(store, valid_record, 2)
    window = open_window("杨芳")
    dialog, editor = over_batch_review(qtbot, window)
    editor.another_requested.emit("meeting")  # Ctrl+N
    editor.new_requested.emit("meeting")  # 保存并新建
    new = [e for key, e in window.editors.items() if key.startswith("new-")]
    assert len(new) == 2
    for each in new:
        qtbot.waitExposed(each)
        assert each.parentWidget() is dialog
        assert takes_a_click(qtbot, each), "the new editor is blocked by the window-modal 批量审核"


def test_approve_and_next_over_batch_review_keeps_the_dialogs_list_current(qtbot, store, staff, valid_record,
                                                                          open_window, dialogs):
    records = meetings(store, valid_record, 3)
    window = open_window("杨芳")
    dialog, editor = over_batch_review(qtbot, window)
    editor.review_bar.next_button.click()  # 通过并打开下一条
    qtbot.waitUntil(lambda: records[1].id in window.editors)
    following = window.editors[records[1].id]
    assert following.parentWidget() is dialog
    following.review_bar.buttons["review"].click()  # approved in the editor opened by …下一条
    qtbot.waitUntil(lambda: store.get(records[1].id).status == "reviewed")
    assert [r.id for r in dialog.records] == [records[2].id]  # it listed the approved one still
