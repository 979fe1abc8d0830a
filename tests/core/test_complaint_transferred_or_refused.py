"""A complaint outside the office's supervision is transferred (转办) or refused with a notice to the complainant
(不予受理, also a repeated complaint with nothing new): 信访工作条例 art. 23. Before form version 3 the clerk had no
办理结果 for either (the complaint clerk's year, session 24): she left it blank, and the register printed an empty
cell, or picked 不属实 for a matter never looked into. Both are now choices, counted 办结 on the day of the transfer
or notice; a 办结日期 with no 办理结果 says which to pick."""

from __future__ import annotations

from datetime import date

from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.validate import Lookups, clean_record

TRANSFERRED = "转办（转送有权机关）"
REFUSED = "不予受理（告知投诉人）"


def warnings(ledger, data) -> dict[str, str]:
    result = clean_record(ledger, data, Lookups(today=lambda: date(2026, 6, 1)))
    assert result.problems == [], [str(p) for p in result.problems]
    return {w.path: w.message for w in result.warnings}


def test_a_transfer_and_a_refusal_are_recorded_and_count_as_concluded(store, valid_record):
    for matter, result in (("违法占用耕地建房无人查处", TRANSFERRED), ("邻居占用通道", REFUSED)):
        saved = store.save("complaint", valid_record("complaint", matter=matter, due_on="2026-03-20",
                                                     closed_on="2026-03-08", closed_in_time=True,
                                                     handling_result=result), "杨芳")
        assert (saved.values["handling_result"], saved.warnings) == (result, ())
    store.save("complaint", valid_record("complaint", matter="罚款未开具票据", due_on="2026-12-20"), "杨芳")
    found = compute(store, load_catalog_for(store), 2026, today=date(2026, 6, 1))
    t30b = next(f for f in found.for_township(store.township) if f.indicator.code == "T30b")
    assert (t30b.numerator, t30b.denominator) == (2, 3)
    assert "不予受理（告知投诉人）" in t30b.indicator.note and "转办（转送有权机关）" in t30b.indicator.note


def test_a_conclusion_date_without_a_result_names_the_choices_for_a_transfer_or_refusal(ledgers, valid_record):
    data = valid_record("complaint", due_on="2026-03-20", closed_on="2026-03-08", closed_in_time=True,
                        reply="已转县自然资源局办理")
    assert warnings(ledgers["complaint"], data) == {"handling_result": (
        "已填写办结日期，但未填写办理结果：转办的选“转办（转送有权机关）”，不予受理、重复投诉的选“不予受理（告知投诉人）”；"
        "不填的台账此栏空白")}
    assert warnings(ledgers["complaint"], {**data, "handling_result": TRANSFERRED}) == {}
