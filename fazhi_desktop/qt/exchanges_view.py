"""数据交换 → 数据包记录…: the bundles this office exported and what the county confirmed (township), or the
bundles the county imported and what each brought, down to the records (county: 查看明细 or double-click a row).
Read-only; core/bundle/exchanges.py holds the rows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core.bundle import exchanges
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.divisions import names
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.places import CONFLICTS, RECEIPT_IMPORT
from fazhi_desktop.core.store import Record, Store
from fazhi_desktop.qt import exchanges_model
from fazhi_desktop.qt.common import (
    em,
    fit_to_screen,
    on_activate,
    plain_item,
    read_only_table,
    read_only_view,
    show_beside,
)
from fazhi_desktop.qt.hints import hint_label
from fazhi_desktop.qt.table_fit import ColumnFitter

TOWNSHIP_HINT = (f"县里导入数据包后会出具回执；用“{RECEIPT_IMPORT}”导入后，这里显示为已确认。"
                 "尚未确认的变更，下次导出时会再次发送。")
COUNTY_HINT = ("每个数据包核验通过后在一个事务中导入；被拒绝的数据包不留记录（原因见导入时的报告）。"
               "双击一行（或选中后按“查看明细”）逐条查看该数据包带来的记录。")
#: columns holding counts, right-aligned
_NUMBERS = {"序号", "记录", "附件", "新增", "更新", "未变", "较旧未覆盖", "冲突"}
#: columns of free text, which may end in "…" (the whole text in the tooltip), down to this many characters
_FREE, _FREE_LEAST = {"单位", "文件", "说明", "内容", "县级回执"}, 4


class ExchangesDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None,
                 open_record: Callable[[Record], object] | None = None):
        super().__init__(parent)
        # F1 here opens the manual there (qt/manual_view.py)
        self.manual_part = "县级汇总和报表" if store.is_county else "导入县级回执"
        self.store = store
        self.open_record = open_record
        self.arrivals_dialog: ArrivalsDialog | None = None
        self.setWindowTitle("数据包记录")
        fit_to_screen(self, em(self, 90 if store.is_county else 75), em(self, 40))
        self.summary = QLabel(wordWrap=True)
        headers = exchanges.RECEIVED_HEADERS if store.is_county else exchanges.SENT_HEADERS
        self.headers = headers
        town_names = names()
        # the reviewer reads names; the 9-digit code (the tooltip) is for the technician
        self.model = exchanges_model.BundlesModel(
            headers, _NUMBERS, exchanges.received_row if store.is_county else exchanges.sent_row,
            lambda column, text: town_names.get(text, text) if headers[column] == "乡镇" else text, self)
        self.table = read_only_view(self.model)
        self.table.setAccessibleName("数据包列表")
        # the columns fit the rows of the first page (the newest, which the list opens on), not every bundle's
        self.table.horizontalHeader().setResizeContentsPrecision(self.model.PAGE_SIZE)
        # names of files and offices and the notes give up width, not the counts: in 长者模式 on a 1366x768 laptop
        # 说明 was off the edge of the county's list (the selected bundle's 说明 is whole below the table)
        self.fitter = ColumnFitter(self.table, lambda column: _FREE_LEAST if headers[column] in _FREE else None)
        self.township = QComboBox()
        self.township.setAccessibleName("乡镇")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        self.details_button = buttons.addButton("查看明细", QDialogButtonBox.ButtonRole.ActionRole)
        self.details_button.setVisible(store.is_county)
        self.details_button.clicked.connect(lambda: self.show_arrivals(self.table.currentIndex().row()))
        if store.is_county:
            on_activate(self.table, lambda row, _column: self.show_arrivals(row))
        layout = QVBoxLayout(self)
        if store.is_county:
            row = QHBoxLayout()
            row.addWidget(QLabel("乡镇："))
            row.addWidget(self.township)
            row.addStretch(1)
            layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        # county: the selected bundle's 说明 in full (notes on gaps and replays: what a reviewer acts on), which a
        # table of twelve columns cuts to a few characters
        self.detail = QLabel(wordWrap=True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.detail)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        layout.addWidget(hint_label(COUNTY_HINT if store.is_county else TOWNSHIP_HINT))
        layout.addWidget(buttons)
        if store.is_county:
            self._fill_townships()
            self.township.currentIndexChanged.connect(lambda _index: self.refresh())
        self.refresh()

    def _fill_townships(self) -> None:
        self.township.addItem("全部乡镇", None)
        for code, office in exchanges.received_townships(self.store):
            self.township.addItem(f"{office}（{code}）", code)

    def refresh(self) -> None:
        if self.store.is_county:
            township = self.township.currentData()
            listed = exchanges.ReceivedList(self.store, township)  # as it is now, whatever is imported meanwhile
            count = listed.count
            self.model.show(count, listed.read)
            self.summary.setText(f"共 {count} 个数据包。" if count else "还没有导入过数据包。")
        else:  # a few hundred bundles in years, read whole: whether one is covered depends on the later ones
            sent = exchanges.township_exchanges(self.store)
            self.model.show(len(sent.bundles), lambda offset, limit: sent.bundles[offset:offset + limit])
            self.summary.setText(sent.summary)
        self.fitter.refit()
        if self.model.rowCount():
            self.table.selectRow(0)
        self._show_detail()
        self.details_button.setEnabled(self.model.rowCount() > 0)

    def _show_detail(self) -> None:
        """County: the selected bundle's made time (two bundles of one name told apart) and its 说明 in full."""
        row, last = self.table.currentIndex().row(), len(self.headers) - 1
        shown = self.store.is_county and 0 <= row < self.model.rowCount()
        bundle, notes = (self.model.bundle_at(row), self.model.text(row, last)) if shown else (None, "")
        lines = [exchanges.made_text(bundle) if bundle else "", f"{self.headers[last]}：{notes}" if notes else ""]
        self.detail.setText("\n".join(line for line in lines if line))
        self.detail.setVisible(bool(self.detail.text()))

    def show_arrivals(self, row: int) -> ArrivalsDialog | None:
        """County: the records the bundle in `row` brought."""
        bundle = self.model.bundle_at(row) if self.store.is_county else None
        if bundle is None:
            return None
        self.arrivals_dialog = ArrivalsDialog(self.store, bundle, self.open_record, self)
        self.arrivals_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        show_beside(self.arrivals_dialog)
        return self.arrivals_dialog


class ArrivalsDialog(QDialog):
    """One imported bundle, record by record: conflicts, new, updated, older; 打开记录 opens one read-only."""

    def __init__(self, store: Store, bundle: exchanges.ReceivedBundle,
                 open_record: Callable[[Record], object] | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.open_record = store, open_record
        self.setWindowTitle(f"{bundle.office} 第 {bundle.sequence} 号数据包：收到的记录")
        fit_to_screen(self, em(self, 68), em(self, 40))
        arrivals = exchanges.bundle_arrivals(store, bundle)
        self.arrivals = arrivals or []
        made = f"{exchanges.made_text(bundle)}，" if bundle.created_at else ""
        heading = QLabel(f"{bundle.office}（{bundle.township}）第 {bundle.sequence} 号数据包，{made}"
                         f"{local_time(bundle.imported_at)} 由 {bundle.imported_by} 导入：\n"
                         f"{exchanges.arrival_summary(bundle)}。", wordWrap=True,
                         textFormat=Qt.TextFormat.PlainText)  # the office as its enrolment file gave it
        self.table = read_only_table(exchanges.ARRIVAL_HEADERS)
        self.table.setAccessibleName("收到的记录")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setRowCount(len(self.arrivals))
        for index, arrival in enumerate(self.arrivals):
            for column, text in enumerate(exchanges.arrival_row(store, arrival)):
                self.table.setItem(index, column, plain_item(text, align_right=column == 5))
        if self.arrivals:
            self.table.selectRow(0)
        on_activate(self.table, lambda row, _column: self.open_row(row))
        self.note = hint_label(self._note(bundle, recorded=arrivals is not None))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        self.open_button = buttons.addButton("打开记录", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setEnabled(bool(self.arrivals) and open_record is not None)
        self.open_button.clicked.connect(lambda: self.open_row(self.table.currentRow()))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)

    @staticmethod
    def _note(bundle: exchanges.ReceivedBundle, recorded: bool) -> str:
        if not recorded:
            return "该数据包由较早版本的程序导入，当时只记录了数量，没有逐条明细。"
        text = "未变的记录只计数，不逐条列出。打开的是本县现有的版本（可能已被之后的数据包更新）。"
        if bundle.conflicts:
            text += f"冲突请在“{CONFLICTS}”中处理。"
        return text

    def open_row(self, row: int) -> None:
        if self.open_record is None or not 0 <= row < len(self.arrivals):
            return
        try:
            record = self.store.get(self.arrivals[row].record.id, include_deleted=True)
        except FazhiError as exc:
            self.note.setText(str(exc))
            return
        self.open_record(record)


def open_exchanges_dialog(window) -> ExchangesDialog:
    dialog = ExchangesDialog(window.store, window, open_record=window.open_record)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.exchanges_dialog = dialog  # kept while open
    show_beside(dialog)  # its 查看明细 → 打开记录 opens a viewer the main window owns
    return dialog
