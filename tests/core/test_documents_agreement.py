"""The 人民调解协议书 as the parties and an inspector read it: no letter-spaced lines, the signatures never on a page
of their own, and every mediator named with a line to sign on (人民调解法 art. 29)."""

from __future__ import annotations

import pytest
from test_documents_pdf import MM, bbox_lines, demo, pick, text_of  # noqa: F401  (demo: fixture)

from fazhi_desktop.core.documents import build_document, render_document
from fazhi_desktop.core.documents.cjk import MAX_STRETCH
from fazhi_desktop.core.documents.layout import Rule
from fazhi_desktop.core.store import ListQuery

RIGHT_EDGE = 210 - 26  # mm: the agreement's text block ends 26 mm from the right of the page
SIGNATURES = "当事人（签名、盖章或者按指印）："


@pytest.fixture
def age_only_respondent(demo):  # noqa: F811
    """The reviewer's case: the respondent's age is known but not the birth date, so "公民身份号码" ends a short
    line and the 18-digit number, which never breaks, starts the next."""
    record = pick(demo, "mediation_case", result="调解成功", agreement_form="书面", case_category="人民调解")
    parties = [dict(p) for p in record.values["parties"]]
    respondent = next(p for p in parties if p["role"] == "被申请人")
    respondent.update(party_type="自然人", name="田娟", gender="女", ethnicity="汉族", birth_date=None, age=52,
                      id_number="640522197403150529", occupation="农民", address="海城镇双河村7组")
    return demo.save("mediation_case", {"parties": parties}, "测试", record_id=record.id)


def agreements(store):
    """Every demo case that has an agreement to print."""
    return [r for r in store.list(ListQuery("mediation_case")) if r.values.get("result") == "调解成功"
            and r.values.get("agreement_form") == "书面" and r.values.get("case_category") != "行政裁决"]


def test_a_line_whose_long_number_moved_down_is_left_short_not_letter_spaced(demo, age_only_respondent,  # noqa: F811
                                                                             tmp_path):
    path = tmp_path / "agreement.pdf"
    render_document(demo, age_only_respondent.id, "agreement", path)
    lines = bbox_lines(path, 1)
    short = next(line for line in lines if line[4].startswith("被申请人："))
    assert short[4] == "被申请人：田娟，女，汉族，52岁，公民身份号码"
    assert short[2] < RIGHT_EDGE - 30, short  # ends well short of the margin: set at its natural spacing
    characters = len(short[4])
    assert short[2] - short[0] < characters * 14 / MM * 1.05  # 14 pt characters, not spread apart
    assert "640522********0529" in text_of(path, 1).replace("\n", "")  # the number itself stays whole
    justified = next(line for line in lines if line[4].startswith("申请人："))
    assert abs(justified[2] - RIGHT_EDGE) < 1.0  # lines that need only a little spacing are still justified


def test_no_agreement_line_is_spread_wider_than_a_fraction_of_a_character(demo, age_only_respondent):  # noqa: F811
    for record in [age_only_respondent, *agreements(demo)]:
        for reveal in (False, True):
            doc = build_document(demo, record, "agreement", reveal=reveal)
            for run in (r for page in doc.pages for r in page.texts() if r.size == 14):
                assert run.char_space <= MAX_STRETCH * run.size + 1e-6, (record.number, run.text)


def test_the_signature_page_carries_the_last_lines_of_the_agreement(demo, age_only_respondent, tmp_path):  # noqa: F811
    path = tmp_path / "agreement.pdf"
    render_document(demo, age_only_respondent.id, "agreement", path)
    pages = [text_of(path, n).replace("\n", "").replace(" ", "") for n in (1, 2)]
    assert SIGNATURES in pages[1]
    assert "经调解，各方当事人自愿达成如下协议" in pages[1]  # the agreed terms are on the page that is signed
    assert age_only_respondent.values["agreement_content"].replace(" ", "") in pages[1]
    assert "履行方式、期限" in pages[1] and "前履行完毕" in pages[1]


def test_in_every_demo_agreement_the_signatures_follow_agreement_text_and_no_page_ends_with_a_heading(demo):  # noqa: F811
    split = 0
    for record in agreements(demo):
        doc = build_document(demo, record, "agreement")
        pages = ["".join(r.text for r in page.texts()) for page in doc.pages]
        signed = next(i for i, text in enumerate(pages) if SIGNATURES in text)
        before = pages[signed].split(SIGNATURES)[0]
        assert "前履行完毕" in before or "履行方式、期限" in before, record.number  # the last section of the text
        for page in doc.pages[:-1]:
            body = [r for r in page.texts() if r.size == 14]
            last_line = [r for r in body if r.y == max(r.y for r in body)]
            assert not all(r.font == doc.fonts["heiti"] for r in last_line), (record.number, last_line)
        split += len(doc.pages) > 1
    assert split  # some demo agreements do run to two pages


def test_each_mediator_is_named_with_a_line_to_sign_on(demo):  # noqa: F811
    record = pick(demo, "mediation_case", result="调解成功", agreement_form="书面", case_category="人民调解")
    record = demo.save("mediation_case", {"mediators": ["虎小平", "马秀兰"]}, "测试", record_id=record.id)
    doc = build_document(demo, record, "agreement")
    page = doc.pages[-1]
    runs = page.texts()
    label = next(r for r in runs if r.text == "人民调解员（签名）：")
    rules = [item for item in page.items if isinstance(item, Rule) and item.x2 - item.x1 > 30 * MM]
    for name in ("虎小平", "马秀兰"):
        run = next(r for r in runs if r.text == f"{name}：")
        assert run.y > label.y  # under the mediators' label, one line each
        assert any(abs(rule.y1 - run.y - 3) < 0.5 and rule.x1 > run.x for rule in rules), name
    party_rows = [r for r in runs if r.text.startswith(("申请人 ", "被申请人 "))]
    assert len(party_rows) == len(record.values["parties"])
