"""数据交换 → 补录回执列出的记录…: the records the county's receipts named that this office lacks (a backup restored),
each entered again under the number printed on its paper (core/bundle/reentry.py).

The list is core's (`reentry.to_enter`): 台账, 编号, 日期 as the receipt gave them and how each stands here (本所没有,
本所已删除, or its number given here to another record: then 补录 is refused with the reason, said under the list).
补录 (Enter or a double-click on the row too) opens the ledger's editor, titled 补录 〔2026〕会记字第2号, with the date
filled; saved, the record carries the county's id and its printed number, and the county's next import takes it as
an update of its record. The list is read again when the window is
shown again and after each save.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fazhi_desktop.core.bundle import reentry
from fazhi_desktop.qt.common import em, fit_to_screen, on_activate, plain_item, push_button, read_only_table
from fazhi_desktop.qt.hints import hint_label

COLUMNS = ("台账", "编号", "日期", "本所情况")
HOW = ("县里的回执列出了本所从备份恢复后没有了的记录。选中一条，点“补录”，按纸质材料填写：保存后用纸上的原编号，"
       "县里导入下一个数据包时作为同一条记录更新，不会出现两条。")


class LostDialog(QDialog):
    manual_part = "导入县级回执"  # F1 here opens the manual there (qt/manual_view.py)

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.window = window
        self.items: list[reentry.ToEnter] = []
        self.setWindowTitle("补录回执列出的记录")
        self.table = read_only_table(COLUMNS, stretched=("本所情况",))
        self.table.setAccessibleName("回执列出的本所没有的记录")
        self.enter_button = push_button("补录(&B)…")
        self.close_button = push_button("关闭", "关闭（Esc）")
        self.said_label = QLabel(wordWrap=True)  # the selected row's reason, whole
        self.said_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.how_label = hint_label(HOW)  # or, the list empty, why it is (`reentry.none_to_enter`)
        layout = QVBoxLayout(self)
        layout.addWidget(self.how_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.said_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.enter_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._show_selected)
        on_activate(self.table, lambda _row, _column: self.enter())  # double-click or Enter: Enter did nothing
        self.enter_button.clicked.connect(self.enter)
        self.close_button.clicked.connect(self.reject)
        self.reload()
        fit_to_screen(self, em(self, 56), em(self, 26))
        self.table.setFocus()

    def reload(self, select: int = 0) -> None:
        """The records as they stand now, the one at `select` (or the last) selected."""
        self.items = reentry.to_enter(self.window.store)
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            texts = (item.label, item.record.number or "", item.record.date or "", item.standing)
            for column, text in enumerate(texts):
                self.table.setItem(row, column, plain_item(text))
        if self.items:
            self.table.selectRow(min(select, len(self.items) - 1))
        # the list empty, said plainly as the case is: HOW spoke of records the county listed above no records
        self.how_label.setText(HOW if self.items else reentry.none_to_enter(self.window.store))
        self._show_selected()

    def selected(self) -> reentry.ToEnter | None:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) and self.table.selectedItems() else None

    def _show_selected(self) -> None:
        item = self.selected()
        self.enter_button.setEnabled(item is not None and item.refused is None)
        if item is None:
            said = self.how_label.text() if not self.items else "请先选择一条记录"
        else:
            said = (f"不能按原编号补录：{item.refused}" if item.refused
                    else f"可以补录：保存后编号为 {item.record.number}")
        self.enter_button.setToolTip(said)
        self.said_label.setText(said if self.items else "")  # said once, above the list

    def enter(self) -> QWidget | None:
        """The ledger's editor for the selected record, its date filled, saving under its printed number."""
        item = self.selected()
        if item is None or item.refused is not None:
            return None
        editor = self.window.open_editor(item.record.ledger, None, reentering=item)
        if editor is not None and hasattr(editor, "saved"):
            editor.saved.connect(lambda _record: self.reload(self.table.currentRow()))
        return editor


def open_lost_records(window) -> LostDialog:
    """The dialog over the main window (数据交换 → 补录回执列出的记录…)."""
    dialog = LostDialog(window, parent=window)
    window.lost_dialog = dialog
    dialog.open()
    return dialog
