"""An enforcement-supervision officer's quarter (nineteenth session): a complaint carried over into a year with
nothing else, links given by record number, a roster 执法人员 without a certificate, a certificate row without its
有效期, and T29's drill-down naming the people it counts."""

from __future__ import annotations

from datetime import date

from fazhi_desktop.core.indicators import compute, load_catalog_for
from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.indicators.completeness import completeness

ACTOR, TOWN = "杨芳", "640522100"
MARCH = date(2026, 3, 1)


def complaint(store, accepted_on="2025-12-20", **more):
    return store.save("complaint", {"accepted_on": accepted_on, "source": "网络", "complainant": "匿名",
                                    "respondent": "乡综合执法办", "matter": "夜间执法扰民", **more}, ACTOR)


def test_a_complaint_carried_into_an_empty_year_is_scored_not_no_data(store):
    """Last December's complaint, still open, is 2026's T30b: 0 / 1, 有风险 (was 无数据, hiding it all spring); the
    other figures, with nothing of 2026, stay 无数据, and 数据完整性 no longer says the year has no record at all."""
    complaint(store)
    catalog = load_catalog_for(store)
    results = compute(store, catalog, 2026, today=MARCH)
    open_one = results.figure("T30b", TOWN)
    assert (open_one.amount_text(), open_one.status) == ("0 / 1（0.0%）", st.AT_RISK)
    assert results.figure("T30a", TOWN).status == st.NO_DATA
    assert results.carried[TOWN] == 1
    [row] = completeness(store, 2026, MARCH, results.carried).townships
    assert row.problems() == ["本年没有新登记的记录（只有上年结转、计入本年指标的 1 条）：请在各台账中登记本年的工作"]


def test_a_complaint_closed_in_january_counts_as_closed(store):
    complaint(store, closed_on="2026-01-10", handling_result="属实")
    results = compute(store, load_catalog_for(store), 2026, today=MARCH)
    assert (results.figure("T30b", TOWN).amount_text(), results.figure("T30b", TOWN).status) == (
        "1 / 1（100.0%）", st.MET)


def test_the_county_asks_about_a_year_with_only_carried_over_records_without_saying_it_has_none():
    from fazhi_desktop.core.indicators.completeness import TownshipCompleteness

    row = TownshipCompleteness("640522100", "海城镇", True, 3, 3, "2026-02-01T02:00:00Z", 28, (), None, 0,
                               {"complaint": 0}, carried=1)
    assert row.problems() == ["本年没有新登记的记录（只有上年结转、计入本年指标的 1 条）：请向乡镇核实"]


def test_a_link_given_as_the_record_number_is_taken_and_a_wrong_one_says_what_to_write(store, valid_record):
    """`fazhi add complaint --json` with "related_check": "〔2026〕执监字第1号" was refused (所链接的记录…不存在) though
    the check existed: only its internal id was taken, where Excel import took the number."""
    import pytest

    from fazhi_desktop.core.errors import ValidationError

    check = store.save("enforcement_check", valid_record("enforcement_check"), ACTOR)
    linked = complaint(store, "2026-03-06", related_check=check.number)
    assert store.get(linked.id).values["related_check"] == check.id
    with pytest.raises(ValidationError) as refused:
        complaint(store, "2026-03-06", related_check="〔2026〕执监字第9号")
    # the example is a number the ledger holds, never a fixed one (which was the very number mistyped)
    assert str(refused.value) == ("关联监督检查：找不到编号为“〔2026〕执监字第9号”的行政执法监督检查记录"
                                  "（请写所链接记录的编号，如 〔2026〕执监字第1号）")


def test_a_link_number_typed_without_di_is_taken_and_a_deleted_ones_number_says_it_was_deleted(store, valid_record):
    """〔2026〕执监字1号 was refused while (2026)执监字第1号 was taken; a deleted check named by its number was
    找不到, though by its id it was 所链接的…已删除; with no check numbered, the example is this year's form."""
    import pytest

    from fazhi_desktop.core.errors import ValidationError
    from fazhi_desktop.core.store import ListQuery

    with pytest.raises(ValidationError, match=r"行政执法监督检查中还没有已编号的记录；编号形如 〔2026〕执监字第1号"):
        complaint(store, "2026-03-06", related_check="〔2026〕执监字第3号")
    first, second = (store.save("enforcement_check", valid_record("enforcement_check"), ACTOR) for _ in range(2))
    assert store.get(complaint(store, "2026-03-06", related_check="〔2026〕执监字1号").id).values[
        "related_check"] == first.id
    assert [r.id for r in store.list(ListQuery("enforcement_check", text="（2026）执监字2号"))] == [second.id]
    store.delete(first.id, ACTOR)
    for named in (first.number, first.id):
        with pytest.raises(ValidationError) as refused:
            complaint(store, "2026-03-06", related_check=named)
        assert str(refused.value) == ("关联监督检查：所链接的〔2026〕执监字第1号已删除："
                                      "请链接其他行政执法监督检查记录，或清空此项")


def test_a_roster_officer_without_a_certificate_is_kept_listed_uncertified_and_counted_so(store, valid_record):
    """The roster refused a 执法人员 without 执法证号, yet T29 exists to find such staff: he is kept, the roster
    lists him 未持证, and a check's row naming him without a number counts him uncertified (0 / 1)."""
    from fazhi_desktop.core import people

    person = people.add_person(store, ACTOR, "海军", "综合执法队员", roles=["执法人员"])
    assert (person.cert_no, person.cert_text) == (None, "未持证")
    certified = people.add_person(store, ACTOR, "禹成", roles=["执法人员"], cert_no="宁640522-2021-0087")
    assert certified.cert_text == "宁640522-2021-0087"
    assert people.add_person(store, ACTOR, "虎小平", roles=["调解员"]).cert_text == ""
    store.save("enforcement_check", valid_record(
        "enforcement_check", staff_requiring_certificate=1, staff_certified=0,
        certificates=[{"name": "海军"}]), ACTOR)
    t29 = compute(store, load_catalog_for(store), 2026, today=date(2026, 4, 1)).figure("T29", TOWN)
    assert (t29.amount_text(), t29.status) == ("0 / 1（0.0%）", st.AT_RISK)


def test_t29_s_counted_part_names_the_certified_people_as_its_gap_names_the_others(store, valid_record):
    """T29's 计入的记录 listed only the check (1 / 2), where 尚未计入的记录 named 马小龙: the scorer could not see who
    was counted certified. Each part now names its people, as their latest check of the year found them."""
    from fazhi_desktop.core.indicators import drill

    store.save("enforcement_check", valid_record(
        "enforcement_check", staff_requiring_certificate=2, staff_certified=1,
        certificates=[{"name": "海军", "certificate_no": "宁执0087", "valid_until": "2027-12-31"},
                      {"name": "马小龙"}]), ACTOR)
    catalog, april = load_catalog_for(store), date(2026, 4, 1)
    named = {part: drill(store, catalog, "T29", 2026, TOWN, part, today=april).people
             for part in ("value", "denominator", "gap")}
    assert named == {"value": [(TOWN, "海军")], "denominator": [(TOWN, "海军"), (TOWN, "马小龙")],
                     "gap": [(TOWN, "马小龙")]}
