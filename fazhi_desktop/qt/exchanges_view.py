"""数据交换 → 数据包记录…: the bundles this office exported and what the county confirmed (township), or the
bundles the county imported and what each brought (county). Read-only; core/bundle/exchanges.py holds the rows."""

from __future__ import annotations

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
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.hints import hint_label
from fazhi_desktop.qt.indicator_widgets import plain_item, read_only_table

TOWNSHIP_HINT = ("县里导入数据包后会出具回执；用“数据交换 → 导入县级回执”导入后，这里显示为已确认。"
                 "尚未确认的变更，下次导出时会再次发送。")
COUNTY_HINT = "每个数据包核验通过后在一个事务中导入；被拒绝的数据包不留记录（原因见导入时的报告）。"
#: columns holding counts, right-aligned
_NUMBERS = {"序号", "记录", "附件", "新增", "更新", "未变", "较旧未覆盖", "冲突"}


class ExchangesDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("数据包记录")
        self.resize(900, 480)
        self.summary = QLabel(wordWrap=True)
        headers = exchanges.RECEIVED_HEADERS if store.is_county else exchanges.SENT_HEADERS
        self.headers = headers
        self.table = read_only_table(headers)
        self.table.setAccessibleName("数据包列表")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.township = QComboBox()
        self.township.setAccessibleName("乡镇")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if store.is_county:
            row = QHBoxLayout()
            row.addWidget(QLabel("乡镇："))
            row.addWidget(self.township)
            row.addStretch(1)
            layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint_label(COUNTY_HINT if store.is_county else TOWNSHIP_HINT))
        layout.addWidget(buttons)
        self.received: list[exchanges.ReceivedBundle] = []  # county: read once, filtered by township here
        if store.is_county:
            self.received = exchanges.received_bundles(store)
            self._fill_townships()
            self.township.currentIndexChanged.connect(lambda _index: self.refresh())
        self.refresh()

    def _fill_townships(self) -> None:
        self.township.addItem("全部乡镇", None)
        seen: dict[str, str] = {}
        for bundle in self.received:
            seen.setdefault(bundle.township, bundle.office)
        for code in sorted(seen):
            self.township.addItem(f"{seen[code]}（{code}）", code)

    def refresh(self) -> None:
        if self.store.is_county:
            township = self.township.currentData()
            rows = [exchanges.received_row(b) for b in self.received if township in (None, b.township)]
            self.summary.setText(f"共 {len(rows)} 个数据包。" if rows else "还没有导入过数据包。")
        else:
            sent = exchanges.township_exchanges(self.store)
            rows = [exchanges.sent_row(b) for b in sent.bundles]
            self.summary.setText(sent.summary)
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            for column, text in enumerate(row):
                self.table.setItem(index, column, plain_item(text, align_right=self.headers[column] in _NUMBERS))


def open_exchanges_dialog(window) -> ExchangesDialog:
    dialog = ExchangesDialog(window.store, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.exchanges_dialog = dialog  # kept while open
    dialog.open()
    return dialog
