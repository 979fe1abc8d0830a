"""设置: text size (normal or 长者模式), and what this installation is (office, township, database file)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core import office_name
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.permissions import why_not_logged_in
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.hints import hint_label

#: the row of the office's name, changed by 修改单位名称 (`SettingsView.change_office_name`)
OFFICE_ROW = "单位名称："
#: the row of who is working: its label and text follow the login (`SettingsView.refresh`)
USER_ROW = "当前用户："


class SettingsView(QWidget):
    """Emits `large_text_changed(bool)` when the user picks a text size; the window applies and remembers it."""

    large_text_changed = Signal(bool)
    #: the office's name was changed (the window's title and status bar show it)
    office_renamed = Signal(str)

    def __init__(self, store: Store, large_text: bool, dialogs: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.dialogs = dialogs
        self.normal_text = QRadioButton("普通字号")
        self.large_text = QRadioButton("长者模式（大字号，文字放大到 1.5 倍）")
        self.set_large_text(large_text)
        display = QGroupBox("显示")
        display_layout = QVBoxLayout(display)
        display_layout.addWidget(self.normal_text)
        display_layout.addWidget(self.large_text)
        self.display_hint = hint_label("选择后立即生效，下次打开程序时保持不变。也可在“视图”菜单中切换。")
        display_layout.addWidget(self.display_hint)

        office = QGroupBox("本单位")
        form = QFormLayout(office)
        fit_narrow(form)
        self.rename_button = QPushButton("修改单位名称…")
        self.rename_button.clicked.connect(self.change_office_name)
        for label, text in self._office_rows():
            value = QLabel(text, wordWrap=True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if label == OFFICE_ROW:  # the name, and beside it the button that corrects it
                self.office_value = value
                row = QHBoxLayout()
                row.addWidget(value, 1)
                row.addWidget(self.rename_button)
                form.addRow(label, row)
                continue
            form.addRow(label, value)
            if label == USER_ROW:
                self.user_label, self.user_value = form.labelForField(value), value

        # in a scroll area: the page's height (the backup section in 长者模式 above all) must not become the main
        # window's least height, which pushed the window past a 768-pixel screen
        self.content = QWidget()
        self.content_layout = layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(display)
        layout.addWidget(office)
        layout.addStretch(1)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.large_text.toggled.connect(self.large_text_changed)

    def _office_rows(self) -> list[tuple[str, str]]:
        setting = self.store.setting
        code = setting("township") or ""
        mode = "县司法局（汇总）" if self.store.is_county else "乡镇司法所"
        place = f"{setting('division_name') or ''}（区划代码 {code}）" if code else "未设置"
        return [
            (OFFICE_ROW, setting("office_name") or "未设置"),
            ("县级汇总单位：" if self.store.is_county else "乡镇：", place),
            ("使用方式：", mode),
            (USER_ROW, ""),  # filled as the page is shown (`refresh`): who that is changes with each login
            ("数据库文件：", str(self.store.path or "")),
        ]

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        """当前用户: the account logged in (马丽, who set the program up and has since left, stood here for good), or
        in a database without accounts the 操作员 the records are saved under (`Store.acting`). Shown again as
        the page is shown and when another user logs in with it shown (`MainWindow.refresh_current`)."""
        user = self.store.user
        reason = why_not_logged_in(user, "settings.manage")
        self.rename_button.setEnabled(reason is None)
        self.rename_button.setToolTip(reason or "改正建库时写错的单位名称，或乡改镇后的新名称（管理员；记入账户日志）")
        self.user_label.setText(USER_ROW if user is not None else "操作员：")
        self.user_value.setText(user.label if user is not None else self.store.setting("operator") or "未设置")

    def change_office_name(self) -> None:
        """修改单位名称: asked until it passes the setup's check or is cancelled; the documents, the enrolment file
        and the bundles made from then on carry it."""
        old = self.store.setting("office_name") or ""
        text = old
        while True:
            answer = self.dialogs.ask_text(self, "修改单位名称",
                                           "新的单位名称（印在文书上；县里从本所的下一个数据包得知新名称）：", text)
            if answer is None:
                return
            text = answer
            try:
                changed = office_name.change_office_name(self.store, answer)
            except FazhiError as exc:
                self.dialogs.error(self, "无法修改单位名称", str(exc))
                continue
            break
        if changed:
            new = self.store.setting("office_name") or ""
            self.office_value.setText(new)
            self.office_renamed.emit(new)
            self.dialogs.info(self, "已修改单位名称",
                              f"单位名称已由“{old}”改为“{new}”（已记入账户日志）。此后打印的文书用新名称；"
                              "已登记密钥的，县里从本所的下一个数据包得知新名称，不必重新登记。")

    def set_large_text(self, on: bool) -> None:
        """Show the current choice without announcing it (the menu and this page stay in step)."""
        for button in (self.normal_text, self.large_text):
            button.blockSignals(True)
        self.large_text.setChecked(on)
        self.normal_text.setChecked(not on)
        for button in (self.normal_text, self.large_text):
            button.blockSignals(False)

    def add_section(self, section: QWidget) -> None:
        """A section of another module (备份, 自动锁定) below those before it, above the stretch at the bottom; its
        form fits a narrow page as this page's own (fit_narrow)."""
        if isinstance(section.layout(), QFormLayout):
            fit_narrow(section.layout())
        self.content_layout.insertWidget(max(0, self.content_layout.count() - 1), section)


def fit_narrow(form: QFormLayout) -> None:
    """A field that does not fit beside its label goes under it. Side by side, the widest label
    (另外每周一份，保留最近：, 县级汇总单位：) plus the longest unbreakable piece of a path (the database,
    the backup folder) made 设置 in 长者模式 wider than a 760-pixel window: it scrolled sideways, and
    the 显示 hint ran off its right edge."""
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)


def when_built(window: Any, add: Callable[[SettingsView], None]) -> None:
    """Call `add(page)` with `window`'s 设置 page once: now if it is built, else when it is (pages are built when
    first shown)."""
    added: list[SettingsView] = []

    def offer(page: QWidget) -> None:
        if isinstance(page, SettingsView) and not added:
            added.append(page)
            add(page)

    window.stack.widgetAdded.connect(lambda index: offer(window.stack.widget(index)))
    for index in range(window.stack.count()):
        offer(window.stack.widget(index))
