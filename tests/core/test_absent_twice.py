"""A name in two rows of a meeting's 请假/缺席人员 or a study session's 缺席人员 (twenty-second session): a row added
twice printed the person twice in the 纪要, and two people of one name printed one row on the sign-in sheet; as for
执法证核查, the later row is now told so."""

import pytest

ACTOR = "杨芳"


@pytest.mark.parametrize(("ledger", "label"), [("meeting", "请假/缺席人员"), ("law_study", "缺席人员及原因")])
def test_a_name_in_two_absentee_rows_is_said_at_the_later_row(store, valid_record, ledger, label):
    record = store.save(ledger, valid_record(ledger, absentees=[
        {"name": "马斌", "reason": "下村入户"}, {"name": "王梅", "reason": "病假"},
        {"name": "马斌", "reason": "事假"}]), ACTOR)
    assert {w.label: w.message for w in record.warnings} == {
        f"{label}第3行·姓名": f"{label}中“马斌”列了两次；同名的两人请加以区分"}


def test_absentees_of_different_names_say_nothing(store, valid_record):
    record = store.save("meeting", valid_record("meeting", absentees=[{"name": "马斌"}, {"name": "王梅"}]), ACTOR)
    assert not record.warnings
