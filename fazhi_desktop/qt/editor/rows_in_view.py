"""Group rows built as they come into the editor's view: a 群体性纠纷 of 200 parties opens with the rows in its window
built, the others light frames of a row's height (GroupRow's `stand_in`), each built before it is painted as the
form is scrolled (the wheel, the scroll bar, Page Down, the cursor moved to it), with a screen's height of rows above
and below the view built too. A row built above what is in view (scrolling up to rows not yet seen) may be taller
than its frame (its orange notes): the form is scrolled by as much, so that what she sees stays where it was. Tab
into a row not yet built builds it (GroupRow.focusInEvent), and any code reading a row's fields builds it: what is
not built is only what nobody has reached."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer
from PySide6.QtWidgets import QApplication, QScrollArea

from fazhi_desktop.qt.editor.group import GroupInput, GroupRow

#: passes at most over the rows in view: rows built grow or shrink, and bring others into view
PASSES = 8


class RowsInView(QObject):
    """Builds the rows of `groups` (set once the form is made) in and near `scroll`'s view."""

    def __init__(self, scroll: QScrollArea):
        super().__init__(scroll)
        self.scroll = scroll
        self.groups: list[GroupInput] = []
        self.view = scroll.viewport()
        self.view.installEventFilter(self)
        scroll.widget().installEventFilter(self)
        self.bar = scroll.verticalScrollBar()
        self.bar.valueChanged.connect(self.build)  # scrolled: built before it is painted
        self._building = False
        self._after_layout = QTimer(self)  # the form laid out anew (shown, widened, a field grown): once after
        self._after_layout.setSingleShot(True)
        self._after_layout.setInterval(0)
        self._after_layout.timeout.connect(self.build)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Show, QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            self._after_layout.start()
        return False

    def build(self) -> None:
        if self._building:  # the form scrolled by what rows built above what she sees grew
            return
        self._building = True
        try:
            for _ in range(PASSES):
                anchor = self._anchor()
                above = self._build_once()
                if above is None:
                    return
                lay_out()
                # the rows built, once laid out at their width, may be taller (a note on two lines), and the form
                # went on giving their group its height from before (Qt keeps a widget's height for a width until
                # it is told): each row a pixel short, another after the next build, what she read moving by 2-14
                for group in self.groups:
                    group.updateGeometry()
                lay_out()
                if anchor is not None:
                    self._keep(*anchor)
                else:
                    self.bar.setValue(self.bar.value() + sum(row.height() - height for row, height in above))
        finally:
            self._building = False

    def _rows(self) -> Iterator[tuple[GroupRow, int]]:
        """The rows of the groups shown, with their tops in the form, down to the last that starts in the view's
        lower margin."""
        form = self.scroll.widget()
        high = self.bar.value() + 2 * self.view.height()
        for group in self.groups:
            if group.stand_in is None or not group.isVisible():
                continue
            at = group.mapTo(form, QPoint(0, 0)).y()
            for row in list(group.rows):
                if at + row.y() > high:
                    break
                yield row, at + row.y()

    def _top(self, row: GroupRow) -> int:
        return row.mapTo(self.scroll.widget(), QPoint(0, 0)).y()

    def _anchor(self) -> tuple[GroupRow, int] | None:
        """A row built before, in view (what she sees, to be kept where it is), and its top in the view."""
        if self.scroll.widget() is None or not self.view.isVisible():
            return None
        top, bottom = self.bar.value(), self.bar.value() + self.view.height()
        return next(((row, y - top) for row, y in self._rows() if row.built and y + row.height() > top and y < bottom),
                    None)

    def _keep(self, row: GroupRow, at: int) -> None:
        """Scroll so that `row`'s top is `at` in the view again, once the rows built are laid out."""
        for _ in range(3):
            wanted = self._top(row) - at
            if wanted == self.bar.value():
                return
            self.bar.setValue(wanted)
            lay_out()

    def _build_once(self) -> list[tuple[GroupRow, int]] | None:
        """Build the rows in and near the view; None when there were none to build, else those built above the view
        with their heights before."""
        if self.scroll.widget() is None or not self.view.isVisible():
            return None
        top, height = self.bar.value(), self.view.height()
        built, above = False, []
        for row, y in self._rows():
            if not row.built and y + row.height() >= top - height:
                if y + row.height() <= top:
                    above.append((row, row.height()))
                row.build()
                built = True
        return above if built else None


def lay_out() -> None:
    """The rows just built laid out, and the form with them, now: before anything is painted, and before the form is
    scrolled by what they grew."""
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
