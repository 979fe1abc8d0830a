"""A roster change mid-year does not turn an earlier, true 执法证核查 row into a warning; rows from the change on,
and rows of people added to the roster later, are still checked against it."""
from fazhi_desktop.core import people
from fazhi_desktop.core.validate import clean_record

ACTOR = "杨芳"


def test_a_certificate_withdrawn_in_june_does_not_doubt_the_march_row_that_had_it(store, valid_record):
    wang = people.add_person(store, ACTOR, "王军", roles=["执法人员"], cert_no="64052210007",
                             cert_expiry="2026-12-31")
    record = store.save("enforcement_check", valid_record(
        "enforcement_check", checked_on="2026-03-05", staff_requiring_certificate=1, staff_certified=1,
        certificates=[{"name": "王军", "certificate_no": "64052210007", "valid_until": "2026-12-31"}]), ACTOR)
    assert [w.message for w in record.warnings] == []
    # June: his certificate is withdrawn (注销); the roster now lists him 未持证
    people.update_person(store, wang.id, ACTOR, "王军", roles=["执法人员"])
    said = _said(store, record.id)
    assert said == [], said


def _said(store, record_id):
    """What the record's 执法证核查 rows are told now, as opening and saving it again would say."""
    cleaned = clean_record(store.ledgers["enforcement_check"], store.get(record_id).values, store.lookups())
    return [w.message for w in cleaned.warnings]


def test_a_row_dated_from_the_change_on_is_still_checked_against_the_roster(store, valid_record):
    wang = people.add_person(store, ACTOR, "王军", roles=["执法人员"], cert_no="64052210007",
                             cert_expiry="2026-12-31")
    people.update_person(store, wang.id, ACTOR, "王军", roles=["执法人员"])  # withdrawn on 2026-06-01 (the clock)
    record = store.save("enforcement_check", valid_record(
        "enforcement_check", checked_on="2026-06-01", staff_requiring_certificate=1, staff_certified=1,
        certificates=[{"name": "王军", "certificate_no": "64052210007", "valid_until": "2026-12-31"}]), ACTOR)
    assert any("名册中王军为“未持证”" in message for message in _said(store, record.id))


def test_adding_a_person_later_is_no_change_of_certificate(store, valid_record):
    """The roster set up in June still checks the March rows entered after it: adding someone changes nothing."""
    people.add_person(store, ACTOR, "王军", roles=["执法人员"], cert_no="64052210007", cert_expiry="2026-12-31")
    record = store.save("enforcement_check", valid_record(
        "enforcement_check", checked_on="2026-03-05", staff_requiring_certificate=1, staff_certified=1,
        certificates=[{"name": "王军", "certificate_no": "64052210099", "valid_until": "2026-12-31"}]), ACTOR)
    assert any("执法证号为64052210007" in message for message in _said(store, record.id))
