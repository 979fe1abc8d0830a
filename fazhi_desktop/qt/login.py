"""登录 before the main window, and 创建管理员账户 for a database that has no account yet.

`ask_login(store, dialogs, parent)` is the default `login` of `qt.app.main`: tests pass their own. Whatever core
refuses (wrong password, locked, deactivated) is shown in red under the fields; the password field is cleared.
"""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core import accounts
from fazhi_desktop.core.accounts import User
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.places import ACCOUNTS
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.common import em
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


def _form(*rows: tuple[str, QWidget]) -> QFormLayout:
    form = QFormLayout()
    for label, field in rows:
        form.addRow(label, field)
    return form


def _buttons(dialog: QDialog, accept: str, reject: str, on_accept) -> tuple[QDialogButtonBox, QPushButton]:
    """The dialog's buttons: `accept` runs `on_accept` (which closes the dialog when it succeeds), `reject` closes."""
    buttons = QDialogButtonBox()
    button = buttons.addButton(accept, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(reject, QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, button


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
        heading = QLabel(f"<b>{html.escape(office)}</b>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        column.addWidget(heading)
        column.addLayout(form)
        column.addWidget(self.message)
        column.addWidget(hint_label("忘记密码或账户被锁定时，请管理员重设密码或解锁。"))
        # the way back when the 管理员 himself forgot his password (`fazhi accounts recover`)
        self.recover_button = QPushButton(RECOVER_TITLE + "…", flat=True)
        self.recover_button.setAutoDefault(False)
        self.recover_button.clicked.connect(self.open_recovery)
        self.recovery: RecoverAdminDialog | None = None
        self.new_password: NewPasswordDialog | None = None  # at a login with a temporary password
        column.addWidget(self.recover_button, alignment=Qt.AlignmentFlag.AlignLeft)
        if store.setting("demo") == "1":
            column.addWidget(hint_label(f"演示数据库：可用 杨芳（所长）、马丽（录入员）或 admin（管理员）登录，"
                                        f"密码均为 {accounts.DEMO_PASSWORD}"
                                        + ("；县级数据包密钥口令也是它" if store.is_county else "")))
        column.addWidget(buttons)
        self.setMinimumWidth(em(self, 26))
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
        if self.user.temporary_password:  # a 管理员 set it: the person's own one first
            self.new_password = NewPasswordDialog(self.store, self.user, self.password.text(), self)
            self.new_password.accepted.connect(self._password_changed)
            self.new_password.rejected.connect(self._password_kept)
            self.new_password.open()
            return False
        self.accept()
        return True

    def _password_changed(self) -> None:
        assert self.user is not None
        self.user = replace(self.user, temporary_password=False)
        self.accept()

    def _password_kept(self) -> None:
        """设置新密码 cancelled: nobody is logged in; the login dialog stays, saying why."""
        accounts.logout(self.store)
        self.user = None
        self.message.setText(f"{accounts.TEMPORARY}，改好后才能使用。")
        self.password.clear()
        self.password.setFocus()

    def open_recovery(self) -> None:
        """管理员忘记密码（用备份恢复码）…: the recovery dialog over this one; once done, the name is filled in and the
        new password is asked for here."""
        self.recovery = RecoverAdminDialog(self.store, self.name.currentText().strip(), self)
        self.recovery.accepted.connect(self._recovered)
        self.recovery.open()

    def _recovered(self) -> None:
        assert self.recovery is not None
        self.name.setEditText(self.recovery.name.text().strip())
        self.message.setStyleSheet("")
        self.message.setText(self.recovery.said)
        self.password.clear()
        self.password.setFocus()


class NewPasswordDialog(QDialog):
    """设置新密码 at a login with a temporary password (one a 管理员 set: a new account, a reset): the new one twice,
    the temporary one already typed at the login standing for the old (accounts.change_password)."""

    def __init__(self, store: Store, user: User, temporary: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.user, self.temporary = store, user, temporary
        self.setWindowTitle("法治台账 — 设置新密码")
        self.password = _password_edit("新密码")
        self.again = _password_edit("再次输入新密码")
        self.message = _error_label()
        buttons, self.ok_button = _buttons(self, "确定", "取消", self.try_change)
        column = QVBoxLayout(self)
        column.addWidget(hint_label(f"{user.label}：{accounts.TEMPORARY}（至少 {accounts.MIN_PASSWORD} 个字符，"
                                    "不能与用户名或临时密码相同）。以后用新密码登录；忘记时请管理员重设。"))
        column.addLayout(_form(("新密码：", self.password), ("再次输入：", self.again)))
        column.addWidget(self.message)
        column.addWidget(buttons)
        self.setMinimumWidth(em(self, 30))
        self.password.setFocus()

    def try_change(self) -> bool:
        if self.password.text() != self.again.text():
            self.message.setText("两次输入的新密码不一致")
            return False
        try:
            accounts.change_password(self.store, self.user.name, self.password.text(), old_password=self.temporary)
        except FazhiError as exc:
            self.message.setText(str(exc))  # a ValidationError: its problems, each naming its field
            return False
        self.accept()
        return True


RECOVER_TITLE = "管理员忘记密码（用备份恢复码）"


class RecoverAdminDialog(QDialog):
    """A 管理员 who forgot his own password sets a new one with the backup recovery code: `accounts.recover_admin`,
    the rules of `fazhi accounts recover` (refused while another 管理员 can log in)."""

    def __init__(self, store: Store, name: str = "", parent: QWidget | None = None):
        from fazhi_desktop.core.backup.sealing import CODE_EXAMPLE, CODE_IS  # the backup package loads when used

        super().__init__(parent)
        self.store = store
        self.said = ""  # what was done, said in the login dialog
        self.setWindowTitle(f"法治台账 — {RECOVER_TITLE}")
        self.name = QLineEdit(name)
        self.name.setAccessibleName("管理员用户名")
        self.code = QLineEdit()
        self.code.setAccessibleName("备份恢复码")
        self.code.setPlaceholderText(CODE_EXAMPLE)
        self.password = _password_edit("新密码")
        self.again = _password_edit("再次输入新密码")
        self.message = _error_label()
        form = _form(("管理员用户名：", self.name), ("备份恢复码：", self.code), ("新密码：", self.password),
                     ("再次输入：", self.again))
        buttons, self.reset_button = _buttons(self, "重设密码", "取消", self.try_recover)
        column = QVBoxLayout(self)
        column.addWidget(hint_label(
            "没有管理员能登录时（管理员忘记了密码，或账户被锁定），用备份恢复码为管理员设置新密码并解锁。"
            f"恢复码是{CODE_IS}，一般由所长保管。还有别的管理员能登录时，"
            f"请由其在“{ACCOUNTS}”中重设密码。"))
        column.addLayout(form)
        column.addWidget(self.message)
        column.addWidget(hint_label(f"新密码至少 {accounts.MIN_PASSWORD} 个字符。"))
        column.addWidget(buttons)
        self.setMinimumWidth(em(self, 30))
        (self.code if name else self.name).setFocus()

    def try_recover(self) -> bool:
        name = self.name.text().strip()
        if not name:
            self.message.setText("请输入管理员的用户名")
            return False
        if self.password.text() != self.again.text():
            self.message.setText("两次输入的新密码不一致")
            return False
        try:
            revived = accounts.recover_admin(self.store, name, self.code.text(), self.password.text())
        except FazhiError as exc:
            self.message.setText(str(exc))  # a ValidationError: its problems, each naming its field
            return False
        again = "，没有在用的管理员，已再启用" if revived else ""
        self.said = f"已用备份恢复码重设 {name} 的密码（账户已解锁{again}）：请用新密码登录。"
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
        form = _form(("用户名：", self.name), ("密码：", self.password), ("再次输入：", self.again))
        buttons, self.create_button = _buttons(self, "创建并登录", "退出", self.try_create)
        column = QVBoxLayout(self)
        column.addWidget(hint_label(
            "这个数据库还没有账户。请为自己创建管理员账户：以后打开程序时需用它登录，"
            "记录的修改都记在登录的用户名下。管理员可再为所长和录入员创建账户。"))
        column.addLayout(form)
        column.addWidget(self.message)
        column.addWidget(hint_label(f"密码至少 {accounts.MIN_PASSWORD} 个字符。"))
        column.addWidget(buttons)
        self.setMinimumWidth(em(self, 28))

    def try_create(self) -> bool:
        if self.password.text() != self.again.text():
            self.message.setText("两次输入的密码不一致")
            return False
        name = self.name.text().strip()
        try:
            accounts.add_account(self.store, name, name, "admin", self.password.text())
            self.user = accounts.login(self.store, name, self.password.text())
        except FazhiError as exc:
            self.message.setText(str(exc))  # a ValidationError: its problems, each naming its field
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
