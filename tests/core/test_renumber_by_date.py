"""A clerk entering a backlog typed May's mediation cases first, then two April cases, which became 第7–8号: the
调解案件台账, sorted by date, read 7, 8, 1, 2… and an inspector asked why. A new record dated before one numbered
earlier in its series now says so as it is saved (orange, advisory), and 按日期重新编号 (Store.renumber_by_date, the
所长's) gives the year's records their numbers again in date order, each change logged, in one transaction; numbers
printed or locked stay. 编号从第N号起 (renumber.continue_from) sets where a series goes on after a restore."""

from __future__ import annotations

import pytest
from test_account_role import STAFF_PASSWORD

from fazhi_desktop.core import accounts, renumber
from fazhi_desktop.core.documents import render_document
from fazhi_desktop.core.errors import PermissionDenied, ValidationError
from fazhi_desktop.core.history import record_history

ACTOR = "马丽"


def case(store, valid_record, day: str, name: str = "马某与李某宅基地纠纷", category: str = "人民调解"):
    return store.save("mediation_case", valid_record("mediation_case", accepted_on=day, case_name=name,
                                                     case_category=category), ACTOR)


def enter_backlog(store, valid_record):
    """May's six cases entered first (第1–6号), then two April cases (第7–8号)."""
    may = [case(store, valid_record, f"2026-05-{day:02d}", f"五月纠纷{day}") for day in (3, 8, 12, 15, 20, 26)]
    april = [case(store, valid_record, day, f"四月纠纷{day}") for day in ("2026-04-02", "2026-04-17")]
    return may, april


@pytest.fixture
def backlog(store, valid_record):
    return enter_backlog(store, valid_record)


def numbers_by_date(store) -> list[str]:
    return [r["number"] for r in store.query(
        "SELECT number FROM mediation_case WHERE deleted = 0 ORDER BY accepted_on, number")]


def test_a_case_dated_before_the_latest_numbered_one_says_so_as_it_is_saved(store, valid_record):
    case(store, valid_record, "2026-05-20")
    late = case(store, valid_record, "2026-04-02", "四月纠纷")
    assert late.number == "〔2026〕人调字第2号"  # saved, not refused
    [note] = [w for w in late.warnings if w.path == "accepted_on"]
    assert note.advisory
    assert "早于已编号的 〔2026〕人调字第1号（2026-05-20）" in note.message
    assert renumber.RENUMBER in note.message
    in_order = case(store, valid_record, "2026-06-01", "六月纠纷")
    assert not [w for w in in_order.warnings if w.path == "accepted_on"]
    other_series = case(store, valid_record, "2026-03-01", "行政调解一", category="行政调解")  # 〔2026〕行调字第1号
    assert not [w for w in other_series.warnings if w.path == "accepted_on"]


def test_renumbering_by_date_gives_the_year_its_numbers_in_date_order(store, valid_record, backlog):
    _may, april = backlog
    assert numbers_by_date(store)[:3] == ["〔2026〕人调字第7号", "〔2026〕人调字第8号", "〔2026〕人调字第1号"]
    planned = renumber.plan(store, store.ledger("mediation_case"), 2026)
    assert planned.lines(done=False)[1:4] == ["  〔2026〕人调字第7号 → 〔2026〕人调字第1号",
                                            "  〔2026〕人调字第8号 → 〔2026〕人调字第2号",
                                            "  〔2026〕人调字第1号 → 〔2026〕人调字第3号"]
    assert numbers_by_date(store)[0] == "〔2026〕人调字第7号"  # a plan writes nothing
    done = store.renumber_by_date("mediation_case", 2026, "杨芳")
    assert len(done.moves) == 8
    assert numbers_by_date(store) == [f"〔2026〕人调字第{n}号" for n in range(1, 9)]
    assert store.get(april[0].id).number == "〔2026〕人调字第1号"
    assert store.get(april[0].id).revision == 2
    assert store.last_seq("mediation_case", 2026, "人调字") == 8  # the next case is still 第9号
    said = [entry.reason for entry in record_history(store, april[0].id)]
    assert "按日期重新编号（原为 〔2026〕人调字第7号）" in said
    assert store.find_by_number("〔2026〕人调字第1号").id == april[0].id
    assert renumber.plan(store, store.ledger("mediation_case"), 2026).lines(done=False) == [
        "2026年的调解案件编号已按日期先后，无须重新编号"]


def test_numbers_printed_or_locked_stay_and_are_said(store, valid_record, backlog, tmp_path):
    may, april = backlog
    render_document(store, may[0].id, "record", tmp_path / "记录.pdf")  # 第1号 on paper, filed
    store.conn.execute("UPDATE mediation_case SET status = 'locked' WHERE id = ?", [may[1].id])  # 第2号
    store.conn.commit()
    done = store.renumber_by_date("mediation_case", 2026, "杨芳")
    assert store.get(may[0].id).number == "〔2026〕人调字第1号"
    assert store.get(may[1].id).number == "〔2026〕人调字第2号"
    assert store.get(april[0].id).number == "〔2026〕人调字第3号"  # the numbers free, 3–8, in date order
    assert store.get(april[1].id).number == "〔2026〕人调字第4号"
    lines = done.lines(done=True)
    assert any(line.startswith("编号不改（已印在") and "〔2026〕人调字第1号" in line for line in lines)
    assert "编号不改（已锁定）：〔2026〕人调字第2号" in lines


def test_numbers_out_of_date_order_all_kept_are_not_said_to_be_in_order(store, valid_record, backlog):
    """The April cases (第7–8号) locked: nothing can move, and the dates are still out of order. It said 编号已按日期
    先后，无须重新编号; now it says the numbers cannot be changed and why."""
    _may, april = backlog
    store.conn.execute("UPDATE mediation_case SET status = 'locked' WHERE id IN (?, ?)", [april[0].id, april[1].id])
    store.conn.commit()
    lines = renumber.plan(store, store.ledger("mediation_case"), 2026).lines(done=False)
    assert lines == ["2026年的调解案件有编号不按日期先后，但不能按日期重新编号：不按先后的都是下面这些不能改的编号"
                     "（原因见各行）", "编号不改（已锁定）：〔2026〕人调字第7号、〔2026〕人调字第8号"]


def test_only_a_head_renumbers(store, staff, valid_record):
    store.user = accounts.login(store, "马丽", STAFF_PASSWORD)
    enter_backlog(store, valid_record)
    with pytest.raises(PermissionDenied, match="录入员无权调整编号"):
        store.renumber_by_date("mediation_case", 2026, "马丽")
    assert numbers_by_date(store)[0] == "〔2026〕人调字第7号"


def test_numbers_go_on_from_the_number_the_head_sets_logged(store, staff, valid_record):
    store.user = accounts.login(store, "杨芳", STAFF_PASSWORD)
    enter_backlog(store, valid_record)
    ledger = store.ledger("mediation_case")
    with pytest.raises(ValidationError, match="〔2026〕人调字第8号 已经用过，只能从第 9 号或更大的号起编"):
        renumber.continue_from(store, ledger, 2026, "人调字", 8)
    assert renumber.continue_from(store, ledger, 2026, "人调字", 13) == 8
    assert case(store, valid_record, "2026-06-01").number == "〔2026〕人调字第13号"
    assert accounts.account_log(store)[0]["event"] == "编号从第 13 号起：调解案件 2026年人调字（原接着第 8 号编）"
    store.user = accounts.login(store, "马丽", STAFF_PASSWORD)
    with pytest.raises(PermissionDenied):
        renumber.continue_from(store, ledger, 2026, "人调字", 20)
    assert store.last_seq("mediation_case", 2026, "人调字") == 13
