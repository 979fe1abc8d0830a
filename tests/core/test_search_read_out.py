"""What a clerk types into the search while a caller reads something out: a whole ID or phone number, a month
written 2025.3 or 2025年3月份; and, for a name, in which field of a record it was found."""

from __future__ import annotations

import pytest

from fazhi_desktop.core import search
from fazhi_desktop.core.store import ListQuery, Store

ACTOR = "马文军"
#: shown as 640522********3570 and 139****5678
PARTY = {"role": "申请人", "party_type": "自然人", "name": "祁秘秘", "gender": "男", "birth_date": "1985-07-12",
         "id_number": "640522198507123570", "phone": "13912345678"}
#: another valid ID number with the same visible parts (born 1960-01-07)
SAME_VISIBLE = "640522196001073570"


def cases(store: Store, text: str) -> int:
    return len(store.list(ListQuery("mediation_case", text=text)))


@pytest.fixture
def party_case(store, valid_record):
    store.save("mediation_case", valid_record("mediation_case", case_name="宅基地纠纷", parties=[PARTY]), ACTOR)
    store.save("mediation_case", valid_record("mediation_case", case_name="邻里纠纷"), ACTOR)


@pytest.mark.parametrize("typed", ["640522198507123570", "640522 19850712 3570", "６４０５２２１９８５０７１２３５７０",
                                   "640522850712357", "13912345678", "139-1234-5678", "139 1234 5678",
                                   "+86 139 1234 5678", "139****5678", "139＊＊＊＊5678", "640522＊＊＊＊＊＊＊＊3570",
                                   "祁秘秘 139 1234 5678"])
def test_a_whole_id_or_phone_number_read_out_finds_the_case(store, party_case, typed):
    """640522198507123570 and 13912345678 found nothing while 640522 3570 found the case: the clerk told the
    caller there was no record. A 15-digit old number is the 18-digit one it became."""
    assert cases(store, typed) == 1


def test_a_whole_number_finds_what_its_visible_parts_find_and_the_hidden_digits_tell_nothing(store, party_case):
    """Searched as its masked form: a different valid number with the same visible parts finds the same case (it is
    the same knowledge), and the hidden digits alone, or a number with the wrong visible parts, find nothing."""
    assert cases(store, SAME_VISIBLE) == cases(store, "640522 3570") == 1
    assert cases(store, "13987655678") == cases(store, "139 5678") == 1  # the middle digits are not looked at
    for hidden in ("19850712", "198507123", "1234", "12345678", "391234", "0712357", "640522198507123"):
        assert cases(store, hidden) == 0, hidden
    for other in ("640522198507124039", "13912345679", "139-1234-5679", "640423198507123572"):
        assert cases(store, other) == 0, other


def test_an_id_number_with_a_wrong_check_digit_is_searched_only_as_typed(store, valid_record):
    """Not an ID number (a typo, or another 18-digit number): it is no ID's masked form; a text holding it finds it."""
    store.save("mediation_case", valid_record("mediation_case", case_name="宅基地纠纷", parties=[PARTY],
                                              remarks="原卷号640522198507123571"), ACTOR)
    store.save("mediation_case", valid_record("mediation_case", case_name="另案", parties=[PARTY]), ACTOR)
    assert cases(store, "640522198507123571") == 1
    assert cases(store, "640522198507123570") == 2


def test_a_whole_number_written_in_a_text_is_still_found_as_typed_and_as_stored(store, valid_record):
    """A phone number in a 备注 is shown whole: found as typed and in the form a phone field stores it."""
    store.save("mediation_case", valid_record("mediation_case", case_name="回访", remarks="回访电话13912345678"),
               ACTOR)
    assert cases(store, "13912345678") == cases(store, "139-1234-5678") == 1


def test_a_landline_is_found_as_a_phone_field_accepts_it(store, valid_record):
    complaint = valid_record("complaint", contact="0955-3012345")
    store.save("complaint", complaint, ACTOR)
    for typed in ("0955-3012345", "0955 3012345", "(0955)3012345", "09553012345", "0955-****2345"):
        assert len(store.list(ListQuery("complaint", text=typed))) == 1, typed
    assert len(store.list(ListQuery("complaint", text="3012345"))) == 0  # without the area code: its hidden digits


def test_digit_groups_that_are_no_whole_number_stay_separate_terms():
    assert search._terms("640522 3570") == ["640522", "3570"]
    assert search._terms("139 5678 马") == ["139", "5678", "马"]
    assert search._terms("李强 139 1234 5678 2026") == ["李强", "139 1234 5678", "2026"]


# --- months as a clerk writes them ----------------------------------------------------------------------------


def meetings(store: Store, text: str) -> list[str]:
    return sorted(r.values["title"] for r in store.list(ListQuery("meeting", text=text)))


@pytest.mark.parametrize("typed", ["2025.3", "2025年3月份", "2025年03月", "２０２５．３"])
def test_a_month_written_with_a_point_or_as_a_month_is_found(store, valid_record, typed):
    """2025/3 and 2025.3.5 found March 2025's meetings; 2025.3 and 2025年3月份 found nothing."""
    store.save("meeting", valid_record("meeting", title="春耕会", held_on="2025-03-05"), ACTOR)
    store.save("meeting", valid_record("meeting", title="防汛会", held_on="2025-04-05"), ACTOR)
    assert meetings(store, typed) == ["春耕会"]


def test_a_month_typed_with_a_point_still_finds_the_same_number_written_in_a_text(store, valid_record):
    """2025.3 is also an amount (2025.3 元): found as typed, as 2026-3 finds a text's 2026-3 too."""
    store.save("meeting", valid_record("meeting", title="经费会", held_on="2026-06-01", remarks="支出2025.3元"), ACTOR)
    store.save("meeting", valid_record("meeting", title="春耕会", held_on="2025-03-05"), ACTOR)
    store.save("meeting", valid_record("meeting", title="预算会", held_on="2026-06-02", remarks="支出2025.35元"), ACTOR)
    assert meetings(store, "2025.3") == ["春耕会", "经费会", "预算会"]
    assert meetings(store, "2025.35") == ["预算会"]  # no month: as typed only


# --- where a name was found -----------------------------------------------------------------------------------


def test_the_fields_a_search_found_a_record_in_are_named(store, valid_record):
    """李强 found 121 meetings of 2026; in 7 he was 请假/缺席, and the list could not tell them apart."""
    there = store.save("meeting", valid_record("meeting", title="党委会", attendees=["李强", "马文"]), ACTOR)
    away = store.save("meeting", valid_record("meeting", title="防汛会", attendees=["马文"],
                                               absentees=[{"name": "李强", "reason": "下村入户"}]), ACTOR)
    assert store.found_in(there, "李强") == ["出席人员"]
    assert store.found_in(away, "李强") == ["请假/缺席人员"]
    assert store.found_in(away, "李强 防汛") == ["会议名称/届次", "请假/缺席人员"]
    assert store.found_in(away, "2026-3-5") == ["会议日期"]
    assert store.found_in(away, away.number) == ["编号"]
    assert store.found_in(away, "李强 党委") == []  # not found by this search


def test_a_number_is_found_in_the_party_rows_as_masked(store, party_case):
    case = store.list(ListQuery("mediation_case", text="640522198507123570"))[0]
    assert store.found_in(case, "640522198507123570") == store.found_in(case, "139 1234 5678") == ["当事人"]
    assert store.found_in(case, "19850712") == []
