"""A restore brings back the data as it was at the backup, never the logs of what people did: every reveal of a
full ID number and every account event since the backup stays, and the restore itself is in the account log."""

from __future__ import annotations

import sqlite3

import pytest
from damage import garble

from fazhi_desktop.core import accounts, reveals
from fazhi_desktop.core.backup import create_backup, restore
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.errors import LoginFailed
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


def test_a_restore_keeps_the_accounts_as_they_are_now_and_names_what_the_backup_had_otherwise(store, staff, tmp_path):
    """马丽 stopped after the backup, a restore, and `fazhi --user 马丽 list meeting` worked again: the carried log
    said 马丽 停用 while `accounts list` said 在用, and nothing named her."""
    backup = create_backup(store.path, tmp_path / "usb").path
    store.user = staff["admin"]
    accounts.set_active(store, "马丽", False)
    accounts.change_password(store, "杨芳", "xin-mima-2026")  # the old one was seen
    accounts.add_account(store, "王新", None, "管理员", STAFF_PASSWORD)
    store.close()
    lines = "\n".join(restore(store.path, backup, "admin").lines())
    assert ("账户保持恢复前的状态，备份之后的改动没有撤销：杨芳（密码已改）、马丽（已停用）、王新（备份之后新建）"
            in lines)
    restored = _restored(store.path, staff)
    try:
        with pytest.raises(LoginFailed, match="已停用"):
            accounts.login(restored, "马丽", STAFF_PASSWORD)
        with pytest.raises(LoginFailed, match="密码不正确"):
            accounts.login(restored, "杨芳", STAFF_PASSWORD)
        assert accounts.login(restored, "杨芳", "xin-mima-2026").role == "head"
        assert accounts.login(restored, "王新", STAFF_PASSWORD).role == "admin"
    finally:
        restored.close()


def test_a_current_database_that_cannot_be_read_leaves_the_accounts_as_at_the_backup_and_says_so(store, staff,
                                                                                                   tmp_path):
    backup = create_backup(store.path, tmp_path / "usb").path
    store.close()
    store.path.write_bytes(b"not a database" * 1000)  # what a restore is often for
    lines = "\n".join(restore(store.path, backup, "admin").lines())
    assert "账户回到了备份时的状态（此后停用的账户、重设的密码、改过的角色须由管理员重新处理）" in lines


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


def _restored(path, staff) -> Store:
    restored = Store.open(path)
    restored.user = staff["admin"]
    return restored


@pytest.mark.parametrize(("table", "column", "name"), [("reveal_log", "how", "完整证件号查看日志"),
                                                       ("account_log", "event", "账户日志")])
def test_a_log_whose_text_a_damaged_file_lost_does_not_stop_the_restore(store, staff, case, tmp_path, table, column,
                                                                          name):
    """One bad sector in the reveal log and `fazhi restore … --yes` failed with 数据库文件已损坏…可以从最近的备份恢复:
    the restore sent the clerk to the restore. That log is now kept aside, the other carried, and the result says so."""
    backup = create_backup(store.path, tmp_path / "usb").path
    reveals.note_reveals(store, [case], "打印预览调解协议书")
    accounts.login(store, "马丽", STAFF_PASSWORD)
    newest = store.conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
    garble(store.conn, table, column, "id = ?", [newest])
    store.close()
    lines = "\n".join(restore(store.path, backup, "admin").lines())
    assert (f"当前数据库的{name}有 1 条文字无法读取（磁盘或U盘上的数据已损坏）：备份之后的{name}"
            "没有带到恢复的数据库中") in lines
    other = "账户日志" if table == "reveal_log" else "完整证件号查看日志"
    assert f"备份之后的日志已带到恢复的数据库中：{other} 1 条" in lines
    restored = _restored(store.path, staff)
    try:
        assert check_database(restored).ok
        events = [e["event"] for e in accounts.account_log(restored)]
        assert events[0].startswith("从备份恢复")  # the restore itself is logged all the same
    finally:
        restored.close()


def test_a_backup_whose_account_log_a_damaged_file_lost_still_restores(store, staff, case, tmp_path):
    accounts.login(store, "马丽", STAFF_PASSWORD)
    newest = store.conn.execute("SELECT max(id) FROM account_log").fetchone()[0]
    event = store.conn.execute("SELECT event FROM account_log WHERE id = ?", [newest]).fetchone()[0]
    garble(store.conn, "account_log", "event", "id = ?", [newest])
    backup = create_backup(store.path, tmp_path / "usb").path  # the account log is not in `fazhi check`: it passes
    store.conn.execute("UPDATE account_log SET event = ? WHERE id = ?", [event, newest])  # this PC's file is sound
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    store.close()
    lines = "\n".join(restore(store.path, backup, "admin").lines())
    assert ("备份中的账户日志有 1 条文字无法读取（磁盘或U盘上的数据已损坏）：当前数据库中备份之后的账户日志"
            "没有带到恢复的数据库中") in lines


def test_a_reveal_deleted_behind_the_programs_back_still_shows_after_a_restore(store, staff, case, tmp_path):
    """Three reveals after the backup, the middle one deleted with sqlite3: `fazhi check` named the broken link, and
    after a restore it passed, the three re-chained as two: the deletion no longer showed anywhere."""
    backup = create_backup(store.path, tmp_path / "usb").path
    for how in ("打印预览调解协议书", "导出PDF调解协议书", "fazhi list --reveal"):
        reveals.note_reveals(store, [case], how)
    store.conn.execute("DELETE FROM reveal_log WHERE how = '导出PDF调解协议书'")
    [before] = [p for p in check_database(store).problems if "完整证件号查看日志" in p]
    assert "与前一条的链接断开" in before
    store.close()
    lines = "\n".join(restore(store.path, backup, "admin").lines())
    assert f"恢复前的数据库中，完整证件号查看日志没有通过检查（{before}）" in lines
    restored = _restored(store.path, staff)
    try:
        problems = check_database(restored).problems
        assert [p for p in problems if "完整证件号查看日志" in p and "与前一条的链接断开" in p], problems
        assert [e["how"] for e in reveals.reveal_log(restored)] == ["fazhi list --reveal", "打印预览调解协议书"]
        [event] = [e["event"] for e in accounts.account_log(restored) if e["event"].startswith("从备份恢复")]
        assert f"恢复前完整证件号查看日志没有通过检查（{before}）" in event
        reveals.note_reveals(restored, [restored.get(case.id)], "打印预览调解协议书")  # logging goes on
    finally:
        restored.close()


def test_a_reveal_deleted_after_the_backup_that_holds_it_comes_back_whole(store, staff, case, tmp_path):
    reveals.note_reveals(store, [case], "打印预览调解协议书")
    backup = create_backup(store.path, tmp_path / "usb").path
    reveals.note_reveals(store, [case], "导出PDF调解协议书")
    store.conn.execute("DELETE FROM reveal_log WHERE how = '打印预览调解协议书'")
    assert not check_database(store).ok
    store.close()
    restore(store.path, backup, "admin")
    restored = _restored(store.path, staff)
    try:
        assert check_database(restored).ok  # the entry deleted is in the backup: nothing is missing any more
        assert [e["how"] for e in reveals.reveal_log(restored)] == ["导出PDF调解协议书", "打印预览调解协议书"]
    finally:
        restored.close()
