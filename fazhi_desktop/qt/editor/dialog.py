"""The editor in its own (non-modal) window: 保存 (Ctrl+S), 保存并新建 (Ctrl+Shift+S: the next record of a pile of
paper forms), 关闭 (Esc), and no way to lose changes unasked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fazhi_desktop.core.forms import LedgerDef
from fazhi_desktop.core.renumber import OUT_OF_ORDER
from fazhi_desktop.core.store import Record, Store
from fazhi_desktop.qt.common import em, fit_to_screen, push_button, unbroken
from fazhi_desktop.qt.dialogs import Dialogs
from fazhi_desktop.qt.editor.autosave import Autosaver
from fazhi_desktop.qt.editor.context import GREY
from fazhi_desktop.qt.editor.editor import RecordEditor, warnings_counted
from fazhi_desktop.qt.editor.widgets import FieldInput
from fazhi_desktop.qt.manual_view import ENTRY_PART, NOTES_PART, RENUMBER_PART

KEY_HINT = ("Ctrl+S 保存 · Ctrl+Shift+S 保存并新建 · Ctrl+D 保存并复制为新记录 · Esc 关闭 · Enter 到下一项 · "
            "Ctrl+Enter 在重复组中添加一行 · F4 打开日历")


def key_hint_text(text: str = KEY_HINT) -> str:
    """The key hint wrapping only between its items ("F4 打开日" / "历" was cut inside one)."""
    return " · ".join(unbroken(item) for item in text.split(" · "))


class KeyHint(QLabel):
    """The key hint beside 保存: at most two lines, ending “…” with the items that do not fit (all of them in its
    tooltip). Wrapped into the room the buttons leave on a 1024x768 screen at 125 % in 长者模式, it took five lines,
    100 of the 514 pixels of the window, and the form itself only 240."""

    LINES = 2

    def __init__(self, text: str = KEY_HINT):
        super().__init__(key_hint_text(text))
        self.items = text.split(" · ")
        self.setToolTip(text)
        self.setWordWrap(True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width, metrics = self.contentsRect().width(), self.fontMetrics()
        room = QRect(0, 0, max(width, 1), 10_000)
        flags = int(Qt.TextFlag.TextWordWrap)
        line = metrics.boundingRect(room, flags, "Ctrl").height()
        shown = len(self.items)
        while shown > 1 and metrics.boundingRect(room, flags, self._text(shown)).height() > self.LINES * line:
            shown -= 1
        if self.text() != self._text(shown):
            self.setText(self._text(shown))

    def _text(self, shown: int) -> str:
        text = key_hint_text(" · ".join(self.items[:shown]))
        return text if shown == len(self.items) else f"{text} · …"


NEW_AFTER_SAVE = QKeySequence("Ctrl+Shift+S")
COPY_AFTER_SAVE = QKeySequence("Ctrl+D")  # as 复制为新记录 in the main window


def _tab_stops(bar: QWidget) -> list[QWidget]:
    """The widgets of `bar` that Tab stops at, in the order they were made (left to right)."""
    return [w for w in bar.findChildren(QWidget)
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.window() is bar.window()]  # not a drop-down's list


def _stops_at(widget: QWidget) -> bool:
    """Does Tab stop at `widget` (shown, enabled, taking Tab)?"""
    return widget.isVisible() and widget.isEnabled() and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def _field_of(widget: QWidget | None) -> FieldInput | None:
    """The form field `widget` belongs to (the innermost, in a group's row)."""
    while widget is not None and not isinstance(widget, FieldInput):
        widget = widget.parentWidget()
    return widget


class EditorWindow(QDialog):
    """A window around one RecordEditor. Closing (Esc, 关闭, the title bar) goes through `confirm_close()`."""

    saved = Signal(object)
    #: a record of another ledger saved from this window (the meeting a 会前学法 saved here was linked to)
    others_saved = Signal(object)
    #: 保存并新建 saved this record: the owner opens an empty editor of the same ledger (the argument)
    new_requested = Signal(str)
    #: 保存并复制为新记录 (Ctrl+D) saved this record (the argument): the owner opens a new one starting from it
    copy_requested = Signal(object)
    another_requested = Signal(str)  # Ctrl+N: an empty editor of the same ledger beside this one
    #: 通过并打开下一条 approved this record (the argument): the owner opens the next one awaiting review in its place
    review_next_requested = Signal(object)

    @property
    def manual_part(self) -> str:
        """F1 here (qt/manual_view.py): the part about the note under the field the cursor is in, else 登记台账. A
        clerk stuck at a red or orange note pressed F1 and got the top of 登记台账, fifteen sections above what it
        meant (按日期重新编号 for 早于已编号的…, 红字和橙字是什么意思 for the others)."""
        field = _field_of(QApplication.focusWidget())
        note = field.message.text() if field is not None and field.message.isVisible() else ""
        if not note:
            return ENTRY_PART
        return RENUMBER_PART if note.startswith(OUT_OF_ORDER) else NOTES_PART

    def __init__(self, store: Store, ledger: LedgerDef, record: Record | None, dialogs: Dialogs, actor: str,
                 parent: QWidget | None = None, copy_of: Record | None = None, reentering: Any = None,
                 viewing: bool = False):
        super().__init__(parent)
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.editor = RecordEditor(store, ledger, record, dialogs, actor, self, copy_of=copy_of,
                                   reentering=reentering,  # 补录 (core/bundle/reentry.py ToEnter)
                                   viewing=viewing)  # opened to be read (本年度指标 → 查看记录): 编辑 to change it
        #: opened from its ledger's list: 通过并打开下一条 follows that list's order (else number order)
        self.from_list = False
        self._warned_about: tuple[str, int] | None = None  # the version 保存并新建 stopped at for its warnings
        self.editor.saved.connect(self._on_saved)
        self.editor.others_saved.connect(self.others_saved)
        self.editor.outdated.connect(lambda _reason: self._update_save_button())
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 8)
        column.addWidget(self.editor, 1)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(12, 0, 12, 0)
        hint = KeyHint()
        hint.setStyleSheet(f"color: {GREY};")
        buttons.addWidget(hint, 1)
        self.key_hint = hint
        self.save_button = push_button("保存", "保存（Ctrl+S）")
        self.save_new_button = push_button("保存并新建", "保存后关闭本窗口，新建一条同类记录（Ctrl+Shift+S）；"
                                           "下一条的地点、人员等与本条相同的，按 Ctrl+D 保存并复制为新记录")
        self.close_button = push_button("关闭", "关闭（Esc）")
        self.edit_button = push_button("编辑(&E)")  # shown while the record is only viewed (RecordEditor.viewing)
        self.edit_button.clicked.connect(self.start_editing)
        self.save_button.clicked.connect(self.save)
        self.save_new_button.clicked.connect(self.save_and_new)
        self.close_button.clicked.connect(self.close)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.save_new_button)
        buttons.addWidget(self.close_button)
        column.addWidget(self._review_bar(dialogs))
        column.addWidget(self._print_bar(dialogs))
        column.addLayout(buttons)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self.save)
        again = QShortcut(NEW_AFTER_SAVE, self)
        again.setContext(Qt.ShortcutContext.WindowShortcut)
        again.activated.connect(self.save_and_new)
        copy = QShortcut(COPY_AFTER_SAVE, self)
        copy.setContext(Qt.ShortcutContext.WindowShortcut)
        copy.activated.connect(self.save_and_copy)
        another = QShortcut(QKeySequence(QKeySequence.StandardKey.New), self)  # as in the main window
        another.setContext(Qt.ShortcutContext.WindowShortcut)
        another.activated.connect(lambda: self.another_requested.emit(self.editor.ledger.name))
        self._update_title()
        self._update_save_button()
        # Tab from 备注: the review and print bars, 保存, 保存并新建, 关闭, and round to the first field again
        self.tab_after = (*_tab_stops(self.review_bar), *_tab_stops(self.print_bar), self.edit_button,
                          self.save_button, self.save_new_button, self.close_button)
        fit_to_screen(self, em(self, 64), em(self, 58))
        self.editor.focus_first()
        self.autosaver = Autosaver(self)  # the unsaved values on disk against a power cut

    @property
    def open_unsaved(self) -> Callable[[str], bool]:
        """Is a record (by id) open with unsaved changes in another window? Set by the owner, which knows its
        windows (RecordEditor.open_unsaved)."""
        return self.editor.open_unsaved

    @open_unsaved.setter
    def open_unsaved(self, ask: Callable[[str], bool]) -> None:
        self.editor.open_unsaved = ask

    def _print_bar(self, dialogs: Dialogs) -> QWidget:
        """打印预览 / 打印 / 导出PDF of this record (qt/print_views.py)."""
        from fazhi_desktop.qt.print_views import RecordPrintBar

        self.print_bar = RecordPrintBar(self.editor, dialogs, parent=self)
        return self.print_bar

    def _review_bar(self, dialogs: Dialogs) -> QWidget:
        """Read-only banner, 提交审核 / 审核通过 / 锁定 / 重新打开…, 历史 (qt/review_bar.py)."""
        from fazhi_desktop.qt.review_bar import ReviewBar

        self.review_bar = ReviewBar(self.editor, dialogs, parent=self)
        self.review_bar.reviewed_next.connect(self.review_next_requested)
        self.review_bar.editing_asked.connect(self.start_editing)
        return self.review_bar

    def _update_save_button(self) -> None:
        reason = self.editor.read_only_reason()
        self.save_button.setEnabled(reason is None)
        self.save_button.setToolTip(f"不能保存：{reason}" if reason else "保存（Ctrl+S）")
        self.save_new_button.setEnabled(reason is None)
        self.key_hint.setVisible(reason is None)  # keys that save or add rows do nothing in a read-only record
        blocked = self.editor.change_blocked()
        self.edit_button.setVisible(self.editor.viewing is not None)
        self.edit_button.setEnabled(blocked is None)
        self.edit_button.setToolTip(f"不能修改：{blocked}" if blocked else "修改这条记录（Alt+E）")

    def show_linked_from(self) -> None:
        """The line on the records linking this one, read again (a meeting linked or unlinked in another window)."""
        self.editor.show_linked_from()

    @property
    def viewing(self) -> bool:
        """Opened to be read, not yet switched to editing (编辑)."""
        return self.editor.viewing is not None

    def start_editing(self) -> None:
        """编辑: the record opened to be read becomes editable here, as opened from its list (if the user may, as it
        is stored now: else the line says why)."""
        if self.editor.change_blocked() is not None:
            return
        blocked = self.editor.start_editing()
        self.review_bar.refresh()
        self._update_save_button()
        if blocked is not None:
            self.editor.announce(f"不能修改：{blocked}")

    def save(self) -> bool:
        popup = QApplication.activePopupWidget()  # a name list still open under Ctrl+S
        if popup is not None:
            popup.hide()
        if self.editor.read_only_reason() is not None:
            return False
        if self.editor.is_untouched_new():  # nothing typed yet: the second click of a double click on 保存并新建
            self._nothing_typed()
            return False
        if not self._changing_paused_record_confirmed():
            return False
        return self.editor.save()

    def _nothing_typed(self) -> None:
        """Say, once, after what the line says (上一条已保存…), that nothing was saved: a key pressed again and
        again added it again each time."""
        said = self.editor.status.text()
        if "尚未填写内容" not in said:
            self.editor.announce(f"{said}；本条尚未填写内容，未保存" if said else "尚未填写内容，未保存")

    def save_and_new(self) -> bool:
        """Save; when that worked, close and ask for an empty editor of the same ledger. A refusal keeps this
        window as it is, with the problems shown. A save with warnings (结束时间早于开始时间) stops once, in a box
        that lists them, so that the clerk sees them before the window goes: 返回核对 (Enter) puts the cursor on the
        first orange field, 继续新建 goes on, and so does this key pressed again unchanged."""
        return self._save_and_go_on(copy=False)

    def save_and_copy(self) -> bool:
        """保存并复制为新记录 (Ctrl+D): as 保存并新建, but the new record starts from this one's `copy = true` fields
        (the next 常务会议's type, times, place, host, recorder and attendees), as 复制为新记录 does in the main
        window: typing a month's meetings of the same people, 保存并新建 had her type them all again each time. A
        saved record shown unchanged is copied without saving it again."""
        return self._save_and_go_on(copy=True)

    def _save_and_go_on(self, copy: bool) -> bool:
        editor = self.editor
        if editor.record is None and editor.copy_of is not None and not editor.is_dirty():
            self._nothing_typed()  # the key pressed again on the copy it just opened: nothing of this record typed yet
            return False
        unchanged = copy and editor.record is not None and not editor.is_dirty()
        if not unchanged and not self.save():
            return False
        record = editor.record
        doubts = [w for w in record.warnings if not w.advisory] if record is not None else []  # a planned date
        if not unchanged and record is not None and doubts and self._warned_about != (record.id, record.revision):
            self._warned_about = (record.id, record.revision)
            if not self._go_on_despite(doubts, copy):
                editor.hold_for_warnings()
                return True
        ledger = editor.ledger.name
        if self.close():  # saved, so nothing is left to ask about
            if copy:
                self.copy_requested.emit(record)
            else:
                self.new_requested.emit(ledger)
        return True

    def _go_on_despite(self, doubts: list, copy: bool = False) -> bool:
        """The pause of 保存并新建: a box, not only a line in the window, because a clerk typing a pile of paper
        forms does not look up. Her next keys go to the box; Enter (or Space) there means 返回核对, the safe answer."""
        record = self.editor.record
        listed = "\n".join(f"· {doubt}" for doubt in doubts[:5]) + ("\n……" if len(doubts) > 5 else "")
        title = "保存并复制为新记录" if copy else "保存并新建"
        return self.editor.dialogs.confirm(
            self, title, f"已保存：{record.number}（第 {record.revision} 版）。\n"
            f"有 {warnings_counted(record.warnings)}，请对照纸质表单核对：\n{listed}\n\n"
            "需要修改，选“返回核对”；核对无误，选“继续新建”。", yes="继续新建", no="返回核对", default=False)

    def _changing_paused_record_confirmed(self) -> bool:
        """After 保存并新建 stopped at this record's warnings, may its changes be saved? Asked, naming the fields
        changed, because a clerk typing without looking types the next paper form into it (it went into the saved
        record's 投诉内容 and was saved as its second version); the safe answer, 返回, saves nothing."""
        record = self.editor.record
        if record is None or self._warned_about != (record.id, record.revision) or not self.editor.is_dirty():
            return True
        changed = "、".join(self.editor.changed_labels())
        question = (f"{record.number} 已保存（第 {record.revision} 版）。本窗口中又改动了：{changed}。\n\n"
                    "是核对后的修改，选“保存修改”。\n若是下一张表填到了这里，选“返回”，"
                    "再按 Esc 关闭本窗口并选“不保存”，然后按 Ctrl+N 新建。")
        if self.editor.dialogs.confirm(self, "修改已保存的记录", question, yes="保存修改", no="返回", default=False):
            return True
        self.editor.announce(f"未保存：{record.number} 的改动（{changed}）尚未保存，请核对", doubt=True)
        return False

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab and Shift+Tab (and Enter moving on) in the order a clerk reads the window: the fields, then its
        buttons, and round. Qt's own order followed the order widgets were made, so rows of a group made with the
        form (a mediation case's first party) came after the buttons, and Tab from 备注 went round the form again,
        never reaching 提交审核, 打印 or 保存."""
        every = [*self.editor.tab_stops(), *self.tab_after]
        current = QApplication.focusWidget()
        at = next((i for i, w in enumerate(every)
                   if current is not None and (w is current or w.isAncestorOf(current)) and _stops_at(w)), None)
        if at is not None:  # the next stop Tab can reach, looked for from here (not all 3,600 of a 200-party case)
            step = 1 if forward else -1
            target = next(w for w in (every[(at + step * k) % len(every)] for k in range(1, len(every) + 1))
                          if _stops_at(w))
        else:  # clicked into a widget Tab passes by (a link's year box): on from its field's last stop
            stops = [w for w in every if _stops_at(w)]
            field = _field_of(current)
            inside = [i for i, w in enumerate(stops) if field is not None and field.isAncestorOf(w)]
            if not inside:
                return super().focusNextPrevChild(forward)
            at = inside[-1] + (0 if forward else 1)
            target = stops[(at + (1 if forward else -1)) % len(stops)]
        target.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
        return True

    def reject(self) -> None:
        """Esc: close like the title-bar button, through the unsaved-changes question."""
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.editor.confirm_close():
            self.autosaver.forget()  # saved or given up: nothing left to restore
            self.autosaver.stop()
            event.accept()
        else:
            event.ignore()

    def _on_saved(self, record: Record) -> None:
        self._update_title()
        self._update_save_button()
        self.saved.emit(record)

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.editor.ledger.label} — {self.editor.title()}")
