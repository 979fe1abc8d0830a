"""The 投诉举报 list had no 办理期限 column: an open complaint's deadline was not to be seen until it turned 逾期 in
its 状态. It now stands after 投诉事项, in 办结日期's place (beside it, the county's 各乡镇台账 ran 122 pixels off a
1240-pixel window in 长者模式), and 是否按期办结 says 未办结 until the complaint is concluded; the Excel export and
the register keep their columns (every field; the register's extras take 办结日期)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from fazhi_desktop.core import list_export
from fazhi_desktop.core.documents.register import register_columns
from fazhi_desktop.qt.ledger_model import LedgerTableModel


def test_the_complaint_list_shows_an_open_complaints_deadline(store, valid_record, clock):
    clock.set(datetime(2026, 11, 28, 4, tzinfo=UTC))
    store.save("complaint", valid_record("complaint", accepted_on="2026-11-20", due_on="2027-01-19"), "马军")
    model = LedgerTableModel(store, store.ledger("complaint"))
    labels = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert labels == ["编号", "受理日期", "来源", "投诉事项", "办理期限", "是否按期办结", "状态"]
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row[4:] == ["2027-01-19", "未办结", "草稿"]  # not yet 逾期, and its deadline is there to see
    ledger = store.ledger("complaint")
    assert {"办理期限", "办结日期", "是否按期办结"} <= set(list_export.headers(store, ledger))
    assert {"due_on", "closed_on", "closed_in_time"} <= set(register_columns(ledger))
