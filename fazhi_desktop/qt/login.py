"""登录 before the main window, and 创建管理员账户 for a database that has no account yet.

`ask_login(store, dialogs, parent)` is the default `login` of `qt.app.main`: tests pass their own. Whatever core
refuses (wrong password, locked, deactivated) is shown in red under the fields; the password field is cleared.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core import accounts
from fazhi_desktop.core.accounts import User
from fazhi_desktop.core.errors import FazhiError, ValidationError
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.hints import hint_label

ERROR_STYLE = "color: #b3261e;"


def _error_label() -> QLabel:
    label = QLabel(wordWrap=True)
    label.setStyleSheet(ERROR_STYLE)
    return label


def _password_edit(name: str) -> QLineEdit:
    edit = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


class LoginDialog(QDialog):
    """用户名 (the active accounts offered, any name may be typed) and 密码. `user` holds who logged in."""

    def __init__(self, store: Store, parent: QWidget | None = None, title: str = "登录"):
        super().__init__(parent)
        self.store = store
        self.user: User | None = None
        office = store.setting("office_name") or "法治台账"
        self.setWindowTitle(f"法治台账 — {title}")
        self.name = QComboBox(editable=True)
        self.name.setAccessibleName("用户名")
        for user in accounts.list_accounts(store, include_inactive=False):
            self.name.addItem(user.name)
        self.name.setCurrentIndex(-1)
        self.name.setEditText("")
        self.password = _password_edit("密码")
        self.message = _error_label()
        form = QFormLayout()
        form.addRow("用户名：", self.name)
        form.addRow("密码：", self.password)
        buttons = QDialogButtonBox()
        self.login_button = buttons.addButton("登录", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("退出" if parent is None else "取消",
                                               QDialogButtonBox.ButtonRole.RejectRole)
        self.login_button.setDefault(True)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        heading = QLabel(f"<b>{office}</b>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        column.addWidget(heading)
        column.addLayout(form)
        column.addWidget(self.message)
        column.addWidget(hint_label("忘记密码或账户被锁定时，请管理员重设密码或解锁。"))
        if store.setting("demo") == "1":
            column.addWidget(hint_label(f"演示数据库：可用 杨芳（所长）、马丽（录入员）或 admin（管理员）登录，"
                                        f"密码均为 {accounts.DEMO_PASSWORD}"))
        column.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("汉") * 26)
        (self.password if self.name.count() == 1 else self.name).setFocus()
        if self.name.count() == 1:
            self.name.setCurrentIndex(0)

    def try_login(self) -> bool:
        """Check name and password with core; on success the dialog closes with `user` set."""
        name = self.name.currentText().strip()
        if not name:
            self.message.setText("请输入用户名")
            self.name.setFocus()
            return False
        try:
            self.user = accounts.login(self.store, name, self.password.text())
        except FazhiError as exc:
            self.message.setText(str(exc))
            self.password.clear()
            self.password.setFocus()
            return False
        self.accept()
        return True


class FirstAdminDialog(QDialog):
    """A database without accounts (set up before accounts existed): create the 管理员 account, then log in."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.user: User | None = None
        self.setWindowTitle("法治台账 — 创建管理员账户")
        self.name = QLineEdit(store.setting("operator") or "")
        self.name.setAccessibleName("用户名")
        self.password = _password_edit("密码")
        self.again = _password_edit("再次输入密码")
        self.message = _error_label()
        form = QFormLayout()
        form.addRow("用户名：", self.name)
        form.addRow("密码：", self.password)
        form.addRow("再次输入：", self.again)
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton("创建并登录", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_create)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(hint_label(
            "这个数据库还没有账户。请为自己创建管理员账户：以后打开程序时需用它登录，"
            "记录的修改都记在登录的用户名下。管理员可再为所长和录入员创建账户。"))
        column.addLayout(form)
        column.addWidget(self.message)
        column.addWidget(hint_label(f"密码至少 {accounts.MIN_PASSWORD} 个字符。"))
        column.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("汉") * 28)

    def try_create(self) -> bool:
        if self.password.text() != self.again.text():
            self.message.setText("两次输入的密码不一致")
            return False
        name = self.name.text().strip()
        try:
            accounts.add_account(self.store, name, name, "admin", self.password.text())
            self.user = accounts.login(self.store, name, self.password.text())
        except ValidationError as exc:
            self.message.setText("；".join(str(p) for p in exc.problems))
            return False
        except FazhiError as exc:
            self.message.setText(str(exc))
            return False
        self.accept()
        return True


def ask_login(store: Store, dialogs, parent: QWidget | None = None) -> User | None:
    """The logged-in user (bound to the store), or None when the user gives up (退出)."""
    dialog = FirstAdminDialog(store, parent) if not accounts.has_accounts(store) else LoginDialog(store, parent)
    dialog.exec()
    notice = accounts.recovery_notice(dialog.user) if dialog.user is not None else None
    if notice:
        dialogs.warn(parent, "密码曾用备份恢复码重设", notice)
    return dialog.user
