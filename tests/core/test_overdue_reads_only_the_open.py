"""数据完整性 counts each township's late matters (session 23 review): on the indicator benchmark's county (18
townships, five years, 20,000 checks) it took a second, since every check past its 整改期限 was read back and judged,
the 17,000 rectified (复查结果 已整改) with the 2,900 late. The `done_when` is asked in the query where a plain column
says it: a rectified check is not read."""

from __future__ import annotations

from datetime import UTC, datetime

from fazhi_desktop.core import overdue

ACTOR = "马文军"


def test_a_rectified_check_past_its_deadline_is_not_read_to_be_judged(store, valid_record, clock, monkeypatch):
    clock.set(datetime(2026, 11, 28, 4, tzinfo=UTC))
    check = lambda **v: store.save("enforcement_check", valid_record(  # noqa: E731
        "enforcement_check", checked_on="2026-05-20", rectify_by="2026-06-30", **v), ACTOR)
    check(rechecked_on="2026-07-05", recheck_result="已整改")
    failed = check(rechecked_on="2026-07-05", recheck_result="未整改")
    waiting = check()
    read: list[int] = []
    rows = store.rows
    monkeypatch.setattr(store, "rows", lambda name, rids: read.extend(rids) or rows(name, rids))
    assert overdue.by_township(store) == {store.township: {"enforcement_check": 2}}
    assert {r.id for r in rows("enforcement_check", read).values()} == {failed.id, waiting.id}
