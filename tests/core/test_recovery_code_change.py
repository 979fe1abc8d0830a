"""更换恢复码: the 所长 who held the backup recovery code leaves. Before, the code was made once and could not be
changed: it opened every future backup on any PC, and reset the 管理员's password. Now a new code seals the backups
made after; old backups still need the old code elsewhere and restore on this PC without one; restoring an old
backup does not bring the old code back."""

from __future__ import annotations

import pytest

from fazhi_desktop.core import accounts
from fazhi_desktop.core.backup import (
    WrongRecoveryCode,
    create_backup,
    load_key,
    mark_code_shown,
    prepare_restore,
    restore,
    sealing,
)
from fazhi_desktop.core.backup.code_change import CODE_CHANGED, change_recovery_code
from fazhi_desktop.core.backup.restoring import KEPT_KEY
from fazhi_desktop.core.errors import LoginFailed, PermissionDenied
from fazhi_desktop.core.store import Store

STAFF_PASSWORD = "mima-2026"  # tests/conftest.py
MAKE_KEY = sealing.new_key  # the real one (tests get one key a session: conftest)


@pytest.fixture(scope="module")
def two_keys():
    """Two backup keys and codes, made once (scrypt)."""
    return [MAKE_KEY(), MAKE_KEY()]


@pytest.fixture(autouse=True)
def first_then_second(monkeypatch, two_keys):
    monkeypatch.setattr(sealing, "new_key", iter(two_keys).__next__)


@pytest.fixture
def handed_over(store, staff, valid_record, clock, tmp_path):
    """A backup with the leaving 所长's code, the code changed by the 管理员, a backup after. Returns (the backup
    before, its code, the backup after, the new code); the store is closed."""
    accounts.login(store, "admin", STAFF_PASSWORD)
    store.save("meeting", valid_record("meeting"), "admin")
    before = create_backup(store.path, tmp_path / "usb", clock=clock).path
    old = load_key(store.path).code
    mark_code_shown(store.path)
    new = change_recovery_code(store)
    assert new.code != old and not new.shown  # to be shown once, as the first one
    clock.advance(days=1)
    after = create_backup(store.path, tmp_path / "usb", clock=clock)
    assert after.new_recovery_code == new.code  # offered until it is seen, as the first code is
    store.close()
    return before, old, after.path, new.code


def test_the_old_code_opens_only_the_backups_made_before_the_change(handed_over, tmp_path):
    before, old, after, new = handed_over
    elsewhere = tmp_path / "other-pc" / "fazhi.db"
    with pytest.raises(WrongRecoveryCode):
        prepare_restore(elsewhere, after, recovery_code=old).discard()
    prepare_restore(elsewhere, after, recovery_code=new).discard()
    prepare_restore(elsewhere, before, recovery_code=old).discard()  # old backups: the old code, as the box says


def test_on_this_pc_old_backups_still_restore_without_a_code_and_the_new_code_stays(handed_over, store, clock,
                                                                                    tmp_path):
    before, old, _, new = handed_over
    said = restore(store.path, before, "admin", clock=clock).lines()
    assert KEPT_KEY in said
    assert load_key(store.path).code == new  # the backup's key file (the old code) did not come back
    clock.advance(days=1)
    later = create_backup(store.path, tmp_path / "usb2", clock=clock).path
    with pytest.raises(WrongRecoveryCode):
        prepare_restore(tmp_path / "other-pc" / "fazhi.db", later, recovery_code=old).discard()


def test_the_old_code_no_longer_resets_a_password_and_the_change_is_logged_without_it(handed_over, store):
    _, old, _, new = handed_over
    again = Store.open(store.path)
    try:
        with pytest.raises(LoginFailed, match="备份恢复码不对"):
            accounts.recover_admin(again, "admin", old, "xin-mima-2026")
        log = accounts.account_log(again, "admin")
        assert any(row["event"] == CODE_CHANGED and row["actor"] == "admin" for row in log)
        assert not any(code in str(row) for row in log for code in (old, new))
    finally:
        again.close()


def test_a_clerk_cannot_change_the_code_and_there_is_none_before_the_first_backup(store, staff):
    accounts.login(store, "马丽", STAFF_PASSWORD)
    with pytest.raises(PermissionDenied):
        change_recovery_code(store)
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    with pytest.raises(Exception, match="第一次备份时生成"):
        change_recovery_code(store)
