"""自动锁定: after some minutes without keyboard or mouse input the desktop program hides what it shows and asks the
logged-in user's password again (GB/T 22239-2019 asks an application to end idle sessions).

This is the part without Qt: the office-wide setting (minutes; 0 = never), what unlocks (the same password check
as the login, so wrong passwords count towards the same lock-out), and the account-log entries, which name the
account and the time only. The watching and the hiding are qt/idle_lock.py.

A database without accounts has no password to ask, so nothing locks there; a demonstration database locks like
any other (its password is on the login box), so that a training shows what the office will see.
"""

from __future__ import annotations

import logging

from fazhi_desktop.core import accounts, failures
from fazhi_desktop.core import db as dbmod
from fazhi_desktop.core.accounts import User
from fazhi_desktop.core.errors import FieldProblem, LoginFailed, ValidationError
from fazhi_desktop.core.places import ACCOUNTS
from fazhi_desktop.core.store import Store

log = logging.getLogger(__name__)

SETTING = "idle_lock_minutes"
DEFAULT_MINUTES = 15
MAX_MINUTES = 120  # two hours: longer leaves the screen open for a whole morning's absence
LOCKED = "闲置锁定"
UNLOCKED = "解除闲置锁定"
WRONG_PASSWORD = "解除闲置锁定时密码错误"
NO_ACCOUNTS = ("这个数据库还没有账户：锁定后要输入登录时的密码才能继续，没有账户就没有密码可问，"
               f"所以不会自动锁定。请先在“{ACCOUNTS}”中创建账户。")


def minutes(store: Store) -> int:
    """The minutes without input after which the program locks (0: never); the default when unset or unreadable."""
    text = store.setting(SETTING)
    try:
        value = int(text) if text is not None else DEFAULT_MINUTES
    except ValueError:
        return DEFAULT_MINUTES
    return value if 0 <= value <= MAX_MINUTES else DEFAULT_MINUTES


def set_minutes(store: Store, value: int) -> None:
    """Set the idle time before locking for the whole office (0: never). 管理员 only; noted in the account log."""
    store.permit("settings.manage")
    if not 0 <= value <= MAX_MINUTES:
        raise ValidationError([FieldProblem(SETTING, "自动锁定", f"应为 1 至 {MAX_MINUTES} 分钟，或 0（不锁定）")])
    if value == minutes(store) and store.setting(SETTING) is not None:
        return
    with dbmod.transaction(store.conn, "保存设置"):  # the setting and its account-log entry, both or neither
        store.permit("settings.manage")  # again under the write lock, deciding
        accounts.note(store, f"设置自动锁定：{describe(value)}")
        store.set_settings(**{SETTING: str(value)})


def describe(value: int) -> str:
    return f"闲置 {value} 分钟后锁定" if value else "不自动锁定"


def applies(store: Store) -> bool:
    """Does this program lock now? Someone logged in (with accounts there is a password to ask) and minutes set."""
    return store.user is not None and minutes(store) > 0


def note_locked(store: Store, idle_minutes: int) -> None:
    """The account log's entry for the lock. A database that cannot be written now (locked by another program, on
    a write-protected stick, a full disk) still locks: the entry is what is given up, never the lock."""
    try:
        accounts.note(store, f"{LOCKED}（{idle_minutes} 分钟无操作）")
    except failures.StorageError:
        log.warning("idle lock not recorded: the database cannot be written now")


def unlock(store: Store, password: str) -> User:
    """Check the logged-in user's password to lift the lock. A wrong one raises LoginFailed and counts towards the
    account's lock-out exactly as at the login (noted as WRONG_PASSWORD); the right one is noted as UNLOCKED."""
    if store.user is None:
        raise LoginFailed("没有登录的用户，请换用户登录")
    return accounts.authenticate(store, store.user.name, password, event=UNLOCKED, failed_event=WRONG_PASSWORD)
