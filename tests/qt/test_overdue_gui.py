# ruff: noqa: F811  (pytest fixtures imported from test_main_window.py)
"""逾期 where the clerk looks (session 22): the complaint list says which complaints are past their 办理期限 with
nothing concluded (逾期· before the status, in orange, the deadline in its tooltip) and filters to them; 本年度指标
says how many under 需关注, a link to that list."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/*.py, whatever pytest's import mode

from test_main_window import ACTOR, column, ledger_view, window  # noqa: F401  (fixtures)

LATE = "办理期限已过（2026-05-20），尚未办结：请填写办结情况或督办"


def two_complaints(store, valid_record) -> None:
    """One late (due 05-20, the clock says 06-01), one concluded."""
    store.save("complaint", valid_record("complaint", due_on="2026-05-20", matter="噪音扰民未处理"), ACTOR)
    store.save("complaint", valid_record("complaint", due_on="2026-05-20", closed_on="2026-05-18",
                                         handling_result="属实", closed_in_time=True), ACTOR)


def test_the_list_marks_a_late_complaint_and_filters_to_it(qtbot, window, store, valid_record):
    two_complaints(store, valid_record)
    view = ledger_view(window, "complaint")
    assert sorted(column(view, "status")) == ["草稿", "逾期·草稿"]
    model, row = view.model, column(view, "status").index("逾期·草稿")
    status = model.index(row, model.columns.index("status"))
    assert model.data(status, Qt.ItemDataRole.ToolTipRole) == f"逾期·草稿\n{LATE}"
    assert model.data(status, Qt.ItemDataRole.ForegroundRole).name() == "#b35c00"
    assert model.data(model.index(row, model.columns.index("matter"))) == "噪音扰民未处理"
    view.status_combo.setCurrentIndex(view.status_combo.findText("逾期"))
    assert column(view, "matter") == ["噪音扰民未处理"] and view.count_label.text() == "共 1 条"
    assert ledger_view(window, "meeting").status_combo.findText("逾期") == -1  # no deadlines, no such filter


def test_the_indicators_page_says_how_many_are_late_and_opens_them(qtbot, window, store, valid_record):
    two_complaints(store, valid_record)
    window.show_page("indicators")
    page = window.pages["indicators"]
    assert page.late_note.isVisible()
    said = page.late_note.text()
    assert "需关注" in said and "投诉举报 1 件</a>（办理期限已过、未填办结日期）" in said
    page.late_note.linkActivated.emit("complaint")
    view = window.stack.currentWidget()
    assert view is window.pages["complaint"] and view.status_combo.currentText() == "逾期"
    assert column(view, "status") == ["逾期·草稿"]


def test_tab_onto_the_late_note_has_its_link_ready_for_enter(qtbot, window, store, valid_record):
    """By keyboard the note took two Tabs: the first stopped on it with no link chosen, and Enter there did nothing."""
    from helpers import press
    from PySide6.QtWidgets import QApplication

    two_complaints(store, valid_record)
    window.activateWindow()
    window.show_page("indicators")
    page = window.pages["indicators"]
    page.pdf_button.setFocus()
    for _ in range(4):  # past the page's scroll area onto the note
        press(qtbot, Qt.Key.Key_Tab)
        if QApplication.focusWidget() is page.late_note:
            break
    assert QApplication.focusWidget() is page.late_note and page.late_note.hasFocus()
    press(qtbot, Qt.Key.Key_Return)
    view = window.current_ledger_view()
    assert view is not None and view.ledger.name == "complaint" and view.status_combo.currentText() == "逾期"
