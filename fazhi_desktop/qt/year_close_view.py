"""编辑 → 年度封账…: the 所长 closes a year of the office's ledgers, or reopens a closed one with a reason.

The rules are core's (core/year_close.py): the dialog says what closing means, lists the year's records not yet
locked (草稿 in orange: they stop the closing; the others are locked by it) or that it has none, and asks once more
before closing (saying again when the year has no records: closing it keeps them from being entered later).
Closing is one transaction (a few hundred records commit once), so it runs on the GUI thread. Afterwards the
ledger lists and any open editor of the year's records show the new state, as after a batch review.
"""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fazhi_desktop.core import retention, stale_papers, year_close
from fazhi_desktop.core.clock import office_date
from fazhi_desktop.core.clock_behind import clock_behind, time_said
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.forms import STATUS_LABELS
from fazhi_desktop.core.store import Record, Store
from fazhi_desktop.qt.clock_banner import confirm_clock
from fazhi_desktop.qt.common import em, fit_to_screen, plain_item, push_button, read_only_table, set_rows
from fazhi_desktop.qt.hints import hint_label
from fazhi_desktop.qt.open_over import OPEN_HINT, open_over, open_rows

COLUMNS = ("台账", "编号", "日期", "名称", "状态")
DRAFT_COLOUR = "#b35c00"  # the editor's orange: what stops the closing
HANDLED_COLOUR = "#6b6b6b"  # a matter still being handled: left open by the closing
MEANING = ("封账后，该年的记录不能再新增、修改、删除或重新打开，日期也不能改进或改出该年；县里据此认定该年的数字已定。"
           "尚未锁定的已提交、所长已审核记录在封账时一并锁定；草稿须先由录入员填完提交（或删除）。"
           "还在办理的{open_matters}不锁定，办结后仍可登记、审核和锁定。"
           "确需更正时，所长或管理员可重新打开该年，须说明原因，原因记入年度封账日志并随数据包报送县里。")
UNSAVED = "有该年记录的编辑窗口尚未保存，请先保存或关闭后再封账"


class YearCloseDialog(QDialog):
    manual_part = "年度封账"  # F1 here opens the manual there (qt/manual_view.py)

    def __init__(self, store: Store, actor: str, dialogs, window=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.actor, self.dialogs, self.window = store, actor, dialogs, window
        self.records: list[Record] = []
        self.setWindowTitle("年度封账")
        self.year_combo = QComboBox()
        self.year_combo.setAccessibleName("年度")
        self._fill_years()
        self.state_label = QLabel(wordWrap=True)
        self.list_label = QLabel(wordWrap=True)
        self.table = read_only_table(COLUMNS, stretched=("名称",))
        self.table.setAccessibleName("该年尚未锁定的记录")
        self.table.setToolTip(OPEN_HINT)  # a draft that stops the closing is opened from here, over this dialog
        open_rows(self.table, lambda: self.records, self.open_record)
        self.this_year_label = hint_label(year_close.this_year_said(self.store) or "")  # in November, of 2026
        self.this_year_label.setVisible(bool(self.this_year_label.text()))
        self.retention_label = hint_label(retention.said(self.store))  # files whose 保管期限 ends by this December
        self.retention_label.setVisible(bool(self.retention_label.text()))
        self.close_year_button = push_button("封账")
        self.reopen_button = push_button("重新打开该年(&R)…", "须说明原因，记入年度封账日志")
        self.done_button = push_button("关闭", "关闭（Esc）")
        self._lay_out()
        self.year_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.close_year_button.clicked.connect(self.close_year)
        self.reopen_button.clicked.connect(self.reopen_year)
        self.done_button.clicked.connect(self.reject)
        self.reload()
        fit_to_screen(self, em(self, 56), em(self, 34))

    def _fill_years(self) -> None:
        """The years before this one that hold records or were closed, the last year first (January's choice), open
        on the last one with records still to close: not on last year when the office began with the program this
        year (nothing to close there)."""
        this_year = office_date(self.store.clock()).year  # as close_blocked judges it: Beijing's year
        dated = year_close.dated_years(self.store)
        states = year_close.states(self.store.conn)
        years = sorted({y for y in dated | set(states) if y < this_year} | {this_year - 1}, reverse=True)
        for year in years:
            self.year_combo.addItem(f"{year}年", year)
        closed = {year for year, state in states.items() if state.closed}
        to_close = [i for i, year in enumerate(years) if year in dated and year not in closed]
        self.year_combo.setCurrentIndex(to_close[0] if to_close else 0)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        label = QLabel("年度(&Y)：")
        label.setBuddy(self.year_combo)
        top.addWidget(label)
        top.addWidget(self.year_combo)
        top.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reopen_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_year_button)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(hint_label(MEANING.format(open_matters=year_close.open_matters_said(self.store.ledgers.values()))))
        layout.addWidget(self.state_label)
        layout.addWidget(self.list_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.this_year_label)  # under the list, or under its heading while there is none
        layout.addWidget(self.retention_label)
        layout.addStretch(0)  # takes the room while there is no list (see reload), so the texts stay at the top
        layout.addLayout(buttons)

    @property
    def year(self) -> int:
        return self.year_combo.currentData()

    def reload(self) -> None:
        year = self.year
        state = year_close.states(self.store.conn).get(year)
        when = time_said(self.store, state.at) if state is not None else ""
        if state is not None and state.closed:
            self.state_label.setText(f"{year}年已封账：{when}，{state.actor}")
        elif state is not None:
            self.state_label.setText(f"{year}年未封账：封账后已于 {when} 由 {state.actor} 重新打开"
                                     f"（原因：{state.reason}）")
        else:
            self.state_label.setText(f"{year}年未封账")
        closed = state is not None and state.closed
        self.records = [] if closed else year_close.open_records(self.store, year)
        self.locking = [] if closed else year_close.to_lock(self.store, year, self.records)
        self._fill_table()
        closing = year_close.close_blocked(self.store, year, self.locking)
        blocked = closing.reason or self._unsaved()
        self.close_year_button.setEnabled(blocked is None)
        locks = len(year_close.locked_once_submitted(self.store, self.locking))  # as the closing will, drafts submitted
        self.close_year_button.setText(f"封账（锁定 {locks} 条）" if locks else "封账")
        self.close_year_button.setToolTip(blocked or f"将{year}年封账")
        empty = None if closed else year_close.empty_year(self.store, year)
        unreviewed = year_close.unreviewed_said(self.locking)  # locked unseen: neither does Enter close it then
        self.close_year_button.setDefault(blocked is None and empty is None and not unreviewed)
        reopen_blocked = year_close.reopen_blocked(self.store, year)
        self.reopen_button.setEnabled(reopen_blocked is None)
        self.reopen_button.setToolTip(reopen_blocked or "须说明原因，记入年度封账日志")
        drafts = len(closing.drafts)  # the block, said so; else orange only
        handled = len(self.records) - locks  # left open as the button counts: a draft check being rectified too
        grey = len(self.records) - len(self.locking)
        which = "灰色" if handled == grey else (
            (f"灰色 {grey} 条；" if grey else "") + f"橙色草稿 {handled - grey} 条，提交后也不锁定")
        still = f"；办理中的 {handled} 条不锁定（{which}），办结后仍可登记" if handled else ""
        if closed:
            self.list_label.setText("")
        elif drafts:
            self.list_label.setText(f"{blocked}。橙色为草稿{still}：")
        elif self.records:  # why the button is off said here too, not only in its tooltip
            lead = f"{blocked}。" if blocked else ""
            if locks:
                said = f"（{unreviewed}）" if unreviewed else ""
                self.list_label.setText(f"{lead}封账时将锁定以下 {locks} 条记录{said}{still}：")
            else:  # only matters in hand: nothing to lock, not "0 条" above a list of them
                self.list_label.setText(f"{lead}{year}年的其他记录都已锁定{still}：")
        else:
            said = empty or f"{year}年的记录都已锁定"
            self.list_label.setText(f"{blocked}。{said}。" if blocked else f"{said}。")
        self.table.setVisible(bool(self.records))
        layout = self.layout()
        layout.setStretch(layout.indexOf(self.this_year_label) + 1, 0 if self.records else 1)

    def _fill_table(self) -> None:
        set_rows(self.table, len(self.records))
        locking = {record.id for record in self.locking}
        for row, record in enumerate(self.records):
            ledger = self.store.ledger(record.ledger)
            status = STATUS_LABELS[record.status] if record.id in locking else "办理中"
            cells = (ledger.label, record.number or "", record.values.get(ledger.date_field) or "",
                     record.values.get(ledger.title_field) or "", status)
            for column, text in enumerate(cells):
                item = plain_item(str(text))
                if record.id not in locking:
                    item.setForeground(QColor(HANDLED_COLOUR))
                elif record.status == "draft":
                    item.setForeground(QColor(DRAFT_COLOUR))
                self.table.setItem(row, column, item)

    def open_record(self, record: Record) -> QWidget | None:
        """A row's record in its editor over this dialog; the list is read again once it saved or closed."""
        return open_over(self.window, self, record, self.reload) if self.window is not None else None

    def _unsaved(self) -> str | None:
        """An editor with unsaved changes to a record of the year, or to a new one typed with a date in it: once the
        year is closed, its save would be refused."""
        editors = getattr(self.window, "editors", {}) or {}
        ids = {record.id for record in self.locking}
        return UNSAVED if any(e.editor.is_dirty() and (rid in ids or e.editor.dated_year() == self.year)
                              for rid, e in editors.items()) else None

    def close_year(self) -> None:
        year, count = self.year, len(self.locking)
        unreviewed = year_close.unreviewed_said(self.locking)
        locking = f"尚未锁定的 {count} 条记录将一并锁定{'，' + unreviewed if unreviewed else ''}。" if count else ""
        empty = year_close.empty_year(self.store, year)
        said = f"{empty}。" if empty else ""
        text = (f"{said}将{year}年封账？{locking}\n封账后该年的记录不能再新增、修改、删除或重新打开，"
                f"须由所长或管理员重新打开{year}年（说明原因）后才能更正。\n\n"
                f"{year_close.closing_day(self.store)}。")
        if not self.dialogs.confirm(self, "年度封账", text, yes="封账", default=False):
            return
        # the clock behind what was recorded: the closing would be logged, and sent, on a wrong day unless the
        # 所长 confirms it right (recorded; Enter: 取消). The day is Beijing's (closing_day, just said) of this PC's
        # clock: "按这台电脑的日期" contradicted it on a PC in another zone
        if clock_behind(self.store) is not None and not confirm_clock(
                self, self.store, self.dialogs, self.actor,
                "封账日期（北京时间）是按这台电脑的时钟算出的，电脑时间不对，记入年度封账日志并报送县里的日期也就不对。"
                "请先确认电脑的日期和时间。\n\n"):
            return
        try:
            locked = year_close.close_year(self.store, year, self.actor)
        except FazhiError as exc:
            self.dialogs.error(self, "无法封账", str(exc))
        else:
            note = f"（锁定 {len(locked)} 条记录）" if locked else ""
            reprint = stale_papers.said(self.store, year)
            self.dialogs.info(self, "年度封账", f"已封账：{year}年{note}" + (f"\n\n{reprint}" if reprint else ""))
        self._show_everywhere()

    def reopen_year(self) -> None:
        year = self.year
        reason = self.dialogs.ask_text(self, "重新打开年度", f"重新打开{year}年的原因（记入年度封账日志，报送县里）：")
        if reason is None:
            return
        try:
            year_close.reopen_year(self.store, year, reason, self.actor)
        except FazhiError as exc:
            self.dialogs.error(self, "无法重新打开", str(exc))
        else:
            self.dialogs.info(self, "重新打开年度", year_close.reopened_next(year))
        self._show_everywhere()

    def _show_everywhere(self) -> None:
        """The new state here, in the ledger lists and in the open editors (read-only now, or writable again), and
        in the restore banner (a year a restore reopened, closed again)."""
        self.reload()
        if self.window is not None:
            self.window.restore_banner.refresh()
            ids = [e.editor.record.id for e in self.window.editors.values() if e.editor.record is not None]
            self.window.show_stored([self.store.get(i, include_deleted=True) for i in ids], self.store.ledgers)


def open_year_close(window) -> YearCloseDialog:
    """The dialog over the main window (编辑 → 年度封账…)."""
    dialog = YearCloseDialog(window.store, window.actor, window.dialogs, window=window, parent=window)
    window.year_close_dialog = dialog
    dialog.open()
    return dialog
