"""统计 → 待办事项… (and 本年度指标's 待办事项… button): what is still open at the township, grouped, overdue first
(core/todo.py). Each group is a heading row; a record's row opens it to be read (编辑 in it to change it), a target's
row its 查看记录; 导出列表… writes the list into a workbook for the inspectors."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core import todo as todo_mod
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.store import Record, Store
from fazhi_desktop.qt.common import (
    as_typed,
    busy_cursor,
    em,
    fit_to_screen,
    on_activate,
    plain_item,
    read_only_table,
    set_rows,
    show_beside,
)
from fazhi_desktop.qt.hints import hint_label
from fazhi_desktop.qt.ledger_model import LATE_COLOUR

#: the table's columns: the group is its heading row, not a column
COLUMNS = todo_mod.HEADERS[1:]
TITLE_EM = 14  # 事项 at most this wide (its whole text in the tooltip): 缺少什么 is what the list is read for
EXPLAIN = ("逾期的排在前面，其余按期限先后。双击一行（或按 Enter）打开记录查看；指标行打开它的“查看记录”。"
           "列表不显示身份证号、电话。")


class TodoDialog(QDialog):
    """The township's 待办事项. `open_record(Record)` opens a record to be read; `open_target(code, year)` a
    target's records (本年度指标's 查看记录)."""

    def __init__(self, store: Store, open_record: Callable[[Record], None],
                 open_target: Callable[[str, int], None] | None = None, year: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.manual_part = "待办事项"  # F1 here opens the manual there (qt/manual_view.py)
        self.store, self.open_record, self.open_target, self.year = store, open_record, open_target, year
        self.todo: todo_mod.Todo | None = None
        self.rows: list[todo_mod.Item | None] = []  # the table's rows: an item, or None for a group's heading
        self.export_task = None
        self.heading = QLabel(wordWrap=True)
        self.heading.setStyleSheet("font-weight: bold;")
        self.hint = hint_label(EXPLAIN)
        self.table = read_only_table(COLUMNS, stretched=("缺少什么",))
        self.table.setWordWrap(True)  # 缺少什么 in full, on two lines where it must (a 退回's reason)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COLUMNS.index("事项"), QHeaderView.ResizeMode.Interactive)
        # rows as tall as their wrapped 缺少什么 once the columns have settled, again whenever the dialog's width
        # changes: fitted at once in sectionResized, a row opened narrow stayed ~200 px tall after widening
        self._fit_timer = QTimer(self, singleShot=True, interval=0)
        self._fit_timer.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(self._fit_timer.start)
        self._follow_timer = QTimer(self, singleShot=True, interval=0)  # `follow`: one read after a burst of saves
        self._follow_timer.timeout.connect(self._follow_now)
        self.table.setAccessibleName("待办事项")
        self.notes = hint_label()
        self.open_button = QPushButton("打开(&O)")
        self.export_button = QPushButton("导出列表(&X)…")
        self.export_button.setToolTip("把列出的待办事项导出为 Excel 工作簿，交考核组或留存")
        self.refresh_button = QPushButton("刷新(&R)")
        close = QPushButton("关闭")
        bar = QHBoxLayout()
        bar.addStretch(1)
        for button in (self.open_button, self.export_button, self.refresh_button, close):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.hint, self.table, self.notes):
            layout.addWidget(widget, 1 if widget is self.table else 0)
        layout.addLayout(bar)
        on_activate(self.table, lambda row, _col: self.open_row(row))
        self.open_button.clicked.connect(lambda: self.open_row(self.table.currentRow()))
        self.export_button.clicked.connect(self.export_list)
        self.refresh_button.clicked.connect(self.load)
        close.clicked.connect(self.reject)
        self.setWindowTitle("待办事项")
        fit_to_screen(self, em(self, 80), em(self, 40))
        self.load()

    def load(self) -> None:
        """Gather the items again (records saved since are in it), under the wait cursor: five years in, about a
        second and a half at 15,000 records, the window still meanwhile."""
        with busy_cursor():
            self._load()

    def _load(self) -> None:
        self._follow_timer.stop()  # what a save asked for is read now
        try:
            self.todo = todo_mod.build(self.store, self.year)
        except FazhiError as exc:
            self.todo = None
            self.heading.setText(str(exc))
            self.rows = []
            self.table.setRowCount(0)
            self.open_button.setEnabled(False)
            self.export_button.setEnabled(False)
            return
        office = self.store.setting("office_name") or ""
        self.heading.setText(f"{office}待办事项（截至 {self.todo.today}）：{self.todo.summary()}")
        groups = self.todo.groups()
        self.rows = [row for items in groups.values() for row in (None, *items)]
        self.table.clearSpans()
        set_rows(self.table, len(self.rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        headings = iter(groups.items())
        text_colour = self.table.palette().color(QPalette.ColorRole.Text)
        group_heading = ""
        for row, item in enumerate(self.rows):
            if item is None:  # the group's heading, across the row; not a row to stop on (_heading_row)
                group, items = next(headings)
                group_heading = f"{group}（{len(items)} 项）"
                self._heading_row(row, group_heading, bold, text_colour)
                continue
            for column, text in enumerate(item.cells()[1:]):
                cell = plain_item(text)
                cell.setToolTip(as_typed(text) if COLUMNS[column] in ("事项", "缺少什么") else "")
                if item.late:
                    cell.setForeground(QColor(LATE_COLOUR))
                if column == 0 and group_heading:  # a screen reader says the group as the arrows enter it
                    cell.setData(Qt.ItemDataRole.AccessibleTextRole, f"{group_heading}：{text}")
                    group_heading = ""
                self.table.setItem(row, column, cell)
        title = COLUMNS.index("事项")
        self.table.resizeColumnToContents(title)
        self.table.setColumnWidth(title, min(self.table.columnWidth(title), em(self, TITLE_EM)))
        self.table.resizeRowsToContents()
        self.notes.setText("\n".join(self.todo.notes))
        self.notes.setVisible(bool(self.todo.notes))
        listed = bool(self.todo.items)
        self.open_button.setEnabled(listed)
        self.export_button.setEnabled(listed)
        if listed:
            self.table.selectRow(1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_timer.start()

    def _heading_row(self, row: int, text: str, bold: QFont, colour: QColor) -> None:
        """A group's heading across row `row`. Its cells are not enabled, so the arrows, Home and End pass over it and
        a click does not take it (it took the cursor, and Enter on it did nothing, saying nothing); drawn in the
        table's own text colour, not greyed."""
        heading = QTableWidgetItem(text)
        heading.setFont(bold)
        heading.setBackground(QColor("#eef1f4"))
        heading.setForeground(colour)
        self.table.setItem(row, 0, heading)
        for column in range(1, len(COLUMNS)):
            self.table.setItem(row, column, QTableWidgetItem(""))
        for column in range(len(COLUMNS)):
            self.table.item(row, column).setFlags(Qt.ItemFlag.NoItemFlags)
        self.table.setSpan(row, 0, 1, len(COLUMNS))

    def follow(self) -> None:
        """Read again after a record was saved or took a review step (in an editor opened from here, in 批量审核):
        the list shrinks as the 所长 works down it, her place kept: the row she was on, or the one that took its
        place once it was done (刷新 alone showed what she had just approved as still waiting). Once for a burst of
        saves, as soon as they are done: a read takes about 0.3 s at 6,000 records, and it was made after each
        save of the burst, the window frozen meanwhile."""
        self._follow_timer.start()

    def _follow_now(self) -> None:
        if not self.isVisible():  # closed meanwhile: opened again, it is read afresh (`open_todo`)
            return
        row = self.table.currentRow()
        was = self.rows[row] if 0 <= row < len(self.rows) else None
        scrolled = self.table.verticalScrollBar().value()
        self.load()
        if not self.rows:
            return
        same = next((n for n, item in enumerate(self.rows) if item is not None and was is not None
                     and (item.group, item.number, item.record_id) == (was.group, was.number, was.record_id)), None)
        place = same if same is not None else min(max(row, 0), len(self.rows) - 1)
        if self.rows[place] is None:  # a group's heading: its first item
            place = place + 1 if place + 1 < len(self.rows) else place - 1
        self.table.selectRow(place)
        self.table.verticalScrollBar().setValue(scrolled)

    def open_row(self, row: int) -> QWidget | None:
        """Open the record of row `row` to be read, or a target's 查看记录; a heading row opens nothing."""
        item = self.rows[row] if 0 <= row < len(self.rows) else None
        if item is None:
            return None
        if not item.record_id:
            if self.open_target is not None and self.todo is not None:
                self.open_target(item.number, self.todo.year)
            return None
        try:  # deleted since the list was made: the main window says so by its number (not its internal id)
            record = self.store.get(item.record_id, include_deleted=True)
        except FazhiError:  # gone altogether (an Excel import undone)
            record = None
        opened = self.open_record(record) if record is not None else None
        if opened is None:  # not there to open any more: the list as the records are now
            self.load()
            if record is None:
                self.notes.setText(f"{item.number}已不存在，无法打开；待办事项已按现在的记录刷新。")
                self.notes.show()
        return opened

    def export_list(self) -> object:
        """导出列表…: the items as listed into a workbook (qt/list_export_view.py asks where)."""
        from fazhi_desktop.qt.list_export_view import export_todo

        if self.todo is None:
            return None
        self.export_task = export_todo(self.parentWidget().window(), self, self.todo)
        return self.export_task


def open_todo(window, year: int | None = None) -> TodoDialog:
    """The main window's 待办事项 (one at a time: asked again, it is read again and brought to the front)."""
    dialog = getattr(window, "todo_dialog", None)
    if dialog is not None and dialog.isVisible() and dialog.year == year:
        dialog.load()
    else:
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()
        dialog = TodoDialog(window.store, lambda record: window.open_record(record, viewing=True),
                            lambda code, shown: _open_target(window, code, shown), year, window)
        window.todo_dialog = dialog
    show_beside(dialog)
    return dialog


def follow(window) -> None:
    """The main window's 待办事项, if shown, read again after a record changed (`TodoDialog.follow`)."""
    dialog = getattr(window, "todo_dialog", None)
    if dialog is not None and dialog.isVisible():
        dialog.follow()


def _open_target(window, code: str, year: int) -> None:
    """A target's 查看记录, as 本年度指标 opens it (its year chosen there first)."""
    window.show_page("indicators")
    page = window.page("indicators")
    if page.year != year:
        page.year_combo.setCurrentIndex(max(0, page.year_combo.findData(year)))
    row = next((n for n, fig in enumerate(page.figures) if fig.indicator.code == code), None)
    if row is not None:
        page.show_records(row)
