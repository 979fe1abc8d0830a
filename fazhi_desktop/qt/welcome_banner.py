"""The main window's note at an account's first login (a newcomer's: core/accounts.User.first_login), above the
pages: where to start. Her first window opened on an empty ledger list with nothing said, and she did not know that
待办事项 lists what is still open (her predecessor's matters among it) nor where the manual is. Said once, for that
login, until 知道了; not after the office's setup, whose 第一次使用 list shows itself (core/setup.py). In an office
with no records yet (a new office) 待办事项 is empty and there is no predecessor: the note points to 新建记录."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from fazhi_desktop.qt.clock_banner import banner_row
from fazhi_desktop.qt.common import push_button

#: as the other banners' (qt/clock_banner.py), in a quiet blue: information, nothing wrong
STYLE = "background: #e8f0fe; color: #174ea6; border-radius: 3px;"
TODO = "统计 → 待办事项"
MANUAL = "帮助 → 使用说明"


NEW_RECORD = "本所还没有记录：在台账列表点“新建记录”（或按 Ctrl+N）登记第一条"


def said(name: str, county: bool, empty: bool = False) -> str:
    """The note for `name`: where a township's newcomer starts (`empty`: an office with no records yet), or the
    county's."""
    first = ("“县级汇总”页是各乡镇报来的数据" if county else NEW_RECORD if empty else
             f"{TODO}列出本所还没办完的事（逾期的在前，前任留下的也在里面）")
    return (f"欢迎使用法治台账，{name}。从这里开始：{first}；{MANUAL}（F1）讲每项工作怎么做，"
            "在哪个窗口按 F1 就讲哪个窗口。")


class WelcomeBanner(QWidget):
    """Above the main window's pages (`window`: its store, the user may change: 切换用户)."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.main = window
        self.dismissed: str | None = None  # the account whose note was closed (知道了)
        self.todo_button = push_button("待办事项…", "打开待办事项：还没办完的事")
        self.todo_button.clicked.connect(self.open_todo)
        self.manual_button = push_button("使用说明", "打开使用说明（F1）")
        self.manual_button.clicked.connect(lambda: self.main.show_manual())
        self.close_button = push_button("知道了", "关闭这条提示（只在第一次登录时显示）")
        self.close_button.clicked.connect(self.dismiss)
        self.label = banner_row(self, STYLE, "第一次登录", self.todo_button, self.manual_button, self.close_button)
        self.hide()

    def refresh(self) -> None:
        """Shown while the logged-in user is at the account's first login and has not closed it."""
        store = self.main.store
        user = store.user
        shown = user is not None and user.first_login and user.name != self.dismissed
        if shown:
            empty = not store.is_county and not any(store.count(name) for name in store.ledgers)
            self.label.setText(said(user.display_name, store.is_county, empty))
            self.todo_button.setVisible(not store.is_county and not empty)  # 待办事项 is the township's
        self.setVisible(shown)

    def open_todo(self) -> None:
        from fazhi_desktop.qt.todo_view import open_todo

        open_todo(self.main)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc on the note (Tab took the cursor to its buttons) closes it, as 知道了 does."""
        if event.key() == Qt.Key.Key_Escape:
            self.dismiss()
            return
        super().keyPressEvent(event)

    def dismiss(self) -> None:
        user = self.main.store.user
        self.dismissed = user.name if user is not None else None
        focused = QApplication.focusWidget()
        had_focus = focused is not None and self.isAncestorOf(focused)  # back to the list, not the next widget
        self.hide()
        if had_focus:
            self.main.nav.setFocus()
