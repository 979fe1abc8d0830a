"""Inputs that refer to other stored things: a link to a record of another ledger, and attachments."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFocusEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from fazhi_desktop.core.attachments import add_attachment, viewable_copy
from fazhi_desktop.core.dates import parse_date_query
from fazhi_desktop.core.display import size_text
from fazhi_desktop.core.errors import AccountStopped, FazhiError
from fazhi_desktop.core.store import ListQuery, Record
from fazhi_desktop.qt.common import em
from fazhi_desktop.qt.editor.widgets import ChoiceBox, FieldInput, FormButton, is_plain_enter, make_read_only

log = logging.getLogger(__name__)
NO_LINK = "—不关联—"
#: what a date is typed with, digits and separators: text of them alone, not yet a date, picks nothing
_DATE_TYPED = re.compile(r"[0-9０-９\s\-./年月日]+")
#: keys in a link's list that change its year, as they change the month in the calendar
YEAR_KEYS = {Qt.Key.Key_PageUp: -1, Qt.Key.Key_PageDown: 1}


class LinkBox(ChoiceBox):
    """A link's list, where what is typed means what `meaning` says (LinkInput: a date, or text of the list)."""

    def __init__(self, meaning: Callable[[str], int | None]):
        super().__init__()
        self.meaning = meaning
        self.typing = False  # a record is being chosen by what is typed (what it says is kept)

    def _meant(self, typed: str) -> int | None:
        return self.meaning(typed)

    def _choose_typed(self, text: str, word: bool = False) -> bool:
        """A word the input method gives (年, 月) continues the date typed before it, 2026 + 年 + 10 + 月 + 13 + 日."""
        self.typing = True
        try:
            return super()._choose_typed(text)
        finally:
            self.typing = False

    def typing_interval(self) -> int:
        """Longer than a drop-down's: a date is typed with an input method's words between its digits."""
        return max(super().typing_interval(), 1000)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._typing.invalidate()  # coming back to the list: a new text
        super().focusInEvent(event)

    def text_meant(self, typed: str) -> int | None:
        """What typed text means as in any drop-down (ChoiceBox): 第25号, a title's words."""
        return super()._meant(typed)


class LinkInput(FieldInput):
    """A record of ledger `field.link`, chosen from one year's records (“〔2026〕学法字第3号 学习宪法”).

    The year box beside the list is not a stop of Tab and Enter: it follows the record's date, so a clerk typing
    through the form rarely wants another year, and stopping there cost every meeting one Enter more. PageUp and
    PageDown in the list change the year (as in the calendar: the year before, the year after); a click on the box
    goes to it too.

    A date typed into the list is read as a date field reads it (2026-9-9, 2026年10月13日, 20261013, or 10月13日 in the
    year listed: dates.parse_date_query) and picks the record of that date (of the kind `wanted` first), the list
    turned to its year: matched as text, 2026-9-9 picked nothing and the meeting was saved unlinked. Digits alone that
    are no date pick as in any drop-down (12 for 第12号) if they pick one. Typed text that picks nothing is said under
    the list (orange), not passed over in silence, and the record linked when the text began is linked again: 2026-10-1,
    on the way to 2026-10-13, is a date, and its study stayed linked when the 13th had none."""

    def build(self) -> QWidget:
        self.target = self.ctx.store.ledger(self.field.link or "")
        combo = self.records = LinkBox(self._meaning)
        self._listed: list[Record | None] = []  # the record at each index of the list (None: 不关联, or unknown)
        self._unmatched: str | None = None  # what typed text that picked nothing said
        self._pending: str | None = None  # digits typed, not yet a date: said if she leaves the list so
        #: (field, value) of the records the link asks for (the form's `link` check: activity_type 会前学法), or None
        self.wanted: tuple[str, Any] | None = None
        combo.setMinimumWidth(em(combo, 20))
        combo.setToolTip(f"上下箭头选择；PageUp / PageDown 换成上一年 / 下一年的“{self.target.label}”记录")
        self.year = ChoiceBox()
        self.year.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.year.setToolTip(f"按年份列出“{self.target.label}”记录（在左边的列表中按 PageUp / PageDown 换年份）")
        self.row.addWidget(combo, 1)
        self.row.addWidget(self.year)
        self._selected: str | None = None
        self.chosen = False  # the clerk changed the list herself (不关联 too): no record is offered by the date
        self._offering = False
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

    def check(self, live: bool = False) -> None:
        super().check(live)
        if not live and self._pending:  # left with a date half typed
            self._unmatched = (f"“{self._pending}”不是完整的日期（如 2026-10-13），没有相符的“{self.target.label}”记录"
                               f"（{self.year.currentData()}年）")
            self._pending = None
        if self._unmatched and not self.error():
            kept = "，未关联" if self._selected is None else "，所选的记录未变"
            self.set_warning(f"{self._unmatched}{kept}：请核对所填内容")

    def _meaning(self, typed: str) -> int | None:
        """The index typed text picks in the list (see the class), or None to leave the one shown; what picks
        nothing is said, and gives back the record linked when the text began."""
        wanted = parse_date_query(typed)
        self._pending = None
        index = self.records.text_meant(typed) if wanted is None and typed.isdigit() else None  # 12: 第12号
        if index is None and wanted is None and _DATE_TYPED.fullmatch(typed):
            self._pending = typed  # said when she leaves the list as it is (10-13: no year)
            return self._held()  # a date still being typed (2026-9): the one record holding a 2 is not meant
        if wanted is None:
            index = self.records.text_meant(typed)
            found = index is not None or any(typed in self.records.itemText(i) for i in range(1, self.records.count()))
        else:
            if not wanted.startswith("-") and int(wanted[:4]) != self.year.currentData():
                at = self.year.findData(int(wanted[:4]))
                if at >= 0:
                    self.year.setCurrentIndex(at)  # 2025-12-28 typed while 2026 is listed
            days = [r[self.target.date_field] or "" if r is not None else "" for r in self._listed]
            dated = [i for i, day in enumerate(days) if day and (day.endswith(wanted) if wanted.startswith("-")
                                                                  else day.startswith(wanted))]
            dated.sort(key=lambda i: not self._wanted(self._listed[i]))  # a 会前学法 before a 讲座 of the day
            # a month (2026-9) is a date still being typed: it picks nothing (the month's first would go in, and stay
            # linked should the day typed next have no record)
            index = dated[0] if dated and len(wanted) != 7 else self._held()
            found = bool(dated)
        self._unmatched = None if found else (f"没有与“{typed}”相符的“{self.target.label}”记录"
                                              f"（{self.year.currentData()}年）")
        self.check(live=True)  # said under the list, or no longer
        return index if found else self._held()

    def _held(self) -> int:
        """The index of the record linked when the text now typed began (0: 不关联)."""
        held = self.records.held_before_typing
        return max(0, self.records.findData(held)) if held else 0

    def _wanted(self, record: Record | None) -> bool:
        """Is `record` of the kind the link asks for (`wanted`: a 会前学法)?"""
        return record is not None and (self.wanted is None or record[self.wanted[0]] == self.wanted[1])

    def offer_day(self, day: str) -> None:
        """A new record dated `day`, its link empty and never chosen by the clerk (不关联 she chose stays): link the
        one record of the linked ledger of that date (of the kind `wanted`: a meeting's 会前学法 of that day) that no
        other record links yet (the 党委会's study is not the 政府常务会议's of the same day); none, or several, leave
        it empty."""
        from fazhi_desktop.core.links import referrers

        if self.read_only or self._selected is not None or self.chosen:
            return  # (the records listed are of the date's year, or of one she chose in the year box: kept)
        found = {r.id: i for i, r in enumerate(self._listed) if r is not None and r[self.target.date_field] == day
                 and self._wanted(r)}
        linked = referrers(self.ctx.store, self.target, list(found))
        free = [i for record_id, i in found.items() if record_id not in linked]
        if len(free) == 1:
            self._offering = True
            try:
                self.records.setCurrentIndex(free[0])
            finally:
                self._offering = False

    def set_value(self, value: Any) -> None:
        self._selected = value or None
        self._unmatched = self._pending = None
        self.chosen = False
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
        self._listed = [None, *self.ctx.store.list(ListQuery(self.target.name, year=self.year.currentData()),
                                                   limit=2000)]
        for record in self._listed[1:]:
            combo.addItem(self._describe(record), record.id)
        if self._selected and combo.findData(self._selected) < 0:  # of another year than the one listed, or gone
            combo.addItem(self._linked_elsewhere(), self._selected)
            self._listed.append(None)
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
        self.chosen = self.chosen or not self._offering
        if not self.records.typing:  # another chosen (or 不关联): what was typed is past
            self._unmatched = self._pending = None
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
                if isinstance(exc, AccountStopped):  # the same for every file chosen: said once, the program locks
                    break
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


