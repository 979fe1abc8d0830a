"""文件 → 核验打印件…: is the paper in hand what the database holds? (core/documents/verify.py decides.)

The code printed beside the QR code is typed, or scanned: a USB scanner types the QR text followed by Enter, which
checks at once. The verdict is one sentence in Chinese; when it names a record, 打开记录 shows it, and when a register
page's names several changed since, 打开记录 offers each of them by its number.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core.documents import check_print
from fazhi_desktop.core.documents.verify import PrintCheck
from fazhi_desktop.core.errors import NotFound
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.common import em, fit_to_screen, say
from fazhi_desktop.qt.hints import hint_label

#: verdict -> colour of the sentence: green only when the paper shows the current data
COLOURS = {"same": "#1e6b2e", "changed": "#8a5a00"}
ALARM = "#b3261e"


class PrintCheckDialog(QDialog):
    manual_part = "核验码"  # F1 here opens the manual there (qt/manual_view.py)

    def __init__(self, store: Store, open_record, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.open_record = store, open_record
        self.result: PrintCheck | None = None
        self.setWindowTitle("核验打印件")
        fit_to_screen(self, em(self, 52), em(self, 22))
        self.code = QLineEdit()
        self.code.setPlaceholderText("输入或扫描打印件上的核验码，如 01a215b4ff10-2-3f9c2a1b")
        self.code.setAccessibleName("核验码")
        # a code is digits, letters and hyphens: with the input method off, a scanner's keystrokes are not taken
        # as Pinyin (its digits would pick candidates)
        self.code.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.code.setInputMethodHints(Qt.InputMethodHint.ImhLatinOnly | Qt.InputMethodHint.ImhPreferLowercase)
        self.check_button = QPushButton("核验(&C)")
        self.check_button.setDefault(True)  # Enter in the code (a scanner's) presses it: checked once, said once
        self.check_button.clicked.connect(self.check)
        self.verdict = QLabel(wordWrap=True)
        self.verdict.setAccessibleName("核验结果")
        self.open_button = QPushButton("打开记录(&O)")
        self.open_button.setEnabled(False)
        # with a menu (several records), the menu alone opens one: pressed from the keyboard (Alt+O, Space) the
        # button is clicked too as the menu closes, which opened the first record beside the one picked, or after Esc
        self.open_button.clicked.connect(lambda: self.open_button.menu() is None and self._open())
        row = QHBoxLayout()
        row.addWidget(self.code, 1)
        row.addWidget(self.check_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.open_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label("打印的会议纪要、记录、签到表和调解协议书每页页脚有核验码，末页另有二维码。核验码说明纸面"
                                    "是哪条记录的第几版：与数据库一致、打印后已修改、已删除，或本数据库中没有；各页的核验码"
                                    "应相同。台账每页有该页自己的核验码和二维码，说明该页所列记录打印后有无修改或删除。"
                                    "纸面文字是否被涂改，须与打开的记录对照。"))
        layout.addLayout(row)
        layout.addWidget(self.verdict, 1)
        layout.addLayout(bottom)

    def check(self) -> PrintCheck | None:
        # the keyboard back in the code box (核验 clicked with the mouse kept it), before the verdict is said: a
        # scanner types the next paper's code there, where its space and Enter pressed the button again
        self.code.setFocus(Qt.FocusReason.OtherFocusReason)
        text = self.code.text().strip()
        if not text:
            self._say("请先输入或扫描核验码。", ALARM)
            self.result = None
            return None
        self.result = check_print(self.store, text)
        self._say(self.result.message, COLOURS.get(self.result.status, ALARM))
        self._offer(self.result)
        self.code.selectAll()  # the next scan replaces this code
        return self.result

    def _say(self, text: str, colour: str) -> None:
        say(self.verdict, text, again=True, urgent=colour == ALARM)  # read out: the clerk's eyes are on the paper
        self.verdict.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.open_button.setEnabled(False)
        if (menu := self.open_button.menu()) is not None:  # the records of the verdict before
            self.open_button.setMenu(None)
            menu.deleteLater()

    def _offer(self, result: PrintCheck) -> None:
        """打开记录 for the record the verdict names; for a register page naming several records changed since, a
        menu of their numbers (the first changed is the one a click used to open, when it opened any)."""
        if len(result.changed) > 1:
            menu = QMenu(self.open_button)
            for record_id, number in result.changed:
                menu.addAction(number, lambda record_id=record_id: self._open(record_id))
            self.open_button.setMenu(menu)
        self.open_button.setEnabled(bool(result.changed) or (result.record_id is not None
                                                             and result.status != "deleted"))

    def _open(self, record_id: str | None = None) -> None:
        record_id = record_id or (self.result.record_id if self.result else None)
        if record_id is None:
            return
        try:
            record = self.store.get(record_id, include_deleted=True)
        except NotFound:
            return
        self.code.setFocus(Qt.FocusReason.OtherFocusReason)  # back here from the record, the next scan goes in the box
        self.open_record(record)


def open_print_check(window) -> PrintCheckDialog:
    dialog = PrintCheckDialog(window.store, window.open_record, window)
    window.print_check_dialog = dialog  # kept while open
    dialog.open()
    return dialog
