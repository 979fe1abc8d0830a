"""Small helpers the windows share: widths in Chinese characters, fitting a window to the screen, buttons Enter
never presses by accident, read-only tables and their cells, and lists shown beside the window that opened them."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from PySide6 import QtGui
from PySide6.QtCore import QAbstractItemModel, QEvent, QRect, QStandardPaths, Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QWidget,
)


@contextlib.contextmanager
def busy_cursor() -> Iterator[None]:
    """The wait cursor over the program while the block runs (work on the GUI thread that takes a noticeable time)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def em(widget: QWidget, count: float) -> int:
    """A width of `count` Chinese characters in the widget's font, so large-text mode scales it."""
    return int(widget.fontMetrics().horizontalAdvance("汉") * count)


#: the height a window's title bar takes above the room the screen gives it
TITLE_BAR = 60


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize `window` to `width` x `height`, but no larger than the screen it opens on has room for (a
    1366x768 laptop less its task bar), leaving space for the title bar."""
    room = screen_room(window)
    if room is not None:
        width, height = min(width, room.width() - 40), min(height, room.height() - TITLE_BAR)
    window.resize(width, height)


def screen_room(window: QWidget) -> QRect | None:
    """The part of the screen `window` opens on that windows may take (less the task bar)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def grow_to_fit(window: QWidget, scrolled: QScrollArea | None = None) -> None:
    """Grow `window` to show every line of the wrapped text just shown in it: a dialog keeps its height when a
    message appears, and a wrapped label then slides under its neighbours. Never taller than the screen has room
    for (`fit_to_screen`), and moved up when it grows past the screen's foot, so its buttons stay on the screen:
    the text in `scrolled` (a scroll area round a wrapped label) is then as tall as the room left, and scrolls."""
    room = screen_room(window)
    window.layout().activate()
    if scrolled is not None:  # as tall as its text, for a start
        scrolled.setMinimumHeight(scrolled.widget().heightForWidth(scrolled.viewport().width()))
    needed = _needed_height(window)
    if scrolled is not None and room is not None and needed > room.height() - TITLE_BAR:
        least = scrolled.fontMetrics().height() * 3
        scrolled.setMinimumHeight(max(least, scrolled.minimumHeight() - (needed - room.height() + TITLE_BAR)))
        needed = _needed_height(window)
    if needed > window.height():
        fit_to_screen(window, window.width(), needed)
    frame = window.frameGeometry()  # also when it was tall enough already: it may have been opened low
    if window.isVisible() and room is not None and frame.bottom() > room.bottom():
        window.move(frame.x(), max(room.top(), room.bottom() - frame.height()))


def _needed_height(window: QWidget) -> int:
    window.layout().activate()
    return max(window.heightForWidth(window.width()), window.sizeHint().height())


def unbroken(text: str) -> str:
    """`text` as a wrapped label never breaks it: word joiners between its characters and no-break spaces for its
    spaces (Qt breaks Chinese between any two characters: "F4 打开日" / "历", "进行" / "中 5 项")."""
    return "\u2060".join(text.replace(" ", "\u00a0"))


def wrapped_label(text: str, width: int) -> QLabel:
    """A label of several lines at `width` pixels, as tall as its lines need: a wrapped QLabel in a dialog is
    otherwise given a guessed height and sliced (the restore's warning in 长者模式 lost its first and last lines)."""
    label = QLabel(text, wordWrap=True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setFixedWidth(width)
    label.setMinimumHeight(label.heightForWidth(width))
    return label


def say(label: QLabel, text: str, again: bool = False, urgent: bool = False) -> None:
    """Show `text` in `label` and have a screen reader say it at once: NVDA read a label only when the reader's
    cursor came to it, so a verdict or a banner that changed went unheard. Said when it changes (with `again`, also
    when the same text is shown again: a code checked twice); `urgent` interrupts what the reader is saying. Not
    while its window is still being made (say it as the window shows). A label with a name of its own (核验结果)
    keeps it, with the text as its description, which the reader says after it."""
    changed = text != label.text()
    label.setText(text)
    if label.accessibleName():
        label.setAccessibleDescription(text)
    if text and (changed or again) and label.window().isVisible():
        event = QAccessibleAnnouncementEvent(label, text)
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if urgent
                            else QAccessible.AnnouncementPoliteness.Polite)
        QAccessible.updateAccessibility(event)


class SearchEdit(QLineEdit):
    """A search box whose hint is the longest of `hints` that fits its width, all of the first as its tooltip (in
    长者模式 on a small screen "搜索：姓名、事项、编号……" was cut to "搜索：姓名、事项、编…")."""

    def __init__(self, *hints: str):
        super().__init__(clearButtonEnabled=True)
        self._hints = hints
        self.setAccessibleName(hints[0])  # what a screen reader says: the hint shown may be a shorter one
        self.setToolTip(hints[0])
        self.setPlaceholderText(hints[0])

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_hint()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_hint()

    def _fit_hint(self) -> None:
        room = self.width() - self.height() - em(self, 1)  # the clear button and the frame's margins
        metrics = self.fontMetrics()
        fitting = [hint for hint in self._hints if metrics.horizontalAdvance(hint) <= room]
        self.setPlaceholderText(fitting[0] if fitting else self._hints[-1])


def push_button(text: str, tip: str | None = None) -> QPushButton:
    """A button that Enter in a line edit never presses by accident (no auto-default inside dialogs)."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    button.setDefault(False)
    if tip:
        button.setToolTip(tip)
    return button


def shown_name(text: str) -> str:
    """A menu entry's or a button's text as said in a sentence: 查找当事人 of 查找当事人(&P)…."""
    return re.sub(r"\(&\w\)|&", "", text).removesuffix("…").strip()


def as_typed(text: str) -> str:
    """A tooltip's `text` as Qt shows it as typed: one whose first line Qt would take for rich text (a tag: a record
    sent with `<img src="file://other-pc/…">`, which Qt would fetch, on Windows logging on to that PC) given as
    that text in rich text; any other is left as it is (`dialogs.Rich` says why)."""
    rich = QtGui.Qt.mightBeRichText(text)
    return QtGui.Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpacePre) if rich else text


def plain_item(text: str, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def show_beside(dialog: QDialog) -> None:
    """Show a list of records that opens records (drill-down, a bundle's records) without making it modal: a
    window-modal list would block the editor or viewer it opens, which the main window owns (Qt blocks every
    window of the blocked window's family), leaving the clerk unable to click or close it."""
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()


def opener(fallback: QWidget) -> QWidget:
    """The window the user is working in (a drill-down, a bundle's records), to own the window it opens: when a
    window closes, the system gives the keyboard back to its owner, so a record viewer the main window owned sent the
    reviewer there, the list they opened it from left behind, out of the keyboard's reach."""
    active = QApplication.activeWindow()
    return active if active is not None and active.isVisible() else fallback


def read_only_table(columns: Sequence[str], stretched: Sequence[str] = ()) -> QTableWidget:
    """A table to choose rows from. With `stretched`: one line a row, each column as wide as its contents but those
    named, which share the room left (their full texts in the cells' tooltips)."""
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    _read_only(table)
    if stretched:
        table.setWordWrap(False)
        header = table.horizontalHeader()
        for column, name in enumerate(columns):
            mode = QHeaderView.ResizeMode.Stretch if name in stretched else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(column, mode)
    return table


def set_rows(table: QTableWidget, rows: int) -> None:
    """`rows` empty rows for a table about to be filled again: emptied first. A cell replaced in a shown table whose
    columns fit their contents made Qt measure the whole column again, cell after cell: 刷新 of 待办事项's 1,000
    rows froze the window for minutes (new cells in an emptied table are measured once)."""
    table.setRowCount(0)
    table.setRowCount(rows)


def read_only_view(model: QAbstractItemModel) -> QTableView:
    """`read_only_table` over a model of its own (rows read as they are shown: 数据包记录's thousands of bundles)."""
    table = QTableView()
    table.setModel(model)
    _read_only(table)
    return table


def _read_only(table: QTableView) -> None:
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setHighlightSections(False)
    table.horizontalHeader().setMinimumSectionSize(em(table, 3))  # 版本, 操作: not squeezed against the grid
    table.setTabKeyNavigation(False)  # rows are chosen with the arrows; Tab goes on to the buttons, not cell by cell


def on_activate(table: QAbstractItemView, slot: Callable[[int, int], None], enter: bool = True) -> None:
    """Double-click or (with `enter`) Enter on a cell calls `slot(row, column)`."""
    table.doubleClicked.connect(lambda index: slot(index.row(), index.column()))
    if not enter:
        return
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        shortcut = QShortcut(QKeySequence(key), table, context=Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(lambda: slot(table.currentIndex().row(), table.currentIndex().column()))


#: keys that turn the pages of a tabbed page, and which way
TAB_KEYS = (("Ctrl+Tab", 1), ("Ctrl+PgDown", 1), ("Ctrl+Shift+Tab", -1), ("Ctrl+PgUp", -1))


def tab_keys(tabs: QTabWidget, page: QWidget) -> None:
    """Ctrl+Tab / Ctrl+PageDown (Ctrl+Shift+Tab / Ctrl+PageUp back) turn `tabs` wherever the focus is in `page`, and
    put it on the new tab's first control (its tab, for a chart): QTabWidget took them only when no child kept them,
    and a table keeps both (Ctrl+PageDown scrolled the 指标矩阵, Ctrl+Tab did nothing), so a reviewer in the matrix
    could not reach 数据完整性 without the mouse."""
    def turn(step: int) -> None:
        tabs.setCurrentIndex((tabs.currentIndex() + step) % tabs.count())
        shown = tabs.currentWidget()
        first = next((w for w in shown.findChildren(QWidget) if w.isVisibleTo(shown) and w.isEnabled()
                      and w.focusPolicy() & Qt.FocusPolicy.TabFocus), None)
        (first or tabs.tabBar()).setFocus(Qt.FocusReason.TabFocusReason)

    for keys, step in TAB_KEYS:
        shortcut = QShortcut(QKeySequence(keys), page, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda s=step: turn(s))


def documents_dir() -> Path:
    """Where save dialogs start: the user's 文档 folder (the home folder if the system names none, or names one
    that does not exist: a file dialog given a missing folder opened in the program's working folder)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location and Path(location).is_dir() else Path.home()
