"""Inputs that refer to other stored things: a link to a record of another ledger, and attachments."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from fazhi_desktop.core.attachments import add_attachment, viewable_copy
from fazhi_desktop.core.display import size_text
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.store import ListQuery, Record
from fazhi_desktop.qt.common import em
from fazhi_desktop.qt.editor.widgets import ChoiceBox, FieldInput, FormButton, is_plain_enter, make_read_only

log = logging.getLogger(__name__)
NO_LINK = "—不关联—"
#: keys in a link's list that change its year, as they change the month in the calendar
YEAR_KEYS = {Qt.Key.Key_PageUp: -1, Qt.Key.Key_PageDown: 1}


class LinkInput(FieldInput):
    """A record of ledger `field.link`, chosen from one year's records (“〔2026〕学法字第3号 学习宪法”).

    The year box beside the list is not a stop of Tab and Enter: it follows the record's date, so a clerk typing
    through the form rarely wants another year, and stopping there cost every meeting one Enter more. PageUp and
    PageDown in the list change the year (as in the calendar: the year before, the year after); a click on the box
    goes to it too."""

    def build(self) -> QWidget:
        self.target = self.ctx.store.ledger(self.field.link or "")
        combo = self.records = ChoiceBox()
        combo.setMinimumWidth(em(combo, 20))
        combo.setToolTip(f"上下箭头选择；PageUp / PageDown 换成上一年 / 下一年的“{self.target.label}”记录")
        self.year = ChoiceBox()
        self.year.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.year.setToolTip(f"按年份列出“{self.target.label}”记录（在左边的列表中按 PageUp / PageDown 换年份）")
        self.row.addWidget(combo, 1)
        self.row.addWidget(self.year)
        self._selected: str | None = None
        self._fill_years(self.ctx.today.year)
        self.year.currentIndexChanged.connect(self._year_changed)
        combo.currentIndexChanged.connect(self._record_changed)
        self._fill_records()
        return combo

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        make_read_only(self.year, read_only)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """The list is read again when the clerk comes to it (also back from the window where she has just saved
        the 会前学法 to link): it was read once, when the editor opened. PageUp / PageDown there change the year."""
        if obj is self.records and not self.read_only:
            if event.type() == QEvent.Type.FocusIn:
                self._fill_records()
            elif event.type() == QEvent.Type.KeyPress and event.key() in YEAR_KEYS:
                self.step_year(YEAR_KEYS[event.key()])
                return True
        return super().eventFilter(obj, event)

    def step_year(self, years: int) -> None:
        """List the records of the year `years` after the one shown (-1: the year before), if the box offers it."""
        index = self.year.currentIndex() - years  # the box lists the newest year first
        if 0 <= index < self.year.count():
            self.year.setCurrentIndex(index)

    def value(self) -> Any:
        return self._selected

    def set_value(self, value: Any) -> None:
        self._selected = value or None
        year = self.ctx.today.year
        if self._selected:
            try:
                record = self.ctx.store.get(self._selected)
                day = record[self.target.date_field]
                year = int(day[:4]) if day else year
            except FazhiError:
                pass  # a link to a deleted record: kept, shown as such, and core reports it on save
        self._fill_years(year)
        self._fill_records()
        self.changed.emit()

    def follow_year(self, year: int) -> None:
        """List `year`'s records, the year of the record's own date, unless one is linked already: a meeting of 28
        December entered on 3 January links that December's 会前学法, not one of the new year."""
        if self._selected or self.year.currentData() == year:
            return
        self._fill_years(year)
        self._fill_records()

    def _fill_years(self, chosen: int) -> None:
        years = sorted({*self.ctx.store.years(self.target.name), self.ctx.today.year, chosen}, reverse=True)
        self.year.blockSignals(True)
        self.year.clear()
        for y in years:
            self.year.addItem(f"{y}年", y)
        self.year.setCurrentIndex(self.year.findData(chosen))
        self.year.blockSignals(False)

    def _fill_records(self) -> None:
        combo = self.records
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(NO_LINK, None)
        for record in self.ctx.store.list(ListQuery(self.target.name, year=self.year.currentData()), limit=2000):
            combo.addItem(self._describe(record), record.id)
        if self._selected and combo.findData(self._selected) < 0:  # of another year than the one listed, or gone
            combo.addItem(self._linked_elsewhere(), self._selected)
        combo.setCurrentIndex(max(0, combo.findData(self._selected)) if self._selected else 0)
        combo.blockSignals(False)

    def _linked_elsewhere(self) -> str:
        """The linked record when the year listed is not its own (PageDown from it): it stays linked, and said so,
        not "已不存在"."""
        try:
            return self._describe(self.ctx.store.get(self._selected or ""))
        except FazhiError:
            return "（所链接的记录已不存在或已删除）"

    def _describe(self, record: Record) -> str:
        title = record[self.target.title_field] or ""
        day = record[self.target.date_field] or ""
        return f"{record.number or ''} {title}（{day}）".strip()

    def _year_changed(self) -> None:
        self._fill_records()

    def _record_changed(self) -> None:
        self._selected = self.records.currentData()
        self.edited()


class AttachmentsInput(FieldInput):
    """Files kept with the record: 添加… copies them into the store, 打开 shows one, 移除 takes it off the record
    (the stored file stays: other records or earlier revisions may refer to it)."""

    def build(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        files = self.files = QListWidget()
        files.setMaximumHeight(int(files.fontMetrics().lineSpacing() * 5 + 12))
        files.itemActivated.connect(lambda _item: self.open_selected())
        files.currentRowChanged.connect(lambda _row: self._update_buttons())
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), files, self.remove_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)
        buttons = QHBoxLayout()
        self.add_button = FormButton("添加…", "选择文件加入本记录（空格键）")
        self.open_button = FormButton("打开", "用本机程序打开选中的附件（在列表中按 Enter）")
        self.remove_button = FormButton("移除", "从本记录移除选中的附件（在列表中按 Delete）")
        self.add_button.clicked.connect(self.add_files)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        for button in (self.add_button, self.open_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addWidget(files)
        column.addLayout(buttons)
        self.row.addWidget(box)
        self.choose_files = self.ctx.choose_files
        self.open_file = self.ctx.open_file
        self._update_buttons()
        return files

    def focus_chain(self) -> list[QWidget]:
        return [self.files, self.add_button, self.open_button, self.remove_button]

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """Enter on an empty list moves on, as in every field (on a file it opens it)."""
        if obj is self.files and event.type() == QEvent.Type.KeyPress and is_plain_enter(event) \
                and not self.files.count():
            self.files.focusNextChild()
            return True
        return super().eventFilter(obj, event)

    def set_read_only(self, read_only: bool) -> None:
        """A locked record's attachments can still be opened, not added or removed."""
        super().set_read_only(read_only)
        self.add_button.setHidden(read_only)
        self.remove_button.setHidden(read_only)

    def value(self) -> Any:
        return [self.files.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.files.count())]

    def set_value(self, value: Any) -> None:
        self.files.clear()
        for entry in value or []:
            self._append(entry)
        self._update_buttons()
        self.changed.emit()

    def add_files(self) -> None:
        if self.read_only:
            return
        for path in self.choose_files(self) or []:
            try:
                entry = add_attachment(self.ctx.store, path)
            except FazhiError as exc:  # a file that cannot be read or stored too (core/failures.py), in Chinese
                self.ctx.dialogs.error(self, "无法添加附件", str(exc))
                continue
            if entry["sha256"] not in {e["sha256"] for e in self.value()}:
                self._append(entry)
        self.files.setCurrentRow(self.files.count() - 1)
        self._update_buttons()
        self.edited()

    def open_selected(self) -> None:
        item = self.files.currentItem()
        if item is None:
            return
        entry = item.data(Qt.ItemDataRole.UserRole)
        try:
            path = viewable_copy(self.ctx.store, entry, self.ctx.opened_dir)
        except FazhiError as exc:
            self.ctx.dialogs.error(self, "无法打开附件", str(exc))
            return
        if not self.open_file(path):
            self.ctx.dialogs.error(self, "无法打开附件", f"本机没有能打开“{entry['name']}”的程序。\n文件位置：{path}")

    def remove_selected(self) -> None:
        row = self.files.currentRow()
        if row < 0 or self.read_only:
            return
        self.files.takeItem(row)
        self._update_buttons()
        self.edited()

    def _append(self, entry: dict) -> None:
        item = QListWidgetItem(f"{entry.get('name', '附件')}（{size_text(int(entry.get('size') or 0))}）")
        item.setData(Qt.ItemDataRole.UserRole, dict(entry))
        self.files.addItem(item)

    def _update_buttons(self) -> None:
        selected = self.files.currentRow() >= 0
        self.open_button.setEnabled(selected)
        self.remove_button.setEnabled(selected)


