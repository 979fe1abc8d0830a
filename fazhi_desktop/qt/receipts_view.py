"""数据交换 → 写回执… (county): signed receipts for the bundles already imported, at any time.

Receipts could be written only in the import window, right after an import: a reviewer who had closed it had to
import the whole stick again. Here every township that sent bundles is listed with how far a receipt would confirm
and when the last one was written; those with bundles imported since are ticked. The import window opens the same
dialog, with the townships it just imported ticked and the county keys it already unlocked.
"""

from __future__ import annotations

import math
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.receipt_catalogs import carried_line
from fazhi_desktop.core.bundle.receipts import (
    ReceiptsNotAllWritten,
    ReceiptState,
    ReceiptWritten,
    receipt_states,
    write_receipts,
)
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.divisions import names
from fazhi_desktop.core.places import RECEIPT_IMPORT
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.common import em, fit_to_screen, plain_item, push_button, read_only_table, set_rows
from fazhi_desktop.qt.dialogs import Rich
from fazhi_desktop.qt.exchange import ExchangePrompts, prompts_of
from fazhi_desktop.qt.hints import hint_label
from fazhi_desktop.qt.tasks import Task, own_store_job, run_task

HEADERS = ("乡镇", "已导入数据包", "最近导入", "回执确认到", "上次写回执")
EXPLANATION = ("回执告诉乡镇：县里已收到它的变更到第几条，各台账县里已有的最后编号。乡镇导入回执后，下次只导出此后的"
               "变更，重装过的乡镇接着编号。已勾选的是上次写回执后又导入了数据包的乡镇。")
#: a receipt message lists at most this many townships a column (18 townships: two columns of nine)
ROWS_PER_COLUMN = 9


class ReceiptsDialog(QDialog):
    """Tick townships, type the passphrase (unless the keys are open already), choose the stick, write."""
    manual_part = "写回执"  # F1 here opens the manual there (qt/manual_view.py)

    def __init__(self, store: Store, dialogs, prompts: ExchangePrompts | None = None, parent: QWidget | None = None,
                 keys: keymod.CountyKeys | None = None, chosen: list[str] | None = None, folder: Path | None = None):
        super().__init__(parent)
        self.store, self.dialogs = store, dialogs
        self.prompts = prompts or ExchangePrompts()
        self.keys, self.folder = keys, folder
        self.task: Task | None = None
        self.states: list[ReceiptState] = []
        self.setWindowTitle("写回执")
        self.table = read_only_table(HEADERS)
        self.table.setAccessibleName("乡镇")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.all_button = push_button("全选")
        self.new_button = push_button("只选有新数据包的", "上次写回执后又导入了数据包的乡镇")
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("县级密钥口令")
        self.write_button = QPushButton("写到U盘或文件夹(&W)…")
        self.write_button.setDefault(True)
        self.close_button = push_button("关闭")
        self._layout()
        self.all_button.clicked.connect(lambda: self.tick(lambda _state: True))
        self.new_button.clicked.connect(lambda: self.tick(lambda state: state.new_since_receipt))
        self.write_button.clicked.connect(self.write)
        self.close_button.clicked.connect(self.reject)
        self.table.itemChanged.connect(lambda _item: self._update_buttons())
        self.passphrase.textChanged.connect(lambda _text: self._update_buttons())
        self.refresh()
        self.tick((lambda state: state.township in chosen) if chosen else (lambda state: state.new_since_receipt))
        fit_to_screen(self, em(self, 50), em(self, 36))

    def _layout(self) -> None:
        picks = QHBoxLayout()
        picks.addWidget(self.all_button)
        picks.addWidget(self.new_button)
        picks.addStretch(1)
        secret = QHBoxLayout()
        self.passphrase_label = QLabel("县级密钥口令：")
        secret.addWidget(self.passphrase_label)
        secret.addWidget(self.passphrase, 1)
        for widget in (self.passphrase_label, self.passphrase):
            widget.setVisible(self.keys is None)  # the import window's keys are open already
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.write_button)
        actions.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(EXPLANATION))
        layout.addWidget(self.table, 1)
        layout.addLayout(picks)
        layout.addLayout(secret)
        layout.addLayout(actions)

    def refresh(self) -> None:
        """The townships again (after writing: 上次写回执 moves), keeping the ticks."""
        ticked = set(self.chosen())
        self.states = receipt_states(self.store)
        self.table.blockSignals(True)
        set_rows(self.table, len(self.states))
        for row, state in enumerate(self.states):
            town = QTableWidgetItem(state.name)
            town.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            town.setCheckState(Qt.CheckState.Checked if state.township in ticked else Qt.CheckState.Unchecked)
            town.setToolTip(state.township)
            self.table.setItem(row, 0, town)
            written = local_time(state.last_written_at) if state.last_written_at else "从未"
            through = "新密钥，带去编号" if state.new_key else f"第 {state.acknowledges} 条"
            cells = (f"{state.bundles} 个", local_time(state.last_imported_at), through, written)
            for column, text in enumerate(cells, 1):
                self.table.setItem(row, column, plain_item(text, align_right=column in (1, 3)))
        self.table.blockSignals(False)
        self._update_buttons()

    def tick(self, wanted) -> None:
        self.table.blockSignals(True)
        for row, state in enumerate(self.states):
            self.table.item(row, 0).setCheckState(Qt.CheckState.Checked if wanted(state) else Qt.CheckState.Unchecked)
        self.table.blockSignals(False)
        self._update_buttons()

    def chosen(self) -> list[str]:
        return [state.township for row, state in enumerate(self.states)
                if self.table.item(row, 0) is not None
                and self.table.item(row, 0).checkState() == Qt.CheckState.Checked]

    def _update_buttons(self) -> None:
        ready = bool(self.chosen()) and (self.keys is not None or bool(self.passphrase.text()))
        self.write_button.setEnabled(ready and self.task is None)

    def write(self) -> None:
        townships = self.chosen()
        if not townships or self.task is not None:
            return
        folder = self.prompts.folder(self, "回执写到哪里（通常是乡镇送来数据包的U盘）", self.folder)
        if folder is None:
            return
        self.folder = folder
        self.task = run_task(self, "正在写回执……", _receipts_job(self.store, self.keys, self.passphrase.text(),
                                                                 folder, townships))
        self.task.done.connect(self._written)
        self.task.failed.connect(self._failed)
        self._update_buttons()

    def _written(self, result: tuple[keymod.CountyKeys, list[ReceiptWritten], ReceiptsNotAllWritten | None]) -> None:
        self.task = None
        self.keys, written, stopped = result  # open for further receipts while the window is
        self.refresh()
        if stopped is not None:  # those written are 上次写回执 now; the rest stay ticked for another stick
            self.tick(lambda state: state.township in stopped.unwritten)
            self.dialogs.error(self, "回执没有全部写出", str(stopped))
            return
        self.dialogs.info(self, "已写回执", receipts_message(written, self.folder, carried_line(self.store)))

    def _failed(self, message: str, cancelled: bool) -> None:
        self.task = None
        self.refresh()
        if not cancelled:
            self.dialogs.error(self, "无法写回执", message)


def _receipts_job(store: Store, keys: keymod.CountyKeys | None, passphrase: str, folder: Path, townships: list[str]):
    def work(worker_store: Store, progress) -> tuple[keymod.CountyKeys, list[ReceiptWritten],
                                                     ReceiptsNotAllWritten | None]:
        unlocked = keys
        if unlocked is None:
            progress(0, 0, "正在打开县级密钥……")
            unlocked = keymod.unlock_county_keys(worker_store, passphrase)
        progress(0, 0, "正在写回执……")
        try:
            return unlocked, write_receipts(worker_store, unlocked, folder, townships), None
        except ReceiptsNotAllWritten as exc:
            return unlocked, exc.written, exc

    return own_store_job(store, work)


def receipts_message(written: list[ReceiptWritten], folder: Path | None, catalogs: str = "") -> Rich:
    """Short, by township name: "海城镇：确认到变更第 125 条" (change-log entries, as `fazhi receipt write` says;
    确认到第 125 条 read as records), nine a column, so eighteen townships stay within a 768-pixel screen even in
    长者模式 (a line per file name and code ran to 1,917 pixels); then `catalogs`, which of the
    county's catalogs the receipts carry (`receipt_catalogs.carried_line`)."""
    town_names = names()
    cells = [f"{escape(town_names.get(w.township, w.township))}："
             + ("新安装，接着编号" if w.for_new_key else f"确认到变更第 {w.acknowledged_through} 条")
             + (f"，{w.lost_listed}" if w.lost else "") for w in written]
    rows = min(len(cells), ROWS_PER_COLUMN)
    columns = math.ceil(len(cells) / rows) if rows else 1
    table = "".join(
        "<tr>" + "".join(f'<td style="padding-right:24px">{cells[c * rows + r]}</td>'
                         for c in range(columns) if c * rows + r < len(cells)) + "</tr>"
        for r in range(rows))
    where = escape(str(folder)) if folder is not None else ""
    older = "、".join(escape(town_names.get(w.township, w.township)) for w in written if w.older)
    if older:  # named once for all: a line each ran over the screen with eighteen townships
        older = (f"<p>注意：{older}的程序较旧，读不了回执带去的县里指标目录，其“本年度指标”仍按自己的目录计算："
                 "请为这些乡镇升级程序，升级后再导入这份回执即同步。</p>")
    return Rich(f"<p>已在 {where} 写出 {len(written)} 份回执。请连同同名的 .minisig 签名文件交给乡镇，"
                f"在“{RECEIPT_IMPORT}”中导入。</p><table>{table}</table>{older}"
                + (f"<p>{escape(catalogs)}。</p>" if catalogs else ""))


def open_receipts_dialog(window, keys: keymod.CountyKeys | None = None, chosen: list[str] | None = None,
                         folder: Path | None = None) -> ReceiptsDialog:
    dialog = ReceiptsDialog(window.store, window.dialogs, prompts_of(window), window, keys, chosen, folder)
    window.receipts_dialog = dialog  # kept while open
    dialog.open()
    return dialog
