"""A wrong backup recovery code leaves a trace in the account log, as a wrong password at login does (code review B
of the twenty-second session: the login dialog offers 管理员忘记密码 to anyone at the PC, and ten wrong codes left
nothing); the code typed is not written."""
from __future__ import annotations

import pytest

from fazhi_desktop.core import accounts
from fazhi_desktop.core.backup import sealing
from fazhi_desktop.core.errors import LoginFailed

WRONG = "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ"


def test_wrong_recovery_codes_are_in_the_account_log_without_the_code(store, staff):
    sealing.ensure_key(store.path)
    before = store.conn.execute("SELECT max(id) FROM account_log").fetchone()[0]
    for typed in (WRONG, "ABCD-EFGH"):  # well formed, and a typo in its form
        with pytest.raises(LoginFailed):
            accounts.recover_admin(store, "admin", typed, "xin-mima-2026")
    rows = store.conn.execute("SELECT account, event, actor FROM account_log WHERE id > ? ORDER BY id",
                              [before]).fetchall()
    assert rows == [("admin", "恢复码输错", accounts.RECOVERY_ACTOR)] * 2
    assert not any(WRONG in " ".join(map(str, row)) for row in store.conn.execute("SELECT * FROM account_log"))
    # not counted towards the lock-out: the code is the way past it
    assert store.conn.execute("SELECT failed_logins, locked_until FROM accounts WHERE name = 'admin'"
                              ).fetchone() == (0, None)
