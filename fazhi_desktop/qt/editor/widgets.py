"""One input widget per field type, all with the same small interface (see `FieldInput`).

Validity is never decided here: every check calls `core.validate.clean_value`, and the messages are core's.
`factory.make_input` picks the class for a field; the larger inputs live in sibling modules (masked_inputs.py:
ID numbers, phones and other sensitive text).
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QElapsedTimer, QEvent, QMimeData, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QKeySequence, QPaintEvent, QPalette, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyleOptionFrame,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core.forms import FieldDef
from fazhi_desktop.core.plaintext import multi_line, one_line
from fazhi_desktop.core.validate import clean_value, is_empty
from fazhi_desktop.qt.common import em
from fazhi_desktop.qt.editor.context import GREY, ORANGE, RED, EditorContext

PLEASE_CHOOSE = "—请选择—"


def is_plain_enter(event: QKeyEvent) -> bool:
    """Enter or Return without Ctrl, Alt or Shift (Ctrl+Enter adds a group row)."""
    plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain


class LineEdit(QLineEdit):
    """A one-line input where Enter moves to the next field, as clerks used to paper-form software expect. Pasted
    line breaks and tabs are made one line as the documents print it (core/plaintext.one_line)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.textEdited.connect(self._one_line)

    def _one_line(self, text: str) -> None:
        if not text.isprintable():  # a line break, a tab, a control character: as core/plaintext.py has it
            at = len(one_line(text[: self.cursorPosition()]))
            self.setText(one_line(text))
            self.setCursorPosition(at)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if is_plain_enter(event):
            super().keyPressEvent(event)
            self.focusNextChild()
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.Paste) and not self.isReadOnly():
            pasted = QApplication.clipboard().text()
            if pasted and not pasted.isprintable():  # cleaned as it goes in: Ctrl+Z then undoes the paste
                self.insert(one_line(pasted))  # (cleaning after it, by setText, emptied the undo history)
                event.accept()
                return
        super().keyPressEvent(event)


class EnterMovesOn:
    """For a widget Enter would otherwise do nothing in (a button, a check box): it moves to the next field."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if is_plain_enter(event):
            self.focusNextChild()
            event.accept()
            return
        super().keyPressEvent(event)


class FormButton(EnterMovesOn, QPushButton):
    """A button inside the form (＋ 添加一行, 添加… an attachment): Space presses it, and Enter moves to the next
    field as in every input (a clerk walking the form with Enter stopped at each of them).

    What is typed on it goes on into the next field, as if the cursor had been there: Enter after a group's last
    row lands on ＋ 添加一行, and the clerk typing on from paper lost the next character (the 会前学法's 2 of
    2026-10-13 went nowhere). The button takes the input method, so a word typed in Pinyin there is committed into
    the next field whole, not as its first Latin letter."""

    def __init__(self, text: str, tip: str):
        super().__init__(text)
        self.setAutoDefault(False)
        self.setToolTip(tip)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        typed = text and text.isprintable() and not text.isspace()  # Space presses the button
        if typed and not event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier):
            self._pass_on(QKeyEvent(event.type(), event.key(), event.modifiers(), text))
            event.accept()
            return
        super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        if event.commitString():
            passed = QInputMethodEvent()
            passed.setCommitString(event.commitString())
            self._pass_on(passed)
        event.accept()  # the word being composed is shown by the input method's own window

    def _pass_on(self, event: QEvent) -> None:
        """To the next field that takes text, with `event` (what was typed here): past a list of attachments, a
        button, a read-only field (the key typed on ＋ 添加一行 before 附件 went into its list, which ignored it)."""
        passed: list[QWidget] = [self]
        field = self
        while field is not None and (field is self or not takes_text(field)):
            field.focusNextChild()
            field = QApplication.focusWidget()
            if field in passed:  # round the window, and nothing takes text
                return
            passed.append(field)
        if field is not None:
            QApplication.sendEvent(field, event)


def takes_text(widget: QWidget) -> bool:
    """Does `widget` take typed text (a text box, a drop-down; not a button, a list, a read-only field)?"""
    return widget.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled) and not isinstance(widget, QPushButton)


#: what turns the words after it into their opposite in a choice (调解不成功, 已审查不合法, 未履行, 不予受理)
_NEGATIONS = ("不", "未", "无", "非", "不予")


def _affirms(choice: str, typed: str) -> bool:
    """Does `choice` hold `typed` other than right after a negation (成功 in 调解成功, not in 调解不成功(终止))?"""
    at = choice.find(typed)
    while at >= 0:
        if not choice[:at].endswith(_NEGATIONS):
            return True
        at = choice.find(typed, at + 1)
    return False


class ChoiceBox(QComboBox):
    """A drop-down where Enter moves to the next field, like a line edit. With its list open, Enter picks the
    highlighted item (the list takes that key itself) and the next Enter moves on.

    The mouse wheel changes it only while it has focus: scrolling the form over it must not. `read_only` shows the
    value and lets nothing change it: the list does not open, keys and the wheel do nothing (Tab still leaves), and
    it is drawn as a read-only text box.

    Choices can be typed, in Chinese too: the box takes the input method (Qt switches it off for a drop-down that
    cannot be edited, so Pinyin keys came as Latin letters and Space opened the list). What is typed means the
    choice equal to it (落实, not 部分落实); else the one shown if it holds it (“会议” on 会议记录 keeps it: Qt's own
    search starts after the one shown and took 会议纪要); else the next one starting with it; else the one choice
    holding it anywhere (纪 for 会议纪要, 不 for 已审查不合法) other than negated (列席 is not 未列席); else the one
    choice holding it other than negated (成功 for 调解成功, though 调解不成功(终止) holds it too: also on the shown
    one that holds it only so). Text several choices hold, or none, or one only negated, changes nothing;
    `typed` then says what was typed (ChoiceInput says so under the box)."""

    #: text typed into the box (after the choice it means, if any, is chosen)
    typed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._read_only = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        self._typed, self._typing = "", QElapsedTimer()  # what was typed in quick succession, and since when
        self.held_before_typing: Any = None

    @property
    def read_only(self) -> bool:
        return self._read_only

    @read_only.setter
    def read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, not read_only)  # as a read-only line edit
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._read_only:
            super().paintEvent(event)
            return
        # drawn as the read-only line edits beside it are: a frame and the value, no arrow offering a list that will
        # not open, and no “—请选择—” for an empty value (styles cache the whole button, arrow included, so the
        # arrow cannot just be left out of QComboBox's own drawing)
        painter = QStylePainter(self)
        frame = QStyleOptionFrame()
        frame.initFrom(self)
        frame.lineWidth = self.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, frame, self)
        frame.state |= QStyle.StateFlag.State_Sunken
        painter.drawPrimitive(QStyle.PrimitiveElement.PE_PanelLineEdit, frame)
        inside = self.rect().adjusted(frame.lineWidth + 2, 0, -(frame.lineWidth + 2), 0)
        shown = self.fontMetrics().elidedText(self.shown_text(), Qt.TextElideMode.ElideRight, inside.width())
        painter.drawItemText(inside, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), self.palette(),
                             True, shown, QPalette.ColorRole.Text)

    def shown_text(self) -> str:
        """The value as shown: read-only, an empty choice is blank rather than “—请选择—”."""
        if self._read_only and self.currentData() is None and self.currentText() == PLEASE_CHOOSE:
            return ""
        return self.currentText()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if is_plain_enter(event):
            self.focusNextChild()
            event.accept()
        elif self.read_only:
            event.ignore()
        elif self._choose_typed(event.text()):
            event.accept()
        else:
            super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        if self.read_only:  # a typed 是 would otherwise select the item starting with it
            event.ignore()
        elif self._choose_typed(event.commitString(), word=True):
            event.accept()
        else:
            super().inputMethodEvent(event)

    def _choose_typed(self, text: str, word: bool = False) -> bool:
        """Choose what typed text means (see the class); False if it is no text (an arrow, Space: Qt's keys).
        Keys typed in quick succession are one text, as in Qt's search (“2”, “0”, “2”, “5” in a year box); a `word`
        the input method gives (公安) is one on its own."""
        text = text.strip()
        if not text or not text.isprintable():
            return False
        quick = not word and self._typing.isValid() and self._typing.elapsed() < self.typing_interval()
        if not quick:
            self.held_before_typing = self.currentData()  # the choice the text began on (a link restores it)
        self._typed = self._typed + text if quick else text
        self._typing.start()
        index = self._meant(self._typed)
        if index is not None:
            self.setCurrentIndex(index)
        self.typed.emit(self._typed)
        return True

    def typing_interval(self) -> int:
        """The milliseconds within which a key continues the text typed before (Qt's, as its own search)."""
        return QApplication.keyboardInputInterval()

    def _meant(self, typed: str) -> int | None:
        """The choice `typed` means, or None to leave the one shown."""
        texts = [self.itemText(i) for i in range(self.count())]
        shown = self.currentIndex()
        if typed in texts:
            return texts.index(typed)
        affirming = [i for i, text in enumerate(texts) if _affirms(text, typed)]
        if shown >= 0 and texts[shown] != PLEASE_CHOOSE and typed in texts[shown]:
            # the one shown, unless it holds the text only negated and one other choice says it (成功 on
            # 调解不成功(终止) is 调解成功)
            return affirming[0] if len(affirming) == 1 and shown not in affirming else None
        after = [*range(shown + 1, len(texts)), *range(shown + 1)]  # Qt's order: from the one after the shown one
        starting = [i for i in after if texts[i].startswith(typed)]
        if starting:
            return starting[0]
        holding = [texts.index(t) for t in self.holding(typed)]
        if len(holding) == 1:  # unless it holds it only negated: 列席 is not 未列席, 受理 not 不予受理（告知投诉人）
            return holding[0] if holding[0] in affirming else None
        return affirming[0] if len(affirming) == 1 else None  # 成功: 调解成功, not 调解不成功(终止)

    def holding(self, typed: str) -> list[str]:
        """The choices holding `typed` anywhere, in the list's order."""
        return [t for t in (self.itemText(i) for i in range(self.count())) if typed in t and t != PLEASE_CHOOSE]

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.read_only or not self.hasFocus():
            event.ignore()  # the form behind scrolls instead
            return
        super().wheelEvent(event)

    def showPopup(self) -> None:
        if not self.read_only:
            super().showPopup()


class CheckBox(EnterMovesOn, QCheckBox):
    """One of several choices: Enter moves to the next field; `read_only` keeps the tick as it is."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(text, parent)
        self.read_only = False

    def hitButton(self, pos: QPoint) -> bool:
        return not self.read_only and super().hitButton(pos)

    def nextCheckState(self) -> None:
        if not self.read_only:
            super().nextCheckState()


_EDITING_HINT = "editing_hint"  # a text box's placeholder, kept while it is read-only


def make_read_only(widget: QWidget, read_only: bool) -> None:
    """Let `widget` show its value but not change it. Text stays selectable (and long text scrollable), which a
    disabled widget does not allow; its grey placeholder (“如 2026-03-05”) is hidden so it cannot pass for a
    value. Buttons and lists are left to the input that owns them."""
    if isinstance(widget, (ChoiceBox, CheckBox)):
        widget.read_only = read_only
    if not isinstance(widget, (QLineEdit, QPlainTextEdit)):
        return
    if read_only and widget.placeholderText():
        widget.setProperty(_EDITING_HINT, widget.placeholderText())
        widget.setPlaceholderText("")
    elif not read_only and widget.property(_EDITING_HINT):
        widget.setPlaceholderText(widget.property(_EDITING_HINT))
    widget.setReadOnly(read_only)
    if read_only and isinstance(widget, QPlainTextEdit):
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                       | Qt.TextInteractionFlag.TextSelectableByKeyboard)


class FieldInput(QWidget):
    """Base of every input: `value()` is the raw value core cleans, `set_value(v)` shows a stored value,
    `changed` fires on every change, `set_error`/`set_warning` show core's message under the control.

    Errors appear while typing only once shown (or always, for `LIVE` types such as ID numbers); otherwise when
    the user leaves the field. A valid value clears the message at once.
    """

    changed = Signal()
    LIVE = False

    def __init__(self, field: FieldDef, ctx: EditorContext, compact: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.field, self.ctx, self.compact = field, ctx, compact
        self._error: str | None = None
        self._warning: str | None = None  # the field's own check's (clean_value), made again as it is left
        self._note: str | None = None  # the whole record's checks' at this field (是否告知权利义务: set_record_note)
        # the message's text and colour: none yet, as made (each of a 200-party case's 3,600 inputs was given its
        # own style sheet for a message it did not have, checked as the case opened: a fifth of the opening)
        self._shown: tuple[str, str] = ("", ORANGE)
        self.read_only = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self.row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        outer.addWidget(self.message)
        self.control = self.build()
        self.setFocusProxy(self.control)
        self.spoken = ""  # the name `name_for_screen_reader` gave the inputs
        self.name_for_screen_reader()
        for widget in self.focus_chain():
            widget.installEventFilter(self)
        if field.help:  # what the field is for, then how its input is used (build's tooltip: dates, links, people)
            how = self.control.toolTip()
            self.control.setToolTip(f"{field.help}\n{how}" if how else field.help)
            if not compact:
                help_label = QLabel(field.help)
                help_label.setWordWrap(True)
                help_label.setStyleSheet(f"color: {GREY};")
                outer.addWidget(help_label)
        if field.placeholder and isinstance(self.control, (QLineEdit, QPlainTextEdit)):
            self.control.setPlaceholderText(field.placeholder)

    def name_for_screen_reader(self, row: str = "") -> None:
        """The field's label as the name a screen reader says on reaching its input (检查日期（必填）), before the
        value. Qt finds a label only beside its buddy, and the form's labels stand outside the input: NVDA read
        `编辑 2026-04-28` and `组合框 日常检查`, no field named. A button or check box keeps its own text. `row`:
        a group row's title said first (当事人 2：身份证号): each row's 身份证号 read alike; renamed with the row."""
        name = f"{self.field.label}（必填）" if self.field.required else self.field.label
        name = f"{row}：{name}" if row else name
        if name == self.spoken:  # (a 200-party case renumbers every row as one is added)
            return
        for widget in self.focus_chain():
            if not isinstance(widget, QAbstractButton) and widget.accessibleName() in ("", self.spoken):
                widget.setAccessibleName(name)
        self.spoken = name

    # -- the interface ---------------------------------------------------------------------------------------

    def build(self) -> QWidget:
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus_chain(self) -> list[QWidget]:
        """The widgets Tab visits inside this input, in order."""
        return [self.control]

    def set_read_only(self, read_only: bool) -> None:
        """Show the value but let nothing change it (a locked record): see `make_read_only`. Inputs with buttons
        (calendar, 添加…, chips' ×) hide them too."""
        self.read_only = read_only
        for widget in self.focus_chain():
            make_read_only(widget, read_only)

    def set_error(self, text: str | None) -> None:
        self._error = text
        self._show_message()

    def set_warning(self, text: str | None) -> None:
        self._warning = text
        self._show_message()

    def set_record_note(self, text: str | None) -> None:
        """The whole record's checks' note at this field (调解前应告知当事人权利义务), kept apart from the field's own
        warning: leaving the field checks it alone, which wiped the note while the status line still counted it.
        The editor sets them all again as the values change (RecordEditor._recheck)."""
        if text == self._note:  # each key sets all 3,600 of a 200-party case: redrawing them all took ~10 ms a key
            return
        self._note = text
        self._show_message()

    def error(self) -> str | None:
        return self._error

    def warning(self) -> str | None:
        """What is said in orange: the record's note at the field, and the field's own warning if it says more."""
        own, note = self._warning, self._note
        if own and note and own not in note:
            return f"{own}；{note}"
        return note or own

    def clear_messages(self) -> None:
        """Forget the field's own messages; the record's note stays until the editor sets the notes again."""
        self._error = self._warning = None
        self._show_message()

    # -- checking as the user types --------------------------------------------------------------------------

    def check(self, live: bool = False) -> None:
        raw = self.value()
        if is_empty(raw):
            self.clear_messages()
            return
        try:
            cleaned, warning = clean_value(self.field, raw, self.ctx.lookups)
        except ValueError as exc:
            if not live or self.LIVE or self._error:
                self._warning = None
                self.set_error(str(exc))
            return
        self._error = None
        self.set_warning(warning)
        if not live:
            self.show_cleaned(cleaned)

    def show_cleaned(self, cleaned: Any) -> None:
        """Called with core's cleaned value when the user leaves a valid field (dates show as 2026-03-05)."""

    def edited(self, *_args: Any) -> None:
        self.changed.emit()
        self.check(live=True)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.check(live=False)
        return False

    def _show_message(self) -> None:
        text, color = (self._error, RED) if self._error else (self.warning(), ORANGE)
        if (text or "", color) == self._shown:  # the notes are set again as each key is typed (_recheck)
            return
        self._shown = (text or "", color)
        self.message.setText(text or "")
        self.message.setStyleSheet(f"color: {color};")
        self.message.setVisible(bool(text))


class TextInput(FieldInput):
    def build(self) -> QWidget:
        edit = LineEdit()
        edit.textChanged.connect(self.edited)
        if self.field.suggestions:  # 民族: “回” offers 回族, “吾尔” 维吾尔族
            completer = QCompleter(list(self.field.suggestions), edit)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setMaxVisibleItems(12)
            edit.setCompleter(completer)
        self.row.addWidget(edit)
        return edit

    def value(self) -> Any:
        return self.control.text()

    def set_value(self, value: Any) -> None:
        self.control.setText("" if value is None else str(value))


class ShortTextInput(TextInput):
    """Numbers, times, credit codes: a line edit sized for its content, not the whole form width."""

    WIDTHS: ClassVar[dict[str, int]] = {"integer": 7, "decimal": 7, "time": 7, "credit_code": 13}

    def build(self) -> QWidget:
        edit = super().build()
        edit.setFixedWidth(em(edit, self.WIDTHS.get(self.field.type, 12)))
        if self.field.unit:  # 年龄 [ 55 ] 岁: the form's unit after the number, as it is printed
            self.unit_label = QLabel(self.field.unit)
            self.row.addWidget(self.unit_label)
        self.row.addStretch(1)
        return edit

    def show_cleaned(self, cleaned: Any) -> None:
        if self.field.type in ("time", "integer", "credit_code"):
            self.control.setText(str(cleaned))


class LongTextEdit(QPlainTextEdit):
    """Several lines, where Tab moves on; pasted text's tabs (a Word list's “一、→被申请人…”, a spreadsheet's
    cells) and control characters are cleaned as the documents print them (core/plaintext.multi_line)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText() and not source.text().replace("\n", "").isprintable():
            plain = QMimeData()
            plain.setText(multi_line(source.text()))
            source = plain
        super().insertFromMimeData(source)


class LongTextInput(FieldInput):
    def build(self) -> QWidget:
        edit = LongTextEdit()
        lines = 2.5 if self.compact else 4
        edit.setFixedHeight(int(edit.fontMetrics().lineSpacing() * lines + 14))
        edit.textChanged.connect(self.edited)
        self.row.addWidget(edit)
        return edit

    def value(self) -> Any:
        return self.control.toPlainText()

    def set_value(self, value: Any) -> None:
        self.control.setPlainText("" if value is None else str(value))


class ChoiceInput(FieldInput):
    """A combo box; an empty first entry unless the form gives a default. A stored value that is no longer a
    choice is kept (and core says why it is wrong) rather than silently replaced.

    Text typed that picks no choice (借 in 纠纷类型, which no choice holds; 地, which three hold) is said under the
    box in orange when the clerk leaves it, until a choice is made: it was silent, Enter moved on, and the save was
    refused later (纠纷类型：必填)."""

    def build(self) -> QWidget:
        combo = ChoiceBox()
        combo.setMinimumWidth(em(combo, 6))
        if self.field.default is None:
            combo.addItem(PLEASE_CHOOSE, None)
        for text, data in self.options():
            combo.addItem(text, data)
        self._unpicked: str | None = None  # what typed text that picked nothing says
        combo.currentIndexChanged.connect(self._chosen)
        combo.activated.connect(self._picked)  # from the list, the one shown too (no change of index)
        combo.typed.connect(self._typed)
        self.row.addWidget(combo)
        self.row.addStretch(1)
        return combo

    def _chosen(self) -> None:
        self._unpicked = None  # a choice made: what was typed before is past
        self.edited()

    def _picked(self) -> None:
        if self._unpicked is not None:  # the choice shown, picked from the list: no longer to be said as not chosen
            self._unpicked = None
            self.check(live=True)

    def _typed(self, text: str) -> None:
        combo = self.control
        if combo.currentData() is not None and text in combo.currentText():
            self._unpicked = None  # it picked the choice shown, or the shown one holds it
            return
        holding = combo.holding(text)
        kept = f"，仍为“{combo.currentText()}”" if combo.currentData() is not None else ""
        label = self.field.label
        if not holding:
            self._unpicked = f"“{text}”不在{label}的选项中{kept}，请从列表中选择（按空格键列出全部选项）"
        else:
            few = "、".join(holding[:4]) + ("等" if len(holding) > 4 else "")
            self._unpicked = f"“{text}”在{label}的 {len(holding)} 个选项中都有（{few}）{kept}，请从列表中选择"

    def check(self, live: bool = False) -> None:
        super().check(live)
        if not live and self._unpicked and not self.error():
            self.set_warning(self._unpicked)

    def options(self) -> list[tuple[str, Any]]:
        return [(c, c) for c in self.field.choices]

    def value(self) -> Any:
        return self.control.currentData()

    def set_value(self, value: Any) -> None:
        combo = self.control
        self._unpicked = None
        if value is None or value == "":
            if combo.findData(None) < 0:
                combo.insertItem(0, PLEASE_CHOOSE, None)
            combo.setCurrentIndex(combo.findData(None))
            return
        index = combo.findData(value)
        if index < 0:
            combo.addItem(f"{value}（不在可选值中）", value)
            index = combo.count() - 1
        combo.setCurrentIndex(index)


class BooleanInput(ChoiceInput):
    def options(self) -> list[tuple[str, Any]]:
        return [("是", True), ("否", False)]

    def set_value(self, value: Any) -> None:
        super().set_value(None if value is None else bool(value))


class MultiChoiceInput(FieldInput):
    def build(self) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes = []
        for i, choice in enumerate(self.field.choices):
            check = CheckBox(choice)
            check.toggled.connect(self.edited)
            grid.addWidget(check, i // 3, i % 3)
            self.boxes.append(check)
        self.row.addWidget(box)
        self.row.addStretch(1)
        return self.boxes[0]

    def focus_chain(self) -> list[QWidget]:
        return list(self.boxes)

    def value(self) -> Any:
        return [b.text() for b in self.boxes if b.isChecked()]

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        for b in self.boxes:
            b.setChecked(b.text() in chosen)
