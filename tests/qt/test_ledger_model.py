"""The ledger list model: only row keys in memory, pages read when shown, values formatted for a clerk."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from fazhi_desktop.core.store import ListQuery
from fazhi_desktop.qt.ledger_model import LedgerTableModel

ACTOR = "马文军"


def meetings(valid_record, count: int, **overrides) -> list[dict]:
    return [
        valid_record("meeting", title=f"2026年第{i + 1}次乡镇政府常务会议",
                     held_on=f"2026-{i % 12 + 1:02d}-{i % 28 + 1:02d}", **overrides)
        for i in range(count)
    ]


class RowsSpy:
    """Wraps Store.rows and records how many keys each call asked for."""

    def __init__(self, store):
        self.real = store.rows
        self.calls: list[int] = []

    def __call__(self, ledger, rids):
        self.calls.append(len(rids))
        return self.real(ledger, rids)


def texts(model: LedgerTableModel, column: str) -> list[str]:
    col = model.columns.index(column)
    return [model.data(model.index(row, col)) for row in range(model.rowCount())]


def test_model_at_5000_records_reads_only_the_pages_on_screen(qtbot, store, valid_record, monkeypatch):
    store.save_many("meeting", meetings(valid_record, 5000), ACTOR)
    spy = RowsSpy(store)
    monkeypatch.setattr(store, "rows", spy)
    model = LedgerTableModel(store, store.ledger("meeting"))
    assert model.rowCount() == 5000
    assert spy.calls == []  # the query returned keys only

    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(20)
    assert len(spy.calls) == 1 and spy.calls[0] <= model.PAGE_SIZE

    view.scrollToBottom()
    qtbot.wait(20)
    assert len(spy.calls) <= 3  # the last page (and perhaps the one before it), nothing in between
    assert sum(spy.calls) <= 3 * model.PAGE_SIZE


def test_model_keeps_a_bounded_number_of_pages(store, valid_record):
    store.save_many("meeting", meetings(valid_record, 30 * LedgerTableModel.PAGE_SIZE // 10), ACTOR)
    model = LedgerTableModel(store, store.ledger("meeting"))
    model.PAGE_SIZE = 10
    for row in range(0, model.rowCount(), 10):
        assert model.record_at(row) is not None
    assert len(model._pages) <= model.MAX_PAGES


def test_columns_are_the_forms_list_columns_with_chinese_labels(store):
    model = LedgerTableModel(store, store.ledger("meeting"))
    labels = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert labels == ["编号", "会议日期", "会议类型", "会议名称/届次", "主持人", "司法所所长列席情况", "状态"]


def test_values_read_as_a_clerk_writes_them(store, valid_record):
    store.save("complaint", valid_record("complaint", accepted_on="2026年3月5日", closed_in_time=True,
                                         complainant="张三丰", contact="13912345678"), ACTOR)
    store.save("law_study", valid_record("law_study", participants="王梅、李强", duration_minutes=45), ACTOR)
    complaints = LedgerTableModel(store, store.ledger("complaint"))
    assert texts(complaints, "accepted_on") == ["2026-03-05"]
    assert texts(complaints, "closed_in_time") == ["是"]
    assert texts(complaints, "number") == ["〔2026〕投诉字第1号"]
    record = complaints.record_at(0)
    from fazhi_desktop.qt.display import cell_text

    ledger = store.ledger("complaint")
    assert cell_text(ledger, record, "complainant") == "张**"
    assert cell_text(ledger, record, "contact") == "139****5678"
    assert cell_text(ledger, record, "status") == "草稿"

    studies = LedgerTableModel(store, store.ledger("law_study"))
    column = studies.columns.index("duration_minutes")
    assert studies.data(studies.index(0, column)) == "45"
    assert studies.data(studies.index(0, column), Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert cell_text(store.ledger("law_study"), studies.record_at(0), "participants") == "王梅、李强"


def test_sorting_asks_the_store_again(store, valid_record):
    store.save_many("meeting", meetings(valid_record, 12), ACTOR)
    model = LedgerTableModel(store, store.ledger("meeting"))
    dates = texts(model, "held_on")
    assert dates == sorted(dates, reverse=True)  # newest first by default
    model.sort(model.columns.index("held_on"), Qt.SortOrder.AscendingOrder)
    assert texts(model, "held_on") == sorted(dates)
    model.sort(model.columns.index("title"), Qt.SortOrder.AscendingOrder)
    assert model.query.sort == "title" and not model.query.descending


def test_search_with_one_and_two_chinese_characters(store, valid_record):
    store.save_many("meeting", meetings(valid_record, 5), ACTOR)
    store.save("meeting", valid_record("meeting", title="专题研究会议", host="杨芳"), ACTOR)
    store.save("meeting", valid_record("meeting", title="党委会", host="杨成"), ACTOR)
    model = LedgerTableModel(store, store.ledger("meeting"))
    model.set_filters(text="杨芳")
    assert texts(model, "host") == ["杨芳"]
    model.set_filters(text="杨")
    assert sorted(texts(model, "host")) == ["杨成", "杨芳"]
    model.set_filters(text="")
    assert model.rowCount() == 7


def test_rows_are_found_again_by_key_and_by_id(store, valid_record):
    saved = store.save_many("meeting", meetings(valid_record, 30), ACTOR)
    model = LedgerTableModel(store, store.ledger("meeting"))
    rid = model.rid_at(7)
    model.set_query(ListQuery("meeting", sort="title", descending=False))
    assert model.rid_at(model.row_of_rid(rid)) == rid
    row = model.row_of_id(saved[3].id)
    assert model.record_at(row).id == saved[3].id


def test_a_searched_rows_tooltip_says_in_which_field_the_text_was_found(store, valid_record, monkeypatch):
    """李强 found the meetings he missed as those he attended; the list could not tell them apart. Asked for the row
    the pointer rests on only: showing the list looks in no record's fields."""
    store.save("meeting", valid_record("meeting", title="党委会", attendees=["李强"], held_on="2026-03-05"), ACTOR)
    store.save("meeting", valid_record("meeting", title="防汛会", attendees=["马文"], held_on="2026-03-04",
                                       absentees=[{"name": "李强", "reason": "下村入户"}]), ACTOR)
    model = LedgerTableModel(store, store.ledger("meeting"))
    model.set_filters(text="李强")
    asked = []
    found_in = store.found_in
    monkeypatch.setattr(store, "found_in", lambda record, text, year=None: asked.append(record.id)
                        or found_in(record, text, year))
    assert texts(model, "title") == ["党委会", "防汛会"] and asked == []
    tip = [model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole) for row in range(2)]
    assert tip[0].endswith("在“出席人员”中找到") and tip[1].endswith("在“请假/缺席人员”中找到")
    title = model.columns.index("title")
    assert model.data(model.index(1, title), Qt.ItemDataRole.ToolTipRole) == "在“请假/缺席人员”中找到"
    assert len(asked) == 3
    model.set_filters(text="")
    assert model.data(model.index(1, title), Qt.ItemDataRole.ToolTipRole) is None  # not searched: nothing to say
