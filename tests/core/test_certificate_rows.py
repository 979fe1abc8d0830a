"""执法证核查 rows against the roster (twenty-first session): a row the roster contradicts (a 有效期 typed later than
the roster's expired one, a number for someone the roster lists 未持证) was saved without a word and T29 read 2 / 2
达标; a name listed twice in one check counted the person by the blank row, uncertified."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi_desktop.core import people
from fazhi_desktop.core.indicators import compute, load_catalog_for

ACTOR, TOWN = "杨芳", "640522100"
APRIL = date(2026, 4, 1)


@pytest.fixture
def roster(store):
    people.add_person(store, ACTOR, "李强", roles=["执法人员"], cert_no="64052210003", cert_expiry="2025-06-30")
    people.add_person(store, ACTOR, "王军", roles=["执法人员"])
    people.add_person(store, ACTOR, "张伟", roles=["执法人员"], cert_no="64052210002", cert_expiry="2028-06-30",
                      joined_on="2026-05-01")
    return store


def said(record) -> dict[str, str]:
    return {w.label: w.message for w in record.warnings}


def test_rows_the_roster_contradicts_are_said_at_the_field_to_correct(roster, valid_record):
    record = roster.save("enforcement_check", valid_record(
        "enforcement_check", checked_on="2026-03-10", staff_requiring_certificate=2, staff_certified=2,
        certificates=[{"name": "李强", "certificate_no": "64052210003", "valid_until": "2027-06-30"},
                      {"name": "王军", "certificate_no": "X1", "valid_until": "2028-01-01"}]), ACTOR)
    assert said(record) == {
        "执法证核查第1行·有效期": "名册中李强的执法证有效期为2025-06-30（已过期），与此处的2027-06-30不符，请核对",
        "执法证核查第2行·执法证号": "名册中王军为“未持证”，此处却填写了执法证号X1，请核对"
                              "（已取得执法证的，请在人员名册中填写其证号和有效期）",
    }


def test_another_number_is_said_but_an_earlier_certificate_and_a_name_not_in_post_are_not(roster, valid_record):
    """The roster keeps the current certificate: a row with an earlier 有效期 (renewed since) is not doubted; 张伟
    joined in May, so a March check's 张伟 is someone the roster cannot tell."""
    record = roster.save("enforcement_check", valid_record(
        "enforcement_check", checked_on="2025-03-10", staff_requiring_certificate=3, staff_certified=3,
        certificates=[{"name": "李强", "certificate_no": "64052219999", "valid_until": "2025-06-30"},
                      {"name": "李强", "certificate_no": "64052200001", "valid_until": "2024-12-31"},
                      {"name": "张伟", "certificate_no": "A1", "valid_until": "2029-01-01"}]), ACTOR)
    assert {label: message for label, message in said(record).items() if "名册" in message} == {
        "执法证核查第1行·执法证号": "名册中李强的执法证号为64052210003，与此处的64052219999不符，请核对"}


def test_rows_as_the_roster_gives_them_say_nothing(roster, valid_record):
    record = roster.save("enforcement_check", valid_record(
        "enforcement_check", checked_on="2025-03-10", staff_requiring_certificate=2, staff_certified=1,
        certificates=[{"name": "李强", "certificate_no": "64052210003", "valid_until": "2025-06-30"},
                      {"name": "王军"}]), ACTOR)
    assert said(record) == {}


def test_a_name_twice_is_said_and_t29_takes_its_certified_row(store, valid_record):
    """Row 1 certified, row 2 blank: T29 read 0 / 1 (the later row won); now 1 / 1, with a warning to tell the
    two apart."""
    record = store.save("enforcement_check", valid_record(
        "enforcement_check", checked_on="2026-03-02", staff_requiring_certificate=2, staff_certified=1,
        certificates=[{"name": "张伟", "certificate_no": "64052210002", "valid_until": "2028-06-30"},
                      {"name": "张伟"}]), ACTOR)
    assert said(record) == {"执法证核查第2行·姓名": "执法证核查中“张伟”列了两次；同名的两人请加以区分"}
    t29 = compute(store, load_catalog_for(store), 2026, today=APRIL).figure("T29", TOWN)
    assert t29.amount_text() == "1 / 1（100.0%）"


def test_a_later_check_still_wins_over_an_earlier_certified_row(store, valid_record):
    store.save("enforcement_check", valid_record(
        "enforcement_check", checked_on="2026-03-02", staff_requiring_certificate=2, staff_certified=1,
        certificates=[{"name": "张伟"}, {"name": "张伟", "certificate_no": "64052210002",
                                          "valid_until": "2028-06-30"}]), ACTOR)
    store.save("enforcement_check", valid_record(
        "enforcement_check", checked_on="2026-03-20", staff_requiring_certificate=1, staff_certified=0,
        certificates=[{"name": "张伟", "certificate_no": "64052210002", "valid_until": "2026-03-01"}]), ACTOR)
    t29 = compute(store, load_catalog_for(store), 2026, today=APRIL).figure("T29", TOWN)
    assert t29.amount_text() == "0 / 1（0.0%）"


def test_the_roster_and_a_past_expiry_say_already_expired(store):
    person = people.add_person(store, ACTOR, "李强", roles=["执法人员"], cert_no="64052210003",
                               cert_expiry="2025-06-30")
    assert person.expiry_text("2026-06-01") == "2025-06-30（已过期）"
    assert person.expiry_text("2025-06-30") == "2025-06-30"
    assert people.expiry_note(store, person) == (
        "李强的执法证有效期2025-06-30早于今天，名册中显示为“已过期”；已换发新证的，请填写新的执法证号和有效期")
