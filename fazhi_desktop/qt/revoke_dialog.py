"""吊销密钥 at the county: which key, why (被盗, 丢失 or 更换) and, for a stolen or lost one, from which day it is not
trusted; what the county then tells of a bundle it signed follows from the reason (core/bundle/revocation.py). 吊销
is possible only once a reason is chosen; Enter and Esc revoke nothing. For a key revoked without a reason
(`adding`: its revocation day given), the same choice records the reason, once (补记吊销原因); for one revoked as 更换
(`was`), only 被盗 or 丢失 are offered, once (改记吊销原因: the PC found stolen after the township re-enrolled)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QButtonGroup, QDateEdit, QDialog, QDialogButtonBox, QLabel, QRadioButton, QVBoxLayout

from fazhi_desktop.core.bundle.keys import REASON_MEANINGS, REVOKE_REASONS, UNTRUSTED_REASONS, reasons_left
from fazhi_desktop.qt.common import em


class RevokeDialog(QDialog):
    def __init__(self, parent, named: str, today: date, adding: date | None = None, was: str | None = None):
        super().__init__(parent)
        verb = "改记" if was else "补记"
        self.setWindowTitle(f"{verb}吊销原因" if adding else "吊销密钥")
        reasons = reasons_left(was) if adding else REVOKE_REASONS
        if adding and was:
            text = QLabel(f"{named}已于 {adding.isoformat()} 因{was}吊销。\n如后来得知电脑或U盘{'、'.join(reasons)}，"
                          f"改记为{'或'.join(reasons)}：记录后不能更改。", wordWrap=True)
        elif adding:
            text = QLabel(f"{named}已于 {adding.isoformat()} 吊销，当时没有记录原因。\n请补记原因：记录后不能更改。",
                          wordWrap=True)
        else:
            text = QLabel(f"确定吊销 {named}吗？\n此后用它签名的数据包一律拒绝（已在路上的也是）；不可撤销。"
                          "乡镇须重新生成密钥并重新登记。", wordWrap=True)
        self.group = QButtonGroup(self)
        self.buttons_by_reason: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(QLabel("吊销原因："))
        for reason in reasons:
            button = QRadioButton(f"{reason}：{REASON_MEANINGS[reason]}")
            self.group.addButton(button)
            self.buttons_by_reason[reason] = button
            layout.addWidget(button)
        self.since_label = QLabel("从哪天起不再信任这把密钥（被盗、丢失的那天）：")
        #: 改记 of a 更换: the theft was not known on the revocation day, which flags none of the thief's bundles
        #: imported before it (only late ones confirmed since): the day is chosen, not taken as shown
        #: (revocation.day_asked)
        self.day_chosen = not was
        if was:
            self.since_label.setText("电脑或U盘被盗、丢失的那天（更换时还不知道，请选择）：")
        shown = adding or today  # a reason added later: known on the day of the revocation at the latest
        self.since_edit = QDateEdit(QDate(shown.year, shown.month, shown.day), calendarPopup=True)
        self.since_edit.setDisplayFormat("yyyy-MM-dd")
        self.since_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.since_edit.setAccessibleName("不再信任的日期")
        self.since_note = QLabel("这天以后导入的它签名的数据包会在数据包记录和数据完整性中标出，其带来的记录在回执中"
                                 "另列（没有纸质材料的不要补录）。", wordWrap=True)
        for widget in (self.since_label, self.since_edit, self.since_note):
            layout.addWidget(widget)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(verb if adding else "吊销")
        self.ok.setAutoDefault(False)
        self.ok.setDefault(False)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("取消")
        cancel.setDefault(True)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.group.buttonToggled.connect(lambda *_: self._update())
        self.since_edit.dateChanged.connect(self._day_chosen)
        # the day shown picked again (the theft on the very day of the revocation): clicked in the calendar, or typed
        # and left; no change of date, so dateChanged says nothing. Left untyped (Tab through its three parts, the
        # calendar opened and closed), the day is only the one shown: not chosen
        self._day_typed = False
        self.since_edit.calendarWidget().clicked.connect(self._day_chosen)
        self.since_edit.lineEdit().textEdited.connect(self._typed)
        self.since_edit.editingFinished.connect(self._typed_left)
        self.setMinimumWidth(em(self, 32))
        self._update()

    def reason(self) -> str | None:
        return next((reason for reason, button in self.buttons_by_reason.items() if button.isChecked()), None)

    def since(self) -> date | None:
        """The day a stolen or lost key is not trusted from; None for another reason."""
        if self.reason() not in UNTRUSTED_REASONS:
            return None
        return self.since_edit.date().toPython()

    def choose(self, reason: str, since: date | None = None) -> None:
        """Pick `reason` (and the day): what a test does."""
        self.buttons_by_reason[reason].setChecked(True)
        if since is not None:
            self.since_edit.setDate(QDate(since.year, since.month, since.day))

    def _day_chosen(self, *_given) -> None:
        self.day_chosen = True
        self._update()

    def _typed(self, _text: str) -> None:
        self._day_typed = True

    def _typed_left(self) -> None:
        if self._day_typed:
            self._day_chosen()

    def _update(self) -> None:
        untrusted = self.reason() in UNTRUSTED_REASONS
        for widget in (self.since_label, self.since_edit, self.since_note):
            widget.setVisible(untrusted)
        self.ok.setEnabled(self.reason() is not None and (self.day_chosen or not untrusted))
        self.adjustSize()  # the day's rows shown or gone
