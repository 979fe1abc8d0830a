"""A code one slip from a genuine one, of a paper changed since (reviews of printed papers): the answer said
纸面与数据不符 and 核验码多半抄写有误 side by side, and the inspector retyping it then read 打印后已修改, three verdicts
on one paper. Now one answer: the slip first, then what the genuine code says of the paper, with its record."""

from __future__ import annotations

from test_register_page_codes import cases, page_codes

from fazhi_desktop.core.documents import build_register_document, check_print, print_code

ACTOR = "杨芳"


def slipped(code: str) -> str:
    return code[:-1] + ("0" if code[-1] != "0" else "1")


def test_a_slip_in_a_records_code_says_the_slip_then_that_it_changed_since(store, valid_record):
    case = cases(store, valid_record, 1)[0]
    code = print_code(store, case)
    store.save("mediation_case", {"case_name": "马某与李某宅基地边界纠纷"}, ACTOR, record_id=case.id)
    said = check_print(store, slipped(code))
    assert said.status == "mismatch" and not said.ok
    assert said.message.startswith("核验码多半抄写有误：与第 1 版的核验码只差一位（或相邻两位颠倒）。请对照纸面")
    assert "按第 1 版的核验码核验——打印后已修改：纸面所印为调解案件 〔2026〕人调字第1号 第 1 版" in said.message
    assert "纸面与数据不符" not in said.message and said.message.count("核验码多半抄写有误") == 1
    assert said.record_id == case.id  # 打开记录 opens it
    revision = code.replace("-1-", "-2-")  # revision 1's digits under the number 2
    assert check_print(store, revision).message.startswith("核验码多半抄写有误：其中的版次若是 1，即为该记录第 1 版")


def test_a_slip_in_a_register_pages_code_says_the_slip_then_what_changed_on_it(store, valid_record):
    saved = cases(store, valid_record, 4)
    code = page_codes(build_register_document(store, "mediation_case", 2026))[0]
    for record in saved[1:3]:
        store.save("mediation_case", {"case_name": "马某与李某宅基地边界纠纷"}, ACTOR, record_id=record.id)
    said = check_print(store, slipped(code))
    assert said.status == "mismatch"
    assert said.message.startswith("核验码多半抄写有误：与该页的核验码只差一位（或相邻两位颠倒）。")
    assert "按该页的核验码核验——打印后已修改：纸面所印为海城镇司法所2026年调解案件台账第 1 页" in said.message
    assert "〔2026〕人调字第2号 打印的是第 1 版，数据库中现为第 2 版" in said.message
    assert "纸面与数据不符" not in said.message
    assert said.record_id == saved[1].id
    assert said.changed == ((saved[1].id, saved[1].number), (saved[2].id, saved[2].number))
    page_id, _, digits = code.split("-")
    wrong_page = check_print(store, f"{page_id}-2-{digits}")
    assert wrong_page.message.startswith("核验码多半抄写有误：其中的页码若是 1，即为该台账第 1 页的核验码。")
    assert "按第 1 页的核验码核验——打印后已修改" in wrong_page.message
