"""编辑 → 按日期重新编号… and 数据交换 → 编号从第N号起…: the 所长's two ways of setting a series' numbers right
(core/renumber.py holds the rules; the Store writes).

按日期重新编号 shows what it would change (旧号→新号) and what stays and why, for the ledger and year chosen (the
list's own, first), and renumbers once 重新编号 is pressed and confirmed; a record open with unsaved changes stops it
(its save would be refused). 编号从第N号起 names the series' last number and sets the next one.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core import renumber
from fazhi_desktop.core.clock import local_today
from fazhi_desktop.core.errors import FazhiError, ValidationError
from fazhi_desktop.qt.common import em, fit_to_screen, push_button
from fazhi_desktop.qt.hints import hint_label

MEANING = ("按日期先后重新编排该年的编号：从未打印（纪要、协议书、台账等）、也没有随数据包报送县里的记录，"
           "在它们已有的编号中按日期重新分配；已打印、已报送或已锁定的记录编号不变。编号的总数和下一个编号不变，"
           "每条改号的记录在修改历史中注明原编号。")
UNSAVED = "有该台账记录的编辑窗口尚未保存，请先保存或关闭后再重新编号"
CONTINUE_MEANING = ("从备份恢复后，备份之后在纸上已用过的编号（没有报送县里的）会再次给出。"
                    "请对照纸质材料，设定该编号系列从第几号起接着编：只能大于已用过的编号，记入账户日志。")


class _SeriesDialog(QDialog):
    """What both dialogs start from: the ledger (the list shown, first) and year (this year) boxes in a form, and a
    row of buttons, the dialog's own `action` and 关闭."""

    def __init__(self, window, title: str, action: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.window, self.store = window, window.store
        self.setWindowTitle(title)
        self.ledger_combo = QComboBox(self)
        for ledger in self.store.ledgers.values():
            self.ledger_combo.addItem(ledger.label, ledger.name)
        view = window.current_ledger_view() if hasattr(window, "current_ledger_view") else None
        if view is not None:
            self.ledger_combo.setCurrentIndex(max(0, self.ledger_combo.findData(view.ledger.name)))
        self.year_box = QSpinBox(self)
        self.year_box.setRange(2000, 2100)
        self.year_box.setValue(local_today(self.store.clock).year)
        self.year_box.setSuffix(" 年")
        self.form = QFormLayout()
        self.form.addRow("台账(&L)：", self.ledger_combo)
        self.form.addRow("年度(&Y)：", self.year_box)
        self.action_button = push_button(action)
        done = push_button("关闭", "关闭（Esc）")
        done.clicked.connect(self.reject)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.action_button)
        self.buttons.addWidget(done)


class RenumberDialog(_SeriesDialog):
    manual_part = "按日期重新编号"

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(window, "按日期重新编号", "重新编号(&R)", parent)
        self.plan_text = QPlainTextEdit(readOnly=True)
        self.plan_text.setAccessibleName("将改的编号")
        self.renumber_button = self.action_button
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(hint_label(MEANING))
        layout.addWidget(self.plan_text, 1)
        layout.addLayout(self.buttons)
        self.ledger_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.year_box.valueChanged.connect(lambda _v: self.reload())
        self.renumber_button.clicked.connect(self.renumber)
        self.reload()
        fit_to_screen(self, em(self, 44), em(self, 30))

    @property
    def ledger(self) -> str:
        return self.ledger_combo.currentData()

    def reload(self) -> None:
        try:
            planned = renumber.plan(self.store, self.store.ledger(self.ledger), self.year_box.value())
        except FazhiError as exc:
            self.plan_text.setPlainText(str(exc))
            self.renumber_button.setEnabled(False)
            return
        self.plan_text.setPlainText("\n".join(planned.lines(done=False)))
        blocked = self._unsaved() if planned.moves else None
        self.renumber_button.setEnabled(bool(planned.moves) and blocked is None)
        self.renumber_button.setToolTip(blocked or "")
        if blocked:
            self.plan_text.appendPlainText(blocked)

    def _unsaved(self) -> str | None:
        editors = getattr(self.window, "editors", {}) or {}
        return UNSAVED if any(e.editor.is_dirty() and e.editor.ledger.name == self.ledger
                              for e in editors.values()) else None

    def renumber(self) -> None:
        year = self.year_box.value()
        label = self.ledger_combo.currentText()
        if not self.window.dialogs.confirm(self, "按日期重新编号", f"按上面所列，重新编排{year}年{label}的编号？\n"
                                           "每条改号的记录记为新的一版，修改历史中注明原编号。",
                                           yes="重新编号", default=False):
            return
        try:
            done = self.store.renumber_by_date(self.ledger, year, self.window.actor)
        except FazhiError as exc:
            self.window.dialogs.error(self, "未重新编号", str(exc))
            self.reload()
            return
        self.plan_text.setPlainText("\n".join(done.lines(done=True)))
        self.renumber_button.setEnabled(False)
        if hasattr(self.window, "show_stored"):
            self.window.show_stored([self.store.get(move.record_id) for move in done.moves], [self.ledger])


class ContinueNumbersDialog(_SeriesDialog):
    manual_part = "编号从第N号起"

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(window, "编号从第N号起", "设定(&S)", parent)
        self.prefix_combo = QComboBox(self)
        self.prefix_combo.setAccessibleName("编号字头")
        self.first_box = QSpinBox(self)
        self.first_box.setRange(1, 99999)
        self.first_box.setPrefix("第 ")
        self.first_box.setSuffix(" 号起")
        self.first_box.setAccessibleName("编号从第N号起")
        self.state_label = QLabel(wordWrap=True)
        self.problem_label = QLabel(wordWrap=True)
        self.problem_label.setStyleSheet("color: #c62828")
        self.set_button = self.action_button
        self.form.addRow("编号字头(&P)：", self.prefix_combo)
        self.form.addRow("编号从(&N)：", self.first_box)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(CONTINUE_MEANING))
        layout.addLayout(self.form)
        layout.addWidget(self.state_label)
        layout.addWidget(self.problem_label)
        layout.addStretch(1)
        layout.addLayout(self.buttons)
        self.ledger_combo.currentIndexChanged.connect(lambda _i: self._fill_prefixes())
        self.year_box.valueChanged.connect(lambda _v: self.reload())
        self.prefix_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.set_button.clicked.connect(self.set_first)
        self._fill_prefixes()
        fit_to_screen(self, em(self, 36), em(self, 22))

    def _fill_prefixes(self) -> None:
        numbering = self.store.ledger(self.ledger_combo.currentData()).numbering
        self.prefix_combo.blockSignals(True)
        self.prefix_combo.clear()
        self.prefix_combo.addItems([numbering.prefix, *sorted(numbering.given_prefixes - {numbering.prefix})])
        self.prefix_combo.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        last = self.store.last_seq(self.ledger_combo.currentData(), self.year_box.value(),
                                   self.prefix_combo.currentText())
        self.state_label.setText(f"现在接着第 {last} 号编，下一个是第 {last + 1} 号" if last else
                                 "这个编号系列还没有编号，下一个是第 1 号")
        self.first_box.setValue(last + 1)
        self.problem_label.setText("")

    def set_first(self) -> None:
        ledger = self.store.ledger(self.ledger_combo.currentData())
        year, prefix, first = self.year_box.value(), self.prefix_combo.currentText(), self.first_box.value()
        try:
            renumber.continue_from(self.store, ledger, year, prefix, first)
        except ValidationError as exc:
            self.problem_label.setText("；".join(p.message for p in exc.problems))
            return
        except FazhiError as exc:
            self.problem_label.setText(str(exc))
            return
        self.reload()
        self.state_label.setText(f"已设定：{year}年{prefix}从第 {first} 号起编号（记入账户日志）")


def open_renumber(window) -> RenumberDialog:
    """编辑 → 按日期重新编号… over the main window."""
    dialog = RenumberDialog(window, parent=window)
    window.renumber_dialog = dialog
    dialog.open()
    return dialog


def open_continue_numbers(window) -> ContinueNumbersDialog:
    """数据交换 → 编号从第N号起… over the main window."""
    dialog = ContinueNumbersDialog(window, parent=window)
    window.continue_numbers_dialog = dialog
    dialog.open()
    return dialog
