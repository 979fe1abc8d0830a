"""An account a 管理员 stops while its owner's windows are open (from another window, `fazhi accounts deactivate`,
another PC on the same file): core refuses its next write and tells the store's hook (Store.check_account); the
account is also asked after every minute, when the clerk comes back to a window of the program (from another
program, or from an editor to the main window) and when she turns to another page, so that looking at records and
the actions only the window guards end as well (each ask is one read by primary key, about 15 microseconds). Either
way the program locks as the idle lock does (qt/idle_lock.py), saying why: the password unlocks once a 管理员 has
started the account again, with everything as it was; another user's login gives up what is unsaved.

An account whose role a 管理员 changes meanwhile is not locked: the store takes the new role at the same check
(a refused action then names it), and the window enables what it may do now, its open editors' 审核 buttons too,
and says so in the status bar.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtGui import QGuiApplication, QWindow

from fazhi_desktop.core.errors import FazhiError

if TYPE_CHECKING:
    from fazhi_desktop.core.accounts import User
    from fazhi_desktop.qt.idle_lock import IdleLock

#: how often the logged-in account is asked whether it is still in use (one read by primary key)
CHECK_MS = 60_000
STOPPED = ("管理员已停用账户 {name}，程序已锁定：停用的账户不能再保存、修改或查看记录。"
           "未保存的修改还在窗口中（已遮住，也不再自动保存）：管理员重新启用此账户后，输入密码即可继续并保存；"
           "换用户登录则关闭这些窗口，未保存的修改随之放弃。")
#: short: the status bar's permanent counts and user leave it a third of the width
ROLE_CHANGED = "您的角色已由{before}改为{after}"
#: how long the status bar says so
CHANGED_MS = 120_000


class Watch(QObject):
    """Asks for `window`'s account every CHECK_MS and when a window of the program is activated. A child of the
    window's idle lock: Qt lets go of its connection to the application's focusWindowChanged when the window is
    destroyed, also one whose close was refused (an editor kept open) and that went without `about_to_close`."""

    def __init__(self, window: Any, lock: IdleLock):
        super().__init__(lock)
        self.window, self.lock = window, lock
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(CHECK_MS)
        self.watching = QGuiApplication.instance().focusWindowChanged.connect(self.activated)

    @Slot()
    def check(self) -> None:
        check(self.window, self.lock)

    @Slot(QWindow)
    def activated(self, focused: QWindow | None) -> None:
        if focused is not None:  # None: the program lost the focus to another one
            self.check()

    @Slot()
    def stop(self) -> None:
        """The window closes: ask no more (closed twice: a second close() asks nothing more, quietly once)."""
        self.timer.stop()
        QObject.disconnect(self.watching)


def install(window: Any, lock: IdleLock) -> Watch:
    """Lock `window`'s program when its store finds the logged-in account stopped; ask every CHECK_MS, when a
    window of the program is activated and when another page is shown."""
    # deferred: the hook is called in the middle of a write, whose caller then says why it was refused
    window.store.on_account_stopped = lambda: QTimer.singleShot(0, lambda: stopped(window, lock))
    window.store.on_account_changed = lambda before: QTimer.singleShot(0, lambda: changed(window, before))
    watch = Watch(window, lock)
    if getattr(window, "nav", None) is not None:
        window.nav.currentItemChanged.connect(watch.check)
    if hasattr(window, "about_to_close"):
        window.about_to_close.connect(watch.stop)
    return watch


def check(window: Any, lock: IdleLock) -> None:
    """Ask whether the logged-in account is still in use (nobody logged in, or already locked: nothing to ask)."""
    store = window.store
    if lock.locked or store.closed or store.user is None:
        return
    with contextlib.suppress(FazhiError):  # stopped: the hook locks; the database unreadable for now: next time
        store.check_account()


def stopped(window: Any, lock: IdleLock) -> None:
    """The logged-in account was found stopped: every window covered, the box saying why."""
    user = window.store.user
    if lock.stopped or user is None:
        return
    lock.stopped = True
    if lock.locked:  # stopped while idle-locked: the box says so now
        lock.box.why.setText(STOPPED.format(name=user.name))
    else:
        lock.lock()


def changed(window: Any, before: User) -> None:
    """The logged-in account's role or 姓名 was changed by a 管理员: menus, pages and open editors' 审核 buttons
    follow the new role, the status bar names it."""
    from fazhi_desktop.qt import session

    user = window.store.user
    if user is None or user.name != before.name:  # someone else logged in meanwhile
        return
    session.refresh(window)
    for editor in list(window.editors.values()):
        bar = getattr(editor, "review_bar", None)
        if bar is not None:
            bar.refresh()
    if user.role != before.role:
        window.statusBar().showMessage(ROLE_CHANGED.format(before=before.role_label, after=user.role_label),
                                       CHANGED_MS)
