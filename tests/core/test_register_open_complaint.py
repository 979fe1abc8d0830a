"""The 投诉举报台账 printed a complaint still being handled with its 是否按期办结 and 办结日期 blank, only its 状态
saying 逾期: a blank answer read as one forgotten. It now prints 未办结 there; a concluded one keeps 是 / 否."""

from __future__ import annotations

from datetime import UTC, datetime

from fazhi_desktop.core.documents import build_register_document
from fazhi_desktop.core.documents.register import cell_text


def test_a_complaint_still_open_prints_not_concluded_in_its_on_time_column(store, valid_record, clock):
    clock.set(datetime(2026, 11, 28, 4, tzinfo=UTC))
    late = store.save("complaint", valid_record("complaint", matter="执法人员未出示执法证", due_on="2026-10-04"),
                      "马军")
    done = store.save("complaint", valid_record("complaint", matter="罚款未开票据", due_on="2026-05-04",
                                                closed_on="2026-05-20", handling_result="部分属实",
                                                closed_in_time=False), "马军")
    ledger = store.ledger("complaint")
    assert cell_text(ledger, store.get(late.id), "closed_in_time") == "未办结"
    assert cell_text(ledger, store.get(done.id), "closed_in_time") == "否"
    text = "".join(build_register_document(store, "complaint", 2026).text().split("\n"))
    row = text[text.index("执法人员未出示执法证"):text.index("罚款未开票据")]
    assert "未办结" in row and "逾期" in row
