"""数据交换 → 处理冲突… (county): the conflicts bundles brought, both versions side by side, and the decision.

Core decides everything (core/bundle/conflicts.py): what differs, who may decide, what a choice does. This window
shows it: the list of conflicts, the fields that differ (ID numbers and phones masked), and two buttons.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core.bundle import conflicts as core
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.divisions import load_divisions
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.permissions import why_not
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.common import em, fit_to_screen, plain_item, read_only_table, set_rows
from fazhi_desktop.qt.hints import hint_label

EXPLANATION = ("同一条记录的同一版本收到了两份不同的内容（常见原因：乡镇从备份恢复后又修改了这条记录）。"
               "处理之前，本县保留原有版本。请逐项比较后决定：保留原有版本，或采用新收到的版本。")
#: said of an open conflict whose record is set aside (the township restored a backup, core/bundle/lost.py)
SET_ASIDE = ("\n这条记录现在不计入指标：乡镇从备份恢复过，已没有本县原有的版本。"
             "处理后以所选的版本计入（保留本县原有版本，也计入）。")
INCOMING_COLOUR = QColor("#fff4d6")


class ConflictsDialog(QDialog):
    manual_part = "冲突"  # F1 here opens the manual there (qt/manual_view.py)

    def __init__(self, store: Store, dialogs, actor: str, parent: QWidget | None = None,
                 on_settled: Callable[[], None] | None = None):
        super().__init__(parent)
        self.store, self.dialogs, self.actor = store, dialogs, actor
        self.on_settled = on_settled  # the main window reads the data again (a version taken changes the figures)
        self.conflicts: list[core.BundleConflict] = []
        self.names = {code: division.name for code, division in load_divisions().items()}  # read once
        self.setWindowTitle("数据包冲突")
        fit_to_screen(self, em(self, 82), em(self, 52))
        self.show_resolved = QCheckBox("显示已处理的(&A)")
        self.show_resolved.toggled.connect(lambda _on: self.refresh())
        self.table = read_only_table(["乡镇", "台账", "记录编号", "版本", "发现时间", "状态"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName("冲突列表")
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.summary = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)  # a record a township sent
        self.diff = read_only_table(["字段", "本县原有版本", "新收到的版本"])
        self.diff.setWordWrap(True)
        header = self.diff.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.diff.setAccessibleName("两版的不同之处")
        self.keep_button = QPushButton("保留本县原有版本(&K)")
        self.take_button = QPushButton("采用新收到的版本(&T)…")
        self.keep_button.clicked.connect(lambda: self._resolve(core.KEEP_HELD))
        self.take_button.clicked.connect(lambda: self._resolve(core.TAKE_INCOMING))
        self.empty = hint_label()

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.summary)
        lower_layout.addWidget(self.diff, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.take_button)
        buttons.addStretch(1)
        lower_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(1, 2)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(EXPLANATION))
        layout.addWidget(self.show_resolved)
        layout.addWidget(self.empty)
        layout.addWidget(splitter, 1)
        layout.addWidget(close)
        self.refresh()
        # the list first, not 显示已处理的 (the first in the dialog): arrows pick a conflict, Alt+K or Alt+T settles it
        (self.table if self.conflicts else close.button(QDialogButtonBox.StandardButton.Close)).setFocus()

    def refresh(self, select_id: int | None = None) -> None:
        self.conflicts = core.list_conflicts(self.store, include_resolved=self.show_resolved.isChecked())
        set_rows(self.table, len(self.conflicts))
        for row, conflict in enumerate(self.conflicts):
            cells = [self._township(conflict.township), self.store.ledger(conflict.ledger).label,
                     conflict.number or conflict.record_id, f"第 {conflict.revision} 版",
                     local_time(conflict.detected_at), conflict.status_text]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, plain_item(text))
        self.empty.setText("" if self.conflicts else "没有待处理的冲突。" if not self.show_resolved.isChecked()
                           else "还没有收到过冲突。")
        self.empty.setVisible(not self.conflicts)
        ids = [c.id for c in self.conflicts]
        if ids:
            self.table.selectRow(ids.index(select_id) if select_id in ids else 0)
        self._show_selected()

    def selected(self) -> core.BundleConflict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.conflicts[rows[0].row()] if rows else None

    def _show_selected(self) -> None:
        conflict = self.selected()
        self.diff.setRowCount(0)
        if conflict is None:
            self.summary.setText("")
            self._enable(None)
            return
        ledger = self.store.ledger(conflict.ledger)
        held = conflict.held
        held_text = (f"本县原有：第 {held.revision} 版，{local_time(held.updated_at)} 由 {held.updated_by} 修改"
                     if held else "本县已没有这条记录")
        self.summary.setText(f"{self._township(conflict.township)} {ledger.label} {conflict.number or ''} —— "
                             f"{conflict.status_text}。{held_text}；新收到：第 {conflict.revision} 版，"
                             f"{local_time(conflict.incoming_meta.get('updated_at', ''))} 由 "
                             f"{conflict.incoming_meta.get('updated_by', '')} 修改。"
                             + (SET_ASIDE if conflict.open and self.store.aside_of([conflict.record_id]) else "")
                             + (f"\n{core.KEPT_TOLD}。" if conflict.kept_standing else ""))
        differences = core.differences(self.store, conflict)
        if not differences:
            self.summary.setText(f"{self.summary.text()}\n{core.SAME_TO_READ}。")
        self.diff.setRowCount(len(differences))
        for row, difference in enumerate(differences):
            for column, text in enumerate((difference.label, difference.before, difference.after)):
                item = plain_item(text)
                if column == 2:
                    item.setBackground(QBrush(INCOMING_COLOUR))
                self.diff.setItem(row, column, item)
        self.diff.resizeRowsToContents()
        self._enable(conflict)

    def _enable(self, conflict: core.BundleConflict | None) -> None:
        refused = why_not(self.store.user, "bundle.resolve") if self.store.user is not None else None
        for button in (self.keep_button, self.take_button):
            button.setEnabled(conflict is not None and conflict.open and refused is None)
            button.setToolTip(refused or "")
        if conflict is not None and conflict.open and conflict.superseded:
            self.take_button.setEnabled(False)
            self.take_button.setToolTip("这条记录已收到更新的版本，不能再采用冲突中的旧版本；请保留现有版本以关闭此冲突")
            self.keep_button.setText("关闭此冲突（保留现有版本）(&K)")
        else:
            self.keep_button.setText("保留本县原有版本(&K)")

    def _township(self, code: str) -> str:
        return f"{self.names[code]}（{code}）" if code in self.names else code

    def _resolve(self, keep: str) -> None:
        conflict = self.selected()
        if conflict is None:
            return
        if keep == core.TAKE_INCOMING and not self.dialogs.confirm(
            self, "采用新收到的版本",
            f"用新收到的版本替换本县现有的 {self._township(conflict.township)} "
            f"{conflict.number or conflict.record_id} 第 {conflict.revision} 版吗？\n"
            "替换后，统计和查询都以新版本为准；被替换的版本随这条冲突一并保留，仍可在此对照查看。", yes="采用新版本"):
            return
        try:
            core.resolve_conflict(self.store, conflict.id, keep, self.actor)
        except FazhiError as exc:
            self.dialogs.error(self, "无法处理冲突", str(exc))
        self.refresh(select_id=conflict.id)
        if self.on_settled is not None:
            self.on_settled()


def open_conflicts_dialog(window) -> ConflictsDialog:
    dialog = ConflictsDialog(window.store, window.dialogs, window.actor, window, window.refresh_current)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.conflicts_dialog = dialog  # kept while open
    dialog.open()
    return dialog
