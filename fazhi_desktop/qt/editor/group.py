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
from PySide6.QtGui import QColor, QFocusEvent, QKeySequence, QPainter, QPaintEvent, QResizeEvent, QShortcut
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
from fazhi_desktop.core.validate import clean_value, default_from_record, default_value, is_empty
from fazhi_desktop.qt.editor.context import GREY, ORANGE, RED, EditorContext
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

    #: the row was built (its fields made): `inputs` and the rest can be read without making them
    built_now = Signal(object)

    def __init__(self, field: FieldDef, ctx: EditorContext, parent: QWidget | None = None,
                 certificate: tuple[str, ...] | None = None, stand_in: StandIn | None = None):
        """With `stand_in`, the row starts as a light frame of the row's height (no fields made) until `build`, which
        reading `inputs`, `labels`, `title` or `remove_button` does too."""
        super().__init__(parent)
        self.field, self.ctx = field, ctx
        self.certificate = certificate  # (name, number, 有效期)
        self.filled: dict[str, str] = {}  # the sub-fields filled from the roster, with what they were given
        self.loading = False
        self.quiet = False  # being built: its fields given what it held, which changes nothing in the record
        self.read_only = False
        self.labels_grey = False
        self.number = 1  # as its title shows it (set_number)
        self.setObjectName("grouprow")
        self.setContentsMargins(1, 1, 1, 1)  # inside the border paintEvent draws
        self._visible: tuple[str, ...] | None = None
        self._pairs = True  # two sub-fields to a line (`_place`)
        self.least = {True: 0, False: 0}  # the row's least width with two sub-fields to a line and with one
        self._inputs: dict[str, FieldInput] | None = None
        self.stand_in = stand_in
        if stand_in is None:
            self._make()
            return
        # not yet built: what it holds, as given (`_given`) and as its fields will give it back (`_values`)
        self._given: dict[str, Any] = {}
        self._values: dict[str, Any] = dict(stand_in.defaults)
        self.defaults = dict(stand_in.defaults)
        self._shape: tuple[str, ...] = stand_in.shape
        self._notes: dict[str, str] = {}  # the record's notes at its fields (set_record_notes)
        self._fill_only: frozenset[str] = frozenset()  # open_to_fill's, while it is read-only
        self._on_build: list[Callable[[], None]] = []  # when_built's
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Tab reaches it, and it hands the cursor to its fields

    @property
    def built(self) -> bool:
        return self._inputs is not None

    @property
    def inputs(self) -> dict[str, FieldInput]:
        if self._inputs is None:
            self.build()
        return self._inputs

    @property
    def labels(self) -> dict[str, QLabel]:
        self.inputs  # noqa: B018  (built on access)
        return self._labels

    @property
    def title(self) -> QLabel:
        self.inputs  # noqa: B018
        return self._title

    @property
    def remove_button(self) -> QToolButton:
        self.inputs  # noqa: B018
        return self._remove_button

    @property
    def pairs(self) -> bool:
        """Two sub-fields to a line (`_place`), as the row's width allows."""
        self.inputs  # noqa: B018
        return self._pairs

    def _make(self, values: dict[str, Any] | None = None) -> None:
        """The row's fields, as the row starts: its sub-fields' defaults; `values` (a row built where it stood, its
        defaults known): holding them, not set twice."""
        column = QVBoxLayout(self)
        column.setEnabled(not self.quiet)  # built in view: laid out once, not again as each field is shown
        column.setContentsMargins(8, 4, 8, 8)
        header = QHBoxLayout()
        self._title = bold(QLabel())
        header.addWidget(self._title)
        header.addStretch(1)
        self._remove_button = QToolButton()
        self._remove_button.setText("删除此行")
        self._remove_button.setToolTip(f"删除此行（{REMOVE_KEY}）")
        self._remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        header.addWidget(self._remove_button)
        column.addLayout(header)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(4)
        # the first of two fields on a line (议题名称, 当事人姓名) is usually the longer: 3 to 2 (a nineteen-character
        # 议题 lost its first character in a half as wide as 汇报人's)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(3, 2)
        column.addLayout(self.grid)
        inputs: dict[str, FieldInput] = {}
        self._labels: dict[str, QLabel] = {}
        for sub in self.field.fields:
            widget = make_input(sub, self.ctx, compact=True, parent=self)
            label = field_label(sub, widget.control, self)
            widget.changed.connect(self._on_changed)
            inputs[sub.name], self._labels[sub.name] = widget, label
        self._inputs = inputs
        self.remove_key = QShortcut(QKeySequence(REMOVE_KEY), self)
        self.remove_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_key.activated.connect(lambda: self.remove_requested.emit(self))
        if values is not None:
            self.set_values(values)
        else:
            self.set_values({sub.name: default_value(sub, self.ctx.today) for sub in self.field.fields})
            self.defaults = self.values()
        if self.certificate is not None:
            self._inputs[self.certificate[0]].changed.connect(self.fill_certificate)

    def build(self) -> None:
        """Make the fields of a row not yet built, holding what it holds, as they would have been had the row been
        made with the others: read-only, greyed, checked and noted as they are now; then `built_now`."""
        if self._inputs is not None:
            return
        given, notes, fill_only = self._given, self._notes, self._fill_only
        # made hidden and shown once, its group laid out after it (`RowsInView` lays the form out): each field, label
        # and note shown in a row on screen laid out the whole form again, every row built so far (~20 ms a field
        # near the end of a 200-party case). Not when the cursor is on it (Tab reached it): hidden, it would send
        # the cursor on
        group = self.parentWidget().layout() if self.isVisible() and not self.hasFocus() else None
        held = group is not None and group.isEnabled()
        if held:
            group.setEnabled(False)
            self.setVisible(False)
        try:
            self._build(given, notes, fill_only)
        finally:
            if held:
                self.setVisible(True)
                group.setEnabled(True)
        self.built_now.emit(self)  # its Tab stops chained, its ID number watched: then what waited for it
        for action in self._on_build:
            action()
        self._on_build = []

    def _build(self, given: dict[str, Any], notes: dict[str, str], fill_only: frozenset[str]) -> None:
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.quiet = True
        try:
            self._make(given)
        finally:
            self.quiet = False
        self.layout().setEnabled(True)
        self._title.show()  # made inside a row already shown: shown by hand (its fields are, by `_place`)
        self.set_number(self.number)
        self.set_read_only(self.read_only)
        self.set_labels_grey(self.labels_grey)
        if fill_only:
            self.open_to_fill(fill_only)
        for widget in self._inputs.values():  # as RecordEditor._clear_problems checked every field as it opened
            widget.check(live=True)
            widget.set_record_note(notes.get(widget.field.name))
        self.stand_in = None
        self.updateGeometry()

    def when_built(self, action: Callable[[], None]) -> None:
        """`action` now if the row is built, else once it is."""
        if self.built:
            action()
        else:
            self._on_build.append(action)

    def sizeHint(self) -> QSize:
        if self.built:
            return super().sizeHint()
        return QSize(0, self.stand_in.height(self._shape))

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Tab or Shift+Tab reached the row before it was built: built, and the cursor in its first field (or its
        last, going back)."""
        super().focusInEvent(event)
        if self.built:
            return
        self.build()
        stops = [w for widget in self._inputs.values() for w in widget.focus_chain()
                 if w.isVisibleTo(self) and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        if stops:
            back = event.reason() == Qt.FocusReason.BacktabFocusReason
            stops[-1 if back else 0].setFocus(event.reason())

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
        if not self.built:
            return self.sizeHint()
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.least[False] or hint.width()), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self.built:
            return
        pairs = event.size().width() >= self.least[True]
        if pairs != self._pairs:
            self._place(pairs)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self._visible is not None:  # 长者模式: measured anew
            self._measure()

    def set_number(self, number: int) -> None:
        self.number = number
        if self.built:  # a row not yet built is named as it is built (`build` sets its number again)
            self._title.setText(f"{self.field.label} {number}")
            for widget in self._inputs.values():  # a screen reader tells 当事人 1's 身份证号 from 当事人 2's
                widget.name_for_screen_reader(self._title.text())

    def reveal_label(self) -> str:
        """The row as the reveal log names it: its number and the party's role (当事人2（被申请人）)."""
        from fazhi_desktop.core.reveals import row_label

        return row_label(self.field, self.number, self.values())

    def values(self) -> dict[str, Any]:
        if not self.built:
            return {name: list(v) if isinstance(v, list) else v for name, v in self._values.items()}
        return {name: widget.value() for name, widget in self._inputs.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        if not self.built:
            self._given = dict(values)
            self._values, self._shape = self.stand_in.read(values)
            self.filled = {}
            self.updateGeometry()
            return
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
        if not self.built:
            self._fill_only = frozenset()  # every field read-only or not, as set now
            return
        self.remove_button.setHidden(read_only)
        self.remove_key.setEnabled(not read_only)
        for widget in self.inputs.values():
            widget.set_read_only(read_only)

    def set_labels_grey(self, grey: bool) -> None:
        """The row's title and its fields' labels greyed (disabled), as `GroupInput.set_labels_grey`."""
        self.labels_grey = grey
        if not self.built:
            return
        self.title.setEnabled(not grey)
        for label in self.labels.values():
            label.setEnabled(not grey)

    def open_to_fill(self, names: frozenset[str]) -> None:
        """Of a row shown read-only, the sub-fields `names` it has empty editable again, their labels not grey
        (GroupInput.open_to_fill)."""
        if not self.built:
            self._fill_only = names
            return
        values = self.values()
        for name in names & self.inputs.keys():
            if is_empty(values.get(name)):
                self.inputs[name].set_read_only(False)
                self.labels[name].setEnabled(True)

    def set_record_notes(self, notes: dict[str, str]) -> None:
        """The whole record's checks' notes at the row's fields, by sub-field (none at the others)."""
        if not self.built:
            self._notes = notes
            return
        for name, widget in self._inputs.items():
            widget.set_record_note(notes.get(name))

    def may_be_marked(self) -> bool:
        """Might a field of the row say something in orange? A row not built says whether its notes or its values'
        own checks would."""
        if self.built or self._notes:
            return True
        hidden = hidden_fields(self.field.fields, self._values)
        for sub in self.field.fields:
            value = self._values.get(sub.name)
            if sub.name in hidden or is_empty(value):
                continue
            try:
                if clean_value(sub, value, self.ctx.lookups)[1]:
                    return True
            except ValueError:
                continue
        return False

    def is_blank(self, values: dict[str, Any] | None = None) -> bool:
        """Nothing typed: every value empty, or still the defaults of a new row (是否需合法性审查 = 否). `values`:
        what `values()` gave just now."""
        values = self.values() if values is None else values
        return values == self.defaults or all(is_empty(v) for v in values.values())

    def focus_chain(self) -> list[QWidget]:
        """Its fields' Tab stops; a row not built is one stop, the row itself (`focusInEvent`)."""
        if not self.built:
            return [self]
        return [w for name in self._inputs for w in self._inputs[name].focus_chain()]

    def first_input(self) -> FieldInput:
        return next(w for w in self.inputs.values() if not w.isHidden())

    def _on_changed(self) -> None:
        if not self.loading:  # set_values lays the row out once all its values are in
            self.apply_visibility()
        if not self.quiet:
            self.changed.emit()

    def apply_visibility(self) -> None:
        if not self.built:
            return
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
        self._pairs = pairs
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


class StandIn:
    """For the rows of a group not yet built (a 群体性纠纷's 200 当事人, most of them below the window: making all
    their 3,600 fields took 1.7 s of opening the case): one hidden row of the group reads each row's values as its
    fields give them back (so that a row built later gives back the same, and the record is not changed by being
    scrolled through), and measures the height a row of those fields takes, two to a line or one."""

    def __init__(self, group: GroupInput):
        self.group = group
        # a window of its own, never shown: not one of the form's rows (nor in its Tab chain), gone with the group
        self.reader = GroupRow(group.field, group.ctx, None, group.certificate)
        group.destroyed.connect(self.reader.deleteLater)
        self.defaults = self.reader.defaults
        self.shape = self.reader._visible  # the sub-fields a row shows
        self._samples: dict[tuple[str, ...], dict[str, Any]] = {self.shape: self.defaults}
        self._heights: dict[tuple[str, ...], tuple[int, int, int]] = {}  # least width for pairs, their heights

    def read(self, values: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
        """`values` as a row's fields give them back, and the sub-fields such a row shows."""
        self.reader.set_values(values)
        shape = self.reader._visible
        self._samples.setdefault(shape, dict(values))
        return self.reader.values(), shape

    def height(self, shape: tuple[str, ...]) -> int:
        """The height of a row showing `shape`'s sub-fields, at the group's width."""
        if shape not in self._heights:
            self.reader.setFont(self.group.font())  # 长者模式's, as the rows have it
            self.reader.set_values(self._samples[shape])
            heights = {}
            for pairs in (False, True):
                self.reader._place(pairs)
                self.reader.layout().invalidate()
                heights[pairs] = self.reader.layout().totalSizeHint().height()
            self._heights[shape] = (self.reader.least[True], heights[True], heights[False])
        least, pairs, single = self._heights[shape]
        return pairs if self.group.width() >= least else single

    def measure_again(self) -> None:
        """The font changed (长者模式)."""
        self._heights.clear()


class GroupInput(QWidget):
    """The rows of one group field, with 添加一行 (Ctrl+Enter) and 删除此行 (Ctrl+Shift+Delete) on each row. A row
    added starts with what the form's `default_from` gives its sub-fields from `record_values` (the record's values
    as they stand in the window: 回访人 from the case's 调解员); a row shown from the record is as stored."""

    changed = Signal()
    rows_changed = Signal()
    #: a row shown from the record was built (GroupRow.build): its fields are new Tab stops
    row_built = Signal(object)

    def __init__(self, field: FieldDef, ctx: EditorContext, parent: QWidget | None = None,
                 certificate: tuple[str, ...] | None = None, record_values: Callable[[], dict[str, Any]] | None = None):
        super().__init__(parent)
        self.field, self.ctx = field, ctx
        self.stand_in: StandIn | None = None  # made with the first row shown from the record
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
        self.message.setWordWrap(True)
        self.message.hide()
        self._error: str | None = None
        self._note: str | None = None
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
            self._append(announce=False, stand_in=True)
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
            row.open_to_fill(names)

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

    def _append(self, announce: bool = True, stand_in: bool = False) -> GroupRow:
        """A new row at the end; with `stand_in`, not built until it is reached (values to be set at once)."""
        if stand_in and self.stand_in is None:
            self.stand_in = StandIn(self)
        row = GroupRow(self.field, self.ctx, self, self.certificate, self.stand_in if stand_in else None)
        row.changed.connect(self.changed)
        row.built_now.connect(self.row_built)
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
        """A problem with the group as a whole (当事人：必填), in red under its rows, over its note."""
        self._error = text or None
        self._show_message()

    def set_record_note(self, text: str | None) -> None:
        """The whole record's checks' note at the group as a whole, or at a row it cannot name (第3行：…), in
        orange, as a field's; None once no check says it. Set in red (`set_error`) it stayed after it was mended."""
        self._note = text or None
        self._show_message()

    def _show_message(self) -> None:
        text, color = (self._error, RED) if self._error else (self._note, ORANGE)
        self.message.setText(text or "")
        self.message.setStyleSheet(f"color: {color};")
        self.message.setVisible(bool(text))

    def problem_row(self, index: int, sub: str, filled: list[GroupRow] | None = None) -> GroupRow | None:
        """The row of `path[index].sub` (index counts non-empty rows from 1), None when there is no such row or
        sub-field. `filled`: `filled_rows()` as just read."""
        filled = self.filled_rows() if filled is None else filled
        if not 1 <= index <= len(filled) or all(f.name != sub for f in self.field.fields):
            return None
        return filled[index - 1]

    def problem_input(self, index: int, sub: str, filled: list[GroupRow] | None = None) -> FieldInput | None:
        """The input of `path[index].sub` (`problem_row`), its row built."""
        row = self.problem_row(index, sub, filled)
        return None if row is None else row.inputs[sub]

    def show_problem(self, index: int, sub: str, message: str, filled: list[GroupRow] | None = None) -> QWidget:
        """Show core's message for `path[index].sub` on that row's input (`problem_input`), else on the group."""
        widget = self.problem_input(index, sub, filled)
        if widget is None:
            self.set_error(f"第{index}行：{message}")
            return self
        widget.set_error(message)
        return widget

    def focus_chain(self) -> list[QWidget]:
        return [w for row in self.rows for w in row.focus_chain()] + [self.add_button]

    def focus_target(self) -> QWidget:
        """Where the cursor goes for a problem with the group as a whole (当事人：必填): the first row's first field,
        to be filled in at once, else ＋ 添加一行. The group's own box takes no keys: focused, typing went nowhere."""
        return self.rows[0].first_input() if self.rows else self.add_button

    def inputs(self) -> list[FieldInput]:
        """Every sub-field input of every row (each row built)."""
        return [w for row in self.rows for w in row.inputs.values()]

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self.stand_in is not None:  # 长者模式
            self.stand_in.measure_again()
            for row in self.rows:
                if not row.built:
                    row.updateGeometry()

    def row(self, index: int) -> GroupRow:
        """Row `index` as the user sees it, counted from 0."""
        return self.rows[index]
