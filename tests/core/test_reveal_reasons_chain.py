"""The reveal log's purpose (用途) and what was shown are in its hash chain: changed, cleared or filled in behind the
program's back, `fazhi check` says so (entries written before they were kept, NULL, still verify as written:
test_reveal_log_upgrade.py)."""

from __future__ import annotations

import pytest

from fazhi_desktop.core import reveals
from fazhi_desktop.core.check import check_database
from fazhi_desktop.core.errors import ValidationError

PARTY = {"role": "被申请人", "party_type": "自然人", "name": "李秀兰", "id_number": "640522197507230427"}


@pytest.fixture
def noted(store, staff, valid_record):
    store.user = staff["head"]
    case = store.save("mediation_case", valid_record("mediation_case", parties=[PARTY]), "杨芳")
    reveals.note_reveals(store, [case], "fazhi show --reveal", "  当事人本人\n查询 ")  # one line as noted
    reveals.note_entries(store, [reveals.entry(store, case, "当事人1（被申请人）：身份证号")], "编辑窗口中查看")
    return store


def problems(store) -> list[str]:
    return check_database(store).problems


@pytest.mark.parametrize("sql", [
    "UPDATE reveal_log SET reason = '法院调取' WHERE id = 1",  # another purpose
    "UPDATE reveal_log SET reason = NULL WHERE id = 1",  # the purpose taken out
    "UPDATE reveal_log SET reason = '核对证件' WHERE id = 2",  # one put into an entry that had none
    "UPDATE reveal_log SET shown = '当事人1（申请人）：身份证号' WHERE id = 2",  # another party
    # two entries' purposes swapped (each entry as written still in the log, under the other's)
    "UPDATE reveal_log SET reason = CASE id WHEN 1 THEN (SELECT reason FROM reveal_log WHERE id = 2)"
    " ELSE (SELECT reason FROM reveal_log WHERE id = 1) END WHERE id IN (1, 2)",
    "UPDATE reveal_log SET shown = NULL WHERE id = 2",  # what was shown taken out: hashed as an older entry
])
def test_a_purpose_or_what_was_shown_changed_behind_the_programs_back_is_found(noted, staff, sql):
    noted.user = staff["admin"]
    assert [(e["reason"], e["shown"]) for e in reveals.reveal_log(noted)] == [
        (None, "当事人1（被申请人）：身份证号"), ("当事人本人 查询", "当事人1（被申请人）：出生日期、身份证号")]
    assert problems(noted) == []
    noted.conn.execute(sql)
    assert len(problems(noted)) == 1 and "条目内容被改动" in problems(noted)[0]


def test_a_purpose_too_long_is_refused_and_nothing_is_noted(noted, staff):
    case = noted.query("SELECT id FROM mediation_case")[0]["id"]
    with pytest.raises(ValidationError, match="用途：请写得短一些"):
        reveals.note_reveals(noted, [noted.get(case)], "fazhi show --reveal", "查" * 61)
    noted.user = staff["admin"]
    assert len(reveals.reveal_log(noted)) == 2
