"""The 投诉举报台账 prints the check each complaint led to (关联监督检查), by its number: an inspector comparing paper
with data could not see which 投诉核查 answered which complaint, in either register (the complaint clerk's year,
session 24); a column of the raw link would have printed the record's id. A check of the register's year is named
without its 〔year〕, to stay on one line; one of another year, or deleted, in full."""

from __future__ import annotations

from datetime import UTC, datetime

from fazhi_desktop.core.documents import build_register_document


def text_of(doc) -> str:
    return "".join(doc.text().split("\n"))


def test_a_complaint_register_names_the_check_it_led_to_by_number(store, valid_record, clock):
    clock.set(datetime(2026, 11, 28, 4, tzinfo=UTC))
    check = store.save("enforcement_check", valid_record("enforcement_check", checked_on="2026-03-20",
                                                         check_type="投诉核查"), "杨芳")
    earlier = store.save("enforcement_check", valid_record("enforcement_check", checked_on="2025-12-20",
                                                           check_type="投诉核查"), "杨芳")
    gone = store.save("enforcement_check", valid_record("enforcement_check", checked_on="2026-04-20",
                                                        check_type="投诉核查", supervised_unit="市场监管所"), "杨芳")
    for matter, linked in (("执法人员未出示执法证", check.id), ("罚款未开具票据", gone.id), ("乱收费", earlier.id)):
        store.save("complaint", valid_record("complaint", matter=matter, closed_on="2026-04-25",
                                             handling_result="属实", related_check=linked), "杨芳")
    store.delete(gone.id, "杨芳")
    doc = build_register_document(store, "complaint", 2026)
    head = doc.text().split("\n")
    assert "关联检查" in head
    text = text_of(doc)
    assert check.number == "〔2026〕执监字第1号" and "执监字第1号" in head and check.number not in text
    assert f"所链接的{gone.number}已删除" in text and earlier.number in head
    assert not any(r.id in text for r in (check, gone, earlier))
