"""编辑 → 批量提交审核… / 批量审核通过… / 批量锁定…: one review step over many records of a ledger at once.

Core lists the records the step can start from (core.review.records_for) and takes the step record by record,
saying why it left any (core.review.apply_many). This dialog lets the user tick which records, runs the batch on a
worker thread and shows what was done. Each record is its own committed revision: 500 take 0.25 s on the
development machine, but a commit waits for the disk, which on an office PC's hard disk is milliseconds each, so
the batch never runs on the GUI thread. The main window then shows the new statuses in its list and in any open
editor of those records, as after a save.

Double-click on a row (or 打开) opens its record over the dialog to check it (qt/open_over.py), and the rows are read
again once the editor saved or closed; 退回… sends the current row's record back to the clerk: the editor's
重新打开, asking its reason in its dialog (review_bar.ask_reopen, without 由谁修改: it goes back to the clerk), taken
through review.apply, one record at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core import review, sent_back
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.forms import STATUS_LABELS
from fazhi_desktop.core.store import Record, Store
from fazhi_desktop.qt.common import as_typed, em, fit_to_screen, plain_item, push_button, read_only_table
from fazhi_desktop.qt.display import cell_text
from fazhi_desktop.qt.hints import hint_label
from fazhi_desktop.qt.ledger_view import ALL_YEARS
from fazhi_desktop.qt.open_over import open_over, open_rows
from fazhi_desktop.qt.table_fit import ColumnFitter

COLUMNS = ("编号", "日期", "名称", "登记人", "状态", "提醒")
#: the steps whose dialog offers 退回… (重新打开 one record, with its reason)
BACK_STEPS = ("review", "lock")
BACK_TIP = "把当前行的记录退回录入员修改（重新打开为草稿）：须说明原因，记入修改历史，录入员打开记录时可见"
WARNING_COLOUR = "#b35c00"  # the editor's orange
UNSAVED = "编辑窗口中有未保存的修改，请先保存"
DONE_STYLE = "color: #1e7b34; font-weight: bold;"
NOTHING_DONE_STYLE = "color: #8a4b00; font-weight: bold;"
#: the refused records shown without scrolling (more scroll)
REFUSED_LINES = 6
#: the least width, in characters, of the columns that give up width: 名称 takes what the others leave
SQUEEZED = {"名称": 16, "提醒": 6}


class BatchReviewDialog(QDialog):
    """Emits `applied(BatchResult)` after a batch ran (the main window refreshes what it shows)."""
    manual_part = "批量审核"  # F1 here opens the manual there (qt/manual_view.py)

    applied = Signal(object)

    def __init__(self, store: Store, name: str, ledger_name: str, year: int | None, actor: str, dialogs,
                 held_back: Callable[[str], str | None] = lambda _record_id: None, parent: QWidget | None = None,
                 open_record: Callable[[Record], QWidget | None] | None = None):
        """`held_back(record_id)` says why the window will not touch a record now (unsaved changes in its
        editor), or None; `open_record(record)` opens it over the dialog (without it, 打开 is not offered)."""
        super().__init__(parent)
        self.store, self.name, self.actor, self.dialogs, self.held_back = store, name, actor, dialogs, held_back
        self.open_record = open_record
        self.move = review.batch_step(name)
        self.records: list[Record] = []
        self.task = None
        self.setWindowTitle(f"批量{self.move.label}")
        self.ledger_combo = QComboBox()
        for ledger in store.ledgers.values():
            self.ledger_combo.addItem(ledger.label, ledger.name)
        self.ledger_combo.setCurrentIndex(max(0, self.ledger_combo.findData(ledger_name)))
        self.ledger_combo.setAccessibleName("台账")
        self.year_combo = QComboBox()
        self.year_combo.setAccessibleName("年份")
        self._fill_years(year)
        self.all_button = push_button("全选(&A)", "勾选列出的全部记录")
        self.none_button = push_button("全不选(&N)", "取消全部勾选")
        self.sources = "、".join(STATUS_LABELS[s] for s in self.move.sources)
        # 批量锁定 leaves a 已提交 record unticked (`reload`): the hint says so ("全部勾选" beside 锁定（9 条） of 12)
        ticks = "所长已审核的默认勾选，已提交（尚未审核）的不勾选" if name == "lock" \
            else "默认全部勾选；所长退回、尚未修改的（草稿·退回）不勾选" if name == "submit" else "默认全部勾选"
        # 退回 where a 所长 judges records (审核通过, 锁定), not where the clerk submits her drafts
        self.back_button = push_button("退回(&B)…", BACK_TIP) if name in BACK_STEPS else None
        back = "；不通过的按“退回…”说明原因，退回录入员修改" if self.back_button is not None else ""
        self.hint = hint_label(f"列出状态为“{self.sources}”的记录，{ticks}。开始后逐条{self.move.label}，"
                               "不能处理的记录会列出原因。“提醒”列出前后矛盾之处：双击一行（或按 Alt+O）打开记录核对"
                               f"{back}。\n按空格键勾选或取消当前行，按 Enter 开始。")
        self.open_button = push_button("打开(&O)", "打开当前行的记录核对（双击该行也可）")
        self.table = read_only_table(COLUMNS)
        # 名称 takes the rest, 提醒 what its warnings need: shared equally, five names were cut beside an empty 提醒
        self.fitter = ColumnFitter(self.table, lambda column: SQUEEZED.get(COLUMNS[column]), rest=COLUMNS.index("名称"))
        self.table.setAccessibleName(f"待{self.move.label}的记录")
        self.table.setAlternatingRowColors(True)
        self.table.installEventFilter(self)
        self.empty_label = hint_label()
        self.result_label = QLabel(wordWrap=True)
        self.refused_box = QPlainTextEdit(readOnly=True)
        self.refused_box.setAccessibleName("未处理的记录及原因")
        self.run_button = QPushButton()
        self.run_button.setDefault(True)
        self.close_button = push_button("关闭", "关闭（Esc）")
        self._lay_out()
        self.ledger_combo.currentIndexChanged.connect(self._ledger_changed)
        self.year_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.all_button.clicked.connect(lambda: self.tick_all(True))
        self.none_button.clicked.connect(lambda: self.tick_all(False))
        self.table.itemChanged.connect(lambda _item: self._update_button())
        self.table.currentCellChanged.connect(lambda *_cells: self._update_button())
        self.run_button.clicked.connect(self.run)
        self.close_button.clicked.connect(self.reject)
        self.open_button.clicked.connect(lambda: self.open_row(self.table.currentRow()))
        # Enter starts the batch (the hint says so)
        open_rows(self.table, lambda: self.records, self._open, enter=False)
        if self.back_button is not None:
            self.back_button.clicked.connect(self.send_back)
        self.open_button.setVisible(open_record is not None)
        self.reload()
        fit_to_screen(self, em(self, 60), em(self, 38))
        self.table.setFocus()

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        for text, combo in (("台账：", self.ledger_combo), ("年份：", self.year_combo)):
            label = QLabel(text)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo)
        filters.addStretch(1)
        filters.addWidget(self.all_button)
        filters.addWidget(self.none_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        if self.back_button is not None:
            buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.result_label)
        layout.addWidget(self.refused_box)
        layout.addLayout(buttons)
        self.result_label.hide()
        self.refused_box.hide()

    # -- the list --------------------------------------------------------------------------------------------

    @property
    def ledger_name(self) -> str:
        return self.ledger_combo.currentData()

    def _fill_years(self, year: int | None) -> None:
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItem(ALL_YEARS, None)
        for y in self.store.years(self.ledger_combo.currentData()):
            self.year_combo.addItem(f"{y}年", y)
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(year)))
        self.year_combo.blockSignals(False)

    def _ledger_changed(self) -> None:
        self._fill_years(self.year_combo.currentData())
        self.reload()

    def reload(self, ticked: bool = True, kept: tuple[set[str], set[str]] | None = None) -> None:
        """List the records the step can start from, each ticked (or, after a batch ran, none). `kept`: the ids
        listed before and those of them ticked, which stay as they were (a new one is ticked as usual)."""
        ledger = self.store.ledger(self.ledger_name)
        self.records = review.records_for(self.store, ledger.name, self.name, self.year_combo.currentData())
        warnings = review.warnings_of(self.store, self.records)
        # 批量提交审核: a draft the 所长 sent back says so, and is not ticked while nobody has corrected it
        reopened = sent_back.reopenings(self.store, self.records) if self.name == "submit" else {}
        uncorrected = sent_back.uncorrected(self.store, self.records) if reopened else set()
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.records))
        for row, record in enumerate(self.records):
            back = reopened.get(record.id)
            said = [] if back is None or back.own_fix else \
                [back.said() + ("（尚未修改）" if record.id in uncorrected else "（已修改）")]
            texts = (record.number or "", cell_text(ledger, record, ledger.date_field),
                     cell_text(ledger, record, ledger.title_field), record.created_by,
                     sent_back.mark(STATUS_LABELS.get(record.status, record.status), back),
                     "；".join([*said, *warnings.get(record.id, ())]))
            for column, text in enumerate(texts):
                item = plain_item(text)
                item.setToolTip(as_typed(text))
                self.table.setItem(row, column, item)
            self.table.item(row, COLUMNS.index("提醒")).setForeground(QColor(WARNING_COLOUR))
            box = self.table.item(row, 0)
            box.setFlags(box.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            # 批量锁定 ticks the reviewed ones only (a 已提交 record is not locked unseen); 批量提交审核 not a sent-back
            # draft nobody has corrected
            unseen = (self.name == "lock" and record.status == "submitted") or record.id in uncorrected
            on = record.id in kept[1] if kept is not None and record.id in kept[0] else ticked and not unseen
            box.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.table.blockSignals(False)
        self.fitter.refit()
        if self.records:
            self.table.setCurrentCell(0, 0)
        year = self.year_combo.currentData()
        self.empty_label.setText(f"没有状态为“{self.sources}”的{f'{year}年' if year else ''}{ledger.label}记录。")
        self.empty_label.setVisible(not self.records)
        self._update_button()

    def ticked_ids(self) -> list[str]:
        return [record.id for row, record in enumerate(self.records)
                if self.table.item(row, 0).checkState() == Qt.CheckState.Checked]

    def tick_all(self, on: bool) -> None:
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            self.table.item(row, 0).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.table.blockSignals(False)
        self._update_button()

    def toggle_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            item = self.table.item(row, 0)
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def _update_button(self) -> None:
        count = len(self.ticked_ids())
        self.run_button.setText(f"{self.move.label}（{count} 条）")
        self.run_button.setEnabled(count > 0 and self.task is None)
        self.run_button.setToolTip(f"{self.move.label}勾选的 {count} 条记录" if count else "请先勾选记录")
        self.open_button.setEnabled(bool(self.records))
        if self.back_button is not None:
            record = self._record_at(self.table.currentRow())
            why = "请先选中一条记录" if record is None else review.blocked(self.store, record, "reopen")
            self.back_button.setEnabled(why is None and self.task is None)
            self.back_button.setToolTip(why or BACK_TIP)

    def _record_at(self, row: int) -> Record | None:
        return self.records[row] if 0 <= row < len(self.records) else None

    def reread(self) -> None:
        """The rows as now stored (an editor opened from here saved or closed), the ticks left as they were."""
        if self.task is None:
            self.reload(kept=({r.id for r in self.records}, set(self.ticked_ids())))

    # -- one record --------------------------------------------------------------------------------------------

    def open_row(self, row: int) -> QWidget | None:
        """The record of `row` in its editor, over this dialog."""
        record = self._record_at(row)
        return self._open(record) if record is not None else None

    def _open(self, record: Record) -> QWidget | None:
        return self.open_record(record) if self.open_record is not None else None

    def send_back(self) -> bool:
        """退回…: 重新打开 the current row's record with a reason, as its editor would. True when done."""
        record = self._record_at(self.table.currentRow())
        if record is None or self.task is not None:
            return False
        held = self.held_back(record.id)
        if held:
            self.dialogs.warn(self, "退回", f"{record.number}：{held}。")
            return False
        from fazhi_desktop.qt.review_bar import ask_reopen  # the editor's question, loaded with its first use

        move = review.step("reopen")
        asked = ask_reopen(self.dialogs, self, move, choose=False)  # a reason with a number: the box stays open
        if asked is None:
            return False
        reason, corrector = asked
        try:
            saved = review.apply(self.store, record.id, "reopen", self.actor, reason=reason,
                                 expected_revision=record.revision, corrector=corrector)
        except FazhiError as exc:
            self.dialogs.error(self, "无法退回", str(exc))
            self.reread()
            return False
        self.result_label.setText(f"已退回 {saved.number}：现为草稿，录入员的列表中标为“草稿·退回”，打开可见原因。")
        self.result_label.setStyleSheet(DONE_STYLE)
        self.result_label.show()
        self.reread()
        self.applied.emit(review.BatchResult(move, (saved,), ()))
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Space ticks the current row, whichever of its cells is current (Qt toggles only a checkable cell)
        if watched is self.table and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Space:
            self.toggle_current()
            return True
        return super().eventFilter(watched, event)

    # -- running ---------------------------------------------------------------------------------------------

    def run(self) -> None:
        """Take the step on the ticked records (on a worker thread); the result is shown when it is done."""
        ids = self.ticked_ids()
        if not ids or self.task is not None:
            return
        held = {record_id: why for record_id in ids if (why := self.held_back(record_id))}
        todo = [record_id for record_id in ids if record_id not in held]
        expected = {r.id: r.revision for r in self.records if r.id in todo}
        numbers = {r.id: r.number or r.id for r in self.records}
        held_refusals = tuple(review.Refusal(rid, numbers[rid], why) for rid, why in held.items())
        name, actor = self.name, self.actor

        def work(store: Store, progress) -> review.BatchResult:
            return review.apply_many(store, todo, name, actor, expected=expected, progress=progress)

        def finished(result: review.BatchResult) -> None:
            self.task = None
            self._show_result(replace(result, refused=result.refused + held_refusals))

        if self.store.path is None:  # an in-memory database has no second connection
            finished(work(self.store, lambda *_: None))
            return
        from fazhi_desktop.qt.tasks import own_store_job, run_task

        self.task = run_task(self, f"正在{self.move.label}……", own_store_job(self.store, work))
        self.task.done.connect(finished)
        self.task.failed.connect(self._failed)
        self._update_button()

    def _show_result(self, result: review.BatchResult) -> None:
        self.result_label.setText(result.headline() + ("：" if result.refused else "。"))
        self.result_label.setStyleSheet(DONE_STYLE if result.done else NOTHING_DONE_STYLE)
        self.result_label.show()
        box = self.refused_box
        box.setPlainText("\n".join(result.refused_lines()))
        margins = int(box.document().documentMargin() * 2) + box.frameWidth() * 2 + 2
        box.setFixedHeight(box.fontMetrics().lineSpacing() * min(len(result.refused), REFUSED_LINES) + margins)
        box.setVisible(bool(result.refused))
        self.reload(ticked=False)  # what is left stays unticked: a second Enter does nothing unasked
        self.applied.emit(result)

    def _failed(self, message: str, _cancelled: bool) -> None:
        self.task = None
        self.dialogs.error(self, f"无法{self.move.label}", message)
        self.reload(ticked=False)

    def reject(self) -> None:
        if self.task is None:  # not while the batch runs: its result is still to be shown
            super().reject()


# -- in the main window ----------------------------------------------------------------------------------------


def open_batch_review(window, name: str) -> BatchReviewDialog:
    """The dialog for step `name`, on the ledger shown (the first ledger on other pages) and its year filter."""
    view = window.current_ledger_view()
    ledger = view.ledger.name if view is not None else window.ledger_names[0]
    year = view.year_combo.currentData() if view is not None else None
    dialog = BatchReviewDialog(window.store, name, ledger, year, window.actor, window.dialogs,
                               held_back=lambda record_id: _unsaved(window, record_id), parent=window,
                               open_record=lambda record: open_over(window, dialog, record, dialog.reread))
    dialog.applied.connect(lambda result: window.show_stored(result.done, {record.ledger for record in result.done}))
    window.batch_review_dialog = dialog
    dialog.open()
    return dialog


def _unsaved(window, record_id: str) -> str | None:
    editor = window.editors.get(record_id)
    return UNSAVED if editor is not None and editor.editor.is_dirty() else None
