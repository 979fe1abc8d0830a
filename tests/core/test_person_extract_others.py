"""个人信息摘录 read as the villager would, for records the PIPL review's five did not have: a child he is 法定代理人
of sharing his phone, a 单位 on the other side, another party whose name is inside his, a name typed with a space,
a search by phone alone; and what the 用途 may hold. Nothing of anyone else may be printed, and his own name must
come out whole (core/documents/extract.py, core/person_search.py)."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import pytest
from person_records import HIS_ID, HIS_PHONE

from fazhi_desktop.core import person_search
from fazhi_desktop.core.documents.errors import DocumentError
from fazhi_desktop.core.documents.extract import render_extract
from fazhi_desktop.core.errors import ValidationError

REASON = "当事人本人申请查阅、复制"
CHILD_ID = "640522201503120318"  # 马小军, 11 years old: art. 28 sensitive


def party(role: str, name: str, **values: Any) -> dict[str, Any]:
    return {"role": role, "party_type": "自然人", "name": name, **values}


def case(store, name: str, parties: list[dict[str, Any]]):
    return store.save("mediation_case", {"case_category": "人民调解", "case_name": name, "accepted_on": "2026-05-12",
                                         "dispute_type": "其他纠纷", "parties": parties}, "杨芳")


@pytest.fixture
def records(store):
    """His case; the case of his son, whose row carries his phone; his case against a 单位 named after its owner;
    马林海's case against 马林; his case against 李秀兰, typed 李 秀兰 in the parties."""
    return [case(store, "马小军与马福林人身损害赔偿纠纷",
                 [party("申请人", "马小军", guardian="马建国", guardian_relation="父亲", phone=HIS_PHONE,
                        id_number=CHILD_ID), party("被申请人", "马福林", phone="13709551234")]),
            case(store, "马建国与海原县马福林砖厂买卖合同纠纷",
                 [party("申请人", "马建国", id_number=HIS_ID, phone=HIS_PHONE),
                  {"role": "被申请人", "party_type": "单位", "org_name": "海原县马福林砖厂",
                   "legal_representative": "马福林"}]),
            case(store, "马林海与马林宅基地纠纷", [party("申请人", "马林海"), party("被申请人", "马林")]),
            case(store, "马建国与李秀兰相邻关系纠纷",
                 [party("申请人", "马建国", id_number=HIS_ID), party("被申请人", "李 秀兰")])]


def pdf_text(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is installed by .ci/setup")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def titles(text: str) -> list[str]:
    return [line.removeprefix("案件名称").strip() for line in text.splitlines() if "纠纷" in line]


def test_the_titles_name_nobody_else_and_his_name_whole(store, records, tmp_path):
    found = person_search.find(store, person_search.person("马建国", phone=HIS_PHONE), REASON)
    render_extract(store, found, tmp_path / "ma.pdf")
    text = pdf_text(tmp_path / "ma.pdf")
    # his son's row (his phone) starts unticked; the title of the case he acts in says the child by role
    assert titles(text) == ["申请人与被申请人人身损害赔偿纠纷", "马建国与被申请人买卖合同纠纷",
                            "马建国与被申请人相邻关系纠纷"]
    assert [held for held in ("马小军", CHILD_ID, "马福林", "砖厂", "李秀兰") if held in text] == []

    found = person_search.find(store, person_search.person("马林海"), REASON)
    render_extract(store, found, tmp_path / "mlh.pdf")
    assert titles(pdf_text(tmp_path / "mlh.pdf")) == ["马林海与被申请人宅基地纠纷"]


def test_an_extract_of_a_search_by_number_alone_is_refused(store, records, tmp_path):
    """By his phone alone the search finds his son's row too, under its own name: an extract headed 本人 马小军
    held the child's full ID number and birth date, handed to the father."""
    found = person_search.find(store, person_search.person(phone=HIS_PHONE), REASON)
    assert {hit.record.number for hit in found.hits} == {records[0].number, records[1].number}
    with pytest.raises(DocumentError, match="请填写本人姓名后重新查找"):
        render_extract(store, found, tmp_path / "ph.pdf")
    assert not (tmp_path / "ph.pdf").exists()


@pytest.mark.parametrize("reason, said", [
    ("本人来所，电话 139 9512 0316", "请不要写证件号码或电话号码"),
    ("本人来所，电话 139-9512-0316", "请不要写证件号码或电话号码"),
    ("马建国本人申请查阅", "请不要写所查的姓名"),
], ids=["phone-spaced", "phone-dashed", "name"])
def test_a_reason_holding_his_number_or_name_is_refused(store, records, reason, said):
    """The log keeps the 用途, never what was looked for: a phone typed in groups, or his name, went into it."""
    with pytest.raises(ValidationError, match=f"用途：{said}"):
        person_search.find(store, person_search.person("马建国"), reason)
    assert store.query("SELECT count(*) AS n FROM reveal_log")[0]["n"] == 0
