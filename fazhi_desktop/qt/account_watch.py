"""An account a 管理员 stops while its owner's windows are open (from another window, `fazhi accounts deactivate`,
another PC on the same file): core refuses its next write and tells the store's hook (Store.check_account); the
account is also asked after every minute, so that looking at records and the actions only the window guards end as
well. Either way the program locks as the idle lock does (qt/idle_lock.py), saying why: the password unlocks once a
管理员 has started the account again, with everything as it was; another user's login gives up what is unsaved.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from fazhi_desktop.core.errors import FazhiError

if TYPE_CHECKING:
    from fazhi_desktop.qt.idle_lock import IdleLock

#: how often the logged-in account is asked whether it is still in use (one read by primary key)
CHECK_MS = 60_000
STOPPED = ("管理员已停用账户 {name}，程序已锁定：停用的账户不能再保存、修改或查看记录。"
           "未保存的修改还在窗口中（已遮住）：管理员重新启用此账户后，输入密码即可继续并保存；"
           "换用户登录则关闭这些窗口，未保存的修改随之放弃。")


def install(window: Any, lock: IdleLock) -> QTimer:
    """Lock `window`'s program when its store finds the logged-in account stopped; ask every CHECK_MS."""
    # deferred: the hook is called in the middle of a write, whose caller then says why it was refused
    window.store.on_account_stopped = lambda: QTimer.singleShot(0, lambda: stopped(window, lock))
    timer = QTimer(lock)
    timer.timeout.connect(lambda: check(window, lock))
    timer.start(CHECK_MS)
    if hasattr(window, "about_to_close"):
        window.about_to_close.connect(timer.stop)
    return timer


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
