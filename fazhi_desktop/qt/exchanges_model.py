"""数据包记录's rows as a Qt table model that reads them a page at a time, as the view first shows one.

A county of 18 townships sending weekly holds thousands of bundles after a few years: a table of items made for
every one of them took 1.3-2.4 s to open at 4,700 and grew with each import. The model holds the count and a bounded
number of pages (core/bundle/exchanges.py reads one in an index step), so opening costs the same at 20,000.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from fazhi_desktop.qt.common import as_typed

_Index = QModelIndex | QPersistentModelIndex
#: (offset, limit) -> the bundles of those rows, newest first
Read = Callable[[int, int], Sequence[Any]]


class BundlesModel(QAbstractTableModel):
    """Rows = `count` bundles, read by `read`; each bundle's cells are `texts(bundle)` under `headers`. A cell's
    tooltip is its text (the whole of a cut one); `shown` may show a column's text otherwise (乡镇: the name, the
    code in the tooltip); the columns in `numbers` are right-aligned."""

    PAGE_SIZE = 100
    MAX_PAGES = 20

    def __init__(self, headers: Sequence[str], numbers: set[str], texts: Callable[[Any], list[str]],
                 shown: Callable[[int, str], str] | None = None, parent=None):
        super().__init__(parent)
        self.headers, self.numbers, self.texts, self.shown = tuple(headers), numbers, texts, shown
        self._count, self._read = 0, None
        self._pages: OrderedDict[int, list[tuple[Any, list[str]]]] = OrderedDict()

    def show(self, count: int, read: Read) -> None:
        """Show `count` bundles that `read` reads (after a township was chosen: anew)."""
        self.beginResetModel()
        self._count, self._read = count, read
        self._pages.clear()
        self.endResetModel()

    def bundle_at(self, row: int) -> Any | None:
        return self._row(row)[0] if 0 <= row < self._count else None

    def text(self, row: int, column: int) -> str:
        return self._row(row)[1][column]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            text = self.text(index.row(), column)
            return self.shown(column, text) if self.shown is not None else text
        if role == Qt.ItemDataRole.ToolTipRole:
            return as_typed(self.text(index.row(), column))
        if role == Qt.ItemDataRole.TextAlignmentRole and self.headers[column] in self.numbers:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _row(self, row: int) -> tuple[Any, list[str]]:
        number = row // self.PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            bundles = self._read(number * self.PAGE_SIZE, self.PAGE_SIZE) if self._read is not None else []
            page = [(bundle, self.texts(bundle)) for bundle in bundles]
            self._pages[number] = page
            while len(self._pages) > self.MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        at = row % self.PAGE_SIZE
        # a page read short (rows gone since the list was read: the program removes none) shows blank rows
        return page[at] if at < len(page) else (None, [""] * len(self.headers))
