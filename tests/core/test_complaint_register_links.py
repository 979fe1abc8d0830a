"""The 投诉举报台账 prints the check each complaint led to (关联监督检查), by its number: an inspector comparing paper
with data could not see which 投诉核查 answered which complaint, in either register (the complaint clerk's year,
session 24); a column of the raw link would have printed the record's id. A check of the register's year is named
without its 〔year〕, to stay on one line, deleted or not; one of another year in full."""

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
    assert gone.number == "〔2026〕执监字第2号" and "所链接的执监字第2号已删除" in text and earlier.number in head
    assert not any(r.id in text for r in (check, gone, earlier))


def test_a_deleted_check_wraps_around_its_number_and_takes_no_room_from_the_matter(store, valid_record, clock):
    """Measured whole, 所链接的〔2026〕执监字第4号已删除 held the column at fifteen characters: the complaints' matters
    went four characters a line, and twelve complaints took two pages where they took one. A deleted check of the
    register's year is named without its 〔year〕 too, as a live one is."""
    clock.set(datetime(2026, 11, 28, 4, tzinfo=UTC))
    checks = [store.save("enforcement_check", valid_record("enforcement_check", checked_on=f"2026-0{1 + i % 9}-20",
                                                           check_type="投诉核查"), "杨芳") for i in range(12)]
    for i, check in enumerate(checks):
        store.save("complaint", valid_record("complaint", matter=f"执法人员未出示执法证第{i}件", closed_on="2026-10-25",
                                             handling_result="属实", related_check=check.id), "杨芳")
    pages = len(build_register_document(store, "complaint", 2026).pages)
    for gone in (checks[3], checks[7]):
        store.delete(gone.id, "杨芳")
    doc = build_register_document(store, "complaint", 2026)
    lines = doc.text().split("\n")
    assert len(doc.pages) == pages
    assert {"所链接的", "执监字第4号", "执监字第8号", "已删除"} <= set(lines)
    assert checks[3].number not in "".join(lines)
