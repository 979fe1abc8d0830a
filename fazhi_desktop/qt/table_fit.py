"""Tables whose columns fit the window: each column as wide as its content (header included); when they do not all
fit, the columns give up the air beside their text, then those of free text give up width, down to a few characters
each (their text ends in "…", the whole of it in the cell's tooltip), before the table scrolls sideways; when they
fit, the last column takes the spare width.

The county's tables at 1366 pixels pushed 状态, 调解案件 and 本年记录合计 off the right edge and cut the header
"司法所所长列席情况": Qt's ResizeToContents never gives anything up. Codes, numbers, dates and 状态 stay whole; a column
the user dragged keeps its width (qt/ledger_view.py does the same for the ledger lists). A table may also offer
narrower titles (more lines, fewer characters each): shown only while the columns do not fit otherwise (数据完整性's
fourteen columns in 长者模式 on a 1366-pixel laptop).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView

#: column -> the least width in characters it may be squeezed to, or None: always whole
Least = Callable[[int], float | None]
#: show the narrow titles (True) or the usual ones (False)
Titles = Callable[[bool], None]


class ColumnFitter(QObject):
    """Fits `table`'s columns now (`refit` after its content or font changed) and whenever it is resized."""

    def __init__(self, table: QTableView, least: Least, titles: Titles | None = None, stretch: bool = True):
        super().__init__(table)
        self.table, self.least, self.titles = table, least, titles
        self.stretch = stretch  # the last column takes the spare width (not in a grid of equals: 指标矩阵)
        self.natural: dict[int, int] = {}
        #: the natural widths with the narrow titles, when the table has them
        self.natural_narrow: dict[int, int] = {}
        self.narrow = False
        self.air = 0  # the pixels of air `natural` gives each column beside its content
        self.dragged: dict[int, int] = {}  # columns the user resized, at their width
        self._fitting = False
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._resized)
        self.viewport = table.viewport()  # compared by identity: the table may be half gone when an event comes
        self.viewport.installEventFilter(self)
        table.installEventFilter(self)

    def refit(self) -> None:
        """Measure every column again (its rows as the view samples them, and its header), then fit."""
        header = self.table.horizontalHeader()
        model = self.table.model()
        columns = model.columnCount() if model is not None else 0
        self.dragged = {c: w for c, w in self.dragged.items() if c < columns}
        margin = self.air = self.table.fontMetrics().height() // 2  # a little air: text at the grid reads as cut
        shown = [c for c in range(columns) if not self.table.isColumnHidden(c)]
        content = {c: self.table.sizeHintForColumn(c) for c in shown}
        if self.titles is not None:  # measured with either set of titles: fit() chooses
            self.titles(True)
            self.natural_narrow = {c: max(content[c], header.sectionSizeHint(c)) + margin for c in shown}
            self.titles(False)
            self.narrow = False
        self.natural = {c: max(content[c], header.sectionSizeHint(c)) + margin for c in shown}
        self.fit()

    def fit(self) -> None:
        room = self.table.viewport().width()
        widths, narrow = self._widths(room)
        self._show_titles(narrow)
        header = self.table.horizontalHeader()
        self._fitting = True
        try:
            # the last column stretches only when everything fits: stretched, it would be cut to fill what is left
            header.setStretchLastSection(self.stretch and sum(widths.values()) <= room)
            for column, width in widths.items():
                header.resizeSection(column, width)
        finally:
            self._fitting = False

    def _widths(self, room: int) -> tuple[dict[int, int], bool]:
        """The columns' widths and whether with the narrow titles: the usual titles if the columns fit with them,
        else the narrow ones; each first with air beside the text, then without it and squeezed."""
        tries = [(self.natural, False)] + ([(self.natural_narrow, True)] if self.natural_narrow else [])
        for natural, narrow in tries:
            widths = {**natural, **self.dragged}
            if sum(widths.values()) <= room:
                return widths, narrow
            # the air goes before any text is cut (the cell keeps its own padding): 指标矩阵's fourteen status
            # columns show three more in 长者模式 on a 1366-pixel laptop, 数据完整性's 需关注 seven more characters
            widths = self._squeezed({column: width - self.air for column, width in natural.items()}, room)
            if sum(widths.values()) <= room:
                return widths, narrow
        return widths, narrow  # the last try, squeezed as far as it goes: the table scrolls sideways

    def _squeezed(self, natural: dict[int, int], room: int) -> dict[int, int]:
        """The widths: `natural`'s, the user's dragged ones, and when they exceed `room` the squeezable columns
        narrowed in proportion to what each can give."""
        widths = {**natural, **self.dragged}
        deficit = sum(widths.values()) - room
        if deficit > 0:
            char = self.table.fontMetrics().horizontalAdvance("一")
            spare = {}
            for column, width in widths.items():
                chars = None if column in self.dragged else self.least(column)
                if chars is not None and width > chars * char:
                    spare[column] = width - int(chars * char)
            total = sum(spare.values())
            for column, give in spare.items():
                widths[column] -= min(give, give * deficit // total + 1)
        return widths

    def _show_titles(self, narrow: bool) -> None:
        if self.titles is not None and narrow != self.narrow:
            self.narrow = narrow
            self.titles(narrow)

    def _resized(self, column: int, _old: int, width: int) -> None:
        if not self._fitting and column != self.table.horizontalHeader().count() - 1:
            self.dragged[column] = width

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport and event.type() == QEvent.Type.Resize and self.natural:
            self.fit()
        elif watched is self.table and event.type() == QEvent.Type.FontChange:
            self.refit()
        return False
