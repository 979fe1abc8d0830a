"""A restore brings back the data as it was at the backup, never the logs of what people did: every reveal of a
full ID number and every account event since the backup stays, and the restore itself is in the account log."""

from __future__ import annotations

import sqlite3

import pytest

from fazhi_desktop.core import accounts, reveals
from fazhi_desktop.core.backup import create_backup, restore
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.store import Store

STAFF_PASSWORD = "mima-2026"  # the `staff` fixture's accounts (tests/conftest.py)


@pytest.fixture
def case(store, staff, valid_record):
    store.user = staff["head"]
    party = {"role": "申请人", "party_type": "自然人", "name": "马某", "id_number": "640522196103231939"}
    return store.save("mediation_case", valid_record("mediation_case", parties=[party]), "杨芳")


def logs(store: Store) -> tuple[list[tuple], list[tuple]]:
    """(the reveal log as the 管理员 reads it, the account log), oldest first."""
    shown = [(e["at"], e["actor"], e["number"], e["how"]) for e in reveals.reveal_log(store)]
    events = [(e["at"], e["account"], e["event"], e["actor"]) for e in accounts.account_log(store)]
    return shown[::-1], events[::-1]


def test_a_restore_keeps_the_reveals_and_account_events_since_the_backup_and_logs_itself(store, staff, case,
                                                                                          beijing_time, tmp_path,
                                                                                          clock):
    reveals.note_reveals(store, [case], "打印预览调解协议书")
    backup = create_backup(store.path, tmp_path / "usb", clock=clock).path
    clock.advance(hours=2)
    reveals.note_reveals(store, [case], "导出PDF调解协议书")
    reveals.withdraw(store, reveals.note_entries(store, reveals.entries(store, [case]), "导出PDF记录"))  # not given
    reveals.note_reveals(store, [case], "fazhi list --reveal")
    accounts.login(store, "马丽", STAFF_PASSWORD)
    store.user = staff["admin"]
    shown, events = logs(store)
    assert len(shown) == 3  # as `fazhi accounts log --reveals` lists them
    store.close()
    clock.advance(hours=1)
    result = restore(store.path, backup, "admin", clock=clock)
    restored = Store.open(store.path)
    try:
        restored.user = staff["admin"]
        after_shown, after_events = logs(restored)
        assert after_shown == shown
        assert after_events[:-1] == events
        assert after_events[-1][1:] == ("admin", f"从备份恢复（备份于 2026-06-01 16:00，文件 {backup.name}）", "admin")
        assert check_database(restored).ok  # the reveal log's chain holds
    finally:
        restored.close()
    assert "完整证件号查看日志 4 条，账户日志 1 条" in "\n".join(result.lines())  # two reveals, a withdrawal
    restore(store.path, backup, "admin", clock=clock)  # the same backup again: nothing twice
    restored = Store.open(store.path)
    try:
        restored.user = staff["admin"]
        assert logs(restored)[0] == shown
        assert [e[2] for e in logs(restored)[1]].count(after_events[-1][2]) == 2
    finally:
        restored.close()


def test_logs_are_not_carried_from_another_offices_database_and_the_result_says_so(store, staff, case, tmp_path):
    reveals.note_reveals(store, [case], "打印预览调解协议书")
    backup = create_backup(store.path, tmp_path / "usb").path
    store.close()
    conn = sqlite3.connect(store.path)
    with conn:
        conn.execute("UPDATE settings SET value = '640522101' WHERE key = 'township'")
    conn.close()
    result = restore(store.path, backup, "admin", force=True)
    assert "当前数据库属于另一个单位" in "\n".join(result.lines())
