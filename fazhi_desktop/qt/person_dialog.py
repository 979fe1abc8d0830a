"""Adding or editing one person of the roster; what core refuses is shown in Chinese under the field at fault.

Keys as in the record editor: Enter moves to the next field (and presses 保存 once there), Ctrl+S saves, and Esc
asks before typed text is given up."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core import people, reveals
from fazhi_desktop.core.errors import FazhiError, ValidationError
from fazhi_desktop.core.identifiers import mask_phone
from fazhi_desktop.core.people import CERTIFIED_ROLE, Person
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.common import em, grow_to_fit
from fazhi_desktop.qt.dialogs import Answer, Dialogs
from fazhi_desktop.qt.editor.context import may_reveal_numbers
from fazhi_desktop.qt.editor.masked_inputs import MaskedLineEdit
from fazhi_desktop.qt.editor.widgets import CheckBox, LineEdit, make_read_only

ERROR_STYLE = "color: #b3261e;"
HINT_COLOUR = "#8a5a00"
READ_ONLY_COLOUR = "#80868b"  # as 人员名册 greys a person out of use
LEADER_ROLE = "主要负责同志"  # whose 到任日期 decides the years of 领导干部述法 they owe (T47)
SAME_OR_OTHER = ("是同一人", "是另一人")
#: an entry's answer to 是否同一人 as 编辑人员 shows it: not asked (added before it was), another person, the same
SAME_SHOWN = ("尚未说明（按以前的规则：同名且任职时间不重叠的几条算作同一人）", "是另一人", "与同名的一条是同一人")


class PersonDialog(QDialog):
    """Saves through core.people on 保存; stays open and marks the fields while anything is refused."""
    manual_part = "人员名册"  # F1 here opens the manual there (qt/manual_view.py)

    def __init__(self, store: Store, dialogs: Dialogs, actor: str, person: Person | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.dialogs, self.actor, self.person = store, dialogs, actor, person
        self.setWindowTitle("编辑人员" if person else "添加人员")
        # the record editor's inputs: Enter moves on (a plain line edit's Enter pressed 保存, and a person was
        # saved with only a name while the clerk went on typing the 职务)
        self.name = _line("必填")
        self.title_edit = _line("如：司法所所长、副乡长")
        self.unit = _line("如：海城镇司法所")
        self.role_boxes = {role: CheckBox(role) for role in people.ROLES}
        self.cert_no = _line("未持证的留空（名册中显示“未持证”）")
        self.cert_expiry = _line("如：2028-12-31")
        # masked as in the record editor: shown in full on focus only to who may reveal, and noted
        self.phone = MaskedLineEdit(mask_phone, may_reveal_numbers(store), self._note_reveal)
        self.phone.setPlaceholderText("手机或座机，如 0955-1234567")
        self._revealed = False
        self.joined_on = _line("如：2021-03-01 或 2021年3月；不清楚可不填")
        self.left_on = _line("在任不填（填写后此人停用）")
        self.leader_hint = self._hint_label("主要负责同志请填写到任日期：不填则视为一直在任，"
                                            "计入往年“领导干部述法”的应述法人数。")
        self.role_hint = self._hint_label("去掉“主要负责同志”后，此人往年也不再计入“领导干部述法”的应述法人数，"
                                          "本年已讲的法、已述的法也不再计入（名册不记角色改变的日期）。"
                                          "如已离任或改任其他职务，请保留角色、填写离任日期，改任后的职务另建一条。")
        self.left_hint = self._hint_label("清除离任日期表示此人一直在任至今（离开过的年份也算在任）；如是再次到任，"
                                          "请取消，用“添加人员”另建一条，原任职时间保留。")
        self.errors = {key: self._error_label()
                       for key in ("name", "title", "unit", "roles", "cert_no", "cert_expiry", "phone", "joined_on",
                                   "left_on")}
        self.general_error = self._error_label()
        self._answer: dict = {}  # 是否同一人 answered in this dialog, saved with the entry
        self.same_value = QLabel(wordWrap=True)
        self.same_button = QPushButton("是否同一人…")
        self.same_button.clicked.connect(self.ask_same_person)
        self._build()
        if person:
            self._load(person)
        self._show_same()
        self._lock_tenure()
        self._show_cert_rows()
        self.joined_on.textChanged.connect(lambda _text: self._show_leader_hint())
        self.left_on.textChanged.connect(lambda _text: self._show_left_hint())
        self._show_left_hint()
        self._baseline = self.values()  # what 取消 or Esc would give up is what differs from it

    @staticmethod
    def _hint_label(text: str) -> QLabel:
        """What a choice means, beside the field, in orange: shown only while it applies."""
        label = QLabel(text, wordWrap=True)
        label.setStyleSheet(f"color: {HINT_COLOUR};")
        return label

    @staticmethod
    def _error_label() -> QLabel:
        label = QLabel(wordWrap=True)
        label.setStyleSheet(ERROR_STYLE)
        label.hide()
        return label

    def _build(self) -> None:
        roles = QHBoxLayout()
        for box in self.role_boxes.values():
            roles.addWidget(box)
            box.toggled.connect(self._show_cert_rows)
        roles.addStretch(1)
        self.form = QFormLayout()
        self.form.addRow("姓名：", self._with_error(self.name, "name"))
        self.form.addRow("职务：", self._with_error(self.title_edit, "title"))  # too long: refused under it
        self.form.addRow("单位：", self._with_error(self.unit, "unit"))
        self.form.addRow("角色：", self._with_error(roles, "roles"))
        self.form.addRow("", self.role_hint)
        self.cert_rows = (self._with_error(self.cert_no, "cert_no"), self._with_error(self.cert_expiry, "cert_expiry"))
        self.form.addRow("执法证号：", self.cert_rows[0])
        self.form.addRow("执法证有效期：", self.cert_rows[1])
        self.form.addRow("联系电话：", self._with_error(self.phone, "phone"))
        self.form.addRow("到任日期：", self._with_error(self.joined_on, "joined_on"))
        self.form.addRow("", self.leader_hint)
        self.form.addRow("离任日期：", self._with_error(self.left_on, "left_on"))
        self.form.addRow("", self.left_hint)
        same = QHBoxLayout()
        same.addWidget(self.same_value, 1)
        same.addWidget(self.same_button)
        self.same_row = QWidget()
        self.same_row.setLayout(same)
        same.setContentsMargins(0, 0, 0, 0)
        self.form.addRow("同名的人：", self.same_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip("保存（Ctrl+S）")
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        self.setMinimumWidth(em(self, 36))

    def _with_error(self, field: QWidget | QHBoxLayout, key: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if isinstance(field, QHBoxLayout):
            column.addLayout(field)
        else:
            column.addWidget(field)
        column.addWidget(self.errors[key])
        policy = box.sizePolicy()
        policy.setHeightForWidth(True)  # the message under the field wraps: its lines ask for height (长者模式)
        box.setSizePolicy(policy)
        return box

    def _load(self, person: Person) -> None:
        self.name.setText(person.name)
        self.title_edit.setText(person.title or "")
        self.unit.setText(person.unit or "")
        for role, box in self.role_boxes.items():
            box.setChecked(role in person.roles)
        self.cert_no.setText(person.cert_no or "")
        self.cert_expiry.setText(person.cert_expiry or "")
        self.phone.set_raw(person.phone or "")
        self.joined_on.setText(person.joined_on or "")
        self.left_on.setText(person.left_on or "")

    def _show_same(self) -> None:
        """同名的人: for an entry the roster has namesakes of, its answer to 是否同一人 and 是否同一人… to give or
        change it (an entry added before it was asked keeps the old rule until then); hidden for others."""
        found = self.person is not None and people.namesakes(self.store, self.person.name, self.person.title,
                                                             excluding=self.person.id)
        self.form.setRowVisible(self.same_row, bool(found))
        if not found:
            return
        if self._answer:
            self.same_value.setText(f"{SAME_SHOWN[1 if 'other_person' in self._answer else 2]}（保存后生效）")
            return
        held = self.person.person
        other = held == self.person.id and not people.joined_by_namesake(self.store, self.person)
        self.same_value.setText(SAME_SHOWN[0 if held is None else 1 if other else 2])

    def ask_same_person(self) -> None:
        """是否同一人…: asked of each namesake as when adding; kept until 保存."""
        answer = self._same_person()
        if answer:
            self._answer = answer
            self._show_same()

    def _lock_tenure(self) -> None:
        """For a user who may not change a 主要负责同志's tenure (a 录入员: it moves T47, a scored figure), the role's
        box, and a leader's 姓名, 到任日期 and 离任日期, are shown but not changed (greyed labels, the reason above
        the form and as tooltip); core refuses it too (people.tenure_refused)."""
        refused = people.tenure_refused(self.store)
        if refused is None:
            return
        tip = f"{refused}：主要负责同志的姓名、角色、到任和离任日期决定“领导干部述法”的应述法人数，请所长修改"
        # read-only, not disabled, as a locked record's inputs: Enter and Tab stop where they always do
        for box in (self.role_boxes[role] for role in people.counted_roles(self.store) if role in self.role_boxes):
            make_read_only(box, True)
            box.setStyleSheet(f"color: {READ_ONLY_COLOUR};")
            box.setToolTip(tip)
        if self.person is not None and people.counts_for_figures(self.store, self.person):
            for edit in (self.name, self.joined_on, self.left_on):
                make_read_only(edit, True)
                edit.setToolTip(tip)
                label = self.form.labelForField(edit.parentWidget())  # the field's box (`_with_error`)
                if label is not None:
                    label.setStyleSheet(f"color: {READ_ONLY_COLOUR};")
        self.tenure_hint = self._hint_label(f"{tip}（灰色的项不能修改）。")
        self.layout().insertWidget(1, self.tenure_hint)

    def _note_reveal(self) -> bool:
        """The stored phone is about to be shown in full (a 所长 clicked into it): noted once per dialog, like the
        editor's numbers. False (it stays masked) when it cannot be noted, or no more may be shown (made 录入员)."""
        if self.person is None:
            return True
        if self._revealed:
            return may_reveal_numbers(self.store)
        try:
            reveals.note_entries(self.store, [reveals.person_entry(self.store, self.person.id, self.person.name)],
                                 "人员名册中查看电话")
        except FazhiError as exc:
            self.general_error.setText(f"无法记录本次查看，电话号码仍遮盖：{exc}")
            self.general_error.show()
            return False
        self._revealed = True
        return True

    def _show_cert_rows(self) -> None:
        certified = self.role_boxes[CERTIFIED_ROLE].isChecked()
        for row in self.cert_rows:
            self.form.setRowVisible(row, certified)
        self._show_leader_hint()

    def _show_left_hint(self) -> None:
        cleared = self.person is not None and self.person.left_on is not None and not self.left_on.text().strip()
        self.form.setRowVisible(self.left_hint, cleared)

    def _show_leader_hint(self) -> None:
        leader = self.role_boxes[LEADER_ROLE].isChecked()
        self.form.setRowVisible(self.leader_hint, leader and not self.joined_on.text().strip())
        # the roster keeps no history of roles: a leader's role taken away takes away the years he served
        was_leader = self.person is not None and LEADER_ROLE in self.person.roles
        self.form.setRowVisible(self.role_hint, was_leader and not leader)
        if self.isVisible():  # every line of a hint just shown: the dialog kept its height and cut it in half
            grow_to_fit(self)

    def values(self) -> dict:
        certified = self.role_boxes[CERTIFIED_ROLE].isChecked()
        return {
            "name": self.name.text(), "title": self.title_edit.text(), "unit": self.unit.text(),
            "roles": [role for role, box in self.role_boxes.items() if box.isChecked()],
            "cert_no": self.cert_no.text() if certified else None,
            "cert_expiry": self.cert_expiry.text() if certified else None,
            "phone": self.phone.value(), "joined_on": self.joined_on.text(), "left_on": self.left_on.text(),
        }

    def accept(self) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.hide()
        if not self._name_confirmed():
            self.name.setFocus()
            return
        # a 离任日期 cleared ("在任不填") brings the person back into use; one taken out of use without a date stays
        # out until 启用
        back = self.person is not None and self.person.left_on is not None and not self.left_on.text().strip()
        active = self.person is None or self.person.active or back
        try:
            # the fields first: a wrong date refused after 是否同一人 had it asked again once corrected
            people.check_person(self.store, self.person and self.person.id, **self.values(), active=active)
            if self.person is None:
                same = self._same_person()
                if same is None:
                    return
                self.person = people.add_person(self.store, self.actor, **self.values(), **same)
            else:
                same = self._answer if self._answer or not self._renamed() else self._same_person()
                if same is None:
                    return
                self.person = people.update_person(self.store, self.person.id, self.actor, active=active,
                                                   **self.values(), **same)
        except ValidationError as exc:
            self.show_problems(exc)
            return
        except FazhiError as exc:
            self.general_error.setText(str(exc))
            self.general_error.show()
            return
        super().accept()

    def _name_confirmed(self) -> bool:
        """A name typed as 阿依古丽•买买提 (another dot) or 海 昇 (a space) is asked about before it is saved (保存 /
        返回修改; Enter returns), as a record's is: the figures would miss the records naming 阿依古丽·买买提. A name
        kept as it was is not asked about again."""
        name = self.name.text()
        note = people.name_note(name)
        if note is None or (self.person is not None and name.strip() == self.person.name):
            return True
        return self.dialogs.confirm(self, "核对姓名", f"{note}。\n\n核对无误，选“仍然保存”；需要修改，选“返回修改”。",
                                    yes="仍然保存", no="返回修改", default=False)

    def _renamed(self) -> bool:
        """Whether the entry edited takes another name (as the figures match names)."""
        return self.person is not None and people.matched_name(self.name.text()) != people.matched_name(
            self.person.name)

    def _same_person(self) -> dict | None:
        """Under a name the roster has (王军 left as 镇长; a 王军 is added as 书记), whether it is the same person,
        asked of each such entry until one is (是同一人) or none (是另一人): the figures count people (T46c, T47) and
        the roster has no ID to tell. The answer as `people.add_person` takes it; {} without a namesake; None when
        取消 (nothing saved, the dialog stays open)."""
        found = people.namesakes(self.store, self.name.text(), self.title_edit.text(),
                                 excluding=self.person.id if self.person is not None else None)
        for person in found:
            answer = self.dialogs.choose(self, "是否同一人", people.same_person_question(person), SAME_OR_OTHER)
            if answer is None:
                return None
            if answer == SAME_OR_OTHER[0]:
                return {"same_as": person.id}
        return {"other_person": True} if found else {}

    def reject(self) -> None:
        """Esc, 取消 and the title bar's ×: typed text is given up only when the clerk says so (保存 / 不保存 /
        取消, as the record editor asks); Esc closed the dialog and the person half entered was gone."""
        if self.values() != self._baseline:
            answer = self.dialogs.save_discard_cancel(self, "未保存的修改",
                                                      f"“{self.windowTitle()}”中填写的内容尚未保存。关闭前是否保存？")
            if answer is Answer.SAVE:
                self.accept()  # refused: stays open with the fields marked
                return
            if answer is not Answer.DISCARD:
                return
        super().reject()

    def show_problems(self, exc: ValidationError) -> None:
        fields = {"name": self.name, "title": self.title_edit, "unit": self.unit,
                  "roles": next(iter(self.role_boxes.values())), "cert_no": self.cert_no,
                  "cert_expiry": self.cert_expiry, "phone": self.phone, "joined_on": self.joined_on,
                  "left_on": self.left_on}
        unplaced, first = [], None
        for problem in exc.problems:
            label = self.errors.get(problem.path)
            if label is None:
                unplaced.append(str(problem))
            else:
                label.setText(problem.message)
                label.show()
                first = first or fields[problem.path]
        if unplaced:
            self.general_error.setText("；".join(unplaced))
            self.general_error.show()
        grow_to_fit(self)
        if first is not None:  # the cursor where the first red message is, to correct it at once
            first.setFocus()


def _line(placeholder: str) -> LineEdit:
    edit = LineEdit()
    edit.setPlaceholderText(placeholder)
    return edit
