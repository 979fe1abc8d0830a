"""重新打开…'s question (an editor's review bar): the reason, and who is to correct the draft — 退回录入员修改 (the
default) or 由我自己修改 — which its change-log entry keeps (core/sent_back.py). Before, the list could not tell the
two apart until the 所长 saved a change, so a record she reopened on Friday to correct on Monday read as sent back
to the clerk (草稿·退回, 退回待改) all weekend. Loaded with its first use (Dialogs.ask_reopen). 批量审核's 退回…, which
sends a record back to the clerk, asks its reason in it too, without the choice: a reason with a number in it was
refused there only after its plain question box had closed (无法退回), the reason typed lost."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core import sent_back
from fazhi_desktop.core.identifiers import holds_number
from fazhi_desktop.core.store import NUMBER_IN_REASON
from fazhi_desktop.qt.common import em, say
from fazhi_desktop.qt.editor.context import RED

#: under each choice, what it does to the clerk's list
CHOICE_TIPS = {
    sent_back.CLERK: f"录入员的列表标“草稿·{sent_back.MARK}”，在“{sent_back.FILTER}”中，打开可见原因",
    sent_back.SELF: f"列表标“草稿·{sent_back.OWN_MARK}”，录入员不必修改；改好后请您自己提交审核",
}


class ReopenDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, prompt: str, choose: bool = True):
        """`choose`: ask who corrects the draft; without, it goes back to the clerk (批量审核's 退回…)."""
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.reason = QLineEdit()
        self.reason.setMinimumWidth(em(self, 28))
        # what a screen reader says in the box (the prompt above is no buddy Qt reads out): it said nothing at all
        self.reason.setAccessibleName(f"{title}的原因（必填）")
        label.setBuddy(self.reason)
        layout.addWidget(self.reason)
        self.title = title
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {RED};")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.group = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {}
        if choose:
            layout.addWidget(QLabel("由谁修改："))
        for key, text in sent_back.CORRECTORS.items():
            button = QRadioButton(f"{text}（{CHOICE_TIPS[key]}）")
            button.setChecked(key == sent_back.CLERK)
            button.setVisible(choose)
            self.group.addButton(button)
            self.choices[key] = button
            layout.addWidget(button)
        buttons = QDialogButtonBox()
        buttons.addButton("确定", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """确定 (or Enter in the reason) with no reason: the dialog stays, the cursor back in the reason, the choice
        kept. It closed, and only then was told 必须说明原因: the 所长 began again, choosing who corrects again. So
        too with an ID or phone number in the reason, which the history would show everyone unmasked."""
        text = self.reason.text().strip()
        problem = NUMBER_IN_REASON if holds_number(text) else "" if text else f"请填写{self.title}的原因，再按确定。"
        if problem:  # a number is refused here, not after the box closed (core refuses it too)
            self.problem.show()  # first: a screen reader finds no hidden line, and the cursor staying says nothing
            say(self.problem, problem, again=True, urgent=True)
            self.reason.setFocus()
            return
        super().accept()

    def answer(self) -> tuple[str, str]:
        """The reason typed and the choice (sent_back.CLERK or SELF)."""
        chosen = next(key for key, button in self.choices.items() if button.isChecked())
        return self.reason.text(), chosen
