"""A 群体性纠纷 of 200 parties paged through from its top to its end (each row built as it comes into view): Tab
goes through the form exactly as it would have at opening, each row's fields where the row stood; and what Qt walks
to place a row's fields stays short (a row built near the end of such a case took Qt 5 ms a Tab stop to place: it
walked back over every label of the rows built before, left at the end of its focus chain)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget
from test_big_case_far_rows import case as case_of_60
from test_editor import ACTOR
from test_editor import open_window as open_editor

from fazhi_desktop.core.setup import init_database
from fazhi_desktop.qt.editor.group import GroupRow

PARTIES = 200


def case() -> dict:
    values = case_of_60()
    values["parties"] = [dict(values["parties"][i % 60]) for i in range(PARTIES)]
    return values


def chain(window: QWidget) -> list[QWidget]:
    """Every widget of `window`'s focus chain, in order (the window left out); each given back to its parent for
    PySide, as `editor.chain_positions` does."""
    walked, widget = [], window.nextInFocusChain()
    while widget is not None and widget is not window:
        walked.append(widget)
        widget = widget.nextInFocusChain()
    for parent in {id(w.parentWidget()): w.parentWidget() for w in walked if w.parentWidget() is not None}.values():
        parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return walked


def focusable(widgets: list[QWidget]) -> list[QWidget]:
    return [w for w in widgets if w.focusPolicy() != Qt.FocusPolicy.NoFocus]


def test_paging_through_200_parties_keeps_the_tab_order_of_opening_with_each_row_in_its_place(qtbot, tmp_path,
                                                                                             dialogs):
    store = init_database(tmp_path / "t.db", "640522100")
    window = open_editor(qtbot, store, "mediation_case", dialogs, store.save("mediation_case", case(), ACTOR))
    rows = window.editor.group_widget("parties").rows
    opened = focusable(chain(window))
    built_at_opening = sum(row.built for row in rows)
    assert 0 < built_at_opening < 20 and sum(isinstance(w, GroupRow) for w in opened) == PARTIES - built_at_opening
    bar = window.editor.scroll.verticalScrollBar()
    while bar.value() < bar.maximum():  # Page Down to the end, as the wheel, the bar and the key page it
        bar.triggerAction(bar.SliderAction.SliderPageStepAdd)
        QApplication.processEvents()
    assert all(row.built for row in rows)
    expected = [s for w in opened for s in (w.focus_chain() if isinstance(w, GroupRow) else [w])]
    walked = chain(window)
    assert focusable(walked) == expected
    # Qt walks back from a stop it moves over the widgets no Tab stops at: none gather at the end of the chain
    tail = 0
    while walked[-1 - tail].focusPolicy() == Qt.FocusPolicy.NoFocus:
        tail += 1
    assert tail < 50
    window.editor.give_up_changes()
    window.close()
    store.close()


class Resizes(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.count += event.type() == QEvent.Type.Resize
        return False


def test_the_rows_built_as_a_page_comes_into_view_are_laid_out_together(qtbot, tmp_path, dialogs):
    """Each field, label and note of a row shown as it was built laid out the whole form again, and with it every
    row built before (~20 ms a field near the end of a 200-party case): the form grew row by row, a page's rows
    each moving what was below them. Now the rows a Page Down brings are laid out once, together."""
    store = init_database(tmp_path / "t.db", "640522100")
    window = open_editor(qtbot, store, "mediation_case", dialogs,
                         store.save("mediation_case", case_of_60(noted=True), ACTOR))
    group = window.editor.group_widget("parties")
    resizes = Resizes()
    group.installEventFilter(resizes)
    bar = window.editor.scroll.verticalScrollBar()
    built = sum(row.built for row in group.rows)
    for _ in range(5):
        bar.triggerAction(bar.SliderAction.SliderPageStepAdd)
        QApplication.processEvents()
    assert sum(row.built for row in group.rows) - built >= 10
    assert resizes.count <= 5
    window.editor.give_up_changes()
    window.close()
    store.close()
