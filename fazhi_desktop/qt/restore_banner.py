"""The main window's banner after a township's restore from backup, until the county's receipt is imported or a
所长 clicks 不再提示 (core/backup/after_restore.py): the three steps the 恢复完成 box said once, said briefly."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from fazhi_desktop.core.backup import after_restore
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.permissions import why_not_logged_in
from fazhi_desktop.qt.clock_banner import banner_row
from fazhi_desktop.qt.common import push_button

#: as the other banners' (qt/clock_banner.py), in the orange of a thing to do rather than the red of a fault
STYLE = "background: #fff4e5; color: #8a4b00; border-radius: 3px;"
DISMISS_TIP = "恢复后的事项已办完（或不需要办）：所长或管理员确认后不再提示；导入县里的回执后也自动消失"


class RestoreBanner(QWidget):
    """Above the main window's pages (`window`: its store and dialogs, the user may change: 切换用户)."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.main = window
        self.dismiss_button = push_button("不再提示", DISMISS_TIP)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.label = banner_row(self, STYLE, "从备份恢复后的事项", self.dismiss_button)
        self.hide()

    def refresh(self) -> None:
        """Shown while the restore awaits the county's receipt; the button as the logged-in user's role allows."""
        store = self.main.store
        text = after_restore.pending(store)
        if text is not None:
            self.label.setText(text)
            self.dismiss_button.setVisible(after_restore.steps(store) is not None)  # a year to close stays said
            why = why_not_logged_in(store.user, "restore.notice")
            self.dismiss_button.setEnabled(why is None)
            self.dismiss_button.setToolTip(f"{why}。{DISMISS_TIP}" if why else DISMISS_TIP)
        self.setVisible(text is not None)

    def dismiss(self) -> None:
        try:
            after_restore.dismiss(self.main.store)
        except FazhiError as exc:
            self.main.dialogs.error(self.main, "未能关闭提示", str(exc))
        self.refresh()
