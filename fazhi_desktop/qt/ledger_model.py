"""A ledger's list as a Qt table model that stays fast at 100,000 records.

The model holds only the integer row keys of the list (from `Store.query_rids`) and fetches the records of a page
(`Store.rows`) when the view first displays one of its rows. A bounded number of pages is cached, so memory stays
flat however long the list is. A record late today (core/overdue.py: a deadline passed with nothing concluded)
shows “逾期·” before its status, in orange, its tooltip saying which deadline: only the forms' `overdue` checks are
asked, a date compare a row of the page read. A draft the 所长 sent back (reopened with a reason, core/sent_back.py)
shows “草稿·退回”, in orange too, its tooltip saying who sent it back, when and why: one query of the change log a
page. A record a damaged file no longer holds as text shows as “（已损坏）”
(its number where that can be read), and `damage_found` says so once: `data()` never raises, for it runs inside
paint events.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from dataclasses import dataclass, replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from fazhi_desktop.core import overdue, search, sent_back
from fazhi_desktop.core.damaged import DAMAGED, DamagedRecords
from fazhi_desktop.core.failures import DatabaseDamaged
from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.core.store import ListQuery, Record, Store
from fazhi_desktop.qt.common import as_typed
from fazhi_desktop.qt.display import cell_text, is_numeric

_Index = QModelIndex | QPersistentModelIndex
LATE_COLOUR = "#b35c00"  # the editor's orange, in which it says the same 逾期 (an advisory warning)


@dataclass
class _Page:
    records: list[Record | None]
    texts: list[tuple[str, ...]]
    #: per row, what the form's `overdue` checks say of its record today ([] for one not late)
    late: list[list[str]]
    #: per row, who sent its draft back, when and why (None for any other record)
    sent: list[sent_back.Reopening | None]


class LedgerTableModel(QAbstractTableModel):
    """Rows = the ledger's live records matching the query; columns = the form's `list_columns`.

    With `townships` (code -> name; the county, whose lists hold every township's records) the township's name is
    the first column, so that two townships' 〔2026〕会记字第6号 can be told apart; sorted, it is in the division list's
    order (by code).
    """

    #: records of a page cannot be read (a damaged file): what to tell the user. Emitted while a view paints, so
    #: connect it queued (a message box opened inside a paint event stacked up, one for every repaint)
    damage_found = Signal(str)

    PAGE_SIZE = 100
    MAX_PAGES = 20

    def __init__(self, store: Store, ledger: LedgerDef, parent=None, townships: dict[str, str] | None = None):
        super().__init__(parent)
        self.store, self.ledger = store, ledger
        self.townships = townships
        self.columns = ("township", *ledger.list_columns) if townships is not None else ledger.list_columns
        #: the column that says 逾期: the status, else the last
        self.late_column = self.columns.index("status") if "status" in self.columns else len(self.columns) - 1
        self._late_checks = bool(overdue.checks_of(ledger))
        self.query = ListQuery(ledger.name, sort=ledger.date_field, descending=True)
        self._rids = array("q")
        self._pages: OrderedDict[int, _Page] = OrderedDict()
        self._damage_told = False
        self.refresh()

    # -- what to show ----------------------------------------------------------------------------------------

    def set_filters(self, *, year: int | None = None, status: str | None = None, text: str = "",
                    late: bool = False, sent: bool = False, township: str | None = None,
                    entered_by: str | None = None) -> None:
        """`late`: only the records overdue today (the status filter's 逾期); `sent`: only the drafts sent back
        (its 退回待改); `township`: at the county, one township's records (its code); `entered_by`: one account's
        (登记人)."""
        self.set_query(replace(self.query, year=year, status=status, text=text.strip(), overdue=late, sent_back=sent,
                               township=township, entered_by=entered_by))

    def set_query(self, query: ListQuery) -> None:
        if query != self.query:
            self.query = query
            self.refresh()

    def refresh(self) -> None:
        """Run the query again (after a save, a delete or a filter change); pages are fetched anew."""
        self.beginResetModel()
        self._rids = array("q", self.store.query_rids(self.query))
        self._pages.clear()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(self.columns):
            descending = order == Qt.SortOrder.DescendingOrder
            self.set_query(replace(self.query, sort=self.columns[column], descending=descending))

    def sort_column(self) -> int:
        sort = self.query.sort or self.ledger.date_field
        return self.columns.index(sort) if sort in self.columns else -1

    # -- Qt model interface ----------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role in (Qt.ItemDataRole.DisplayRole,
                                                                 Qt.ItemDataRole.ToolTipRole):
            return self.ledger.column_label(self.columns[section])  # the tooltip: whole when the header is elided
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            page = self._page(index.row())
            text = page.texts[index.row() % self.PAGE_SIZE][index.column()]
            if role == Qt.ItemDataRole.ToolTipRole:  # a squeezed column shows four characters (ledger_view.py)
                found = self._found_in(page.records[index.row() % self.PAGE_SIZE])
                late, sent = ([], None) if index.column() != self.late_column \
                    else (page.late[index.row() % self.PAGE_SIZE], page.sent[index.row() % self.PAGE_SIZE])
                said = (sent.said(),) if sent is not None else ()
                tip = "\n".join(part for part in (text if len(text) > 4 else "", found, *late, *said) if part)
                return as_typed(tip) if tip else None
            return text
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == self.late_column:
            page, at = self._page(index.row()), index.row() % self.PAGE_SIZE
            sent = page.sent[at]  # 草稿·所长修改 waits on nobody else: not orange
            return QColor(LATE_COLOUR) if page.late[at] or (sent is not None and not sent.own_fix) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and is_numeric(self.ledger, self.columns[index.column()]):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # -- records behind the rows -----------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self._rids)

    def total_in_other_years(self) -> int:
        """Filtered by a year, how many records the same search and status find in the other years; else 0. One
        query, for the empty list only ("没有符合条件的记录" must not read as "nowhere")."""
        if self.query.year is None:
            return 0
        return len(self.store.query_rids(replace(self.query, year=None))) - self.total

    def totals_in_other_ledgers(self) -> list[tuple[str, int]]:
        """Searched, the other ledgers (label, count) in which the same search finds records, of any year and
        status (of the township chosen, at the county); for the empty list only: 〔2025〕会记字第3号 looked for in
        调解案件 is a meeting's number."""
        if not self.query.text or not all(map(search.has_words, self.query.text.split())):
            return []  # 马 ¶: each other ledger would read every record holding a 马 to look for the ¶
        counts = ((other.label, len(self.store.query_rids(ListQuery(other.name, text=self.query.text,
                                                                    township=self.query.township))))
                  for other in self.store.ledgers.values() if other.name != self.ledger.name)
        return [(label, count) for label, count in counts if count]

    def record_at(self, row: int) -> Record | None:
        if not 0 <= row < len(self._rids):
            return None
        return self._page(row).records[row % self.PAGE_SIZE]

    def rid_at(self, row: int) -> int | None:
        return self._rids[row] if 0 <= row < len(self._rids) else None

    def row_of_rid(self, rid: int | None) -> int:
        if rid is None:
            return -1
        try:
            return self._rids.index(rid)
        except ValueError:
            return -1

    def row_of_id(self, record_id: str, pages: int = 3) -> int:
        """The row showing a record id: looked up in cached pages, then in the first `pages` pages of the list."""
        for number, page in list(self._pages.items()):
            for offset, record in enumerate(page.records):
                if record is not None and record.id == record_id:
                    return number * self.PAGE_SIZE + offset
        for number in range(min(pages, self._page_count())):
            if number in self._pages:
                continue
            for offset, record in enumerate(self._page(number * self.PAGE_SIZE).records):
                if record is not None and record.id == record_id:
                    return number * self.PAGE_SIZE + offset
        return -1

    def _cell(self, record: Record, column: str, mark: str = "", late: bool = False,
              sent: sent_back.Reopening | None = None) -> str:
        """`mark`: at the county, "不计入" (a version its township no longer has) or "重装前" (of an earlier install
        of its township, whose numbers the new one gives again), after the status (core/bundle/lost.py); `late`:
        the record is overdue today, said first in `late_column` (逾期·已提交: a status column squeezed to the width of
        所长已审核 still shows it, and the rest of the text is in its tooltip); `sent`: the draft was sent back, said
        after its status there (草稿·退回)."""
        if column == "township" and self.townships is not None:
            return self.townships.get(record.township, record.township)
        text = cell_text(self.ledger, record, column, mark)
        if column != self.columns[self.late_column]:
            return text
        text = sent_back.mark(text, sent)
        return overdue.marked(text, late)

    def _late(self, records: list[Record | None]) -> list[list[str]]:
        """What the form's `overdue` checks say of each record of a page today (by the program's clock)."""
        if not self._late_checks:
            return [[] for _ in records]
        lookups = self.store.lookups()  # one a page: today is asked once
        return [overdue.said(self.ledger, r.values, lookups) if r else [] for r in records]

    def _found_in(self, record: Record | None) -> str:
        """Searched, where the search found the record of a row the pointer rests on (在“请假/缺席人员”中找到: 李强
        finds the meetings he missed as those he attended); asked for that row alone, when its tooltip shows."""
        if not self.query.text or record is None:
            return ""
        labels = self.store.found_in(record, self.query.text, self.query.year)
        return f"在{'、'.join(f'“{label}”' for label in labels)}中找到" if labels else ""

    def _tell_damage(self, text: str) -> None:
        """Once for this list: the rows stay marked, and the file's damage is news only the first time."""
        if not self._damage_told:
            self._damage_told = True
            self.damage_found.emit(text)

    def _damaged_cells(self, number: str | None) -> tuple[str, ...]:
        """A record that cannot be read: its number where that can be, “（已损坏）” in every other column."""
        return tuple(number if column == "number" and number else DAMAGED for column in self.columns)

    def _page_count(self) -> int:
        return (len(self._rids) + self.PAGE_SIZE - 1) // self.PAGE_SIZE

    def _page(self, row: int) -> _Page:
        number = row // self.PAGE_SIZE
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        rids = self._rids[number * self.PAGE_SIZE : (number + 1) * self.PAGE_SIZE].tolist()
        unreadable: dict[int, str | None] = {}
        try:
            by_rid = self.store.rows(self.ledger.name, rids)
        except DamagedRecords as exc:  # a damaged file: the others are shown, these marked (never an error in a paint)
            by_rid, unreadable = exc.readable, exc.unreadable
            self._tell_damage(str(exc))
        except DatabaseDamaged as exc:  # SQLite cannot read the page at all
            by_rid, unreadable = {}, dict.fromkeys(rids)
            self._tell_damage(str(exc))
        # a key without a row (deleted elsewhere since the query) shows as an empty line until the next refresh
        records = [by_rid.get(r) for r in rids]
        blank = ("",) * len(self.columns)
        # at the county (core/bundle/lost.py)
        marks = self.store.county_marks([r.id for r in records if r]) if self.townships is not None else {}
        late = [[] if r and r.id in marks else said  # 重装前 or 不计入: never late (core/overdue.py)
                for r, said in zip(records, self._late(records), strict=True)]
        # at a township: the drafts sent back (the county's lists show the townships' records as they were sent)
        reopened = sent_back.reopenings(self.store, records) if self.townships is None else {}
        sent = [reopened.get(r.id) if r else None for r in records]
        texts = [tuple(self._cell(r, c, marks.get(r.id, ""), bool(said), back) for c in self.columns) if r
                 else self._damaged_cells(unreadable[rid]) if rid in unreadable else blank
                 for r, rid, said, back in zip(records, rids, late, sent, strict=True)]
        page = _Page(records, texts, late, sent)
        self._pages[number] = page
        while len(self._pages) > self.MAX_PAGES:
            self._pages.popitem(last=False)
        return page
