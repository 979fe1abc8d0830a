"""Group rows built as they come into the editor's view: a 群体性纠纷 of 200 parties opens with the rows in its window
built, the others light frames of a row's height (GroupRow's `stand_in`), each built before it is painted as the
form is scrolled (the wheel, the scroll bar, Page Down, the cursor moved to it), with a screen's height of rows above
and below the view built too. Tab into a row not yet built builds it (GroupRow.focusInEvent), and any code reading a
row's fields builds it: what is not built is only what nobody has reached."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer
from PySide6.QtWidgets import QApplication, QScrollArea

from fazhi_desktop.qt.editor.group import GroupInput

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
        scroll.verticalScrollBar().valueChanged.connect(self.build)  # scrolled: built before it is painted
        self._after_layout = QTimer(self)  # the form laid out anew (shown, widened, a field grown): once after
        self._after_layout.setSingleShot(True)
        self._after_layout.setInterval(0)
        self._after_layout.timeout.connect(self.build)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Show, QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            self._after_layout.start()
        return False

    def build(self) -> None:
        for _ in range(PASSES):
            if not self._build_once():
                return
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # laid out now, before any painting

    def _build_once(self) -> bool:
        form = self.scroll.widget()
        if form is None or not self.view.isVisible():
            return False
        top, height = self.scroll.verticalScrollBar().value(), self.view.height()
        low, high = top - height, top + 2 * height
        built = False
        for group in self.groups:
            if group.stand_in is None or not group.isVisible():
                continue
            at = group.mapTo(form, QPoint(0, 0)).y()
            for row in list(group.rows):
                y = at + row.y()
                if y > high:
                    break
                if not row.built and y + row.height() >= low:
                    row.build()
                    built = True
        return built
