"""Names from the roster, with completion, and free names for people who are not on it.

`PersonInput` is one name. `PeopleInput` is a list typed one name at a time (Enter adds it as a chip) or pasted as
“张三、李四”; Backspace in the empty entry removes the last chip; Enter in the empty entry goes to the next field.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPaintEvent
from PySide6.QtWidgets import (
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QStyle,
    QStyleOptionFocusRect,
    QStylePainter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core.names import names_from_roster
from fazhi_desktop.core.validate import clean_value
from fazhi_desktop.qt.editor.context import GREY, NAME_ROLE, EditorContext
from fazhi_desktop.qt.editor.widgets import FieldInput, LineEdit, TextInput


def roster_completer(ctx: EditorContext, role: str | None, parent: QWidget) -> QCompleter:
    """Completion over roster names; the popup shows “张三（司法所所长）”, choosing inserts “张三”."""
    completer = QCompleter(ctx.roster_model(role), parent)
    completer.setCompletionRole(NAME_ROLE)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(12)
    return completer


class PersonInput(TextInput):
    """A name: typed freely or completed from the roster (people with the field's role first)."""

    def build(self) -> QWidget:
        edit = super().build()
        edit.setCompleter(roster_completer(self.ctx, self.field.role, edit))
        edit.setPlaceholderText("输入姓名，可从名册中选择")
        return edit


class FlowLayout(QLayout):
    """Lays children out left to right, wrapping like text (the chips of a people field)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, move: bool) -> int:
        """Fill lines left to right; items are centred vertically in their line. Returns the height used."""
        lines: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = rect.x()
        for item in self._items:
            if item.widget() is not None and item.widget().isHidden():
                continue
            hint = item.sizeHint()
            if x + hint.width() > rect.right() and lines[-1]:
                lines.append([])
                x = rect.x()
            lines[-1].append((item, hint))
            x += hint.width() + self._gap
        y = rect.y()
        for line in lines:
            height = max((hint.height() for _item, hint in line), default=0)
            x = rect.x()
            for item, hint in line:
                if move:
                    item.setGeometry(QRect(QPoint(x, y + (height - hint.height()) // 2), hint))
                x += hint.width() + self._gap
            y += height + self._gap
        return max(0, y - self._gap - rect.y())


class Chip(QFrame):
    """One name of a people field; its × removes it (not shown when the record is read-only)."""

    removed = Signal(str)

    def __init__(self, name: str, removable: bool = True):
        super().__init__()
        self.name = name
        self.setObjectName("chip")
        self.set_picked(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 1, 1, 1)
        layout.setSpacing(2)
        label = QLabel(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(label)
        close = QToolButton()
        close.setText("×")
        close.setAutoRaise(True)
        close.setToolTip(f"移除“{name}”")
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        close.clicked.connect(lambda: self.removed.emit(self.name))
        layout.addWidget(close)
        close.setHidden(not removable)  # once it has a parent: shown on its own it would be a window

    def set_picked(self, picked: bool) -> None:
        """Picked with the arrow keys from the entry: Backspace or Delete removes it."""
        colours = ("#1a73e8", "#cfe0fb") if picked else ("#b7c9e2", "#e3ecf7")
        self.setStyleSheet(f"#chip {{ background: {colours[1]}; border: {2 if picked else 1}px solid {colours[0]};"
                           " border-radius: 4px; }")


class ChipArea(QWidget):
    """The names of a people field. While the record is read-only (the entry hidden) Tab stops here and a screen
    reader says the names (检查人员：杨芳、苏燕), the focus drawn round them."""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():
            painter = QStylePainter(self)
            option = QStyleOptionFocusRect()
            option.initFrom(self)
            painter.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.update()


class _TokenLineEdit(LineEdit):
    """The entry of a people field: Enter adds the name typed; with nothing typed, Backspace removes the last name,
    and Left/Right pick a name among them for Backspace or Delete to remove (the × is for the mouse)."""

    commit = Signal()
    remove_last = Signal()
    step = Signal(int)  # -1 Left, +1 Right, 0 nothing picked any more (typing)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.isReadOnly():  # a locked record: no name added or removed; Enter still moves on
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text().strip() and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            self.commit.emit()
            event.accept()
            return
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete) and not self.text() and plain:
            self.remove_last.emit()
            event.accept()
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and not self.text() and plain:
            self.step.emit(-1 if key == Qt.Key.Key_Left else 1)
            event.accept()
            return
        self.step.emit(0)
        super().keyPressEvent(event)

    #: a name still being spelled in the input method ("王" typed, "fang" under way in 微软拼音 or 搜狗): not yet
    #: a name to add when the field is left
    composing = False

    def inputMethodEvent(self, event) -> None:  # typing through a Chinese input method is typing too
        if event.commitString() or event.preeditString():
            self.step.emit(0)
        self.composing = bool(event.preeditString())
        super().inputMethodEvent(event)

    def focusOutEvent(self, event) -> None:
        self.step.emit(0)
        # a name typed and left with Tab (or a click elsewhere) becomes a name as Enter would add it: left in the
        # entry, “共 2 人” counted without it, and back with Shift+Tab (which selects the entry) the next name typed
        # replaced it
        # not when the window itself loses focus (another program, the idle lock): the clerk comes back to the entry
        # as left, "王" not yet a name; nor when a click leaves it while the input method still spells the rest of
        # the name ("王" typed, "fang" under way): "王" alone would have become a name, and the input method puts
        # what it was spelling in the entry as the focus goes
        leaving = event.reason() not in (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason)
        if leaving and self.text().strip() and not self.isReadOnly() and not self.composing:
            self.commit.emit()
        self.composing = False
        super().focusOutEvent(event)


class PeopleInput(FieldInput):
    def build(self) -> QWidget:
        self.names: list[str] = []
        self.chips: list[Chip] = []
        self.picked: int | None = None  # the name Left/Right picked in the chips, for Backspace/Delete
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        self.chip_area = ChipArea()
        self.chip_area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.flow = FlowLayout(self.chip_area)
        self.count_label = QLabel()
        self.count_label.setStyleSheet(f"color: {GREY};")
        self.flow.addWidget(self.count_label)
        column.addWidget(self.chip_area)
        edit = _TokenLineEdit()
        self.completer = roster_completer(self.ctx, self.field.role, edit)
        edit.setCompleter(self.completer)
        edit.setPlaceholderText("输入姓名后按 Enter 添加；可粘贴“张三、李四”")
        edit.setToolTip("按 Enter 添加输入的姓名；退格或 Delete 删除最后一个名字；"
                        "← → 选中一个名字后按 Delete 或退格删除")
        edit.commit.connect(self.add_pending)
        edit.remove_last.connect(self.remove_last)
        edit.step.connect(self._pick)
        edit.textEdited.connect(self._split_separators)
        edit.textChanged.connect(lambda _t: self.changed.emit())
        column.addWidget(edit)
        self.row.addWidget(box)
        self._previous = ""
        self.chip_area.hide()  # no names yet
        return edit

    # -- value -----------------------------------------------------------------------------------------------

    def value(self) -> Any:
        text = self.control.text()
        try:
            pending = self._parse(text)
        except ValueError:  # refused as typed (“马志刚（请假）”): the names as text, which core refuses saying why
            return "、".join([*self.names, text.strip()])
        return self.names + [n for n in pending if n not in self.names]

    def set_value(self, value: Any) -> None:
        self.names = []
        left = ""
        try:
            names = self._parse(value) if isinstance(value, str) else (value or [])
        except ValueError:
            names, left = [], value
        for name in names:
            self._append(str(name))
        self.control.setText(left)
        self._refresh_chips()
        self.changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self._refresh_chips()

    def focus_chain(self) -> list[QWidget]:
        """The entry; while read-only, the names too, which stand in for the entry then hidden (a viewed record's
        检查人员 was out of Tab's reach, never read out)."""
        return [self.control, self.chip_area] if self.read_only else [self.control]

    # -- editing ---------------------------------------------------------------------------------------------

    def add_names(self, names: list[str]) -> None:
        for name in names:
            self._append(name)
        self._refresh_chips()
        self.edited()

    def add_pending(self) -> None:
        """Enter, or leaving the entry: what is typed becomes names; refused (“马志刚（请假）”), it stays in the
        entry under core's reason, not a name the clerk did not mean."""
        self._pick_index(None)
        try:
            names = self._parse(self.control.text())
        except ValueError:
            self.check()
            return
        self.control.clear()
        self._previous = ""
        self.completer.popup().hide()
        self.add_names(names)

    def remove(self, name: str) -> None:
        if name in self.names:
            self.names.remove(name)
            self.picked = None
            self._refresh_chips()
            self.edited()

    def remove_last(self) -> None:
        """Backspace or Delete in the empty entry: the name picked with the arrows, else the last one."""
        if not self.names:
            return
        picked = self.picked if self.picked is not None and self.picked < len(self.names) else None
        self.remove(self.names[-1 if picked is None else picked])
        if picked is not None and self.names:  # the next one to its left stays picked: names go one by one
            self._pick_index(max(0, picked - 1))

    def _pick(self, step: int) -> None:
        """Left from the empty entry picks the last name, then the one before; Right the next, and past the last
        none (back to typing)."""
        if step == 0 or not self.names:
            self._pick_index(None)
            return
        at = len(self.names) if self.picked is None else self.picked
        at += step
        self._pick_index(None if at >= len(self.names) else max(0, at))

    def _pick_index(self, index: int | None) -> None:
        self.picked = index
        for n, chip in enumerate(self.chips):
            chip.set_picked(n == index)

    def _split_separators(self, text: str) -> None:
        """“张三、” adds 张三; a pasted “张三、李四” adds both; a name still being typed stays in the entry, and so
        does text core refuses (“田玉春、马志刚（请假）”: pasted, its reason is shown at once)."""
        previous, self._previous = self._previous, text
        pasted = len(text) - len(previous) > 1
        try:
            names = self._parse(text)
        except ValueError:
            if pasted:
                self.check()
            return
        if self.error():  # corrected: the refusal's red goes as the text changes
            self.check(live=True)
        if not names or (len(names) == 1 and names[0] == text.strip()):
            return
        finished = pasted or not text.rstrip().endswith(names[-1])
        keep = "" if finished else names[-1]
        self.control.setText(keep)
        self._previous = keep
        self.add_names(names if finished else names[:-1])

    def _parse(self, text: str) -> list[str]:
        """The names in `text` as core reads them, roster names found in spaced characters; ValueError with core's
        reason when it refuses the text."""
        if not text or not text.strip():
            return []
        names, _warning = clean_value(self.field, text, self.ctx.lookups)
        known = {person.name for person in self.ctx.roster(None)}
        return [found for name in names or [] for found in (names_from_roster(name, known) or [name])]

    def _append(self, name: str) -> None:
        name = name.strip()
        if name and name not in self.names:
            self.names.append(name)

    def _refresh_chips(self) -> None:
        for chip in self.chips:
            self.flow.removeWidget(chip)
            chip.hide()  # at once: deleteLater waits for the event loop
            chip.deleteLater()
        self.chips = []
        self.flow.removeWidget(self.count_label)
        for n, name in enumerate(self.names):
            chip = Chip(name, removable=not self.read_only)
            chip.set_picked(n == self.picked)
            chip.removed.connect(self.remove)
            self.flow.addWidget(chip)
            self.chips.append(chip)
        self.flow.addWidget(self.count_label)
        self.count_label.setText(f"共 {len(self.names)} 人" if self.names else "")
        self.chip_area.setVisible(bool(self.names))
        self.chip_area.setAccessibleName(f"{self.field.label}：{'、'.join(self.names)}")
        self.chip_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus if self.read_only else Qt.FocusPolicy.NoFocus)
        entry_hidden = self.read_only and bool(self.names)  # the entry only adds names
        if self.control.isHidden() != entry_hidden:
            self.control.setHidden(entry_hidden)
        self.chip_area.updateGeometry()
