"""执法证核查 rows are judged against the certificate the roster gave that person on the check's day (twenty-second
session): a March row after a June renewal or withdrawal was not checked at all, since the roster keeps only the
current certificate; the roster's change log now gives March's."""

from datetime import UTC, datetime

import pytest

from fazhi_desktop.core import people

ACTOR = "杨芳"
JANUARY, JUNE, AUGUST = (datetime(2026, month, 5, 2, 0, tzinfo=UTC) for month in (1, 6, 8))


@pytest.fixture
def roster(store, clock):
    """In January: 李强 with a certificate to 2026-06-30, 王军 with one to 2026-12-31, 马文 a 执法人员 without
    one (未持证), 田亮 a 调解员. In June: 李强's renewed, 王军's withdrawn, 马文 given one, 田亮 made a 执法人员
    (未持证)."""
    clock.set(JANUARY)
    li = people.add_person(store, ACTOR, "李强", roles=["执法人员"], cert_no="64052210003", cert_expiry="2026-06-30")
    wang = people.add_person(store, ACTOR, "王军", roles=["执法人员"], cert_no="64052210007",
                             cert_expiry="2026-12-31")
    ma = people.add_person(store, ACTOR, "马文", roles=["执法人员"])
    tian = people.add_person(store, ACTOR, "田亮", roles=["调解员"])
    clock.set(JUNE)
    people.update_person(store, li.id, ACTOR, "李强", roles=["执法人员"], cert_no="64052219001",
                         cert_expiry="2031-06-30")
    people.update_person(store, wang.id, ACTOR, "王军", roles=["执法人员"], phone="13909510001")
    people.update_person(store, wang.id, ACTOR, "王军", roles=["执法人员"])  # withdrawn; the phone kept on
    people.update_person(store, ma.id, ACTOR, "马文", roles=["执法人员"], cert_no="64052219002",
                         cert_expiry="2031-06-30")
    people.update_person(store, tian.id, ACTOR, "田亮", roles=["调解员", "执法人员"])
    clock.set(AUGUST)
    return store


def said(store, valid_record, day, rows) -> dict[str, str]:
    """What saving a check of `day` with certificate `rows` ((name, number, 有效期)) says of them from the roster."""
    record = store.save("enforcement_check", valid_record(
        "enforcement_check", checked_on=day, staff_requiring_certificate=len(rows),
        staff_certified=sum(1 for row in rows if row[1]),
        certificates=[{"name": name, "certificate_no": number, "valid_until": until} for name, number, until in rows]),
        ACTOR)
    return {w.label: w.message for w in record.warnings if "名册" in w.message}


def test_a_march_row_is_judged_against_the_certificate_before_the_june_renewal(roster, valid_record):
    assert said(roster, valid_record, "2026-03-05", [("李强", "64052210003", "2026-06-30")]) == {}
    assert said(roster, valid_record, "2026-03-05", [("李强", "64052210033", "2026-06-30"),
                                                     ("马文", "64052219002", "2031-06-30")]) == {
        "执法证核查第1行·执法证号": "名册中李强的执法证号为64052210003，与此处的64052210033不符，请核对",
        "执法证核查第2行·执法证号": "名册中马文为“未持证”，此处却填写了执法证号64052219002，请核对"
                              "（已取得执法证的，请在人员名册中填写其证号和有效期）"}
    # the certificate issued in June is not March's: its number and 有效期 are both questioned
    assert said(roster, valid_record, "2026-03-05", [("李强", "64052219001", "2031-06-30")]) == {
        "执法证核查第1行·执法证号": "名册中李强的执法证号为64052210003，与此处的64052219001不符，请核对",
        "执法证核查第1行·有效期": "名册中李强的执法证有效期为2026-06-30，与此处的2031-06-30不符，请核对"}


def test_a_july_row_is_judged_against_the_certificate_after_the_june_changes(roster, valid_record):
    assert said(roster, valid_record, "2026-07-06", [("李强", "64052219001", "2031-06-30"),
                                                     ("马文", "64052219002", "2031-06-30")]) == {}
    assert said(roster, valid_record, "2026-07-06", [("王军", "64052210007", "2026-12-31")]) == {
        "执法证核查第1行·执法证号": "名册中王军为“未持证”，此处却填写了执法证号64052210007，请核对"
                              "（已取得执法证的，请在人员名册中填写其证号和有效期）"}


def test_a_march_row_is_judged_against_the_certificate_withdrawn_in_june(roster, valid_record):
    assert said(roster, valid_record, "2026-03-05", [("王军", "64052210007", "2026-12-31")]) == {}
    assert said(roster, valid_record, "2026-03-05", [("王军", "64052210007", "2027-12-31")]) == {
        "执法证核查第1行·有效期": "名册中王军的执法证有效期为2026-12-31，与此处的2027-12-31不符，请核对"}


def test_roles_are_taken_as_they_were_that_day(roster, valid_record):
    """田亮 became a 执法人员 in June: in March the roster said nothing of his certificate; from June, 未持证."""
    assert said(roster, valid_record, "2026-03-05", [("田亮", "X1", "2030-01-01")]) == {}
    assert people.roster_certificate(roster, "田亮", "2026-06-05") == (None, None)
    assert people.roster_certificate(roster, "田亮", "2026-06-04") is None


def test_the_lookup_turns_at_the_office_day_of_the_change(roster):
    """The changes were made at 10:00 Beijing time on 5 June: that day has the new certificate, the 4th the old."""
    assert people.roster_certificate(roster, "李强", "2026-06-04") == ("64052210003", "2026-06-30")
    assert people.roster_certificate(roster, "李强", "2026-06-05") == ("64052219001", "2031-06-30")
    assert people.roster_certificate(roster, "王军", "2026-06-04") == ("64052210007", "2026-12-31")
    assert people.roster_certificate(roster, "王军", "2026-06-05") == (None, None)


def test_someone_in_the_roster_before_the_log_began_is_not_judged_before_its_first_entry(store, clock, valid_record):
    """A database from before the roster's change log (migration 020): what 赵刚's certificate was before the
    first change it logged is not known, since changes before the log left no trace; from that change on, it is."""
    store.conn.execute("INSERT INTO people (id, name, roles, cert_no, cert_expiry, active, revision, updated_at,"
                       " updated_by) VALUES ('old', '赵刚', ?, '64052210009', '2026-12-31', 1, 3,"
                       " '2025-04-01T02:00:00Z', '马文')", ['["执法人员"]'])
    store.conn.commit()
    clock.set(JANUARY)
    people.update_person(store, "old", ACTOR, "赵刚", roles=["执法人员"], cert_no="64052210009",
                         cert_expiry="2026-12-31", phone="13909510002")
    assert people.roster_certificate(store, "赵刚", "2025-12-01") == ("64052210009", "2026-12-31")  # never changed
    clock.set(JUNE)
    people.update_person(store, "old", ACTOR, "赵刚", roles=["执法人员"], cert_no="64052219009",
                         cert_expiry="2031-06-30", phone="13909510002")
    assert people.roster_certificate(store, "赵刚", "2026-03-05") == ("64052210009", "2026-12-31")
    assert people.roster_certificate(store, "赵刚", "2025-12-01") is None
    clock.set(AUGUST)
    assert said(store, valid_record, "2025-12-01", [("赵刚", "X9", "2029-01-01")]) == {}
