"""文件 → 撤销Excel导入…: a wrong file imported (last year's, the 行政调解 sheet into 人民调解) taken back in one step.

The rules are core's (core/import_undo.py): the dialog lists this database's imports, newest first, with how many
of each can still be undone; the selected one's details say what an undo deletes, what stays and why (a record
being edited with unsaved changes stays too), and what becomes of the numbers. 撤销这次导入 asks once, naming the
count, the ledger and the file, then deletes in one transaction on a worker thread (its box, like the import's, has
no 取消); the ledger's list and the counts then show the records gone, and the dialog lists the imports again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPlainTextEdit, QVBoxLayout, QWidget

from fazhi_desktop.core import import_undo
from fazhi_desktop.core.jobs import Progress
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.batch_review import UNSAVED
from fazhi_desktop.qt.common import em, fit_to_screen, plain_item, push_button, read_only_table
from fazhi_desktop.qt.excel_import_view import keep_open
from fazhi_desktop.qt.hints import hint_label
from fazhi_desktop.qt.tasks import Task, own_store_job, run_task

COLUMNS = ("导入时间", "台账", "文件", "操作人", "导入", "可撤销", "说明")
HOW = ("撤销一次导入，删除其中仍是导入时原样的记录：草稿，导入后没有修改、没有提交审核，所在年度没有封账。其余的保留，"
       "并说明原因。删除的记录不再出现在列表和统计中，修改历史仍然保留；编号能收回的收回（见下方说明）。")


class ImportUndoDialog(QDialog):
    manual_part = "从Excel导入以前的记录"  # F1 here opens the manual there (qt/manual_view.py)

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.window = window
        self.store: Store = window.store
        self.plans: list[import_undo.Plan] = []
        self.task: Task | None = None
        self.setWindowTitle("撤销Excel导入")
        self.table = read_only_table(COLUMNS, stretched=("说明",))
        self.table.setAccessibleName("从Excel导入的记录批次")
        self.details = QPlainTextEdit(readOnly=True)
        self.details.setAccessibleName("撤销这次导入将做什么")
        self.undo_button = push_button("撤销这次导入(&U)…")
        self.close_button = push_button("关闭", "关闭（Esc）")
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(HOW))
        layout.addWidget(self.table, 3)
        layout.addWidget(self.details, 2)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.undo_button.clicked.connect(self.undo)
        self.close_button.clicked.connect(self.reject)
        self.reload()
        fit_to_screen(self, em(self, 64), em(self, 34))
        self.table.setFocus()

    # -- the list --------------------------------------------------------------------------------------------

    def reload(self) -> None:
        """The imports as they stand now, the first (newest) selected."""
        self.plans = import_undo.recent(self.store, busy=self._busy())
        self.table.setRowCount(len(self.plans))
        for row, plan in enumerate(self.plans):
            texts = (plan.when, plan.ledger.label, plan.file_name, plan.actor, f"{plan.records} 条",
                     f"{len(plan.undoable)} 条", plan.notes())
            for column, text in enumerate(texts):
                item = plain_item(text, align_right=COLUMNS[column] in ("导入", "可撤销"))
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        if self.plans:
            self.table.selectRow(0)
        self._show_selected()

    def selected(self) -> import_undo.Plan | None:
        row = self.table.currentRow()
        return self.plans[row] if 0 <= row < len(self.plans) and self.table.selectedItems() else None

    def _show_selected(self) -> None:
        plan = self.selected()
        if plan is None:
            text = "尚未从Excel导入过记录。" if not self.plans else "请在上面选择一次导入。"
        elif plan.undoable:
            text = "\n".join(plan.explained(shown=None))
        else:
            text = "\n".join([plan.nothing_text(), *(f"  {kept}" for kept in plan.kept)])
        self.details.setPlainText(text)
        count = len(plan.undoable) if plan is not None else 0
        self.undo_button.setText(f"撤销这次导入（{count} 条）(&U)…" if count else "撤销这次导入(&U)…")
        self.undo_button.setEnabled(count > 0 and self.task is None)
        self.undo_button.setToolTip("" if count else "这次导入没有可撤销的记录")

    def _busy(self) -> dict[str, str]:
        """Records open in an editor with unsaved changes: left alone (the clerk still means to save them)."""
        return {record_id: UNSAVED for record_id, editor in self.window.editors.items() if editor.editor.is_dirty()}

    # -- undoing ---------------------------------------------------------------------------------------------

    def undo(self) -> Task | None:
        plan = self.selected()
        if plan is None or not plan.undoable or self.task is not None:
            return None
        if not self.window.dialogs.confirm(self, "撤销Excel导入", plan.question(), yes="撤销导入", no="取消",
                                           default=False):
            return None
        expected = [record_id for record_id, _ in plan.undoable]
        busy, actor, import_id = self._busy(), self.window.actor, plan.id

        def work(store: Store, _progress: Progress) -> import_undo.Undone:
            return import_undo.undo(store, import_id, actor, expected, busy)

        self.task = run_task(self, f"正在撤销导入：删除 {len(expected)} 条记录……", own_store_job(self.store, work))
        self.task.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        keep_open(self.task)
        self.task.done.connect(self._undone)
        self.task.failed.connect(self._not_undone)
        self._show_selected()
        return self.task

    def _undone(self, done: import_undo.Undone) -> None:
        self.task = None
        for record in done.deleted:  # an editor left open on a record now deleted (unchanged: nothing is lost)
            open_editor = self.window.editors.get(record.id)
            if open_editor is not None:
                open_editor.close()
        self.window.show_stored([], [done.plan.ledger.name])
        self.reload()
        self.window.dialogs.info(self, "已撤销导入", done.summary() + "。")

    def _not_undone(self, message: str, _cancelled: bool) -> None:
        self.task = None
        self.reload()
        self.window.dialogs.error(self, "未能撤销导入", f"{message}\n未删除任何记录。")

    def reject(self) -> None:
        if self.task is None:  # not while an undo runs: its message is still to come
            super().reject()


def open_import_undo(window) -> ImportUndoDialog:
    """The dialog over the main window (文件 → 撤销Excel导入…)."""
    dialog = ImportUndoDialog(window, parent=window)
    window.import_undo_dialog = dialog
    dialog.open()
    return dialog
