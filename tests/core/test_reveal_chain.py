"""The reveal log (who showed a party's full ID number, PIPL art. 51) could be wiped with sqlite3 while `fazhi check`
said 全部一致. Its entries are hash-chained like the change log's, with the newest kept apart: a deleted or changed
entry, the newest ones too, is reported naming the reveal log; a reveal taken back keeps the chain whole."""

from __future__ import annotations

import pytest

from fazhi_desktop.core import reveals
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.store import Store

ID_NUMBER = "640522196103231939"


@pytest.fixture
def revealed(store, staff, valid_record):
    """Three reveals by the 所长 of a case with a party's ID number."""
    store.user = staff["head"]
    party = {"role": "申请人", "party_type": "自然人", "name": "马某", "id_number": ID_NUMBER}
    case = store.save("mediation_case", valid_record("mediation_case", parties=[party]), "杨芳")
    for how in ("打印预览调解协议书", "导出PDF调解协议书", "编辑窗口中查看"):
        reveals.note_reveals(store, [case], how)
    return store


def problems(store) -> list[str]:
    return check_database(store).problems


def test_an_untouched_reveal_log_checks_out(revealed):
    report = check_database(revealed)
    assert report.ok and "完整证件号查看日志：检查 3 条" in report.lines()


def test_wiping_the_reveal_log_with_sqlite_is_reported(revealed):
    revealed.conn.execute("DELETE FROM reveal_log")
    assert problems(revealed) == ["完整证件号查看日志：最后的条目被删除（应到第 3 条，现在只到第 0 条）"]


def test_deleting_the_newest_entry_is_reported(revealed):
    revealed.conn.execute("DELETE FROM reveal_log WHERE id = 3")
    assert problems(revealed) == ["完整证件号查看日志：最后的条目被删除（应到第 3 条，现在只到第 2 条）"]


def test_deleting_an_entry_in_between_or_changing_who_looked_is_reported(revealed):
    revealed.conn.execute("UPDATE reveal_log SET actor = 'admin' WHERE id = 2")
    assert problems(revealed) == ["完整证件号查看日志第 2 条：条目内容被改动（摘要不符）"]
    revealed.conn.execute("DELETE FROM reveal_log WHERE id = 2")
    assert problems(revealed) == ["完整证件号查看日志第 3 条：与前一条的链接断开（前面的条目被删除或改动）"]


def test_a_reveal_taken_back_leaves_no_entry_in_the_log_and_the_chain_whole(revealed, staff):
    written = reveals.note_entries(revealed, [("rid", "mediation_case", "〔2026〕人调字第9号", "640522100", None)],
                                   "导出PDF")
    reveals.withdraw(revealed, written)  # the PDF could not be written: nothing was revealed
    revealed.user = staff["admin"]
    assert [e["how"] for e in reveals.reveal_log(revealed)] == ["编辑窗口中查看", "导出PDF调解协议书",
                                                                 "打印预览调解协议书"]
    report = check_database(revealed)
    assert report.ok and "完整证件号查看日志：检查 5 条" in report.lines()


def test_a_database_from_before_the_chain_gets_its_entries_chained_on_opening(revealed):
    conn = revealed.conn
    conn.execute("DROP TABLE reveal_log_head")
    for column in ("withdraws", "prev_hash", "entry_hash", "reason", "shown"):  # the later ones (029) too
        conn.execute(f"ALTER TABLE reveal_log DROP COLUMN {column}")
    conn.execute("DELETE FROM _migrations WHERE name IN ('013_reveal_log_chain', '029_reveal_reasons')")
    path = revealed.path
    revealed.close()

    upgraded = Store.open(path)
    try:
        assert check_database(upgraded).ok
        upgraded.conn.execute("DELETE FROM reveal_log WHERE id = 1")
        assert problems(upgraded) == ["完整证件号查看日志第 2 条：与前一条的链接断开（前面的条目被删除或改动）"]
    finally:
        upgraded.close()
