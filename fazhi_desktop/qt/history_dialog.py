"""修改历史 of one record (and of one roster person: qt/roster_view.py): every revision (who, when, what, why) above,
the fields it changed below.

At the county a township's record has only the change log's entries its bundles carried (who, when, what, why; no
contents, so no fields changed): those are listed, under a heading that says so, as `fazhi history` prints them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core import divisions
from fazhi_desktop.core.history import RECEIVED_NOTE, Revision, is_received, record_history, versions
from fazhi_desktop.core.store import Record, Store
from fazhi_desktop.qt.common import em, fit_to_screen, read_only_table
from fazhi_desktop.qt.hints import hint_label

REVISION_COLUMNS = ("版本", "时间", "操作人", "操作", "状态", "原因")
CHANGE_COLUMNS = ("字段", "原值", "新值")


def _table(headers: tuple[str, ...]) -> QTableWidget:
    table = read_only_table(headers)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)


class RevisionsDialog(QDialog):
    """Revisions above (版本, 时间, 操作人, 操作, 状态, and `reason` column: 原因), the fields the one chosen changed
    below; read-only. The records' history and the roster's (人员名册 → 历史…) are both shown so."""

    def __init__(self, title: str, revisions: list[Revision], parent: QWidget | None = None, reason: str = "原因"):
        super().__init__(parent)
        self.revisions = revisions
        self.reason_heading = reason
        self.setWindowTitle(title)
        self.revision_table = _table((*REVISION_COLUMNS[:-1], reason))
        self.revision_table.setAccessibleName("各版本")
        self.change_table = _table(CHANGE_COLUMNS)
        self.change_table.setAccessibleName("本版改动")
        self.change_table.setWordWrap(True)
        _fill(self.revision_table, [[str(r.revision), r.local_time, r.actor, r.action, r.status, r.reason or ""]
                                    for r in self.revisions])
        header = self.revision_table.horizontalHeader()
        for column in range(len(REVISION_COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        changes = self.change_table.horizontalHeader()
        changes.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2):  # before and after share the width alike (原值 was squeezed beside a wide 新值)
            changes.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        # each row as high as its values at the columns' widths of the moment: sized once, before the window had
        # its width, values that fit one line took two in 长者模式
        self.change_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.change_title = QLabel()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.revision_table)
        self.lower = QWidget()
        column = QVBoxLayout(self.lower)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.change_title)
        column.addWidget(self.change_table)
        splitter.addWidget(self.lower)
        buttons = QDialogButtonBox()
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        self.note = hint_label("")
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.revision_table.itemSelectionChanged.connect(self._show_selected)
        fit_to_screen(self, em(self, 56), em(self, 36))
        if self.revisions:
            self.revision_table.selectRow(len(self.revisions) - 1)

    def rows(self) -> list[list[str]]:
        """The revisions as shown (hidden columns left out), for tests and accessibility."""
        table = self.revision_table
        return [[table.item(r, c).text() for c in range(table.columnCount()) if not table.isColumnHidden(c)]
                for r in range(table.rowCount())]

    def _show_selected(self) -> None:
        rows = self.revision_table.selectionModel().selectedRows()
        if not rows:
            return
        revision = self.revisions[rows[0].row()]
        reason = f"　{self.reason_heading}：{revision.reason}" if revision.reason else ""
        reason += f"　核验码：{revision.code}" if revision.code else ""  # a paper printed
        self.change_title.setText(f"第 {revision.revision} 版：{revision.actor} {revision.action}"
                                  f"（{revision.local_time}）{reason}")
        _fill(self.change_table, [[c.label, c.before, c.after] for c in revision.changes])

    def changed_labels(self, revision: int) -> list[str]:
        """The labels of the fields changed in `revision` (for tests and accessibility)."""
        return [c.label for r in self.revisions if r.revision == revision for c in r.changes]


class HistoryDialog(RevisionsDialog):
    """A record's 修改历史. ID and phone numbers are masked, as everywhere on screen."""

    def __init__(self, store: Store, record_id: str, parent: QWidget | None = None):
        record = store.get(record_id, include_deleted=True)
        ledger = store.ledger(record.ledger)
        super().__init__(f"修改历史 — {ledger.label} {record.number or ''}", record_history(store, record_id), parent)
        self.received = is_received(store, self.revisions)
        if self.received:  # no contents, so no 状态 and no fields changed: only the entries
            self.revision_table.setColumnHidden(REVISION_COLUMNS.index("状态"), True)
            self.lower.hide()
            self.note.setText(received_note(record, len(self.revisions)))
        else:
            self.note.setText(f"共 {versions(self.revisions)} 版，时间为本机时间。每一版都原样留存，"
                              "不能被改动或删除；即使有人绕过本程序改动数据，也会被发现。")


def received_note(record: Record, count: int) -> str:
    """The county's heading: what it holds of this record's history, and where the rest is."""
    place = divisions.names().get(record.township) or "乡镇"
    if not count:
        return f"县里没有收到这条记录的变更日志条目，它的修改历史在{place}的数据库中。"
    return f"以下是{place}随数据包报送的这条记录的变更日志，共 {count} 版，时间为本机时间。{RECEIVED_NOTE}。"
