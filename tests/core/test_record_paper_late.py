"""A complaint's printed record says it is late as its list and register do: the paper of one past its 办理期限 and
not concluded said 状态：草稿 beside an empty 办结日期, while the 投诉举报台账 printed the same day said 逾期·草稿."""

from __future__ import annotations

from datetime import UTC, datetime

from fazhi_desktop.core.documents import build_document, build_register_document


def test_the_paper_of_a_late_complaint_says_late_and_a_concluded_one_does_not(store, valid_record, clock):
    clock.set(datetime(2026, 6, 1, 2, tzinfo=UTC))
    late = store.save("complaint", valid_record("complaint", due_on="2026-05-04"), "马军")
    done = store.save("complaint", valid_record("complaint", due_on="2026-05-04", closed_on="2026-05-20",
                                                handling_result="属实", closed_in_time=False), "马军")
    waiting = store.save("complaint", valid_record("complaint", due_on="2026-07-04"), "马军")
    assert "逾期·草稿" in build_register_document(store, "complaint", 2026).text()
    assert "状态：逾期·草稿" in build_document(store, late, "record").text()
    for record in (done, waiting):
        text = build_document(store, record, "record").text()
        assert "状态：草稿" in text and "逾期" not in text
