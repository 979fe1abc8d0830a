"""The logged-in user in the main window: who is shown in the status bar, the 账户 menu (切换用户, 退出登录,
修改密码, 账户管理), 编辑 → 查看历史, and every action the role may not take disabled with the reason as tooltip.

An action says which permission it needs with the dynamic property PERMISSION (an action id of
core.permissions), set where it is made (not recognised by its text: a renamed entry lost its role check). Core
checks the same permissions again, so what is disabled here is also refused if reached some other way.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QWidget

from fazhi_desktop.core import accounts, review
from fazhi_desktop.core.accounts import User
from fazhi_desktop.core.permissions import only_for
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt import autosave_offer
from fazhi_desktop.qt.common import shown_name

PERMISSION = "fazhi_permission"
#: 查看历史 at the county: what it holds of a record's history (qt/history_dialog.py says it again above the list)
COUNTY_HISTORY = ("选中记录的修改历史（Ctrl+H）：乡镇随数据包报送的变更日志，谁、何时、做了什么、原因；"
                  "各字段改了什么见乡镇的修改历史")


def bind(store: Store, actor: str | User) -> str:
    """The window's actor: a User is logged in on the store (`store.user`); a plain name (tests, a database
    without accounts) acts without a login, as before accounts existed."""
    if isinstance(actor, User):
        store.user = actor
        return actor.name
    return actor


def install(window) -> None:
    """Add the user label, the 账户 menu and 查看历史 to a MainWindow, then apply the user's permissions."""
    from fazhi_desktop.qt.login import ask_login

    if not hasattr(window, "login"):
        window.login = ask_login  # qt.app.main replaces it with the one it was given
    window.user_label = QLabel()
    window.user_label.setContentsMargins(12, 0, 4, 0)
    window.statusBar().addPermanentWidget(window.user_label)
    bar = window.menuBar()
    help_menu = next((a for a in bar.actions() if a.text().startswith("帮助")), None)
    menu = QMenu("账户(&U)", window)
    bar.insertMenu(help_menu, menu) if help_menu is not None else bar.addMenu(menu)
    window.switch_user_action = _add(window, menu, "切换用户(&S)…", lambda: switch_user(window))
    window.logout_action = _add(window, menu, "退出登录(&L)", lambda: switch_user(window, log_out=True))
    window.password_action = _add(window, menu, "修改密码(&P)…", lambda: change_own_password(window))
    menu.addSeparator()
    window.accounts_action = _add(window, menu, "账户管理(&A)…", lambda: manage_accounts(window))
    window.accounts_action.setProperty(PERMISSION, "accounts.manage")
    edit_menu = next((a.menu() for a in bar.actions() if a.text().startswith("编辑")), None)
    window.history_action = QAction("查看历史(&H)…", window)
    window.history_action.setShortcut(QKeySequence("Ctrl+H"))
    window.history_action.triggered.connect(lambda _=False: show_history(window))
    if edit_menu is not None:  # last of the record actions, before 查找
        separator = next((a for a in edit_menu.actions() if a.isSeparator()), None)
        edit_menu.insertAction(separator, window.history_action)
    for child in bar.findChildren(QMenu):
        child.setToolTipsVisible(True)
    from fazhi_desktop.qt import idle_lock

    idle_lock.install(window)
    refresh(window)


def _add(window, menu: QMenu, text: str, slot) -> QAction:
    action = QAction(text, window)
    action.triggered.connect(lambda _=False: slot())
    menu.addAction(action)
    return action


def refresh(window) -> None:
    """Show who is logged in and enable exactly what their role may do."""
    user = window.store.user
    window.user_label.setText(f"当前用户：{user.label}" if user else f"操作人：{window.actor}（未登录）")
    for action in window.findChildren(QAction):
        needed = action.property(PERMISSION)
        if not needed:
            continue
        name = shown_name(action.text())
        reason = only_for(user, needed, name)  # named as the entry is, not as its permission
        action.setEnabled(reason is None)
        action.setToolTip(reason or name)
        action.setStatusTip(reason or "")
    window.logout_action.setEnabled(user is not None)
    window.password_action.setEnabled(user is not None)
    backup = getattr(window, "backup", None)
    if backup is not None and backup.section is not None:
        backup.section.refresh()  # its buttons follow the user's role too
    if backup is not None and user is not None:
        backup.remind_code()  # a recovery code made while no 所长 or 管理员 was there
    lock = getattr(window, "idle_lock", None)
    if lock is not None:
        lock.refresh()  # nobody logged in locks nothing; 设置 → 自动锁定 follows the role
    window.clock_banner.refresh()  # 电脑时间无误… follows the role
    window.restore_banner.refresh()  # 不再提示 follows the role
    window.welcome_banner.refresh()  # another account's first login, or none
    update_record_actions(window)


def update_record_actions(window) -> None:
    """删除记录, 查看历史 and 复制为新记录 follow the selected record: a locked record (or, for a clerk, a reviewed
    one) cannot be deleted, and the tooltip says so. At the county (read-only) 查看历史 shows what its bundles
    brought of the record's history."""
    record = window.selected_record()
    window.history_action.setEnabled(record is not None)
    window.history_action.setToolTip(COUNTY_HISTORY if window.read_only else "选中记录的修改历史（Ctrl+H）")
    window.copy_action.setEnabled(record is not None and not window.read_only)
    view = window.current_ledger_view()
    if window.read_only or view is None:
        return
    reason = review.change_blocked(window.store, record, delete=True) if record is not None else None
    if record is None and view.selected_count() > 1:  # Delete must not take one of several, or all of them
        reason = "选中了多条记录，一次只能删除一条"
    window.delete_action.setEnabled(reason is None)
    window.delete_action.setToolTip(f"不能删除：{reason}" if reason else "删除选中的记录（Delete）")


class _DeleteRefused(QObject):
    """Delete pressed on a list whose 删除记录 is off (a reviewed record for a clerk, a locked one, several rows): the
    disabled action takes no key, so the key did nothing; the reason its tooltip gives is said in the status bar."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.matches(QKeySequence.StandardKey.Delete) and not self.window.delete_action.isEnabled()):
            self.window.statusBar().showMessage(self.window.delete_action.toolTip(), 10_000)
            return True
        return False


def say_why_not_deleted(window, table: QWidget) -> None:
    """Delete on `table` while 删除记录 is off says why in the status bar (`_DeleteRefused`)."""
    if getattr(window, "delete_refused", None) is None:
        window.delete_refused = _DeleteRefused(window)
    table.installEventFilter(window.delete_refused)


def show_history(window):
    """编辑 → 查看历史: the history of the selected record."""
    from fazhi_desktop.qt.history_dialog import HistoryDialog

    record = window.selected_record()
    if record is None:
        return None
    window.history_dialog = HistoryDialog(window.store, record.id, window)
    window.history_dialog.open()
    return window.history_dialog


def switch_user(window, log_out: bool = False) -> bool:
    """切换用户 (the window stays) or 退出登录 (the window hides until someone logs in; giving up closes it).
    Open editors are closed first, asking about unsaved changes. True when another user is logged in."""
    if not close_editors(window):
        return False
    store, previous = window.store, window.store.user
    accounts.logout(store)
    if log_out:
        window.hide()
    user = window.login(store, window.dialogs, None if log_out else window)
    if user is None:
        if log_out:
            window.close()
        else:
            store.user = previous
        return False
    take_over(window, user)
    if log_out:
        window.show()
    return True


def close_editors(window) -> bool:
    """Close the open editor windows, asking about unsaved changes; False when one stays open (取消)."""
    return all(editor.close() for editor in list(window.editors.values()))


def take_over(window, user: User) -> None:
    """`user` has logged in: the window and its pages act for them, with their role's permissions."""
    window.actor = bind(window.store, user)
    for page in window.pages.values():
        if hasattr(page, "actor"):
            page.actor = window.actor
    refresh(window)
    window.refresh_current()
    autosave_offer.offer(window)  # their own unsaved text a power cut left, not the user's before


def change_own_password(window):
    from fazhi_desktop.qt.accounts_view import PasswordDialog

    if window.store.user is None:
        return None
    window.password_dialog = PasswordDialog(window.store, window.store.user.name, window)
    window.password_dialog.accepted.connect(
        lambda: window.dialogs.info(window, "修改密码", "密码已修改，下次登录请用新密码。"))
    window.password_dialog.open()
    return window.password_dialog


def manage_accounts(window):
    from fazhi_desktop.qt.accounts_view import AccountsDialog

    window.accounts_dialog = AccountsDialog(window.store, window.dialogs, window)
    window.accounts_dialog.open()
    return window.accounts_dialog
