"""Code review C of the twentieth session: a phone number typed with 0086 (a phone field accepts it) was not read
out, and the visible parts of a phone number followed by a year were joined into another, valid, number and found
another person's record instead of the one wanted. Searched both ways now (`search.readings`)."""
import pytest

from fazhi_desktop.core.identifiers import normalize_phone
from fazhi_desktop.core.store import ListQuery

ACTOR = "马文军"
PARTY = {"role": "申请人", "party_type": "自然人", "name": "祁秘秘", "gender": "男", "birth_date": "1985-07-12",
         "id_number": "64052219850712109X", "phone": "13912345678"}


@pytest.fixture
def party_case(store, valid_record):
    store.save("mediation_case", valid_record("mediation_case", case_name="宅基地纠纷", parties=[PARTY]), ACTOR)


def cases(store, text):
    return len(store.list(ListQuery("mediation_case", text=text)))


@pytest.mark.parametrize("typed", ["0086 139 1234 5678", "0086 13912345678", "0086-139-1234-5678"])
def test_a_mobile_with_0086_as_a_phone_field_accepts_it_is_read_out(store, party_case, typed):
    assert normalize_phone(typed) == "13912345678"  # the phone field takes it
    assert cases(store, "+86 139 1234 5678") == 1  # README: as a phone field accepts it
    assert cases(store, typed) == 1


OTHER = {**PARTY, "name": "马兰", "id_number": "640522198507123570", "phone": "13900002026"}


def test_the_visible_parts_and_a_year_are_not_one_phone_number(store, valid_record):
    """139 5678 2026 — the phone's visible parts and the year — was three terms and found the case; then the three
    groups made the valid mobile 13956782026, searched as 139****2026 only: the case was not found, another person's
    was. Both readings are searched now: the case is found again (the other too: it may be the number meant)."""
    store.save("mediation_case", valid_record("mediation_case", case_name="宅基地纠纷", parties=[PARTY]), ACTOR)
    store.save("mediation_case", valid_record("mediation_case", case_name="邻里纠纷", parties=[OTHER]), ACTOR)
    wanted = [r.values["case_name"] for r in store.list(ListQuery("mediation_case", text="139 5678"))]
    assert wanted == ["宅基地纠纷"]
    years = {r.values["accepted_on"][:4] for r in store.list(ListQuery("mediation_case"))}
    year = years.pop()
    found = store.list(ListQuery("mediation_case", text=f"139 5678 {year}"))
    assert sorted(r.values["case_name"] for r in found) == ["宅基地纠纷", "邻里纠纷"]
    tips = {r.values["case_name"]: store.found_in(r, f"139 5678 {year}") for r in found}
    assert "当事人" in tips["宅基地纠纷"] and "当事人" in tips["邻里纠纷"]  # the tooltip reads both ways too


def test_a_landline_s_visible_parts_and_a_year_are_not_one_landline(store, valid_record):
    store.save("complaint", valid_record("complaint", contact="0955-3012345"), ACTOR)
    assert len(store.list(ListQuery("complaint", text="0955 2345"))) == 1
    year = store.list(ListQuery("complaint"))[0].number[1:5]
    found = store.list(ListQuery("complaint", text=f"0955 2345 {year}"))
    assert len(found) == 1
    assert store.found_in(found[0], f"0955 2345 {year}")  # the tooltip names where
