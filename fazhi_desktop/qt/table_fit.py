"""Tables whose columns fit the window: each column as wide as its content (header included) and a little air.
When they do not all fit, the column that takes the rest (a ledger list's title) gives up width first, down to its
least, then every column the air beside its text, then the columns of free text give up width, down to a few
characters each (their text ends in "…", the whole of it in the cell's tooltip), before the table scrolls sideways.
With room to spare, a column with a longer text to show grows to show it whole (会议类型's "乡镇行政会议(政府常务
会议)"), then the rest column, or else the last, takes what is left.

The county's tables at 1366 pixels pushed 状态, 调解案件 and 本年记录合计 off the right edge and cut the header
"司法所所长列席情况": Qt's ResizeToContents never gives anything up. Codes, numbers, dates and 状态 stay whole (a
number's title may give up the width it takes beyond the numbers); a column the user dragged keeps its width when the
window is resized or the table sorted, until the text size changes (then its pixels would cut the text or waste
room). The sort arrow's room is kept in the sorted column only: Qt gives it to every column, which cost the county's
lists their 状态 in 长者模式 on a laptop. A table may also offer narrower titles (more lines, fewer characters each):
shown only while the columns do not fit otherwise (数据完整性's fourteen columns in 长者模式 on a 1366-pixel laptop).

The ledger lists (qt/ledger_view.py) measure each column from the text it usually shows, not from their rows, which
are read page by page; the other tables measure their rows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QHeaderView, QProxyStyle, QStyle, QStyleOptionViewItem, QTableView

from fazhi_desktop.qt.common import em

#: column -> the least width it may be squeezed to: in characters, or a text that stays whole (a number column's
#: "1234": its title may end in "…", its numbers may not); None: always whole
Least = Callable[[int], float | str | None]
#: show the narrow titles (True) or the usual ones (False)
Titles = Callable[[bool], None]
#: column -> a text to measure it by, or None
Text = Callable[[int], str | None]


class ColumnFitter(QObject):
    """Fits `table`'s columns now (`refit` after its content or font changed) and whenever it is resized or sorted.

    `sample`: the text each column usually shows, measured instead of its rows (a list read page by page);
    `whole`: a longer text a column shows whole when there is room to spare (a choice column's longest choice);
    `rest`: the column that takes the width the others leave (a ledger's title), at least as wide as `least` says,
    else the table scrolls sideways (a table showing another model may set it anew, then `refit`); `stretch`: without
    one, the last column takes the spare width (not in a grid of equals: 指标矩阵); `first`: how far the columns give
    up width before any gives more, down to `least` (数据完整性: 需关注 down to a dozen characters while 年度封账 stays
    whole, then both)."""

    def __init__(self, table: QTableView, least: Least, titles: Titles | None = None, stretch: bool = True, *,
                 sample: Text | None = None, whole: Text | None = None, rest: int | None = None,
                 first: Least | None = None):
        super().__init__(table)
        self.table, self.least, self.titles, self.first = table, least, titles, first
        self.sample, self.whole, self.rest = sample, whole, rest
        self.stretch = stretch
        self.natural: dict[int, int] = {}
        #: the natural widths with the narrow titles, when the table has them
        self.natural_narrow: dict[int, int] = {}
        self.narrow = False
        self.wide: dict[int, int] = {}  # the widths showing `whole`'s text, where wider than natural
        self.air = 0  # the pixels of air `natural` gives each column beside its content
        self.dragged: dict[int, int] = {}  # columns the user resized, at their width
        self._fitting = False
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._resized)
        header.sortIndicatorChanged.connect(lambda *_: self.refit())  # the arrow's room moves with it
        self.viewport = table.viewport()  # compared by identity: the table may be half gone when an event comes
        self.viewport.installEventFilter(self)
        table.installEventFilter(self)

    def refit(self) -> None:
        """Measure every column again (its sample, or its rows as the view samples them, and its header), then fit."""
        model = self.table.model()
        columns = model.columnCount() if model is not None else 0
        self.dragged = {c: w for c, w in self.dragged.items() if c < columns}
        self.air = self.table.fontMetrics().height() // 2  # a little air: text at the grid reads as cut
        shown = [c for c in range(columns) if not self.table.isColumnHidden(c)]
        content = {c: self._content(c) for c in shown}
        if self.titles is not None:  # measured with either set of titles: fit() chooses
            self.titles(True)
            self.natural_narrow = self._natural(content)
            self.titles(False)
            self.narrow = False
        self.natural = self._natural(content)
        texts = {c: self.whole(c) for c in shown} if self.whole is not None else {}
        self.wide = {c: width for c, text in texts.items()
                     if text and (width := self.text_width(text) + self.air) > self.natural[c]}
        self.fit()

    def fit(self) -> None:
        room = self.table.viewport().width()
        widths, narrow = self._widths(room)
        self._show_titles(narrow)
        header = self.table.horizontalHeader()
        self._fitting = True
        try:
            # the last column stretches only when everything fits: stretched, it would be cut to fill what is left
            header.setStretchLastSection(self._stretches() and sum(widths.values()) <= room)
            for column, width in widths.items():
                header.resizeSection(column, width)
        finally:
            self._fitting = False

    def _stretches(self) -> bool:
        """Whether the last column takes the spare width: only in a table without a rest column."""
        return self.stretch and self.rest is None

    def text_width(self, text: str) -> int:
        """`text`'s width in one of the table's cells, measured as the table measures its rows (the cell's padding
        and the grid line included)."""
        option = QStyleOptionViewItem()
        option.font, option.fontMetrics = self.table.font(), QFontMetrics(self.table.font())
        option.text = text
        option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
        size = self.table.style().sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, option, QSize(), self.table)
        return size.width() + (1 if self.table.showGrid() else 0)

    def _content(self, column: int) -> int:
        text = self.sample(column) if self.sample is not None else None
        return self.text_width(text) if text is not None else self.table.sizeHintForColumn(column)

    def _natural(self, content: dict[int, int]) -> dict[int, int]:
        """Each column as wide as its content or its title, whichever is wider, and the air beside them."""
        header = self.table.horizontalHeader()
        arrow = header.isSortIndicatorShown()
        header.setSortIndicatorShown(False)  # Qt measures every title with the arrow's room
        titles = {c: header.sectionSizeHint(c) for c in content}
        header.setSortIndicatorShown(arrow)
        if arrow and header.sortIndicatorSection() in titles:
            titles[header.sortIndicatorSection()] = header.sectionSizeHint(header.sortIndicatorSection())
        return {c: max(width, titles[c]) + self.air for c, width in content.items()}

    def _widths(self, room: int) -> tuple[dict[int, int], bool]:
        """The columns' widths and whether with the narrow titles: the usual titles if the columns fit with them,
        else the narrow ones; each first at their natural widths (the rest column down to its least), then without
        the air beside the text, then squeezed."""
        tries = [(self.natural, False)] + ([(self.natural_narrow, True)] if self.natural_narrow else [])
        for natural, narrow in tries:
            widths = {**natural, **self.dragged}
            if sum(widths.values()) <= room:
                return self._spread(widths, room), narrow
            rest = self._least_width(self.rest) if self.rest in natural else 0
            others = {column: width for column, width in widths.items() if column != self.rest}
            if sum(others.values()) + rest <= room:
                return self._with_rest(others, room, rest), narrow
            # the air goes before any text is cut (the cell keeps its own padding): 指标矩阵's fourteen status
            # columns show three more in 长者模式 on a 1366-pixel laptop, 数据完整性's 需关注 seven more characters
            airless = {column: width - self.air for column, width in natural.items() if column != self.rest}
            for least in [self.first, self.least] if self.first is not None else [self.least]:
                others = self._squeezed(airless, room - rest, least)
                if sum(others.values()) + rest <= room:
                    return self._with_rest(others, room, rest), narrow
        return self._with_rest(others, room, rest), narrow  # the last try, squeezed: the table scrolls sideways

    def _spread(self, widths: dict[int, int], room: int) -> dict[int, int]:
        """`widths` that fit `room`, the spare width given to the columns that show a longer text whole (each by
        its share), then to the rest column."""
        growth = {column: width - widths[column] for column, width in self.wide.items()
                  if column in widths and column not in self.dragged and width > widths[column]}
        for column, step in _shares(growth, room - sum(widths.values())).items():
            widths[column] += step
        if self.rest not in widths:
            return widths
        # the rest column gives back the pixel each share was rounded up by
        return self._with_rest({c: w for c, w in widths.items() if c != self.rest}, room, self._least_width(self.rest))

    def _with_rest(self, others: dict[int, int], room: int, least: int) -> dict[int, int]:
        """`others` and the rest column (when the table has one) with what they leave of `room`, at least `least`."""
        if self.rest not in self.natural:
            return others
        return {**others, self.rest: max(least, room - sum(others.values()))}

    def _squeezed(self, natural: dict[int, int], room: int, least_of: Least) -> dict[int, int]:
        """The widths: `natural`'s, the user's dragged ones, and when they exceed `room` the squeezable columns
        narrowed in proportion to what each can give (down to `least_of`'s width)."""
        widths = {**natural, **self.dragged}
        spare = {}
        for column, width in widths.items():
            least = None if column in self.dragged else self._least_width(column, least_of)
            if least is not None and width > least:
                spare[column] = width - least
        for column, give in _shares(spare, sum(widths.values()) - room).items():
            widths[column] -= give
        return widths

    def _least_width(self, column: int, least_of: Least | None = None) -> int | None:
        """The least width of `column` in pixels (as `least_of` says, else `least`); None: always whole (the rest
        column then keeps its natural width)."""
        least = (least_of or self.least)(column)
        if isinstance(least, str):  # and the pixel its advance may be rounded down by, which the table's eliding
            return self.text_width(least) + 1  # counts: "2026-01-31…" at its own width drew "2026-01-3…"
        if least is None:
            return self.natural.get(column) if column == self.rest else None
        return em(self.table, least)

    def _show_titles(self, narrow: bool) -> None:
        if self.titles is not None and narrow != self.narrow:
            self.narrow = narrow
            self.titles(narrow)

    def _resized(self, column: int, _old: int, width: int) -> None:
        """A column the user dragged keeps its width; the others fit again around it (the rest column, or the last
        when it stretches, are the table's to size)."""
        header = self.table.horizontalHeader()
        if self._fitting or column == self.rest or (self._stretches() and column == header.count() - 1):
            return
        self.dragged[column] = width
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport and event.type() == QEvent.Type.Resize and self.natural:
            self.fit()
        elif watched is self.table and event.type() == QEvent.Type.FontChange:
            self.dragged = {}  # a new size of text: widths in pixels of the old one would cut the text or waste room
            self.refit()
        return False


def _shares(changes: dict[int, int], amount: int) -> dict[int, int]:
    """`amount` pixels shared among the columns of `changes` (column -> how far it may change), each by its share
    and at most by its own change."""
    total = sum(changes.values())
    if amount <= 0 or not total:
        return {}
    return {column: min(change, change * amount // total + 1) for column, change in changes.items()}


class _TightCells(QProxyStyle):
    """The application's style with each cell's text a pixel nearer the grid on either side (Fusion: 2, not 3)."""

    def pixelMetric(self, metric, option=None, widget=None) -> int:
        value = super().pixelMetric(metric, option, widget)
        return max(0, value - 1) if metric == QStyle.PixelMetric.PM_FocusFrameHMargin else value


def tight_cells(table: QTableView) -> None:
    """Cells a pixel narrower on either side, measured and drawn alike: for a grid of short words on colour
    (指标矩阵's statuses), where two pixels a column make the last column fit."""
    app_style = QApplication.style()  # the program's is a proxy (fonts.TextScaledStyle), whose name() is ''
    base = app_style.baseStyle() if isinstance(app_style, QProxyStyle) else app_style
    style = _TightCells(base.name())
    style.setParent(table)
    table.setStyle(style)
