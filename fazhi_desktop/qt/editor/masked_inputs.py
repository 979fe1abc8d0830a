"""Inputs for personal data (ID numbers, phones, sensitive text and dates): masked on screen unless being edited,
revealed only to a user who may see them (noted in the reveal log), replaced rather than read by a 录入员."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from fazhi_desktop.core import reveal_chain
from fazhi_desktop.core.display import mask_value
from fazhi_desktop.core.validate import is_empty
from fazhi_desktop.qt.common import em
from fazhi_desktop.qt.editor.widgets import LineEdit, TextInput

#: how a 所长 shows a stored number, which Tab leaves masked
SHOW_TIP = f"已保存的号码遮盖显示：单击、按 F2 或直接修改时显示完整号码（记入{reveal_chain.NAME}）"


class MaskedLineEdit(LineEdit):
    """An ID or phone number, masked unless being edited. A stored number is shown in full only to a user who may
    reveal numbers (所长, 管理员; anyone in a database without accounts), only on an act of hers (a click into it, F2,
    a key that edits it, or the window putting her at it to correct it), never by Tab passing through (a month of
    reviewing would fill the reveal log as a court's request does), and then noted in the reveal log (`on_reveal`,
    once per record); for a 录入员 it stays masked, and the first key typed replaces it: she types the
    number again from the paper, she does not read it off the screen. A stored number she emptied (a Backspace)
    and left without typing another comes back on leaving the field: she cannot see what she would lose; she
    deletes it on purpose with the field's right-click 删除已保存的号码. What was typed in this window is the
    clerk's own and shown as typed while edited, also once the record turned read-only (to be copied), and a refused
    number she typed is shown to be corrected (a stored one today's rules refuse only as any stored number is). A
    locked record keeps the mask. Spaces alone (a stray Space, a full-width “　” from the input method, a pasted
    blank cell) are no number: the stored one is kept as after a Backspace.
    A masked value she may replace takes the input method (a 投诉人 is typed in Pinyin)."""

    kept = Signal()  # a stored number emptied by accident came back (the value changed back)

    def __init__(self, mask, may_reveal: bool = True, on_reveal: Callable[[], bool] = lambda: True):
        super().__init__()
        self.mask, self.may_reveal, self.on_reveal = mask, may_reveal, on_reveal
        self.raw = ""
        self.locked = False  # the record is read-only: never editable, even unmasked
        self.wrong = False  # the value was refused: shown as typed, so the clerk can see the typo
        self.typed = False  # the value is what was typed in this window, not the stored one
        self.replaced = ""  # the stored number a first key started afresh, until the field is left
        self.asked = False  # she asked to see the stored number (clicked, F2, a key) since she came into the field
        self.away = False  # the field kept the keyboard while she was in another window
        self.textEdited.connect(self._remember)

    def _remember(self, _text: str) -> None:
        self.raw, self.typed = self.text(), True  # as LineEdit made it one line

    def set_raw(self, text: str) -> None:
        # the record as saved: a number she typed in this window stays hers to read (it was masked after Ctrl+S)
        self.raw, self.typed = text, self.typed and text == self.raw
        self.replaced = ""
        self._refresh()

    def value(self) -> str:
        """The number to save: a stored one she emptied without typing another is still the stored one (Ctrl+S
        before leaving the field saved the record without it)."""
        return self.replaced if self._emptied() else self.raw

    def _emptied(self) -> bool:
        """A stored number replaced by nothing (a Backspace) or by spaces only (a stray Space, which is also the
        key of ＋ 添加一行): not a number typed instead of it."""
        return bool(self.replaced) and is_empty(self.raw)

    def set_typed(self, text: str) -> None:
        """A value that counts as typed in this window (a birth date from the ID number she typed): hers to read."""
        self.raw, self.typed, self.replaced = text, True, ""
        self._refresh()

    def set_cleaned(self, text: str) -> None:
        """The number as core cleaned it (spaces dropped, x made X): still the clerk's own typing. An emptied
        stored number is left empty while she is in it (its value is the stored one until she types another)."""
        if self._emptied():
            return
        self.raw = text
        self._refresh()

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        self._refresh()

    def set_wrong(self, wrong: bool) -> None:
        self.wrong = wrong
        self._refresh()

    def _shows_wrong(self) -> bool:
        """A refused number shown as it is, to be corrected: what was typed. A stored one (an older version's,
        which today's rules refuse) stays masked under its red message until a user who may see it asks, as for
        any stored number (noted in the reveal log); a 录入员 types it afresh."""
        return self.wrong and self.typed

    def _hides_stored(self) -> bool:
        """Editing a stored number this user may not see: masked, and replaced by what is typed."""
        return bool(self.raw) and not self.typed and not self.may_reveal

    def _refresh(self) -> None:
        if self._shows_wrong() or (self.typed and self.locked):
            masked = False
        elif self.locked or not self.hasFocus():
            masked = bool(self.raw)
        else:
            masked = self._hides_stored() or (bool(self.raw) and not self.typed
                                              and not (self.asked and self.on_reveal()))
        self.setReadOnly(masked or self.locked)  # keyPressEvent lets a 录入员's first key replace a masked number
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, self._takes_typing())
        self.setText(self.mask(self.raw) if masked else self.raw)

    def _takes_typing(self) -> bool:
        """Editable, or masked for a 录入员 whose first key replaces it."""
        return not self.locked and (not self.isReadOnly() or self._hides_stored())

    def inputMethodQuery(self, query: Qt.InputMethodQuery, *argument: Any) -> Any:
        """A read-only line edit refuses the input method: Pinyin typed over a masked 投诉人 came as Latin letters
        and “lihua” was saved. The one she may replace takes it."""
        if query == Qt.InputMethodQuery.ImEnabled:
            return self._takes_typing()
        return super().inputMethodQuery(query, *argument)

    def keyPressEvent(self, event) -> None:
        if self._still_masked() and (event.key() == Qt.Key.Key_F2 or _replaces(event)):
            self._show_asked()
            if event.key() == Qt.Key.Key_F2 or self._still_masked():  # F2 only shows; a key not noted does nothing
                return
        if _replaces(event):
            self._replace_stored()
        super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:
        if self._still_masked():  # a click into the field she came to by Tab
            self._show_asked()
        super().mousePressEvent(event)

    def _still_masked(self) -> bool:
        """A stored number this user may see, masked because she has not asked to see it (she came in by Tab)."""
        return self.hasFocus() and self.may_reveal and not self.locked and not self.typed and bool(self.raw) \
            and not self.asked

    def _show_asked(self) -> None:
        """She asked to see the stored number: shown in full (noted), its whole selected if the mask was."""
        whole = self.hasSelectedText() and self.selectedText() == self.text()
        self.asked = True
        self._refresh()
        if whole:
            self.selectAll()

    def inputMethodEvent(self, event) -> None:
        """Text from a Chinese input method (a name in Pinyin, full-width digits): its first key, which starts a
        composition, replaces a masked stored value as a plain key does, and the composition is shown."""
        if event.commitString() or event.preeditString():
            self._replace_stored()
        super().inputMethodEvent(event)

    def _replace_stored(self) -> None:
        """The first key a 录入员 types into a masked stored number starts it afresh."""
        if self.hasFocus() and not self.locked and self._hides_stored():
            self.replaced = self.raw
            self._clear()

    def _delete_stored(self) -> None:
        """删除已保存的号码: on purpose, so it does not come back."""
        self.replaced = ""
        self._clear()

    def _clear(self) -> None:
        self.raw, self.typed = "", True
        self.setReadOnly(False)
        self.setText("")
        self.textEdited.emit("")

    def contextMenuEvent(self, event) -> None:
        menu = self.createStandardContextMenu()
        if not self.locked and self._hides_stored():
            menu.addSeparator()
            menu.addAction("删除已保存的号码", self._delete_stored)
        menu.exec(event.globalPos())

    def focusInEvent(self, event) -> None:
        # Tab passing through shows nothing; back in the window (or from a menu), as she left it; put here by the
        # window (a field to correct), shown
        reason = event.reason()
        back = reason == Qt.FocusReason.PopupFocusReason or (reason == Qt.FocusReason.ActiveWindowFocusReason
                                                              and self.away)
        if not back and reason not in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.asked = True
        self.away = False
        self._refresh()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:
        # emptied, nothing typed instead, and really left: the right-click menu (粘贴, 删除已保存的号码) takes the
        # focus too, and what it does must act on the emptied field, not on the number brought back masked
        kept = self._emptied() and not self.locked and event.reason() != Qt.FocusReason.PopupFocusReason
        if kept:
            self.raw, self.typed = self.replaced, False
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.replaced = ""
        self.away = event.reason() == Qt.FocusReason.ActiveWindowFocusReason  # to another window, the field kept
        if event.reason() not in (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason):
            self.asked = False
        super().focusOutEvent(event)
        self._refresh()
        if kept:
            self.kept.emit()


def _replaces(event) -> bool:
    """A key that types or deletes (not an arrow, Tab or a copy shortcut)."""
    if event.matches(QKeySequence.StandardKey.Paste):
        return True
    if event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
        return True
    if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
        return False  # Ctrl+C, Ctrl+A … (some platforms give them a letter as text)
    text = event.text()
    return bool(text) and text.isprintable()


class MaskedInput(TextInput):
    """ID numbers, phones and other sensitive text: masked on screen unless being edited."""

    def build(self) -> QWidget:
        self.LIVE = self.field.type == "idcard"  # a wrong ID number is shown while it is typed
        edit = MaskedLineEdit(lambda text: mask_value(self.field, text), self.ctx.may_reveal,
                              lambda: self.ctx.note_reveal(self.shown()))
        if self.ctx.may_reveal:
            edit.setToolTip(SHOW_TIP)
        edit.textEdited.connect(self.edited)
        edit.kept.connect(self.edited)
        if self.field.type != "text":
            edit.setFixedWidth(em(edit, 13))
            self.row.addWidget(edit)
            self.row.addStretch(1)
        else:
            self.row.addWidget(edit)
        return edit

    def value(self) -> Any:
        return self.control.value()

    def shown(self) -> str:
        """This number as the reveal log names it: the field, in a group also the row and the party's role
        (当事人2（被申请人）：身份证号), never the value."""
        row = getattr(self.parent(), "reveal_label", None)  # a GroupRow's
        return f"{row()}：{self.field.label}" if callable(row) else self.field.label

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.control.set_locked(read_only)

    def _show_message(self) -> None:
        super()._show_message()
        self.control.set_wrong(self._error is not None)  # a refused number is the clerk's typing: show it to fix

    def set_value(self, value: Any) -> None:
        self.control.set_raw("" if value is None else str(value))
        self.changed.emit()

    def show_cleaned(self, cleaned: Any) -> None:
        if self.field.type != "text":
            self.control.set_cleaned(str(cleaned))
