"""文件 → 打印所选记录…: the records selected in a ledger's list as one document kind (会议纪要, 签到表, 调解协议书…),
previewed, printed or saved as one PDF in which each record's document starts on a new page with its own page
numbers and verification code.

Core lays the documents out (core/documents/batch.py) on a worker thread (run_task): fifty agreements take a few
seconds. Full ID numbers (显示完整证件号) are noted in the reveal log as the user commits, as for one record: at
the preview, once the printer is chosen, or once the PDF is written. 返回核对 at the question about records with
提醒 lists them in the dialog, each opened over it by a double-click or Enter (qt/open_over.py), to be corrected
before printing. 双面打印 sets the printer to print on both sides (flipped on the long edge, qt/printing.py) and puts
a blank page after an odd one, so that each record starts on the front of a sheet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core import documents, review
from fazhi_desktop.core.db_place import synced_note
from fazhi_desktop.core.documents.batch import MAX_RECORDS, Batch, build_batch
from fazhi_desktop.core.jobs import Progress
from fazhi_desktop.core.store import Record, Store
from fazhi_desktop.qt.common import em, grow_to_fit, plain_item, read_only_table
from fazhi_desktop.qt.dialogs import Dialogs
from fazhi_desktop.qt.hints import hint_label
from fazhi_desktop.qt.open_over import OPEN_HINT, open_over, open_rows
from fazhi_desktop.qt.print_views import Outputs, output_buttons, reveal_box, revealing
from fazhi_desktop.qt.printing import PrintPrompts, suggested_name
from fazhi_desktop.qt.tasks import Task, own_store_job, run_task, running


class BatchPrintDialog(QDialog):
    """The `records` of one ledger (in the list's order): a document kind, 显示完整证件号 where the
    ledger has numbers, 双面打印, then 打印预览 / 打印 / 导出PDF. `unsaved` names records whose editor holds changes
    not yet saved (the paper shows what is saved)."""
    manual_part = "一次打印多条记录"  # F1 here opens the manual there (qt/manual_view.py)

    def __init__(self, store: Store, ledger_name: str, records: list[Record], dialogs: Dialogs,
                 prompts: PrintPrompts | None = None, unsaved: list[str] | None = None, parent: QWidget | None = None,
                 open_record: Callable[[Record], QWidget | None] | None = None):
        """`open_record(record)`: opens a record with 提醒 over the dialog, after 返回核对."""
        super().__init__(parent)
        self.store, self.dialogs, self.open_record = store, dialogs, open_record
        self.record_ids = [record.id for record in records]  # read again when laid out: the revision printed
        self.first_number = (records[0].number or "") if records else ""  # names the PDF of one record
        self.ledger = store.ledger(ledger_name)
        self.outputs = Outputs(self, dialogs, prompts or PrintPrompts())
        self.task: Task | None = None
        self.batch: Batch | None = None  # the last one laid out
        self.setWindowTitle("打印所选记录")
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("文书种类")
        for kind, name in documents.kinds_for(ledger_name):
            self.kind_combo.addItem(name, kind)
        usual = Counter(documents.usual_kind(ledger_name, record.values) for record in records).most_common(1)
        if usual:  # the kind most of them are printed as one by one (a meeting's 文书形式)
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(usual[0][0])))
        self.reveal_box = reveal_box(store, self.ledger)
        self.duplex_box = QCheckBox("双面打印（每份从纸的正面开始）")
        self.duplex_box.setToolTip("打印机设为双面打印（长边翻页），页数为单数的一份后面加一张空白页，"
                                   "下一份不印在上一份的背面；打印对话框中仍可改")
        choice = QHBoxLayout()
        for widget in (QLabel("文书："), self.kind_combo, self.reveal_box, self.reveal_box.reason, self.duplex_box):
            choice.addWidget(widget)
        choice.addStretch(1)
        self.count_label = QLabel(f"已选 {len(records)} 条{self.ledger.label}记录，按列表中的顺序打印：每份从新的一页"
                                  "开始，页码和核验码各自独立。")
        self.count_label.setWordWrap(True)
        self.result_label = hint_label("")
        self.result_label.setWordWrap(True)
        # the records skipped: on a small screen, or in 长者模式, the reasons scroll rather than push the buttons off it
        self.result_area = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        self.result_area.setWidget(self.result_label)
        self.result_area.hide()
        # 返回核对: the records with 提醒, each opened from here to be corrected
        self.doubts_label = hint_label("")
        self.doubts_table = read_only_table(("编号", "提醒"), stretched=("提醒",))
        self.doubts_table.setAccessibleName("有提醒的记录")
        self.doubts: list[Record] = []
        open_rows(self.doubts_table, lambda: self.doubts,
                  lambda record: self.open_record(record) if self.open_record is not None else None)
        self.doubts_label.hide()
        self.doubts_table.hide()
        buttons = output_buttons(self)
        column = QVBoxLayout(self)
        column.addWidget(self.count_label)
        if unsaved:
            column.addWidget(hint_label(f"{'、'.join(unsaved)}的编辑窗口中有未保存的修改：打印的是已保存的内容。"))
        column.addLayout(choice)
        column.addWidget(self.result_area)
        column.addWidget(self.doubts_label)
        column.addWidget(self.doubts_table, 1)
        column.addLayout(buttons)
        self.preview_button.clicked.connect(lambda: self._run(None, self._preview))
        self.print_button.clicked.connect(lambda: self._run(None, self._print))
        self.export_button.clicked.connect(self.export_pdf)
        self.setMinimumWidth(em(self, 42))  # the reasons a record is skipped read on two lines, not four

    def kind(self) -> str:
        return self.kind_combo.currentData()

    def _job(self, path: Path | None) -> Callable[[Progress], tuple[Batch, Path | None]]:
        ids, kind, duplex = list(self.record_ids), self.kind(), self.duplex_box.isChecked()
        reveal, reason = revealing(self.reveal_box, kind), self.reveal_box.reason_text()

        def work(store: Store, progress: Progress) -> tuple[Batch, Path | None]:
            batch = build_batch(store, ids, kind, reveal=reveal, progress=progress, duplex=duplex, reason=reason)
            if path is None:
                return batch, None
            # the reveal is noted once the file is complete
            return batch, documents.export_pdf(store, batch.document, batch.records, path, progress=progress)

        return own_store_job(self.store, work)

    def _doubted(self) -> tuple[list[Record], dict[str, list[str]]]:
        """The records the forms' checks doubt as now stored, and what they say of each."""
        records = [r for r in (self.store.get(i, include_deleted=True) for i in self.record_ids)
                   if not r.deleted and review.correctable(self.store, r)]
        doubted = review.warnings_of(self.store, records, advisory=False)
        return [r for r in records if r.id in doubted], doubted

    def _warnings_seen(self) -> bool:
        """As for one record (Outputs.confirm_doubts): one question for all the records the forms' checks doubt;
        返回核对 lists them here, to be opened."""
        records, doubted = self._doubted()
        lines = {(r.id, r.revision): [f"· {r.number or r.id}：{'；'.join(doubted[r.id])}"] for r in records}
        if self.outputs.confirm_doubts("打印所选记录", "所选记录中有 {count} 条有提醒（橙色）尚待核对", lines):
            return True
        self.show_doubts()
        return False

    def show_doubts(self) -> None:
        """The records with 提醒 as now stored (after 返回核对; again once one opened from here saved or closed)."""
        self.doubts, doubted = self._doubted()
        self.doubts_table.setRowCount(len(self.doubts))
        for row, record in enumerate(self.doubts):
            for column, text in enumerate((record.number or "", "；".join(doubted[record.id]))):
                item = plain_item(text)
                item.setToolTip(text)
                self.doubts_table.setItem(row, column, item)
        if self.doubts:
            self.doubts_table.setCurrentCell(0, 0)
            self.doubts_table.setFocus()
        self.doubts_label.setText(f"有提醒的记录（{OPEN_HINT}，改好保存后再打印）：" if self.doubts
                                  else "有提醒的记录都已核对改好，可以打印。")
        self.doubts_label.show()
        self.doubts_table.setVisible(bool(self.doubts))
        grow_to_fit(self)

    def _run(self, path: Path | None, then: Callable[[Batch, Path | None], None]) -> None:
        if not self._warnings_seen():
            return
        self.task = run_task(self, "正在排版所选记录……", self._job(path))
        self.task.done.connect(lambda result: self._laid_out(*result, then))
        self.task.failed.connect(self._failed)

    def _laid_out(self, batch: Batch, written: Path | None, then: Callable[[Batch, Path | None], None]) -> None:
        self.batch = batch
        self.result_label.setText(batch.summary())
        self.result_area.show()
        grow_to_fit(self, self.result_area)  # the skipped records' reasons, every line where the screen has room
        then(batch, written)

    def _preview(self, batch: Batch, _written: None) -> None:
        if self.outputs.note_reveal(self.store, batch.document, batch.records, "打印预览"):
            self.outputs.show_preview(batch.document, printing=lambda: self.outputs.note_printed(
                self.store, batch.document, batch.records))

    def _print(self, batch: Batch, _written: None) -> None:
        self.outputs.print(batch.document,
                           before=lambda: self.outputs.committed(self.store, batch.document, batch.records, "打印"))

    def export_pdf(self) -> None:
        name = self.kind_combo.currentText()
        count = len(self.record_ids)
        office = self.store.setting("office_name") or ""
        chosen = f"{self.first_number}{name}" if count == 1 else f"{office}{name}（{count}份）"
        path = self.outputs.prompts.save_path(self, "导出PDF", suggested_name(chosen))
        if path is not None:
            self._run(path, self._saved)

    def _saved(self, batch: Batch, written: Path | None) -> None:
        self.outputs.notice(batch.document)
        self.dialogs.info(self, "已导出PDF", f"已保存：{written}\n{batch.summary()}{synced_note(written)}")

    def _failed(self, message: str, cancelled: bool) -> None:
        if not cancelled:
            self.dialogs.error(self, "无法打印所选记录", message)


def open_batch_print(window) -> QDialog | None:
    """文件 → 打印所选记录…: the dialog for the rows selected in the ledger list shown."""
    view = window.current_ledger_view()
    count = view.selected_count() if view is not None else 0
    if not count:
        window.dialogs.info(window, "打印所选记录", "请先在台账列表中选中要打印的记录（Shift 或 Ctrl 加单击可多选，"
                            "Ctrl+A 全选列表中的记录）。")
        return None
    if count > MAX_RECORDS:
        window.dialogs.info(window, "打印所选记录", f"一次最多打印 {MAX_RECORDS} 条记录，选中了 {count} 条：请用年份、"
                            "状态或搜索缩小范围，分几次打印。")
        return None
    records = view.selected_records()
    ids = {record.id for record in records}
    unsaved = [editor.editor.record.number for record_id, editor in window.editors.items()
               if record_id in ids and editor.editor.is_dirty()]
    previous = getattr(window, "batch_print_dialog", None)
    if previous is not None and not running():  # the last selection's pages, laid out, go with it
        previous.deleteLater()
    window.batch_print_dialog = dialog = BatchPrintDialog(
        window.store, view.ledger.name, records, window.dialogs, unsaved=unsaved, parent=window,
        open_record=lambda record: open_over(window, dialog, record, dialog.show_doubts))
    window.batch_print_dialog.open()
    return window.batch_print_dialog
