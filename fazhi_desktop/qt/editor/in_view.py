"""The cursor kept in view in the editor's scrolling form, for a clerk who types from paper and looks up rarely.

Qt scrolls a focused widget's top into view at most: a row added with Ctrl+Enter or Space stayed below the edge
(当事人 3's 角色 at y=690 in a 564-pixel view), a multi-line field (调解记录) showed its first line while the next
four were typed below it, and the status line that appears with the first key took 31 pixels more from the form.
Here, on every focus change inside the form the whole field is shown, or the whole row of a group when the cursor
enters it at its first field (as much as fits, its top first); in a multi-line field the line being typed; and
the same again when the form's view shrinks, and when the form's layout changes under the cursor: the first name in
出席人员 showed its chip above the entry line and pushed that line below the edge; a removed 当事人 row gave the next
row the cursor before its gap closed, which then moved that row above the view. A layout change, and the view
shrinking, are followed only while the cursor is being followed: after she scrolled the cursor's field out of view
herself (the mouse wheel, the scroll bar, Page Down) to read another field, a change made there with the mouse (a
name's × in 参加人员, and the 未保存 line it brings) leaves the form where she put it. A scroll that leaves the
cursor in view (one wheel notch, ↓ in a single-line field) does not stop the following.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QTimer
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QScrollArea, QWidget

from fazhi_desktop.qt.editor.group import GroupRow
from fazhi_desktop.qt.editor.widgets import FieldInput

#: pixels kept between what is shown and the edge of the view
MARGIN = 6


class KeepInView(QObject):
    """Keeps the focused field of `scroll`'s form (and the text cursor in it) inside the visible part."""

    def __init__(self, scroll: QScrollArea):
        """`scroll` holds its form already (the form's own changes are watched too)."""
        super().__init__(scroll)
        self.scroll = scroll
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self.view = scroll.viewport()  # kept: the scroll area is gone before its form while a window is destroyed
        self.view.installEventFilter(self)
        scroll.widget().installEventFilter(self)
        # a layout change is answered once, after Qt has laid out the form and set the scroll bar's new range: one
        # check however many changes a key made
        self._after_layout = QTimer(self)
        self._after_layout.setSingleShot(True)
        self._after_layout.setInterval(0)
        self._after_layout.timeout.connect(self._follow)
        # the focused field is in view (revealed, or clicked where she saw it) until she scrolls it out of view
        # herself: an action of the scroll bar is hers (the wheel, a drag, Page Down, ↓ in a single-line field), the
        # program's own scrolling sets values. Off at once (a click right after it changes nothing under her), and
        # on again once the action has moved the form if the cursor is still in view (a wheel notch, ↓)
        self.following = True
        self._after_scroll = QTimer(self)
        self._after_scroll.setSingleShot(True)
        self._after_scroll.setInterval(0)
        self._after_scroll.timeout.connect(self._still_in_view)
        scroll.verticalScrollBar().actionTriggered.connect(self._scrolled_by_hand)

    def _focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        if now is None or not self._in_form(now):
            return
        self.following = True
        if QApplication.mouseButtons():  # a click: she sees where
            return
        if isinstance(now, QPlainTextEdit) and not now.property("cursor_kept_in_view"):
            now.setProperty("cursor_kept_in_view", True)
            now.cursorPositionChanged.connect(self._cursor_moved)
        self.reveal(now)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            return False
        if watched is self.view:
            if event.type() == QEvent.Type.Resize:  # the status line appeared, the window was made smaller
                self._follow()
        else:  # a field grew or shrank, a row was added or removed
            self._after_layout.start()
        return False

    def _scrolled_by_hand(self, _action: int) -> None:
        self.following = False
        self._after_scroll.start()

    def _still_in_view(self) -> None:
        focused = QApplication.focusWidget()
        if focused is None or not self._in_form(focused):
            return
        part = self._cursor_rect(focused) if isinstance(focused, QPlainTextEdit) else self._rect(focused)
        top = self.scroll.verticalScrollBar().value()
        self.following = part.top() >= top and part.bottom() < top + self.view.height()

    def _follow(self) -> None:
        if self.following:
            self._reveal_focused()

    def _reveal_focused(self) -> None:
        focused = QApplication.focusWidget()
        if focused is not None and self._in_form(focused):
            self.reveal(focused)

    def _in_form(self, widget: QWidget) -> bool:
        form = self.scroll.widget()
        return form is not None and form.isAncestorOf(widget)

    def reveal(self, focused: QWidget) -> None:
        """Scroll so that the field `focused` belongs to is in view (its row, entered at its first field), and
        `focused` itself (the text cursor in a multi-line field) in any case."""
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # a row just added: laid out now
        self.following = True
        part = self._cursor_rect(focused) if isinstance(focused, QPlainTextEdit) else self._rect(focused)
        self._scroll_to(self._rect(_whole(focused)), part)

    def shows(self, widget: QWidget) -> bool:
        """Is all of `widget` (a field with its message under it) in the visible part of the form?"""
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # a message just shown: laid out now
        rect, top = self._rect(widget), self.scroll.verticalScrollBar().value()
        return rect.top() >= top and rect.bottom() < top + self.view.height()

    def _cursor_moved(self) -> None:
        edit = self.sender()
        if isinstance(edit, QPlainTextEdit) and edit.hasFocus():  # typed in: followed again
            self.following = True
            rect = self._cursor_rect(edit)
            self._scroll_to(rect, rect)

    def _cursor_rect(self, edit: QPlainTextEdit) -> QRect:
        return self._rect(edit.viewport(), edit.cursorRect())

    def _rect(self, widget: QWidget, rect: QRect | None = None) -> QRect:
        """`rect` of `widget` (all of it) in the form's coordinates."""
        rect = QRect(QPoint(0, 0), widget.size()) if rect is None else rect
        return QRect(widget.mapTo(self.scroll.widget(), rect.topLeft()), rect.size())

    def _scroll_to(self, whole: QRect, part: QRect) -> None:
        """Show `whole` as far as it fits, its top first; `part` (inside it) always."""
        bar = self.scroll.verticalScrollBar()
        height = self.scroll.viewport().height()
        top = bar.value()
        for rect in (whole, part):
            if rect.bottom() + MARGIN > top + height:
                top = rect.bottom() + MARGIN - height
            if rect.top() - MARGIN < top:
                top = rect.top() - MARGIN
        bar.setValue(top)


def _whole(focused: QWidget) -> QWidget:
    """What should be seen with `focused`: its field (label and messages below it included), or the row of a group
    when `focused` is the row's first field; itself outside any field."""
    field = focused
    while field is not None and not isinstance(field, FieldInput):
        field = field.parentWidget()
    if field is None:
        return focused
    row = field.parentWidget()
    if isinstance(row, GroupRow) and row.first_input() is field and field.focus_chain()[0] is focused:
        return row
    return field
