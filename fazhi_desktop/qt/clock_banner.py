"""The main window's banner while this computer's clock is behind what the database recorded (core/clock_behind.py):
above the pages, from the start, until the clock is put right (asked again whenever the window comes back to the
front), the 所长 or 管理员 confirms it right (电脑时间无误…: it ran ahead and was put right), or the clerk clicks
知道了 (for this session: the new-record question, the export and the year's closing still say it where it matters).
Once the clock is right, it names the records still dated by a clock that had gone back (core/clock_went_back.py),
until each is given its real date.

`confirm_clock` is the one confirmation box, also asked from the export wizard's refusal and the year-close question.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from fazhi_desktop.core.clock_behind import CONFIRM_BUTTON, clock_behind, confirm, confirm_question
from fazhi_desktop.core.clock_went_back import Reading, own_note
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.permissions import why_not_logged_in
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.common import push_button

#: the banner's colours; its padding is the label's contents margins (`PADDING`): a stylesheet's padding made Qt
#: measure the wrapped text narrower than it is drawn, a line taller than the text (长者模式, 1024 to 1366 pixels)
STYLE = "background: #fdecea; color: #b3261e; border-radius: 3px;"
PADDING = (8, 4, 8, 4)
ADVICE = ("电脑的日期时间现在不对（例如主板电池没电后回到了过去的日期），或记下那个时间时不对。请核对电脑右下角的"
          "日期和时间，不对的请改正：否则新记录会按错误的日期填写、按错误的年份编号，封账和导出数据包的日期也会错。"
          f"用手机或网络时间核对过、电脑时间无误的（是记下那个时间时电脑时间走快了），请所长或管理员点"
          f"“{CONFIRM_BUTTON}…”。")
TITLE = "确认电脑时间无误"
CONFIRM_TIP = "用手机或网络时间核对过，电脑时间无误（是记下那个时间时电脑时间走快了）：所长或管理员确认后不再提示"


def banner_row(banner: QWidget, style: str, name: str, *buttons: QPushButton) -> QLabel:
    """Lay out a banner above the main window's pages (this one, qt/restore_banner.py): its wrapped text in `style`
    (read out as `name`) and its `buttons` beside it. Returns the text's label."""
    label = QLabel(wordWrap=True)
    label.setStyleSheet(style)
    label.setContentsMargins(*PADDING)
    label.setAccessibleName(name)
    row = QHBoxLayout(banner)
    row.setContentsMargins(0, 0, 0, 4)
    row.addWidget(label, 1)
    for button in buttons:
        row.addWidget(button)
    return label


def confirm_button(store: Store) -> QPushButton:
    """电脑时间无误…: greyed, saying why, for whoever may not confirm (a 录入员)."""
    button = push_button(f"{CONFIRM_BUTTON}…", CONFIRM_TIP)
    follow_role(button, store)
    return button


def follow_role(button: QPushButton, store: Store) -> None:
    why = why_not_logged_in(store.user, "clock.confirm")
    button.setEnabled(why is None)
    button.setToolTip(f"{why}。{CONFIRM_TIP}" if why else CONFIRM_TIP)


def confirm_clock(parent: QWidget, store: Store, dialogs, actor: str, asked: str = "") -> bool:
    """The confirmation box (`asked` before its question; Enter: 取消), then core's `confirm`. True once the clock is
    confirmed right (or there was nothing to confirm); False when cancelled or refused (said)."""
    question = confirm_question(store)
    if question is None:
        return True
    if not dialogs.confirm(parent, TITLE, f"{asked}{question}", yes=CONFIRM_BUTTON, no="取消", default=False):
        return False
    try:
        confirm(store, actor)
    except FazhiError as exc:
        dialogs.error(parent, "未能确认", str(exc))
        return False
    return True


class ClockBanner(QWidget):
    """Above the main window's pages (`window`: its store, dialogs and actor, who may change: 切换用户)."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.main = window
        self.confirm_button = confirm_button(window.store)
        self.confirm_button.clicked.connect(self.confirm)
        self.noted_button = push_button("知道了", "本次不再显示（电脑时间改正后自动消失）")
        self.noted_button.clicked.connect(self.note)
        self.label = banner_row(self, STYLE, "电脑日期可能不对", self.confirm_button, self.noted_button)
        self.noted = False
        self.reading = Reading()  # how far the change log was read for the records a wrong clock dated
        self.hide()

    def refresh(self) -> None:
        """Shown while the clock is behind (and not noted this session), hidden once it is right or confirmed; the
        button as the logged-in user's role allows. Once it is right: the records still dated by a clock that had
        gone back, named (`went_back`), without the button."""
        store = self.main.store
        behind = None if self.noted else clock_behind(store)
        if behind is not None:
            self.label.setText(f"{behind}。{ADVICE}")
            follow_role(self.confirm_button, store)
        went_back = None if self.noted or behind is not None else self.went_back()
        if went_back is not None:
            self.label.setText(went_back)
        self.confirm_button.setVisible(behind is not None)
        self.setVisible(behind is not None or went_back is not None)

    def went_back(self) -> str | None:
        """core's `own_note`, reading the change log on from where it read it last (`Reading`)."""
        return own_note(self.main.store, self.reading)

    def confirm(self) -> None:
        if confirm_clock(self.main, self.main.store, self.main.dialogs, self.main.actor):
            self.refresh()

    def note(self) -> None:
        self.noted = True
        self.hide()
