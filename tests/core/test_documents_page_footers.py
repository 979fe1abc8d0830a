"""Every page of a 签到表 and of a 协议书 names its record at the foot, as the record form's pages do: after page 1 a
sign-in sheet's pages held only a table of names and an agreement's only terms, nothing saying which meeting or which
case a loose sheet belongs to."""

from __future__ import annotations

from fazhi_desktop.core.documents import build_document

ATTENDEES = [f"马{given}" for given in "一二三四五六七八九十"] + [f"杨{given}" for given in "一二三四五六七八九十"]
TERMS = "\n".join(f"{n}．被申请人于2026年12月{n}日前向申请人支付第{n}期款项人民币{n}000元，通过银行转账支付至申请人"
                  "指定账户（开户行：中国农业银行海原县支行）。" for n in range(1, 29))


def footers(doc, wanted: str) -> list[bool]:
    return [any(run.text == wanted for run in page.texts()) for page in doc.pages]


def test_every_page_of_a_sign_in_sheet_names_its_record(store, valid_record):
    attendees = [f"{surname}{given}" for surname in "马杨田李" for given in ATTENDEES[:10]]
    meeting = store.save("meeting", valid_record("meeting", attendees=attendees), "杨芳")
    doc = build_document(store, meeting, "signin")
    assert len(doc.pages) >= 2
    assert footers(doc, f"签到表 {meeting.number}") == [True] * len(doc.pages)


def test_every_page_of_a_study_sign_in_sheet_names_its_record(store, valid_record):
    study = store.save("law_study", valid_record("law_study", participants=ATTENDEES * 3), "杨芳")
    doc = build_document(store, study, "signin")
    assert len(doc.pages) >= 2 and footers(doc, f"签到表 {study.number}") == [True] * len(doc.pages)


def test_every_page_of_an_agreement_names_its_case(store, valid_record):
    parties = [{"role": "申请人", "party_type": "自然人", "name": "马某"},
               {"role": "被申请人", "party_type": "自然人", "name": "李某"}]
    case = store.save("mediation_case", valid_record("mediation_case", parties=parties, result="调解成功",
                                                     agreement_form="书面", agreement_content=TERMS), "杨芳")
    doc = build_document(store, case, "agreement")
    assert len(doc.pages) >= 2
    assert footers(doc, f"人民调解协议书 {case.number}") == [True] * len(doc.pages)
