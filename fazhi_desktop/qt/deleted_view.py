"""编辑 → 已删除的记录…: a record deleted by mistake (Delete pressed on the wrong row) brought back, number and all.

The list is core's (core/deleted.py): this office's deleted records, the last deleted first, each with when and by
whom, and why it cannot come back where it cannot (a closed year, a 所长's record, its number given out again).
The selected row's 说明 is said whole under the list: the column cut "2025年已封账，须由所长或…", the way out
("先重新打开2025年（编辑 → 年度封账…）") only in tooltips.
查看历史 shows its history; 恢复 (Enter or a double-click on the row too) asks once (Enter: 恢复, which loses
nothing) and brings it back through the one write path (Store.restore_deleted); its ledger's list and the counts
then show it again, and the list here is read again. Records an undone Excel import deleted (撤销Excel导入, hundreds
at once) say so in 说明, and the list can show them apart from those deleted one by one (显示); 恢复 of one of them
says that only this one comes back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fazhi_desktop.core import deleted, import_undo
from fazhi_desktop.core.attachments import files_not_held
from fazhi_desktop.core.display import clip
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.common import (
    as_typed,
    em,
    fit_to_screen,
    on_activate,
    plain_item,
    push_button,
    read_only_table,
    set_rows,
)
from fazhi_desktop.qt.hints import hint_label

#: 显示's choice of every deleted record, and of those deleted one by one (an undo's choice is its history note)
ALL, ONE_BY_ONE = "all", "one_by_one"
#: 显示's least width, in characters, and how much of an undone import's file name its choice shows (all of it in
#: the choice's tooltip)
SHOWN_CHARS, FILE_CHARS = 24, 12
COLUMNS = ("台账", "编号", "名称", "日期", "删除时间", "删除人", "说明")
HOW = ("这里列出本所删除的记录，最近删除的在前。选中一条，点“恢复”即可找回：编号、内容、附件和状态都与删除前相同，"
       "修改历史中记为“恢复”，下次导出时一并报送县里。")


class DeletedDialog(QDialog):
    manual_part = "修改和删除"  # F1 here opens the manual there (qt/manual_view.py)

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.window = window
        self.store: Store = window.store
        self.items: list[deleted.Deleted] = []  # those shown (`shown_combo`)
        self.counts: dict[str | None, int] = {}  # how many each undo deleted (None: one by one)
        self.shown_combo = QComboBox()  # all, those deleted one by one, or one undo's
        self.shown_combo.setAccessibleName("显示")
        # as wide as the dialog gives, not as its longest choice: an import's long file name ran it off a 1024 screen
        self.shown_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.shown_combo.setMinimumContentsLength(SHOWN_CHARS)
        self.setWindowTitle("已删除的记录")
        self.table = read_only_table(COLUMNS, stretched=("名称", "说明"))
        self.table.setAccessibleName("已删除的记录")
        self.history_button = push_button("查看历史(&H)…")
        self.restore_button = push_button("恢复(&R)…")
        self.close_button = push_button("关闭", "关闭（Esc）")
        self.said_label = QLabel(wordWrap=True)  # the selected row's 说明, whole
        self.said_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(HOW))
        self.shown_row = QWidget()
        shown = QHBoxLayout(self.shown_row)
        shown.setContentsMargins(0, 0, 0, 0)
        label = QLabel("显示(&S)：")
        label.setBuddy(self.shown_combo)
        shown.addWidget(label)
        shown.addWidget(self.shown_combo, 1)
        layout.addWidget(self.shown_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.said_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._show_selected)
        on_activate(self.table, lambda _row, _column: self.restore())  # Enter, as a double-click, asks 恢复
        self.history_button.clicked.connect(self.show_history)
        self.restore_button.clicked.connect(self.restore)
        self.close_button.clicked.connect(self.reject)
        self.shown_combo.activated.connect(lambda _index: self.reload())
        self.reload()
        fit_to_screen(self, em(self, 64), em(self, 30))
        self.table.setFocus()

    def reload(self, select: int = 0) -> None:
        """The deleted records as they are now (those `shown_combo` chooses), the one at `select` (or the last)
        selected."""
        every = deleted.deleted_records(self.store)
        self.counts = deleted.by_undo(every)
        self._fill_choices(len(every))
        chosen = self.shown_combo.currentData()
        self.items = every if chosen in (ALL, None) else [item for item in every
                                                         if (item.undone_by or ONE_BY_ONE) == chosen]
        set_rows(self.table, len(self.items))
        for row, item in enumerate(self.items):
            texts = (item.ledger_label, item.record.number or "", clip(item.title, 60), item.day, item.deleted_at,
                     item.deleted_by, item.said())
            for column, text in enumerate(texts):
                cell = plain_item(text)
                cell.setToolTip(item.title if COLUMNS[column] == "名称" else text)
                self.table.setItem(row, column, cell)
        if self.items:
            self.table.selectRow(min(select, len(self.items) - 1))
        self._show_selected()

    def _fill_choices(self, total: int) -> None:
        """显示: all (全部), those deleted one by one, each undone import's; shown only when an undo deleted any."""
        chosen = self.shown_combo.currentData()
        self.shown_combo.clear()
        self.shown_combo.addItem(f"全部（{total:,} 条）", ALL)
        for undo, count in self.counts.items():
            said = "逐条删除的" if undo is None else f"{import_undo.undo_note_shortened(undo, FILE_CHARS)}删除的"
            self.shown_combo.addItem(f"{said}（{count:,} 条）", undo or ONE_BY_ONE)
            self.shown_combo.setItemData(self.shown_combo.count() - 1, as_typed(f"{undo or said}（{count:,} 条）"),
                                         Qt.ItemDataRole.ToolTipRole)  # the file's whole name
        found = self.shown_combo.findData(chosen)
        self.shown_combo.setCurrentIndex(max(found, 0))
        self.shown_row.setVisible(any(undo is not None for undo in self.counts))

    def selected(self) -> deleted.Deleted | None:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) and self.table.selectedItems() else None

    def _show_selected(self) -> None:
        item = self.selected()
        self.history_button.setEnabled(item is not None)
        self.restore_button.setEnabled(item is not None and item.blocked is None)
        if item is None:
            said = "没有已删除的记录" if not self.items else "请先选择一条记录"
            self.restore_button.setToolTip(said)
        else:
            said = item.said()
            self.restore_button.setToolTip(said if item.blocked else "恢复选中的记录")
        self.said_label.setText(said)

    def show_history(self) -> QDialog | None:
        from fazhi_desktop.qt.history_dialog import HistoryDialog

        item = self.selected()
        if item is None:
            return None
        self.history_dialog = HistoryDialog(self.store, item.record.id, self)
        self.history_dialog.open()
        return self.history_dialog

    def restore(self) -> None:
        item = self.selected()
        if item is None or item.blocked is not None:
            return
        named = f"{item.record.number or ''}“{clip(item.title, 40)}”"
        question = deleted.restore_question(item, self.counts.get(item.undone_by, 1))
        if not self.window.dialogs.confirm(self, "恢复记录", question, yes="恢复"):
            return
        row = self.table.currentRow()
        try:
            record = self.store.restore_deleted(item.record.id, self.window.actor)
        except FazhiError as exc:
            self.window.dialogs.error(self, "无法恢复", str(exc))
            self.reload(row)
            return
        self.window.show_stored([record], [record.ledger])
        self.window.statusBar().showMessage(f"已恢复 {named}", 10_000)
        self.reload(row)
        notes = [f"{w.label}：{w.message}" for w in record.warnings]
        missing = files_not_held(self.store, self.store.ledger(record.ledger), record.values)
        if missing:
            notes.append(f"附件文件缺失：{'、'.join(missing)}（导出前须找回，或打开记录移除这些附件）")
        if notes:
            self.window.dialogs.warn(self, "已恢复，请核对", f"已恢复 {named}。\n\n" + "\n".join(notes))


def open_deleted_records(window) -> DeletedDialog:
    """The dialog over the main window (编辑 → 已删除的记录…)."""
    dialog = DeletedDialog(window, parent=window)
    window.deleted_dialog = dialog
    dialog.open()
    return dialog
