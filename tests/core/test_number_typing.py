"""A clerk looking a record up by the number on its paper, typed as she types it, and a list sorted by 编号 or 状态 in
an order she can follow."""

from __future__ import annotations

import pytest
import review_steps

from fazhi_desktop.core.errors import NotFound
from fazhi_desktop.core.store import ListQuery, Store

ACTOR = "马文军"


def cases(store: Store, valid_record, count: int, **values) -> list:
    return [store.save("mediation_case", valid_record("mediation_case", **values), actor=ACTOR) for _ in range(count)]


def numbers(store: Store, **query) -> list[str]:
    return [r.number for r in store.list(ListQuery("mediation_case", **query))]


@pytest.mark.parametrize("typed", ["2025年人调字第2号", "2025人调字第2号", "2025人调字2号", "2025人调字 第02号",
                                   "（2025）人調字第2號"])
def test_a_number_typed_without_brackets_or_in_traditional_characters_finds_its_record(store, valid_record, typed):
    """Only the bracketed forms were read: 2025年人调字第19号 found nothing in the search box, and `fazhi show` said
    找不到编号为 2025年人调字第19号 的记录 (the index holds 2025 and 人调字第19号 apart)."""
    cases(store, valid_record, 1, accepted_on="2025-05-06")
    second = cases(store, valid_record, 1, accepted_on="2025-05-07")[0]
    cases(store, valid_record, 2)  # 〔2026〕人调字第1号, 第2号
    assert store.find_by_number(typed).id == second.id
    assert numbers(store, text=typed) == ["〔2025〕人调字第2号"]


def test_a_number_typed_without_its_year_finds_that_number_of_every_year(store, valid_record):
    cases(store, valid_record, 2, accepted_on="2025-05-06")
    cases(store, valid_record, 2)
    cases(store, valid_record, 1, case_category="行政裁决", adjudication_matter="土地权属")  # 〔2026〕行裁字第1号
    for typed in ("人调字2号", "人调字第2号", "人調字2號"):
        assert numbers(store, text=typed) == ["〔2026〕人调字第2号", "〔2025〕人调字第2号"], typed
    with pytest.raises(NotFound):  # a record's number needs its year
        store.find_by_number("人调字2号")


def test_a_two_digit_year_is_not_read_as_a_number(store):
    """25年19号 could as well be a day, an amount or a house number: it is searched as typed only."""
    assert store.number_spelling("25年19号") is None
    assert store.number_spelling("2026年3月5号") is None


@pytest.mark.parametrize("typed", ["〔2026〕3号", "2026年3号", "2026年度第3号", "20261号"])
def test_a_document_number_searched_or_looked_up_does_not_read_the_change_log(store, valid_record, typed):
    """A 文号 〔2026〕3号 reads as a number 〔2026〕第3号 that no ledger gives (no 会记字): every keystroke of the
    search read the office's whole change log for the record that had it before (0.6 s at 100,000 changes)."""
    meeting = store.save("meeting", valid_record("meeting", title=f"学习{typed}文件"), ACTOR)
    asked: list[str] = []
    store.conn.set_trace_callback(asked.append)
    try:
        found = store.list(ListQuery("meeting", text=typed))
        with pytest.raises(NotFound):  # no record's number: `fazhi show`, a link do not take it for one
            store.find_by_number(typed, include_deleted=True)
    finally:
        store.conn.set_trace_callback(None)
    assert [r.id for r in found] == [meeting.id]  # found by its title, as typed
    assert not [sql for sql in asked if "FROM changes" in sql]


def test_the_number_a_case_had_before_its_category_was_corrected_is_found_by_the_list_search(store, valid_record):
    """After 案件类别 was corrected, 〔2026〕人调字第2号 became 〔2026〕行调字第1号: `fazhi show` found it by the old
    number on the paper, the list search did not."""
    cases(store, valid_record, 2)
    moved = store.save("mediation_case", {"case_category": "行政调解"}, ACTOR,
                       record_id=store.find_by_number("〔2026〕人调字第2号").id)
    assert moved.number == "〔2026〕行调字第1号"
    for typed in ("〔2026〕人调字第2号", "（2026）人调字2号", "2026人调字第2号"):
        assert numbers(store, text=typed) == ["〔2026〕行调字第1号"], typed
    assert numbers(store, text="〔2026〕人调字第2号", year=2025) == []  # within the list's other filters
    assert numbers(store, text="〔2026〕人调字第2号", status="submitted") == []


def test_sorting_by_number_goes_by_year_then_prefix_then_the_number_as_a_number(store, valid_record):
    """Ascending 编号 gave 人调字1–9, 行裁字1–8, 行调字1–9, then 人调字10…: by length before the prefix."""
    cases(store, valid_record, 10)
    cases(store, valid_record, 2, case_category="行政裁决", adjudication_matter="土地权属")
    cases(store, valid_record, 1, accepted_on="2025-05-06")
    people = [f"〔2026〕人调字第{n}号" for n in range(1, 11)]
    expected = ["〔2025〕人调字第1号", *people, "〔2026〕行裁字第1号", "〔2026〕行裁字第2号"]
    assert numbers(store, sort="number", descending=False) == expected
    assert numbers(store, sort="number") == expected[::-1]


def test_sorting_by_status_follows_the_workflow(store, valid_record):
    """状态 sorted by its codes: 草稿 (draft), 所长已审核 (reviewed), 已提交 (submitted)."""
    reviewed, draft, submitted = cases(store, valid_record, 3)
    for record in (reviewed, submitted):
        review_steps.submit(store, record.id, actor=ACTOR)
    review_steps.review(store, reviewed.id, actor=ACTOR)
    in_order = [draft.number, submitted.number, reviewed.number]
    assert numbers(store, sort="status", descending=False) == in_order
    assert numbers(store, sort="status") == in_order[::-1]
