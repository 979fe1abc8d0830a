"""Under the record editor: why the record is read-only (已锁定，所长可重新打开 ...), the review steps
(提交审核 / 审核通过 / 通过并打开下一条 / 锁定 / 重新打开…) and 历史.

A step is shown when the record's status allows it and enabled only when the logged-in user's role may take it;
a disabled button's tooltip says why (core.review.blocked). Core refuses it again if reached some other way.
Each button has its Alt key, underlined in its label: 提交审核 Alt+T, 审核通过 Alt+R and 锁定 Alt+L as the 编辑 menu's
批量… items have them; 通过并打开下一条 Alt+N, 重新打开 Alt+O, 历史 Alt+H. Alt and a letter types nothing in a field,
and a step is not taken by a slip of the keys as a bare Ctrl key could be. The key of a step that cannot be taken
(disabled or not shown) says why in the editor's status line, as its tooltip does for the mouse: Qt passed it to the
focused field, which said nothing (or took the letter as typed).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from fazhi_desktop.core import review, sent_back, year_close
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.forms import STATUS_LABELS
from fazhi_desktop.qt.clock_banner import PADDING
from fazhi_desktop.qt.common import push_button, say
from fazhi_desktop.qt.editor.editor import UNSAVED

#: the banner's colours; its padding is the label's contents margins, as the clock banner's (qt/clock_banner.py): a
#: stylesheet's padding made Qt wrap the text narrower than it draws it, a blank line under it in 长者模式
BANNER_STYLE = "background: #fff4e5; color: #8a4b00; border-radius: 3px;"
#: each step's letter: Alt and it takes the step (the 编辑 menu's 批量提交审核(T) / 批量审核通过(R) / 批量锁定(L) alike)
KEYS = {"submit": "T", "review": "R", "lock": "L", "reopen": "O"}
NEXT_LABEL, NEXT_KEY = "通过并打开下一条", "N"
NEXT_TIP = "审核通过，并打开列表中下一条待审核（已提交）的记录（Alt+N）"
HISTORY_LABEL, HISTORY_KEY = "查看修改历史", "H"


def _labelled(label: str, key: str, dots: bool = False) -> str:
    """"锁定(&L)": the button shows 锁定(L), L underlined, and Alt+L presses it."""
    return f"{label}(&{key})" + ("…" if dots else "")


class ReviewBar(QWidget):
    """Belongs to one RecordEditor; follows it as it is saved or its status changes."""

    #: 通过并打开下一条 approved this record (the argument): the window's owner opens the next one awaiting review
    reviewed_next = Signal(object)
    #: 重新打开… with 由我自己修改 on a record only viewed: the window makes it editable (its 编辑), as she chose
    editing_asked = Signal()

    def __init__(self, editor, dialogs, parent: QWidget | None = None):
        super().__init__(parent)
        self.editor, self.dialogs = editor, dialogs
        self.banner = QLabel()
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setContentsMargins(*PADDING)
        self.banner.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 0, 12, 0)
        row.addWidget(self.banner, 1)
        row.addStretch(0)  # takes the room while there is no banner, so the buttons keep their size at the right
        for name, move in review.STEPS.items():
            button = push_button(_labelled(move.label, KEYS[name], move.needs_reason))
            button.clicked.connect(lambda _=False, n=name: self.take(n))
            self.buttons[name] = button
            row.addWidget(button)
            if name == "review":  # beside 审核通过, which it is, with the next record to follow
                self.next_button = push_button(_labelled(NEXT_LABEL, NEXT_KEY))
                self.next_button.clicked.connect(self.take_and_next)
                row.addWidget(self.next_button)
        self.history_button = push_button(_labelled("历史", HISTORY_KEY))
        self.history_button.clicked.connect(self.show_history)
        row.addWidget(self.history_button)
        #: the Alt key of each button, with what it does, for the key of a button that cannot be pressed
        self.keys = {name: (self.buttons[name], move.label, KEYS[name]) for name, move in review.STEPS.items()}
        self.keys["next"] = (self.next_button, NEXT_LABEL, NEXT_KEY)
        self.keys["history"] = (self.history_button, HISTORY_LABEL, HISTORY_KEY)
        self.refusals = {name: self._refusal(name, key) for name, (_b, _l, key) in self.keys.items()}
        editor.saved.connect(lambda _record: self.refresh())
        editor.outdated.connect(lambda _reason: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        """Banner, buttons and tooltips for the record as it is now."""
        record = self.editor.record
        back = record and review.sent_back(self.editor.store, record)
        viewed = self.editor.viewing and "\n".join(text for text in (back, self.editor.viewing) if text)
        # a draft only viewed says first whose it is to correct: sent back from 待办事项, it said 仅供查看 alone
        reason = self.editor.change_blocked() or viewed or self.editor.held_reason() or back
        reopened = record and year_close.record_reopened(self.editor.store, record)  # its year left open again
        reason = "\n".join(text for text in (reason, reopened) if text)
        self.banner.setVisible(bool(reason))  # first: a line still hidden when said is not found by a screen reader
        say(self.banner, reason or "")  # read out as it changes (sent back, reopened): NVDA never read it
        self.history_button.setEnabled(record is not None)
        self.history_button.setToolTip("查看这条记录的修改历史：谁、何时、改了什么、原因（Alt+H）" if record is not None
                                       else "保存后才有修改历史")
        for name, button in self.buttons.items():
            move = review.STEPS[name]
            if record is None or record.deleted or record.status not in move.sources:
                button.hide()
                continue
            blocked = "这个窗口里的版本已过时，请关闭后重新打开" if self.editor.is_outdated \
                else review.blocked(self.editor.store, record, name) or self._viewed(name)
            button.show()
            button.setEnabled(blocked is None)
            button.setToolTip(blocked or f"{move.label}：{STATUS_LABELS[record.status]} → "
                                         f"{STATUS_LABELS[move.target]}（Alt+{KEYS[name]}）")
        approve = self.buttons["review"]
        self.next_button.setHidden(approve.isHidden())
        self.next_button.setEnabled(approve.isEnabled())
        self.next_button.setToolTip(NEXT_TIP if approve.isEnabled() else approve.toolTip())
        for name, (button, _label, _key) in self.keys.items():  # one of the two answers Alt+letter, never both
            self.refusals[name].setEnabled(button.isHidden() or not button.isEnabled())

    def showEvent(self, event) -> None:
        """The window opened: a screen reader says why the record cannot be changed (仅供查看…, 已锁定…), which it
        said to nobody while the window was being made."""
        super().showEvent(event)
        if not event.spontaneous() and self.banner.text():
            say(self.banner, self.banner.text(), again=True)

    def _viewed(self, name: str) -> str | None:
        """While the record is only viewed (本年度指标 → 查看记录, shown to inspectors), a step waits for 编辑, as its
        fields do: Alt+L there locked it at once. 重新打开… asks its reason first, and is the way on from a record
        编辑 cannot change."""
        if self.editor.viewing is None or name == "reopen" or self.editor.change_blocked() is not None:
            return None
        return f"仅供查看：请先按“编辑”（Alt+E），再{review.STEPS[name].label}"

    def _refusal(self, name: str, key: str) -> QShortcut:
        """Alt+`key` while button `name` cannot be pressed: the reason in the status line, no box for a stray key."""
        shortcut = QShortcut(QKeySequence(f"Alt+{key}"), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(lambda: self.say_why(name))
        return shortcut

    def why_not(self, name: str) -> str:
        """Why the button `name` cannot be pressed now: its tooltip, or for a step not shown, what core says."""
        button, label, _key = self.keys[name]
        if not button.isHidden():
            return button.toolTip()
        record, step = self.editor.record, "review" if name == "next" else name
        if record is None:
            return f"新记录保存后才能{label}"
        return review.blocked(self.editor.store, record, step) or ""

    def say_why(self, name: str) -> None:
        _button, label, key = self.keys[name]
        line = f"无法{label}（Alt+{key}）：{self.why_not(name)}"
        if self.editor.is_dirty():  # the line said so, and nothing else in the window does
            line += f"；{UNSAVED}"
        self.editor.announce(line)

    def take(self, name: str) -> bool:
        """Take a review step on the editor's record (asking the reason for 重新打开). True when done."""
        move, record = review.STEPS[name], self.editor.record
        if record is None:
            return False
        if self.editor.is_dirty():  # as 打印 offers: the step is taken on what is saved
            if not self.dialogs.confirm(self, move.label, f"记录有未保存的修改。{move.label}前先保存吗？",
                                        yes=f"保存并{move.label}"):
                return False
            if not self.editor.save():
                return False
            record = self.editor.record
            doubts = [w for w in record.warnings if not w.advisory]
            if doubts:  # as 保存并新建 does: the orange is seen before the record goes on for review
                self.dialogs.warn(self, move.label, f"已保存。此记录有 {len(doubts)} 条提醒（橙色），请核对后再按"
                                  f"“{move.label}”。")
                return False
        reason = corrector = None
        if move.needs_reason:
            asked = ask_reopen(self.dialogs, self, move)
            if asked is None:
                return False
            reason, corrector = asked
        try:
            saved = review.apply(self.editor.store, record.id, name, self.editor.actor, reason=reason,
                                 expected_revision=record.revision, corrector=corrector)
        except FazhiError as exc:
            self.dialogs.error(self, f"无法{move.label}", str(exc))
            return False
        self.editor.replace_record(saved, done=f"已{move.label}")
        if corrector == sent_back.SELF and self.editor.viewing is not None:
            self.editing_asked.emit()
        return True

    def take_and_next(self) -> bool:
        """通过并打开下一条: 审核通过 as its own button takes it (saving first, stopping for doubts), then
        `reviewed_next` asks for the next record awaiting review. True when approved."""
        if not self.take("review"):
            return False
        self.reviewed_next.emit(self.editor.record)
        return True

    def show_history(self) -> QWidget | None:
        from fazhi_desktop.qt.history_dialog import HistoryDialog

        if self.editor.record is None:
            return None
        self.history_dialog = HistoryDialog(self.editor.store, self.editor.record.id, self)
        self.history_dialog.open()
        return self.history_dialog


#: what 重新打开 asks: the reason goes to the history and to the clerk, whose list marks the draft 草稿·退回 (or
#: 草稿·所长修改, when the 所长 corrects it herself) and whose editor says why (core/sent_back.py, review.sent_back)
REOPEN_PROMPT = "重新打开的原因（记入修改历史，必填；录入员打开记录时可见）："


def ask_reopen(dialogs, parent: QWidget, move: review.Step, choose: bool = True) -> tuple[str, str] | None:
    """An editor's 重新打开…: the reason and who is to correct the draft (sent_back.CLERK / SELF), or None when the
    user cancelled. Without `choose`, 批量审核's 退回…: back to the clerk (CLERK). The dialog stays open until a
    reason is typed (ReopenDialog.accept), and the write path refuses a blank one too (review.apply)."""
    return dialogs.ask_reopen(parent, move.label, REOPEN_PROMPT, choose=choose)
