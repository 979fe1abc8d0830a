"""Repeating groups (议题, 当事人, 回访 ...): one small sub-form per row, added with Ctrl+Enter.

Each row lays out its visible sub-fields two to a line (long text on a line of its own), one to a line when two do
not fit its width (长者模式 at 125 %: 当事人's right half, 身份证号 and 住址, was past the editor's edge), and re-flows
when a sub-field's condition changes (当事人类型 自然人/单位). Rows that are entirely empty are not sent to core,
exactly as core ignores them, so a problem path `parties[2].name` names the second non-empty row. A row still holding
only the defaults it was added with counts as empty too: nothing was entered in it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPaintEvent, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core.forms import FieldDef, hidden_fields
from fazhi_desktop.core.validate import default_from_record, default_value, is_empty
from fazhi_desktop.qt.editor.context import GREY, RED, EditorContext
from fazhi_desktop.qt.editor.factory import make_input
from fazhi_desktop.qt.editor.widgets import FieldInput, FormButton

WIDE_TYPES = frozenset({"longtext", "people", "multichoice", "attachments"})
ADD_KEYS = ("Ctrl+Return", "Ctrl+Enter")
REMOVE_KEY = "Ctrl+Shift+Delete"
NO_ROWS = "（暂无。按 Ctrl+Enter 或点“添加一行”添加）"
NO_ROWS_READ_ONLY = "（无）"
ROW_BORDER = "#c8ccd2"


def label_text(field: FieldDef, required: bool | None = None) -> str:
    """“<red>*</red>姓名” for required fields, as Chinese forms mark them."""
    required = field.required if required is None else required
    star = f'<span style="color:{RED}">*</span>' if required else ""
    return f"{star}{field.label}"


def field_label(field: FieldDef, buddy: QWidget, parent: QWidget | None = None) -> QLabel:
    """A label top-aligned with the first line of its input, however tall the input grows (help, messages)."""
    label = QLabel(label_text(field), parent)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    label.setContentsMargins(0, _label_offset(label), 0, 0)
    label.setBuddy(buddy)
    return label


_OFFSETS: dict[tuple[str, str, str], int] = {}


def _label_offset(label: QLabel) -> int:
    """How far down `label` goes to stand level with the first line of a text box: measured once per text and font
    (not for each of a 200-party case's 3,600 labels, each measuring a new text box)."""
    key = (label.text(), label.font().key(), QApplication.font().key())
    if key not in _OFFSETS:
        _OFFSETS[key] = max(0, (QLineEdit().sizeHint().height() - label.sizeHint().height()) // 2)
    return _OFFSETS[key]


def bold(label: QLabel) -> QLabel:
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class GroupRow(QFrame):
    """One row of a group. With `certificate` (the fields of the group's `roster_certificate` check: 执法证核查),
    picking or typing a roster name fills the row's empty 执法证号 and 有效期 from the roster on the record's date; what
    she typed is never replaced, and what was filled goes with the name (another name, or a name the roster does not
    know)."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, field: FieldDef, ctx: EditorContext, parent: QWidget | None = None,
                 certificate: tuple[str, ...] | None = None):
        super().__init__(parent)
        self.field, self.ctx = field, ctx
        self.certificate = certificate  # (name, number, 有效期)
        self.filled: dict[str, str] = {}  # the sub-fields filled from the roster, with what they were given
        self.loading = False
        self.read_only = False
        self.number = 1  # as its title shows it (set_number)
        self.setObjectName("grouprow")
        self.setContentsMargins(1, 1, 1, 1)  # inside the border paintEvent draws
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 4, 8, 8)
        header = QHBoxLayout()
        self.title = bold(QLabel())
        header.addWidget(self.title)
        header.addStretch(1)
        self.remove_button = QToolButton()
        self.remove_button.setText("删除此行")
        self.remove_button.setToolTip(f"删除此行（{REMOVE_KEY}）")
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        header.addWidget(self.remove_button)
        column.addLayout(header)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(4)
        # the first of two fields on a line (议题名称, 当事人姓名) is usually the longer: 3 to 2 (a nineteen-character
        # 议题 lost its first character in a half as wide as 汇报人's)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(3, 2)
        column.addLayout(self.grid)
        self.inputs: dict[str, FieldInput] = {}
        self.labels: dict[str, QLabel] = {}
        for sub in field.fields:
            widget = make_input(sub, ctx, compact=True, parent=self)
            label = field_label(sub, widget.control, self)
            widget.changed.connect(self._on_changed)
            self.inputs[sub.name], self.labels[sub.name] = widget, label
        self._visible: tuple[str, ...] | None = None
        self.pairs = True  # two sub-fields to a line (`_place`)
        self.least = {True: 0, False: 0}  # the row's least width with two sub-fields to a line and with one
        self.remove_key = QShortcut(QKeySequence(REMOVE_KEY), self)
        self.remove_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_key.activated.connect(lambda: self.remove_requested.emit(self))
        self.set_values({sub.name: default_value(sub, ctx.today) for sub in field.fields})
        self.defaults = self.values()
        if self.certificate is not None:
            self.inputs[self.certificate[0]].changed.connect(self.fill_certificate)

    def paintEvent(self, event: QPaintEvent) -> None:
        """A thin grey rounded border, drawn here: as a style sheet (each row's own) it took a second of opening a
        200-party case, and restyled every input in the row."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor(ROW_BORDER))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)

    def minimumSizeHint(self) -> QSize:
        """As narrow as one sub-field to a line: the row, given less than two to a line take, puts one to a line
        (`resizeEvent`) rather than widen the form past the editor's edge."""
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.least[False] or hint.width()), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        pairs = event.size().width() >= self.least[True]
        if pairs != self.pairs:
            self._place(pairs)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self._visible is not None:  # 长者模式: measured anew
            self._measure()

    def set_number(self, number: int) -> None:
        self.number = number
        self.title.setText(f"{self.field.label} {number}")
        for widget in self.inputs.values():  # a screen reader tells 当事人 1's 身份证号 from 当事人 2's
            widget.name_for_screen_reader(self.title.text())

    def reveal_label(self) -> str:
        """The row as the reveal log names it: its number and the party's role (当事人2（被申请人）)."""
        from fazhi_desktop.core.reveals import row_label

        return row_label(self.field, self.number, self.values())

    def values(self) -> dict[str, Any]:
        return {name: widget.value() for name, widget in self.inputs.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        self.loading = True  # a stored row's values are its own: nothing is filled while they are shown
        try:
            for name, widget in self.inputs.items():
                widget.set_value(values.get(name))
        finally:
            self.loading = False
        self.filled = {}
        self.apply_visibility()

    def fill_certificate(self) -> None:
        """The roster's 执法证号 and 有效期 of the name now in the row (`certificate`), in those of the two that are
        empty or still hold what was filled before; a name the roster does not know takes back what was filled."""
        if self.loading or self.read_only or self.certificate is None:
            return
        name, number, valid = self.certificate
        typed = self.inputs[name].value()
        found = self.ctx.certificate(typed.strip()) if isinstance(typed, str) and typed.strip() else None
        for sub, given in zip((number, valid), found or (None, None), strict=True):
            widget = self.inputs[sub]
            now = widget.value()
            if not (is_empty(now) or (sub in self.filled and now == self.filled[sub])):
                continue  # hers
            self.filled.pop(sub, None)
            if given:
                self.filled[sub] = given
            if (now or "") != (given or ""):
                widget.set_value(given)
                widget.edited()  # as typed: the record is changed, and checked

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.remove_button.setHidden(read_only)
        self.remove_key.setEnabled(not read_only)
        for widget in self.inputs.values():
            widget.set_read_only(read_only)

    def set_labels_grey(self, grey: bool) -> None:
        """The row's title and its fields' labels greyed (disabled), as `GroupInput.set_labels_grey`."""
        self.title.setEnabled(not grey)
        for label in self.labels.values():
            label.setEnabled(not grey)

    def is_blank(self, values: dict[str, Any] | None = None) -> bool:
        """Nothing typed: every value empty, or still the defaults of a new row (是否需合法性审查 = 否). `values`:
        what `values()` gave just now."""
        values = self.values() if values is None else values
        return values == self.defaults or all(is_empty(v) for v in values.values())

    def focus_chain(self) -> list[QWidget]:
        return [w for name in self.inputs for w in self.inputs[name].focus_chain()]

    def first_input(self) -> FieldInput:
        return next(w for w in self.inputs.values() if not w.isHidden())

    def _on_changed(self) -> None:
        if not self.loading:  # set_values lays the row out once all its values are in
            self.apply_visibility()
        self.changed.emit()

    def apply_visibility(self) -> None:
        hidden = hidden_fields(self.field.fields, self.values())  # as on save: also those a hidden field shows
        visible = tuple(sub.name for sub in self.field.fields if sub.name not in hidden)
        if visible == self._visible:
            return
        self._visible = visible
        self._measure()

    def _measure(self) -> None:
        """The row's least width with one and with two sub-fields to a line; then laid out as its width allows."""
        for pairs in (False, True):
            self._place(pairs)
            self.layout().invalidate()  # else the width cached before the sub-fields moved
            self.least[pairs] = self.layout().totalMinimumSize().width()
        if self.width() < self.least[True] and self.testAttribute(Qt.WidgetAttribute.WA_Resized):
            self._place(False)
        self.updateGeometry()

    def _place(self, pairs: bool) -> None:
        """The visible sub-fields in the grid, two to a line (`pairs`) or one (long text always on a line of its
        own)."""
        self.pairs = pairs
        while self.grid.count():
            self.grid.takeAt(0)
        line, column = 0, 0
        for sub in self.field.fields:
            widget, label = self.inputs[sub.name], self.labels[sub.name]
            shown = sub.name in self._visible
            widget.setVisible(shown)
            label.setVisible(shown)
            if not shown:
                continue
            if sub.type in WIDE_TYPES or not pairs:
                if column:
                    line, column = line + 1, 0
                self.grid.addWidget(label, line, 0)
                self.grid.addWidget(widget, line, 1, 1, 3, Qt.AlignmentFlag.AlignTop)
                line += 1
                continue
            self.grid.addWidget(label, line, column * 2)
            self.grid.addWidget(widget, line, column * 2 + 1, Qt.AlignmentFlag.AlignTop)
            column += 1
            if column == 2:
                line, column = line + 1, 0


class GroupInput(QWidget):
    """The rows of one group field, with 添加一行 (Ctrl+Enter) and 删除此行 (Ctrl+Shift+Delete) on each row. A row
    added starts with what the form's `default_from` gives its sub-fields from `record_values` (the record's values
    as they stand in the window: 回访人 from the case's 调解员); a row shown from the record is as stored."""

    changed = Signal()
    rows_changed = Signal()

    def __init__(self, field: FieldDef, ctx: EditorContext, parent: QWidget | None = None,
                 certificate: tuple[str, ...] | None = None, record_values: Callable[[], dict[str, Any]] | None = None):
        super().__init__(parent)
        self.field, self.ctx = field, ctx
        self.certificate = certificate  # the fields of the group's roster_certificate check: rows fill from the roster
        self.record_values = record_values or dict
        self.rows: list[GroupRow] = []
        self.read_only = False
        self.labels_grey = False
        self.min_rows = int(field.min) if field.min is not None else (1 if field.required else 0)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 6, 0, 0)
        header = QHBoxLayout()
        self.title = bold(QLabel(label_text(field, required=self.min_rows > 0)))
        self.count_label = QLabel()
        self.count_label.setStyleSheet(f"color: {GREY};")
        self.add_button = FormButton("＋ 添加一行", "添加一行（空格键或 Ctrl+Enter）")
        self.add_button.clicked.connect(lambda: self.add_row())
        header.addWidget(self.title)
        header.addWidget(self.count_label)
        header.addStretch(1)
        header.addWidget(self.add_button)
        column.addLayout(header)
        if field.help:
            help_label = QLabel(field.help)
            help_label.setWordWrap(True)
            help_label.setStyleSheet(f"color: {GREY};")
            column.addWidget(help_label)
        self.empty_label = QLabel(NO_ROWS)
        self.empty_label.setStyleSheet(f"color: {GREY};")
        column.addWidget(self.empty_label)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(6)
        column.addLayout(self.rows_box)
        self.message = QLabel()
        self.message.setStyleSheet(f"color: {RED};")
        self.message.setWordWrap(True)
        self.message.hide()
        column.addWidget(self.message)
        self.add_keys = [QShortcut(QKeySequence(keys), self) for keys in ADD_KEYS]
        for shortcut in self.add_keys:
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda: self.add_row())
        self._renumber()

    # -- value -----------------------------------------------------------------------------------------------

    def value(self) -> list[dict[str, Any]]:
        """The rows core should see: every row something was typed or chosen in."""
        every = [row.values() for row in self.rows]  # each row read once (twice made every key slower)
        return [values for row, values in zip(self.rows, every, strict=True) if not row.is_blank(values)]

    def set_value(self, value: Any) -> None:
        rows = [r for r in (value or []) if isinstance(r, dict)]
        count = len(self.rows)
        while len(self.rows) > len(rows):
            self._drop(self.rows[-1], announce=False)
        while len(self.rows) < len(rows):
            self._append(announce=False)
        if len(self.rows) != count:  # once, not once a row: the editor's Tab order went over every row each time
            self.rows_changed.emit()  # (a 200-party case took half a minute to open)
        for row, values in zip(self.rows, rows, strict=True):
            row.set_values(values)
        self._renumber()
        self.changed.emit()

    def filled_rows(self) -> list[GroupRow]:
        return [row for row in self.rows if not row.is_blank()]

    def ensure_min_rows(self) -> None:
        while len(self.rows) < self.min_rows:
            self._append()
        self._renumber()

    def set_read_only(self, read_only: bool) -> None:
        """A locked record's rows are shown, read-only; none can be added or removed."""
        self.read_only = read_only
        self.add_button.setHidden(read_only)
        for shortcut in self.add_keys:
            shortcut.setEnabled(not read_only)
        for row in self.rows:
            row.set_read_only(read_only)
        self.empty_label.setText(NO_ROWS_READ_ONLY if read_only else NO_ROWS)

    def set_labels_grey(self, grey: bool) -> None:
        """Grey the group's labels (its title, each row's, their fields'), as the editor greys the label of a field
        it shows read-only beside fields that can still be filled (a matter a closed year left open)."""
        self.labels_grey = grey
        self.title.setEnabled(not grey)
        for row in self.rows:
            row.set_labels_grey(grey)

    def open_to_fill(self, names: frozenset[str]) -> None:
        """Of rows shown read-only, the sub-fields `names` that a row has empty editable again, their labels not grey
        (a matter a closed year left open: its 当事人 may still have a 法定代理人 filled in, `fill_only`)."""
        for row in self.rows:
            values = row.values()
            for name in names & row.inputs.keys():
                if is_empty(values.get(name)):
                    row.inputs[name].set_read_only(False)
                    row.labels[name].setEnabled(True)

    # -- editing ---------------------------------------------------------------------------------------------

    def add_row(self, focus: bool = True) -> GroupRow:
        row = self._append()
        self._start_from_record(row)
        self._renumber()
        self.changed.emit()
        if focus:
            row.first_input().setFocus()
        return row

    def remove_row(self, row: GroupRow) -> bool:
        """Remove a row, asking first when it holds anything the user typed."""
        number = self.rows.index(row) + 1
        if row.values() != row.defaults and not self.ctx.dialogs.confirm(
            self, "删除此行", f"删除“{self.field.label} {number}”及其中填写的内容？", yes="删除", no="取消",
            default=False,  # Enter keeps what was typed: Ctrl+Shift+Delete then Enter dropped a typed row
        ):
            return False
        index = self.rows.index(row)
        self._drop(row)
        self._renumber()
        self.changed.emit()
        if self.rows:
            self.rows[min(index, len(self.rows) - 1)].first_input().setFocus()
        else:
            self.add_button.setFocus()
        return True

    def _start_from_record(self, row: GroupRow) -> None:
        """A new row's sub-fields with `default_from` filled from the record, as defaults: a row holding only them
        is still blank (nothing typed), and a value typed over or cleared is hers."""
        subs = [sub for sub in self.field.fields if sub.default_from is not None]
        if not subs:
            return
        values = self.record_values()
        for sub in subs:
            given = default_from_record(sub, values)
            if given is not None and is_empty(row.inputs[sub.name].value()):
                row.inputs[sub.name].set_value(given)
        row.defaults = row.values()

    def _append(self, announce: bool = True) -> GroupRow:
        row = GroupRow(self.field, self.ctx, self, self.certificate)
        row.changed.connect(self.changed)
        row.remove_requested.connect(self.remove_row)
        row.set_read_only(self.read_only)
        row.set_labels_grey(self.labels_grey)
        self.rows.append(row)
        self.rows_box.addWidget(row)
        row.show()  # now, not on the next event loop pass, so Tab and setFocus can reach it at once
        if announce:
            self.rows_changed.emit()
        return row

    def _drop(self, row: GroupRow, announce: bool = True) -> None:
        self.rows.remove(row)
        self.rows_box.removeWidget(row)
        row.hide()
        row.deleteLater()
        if announce:
            self.rows_changed.emit()

    def _renumber(self) -> None:
        for number, row in enumerate(self.rows, 1):
            row.set_number(number)
        self.empty_label.setVisible(not self.rows)
        self.count_label.setText(f"（{len(self.rows)} 行）" if self.rows else "")

    # -- problems and focus ----------------------------------------------------------------------------------

    def set_error(self, text: str | None) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))

    def problem_input(self, index: int, sub: str, filled: list[GroupRow] | None = None) -> FieldInput | None:
        """The input of `path[index].sub` (index counts non-empty rows from 1), None when there is no such row.
        `filled`: `filled_rows()` as just read."""
        filled = self.filled_rows() if filled is None else filled
        if not 1 <= index <= len(filled) or sub not in filled[index - 1].inputs:
            return None
        return filled[index - 1].inputs[sub]

    def show_problem(self, index: int, sub: str, message: str, warning: bool = False,
                     filled: list[GroupRow] | None = None) -> QWidget:
        """Show core's message for `path[index].sub` on that row's input (`problem_input`), else on the group."""
        widget = self.problem_input(index, sub, filled)
        if widget is None:
            self.set_error(f"第{index}行：{message}")
            return self
        if warning:
            widget.set_record_note(message)
        else:
            widget.set_error(message)
        return widget

    def focus_chain(self) -> list[QWidget]:
        return [w for row in self.rows for w in row.focus_chain()] + [self.add_button]

    def focus_target(self) -> QWidget:
        """Where the cursor goes for a problem with the group as a whole (当事人：必填): the first row's first field,
        to be filled in at once, else ＋ 添加一行. The group's own box takes no keys: focused, typing went nowhere."""
        return self.rows[0].first_input() if self.rows else self.add_button

    def inputs(self) -> list[FieldInput]:
        """Every sub-field input of every row."""
        return [w for row in self.rows for w in row.inputs.values()]

    def row(self, index: int) -> GroupRow:
        """Row `index` as the user sees it, counted from 0."""
        return self.rows[index]
