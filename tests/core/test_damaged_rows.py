"""A record whose text a bad sector left as bytes that are not UTF-8. Before, Python's sqlite3 refused every query
that met it ("Could not decode to UTF-8 column 'case_name' with text '…'": English, quoting the record's bytes):
its ledger could not be listed, `fazhi check` stopped at it, and nothing said the file was damaged."""

from __future__ import annotations

import pytest
from damage import garble

from fazhi_desktop.core import damaged, failures
from fazhi_desktop.core.check import check_database, refuse_unset
from fazhi_desktop.core.errors import SetupError
from fazhi_desktop.core.store import ListQuery, Store

ACTOR = "马文军"


@pytest.fixture
def three_cases(store, valid_record):
    saved = [store.save("mediation_case", valid_record("mediation_case", case_name=f"马某与李某宅基地纠纷{i}"), ACTOR)
             for i in range(3)]
    return saved


def test_a_damaged_record_is_named_with_its_ledger_and_the_others_still_read(store, three_cases):
    second = three_cases[1]
    garble(store.conn, "mediation_case", "case_name", "id = ?", [second.id])
    rids = store.query_rids(ListQuery("mediation_case"))
    with pytest.raises(damaged.DamagedRecords) as raised:
        store.rows("mediation_case", rids)
    error = raised.value
    assert isinstance(error, failures.DatabaseDamaged)  # the window and the commands treat it as a damaged file
    said = str(error)
    assert said.startswith("数据库文件已损坏：“调解案件”台账中记录 〔2026〕人调字第2号的文字无法读取")
    assert "从备份恢复" in said
    assert "Could not decode" not in said and "\ufffd" not in said  # neither English nor the record's bytes
    assert list(error.unreadable.values()) == [second.number]
    assert sorted(r.number for r in error.readable.values()) == [three_cases[0].number, three_cases[2].number]
    with pytest.raises(damaged.DamagedRecords, match="第2号"):  # as `fazhi list` and `show` read it
        store.list(ListQuery("mediation_case"))
    with pytest.raises(damaged.DamagedRecords, match="第2号"):
        store.get(second.id)
    assert store.get(three_cases[0].id).values["case_name"] == "马某与李某宅基地纠纷0"


def test_a_search_passes_over_a_damaged_record(store, three_cases):
    garble(store.conn, "mediation_case", "case_name", "id = ?", [three_cases[1].id])
    found = store.list(ListQuery("mediation_case", text="纠纷0"))
    assert [r.number for r in found] == [three_cases[0].number]


def test_check_names_every_damaged_row_and_goes_on(store, three_cases, valid_record):
    store.save("meeting", valid_record("meeting"), ACTOR)
    garble(store.conn, "mediation_case", "case_name", "id = ?", [three_cases[0].id])
    garble(store.conn, "mediation_case", "case_name", "id = ?", [three_cases[2].id])
    garble(store.conn, "changes", "data", "seq = ?", [2])  # the second case's first version in the change log
    report = check_database(store)
    assert not report.ok
    assert report.changes_checked == 4 and report.records_checked == 4  # to the end, past each damaged row
    damaged_rows = [p for p in report.problems if "文字无法读取" in p]
    assert damaged_rows == [
        f"变更日志第 2 条（记录 {three_cases[1].id} 第 1 版）：文字无法读取（磁盘或U盘上的数据已损坏）",
        "调解案件 〔2026〕人调字第1号：文字无法读取（磁盘或U盘上的数据已损坏）",
        "调解案件 〔2026〕人调字第3号：文字无法读取（磁盘或U盘上的数据已损坏）",
    ]
    assert not any("Could not decode" in p or "\ufffd" in p for p in report.problems)


def test_check_refuses_an_empty_file_without_writing_to_it(tmp_path):
    empty = tmp_path / "office.db"
    empty.write_bytes(b"")
    with pytest.raises(SetupError, match="文件是空的（0 字节），不是法治台账的数据库") as refused:
        refuse_unset(empty)
    assert "文件没有改动" in str(refused.value) and str(tmp_path / "office-backups") in str(refused.value)
    assert empty.stat().st_size == 0


def test_check_refuses_a_database_never_set_up(tmp_path, ledgers):
    begun = tmp_path / "office.db"
    Store.open(begun, ledgers=ledgers, create=True).close()  # a first setup cut short: tables, no office
    with pytest.raises(SetupError, match="数据库尚未初始化"):
        refuse_unset(begun)


def test_check_takes_a_set_up_database(store):
    refuse_unset(store.path)  # no error
