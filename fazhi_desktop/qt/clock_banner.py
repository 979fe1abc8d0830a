"""The main window's banner while this computer's clock is behind what the database recorded (core/clock_behind.py):
above the pages, from the start, until the clock is put right (asked again whenever the window comes back to the
front) or the clerk clicks 知道了 (for this session: the new-record question, the export and the year's closing
still say it where it matters).
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from fazhi_desktop.core.clock_behind import clock_behind
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.common import push_button

STYLE = "background: #fdecea; color: #b3261e; padding: 4px 8px; border-radius: 3px;"
ADVICE = ("电脑的日期时间现在不对（例如主板电池没电后回到了过去的日期），或记下那个时间时不对。请核对电脑右下角的"
          "日期和时间，不对的请改正：否则新记录会按错误的日期填写、按错误的年份编号，封账和导出数据包的日期也会错。")


class ClockBanner(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel(wordWrap=True)
        self.label.setStyleSheet(STYLE)
        self.label.setAccessibleName("电脑日期可能不对")
        self.noted_button = push_button("知道了", "本次不再显示（电脑时间改正后自动消失）")
        self.noted_button.clicked.connect(self.note)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.noted_button)
        self.noted = False
        self.hide()

    def refresh(self, store: Store) -> None:
        """Shown while the clock is behind (and not noted this session), hidden once it is right."""
        behind = None if self.noted else clock_behind(store)
        if behind is not None:
            self.label.setText(f"{behind}。{ADVICE}")
        self.setVisible(behind is not None)

    def note(self) -> None:
        self.noted = True
        self.hide()
