"""Two 管理员 managing accounts at the same moment, each in a window of their own (two connections to one database
file): the last-管理员 rule and the right to manage are asked inside the write, under SQLite's write lock, so the
second waits for the first and is then refused; the office is never left without a 管理员 in use."""

from __future__ import annotations

import threading

import pytest
from test_account_role import STAFF_PASSWORD, logged_in

from fazhi_desktop.core import accounts
from fazhi_desktop.core.errors import AccountStopped, LoginFailed, PermissionDenied


def stop(name):
    return lambda window: accounts.set_active(window, name, False)


def make(name, role):
    return lambda window: accounts.change_account(window, name, role=role)


def at_the_same_moment(store, first, second) -> Exception | None:
    """admin does `first` in one window while 杨芳 (管理员) does `second` in another, on another thread: hers starts
    when admin's has asked its questions and is about to write. Returns what refused hers (None: it went through)."""
    store.user = accounts.get_account(store, "admin")
    accounts.change_account(store, "杨芳", role="管理员")
    admin = logged_in(store, "admin")
    ready, go, writing, outcome = threading.Event(), threading.Event(), threading.Event(), {}

    def her_window() -> None:
        window = logged_in(store, "杨芳")  # a connection stays on the thread that opened it
        window.conn.set_trace_callback(lambda sql: sql.startswith("BEGIN") and writing.set())
        ready.set()
        go.wait(10)
        try:
            second(window)
            outcome["refused"] = None
        except Exception as exc:  # what refused her is the answer
            outcome["refused"] = exc
        finally:
            writing.set()
            window.close()

    real_update = accounts._update

    def update_while_she_acts(window, *args, **kwargs):
        if window is admin and not go.is_set():  # admin's questions are asked; hers begin now
            go.set()
            writing.wait(10)  # she reached her write (or ended): admin writes on
        return real_update(window, *args, **kwargs)

    thread = threading.Thread(target=her_window)
    thread.start()
    ready.wait(10)
    accounts._update = update_while_she_acts
    try:
        first(admin)
    finally:
        accounts._update = real_update
        go.set()
        thread.join(10)
        admin.close()
    return outcome["refused"]


def administrators_in_use(store) -> list[str]:
    return [u.name for u in accounts.list_accounts(store) if u.role == "admin" and u.active]


def test_two_administrators_stopping_each_other_at_once_leave_one_in_use(store, staff):
    refused = at_the_same_moment(store, stop("杨芳"), stop("admin"))
    assert isinstance(refused, AccountStopped) and "账户 杨芳 已被管理员停用" in str(refused)
    assert administrators_in_use(store) == ["admin"]


def test_an_administrator_demoted_while_stopping_the_other_leaves_one_in_use(store, staff):
    refused = at_the_same_moment(store, make("杨芳", "所长"), stop("admin"))
    assert isinstance(refused, PermissionDenied) and "所长无权管理账户" in str(refused)
    assert administrators_in_use(store) == ["admin"]


def test_an_administrator_stopped_at_that_moment_makes_nobody_administrator(store, staff):
    refused = at_the_same_moment(store, stop("杨芳"), make("马丽", "管理员"))
    assert isinstance(refused, AccountStopped)
    assert accounts.get_account(store, "马丽").role == "clerk" and administrators_in_use(store) == ["admin"]


def test_an_administrator_stopped_at_that_moment_creates_no_administrator(store, staff):
    refused = at_the_same_moment(store, stop("杨芳"),
                                 lambda window: accounts.add_account(window, "xinguan", None, "管理员", "Mima-2026-xx"))
    assert isinstance(refused, AccountStopped)
    assert [u.name for u in accounts.list_accounts(store)] == ["admin", "杨芳", "马丽"]


def test_an_administrator_stopped_at_that_moment_resets_no_password(store, staff):
    refused = at_the_same_moment(store, stop("杨芳"), lambda window: accounts.change_password(window, "admin",
                                                                                              "Mima-2026-yy"))
    assert isinstance(refused, AccountStopped)
    assert accounts.authenticate(store, "admin", STAFF_PASSWORD).name == "admin"


def test_an_administrator_stopped_at_that_moment_unlocks_nobody(store, staff):
    refused = at_the_same_moment(store, stop("杨芳"), lambda window: accounts.unlock(window, "马丽"))
    assert isinstance(refused, AccountStopped)
    assert "解锁" not in [e["event"] for e in accounts.account_log(store, "马丽")]


def test_a_wrong_old_password_is_counted_though_the_change_is_refused(store, staff):
    clerk = logged_in(store, "马丽")
    with pytest.raises(LoginFailed, match="原密码不正确。再输错 4 次"):
        accounts.change_password(clerk, "马丽", "Mima-2026-zz", old_password="wrong-one")
    clerk.close()
    assert accounts.account_log(store, "马丽")[0]["event"] == accounts.LOGIN_FAILED
