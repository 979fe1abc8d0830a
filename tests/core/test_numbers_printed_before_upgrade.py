"""A township upgrading from a version that did not keep its prints (before migration 039): the clerk printed
〔2026〕人调字第1号's 调解协议书 yesterday, handed to the parties, not yet sent to the county. Today's version knows
no paper of it, so 按日期重新编号 (offered by the note of the next backlog case saved) gave 第1号 to another case and
the parties' agreement named a record that was not theirs. Numbers given out before the upgrade are kept as ones a
paper may show (migration 050, printed.number_kept); those given out since renumber as before."""

from __future__ import annotations

from test_renumber_by_date import case

from fazhi_desktop.core import renumber
from fazhi_desktop.core.printed import BEFORE_KEPT
from fazhi_desktop.core.store import Store

HEAD = "杨芳"


def upgraded(store: Store) -> Store:
    """`store` as the version before migration 039 left it, opened by today's version."""
    store.conn.execute("DROP TABLE record_prints")
    store.conn.execute("DELETE FROM settings WHERE key = 'prints.unknown_through'")
    store.conn.execute("DELETE FROM _migrations WHERE name IN ('039_record_prints', '050_prints_unknown_through')")
    store.conn.commit()
    path = store.path
    store.close()
    return Store.open(path)


def test_numbers_given_before_the_upgrade_are_not_renumbered(store, valid_record):
    may = case(store, valid_record, "2026-05-20", "五月纠纷")  # 第1号, its agreement printed yesterday
    april = case(store, valid_record, "2026-04-02", "四月纠纷")  # 第2号
    today = upgraded(store)
    try:
        kept_while_later_ones_renumber(today, valid_record, may, april, BEFORE_KEPT)
    finally:
        today.close()


def kept_while_later_ones_renumber(today: Store, valid_record, may, april, why: str) -> None:
    """`may` (第1号) and `april` (第2号), numbered before `today` was reopened, keep their numbers for `why`, while
    two cases entered since (第3号 in June, 第4号 in March) take 第3–4号 again in date order."""
    june = case(today, valid_record, "2026-06-10", "六月纠纷")  # 第3号
    march = case(today, valid_record, "2026-03-01", "三月纠纷")  # 第4号 (a backlog case entered from paper)
    done = today.renumber_by_date("mediation_case", 2026, HEAD)
    assert today.get(may.id).number == "〔2026〕人调字第1号"
    assert today.get(april.id).number == "〔2026〕人调字第2号"
    assert today.get(march.id).number == "〔2026〕人调字第3号"  # entered since: in date order among themselves
    assert today.get(june.id).number == "〔2026〕人调字第4号"
    assert f"编号不改（{why}）：〔2026〕人调字第1号、〔2026〕人调字第2号" in done.lines(done=True)


def test_a_new_database_renumbers_all_it_numbered(store, valid_record):
    """Every paper a new database prints is kept: nothing is held back as printed by an earlier version."""
    may = case(store, valid_record, "2026-05-20", "五月纠纷")
    april = case(store, valid_record, "2026-04-02", "四月纠纷")
    assert [m.record_id for m in renumber.plan(store, store.ledger("mediation_case"), 2026).moves] == [
        april.id, may.id]


def test_the_last_number_given_before_the_upgrade_is_not_given_back_when_its_year_is_corrected(
        store, valid_record):
    slipped = case(store, valid_record, "2027-12-28", "十二月纠纷")  # 〔2027〕人调字第1号, printed yesterday
    today = upgraded(store)
    try:
        today.save("mediation_case", {"accepted_on": "2026-12-28"}, HEAD, record_id=slipped.id)
        assert case(today, valid_record, "2027-01-05", "一月纠纷").number == "〔2027〕人调字第2号"
    finally:
        today.close()
