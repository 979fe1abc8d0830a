"""自动锁定 without Qt: the office-wide minutes (管理员 only, within bounds), the password that lifts the lock (counted
as a login's), and the account-log entries, which name the account and nothing else."""

from __future__ import annotations

import pytest

from fazhi_desktop.core import accounts, idle_lock
from fazhi_desktop.core.errors import LoginFailed, PermissionDenied, ValidationError

PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)


def events(store, name="马丽") -> list[str]:
    return [row["event"] for row in accounts.account_log(store, name)]


def test_an_office_locks_after_fifteen_minutes_until_its_administrator_says_otherwise(store, staff):
    assert idle_lock.minutes(store) == idle_lock.DEFAULT_MINUTES == 15
    store.user = staff["admin"]
    idle_lock.set_minutes(store, 30)
    assert idle_lock.minutes(store) == 30
    assert events(store, "admin")[0] == "设置自动锁定：闲置 30 分钟后锁定"
    idle_lock.set_minutes(store, 0)
    assert idle_lock.minutes(store) == 0 and not idle_lock.applies(store)


def test_only_the_administrator_sets_the_minutes_and_only_within_bounds(store, staff):
    store.user = staff["head"]
    with pytest.raises(PermissionDenied, match="所长无权修改单位设置"):
        idle_lock.set_minutes(store, 60)
    store.user = staff["admin"]
    for wrong in (-1, idle_lock.MAX_MINUTES + 1):
        with pytest.raises(ValidationError, match="自动锁定：应为 1 至 120 分钟，或 0（不锁定）"):
            idle_lock.set_minutes(store, wrong)
    store.set_settings(**{idle_lock.SETTING: "永不"})  # written by hand with DB Browser
    assert idle_lock.minutes(store) == 15


def test_an_administrator_made_head_while_the_setting_waits_sets_nothing(store, staff, changed_meanwhile):
    store.user = staff["admin"]
    with changed_meanwhile("admin", role="head"), pytest.raises(PermissionDenied, match="所长无权修改单位设置"):
        idle_lock.set_minutes(store, 60)
    assert idle_lock.minutes(store) == 15 and events(store, "admin") == ["创建（管理员）"]


def test_nothing_locks_without_someone_logged_in(store, staff):
    assert not idle_lock.applies(store)  # a database without accounts has nobody logged in either
    store.user = staff["clerk"]
    assert idle_lock.applies(store)


def test_a_wrong_password_counts_towards_the_lock_out_and_the_right_one_unlocks(store, staff):
    store.user = staff["clerk"]
    idle_lock.note_locked(store, 15)
    with pytest.raises(LoginFailed, match="密码不正确。再输错 4 次"):
        idle_lock.unlock(store, "wrong-password")
    assert idle_lock.unlock(store, PASSWORD).name == "马丽"
    assert events(store)[:3] == ["解除闲置锁定", "解除闲置锁定时密码错误", "闲置锁定（15 分钟无操作）"]
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(LoginFailed):
            idle_lock.unlock(store, "wrong-password")
    with pytest.raises(LoginFailed, match="账户已锁定"):
        idle_lock.unlock(store, PASSWORD)
    with pytest.raises(LoginFailed, match="账户已锁定"):  # the same lock-out as the login's
        accounts.login(store, "马丽", PASSWORD)
    logged = store.conn.execute("SELECT at, account, event, actor FROM account_log").fetchall()
    assert not any(PASSWORD in str(row) or "wrong-password" in str(row) for row in logged)
