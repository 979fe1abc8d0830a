"""账户管理 (管理员: add, change role or 姓名, reset password, deactivate or reactivate, unlock) and 修改密码 (anyone,
their own).

Every change goes through core.accounts, which checks the logged-in user's role again.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core import accounts, handover, reveals
from fazhi_desktop.core.clock import local_time
from fazhi_desktop.core.errors import FazhiError, FieldProblem, ValidationError
from fazhi_desktop.core.permissions import ADMIN, ROLE_LABELS, why_not_logged_in
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.common import em, fit_to_screen, push_button, read_only_table
from fazhi_desktop.qt.hints import hint_label

ERROR_STYLE = "color: #b3261e;"
PASSWORD_HINT = f"密码至少 {accounts.MIN_PASSWORD} 个字符，不能与用户名相同。"
CHANGE_HINT = ("用户名不能修改：修改历史、文书和日志都按用户名记下谁做了什么。姓名用于更正本人的姓名，"
               "换了人请添加新账户。新角色立即生效，此人已打开的程序最迟一分钟内随之改变。")
COLUMNS = ("用户名", "姓名", "角色", "状态", "上次登录")


def _message(exc: FazhiError) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(str(p) for p in exc.problems)
    return str(exc)


class _FormDialog(QDialog):
    """A small form with a red message line; `submit()` runs `action` and closes unless core refuses."""
    manual_part = "八、账户与密码"  # F1 here opens the manual there (qt/manual_view.py)

    def __init__(self, title: str, parent: QWidget | None = None, hint: str = PASSWORD_HINT):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet(ERROR_STYLE)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("确定", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(self.form)
        column.addWidget(self.message)
        column.addWidget(hint_label(hint))
        column.addWidget(buttons)
        self.setMinimumWidth(em(self, 26))

    def password_field(self, label: str) -> QLineEdit:
        edit = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        edit.setAccessibleName(label)
        self.form.addRow(f"{label}：", edit)
        return edit

    def run(self) -> None:
        raise NotImplementedError

    def submit(self) -> bool:
        try:
            self.run()
        except FazhiError as exc:
            self.message.setText(_message(exc))
            return False
        self.accept()
        return True


class PasswordDialog(_FormDialog):
    """修改密码 for oneself (with the old password) or, for a 管理员, 重设密码 of another account."""

    def __init__(self, store: Store, name: str, parent: QWidget | None = None):
        own = store.user is not None and store.user.name == name
        super().__init__("修改密码" if own else f"重设密码 — {name}", parent)
        self.store, self.name = store, name
        self.old = self.password_field("原密码") if own else None
        self.new = self.password_field("新密码")
        self.again = self.password_field("再次输入")

    def run(self) -> None:
        if self.new.text() != self.again.text():
            raise ValidationError([FieldProblem("password", "新密码", "两次输入的密码不一致")])
        accounts.change_password(self.store, self.name, self.new.text(),
                                 old_password=self.old.text() if self.old is not None else None)


class AddAccountDialog(_FormDialog):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__("添加账户", parent)
        self.store = store
        self.name = QLineEdit(placeholderText="登录时输入，如：马丽")
        self.name.setAccessibleName("用户名")
        self.display_name = QLineEdit(placeholderText="默认同用户名")
        self.display_name.setAccessibleName("姓名")
        self.role = QComboBox()
        for role, label in ROLE_LABELS.items():
            self.role.addItem(label, role)
        self.form.addRow("用户名：", self.name)
        self.form.addRow("姓名：", self.display_name)
        self.form.addRow("角色：", self.role)
        self.password = self.password_field("密码")
        self.again = self.password_field("再次输入")

    def run(self) -> None:
        if self.password.text() != self.again.text():
            raise ValidationError([FieldProblem("password", "密码", "两次输入的密码不一致")])
        accounts.add_account(self.store, self.name.text(), self.display_name.text() or None,
                             self.role.currentData(), self.password.text())


class ChangeAccountDialog(_FormDialog):
    """修改… an account's 姓名 and role (its user name stays); a 管理员 giving up that role is asked first."""

    def __init__(self, store: Store, user: accounts.User, dialogs, parent: QWidget | None = None):
        super().__init__(f"修改账户 — {user.name}", parent, hint=CHANGE_HINT)
        self.store, self.user, self.dialogs = store, user, dialogs
        self.display_name = QLineEdit(user.display_name)
        self.display_name.setAccessibleName("姓名")
        self.role = QComboBox()
        self.role.setAccessibleName("角色")
        for role, label in ROLE_LABELS.items():
            self.role.addItem(label, role)
        self.role.setCurrentIndex(self.role.findData(user.role))
        self.form.addRow("用户名：", QLabel(user.name))
        self.form.addRow("姓名：", self.display_name)
        self.form.addRow("角色：", self.role)

    def run(self) -> None:
        role = self.role.currentData()
        own = self.store.user is not None and self.store.user.name == self.user.name
        if own and self.user.role == ADMIN and role != ADMIN and not self.dialogs.confirm(
                self, "修改自己的角色", f"改为{ROLE_LABELS[role]}后，您不能再管理账户、修改设置或恢复备份"
                f"（须由另一位管理员改回）。", yes=f"改为{ROLE_LABELS[role]}", default=False):
            raise ValidationError([FieldProblem("role", "角色", "未修改")])
        accounts.change_account(self.store, self.user.name, role=role, display_name=self.display_name.text())


class AccountsDialog(QDialog):
    """The account list with 添加… / 修改… / 重设密码… / 停用 (启用 for a stopped one) / 解锁 for a 管理员."""
    manual_part = "八、账户与密码"  # F1 here opens the manual there (qt/manual_view.py)

    def __init__(self, store: Store, dialogs, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.dialogs = store, dialogs
        self.setWindowTitle("账户管理")
        self.table = read_only_table(COLUMNS)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button = push_button("添加…")
        self.change_button = push_button("修改…", "修改选中账户的姓名或角色（用户名不能修改）")
        self.password_button = push_button("重设密码…")
        self.deactivate_button = push_button("停用")
        self.unlock_button = push_button("解锁")
        self.log_button = push_button("日志…", "账户的变动、登录失败和锁定；谁在何时显示过哪条记录的完整证件号")
        close = push_button("关闭")
        bar = QHBoxLayout()
        for button in (self.add_button, self.change_button, self.password_button, self.deactivate_button,
                       self.unlock_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.log_button)
        bar.addWidget(close)
        column = QVBoxLayout(self)
        column.addWidget(hint_label("录入员：登记和修改草稿、提交审核。所长：另可审核、锁定、重新打开记录。"
                                    "管理员：另可管理账户、设置和恢复备份。账户只能停用，不能删除（修改历史要用到）；"
                                    "姓名和角色可以修改，用户名不能。"))
        column.addWidget(self.table, 1)
        column.addLayout(bar)
        self.add_button.clicked.connect(self.add_account)
        self.change_button.clicked.connect(self.change_account)
        self.password_button.clicked.connect(self.reset_password)
        self.deactivate_button.clicked.connect(self.deactivate)
        self.unlock_button.clicked.connect(self.unlock)
        self.log_button.clicked.connect(self.show_log)
        close.clicked.connect(self.accept)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        fit_to_screen(self, em(self, 48), self.fontMetrics().height() * 24)
        self.refresh()

    def refresh(self) -> None:
        self.users = accounts.list_accounts(self.store)
        now = self.store.clock()
        self.table.setRowCount(len(self.users))
        for row, user in enumerate(self.users):
            if not user.active:
                state = "已停用"
            elif user.is_locked(now):  # until when: the 管理员 may just tell the clerk to wait
                state = f"已锁定（至 {local_time(user.locked_until or '')[-5:]}）"
            else:
                state = "在用"
            cells = [user.name, user.display_name, user.role_label, state,
                     local_time(user.last_login_at) if user.last_login_at else ""]
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        # "已锁定（至 15:42）": the until-when is what the 管理员 needs; the last column (上次登录) keeps filling the
        # width (resizing it too left the table narrow after the first account was added)
        for column in range(self.table.columnCount() - 1):
            self.table.resizeColumnToContents(column)
        self._update_buttons()

    def selected(self) -> accounts.User | None:
        rows = self.table.selectionModel().selectedRows()
        return self.users[rows[0].row()] if rows else None

    def select(self, name: str) -> None:
        for row, user in enumerate(self.users):
            if user.name == name:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        user = self.selected()
        for button in (self.change_button, self.password_button, self.deactivate_button, self.unlock_button):
            button.setEnabled(user is not None)
        if user is not None:
            self.deactivate_button.setText("停用" if user.active else "启用")  # someone back, or a slip undone
            self.unlock_button.setEnabled(user.is_locked(self.store.clock()))
        refused = why_not_logged_in(self.store.user, "accounts.manage")  # a 管理员 who just gave up the role
        if refused:
            for button in (self.add_button, self.change_button, self.password_button, self.deactivate_button,
                           self.unlock_button, self.log_button):
                button.setEnabled(False)
                button.setToolTip(refused)

    def add_account(self) -> QDialog:
        self.add_dialog = AddAccountDialog(self.store, self)
        self.add_dialog.accepted.connect(self.refresh)
        self.add_dialog.open()
        return self.add_dialog

    def change_account(self) -> QDialog | None:
        user = self.selected()
        if user is None:
            return None
        self.change_dialog = ChangeAccountDialog(self.store, user, self.dialogs, self)
        self.change_dialog.accepted.connect(lambda: self.show_account(user.name))
        self.change_dialog.open()
        return self.change_dialog

    def reset_password(self) -> QDialog | None:
        user = self.selected()
        if user is None:
            return None
        self.password_dialog = PasswordDialog(self.store, user.name, self)
        self.password_dialog.accepted.connect(self.refresh)
        self.password_dialog.open()
        return self.password_dialog

    def deactivate(self) -> None:
        """停用 an active account (asked first), or 启用 a stopped one again."""
        user = self.selected()
        if user is None:
            return
        if not user.active:
            self._do(lambda: accounts.set_active(self.store, user.name, True), "无法启用", user.name)
            return
        left = handover.left_by(self.store, user.name).said()  # what the newcomer takes over, what is lost
        if not self.dialogs.confirm(self, "停用账户", f"停用账户“{user.name}”后，此人不能再登录（可再启用）。"
                                    "修改历史保留。" + (f"\n\n{left}" if left else ""), yes="停用"):
            return
        self._do(lambda: accounts.set_active(self.store, user.name, False), "无法停用", user.name)

    def unlock(self) -> None:
        user = self.selected()
        if user is not None:
            self._do(lambda: accounts.unlock(self.store, user.name), "无法解锁", user.name)

    def show_log(self) -> QDialog:
        self.log_dialog = LogDialog(self.store, self)
        self.log_dialog.open()
        return self.log_dialog

    def _do(self, action, title: str, name: str) -> None:
        try:
            action()
        except FazhiError as exc:
            self.dialogs.error(self, title, _message(exc))
        self.show_account(name)

    def show_account(self, name: str) -> None:
        """The list as it is now, `name` selected (after a change to it)."""
        self.refresh()
        self.select(name)


class LogDialog(QDialog):
    """The two logs a 管理员 answers from: 账户日志 (created, password changed, failed logins, locked, stopped ...) and
    完整证件号查看 (who showed full ID and phone numbers of which record, when and how: core/reveals.py)."""
    manual_part = "八、账户与密码"  # F1 here opens the manual there (qt/manual_view.py)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("日志")
        self.accounts_table = read_only_table(("时间", "账户", "事件", "操作人"))
        self.reveals_table = read_only_table(reveals.LOG_COLUMNS)
        for table, rows in (
            (self.accounts_table, [(local_time(r["at"]), r["account"], r["event"], r["actor"])
                                   for r in accounts.account_log(store)[:reveals.SHOWN]]),
            (self.reveals_table, [(local_time(r["at"]), r["actor"], reveals.record_text(store, r), r["how"],
                                   r["reason"] or "", r["shown"] or "") for r in reveals.reveal_log(store)]),
        ):
            table.setRowCount(len(rows))
            for row, cells in enumerate(rows):
                for col, text in enumerate(cells):
                    table.setItem(row, col, QTableWidgetItem(text))
            table.resizeColumnsToContents()
            table.horizontalHeader().setStretchLastSection(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.accounts_table, "账户日志")
        self.tabs.addTab(self.reveals_table, "完整证件号查看")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(hint_label(f"最近 {reveals.SHOWN} 条，新的在前。完整证件号只有所长和管理员能显示"
                                    "（打印时勾选“显示完整证件号”，或命令 --reveal），每次都记在这里："
                                    "哪一行的哪个号码，为什么（用途，可不填）；号码本身不记。"))
        column.addWidget(self.tabs, 1)
        column.addWidget(buttons)
        fit_to_screen(self, em(self, 56), self.fontMetrics().height() * 28)
