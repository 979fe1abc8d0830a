"""显示的项目 names rows by number and role, never by a value: a row whose 角色 holds what is no choice (kept from
before the form's choices changed: the editor keeps it) put that text into the reveal log, a party's name too, by
every producer (a record shown whole, a number clicked in the editor, 查找当事人)."""

from __future__ import annotations

from bundle_world import saved_by_an_older_version
from person_records import STAFF_PASSWORD

from fazhi_desktop.core import accounts, person_search, reveals

HIS = {"role": "申请人", "party_type": "自然人", "name": "马建国", "id_number": "640522196803120316"}
HERS = {"role": "被申请人", "party_type": "自然人", "name": "李秀兰", "id_number": "640522197507230427"}


def test_a_role_that_is_no_choice_is_not_written_into_the_log(store, staff, valid_record):
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    case = store.save("mediation_case", valid_record("mediation_case", parties=[HIS, HERS]), "杨芳")
    saved_by_an_older_version(store, case.id, parties=[HIS, {**HERS, "role": "马建国之妻李秀兰"}])
    case = store.get(case.id)
    parties = store.ledger("mediation_case").field("parties")
    assert reveals.row_label(parties, 2, case.values["parties"][1]) == "当事人2"  # the editor's row says so too
    assert reveals.row_label(parties, 1, case.values["parties"][0]) == "当事人1（申请人）"
    reveals.note_reveals(store, [case], "fazhi show --reveal")
    person_search.find(store, person_search.person(id_number=HERS["id_number"]), "当事人本人申请查阅")
    held = [row["shown"] for row in store.query("SELECT shown FROM reveal_log ORDER BY id")]
    assert held == ["当事人1（申请人）：身份证号；当事人2：身份证号", "当事人"]
    assert not any("李秀兰" in text or "马建国" in text for text in held)
