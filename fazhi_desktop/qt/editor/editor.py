"""The record editor, generated from a ledger definition: no ledger has a hand-written form.

Fields are laid out in form order (Tab follows it), conditions are applied as values change, each input checks
itself with core as the user types, and `save()` hands everything to `Store.save`, the one write path, showing
every problem it reports next to its field.
"""

from __future__ import annotations

import bisect
import html
import logging
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from fazhi_desktop.core import autosave, review, year_close
from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.clock_behind import doubtful_today
from fazhi_desktop.core.errors import FazhiError, FieldProblem, ValidationError, where_it_failed
from fazhi_desktop.core.forms import STATUS_LABELS, SYSTEM_LABELS, FieldDef, LedgerDef, hidden_fields
from fazhi_desktop.core.store import Record, Store
from fazhi_desktop.core.year_slip import renumbered_said, slipped_year
from fazhi_desktop.qt.common import em
from fazhi_desktop.qt.dialogs import Answer, Dialogs
from fazhi_desktop.qt.editor.context import GREY, ORANGE, RED, EditorContext, may_reveal_numbers
from fazhi_desktop.qt.editor.date_inputs import DateInput
from fazhi_desktop.qt.editor.factory import make_input
from fazhi_desktop.qt.editor.group import GroupInput, GroupRow, field_label
from fazhi_desktop.qt.editor.id_fill import IdFill
from fazhi_desktop.qt.editor.in_view import KeepInView
from fazhi_desktop.qt.editor.record_inputs import LinkInput
from fazhi_desktop.qt.editor.role_fill import RoleFill
from fazhi_desktop.qt.editor.rows_in_view import RowsInView
from fazhi_desktop.qt.editor.widgets import FieldInput

if TYPE_CHECKING:  # the bundle package (and its cryptography) loads when 补录 is first used
    from fazhi_desktop.core.bundle.reentry import ToEnter

log = logging.getLogger(__name__)
REMARKS = FieldDef(name="remarks", label=SYSTEM_LABELS["remarks"], type="longtext")
_PATH = re.compile(r"^(?P<name>\w+)(?:\[(?P<index>\d+)\]\.(?P<sub>\w+))?$")
UNSAVED = "有未保存的修改（Ctrl+S 保存）"
#: the banner of a record opened to be read (本年度指标 → 查看记录): a key pressed by mistake changes nothing
VIEWING = "仅供查看：内容不会被误改。需要修改，请按“编辑”（Alt+E）"


#: what the count says of the advisory warnings (a study saved ahead of its date, a 履行期限 passed): not asked about
#: before 保存并新建, 提交 or printing. Not "仅供了解": most of them still say 请核对 or 请补充 at their field
NOT_ASKED = "不影响提交和打印"


def chain_positions(window: QWidget, widgets: Sequence[QWidget]) -> list[int]:
    """Where each of `widgets` (inside `window`) stands in `window`'s focus chain (-1: not in it). The walk stops at
    the last of them: the window itself, had a widget of it given it back as its next, would be kept alive by that
    widget's wrapper (PySide's parent heuristic), and a closed window's wrapper with it.

    The same heuristic makes each widget walked the wrapper's child of the one before it; each is given back to its
    own parent after the walk: a row deleted took with it the wrappers of widgets after it in the chain (删除此行 in
    the middle, then Tab read 显示完整证件号's reason box, deleted for Python: the program closed)."""
    wanted = {id(w) for w in widgets}
    at: dict[int, int] = {}
    walked: list[QWidget] = []
    widget, index = window.nextInFocusChain(), 0
    while wanted and widget is not None and widget is not window:
        walked.append(widget)
        if id(widget) in wanted:
            at.setdefault(id(widget), index)
            if len(at) == len(wanted):
                break
        widget, index = widget.nextInFocusChain(), index + 1
    _give_back(walked)
    return [at.get(id(w), -1) for w in widgets]


def stops_after(row: QWidget) -> list[QWidget]:
    """The widgets Tab may stop at (or a click focus) after `row` in its window's focus chain, as far as its own
    widgets (made last in the chain) or the window. Each is given back to its parent, as in `chain_positions`."""
    window, walked, stops = row.window(), [], []
    widget = row.nextInFocusChain()
    while widget is not None and widget is not window and not row.isAncestorOf(widget):
        walked.append(widget)
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            stops.append(widget)
        widget = widget.nextInFocusChain()
    _give_back(walked)
    return stops


def _give_back(widgets: Sequence[QWidget]) -> None:
    """Make each of `widgets` its own parent's child again for PySide (which findChildren does), not the child of the
    widget whose nextInFocusChain gave it."""
    parents = {id(p): p for p in (w.parentWidget() for w in widgets) if p is not None}
    for parent in parents.values():
        parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)


def out_of_order(positions: Sequence[int]) -> list[int]:
    """The indexes (never 0) of `positions` to move so that all stand in order after the first: all but a longest
    increasing run of those after the first."""
    tails: list[int] = []  # tails[k]: the index ending the best run of length k+1 found so far
    ends: list[int] = []  # their positions
    before: dict[int, int] = {}  # index -> the index before it in its run
    for i in range(1, len(positions)):
        if positions[i] <= positions[0]:
            continue
        k = bisect.bisect_left(ends, positions[i])
        if k:
            before[i] = tails[k - 1]
        tails[k:k + 1], ends[k:k + 1] = [i], [positions[i]]
    kept, i = set(), tails[-1] if tails else None
    while i is not None:
        kept.add(i)
        i = before.get(i)
    return [i for i in range(1, len(positions)) if i not in kept]


def warnings_counted(warnings: Sequence[FieldProblem]) -> str:
    """How many warnings, said the same in the status line and in 保存并新建's box: "2 条提醒（橙色）"; the advisory
    ones are not asked about before the next steps, and are counted apart, "1 条提醒（橙色；另有 1 条提示，
    不影响提交和打印）", or alone "2 条提示（橙色，不影响提交和打印）" (the box said 1 where the line said 2)."""
    doubts = sum(not w.advisory for w in warnings)
    notes = len(warnings) - doubts
    if not notes:
        return f"{doubts} 条提醒（橙色）"
    if not doubts:
        return f"{notes} 条提示（橙色，{NOT_ASKED}）"
    return f"{doubts} 条提醒（橙色；另有 {notes} 条提示，{NOT_ASKED}）"


def _warnings_said(asked: Sequence[FieldProblem], held: Sequence[FieldProblem]) -> tuple[str, str] | None:
    """The status line's count of a stored record's warnings (RecordEditor._stored_warnings), and its colour."""
    if asked:
        doubted = any(not w.advisory for w in asked)  # a planned date alone is no doubt: said, not asked about
        return f"此记录有 {warnings_counted(asked)}{'，请核对' if doubted else ''}", ORANGE if doubted else GREY
    if held:
        return (f"此记录有 {len(held)} 条提醒（橙色），都在已封账、只读的内容上：仅供了解，"
                "更正须由所长或管理员重新打开该年", GREY)
    return None


class RecordEditor(QWidget):
    """Edits one record (or a new one) of `ledger`. Emits `saved` with the stored Record after each save.

    A new record starts from the form's defaults, or from `copy_of` (复制为新记录: the fields the form marks
    `copy = true` of that record)."""

    saved = Signal(object)
    dirty_changed = Signal(bool)
    #: a save was refused because the stored record moved on (locked, reviewed, changed or deleted elsewhere)
    outdated = Signal(str)
    #: a record of another ledger saved from here (a meeting linked to the 会前学法 saved here: waiting_link.py)
    others_saved = Signal(object)

    def __init__(self, store: Store, ledger: LedgerDef, record: Record | None, dialogs: Dialogs, actor: str,
                 parent: QWidget | None = None, copy_of: Record | None = None, reentering: ToEnter | None = None,
                 viewing: bool = False):
        super().__init__(parent)
        self.store, self.ledger, self.record, self.dialogs, self.actor = store, ledger, record, dialogs, actor
        #: opened to be read (VIEWING), every field read-only until `start_editing`; None once editing
        self.viewing = VIEWING if viewing and record is not None else None
        self.copy_of = copy_of if record is None else None
        #: 补录 of a record a receipt named (core/bundle/reentry.py): saved under its printed number as the county's
        self.reentering = reentering if record is None else None
        #: the key of this window's draft on disk (qt/editor/autosave.py), noted as saved in the save's transaction
        self.draft_on_disk: str | None = None
        self.context = EditorContext(store, dialogs)
        if record is not None:  # its stored ID numbers, masked to a user who may not reveal them: checked as shown
            self.context.lookups = store.lookups(ledger, record.values, record.id)
        self.context.note_reveal = self._note_reveal
        self._revealed: set[tuple[str, str]] = set()  # the numbers this window has shown (record id, which): noted once
        self.fields: tuple[FieldDef, ...] = (*ledger.fields, REMARKS)
        self.inputs: dict[str, FieldInput | GroupInput] = {}
        self.labels: dict[str, QLabel] = {}  # each field's label but a group's (which is titled in its frame)
        self._loading = False
        self._dirty = False
        self._baseline: dict[str, Any] = {}
        self._outdated: str | None = None  # why this window's version can no longer be saved
        self._dated_year: int | None = None  # the year of the record's date its links were last listed for
        self._shown_for: dict[str, Any] = {}  # the values the fields' visibility was last set for
        self._revealed_filled: dict[str, Any] = {}  # defaults filled as their fields appeared (_fill_revealed)
        #: is a record (by id) open with unsaved changes in another window? (EditorWindow.open_unsaved)
        self.open_unsaved: Callable[[str], bool] = lambda _record_id: False
        self._build()
        if record is not None:
            values = record.values
        elif self.reentering is not None:
            from fazhi_desktop.core.bundle import reentry

            values = reentry.filled(store, self.reentering)
        else:
            values = {**store.defaults(ledger), **(ledger.copied_values(self.copy_of.values) if self.copy_of else {})}
        self._load(values, new=record is None)
        if record is not None:
            self._show_stored_warnings()

    # -- building --------------------------------------------------------------------------------------------

    def _build(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setContentsMargins(12, 8, 12, 4)
        column.addWidget(self.header)
        #: the records that link this one, read-only (links.linked_from: the meetings whose 会前学法 this study is)
        self.linked_from = QLabel()
        self.linked_from.setWordWrap(True)
        self.linked_from.setStyleSheet(f"color: {GREY};")
        self.linked_from.setContentsMargins(12, 0, 12, 4)
        self.linked_from.hide()
        column.addWidget(self.linked_from)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # else an invisible Tab stop after the buttons
        self.body = QWidget()
        page = QVBoxLayout(self.body)
        page.setContentsMargins(0, 0, 0, 0)
        self.form = QFormLayout()
        page.addLayout(self.form)
        page.addStretch(1)
        self.form.setContentsMargins(12, 4, 16, 12)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setVerticalSpacing(8)
        self.body.setMaximumWidth(em(self, 56))
        self.scroll.setWidget(self.body)
        self.in_view = KeepInView(self.scroll)
        self.rows_in_view = RowsInView(self.scroll)
        column.addWidget(self.scroll, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setContentsMargins(12, 4, 12, 4)
        self.status.hide()
        column.addWidget(self.status)
        for field in self.fields:
            self._add_field(field)
        self.rows_in_view.groups = [w for w in self.inputs.values() if isinstance(w, GroupInput)]
        self._chain_tab_order()
        self.id_fill = IdFill(self.ledger, self.inputs)  # 性别, 出生日期 from a party's typed ID number
        self.id_fill.hook()
        # 主讲人是否主要负责同志 and 主讲人职务 from the roster when the 主讲人 is a 主要负责同志 that day
        self.role_fill = RoleFill(self.ledger, self.inputs, self.context, lambda: self._loading, self.announce)
        for check in self.ledger.checks:  # the kind of record a link asks for (a meeting's 会前学法)
            if check.kind == "link_value" and check.group is None and isinstance(self.inputs.get(check.fields[0]),
                                                                                  LinkInput):
                self.inputs[check.fields[0]].wanted = (check.fields[2], check.fields[3])
        dated = self.inputs.get(self.ledger.date_field or "")  # left, a new meeting's date offers its 会前学法
        self._date_control = dated.control if isinstance(dated, DateInput) else None
        if self._date_control is not None and any(c.kind == "link_day" for c in self.ledger.checks):
            self._date_control.installEventFilter(self)
        for check in self.ledger.checks:  # 时长 offered from the clock times when the clerk reaches it empty
            if check.kind == "duration" and check.group is None and check.fields[2] in self.inputs:
                self.inputs[check.fields[2]].control.installEventFilter(self)

    def _add_field(self, field: FieldDef) -> None:
        if field.type == "group":
            certificate = next((check.fields for check in self.ledger.checks  # 执法证号, 有效期 filled from the roster
                                if check.kind == "roster_cert_no" and check.group == field.name), None)
            group = GroupInput(field, self.context, certificate=certificate, record_values=self.collect)
            group.changed.connect(self._on_changed)
            group.rows_changed.connect(self._chain_tab_order)
            group.rows_changed.connect(lambda: self.id_fill.hook())
            group.row_built.connect(self._chain_row)  # a row reached (RowsInView, Tab, a problem in it)
            group.row_built.connect(lambda row: self.id_fill.hook(row))
            self.inputs[field.name] = group
            self.form.addRow(group)
            return
        widget = make_input(field, self.context)
        widget.changed.connect(self._on_changed)
        label = field_label(field, widget.control)
        self.inputs[field.name] = widget
        self.labels[field.name] = label
        self.form.addRow(label, widget)

    def _chain_row(self, row: GroupRow) -> None:
        """A row just built: its fields' stops, made last in Qt's chain, take the place the row held in it. Not by
        moving them into the middle of the chain: Qt walks back from each stop moved over every widget no Tab stops
        at (the labels of the rows built before, 14,000 near the end of a 200-party case: 5 ms a stop); the stops
        after the row are moved behind its fields instead, each a step from the one before it (`stops_after`)."""
        stops = row.focus_chain()
        for first, second in pairwise(stops + stops_after(row)):
            QWidget.setTabOrder(first, second)

    def _chain_tab_order(self) -> None:
        """Tab follows the form: each stop Qt's focus chain holds out of order is put after the one before it. Those
        already in order are left: Qt walks its chain at each move, and moving all 3,600 stops of a 200-party case
        (its rows made after the fields below them) took four seconds of opening it."""
        stops = self.tab_stops()
        for at in out_of_order(chain_positions(self.window(), stops)):
            QWidget.setTabOrder(stops[at - 1], stops[at])

    def tab_stops(self) -> list[QWidget]:
        """The fields' widgets in form order, group rows included, as Tab visits them."""
        return [w for field in self.fields for w in self.inputs[field.name].focus_chain()]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and self.read_only_reason() is None:
            self._offer_duration(watched)
        elif event.type() == QEvent.Type.FocusOut and watched is self._date_control and self.isVisible() \
                and event.reason() not in (Qt.FocusReason.ActiveWindowFocusReason, Qt.FocusReason.PopupFocusReason):
            self._offer_same_day()  # to another field (not the calendar, another window, a closing one)
        return super().eventFilter(watched, event)

    def _offer_duration(self, control: QObject) -> None:
        """An empty 时长 is filled from the start and end times (会前学法 8:30 to 9:00: 30), selected so that what
        the clerk types replaces it: she types the times once, and the form's check questions a 时长 that differs."""
        from fazhi_desktop.core.validate import clean_value, is_empty, minutes_between

        for check in self.ledger.checks:
            if check.kind != "duration" or check.group is not None:
                continue
            start, end, minutes = (self.inputs.get(name) for name in check.fields)
            if minutes is None or minutes.control is not control or not is_empty(minutes.value()):
                continue
            lookups = self.context.lookups
            try:
                times = [clean_value(w.field, w.value(), lookups)[0] if not is_empty(w.value()) else None
                         for w in (start, end)]
            except ValueError:
                return
            between = minutes_between(*times)
            if between:
                minutes.set_value(str(between))
                minutes.edited()  # as typed: the record is changed, and checked
                control.selectAll()

    # -- values ----------------------------------------------------------------------------------------------

    def collect(self) -> dict[str, Any]:
        """What the user entered, raw, field by field: the `data` given to Store.save."""
        return {field.name: self.inputs[field.name].value() for field in self.fields}

    def _load(self, values: dict[str, Any], new: bool) -> None:
        self._loading = True
        try:
            for field in self.fields:
                self.inputs[field.name].set_value(values.get(field.name))
            if new:
                for widget in self.inputs.values():
                    if isinstance(widget, GroupInput):
                        widget.ensure_min_rows()
        finally:
            self._loading = False
        self.role_fill.start(new)  # a saved record's values are never filled over
        self._dated_year = None
        self._links_follow_date()
        values = self.collect()  # once: a 200-party case takes tens of milliseconds to read
        self._shown_for, self._revealed_filled = values, {}  # opened as saved: nothing filled over
        self._apply_visibility(values)
        self._clear_problems()
        self._baseline = values
        self._set_dirty(False)
        self._show_header()
        self._apply_read_only(values)

    def _apply_read_only(self, values: dict[str, Any]) -> None:
        """Each field read-only or not, as the record and the user allow (and while it is only being viewed)."""
        read_only = self.read_only_reason() is not None
        held = None if read_only else self.held_reason()
        given = year_close.given_fill_only(self.ledger, values) if held is not None else ()  # 告知 given: stands
        for name, widget in self.inputs.items():  # a matter of a closed year: all but its conclusion
            fixed = read_only or (held is not None and (name not in self.ledger.concluding_fields or name in given))
            widget.set_read_only(fixed)
            widget.setToolTip(held if held is not None and fixed else "")
            grey = held is not None and fixed  # greyed beside the conclusion's fields, which can still be filled
            if name in self.labels:
                self.labels[name].setEnabled(not grey)
            elif isinstance(widget, GroupInput):  # a group's labels are its own (当事人, 姓名…)
                widget.set_labels_grey(grey)
                if grey and name in self.ledger.rows_fill_only:  # its rows' 法定代理人 may still be filled in
                    widget.open_to_fill(self.ledger.rows_fill_only[name])

    def start_editing(self) -> str | None:
        """编辑 of a record opened to be read: the record as stored now (a window open for an hour: `fazhi lock` or
        another user may have locked or changed it since), its fields as the user may change them, the cursor in the
        first; or why she may not change it (the fields stay read-only)."""
        if self._moved_on():
            try:
                self.replace_record(self.store.get(self.record.id, include_deleted=True))
            except FazhiError as exc:  # gone altogether
                self._hold_as_outdated(str(exc))
        blocked = self.change_blocked()
        if blocked is None:
            self.viewing = None
            self._apply_read_only(self.collect())
            self.focus_first()
        return blocked

    def read_only_reason(self) -> str | None:
        """Why this record cannot be changed by the logged-in user (locked, reviewed for a clerk, ...), or None.

        Such a record is shown read-only, not disabled: every value readable, text selectable, long text
        scrollable, and nothing that changes it offered."""
        return self.change_blocked() or self.viewing

    def change_blocked(self) -> str | None:
        """Why the user may not change this record at all (read_only_reason but for its being only viewed)."""
        if self.record is None:
            return None
        return self._outdated or review.change_blocked(self.store, self.record)

    def held_reason(self) -> str | None:
        """Why only the conclusion of this record can be changed (a matter its year's closing left open:
        core/review.open_matter), or None; its other fields are shown read-only with this reason."""
        if self.record is None or self._outdated:
            return None
        return review.open_matter(self.store, self.record)

    def replace_record(self, record: Record, done: str | None = None) -> None:
        """Show `record` as now stored (after 提交, 锁定, 重新打开 ...), as after a save; the status line says what
        was `done` (已提交审核), where it said 已保存 with the version before."""
        self.record = record
        self._load(record.values, new=False)
        self._show_stored_warnings()
        if done:
            self._set_status(f"{done}：{record.number or ''}（第 {record.revision} 版）", GREY)
        self.saved.emit(record)

    def stored_warnings(self) -> list[FieldProblem]:
        """What the form's checks say about the saved record (结束时间早于开始时间, 性别与身份证号不符…)."""
        if self.record is None:
            return []
        asked, held = self._stored_warnings()
        return [*asked, *held]

    def _stored_warnings(self, values: dict[str, Any] | None = None) -> tuple[list[FieldProblem], list[FieldProblem]]:
        """The stored record's warnings (or those of the `values` shown for it): those to act on, and those at
        fields a closed year holds, said as information (year_close.held_warnings: the fields shown read-only, which
        only a reopening could correct)."""
        assert self.record is not None
        return review.stored_warnings(self.store, self.ledger, self.record, values, self.context.lookups)

    def _show_stored_warnings(self) -> None:
        """The stored record's warnings in orange as after a save: the 所长 opening it to review sees them too, not
        only the clerk at the moment of saving. Those at fields a closed year holds are shown, not asked about."""
        if self.record is None:
            return
        asked, held = self._stored_warnings()
        self._show_warnings([*asked, *held])
        said = _warnings_said(asked, held)
        if said:
            self._set_status(*said)

    def _recheck(self, values: dict[str, Any]) -> None:
        """The stored record's checks again on the values shown, as they change: each field's orange note and the
        status line's count say what a save would (是否告知权利义务 switched to 是: no note, and no 1 条提醒 left
        until the save). A new record's are said when it is saved, not while it is being filled in. `values`: what
        `collect` gave just now."""
        if self.record is None or not self._status_follows():
            return
        asked, held = self._stored_warnings(values)
        self._show_warnings([*asked, *held])
        text, color = _warnings_said(asked, held) or ("", GREY)
        if self._dirty:
            text, color = (f"{UNSAVED}；{text}" if text else UNSAVED), (color if text else GREY)
        self._set_status(text, color)

    def _status_follows(self) -> bool:
        """Whether the status line says what the record's checks and the unsaved changes make it say, not a
        refusal, a failed save or what a step did (已提交审核…), which stand until the next save."""
        shown = self.status.text()
        return not shown or shown.startswith((UNSAVED, "此记录有", "已保存"))

    def _on_changed(self) -> None:
        if self._loading:
            return
        self._links_follow_date()
        values = self._fill_revealed(self.collect())  # read once a key: three times took 90 ms in a 200-party case
        self._apply_visibility(values)
        self._set_dirty(values != self._baseline)
        self._recheck(values)

    def _fill_revealed(self, values: dict[str, Any]) -> dict[str, Any]:
        """A field with a `default` that a change shows, empty, takes its default (core.validate.revealed_defaults,
        as the write path does): a case saved at 受理 shows 协议形式 书面 and 司法确认 未申请 when 调解成功 is chosen,
        as a new case does. Hidden again unchanged (the choice taken back), it is emptied again, as it was saved.
        是否按期办结 follows the dates typed (core.validate.in_time_answers), unless chosen against them.
        `values`: the fields' values now (`collect`); returns them as they are after the filling."""
        from fazhi_desktop.core.validate import in_time_answers, revealed_defaults

        fill = revealed_defaults(self.fields, self.store.defaults(self.ledger), self._shown_for, values)
        hidden = hidden_fields(self.fields, {**values, **fill})
        empty = {name: None for name, value in self._revealed_filled.items()
                 if name in hidden and values.get(name) == value}
        # 是否按期办结 as the 办结日期 and 办理期限 typed say, as the write path fills it
        answers = in_time_answers(self.ledger, self._shown_for, {**values, **fill})
        if fill or empty or answers:
            self._loading = True
            try:
                for name, value in {**fill, **empty, **answers}.items():
                    self.inputs[name].set_value(value)
            finally:
                self._loading = False
            self._revealed_filled = {**{k: v for k, v in self._revealed_filled.items() if k not in empty}, **fill}
            values = self.collect()
        self._shown_for = values
        return values

    def dated_year(self) -> int | None:
        """The year of the record's date as it stands in the window (typed, perhaps not saved)."""
        dated = self.inputs.get(self.ledger.date_field)
        return dated.current_date().year if isinstance(dated, DateInput) else None

    def _links_follow_date(self) -> None:
        """When the record's year changes (or it is opened), its links list that year's records; a year the clerk
        chose in a link's own year box stays until the record's date moves to another year. The people fields offer
        who was in post on the date."""
        dated = self.inputs.get(self.ledger.date_field)
        self.context.follow_day(dated.current_date().isoformat() if isinstance(dated, DateInput) else None)
        year = self.dated_year()
        if year is None or year == self._dated_year:
            return
        self._dated_year = year
        for widget in self.inputs.values():
            if isinstance(widget, LinkInput):
                widget.follow_year(year)

    def _offer_same_day(self) -> None:
        """A new meeting whose date the clerk has typed (and left) links the one 会前学法 saved of that day while its
        link is empty (LinkInput.offer_day): the link a form's `link` check with `same_day` = its date asks for, of
        the value its `equals` names. She typed the studies first, then the meetings of the same days, and left the
        link empty (8 of 10 in a review). Not on each key: 2026-10-1, on the way to 2026-10-13, is a date too."""
        from fazhi_desktop.core.dates import parse_date

        dated = self.inputs.get(self.ledger.date_field)
        if self.record is not None or not isinstance(dated, DateInput) or self.read_only_reason() is not None:
            return
        try:
            day = parse_date(dated.control.text()).isoformat()
        except ValueError:  # no date yet, or one she is still to correct (said under it)
            return
        for check in self.ledger.checks:
            widget = self.inputs.get(check.fields[0])
            if check.kind == "link_day" and check.group is None and check.on == self.ledger.date_field \
                    and isinstance(widget, LinkInput):
                widget.offer_day(day)

    def _apply_visibility(self, values: dict[str, Any] | None = None) -> None:
        """Rows shown as the form's conditions say; a field that does not apply (调解员 of a 行政裁决) stays shown
        while the saved record holds a value in it, so clearing it does not make the row vanish under the cursor.
        A hidden field counts as empty for the fields after it, as on save: 申请司法确认日期 goes with its 司法确认
        when a failed mediation hides that (its box still reading 已申请). `values`: what `collect` gave just now."""
        values = self.collect() if values is None else values
        stored = self.record.values if self.record is not None else {}
        hidden = hidden_fields(self.fields, values)
        for field in self.fields:
            if field.visible_when is None and field.applies_when is None:
                continue
            widget = self.inputs[field.name]
            shown = field.name not in hidden and field.applies(values, stored)
            if shown == widget.isHidden():
                self.form.setRowVisible(widget, shown)

    def _set_dirty(self, dirty: bool) -> None:
        if dirty == self._dirty:
            return
        self._dirty = dirty
        self.dirty_changed.emit(dirty)
        shown = self.status.text()
        if dirty and (not shown or shown.startswith("已保存")):
            self._set_status(UNSAVED, GREY)
        elif not dirty and shown == UNSAVED:
            self._set_status("", GREY)

    def is_dirty(self, values: dict[str, Any] | None = None) -> bool:
        """`values`: what `collect` gave just now (a 200-party case takes ~30 ms to collect: qt/editor/autosave.py)."""
        return (self.collect() if values is None else values) != self._baseline

    def show_typed(self, values: dict[str, Any]) -> None:
        """`values` in the fields as if typed (unsaved text restored after a power cut: qt/editor/autosave.py)."""
        self._loading = True
        try:
            for field in self.fields:
                self.inputs[field.name].set_value(values.get(field.name))
            for widget in self.inputs.values() if self.record is None else ():
                if isinstance(widget, GroupInput):  # a new case's first party row, empty, as when it opened
                    widget.ensure_min_rows()
        finally:
            self._loading = False
        self._shown_for = self.collect()  # shown as they were typed: no default filled over them
        self._on_changed()
        self._clear_problems()

    def give_up_changes(self) -> None:
        """Forget the unsaved changes, so that the window closes without asking (their account was stopped: they
        could not be saved, and the box that locked the program said they would be given up)."""
        self._baseline = self.collect()

    # -- saving ----------------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save through Store.save. On refusal, show each problem at its field and return False."""
        data = self.collect()
        self._clear_problems()
        if self.record is None and not self._date_doubt_passed(data.get(self.ledger.date_field)):
            return False
        try:
            with dbmod.transaction(self.store.conn):  # the record and that its draft is saved: both or neither
                if self.record is None and self.reentering is not None:
                    from fazhi_desktop.core.bundle import reentry

                    record = reentry.reenter(self.store, self.reentering, data, self.actor)
                else:
                    record = self.store.save(
                        self.ledger.name, data, self.actor,
                        record_id=self.record.id if self.record else None,
                        expected_revision=self.record.revision if self.record else None,
                    )
                if self.draft_on_disk is not None:  # its file goes after the commit: a power cut may leave it
                    autosave.note_saved(self.store, self.draft_on_disk)
        except ValidationError as exc:
            self._show_problems(exc.problems)
            return False
        except FazhiError as exc:
            if self._moved_on():
                self._hold_as_outdated(str(exc))
            else:
                self._set_status(f"未保存：{exc}", RED)
            self.dialogs.error(self, "保存失败", str(exc))
            return False
        except Exception as exc:  # a fault in the program must not reach the clerk as a traceback
            # its message can quote a value (an ID number she may not see): neither the log nor the box shows it
            log.error("saving %s failed:\n%s", self.ledger.name, where_it_failed(type(exc), exc.__traceback__))
            self._set_status("未保存：保存时出错", RED)
            self.dialogs.error(self, "保存失败", f"保存时出错（程序内部错误 {type(exc).__name__}，详情已写入日志）。"
                               "\n填写的内容仍在窗口中，可稍后再试。")
            return False
        before, self.record, self._outdated = self.record, record, None
        if before is None:  # now a stored record: not its own twin when its warnings are asked again (提交, 锁定)
            self.context.lookups = replace(self.context.lookups, twins=self.store.lookups(self.ledger, None,
                                                                                          record.id).twins)
        self._load(record.values, new=False)
        self._show_warnings(record.warnings)
        note = f"，有 {warnings_counted(record.warnings)}" if record.warnings else ""
        renumbered = before is not None and before.number != record.number  # its year or its category changed
        if renumbered:
            note += f"；编号已改为 {record.number}（{renumbered_said(self.store, before)}）"
        self._set_status(f"已保存：{record.number}（第 {record.revision} 版）{note}", ORANGE if renumbered else GREY)
        if record.warnings:
            self._to_first_warning(unless_one_is_seen=True)
        self.saved.emit(record)
        from fazhi_desktop.qt.editor.waiting_link import offer_link

        linked = offer_link(self, record, self.open_unsaved)  # a meeting typed before this 会前学法
        if linked is not None:
            self.show_linked_from()
            self.others_saved.emit(linked)
        return True

    def _date_doubt_passed(self, day: Any) -> bool:
        """A new record still dated today (the form's default) while the clock is behind what the database recorded
        may be saved in the wrong year: asked first (Enter: 返回修改). A date typed from paper is the clerk's."""
        doubt = doubtful_today(self.store, self.ledger, day)
        if doubt is None or self.dialogs.confirm(self, "电脑日期可能不对", f"{doubt}。\n\n仍然按 {day} 保存吗？",
                                                 yes="仍然保存", no="返回修改", default=False):
            return self._year_slip_passed(day)
        label = self.ledger.field(self.ledger.date_field).label
        self._set_status(f"未保存：电脑的日期可能不对，请核对电脑的日期和时间，以及{label}", ORANGE)
        self.field_widget(self.ledger.date_field).control.setFocus()
        return False

    def _year_slip_passed(self, day: Any) -> bool:
        """A new record dated later this year while the same day last year passed lately (2027-12-28 typed on
        2027-01-02 for last December's meeting) is likely a year slipped, and would take this year's number:
        asked first (Enter: 返回修改)."""
        slip = slipped_year(self.store, self.ledger, day)
        if slip is None or self.dialogs.confirm(self, "日期的年份可能不对", f"{slip}。\n\n仍然按 {day} 保存吗？",
                                                yes="仍然保存", no="返回修改", default=False):
            return True
        label = self.ledger.field(self.ledger.date_field).label
        self._set_status(f"未保存：{label}的年份可能不对，请核对", ORANGE)
        self.field_widget(self.ledger.date_field).control.setFocus()
        return False

    def _note_reveal(self, shown: str) -> bool:
        """A stored number is about to be shown in full (a 所长 clicked into it): noted with which (`shown`: 当事人2
        （被申请人）：身份证号) once per number and window, so that his number and then hers are two entries.
        False (the number stays masked) when it cannot be noted, or no more may be shown (made 录入员 since)."""
        if self.record is None:
            return True
        if (self.record.id, shown) in self._revealed:
            return may_reveal_numbers(self.store)
        from fazhi_desktop.core import reveals

        try:
            reveals.note_entries(self.store, [reveals.entry(self.store, self.record, shown)], "编辑窗口中查看")
        except FazhiError as exc:
            self._set_status(f"无法记录本次查看，号码仍遮盖：{exc}", RED)
            return False
        self._revealed.add((self.record.id, shown))
        return True

    @property
    def is_outdated(self) -> bool:
        """A save was refused because the stored record moved on; the window holds unsaved text, read-only."""
        return self._outdated is not None

    def _moved_on(self) -> bool:
        """Has the stored record changed since this window loaded it (another window or user locked, reviewed,
        changed or deleted it)?"""
        if self.record is None:
            return False
        try:
            stored = self.store.get(self.record.id, include_deleted=True)
        except FazhiError:
            return True
        except sqlite3.Error:  # the disk that refused the save refuses this read too: the record did not move on
            return False
        return (stored.revision, stored.status, stored.deleted) != (self.record.revision, self.record.status,
                                                                    self.record.deleted)

    def _hold_as_outdated(self, reason: str) -> None:
        """Keep the clerk's unsaved text on screen, read-only so that nothing more is typed in vain, and say how to go
        on: copy what is needed, close, open the record again."""
        self._outdated = reason
        for widget in self.inputs.values():
            widget.set_read_only(True)
        # the reason stands in the banner above the buttons (review_bar.py); the status says what became of the text
        self._set_status("未保存：您的修改仍显示在窗口中（只读，可选中复制）；关闭后重新打开，即可看到现在保存的版本",
                         RED)
        self._show_header()
        self.outdated.emit(reason)

    def hold_for_warnings(self) -> None:
        """保存并新建 stopped after a save with warnings and the clerk chose 返回核对: say why the window stayed and
        how to go on, with the cursor in the first orange field."""
        assert self.record is not None
        self._set_status(f"已保存：{self.record.number}，有 {warnings_counted(self.record.warnings)}，请核对；"
                         f"无误请再按“保存并新建”（Ctrl+Shift+S）", ORANGE)
        self._to_first_warning()

    def _to_first_warning(self, unless_one_is_seen: bool = False) -> None:
        """The cursor in the first orange field, brought into view (also while a box that asked still has the
        keyboard). `unless_one_is_seen`: left where it is when an orange note is in view already: a save with
        warnings said 有 1 条提醒（橙色） while the note stood a screen above the 备注 she saved from (a long case)."""
        if unless_one_is_seen and any(w.warning() and w.isVisibleTo(self) and self.in_view.shows(w)
                                      for w in self._all_inputs()):  # rows built only: those in view are
            return
        # the first one only: a 群体性纠纷's rows not reached are built up to it, not each with a note on every save
        marked = next((w for w in self._all_inputs(GroupRow.may_be_marked) if w.warning() and w.isVisibleTo(self)),
                      None)
        if marked is not None:
            marked.focus_chain()[0].setFocus()
            self.in_view.reveal(marked.focus_chain()[0])

    def changed_labels(self) -> list[str]:
        """The labels of the fields changed since the record was loaded or saved, in form order."""
        now = self.collect()
        return [f.label for f in self.fields if now[f.name] != self._baseline.get(f.name)]

    def confirm_close(self) -> bool:
        """May the editor close? Asks about unsaved changes: 保存 (close only if saved), 不保存, 取消."""
        if not self.is_dirty():
            return True
        if self._outdated:
            return self.dialogs.confirm(self, "未保存的修改", f"{self._outdated}，本窗口中的修改无法保存。"
                                        "关闭窗口将放弃这些修改（需要的内容请先选中复制）。", yes="放弃修改并关闭",
                                        default=False)  # Enter keeps the window and what was typed in it
        answer = self.dialogs.save_discard_cancel(
            self, "未保存的修改", f"“{self.title()}”有未保存的修改。关闭前是否保存？"
        )
        if answer is Answer.SAVE:
            return self.save()
        return answer is Answer.DISCARD

    def _all_inputs(self, rows: Callable[[GroupRow], bool] = lambda row: row.built) -> Iterator[FieldInput]:
        """Every field's input in form order, and of a group's rows those `rows` picks: by default those built (a
        row not built has no message to clear, and is checked as it is built)."""
        for field in self.fields:
            widget = self.inputs[field.name]
            if isinstance(widget, GroupInput):
                for row in widget.rows:
                    if rows(row):
                        yield from row.inputs.values()
            else:
                yield widget

    def _clear_problems(self) -> None:
        """Forget shown problems, then re-check every value as if typed: warnings (orange) stay visible."""
        for widget in self.inputs.values():
            if isinstance(widget, GroupInput):
                widget.set_error(None)
        for widget in self._all_inputs():
            widget.clear_messages()
            widget.check(live=True)

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        filled: dict[str, list[GroupRow]] = {}
        targets = [self._show_problem(p, filled=filled) for p in problems]
        shown = "；".join(str(p) for p in problems[:3]) + ("……" if len(problems) > 3 else "")
        self._set_status(f"未保存，有 {len(problems)} 处需要修改（见红字）：{shown}", RED)
        first = next((t for t in targets if t is not None), None)
        if first is not None:
            self.scroll.ensureWidgetVisible(first)
            (first.focus_target() if isinstance(first, GroupInput) else first).setFocus()

    def _show_warnings(self, warnings: Sequence[FieldProblem]) -> None:
        """Each field's warnings in orange, all of them: a field holds one message, and a 结案日期 before both the
        受理日期 and the 调解日期, or a 会前学法 of another type and day, has two to say."""
        merged: dict[str, FieldProblem] = {}
        for warning in warnings:
            held = merged.get(warning.path)
            merged[warning.path] = replace(held, message=f"{held.message}；{warning.message}") if held else warning
        notes: dict[int, str] = {}  # id(input) -> its note
        group_notes: dict[str, list[str]] = {}  # a group's own: at it as a whole, or at a row it cannot name
        row_notes: dict[int, dict[str, str]] = {}  # id(row) -> its sub-fields' notes (a row not built keeps them)
        filled: dict[str, list[GroupRow]] = {}
        for warning in merged.values():
            match = _PATH.match(warning.path)
            widget = self.inputs.get(match["name"]) if match else None
            if isinstance(widget, GroupInput) and match["index"]:
                row = widget.problem_row(int(match["index"]), match["sub"], self._filled(widget, filled))
                if row is not None:  # 姓名 of the third filled row of 当事人 for parties[3].name
                    row_notes.setdefault(id(row), {})[match["sub"]] = warning.message
                    continue
                group_notes.setdefault(match["name"], []).append(f"第{match['index']}行：{warning.message}")
            elif isinstance(widget, GroupInput):
                group_notes.setdefault(match["name"], []).append(warning.message)
            elif widget is not None:
                notes[id(widget)] = warning.message
        # each input's note set once, to what it now is: cleared first and set again, 200 parties' notes were hidden
        # and shown again at each key typed (five seconds a key), and each warning read every row to find its own
        for name, widget in self.inputs.items():
            if isinstance(widget, GroupInput):
                widget.set_record_note("；".join(group_notes.get(name, ())))
                for row in widget.rows:
                    row.set_record_notes(row_notes.get(id(row), {}))
            else:
                widget.set_record_note(notes.get(id(widget)))

    @staticmethod
    def _filled(group: GroupInput, filled: dict[str, list[GroupRow]]) -> list[GroupRow]:
        """`group`'s filled rows, read once for all the problems shown together (`filled`, by group name): read
        again for each, 200 parties' problems read 40,000 rows."""
        if group.field.name not in filled:
            filled[group.field.name] = group.filled_rows()
        return filled[group.field.name]

    def _show_problem(self, problem: FieldProblem, filled: dict[str, list[GroupRow]] | None = None) -> QWidget | None:
        """A refused save's `problem` in red at its field (a group's row, or the group); `filled`: see `_filled`."""
        match = _PATH.match(problem.path)
        widget = self.inputs.get(match["name"]) if match else None
        if widget is None:
            return None
        if isinstance(widget, GroupInput) and match["index"]:
            rows = self._filled(widget, {} if filled is None else filled)
            return widget.show_problem(int(match["index"]), match["sub"], problem.message, rows)
        widget.set_error(problem.message)
        return widget

    # -- header and status -----------------------------------------------------------------------------------

    def title(self) -> str:
        """The record's number; "补录 〔2026〕会记字第2号" for one entered again under its printed number; else 新记录
        (which the re-entry's window said, over the number its paper carries)."""
        if self.record is None and self.reentering is not None:
            return f"补录 {self.reentering.record.number or ''}".rstrip()
        return self.record.number if self.record and self.record.number else "新记录"

    def _show_header(self) -> None:
        if self.record is None and self.reentering is not None:
            detail = f'<span style="color:{GREY}">保存后用纸上的原编号</span>'  # the title names it
        elif self.record is None:
            source = f"；复制自 {self.copy_of.number or '另一条记录'}" if self.copy_of is not None else ""
            detail = f'<span style="color:{GREY}">保存后自动编号{source}</span>'
        else:
            status = STATUS_LABELS.get(self.record.status, self.record.status)
            if self.record.deleted:
                status = "已删除"
            stale = "（本窗口中的版本，已不是现在保存的）" if self._outdated else ""
            detail = f'<span style="color:{GREY}">{status} · 第 {self.record.revision} 版{stale}</span>'
        self.header.setText(f"<b>{self.ledger.label}　{html.escape(self.title())}</b>　{detail}")
        self.show_linked_from()

    def show_linked_from(self) -> None:
        """Say which records link this one as they are stored now (a meeting linked or unlinked in another window,
        deleted: read again after each save there, `MainWindow._links_follow`); hidden while none does."""
        from fazhi_desktop.core.links import linked_from

        text = ""
        if self.record is not None and not self.record.deleted:
            try:
                text = linked_from(self.store, self.record)
            except (FazhiError, sqlite3.Error):
                text = ""  # a database that cannot be read now: the line waits for the next save or reopening
        self.linked_from.setText(text)
        self.linked_from.setVisible(bool(text))

    def announce(self, text: str, doubt: bool = False) -> None:
        """A line about what happened before this window (保存并新建: which record was just saved), or why a key did
        nothing (the Alt key of a review step that cannot be taken); in orange for a `doubt` (a save not made
        because the clerk answered 返回)."""
        self._set_status(text, ORANGE if doubt else GREY)

    def carry_date(self, day: str | None) -> bool:
        """保存并新建 / Ctrl+D: a new record's date starts at the saved one's (`day`), not today: a backlog typed in
        the evening is of other days, and Enter passed over today's date. Shown as opened (as a default: the key
        pressed again on it saves nothing), selected, so that a date typed replaces it. True when it was carried."""
        widget = self.inputs.get(self.ledger.date_field)
        if self.record is not None or not isinstance(widget, DateInput) or not day or widget.value() == day:
            return False
        widget.untouched_day = day
        self._load({**self.collect(), self.ledger.date_field: day}, new=True)
        widget.control.selectAll()
        return True

    def is_untouched_new(self) -> bool:
        """A new, empty record nobody has typed into (a copy is not empty: it may be saved as it is)."""
        return self.record is None and self.copy_of is None and not self.is_dirty()

    def _set_status(self, text: str, color: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {color};")
        self.status.setVisible(bool(text))  # an empty line took 40 pixels of the form in 长者模式

    # -- for callers and tests -------------------------------------------------------------------------------

    def field_widget(self, name: str) -> FieldInput:
        widget = self.inputs[name]
        if isinstance(widget, GroupInput):
            raise KeyError(f"{name} 是重复组，请用 group_widget")
        return widget

    def group_widget(self, name: str) -> GroupInput:
        widget = self.inputs[name]
        if not isinstance(widget, GroupInput):
            raise KeyError(f"{name} 不是重复组")
        return widget

    def focus_first(self) -> None:
        """The first field that can be typed into (a closed year's open matter: its conclusion), else the first."""
        widgets = [self.inputs[field.name] for field in self.fields]
        first = next((w for w in widgets if not w.read_only and not w.isHidden()), widgets[0])
        (first.focus_chain()[0] if first.focus_chain() else first).setFocus()

