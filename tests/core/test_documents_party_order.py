"""The 协议书 and the 调解案件记录 list the parties as the official forms do, 申请人, then 被申请人, then 第三人 (each
role's in the order typed): they listed them in typing order, roles mixed (申请人, 被申请人, 第三人, 第三人, 申请人)."""

from __future__ import annotations

from fazhi_desktop.core.documents import build_document, build_register_document

TYPED = [("申请人", "马文"), ("被申请人", "李建国"), ("第三人", "田玉春"), ("第三人", "苏燕"), ("申请人", "杨成")]
ORDER = ["马文", "杨成", "李建国", "田玉春", "苏燕"]


def case(store, valid_record):
    parties = [{"role": role, "party_type": "自然人", "name": name} for role, name in TYPED]
    return store.save("mediation_case", valid_record(
        "mediation_case", parties=parties, result="调解成功", agreement_form="书面", mediated_on="2026-03-06",
        mediators=["虎小平"]), "杨芳")


def order_in(text: str, before: str = "", after: str = "") -> list[str]:
    """The parties' names in the order `text` prints them (the first of each after `before`, before `after`)."""
    start = text.index(before) if before else 0
    end = text.index(after, start) if after else len(text)
    part = text[start:end]
    return sorted(ORDER, key=part.index)


def test_the_agreement_lists_applicants_then_respondents_then_third_parties(store, valid_record):
    text = build_document(store, case(store, valid_record), "agreement").text().replace("\n", "")
    particulars = order_in(text, after="纠纷的主要事实")
    assert particulars == ORDER
    assert "申请人：马文。申请人：杨成。被申请人：李建国。第三人：田玉春。第三人：苏燕。" in text
    assert order_in(text, before="当事人（签名") == ORDER  # the signature block in the same order
    assert "申请人 杨成：" in text


def test_the_case_record_numbers_the_parties_in_that_order(store, valid_record):
    text = build_document(store, case(store, valid_record), "record").text().replace("\n", "")
    assert order_in(text, before="当事人一") == ORDER
    assert text.index("当事人二") < text.index("杨成") < text.index("当事人三")


def test_the_register_names_the_parties_in_that_order(store, valid_record):
    case(store, valid_record)
    text = build_register_document(store, "mediation_case", 2026).text().replace("\n", "")
    assert "马文、杨成、李建国、田玉春、苏燕" in text
