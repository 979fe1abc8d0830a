"""One ledger's list: search as you type, year, status and 登记人 filters (and 逾期, in a ledger with deadlines; 乡镇
at the county), sortable columns, open with Enter."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core import divisions, overdue, search, sent_back
from fazhi_desktop.core.forms import STATUS_LABELS, LedgerDef
from fazhi_desktop.core.history import account_names, actor_label
from fazhi_desktop.core.indicators import township_list
from fazhi_desktop.core.places import BUNDLE_IMPORT
from fazhi_desktop.core.store import Record, Store
from fazhi_desktop.qt.common import SearchEdit
from fazhi_desktop.qt.hints import hint_label
from fazhi_desktop.qt.ledger_model import LedgerTableModel
from fazhi_desktop.qt.table_fit import ColumnFitter

SEARCH_DELAY_MS = 150
ALL_YEARS = "全部年份"
ALL_STATUSES = "全部状态"
ALL_TOWNSHIPS = "全部乡镇"
ALL_ENTERED = "全部登记人"
#: what an empty list says of a search of punctuation only (〔, （, 、), which looks for nothing
PUNCTUATION_ONLY = "搜索框中只有标点符号，没有可查找的文字：请输入姓名、事项或编号中的汉字、字母或数字。"
#: ... and of one of Latin letters only that finds nothing (mawen: an input method left in English)
PINYIN = "输入的是拼音字母？请切换到中文输入法。"
#: the status filter's last choice in a ledger whose form has `overdue` checks: its data, and its tooltip
LATE = "overdue"
LATE_TIP = "只列出期限已过而尚未办结的记录（按本机今天），每条的状态前标“逾期·”，悬停可见是哪个期限"
#: the status filter's choice of the drafts sent back (core/sent_back.py), at a township
SENT = "sent_back"
#: the longest text a column of each kind usually shows, to size it before any row is read
_SAMPLE_TEXT = {
    "date": "2026-03-05", "datetime": "2026-03-05 09:30", "time": "09:30",
    "person": "欧阳小明", "boolean": "是", "integer": "1234", "decimal": "1234.5", "phone": "139****5678",
}
#: a choice column's usual width shows this much of its longest choice ("乡镇行政会议(政府…")
_MAX_CHOICE_CHARS = 9
#: ... and a list with room to spare shows the longest choice whole, up to this many characters
CHOICE_WHOLE_CHARS = 16
#: columns whose values a narrow list never cuts (the rest may end in "…", down to SQUEEZED_CHARS): 编号, 乡镇 and
#: 状态 are not fields; a number's title wider than its numbers may still give up its width (`_NUMBERS`)
_NEVER_SQUEEZED = frozenset({"date", "datetime", "time", "integer", "decimal"})
_NUMBERS = frozenset({"integer", "decimal"})  # their titles may give up width, never their numbers
SQUEEZED_CHARS = 4
#: the title column takes the room the others leave, but not less than this: below it the list scrolls sideways
#: (at 16, 长者模式 on a 1366-pixel screen pushed 状态 off the edge of every ledger with room for 12; at 8, 投诉举报 of
#: 各乡镇台账 in 长者模式 at 150 % ran 14 pixels off once its hint took the larger text too)
TITLE_MIN_CHARS = 7
#: what a title usually needs ("2026年第3次法治政府建设专题研究部署会议"): beyond it, spare width first shows the
#: choices whole, then goes to the title
TITLE_NEED_CHARS = 20


class LazyCombo(QComboBox):
    """`everything` (全部年份) and the choices the records hold: the years that have records, the accounts that
    entered them. Read when the clerk opens the list, not at every refresh: finding them scans the whole ledger,
    which at 100,000 records costs more than showing the page. `choices`: (text, data) pairs."""

    def __init__(self, everything: str, choices: Callable[[], list[tuple[str, object]]]):
        super().__init__()
        self._everything, self._choices, self._stale = everything, choices, True
        self.addItem(everything, None)

    def mark_stale(self) -> None:
        self._stale = True

    def load(self) -> None:
        if not self._stale:
            return
        self._stale = False
        chosen = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.addItem(self._everything, None)
        for text, data in self._choices():
            self.addItem(text, data)
        self.setCurrentIndex(max(0, self.findData(chosen)))
        self.blockSignals(False)
        if self.currentData() != chosen:  # that year has no records left: the list shows all years again
            self.currentIndexChanged.emit(self.currentIndex())

    def showPopup(self) -> None:
        self.load()
        super().showPopup()

    def focusInEvent(self, event) -> None:
        self.load()  # keyboard users change the year with the arrow keys, without opening the list
        super().focusInEvent(event)

    def wheelEvent(self, event) -> None:
        self.load()
        super().wheelEvent(event)


class StatusCombo(QComboBox):
    """The status filter of a ledger's records: 全部状态 and each status; at a township 退回待改 (the drafts sent
    back, core/sent_back.py: the county's records are the townships' as sent); in a ledger with deadlines 逾期
    (core/overdue.py). The ledger lists' and the county's 各乡镇台账's, whose ledger changes (`set_ledger`)."""

    def __init__(self, ledger: LedgerDef, county: bool):
        super().__init__()
        self.county = county
        self.setAccessibleName("状态")
        self.set_ledger(ledger)

    def set_ledger(self, ledger: LedgerDef) -> None:
        """The choices of `ledger`, the one chosen kept where it has it (逾期 of 投诉举报 becomes 全部状态 at 会议).
        Signals nothing: the list is filtered again by whoever changed the ledger."""
        chosen = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.addItem(ALL_STATUSES, None)
        for status, label in STATUS_LABELS.items():
            self.addItem(label, status)
        extra = [] if self.county else [(sent_back.FILTER, SENT, sent_back.FILTER_TIP)]
        extra += [(overdue.MARK, LATE, LATE_TIP)] if overdue.checks_of(ledger) else []
        for label, data, tip in extra:
            self.addItem(label, data)
            self.setItemData(self.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self.setCurrentIndex(max(0, self.findData(chosen)))
        self.blockSignals(False)

    def filters(self) -> dict[str, str | bool | None]:
        """What the choice asks of the list (`LedgerTableModel.set_filters`' status, late and sent)."""
        chosen = self.currentData()
        return {"status": None if chosen in (LATE, SENT) else chosen, "late": chosen == LATE, "sent": chosen == SENT}


class LedgerView(QWidget):
    """Emits `open_requested(Record)` on double-click or Enter, `new_requested()` for 新建记录."""

    open_requested = Signal(object)
    new_requested = Signal()

    def __init__(self, store: Store, ledger: LedgerDef, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.ledger = store, ledger
        self.model = LedgerTableModel(store, ledger, self, townships=divisions.names() if store.is_county else None)
        self._build()
        self._show_count()

    def _build(self) -> None:
        self.search = SearchEdit("搜索：姓名、事项、编号……（Ctrl+F）", "搜索：姓名、事项、编号……",
                                 "搜索姓名、事项、编号", "搜索（Ctrl+F）", "搜索")
        self.search.setAccessibleName("搜索")
        self.year_combo = LazyCombo(ALL_YEARS, lambda: [(f"{y}年", y) for y in self.store.years(self.ledger.name)])
        self.year_combo.setAccessibleName("年份")  # a screen reader said only 全部年份, not what it chooses
        #: whose records (人员交接: what the one leaving entered), by 登记人
        self.entered_combo = LazyCombo(ALL_ENTERED, self._entered_by)
        self.entered_combo.setAccessibleName("登记人")
        self.entered_combo.setToolTip("只列出某人登记的记录（例如人员交接时，看离岗的人登记了哪些）")
        self.status_combo = StatusCombo(self.ledger, self.store.is_county)
        #: at the county, one township's records (the county's lists hold every township's, as sent)
        self.township_combo: QComboBox | None = None
        if self.store.is_county:
            self.township_combo = QComboBox()
            self.township_combo.setAccessibleName("乡镇")
            self._load_townships()
        self.new_button = QPushButton("新建记录")
        self.new_button.setToolTip("新建一条记录（Ctrl+N）")
        self.export_button = QPushButton("导出…")
        self.export_button.setToolTip("把当前列表（按搜索、年份、状态、登记人和排序）导出为 Excel 或 CSV 文件"
                                      "（Ctrl+E）")
        self.count_label = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        if self.township_combo is not None:
            bar.addWidget(self.township_combo)
        bar.addWidget(self.year_combo)
        bar.addWidget(self.status_combo)
        bar.addWidget(self.entered_combo)
        bar.addWidget(self.count_label)
        bar.addWidget(self.export_button)
        bar.addWidget(self.new_button)

        self.table = QTableView()
        self.table.setAccessibleName(f"{self.ledger.label}列表")  # the list a screen reader reached, said as 表格 alone
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # several rows (Shift or Ctrl and a click, Ctrl+A) for 文件 → 打印所选记录; the other record actions take
        # one record, and are off while more are selected (`selected_record`)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (to the navigation); the arrows move in it
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # "司法所所长…", not clipped on both sides
        # sorted here, not by the view's own sorting (which reset the list and lost the selected record)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(self.model.sort_column(), Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self._sort)
        columns = self.model.columns
        sample = column_sample if self.store.is_county else late_sample
        self.fitter = ColumnFitter(
            self.table, lambda column: column_least(self.ledger, columns[column]),
            sample=lambda column: sample(self.ledger, columns[column]),
            whole=lambda column: whole_choice(self.ledger, columns[column]), rest=title_column(self.ledger, columns))
        self.fitter.refit()
        self._size_rows()
        self.empty_label = hint_label()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filters)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._focus_first_row)
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search, context=Qt.ShortcutContext.WidgetShortcut)
        down.activated.connect(self._focus_first_row)  # from the search box straight into the list, as Enter does
        self.year_combo.currentIndexChanged.connect(self._apply_filters)
        self.status_combo.currentIndexChanged.connect(self._apply_filters)
        self.entered_combo.currentIndexChanged.connect(self._apply_filters)
        if self.township_combo is not None:
            self.township_combo.currentIndexChanged.connect(self._apply_filters)
        self.new_button.clicked.connect(self.new_requested)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.table, context=Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda: self._open_row(self.table.currentIndex().row()))
        self.model.modelReset.connect(self._show_count)

    # -- filters ---------------------------------------------------------------------------------------------

    def _apply_filters(self) -> None:
        self._search_timer.stop()
        self._keeping_selection(lambda: self.model.set_filters(
            year=self.year_combo.currentData(), text=self.search.text(), **self.status_combo.filters(),
            entered_by=self.entered_combo.currentData(),
            township=self.township_combo.currentData() if self.township_combo is not None else None))

    def _entered_by(self) -> list[tuple[str, object]]:
        """The accounts that entered this ledger's live records, as the history names them ("admin（系统管理员）")."""
        names = account_names(self.store)
        return [(actor_label(name, names), name) for name in self.store.entered_by(self.ledger.name)]

    def _load_townships(self) -> None:
        """全部乡镇 and the county's townships (those of the division list and any that sent records), the one chosen
        kept (read again after an import)."""
        combo = self.township_combo
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(ALL_TOWNSHIPS, None)
        for township in township_list(self.store):
            combo.addItem(township.name, township.code)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
        combo.blockSignals(False)

    def show_late(self) -> None:
        """Only the records overdue today, of every year (the 指标 page's 逾期 link)."""
        self.search.clear()
        for combo, data in ((self.year_combo, None), (self.status_combo, LATE)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(data)))
            combo.blockSignals(False)
        self._apply_filters()

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        """A click on a column's header: the list in that order, the record selected before still selected."""
        self._keeping_selection(lambda: self.model.sort(column, order))

    def _keeping_selection(self, change: Callable[[], None]) -> None:
        """Run `change` (a filter or the order), then select the record selected before and scroll to it, if the
        list still holds it."""
        rid = self._selected_rid()
        change()
        self._select_row(self.model.row_of_rid(rid))

    def _show_count(self) -> None:
        total = self.model.total
        self.count_label.setText(f"共 {total} 条")
        filtered = bool(self.search.text().strip() or self.year_combo.currentData() or self.status_combo.currentData()
                        or self.model.query.township or self.model.query.entered_by)
        if total:
            self.empty_label.hide()
        else:
            if filtered:
                text = empty_list_text(self.model)
            elif self.store.is_county:
                text = f"还没有收到{self.ledger.label}记录。各乡镇的记录用“{BUNDLE_IMPORT}”导入。"
            else:
                text = f"还没有{self.ledger.label}记录。点击“新建记录”或按 Ctrl+N 开始登记。"
            self.empty_label.setText(text)
            self.empty_label.show()

    # -- selection and opening -------------------------------------------------------------------------------

    def selected_record(self) -> Record | None:
        """The record of the one row selected; None with none, or with several (open, copy, delete and history
        act on one record, and which of several was meant cannot be told)."""
        ranges = self._selected_ranges()
        single = len(ranges) == 1 and ranges[0][0] == ranges[0][1]
        return self.model.record_at(ranges[0][0]) if single else None

    def selected_count(self) -> int:
        """How many rows are selected."""
        return sum(last - first + 1 for first, last in self._selected_ranges())

    def selected_records(self) -> list[Record]:
        """The selected records in the list's order (a row deleted elsewhere meanwhile is left out)."""
        rows = [row for first, last in self._selected_ranges() for row in range(first, last + 1)]
        return [record for record in map(self.model.record_at, rows) if record is not None]

    def _selected_ranges(self) -> list[tuple[int, int]]:
        """The selected rows as (first, last) ranges, in the list's order. By ranges, never selectedRows(), which
        makes an index per row: after Ctrl+A on the county's 100,000 records each selection change took seconds."""
        return sorted((r.top(), r.bottom()) for r in self.table.selectionModel().selection() if r.left() == 0)

    def _first_selected_row(self) -> int:
        ranges = self._selected_ranges()
        return ranges[0][0] if ranges else -1

    def _selected_rid(self) -> int | None:
        return self.model.rid_at(self._first_selected_row())

    def _select_row(self, row: int) -> None:
        if row < 0:
            return
        index = self.model.index(row, 0)
        # this row alone, whatever keys are held: the view's own selectRow would add to the rows selected or take
        # this one out while Ctrl is down (Ctrl+N just pressed, the new record saved)
        flags = QItemSelectionModel.SelectionFlag
        self.table.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.table.scrollTo(index)

    def _open_row(self, row: int) -> None:
        record = self.model.record_at(row)
        if record is not None:
            self.open_requested.emit(record)

    def _focus_first_row(self) -> None:
        if self._search_timer.isActive():  # typed just now: the list follows the search box first
            self._apply_filters()
        if self.model.total:
            self._select_row(0)
            self.table.setFocus()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self, select_id: str | None = None) -> None:
        """Read the list again (after a save or delete), keeping the selected record, or selecting `select_id`.
        When the selected record is gone (deleted), the row that took its place is selected."""
        rid = self._selected_rid()
        old_row = self._first_selected_row()
        self.year_combo.mark_stale()
        self.entered_combo.mark_stale()
        if self.township_combo is not None:
            self._load_townships()
        self.model.refresh()
        row = self.model.row_of_id(select_id) if select_id else self.model.row_of_rid(rid)
        if row < 0 and old_row >= 0:
            row = min(old_row, self.model.total - 1)
        self._select_row(row)

    # -- look ------------------------------------------------------------------------------------------------

    def _size_rows(self) -> None:
        metrics = self.fontMetrics()
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + metrics.height() // 2 + 4)

    def hideEvent(self, event) -> None:
        # a search still waiting for its pause runs now, so list and search box agree when the page comes back
        # (and no timer fires later against a database that was closed meanwhile)
        if self._search_timer.isActive():
            self._apply_filters()
        super().hideEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._size_rows()  # the columns: the fitter


def empty_list_text(model: LedgerTableModel) -> str:
    """What a list filtered to nothing says (the ledger lists and the county's 各乡镇台账): that a search of
    punctuation only looks for nothing; else where the same search finds records (other years, other ledgers), and
    that Latin letters alone are likely Pinyin typed with the input method in English."""
    typed = model.query.text
    if typed and not search.has_words(typed):
        return PUNCTUATION_ONLY
    notes = [f"其他年份有 {elsewhere} 条"] if (elsewhere := model.total_in_other_years()) else []
    notes += [f"{label}中有 {count} 条" for label, count in model.totals_in_other_ledgers()]
    text = f"没有符合条件的记录（{'；'.join(notes)}）。" if notes else "没有符合条件的记录。"
    return text + PINYIN if search.is_latin(typed) else text


# -- how a list of a ledger's records fits its columns (the ledger lists and the county's 各乡镇台账) ----------------


def title_column(ledger: LedgerDef, columns: Sequence[str]) -> int | None:
    """The column that takes the width the others leave (`ColumnFitter`'s rest): the title, when listed."""
    return columns.index(ledger.title_field) if ledger.title_field in columns else None


def column_sample(ledger: LedgerDef, column: str) -> str:
    """The longest text `column` usually shows, to size it before any row is read."""
    if column == ledger.title_field:
        return "一" * TITLE_NEED_CHARS
    if column == "number":
        numbering = ledger.numbering
        prefix = max(sorted(numbering.given_prefixes), key=len)
        return numbering.render(2026, prefix, 999)
    if column == "status":
        return max(STATUS_LABELS.values(), key=len)
    if column == "township":
        return "一二三四"  # 海城街道, 李旺镇, 贾塘乡
    f = ledger.field(column)
    if f.type in ("choice", "multichoice"):
        return max(f.choices, key=len)[:_MAX_CHOICE_CHARS]
    return _SAMPLE_TEXT.get(f.type, "一二三四五六")


def late_sample(ledger: LedgerDef, column: str) -> str:
    """`column_sample` of a township's list, its 状态 with room for the longest mark a cell there shows: a reopened
    draft's (草稿·所长修改, core/sent_back.py, was cut to 草稿·所长…), and a late record's “逾期·” before it in a
    ledger with deadlines (逾期·草稿·所长修改, core/overdue.py). Not at the county, whose lists and 各乡镇台账 keep
    状态 to the width of 所长已审核, alike, to leave the title its room (the cell's tooltip says the whole)."""
    if column != "status":
        return column_sample(ledger, column)
    draft = STATUS_LABELS["draft"]
    shown = [*STATUS_LABELS.values(), sent_back.marked(draft, own_fix=True), sent_back.marked(draft, own_fix=False)]
    if overdue.checks_of(ledger):
        shown += [overdue.marked(text, late=True) for text in shown]
    return max(shown, key=len)


def whole_choice(ledger: LedgerDef, column: str) -> str | None:
    """A choice column's longest choice, up to CHOICE_WHOLE_CHARS characters; None for other columns."""
    if column not in ledger.field_names or ledger.field(column).type not in ("choice", "multichoice"):
        return None
    return max(ledger.field(column).choices, key=len, default="")[:CHOICE_WHOLE_CHARS] or None


def column_least(ledger: LedgerDef, column: str) -> float | str | None:
    """How far a list's column may be squeezed (`ColumnFitter`'s least): choices and names to four characters (their
    whole text in the cell's tooltip), a yes/no column to three (是 under "是否…"), a number's title to its numbers'
    width (时长（分钟） took 168 pixels in 长者模式 for "90"), the title to seven characters; 编号, dates, 乡镇 and 状态
    not at all. The ledger lists and the county's 各乡镇台账 alike."""
    if column == ledger.title_field:
        return TITLE_MIN_CHARS
    kind = ledger.field(column).type if column in ledger.field_names else None
    if kind in _NUMBERS:
        return _SAMPLE_TEXT[kind]
    if kind is None or kind in _NEVER_SQUEEZED:
        return None
    return 3 if kind == "boolean" else SQUEEZED_CHARS
