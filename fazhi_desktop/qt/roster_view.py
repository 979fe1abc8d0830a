"""人员名册: the people who take part in meetings, study sessions, checks and mediation."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core import people, roster_log
from fazhi_desktop.core.clock import local_today
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.people import Person
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.hints import hint_label
from fazhi_desktop.qt.history_dialog import RevisionsDialog
from fazhi_desktop.qt.person_dialog import PersonDialog
from fazhi_desktop.qt.table_fit import ColumnFitter

COLUMNS = ("姓名", "职务", "单位", "角色", "执法证号", "有效期", "任职时间", "状态")
#: the columns of free text that a narrow window squeezes (ending in "…", whole in the tooltip): names, numbers and
#: dates stay whole; the county's roster of 193 people pushed 状态 off a 1366-pixel screen. 有效期 keeps its date
#: whole and may give up its note "（已过期）" (in red, whole in the tooltip): kept whole in every row, it cut 职务 and
#: 角色 to two characters ("司法…") and pushed 状态 off the 所长's screen (1366x768 at 125 %, 长者模式). Its least
#: holds the "…" too: at the date's own width the note's "…" took the date's last characters ("2026-01-…")
SQUEEZED = {"职务": 4, "单位": 4, "角色": 4, "有效期": "2026-12-31…"}
INACTIVE_COLOR = "#80868b"
EXPIRED_COLOR = "#b3261e"


class RosterView(QWidget):
    """The roster as a table; 添加 / 编辑 open a PersonDialog, 停用 / 启用 keep people for old records."""

    changed = Signal()

    def __init__(self, store: Store, dialogs, actor: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.dialogs, self.actor = store, dialogs, actor
        self.county = store.is_county  # the townships' rosters as they sent them, read-only
        self.people: list[Person] = []
        self.dialog: PersonDialog | None = None
        self._build()
        self.refresh()

    @property
    def columns(self) -> tuple[str, ...]:
        return ("乡镇", *COLUMNS) if self.county else COLUMNS

    def _build(self) -> None:
        self.add_button = QPushButton("添加人员")
        self.edit_button = QPushButton("编辑")
        self.active_button = QPushButton("停用")
        self.history_button = QPushButton("历史…")  # no Alt+H here: the main window's 帮助(&H) has it
        self.history_button.setToolTip("所选人员在名册中的修改历史：谁、何时、改了什么")
        self.show_inactive = QCheckBox("显示已停用人员", checked=True)
        self.township = QComboBox()  # county: one township's roster of the eighteen
        self.township.setAccessibleName("乡镇")
        self.township.setVisible(self.county)
        self.township_label = QLabel("乡镇：")
        self.township_label.setVisible(self.county)
        self.count_label = QLabel()
        bar = QHBoxLayout()
        for widget in (self.township_label, self.township, self.add_button, self.edit_button, self.active_button,
                       self.history_button, self.show_inactive):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        self.table = QTableWidget(0, len(self.columns))
        self.table.setHorizontalHeaderLabels(self.columns)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        # every column as wide as its text, the spare width to the last (a stretched 单位 took 340 pixels for 海城镇
        # and cut 执法证号); a window too narrow squeezes 职务, 单位 and 角色 first, then scrolls sideways
        self.fitter = ColumnFitter(self.table, lambda column: SQUEEZED.get(self.columns[column]))
        if self.county:
            hint = hint_label("各乡镇的人员名册，随数据包报送，只能查看（由乡镇修改后重新报送）。"
                              "“领导干部述法”指标按其中的主要负责同志及其到任、离任日期计算。")
            for widget in (self.add_button, self.edit_button, self.active_button, self.history_button):
                widget.hide()  # the county keeps no roster log: each person's history is in the township's
        else:
            hint = hint_label("停用的人员不再出现在新记录的人员选择中，已有记录中的姓名保持不变。"
                              "离任的领导请在停用时填写离任日期：往年的“领导干部述法”指标按当年在任的人计算。")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        self.add_button.clicked.connect(self.add_person)
        self.edit_button.clicked.connect(self.edit_person)
        self.active_button.clicked.connect(self.toggle_active)
        self.history_button.clicked.connect(self.show_history)
        self.show_inactive.toggled.connect(lambda: self.refresh())
        self.township.currentIndexChanged.connect(lambda _index: self.refresh())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.edit_person())

    def refresh(self, select_id: str | None = None) -> None:
        if select_id is None and self.selected_person():
            select_id = self.selected_person().id
        shown = self._listed()
        self.people = [person for _, person in shown]
        today = local_today(self.store.clock).isoformat()
        self.table.setRowCount(len(self.people))
        for row, (town, person) in enumerate(shown):
            expired, expiry = person.cert_expired(today), person.expiry_text(today)
            status = "在用" if person.active else "已停用"
            texts = (*([town] if self.county else []), person.name, person.title, person.unit,
                     "、".join(person.roles), person.cert_text, expiry, person.in_post, status)
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text or "")
                item.setToolTip(text or "")
                if not person.active:
                    item.setForeground(QColor(INACTIVE_COLOR))
                elif expired and self.columns[column] == "有效期":
                    item.setForeground(QColor(EXPIRED_COLOR))
                self.table.setItem(row, column, item)
            if person.id == select_id:
                self.table.selectRow(row)
        self._size_columns()
        active = sum(p.active for p in self.people)
        self.count_label.setText(f"共 {len(self.people)} 人（在用 {active} 人）")
        self._update_buttons()

    def _listed(self) -> list[tuple[str, Person]]:
        """(township name or "", person) for every row shown."""
        active_only = not self.show_inactive.isChecked()
        if self.county:
            from fazhi_desktop.core import divisions

            names = divisions.names()
            rosters = people.township_rosters(self.store)
            self._fill_townships([town for town, _ in rosters], names)
            chosen = self.township.currentData()
            return [(names.get(town, town), person) for town, person in rosters
                    if (person.active or not active_only) and chosen in (None, town)]
        return [("", person) for person in people.list_people(self.store, active_only=active_only)]

    def _fill_townships(self, codes: list[str], names: dict[str, str]) -> None:
        """全部乡镇 and each township that sent a roster, keeping the one chosen (after an import)."""
        wanted = [(None, "全部乡镇"), *((code, names.get(code, code)) for code in dict.fromkeys(codes))]
        if [self.township.itemData(i) for i in range(self.township.count())] == [code for code, _ in wanted]:
            return
        chosen = self.township.currentData()
        self.township.blockSignals(True)
        self.township.clear()
        for code, name in wanted:
            self.township.addItem(name, code)
        self.township.setCurrentIndex(max(0, self.township.findData(chosen)))
        self.township.blockSignals(False)

    def _size_columns(self) -> None:
        self.fitter.refit()

    def selected_person(self) -> Person | None:
        rows = self.table.selectionModel().selectedRows()
        return self.people[rows[0].row()] if rows and rows[0].row() < len(self.people) else None

    def _update_buttons(self) -> None:
        person = self.selected_person()
        self.edit_button.setEnabled(person is not None)
        self.history_button.setEnabled(person is not None)
        self.active_button.setText("启用" if person is not None and not person.active else "停用")
        # a 主要负责同志's 停用 / 启用 moves T47: the 所长's or the 管理员's (core refuses it too)
        refused = people.tenure_refused(self.store) if person is not None and not self.county else None
        refused = refused if refused and people.counts_for_figures(self.store, person) else None
        self.active_button.setEnabled(person is not None and refused is None)
        self.active_button.setToolTip(refused or "")

    def add_person(self) -> None:
        if not self.county:
            self._open_dialog(None)

    def edit_person(self) -> None:
        person = self.selected_person()
        if person is not None and not self.county:
            self._open_dialog(person)

    def _open_dialog(self, person: Person | None) -> None:
        self.dialog = PersonDialog(self.store, self.dialogs, self.actor, person, self)
        self.dialog.finished.connect(self._dialog_finished)
        self.dialog.open()

    def _dialog_finished(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None and result == QDialog.DialogCode.Accepted and dialog.person is not None:
            self.refresh(select_id=dialog.person.id)
            self.changed.emit()
        if dialog is not None:
            dialog.deleteLater()

    def toggle_active(self) -> None:
        person = self.selected_person()
        if person is None or self.county:
            return
        left_on = None
        if not person.active and person.left_on:  # back in post after leaving: a second term, the first one kept
            self.dialogs.info(self, "启用人员", f"“{person.name}”已于 {person.left_on} 离任。如重新到任，请用“添加人员”"
                              "另建一条并填写新的到任日期：原来的任职时间保留，往年的“领导干部述法”指标不变。")
            return
        if person.active:
            # not pre-filled: a clean-up of people who left years ago must not date them all today (T47)
            left_on = self.dialogs.ask_text(
                self, "停用人员", f"停用“{person.name}”：停用后新记录中不再提供此人，已有记录不受影响。\n\n"
                "离任日期（如 2026-03-15；往年“领导干部述法”按当年在任的人计算。不是离任或不清楚可留空）：")
            if left_on is None:
                return
        try:
            people.set_active(self.store, person.id, not person.active, self.actor, left_on)
        except FazhiError as exc:
            self.dialogs.error(self, "无法修改人员状态", str(exc))
            return
        self.refresh(select_id=person.id)
        self.changed.emit()

    def show_history(self) -> None:
        """历史…: the selected person's entries in the roster's change log (core/roster_log.py), as a record's
        修改历史 shows its revisions."""
        person = self.selected_person()
        if person is None or self.county:
            return
        dialog = roster_history_dialog(self.store, person, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()


def roster_history_dialog(store: Store, person: Person, parent: QWidget | None = None) -> RevisionsDialog:
    """A person's 修改历史: each entry (who, when, 添加 / 修改 / 停用 / 启用, 状态 after it, 说明) and the fields it
    changed, old and new (phone numbers masked)."""
    dialog = RevisionsDialog(f"修改历史 — 人员名册 {person.name}", roster_log.person_history(store, person.id), parent,
                             reason="说明")
    earlier = roster_log.before_log(store, person.id)
    dialog.note.setText(f"共 {len(dialog.revisions)} 条，时间为本机时间。名册的每一次添加、修改、停用和启用都记在这里，"
                        "不能被改动或删除；即使有人绕过本程序改动，也会被发现。" + (earlier or ""))
    return dialog
