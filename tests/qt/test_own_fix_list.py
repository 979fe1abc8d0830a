# ruff: noqa: F811  (the open_window fixture imported from test_review_gui)
"""A 所长 who reopens a record to correct it herself (session 23; chosen in the 重新打开 dialog since session 25): the
clerk's list does not say it came back to her. 草稿·所长修改, not in orange, its tooltip saying who is correcting it;
退回待改 leaves it out; her editor's banner says 录入员不必修改."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from test_review_dead_ends import REASON, meetings, status_cell
from test_review_gui import open_window  # noqa: F401  (open_window is a fixture)

from fazhi_desktop.core import sent_back
from fazhi_desktop.qt.ledger_model import LATE_COLOUR
from fazhi_desktop.qt.reopen_dialog import ReopenDialog


def test_the_clerk_sees_the_directors_own_correction_as_hers_not_as_sent_back(qtbot, store, staff, valid_record,
                                                                             open_window, dialogs):
    hers, back = meetings(store, valid_record, 2)
    head = open_window("杨芳")
    for record, reason, choice in ((hers, "届次写错，我来改", sent_back.SELF), (back, REASON, sent_back.CLERK)):
        editor = head.open_record(store.get(record.id))
        dialogs.text_answers.append(reason)
        dialogs.reopen_choices.append(choice)
        editor.review_bar.buttons["reopen"].click()
        editor.close()
    head.close()  # Friday evening: she corrects it on Monday, and the clerk sees at once it is not hers to do
    clerk = open_window("马丽")
    cell = status_cell(clerk, hers.number)
    assert cell.data() == "草稿·所长修改"
    assert cell.data(Qt.ItemDataRole.ForegroundRole) is None  # nothing for her to do: not the orange of 退回
    assert cell.data(Qt.ItemDataRole.ToolTipRole).endswith("重新打开，自行修改：届次写错，我来改（录入员不必修改）")
    view = clerk.pages["meeting"]
    column = view.model.columns.index("status")  # whole, not 草稿·所长… (review of session 23)
    assert view.table.columnWidth(column) >= view.fitter.text_width("草稿·所长修改")
    sent = status_cell(clerk, back.number)
    assert sent.data() == "草稿·退回" and sent.data(Qt.ItemDataRole.ForegroundRole).name() == LATE_COLOUR
    view.status_combo.setCurrentIndex(view.status_combo.findText("退回待改"))
    assert [view.model.record_at(r).number for r in range(view.model.rowCount())] == [back.number]
    view.status_combo.setCurrentIndex(0)
    editor = clerk.open_record(store.get(hers.id))
    qtbot.waitExposed(editor)
    assert "正在自行修改：届次写错，我来改。录入员不必修改。" in editor.review_bar.banner.text()
    if os.environ.get("FAZHI_SHOTS"):  # screenshots for the change's review
        clerk.resize(1200, 500)
        clerk.grab().save(os.path.join(os.environ["FAZHI_SHOTS"], "own_fix_list.png"))
        editor.grab().save(os.path.join(os.environ["FAZHI_SHOTS"], "own_fix_editor.png"))


def test_a_list_with_deadlines_makes_room_for_a_late_draft_its_director_is_correcting(store):
    """逾期 comes before the reopened draft's mark in a ledger with deadlines: 逾期·草稿·所长修改 is the longest."""
    from fazhi_desktop.qt.ledger_view import late_sample

    assert late_sample(store.ledgers["complaint"], "status") == "逾期·草稿·所长修改"
    assert late_sample(store.ledgers["meeting"], "status") == "草稿·所长修改"


def test_the_reopen_dialog_offers_sending_back_to_the_clerk_first(qtbot):
    dialog = ReopenDialog(None, "重新打开", "重新打开的原因（记入修改历史，必填；录入员打开记录时可见）：")
    qtbot.addWidget(dialog)
    texts = [button.text() for button in dialog.choices.values()]
    assert texts[0].startswith("退回录入员修改（") and texts[1].startswith("由我自己修改（")
    assert dialog.answer() == ("", sent_back.CLERK)
    dialog.reason.setText("届次写错")
    dialog.choices[sent_back.SELF].click()
    assert dialog.answer() == ("届次写错", sent_back.SELF)
    if os.environ.get("FAZHI_SHOTS"):
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.grab().save(os.path.join(os.environ["FAZHI_SHOTS"], "reopen_dialog.png"))
