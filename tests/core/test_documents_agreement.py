"""The 人民调解协议书 as the parties and an inspector read it: no letter-spaced lines, the signatures never on a page
of their own yet the page before not left half empty for them, and every mediator named with a line to sign on
(人民调解法 art. 29)."""

from __future__ import annotations

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from test_documents_pdf import MM, bbox_lines, demo, pick, text_of  # noqa: F401  (demo: fixture)

from fazhi_desktop.core.documents import build_document, render_document
from fazhi_desktop.core.documents.cjk import MAX_STRETCH
from fazhi_desktop.core.documents.layout import Page, Rule
from fazhi_desktop.core.store import ListQuery

RIGHT_EDGE = 210 - 26  # mm: the agreement's text block ends 26 mm from the right of the page
TEXT_BOTTOM, TEXT_HEIGHT = 297 - 30, 297 - 60  # mm: the text block is 30 mm from the top and the bottom of the page
SIGNATURES = "当事人（签名、盖章或者按指印）："
TAKES_EFFECT = "本协议自各方当事人签名、盖章或者按指印"  # the clause on when the agreement takes effect
CLAUSES = [
    "一、被申请人于2026年7月31日前一次性赔偿申请人房屋修缮费、误工费、交通费等各项损失共计人民币捌仟伍佰元整"
    "（8500元），以现金或银行转账方式支付至申请人指定账户。",
    "二、被申请人自本协议签订之日起十五日内，将其在两户宅基地交界处自行砌筑的院墙拆除，并按照村民委员会现场测量确定的"
    "界线重新砌筑，费用由被申请人自行承担。",
    "三、双方宅基地之间的排水沟由双方共同使用、共同维护，任何一方不得堵塞、占用或者改变排水方向；日常清理由双方按月轮流"
    "负责，所需费用各半承担。",
    "四、申请人在被申请人拆除、重新砌筑院墙期间应当提供必要的便利，不得阻挠施工；施工中如造成申请人财物损坏的，由被申请人"
    "照价赔偿。",
    "五、本协议履行完毕后，双方就本次宅基地界墙及排水纠纷再无其他争议，任何一方不得再以同一事实和理由向对方主张权利。",
]


@pytest.fixture
def age_only_respondent(demo):  # noqa: F811
    """The reviewer's case: the respondent's age typed but not the birth date (saving takes it from her number since
    session 18), no 民族, so "公民身份号码" ends a short line and the 18-digit number, which never breaks, starts the
    next."""
    record = pick(demo, "mediation_case", result="调解成功", agreement_form="书面", case_category="人民调解")
    parties = [dict(p) for p in record.values["parties"]]
    respondent = next(p for p in parties if p["role"] == "被申请人")
    respondent.update(party_type="自然人", name="田娟", gender="女", ethnicity=None, birth_date=None, age=52,
                      id_number="640522197403150529", occupation="农民", address="海城镇双河村7组")
    return demo.save("mediation_case", {"parties": parties}, "测试", record_id=record.id)


@pytest.fixture(scope="module")
def another_case(demo):  # noqa: F811
    """The last demo 人民调解 case (not the one `age_only_respondent` changes) as the demo made it."""
    return [r for r in agreements(demo) if r.values["case_category"] == "人民调解"][-1]


def with_clauses(demo, case, count, more_parties=()):  # noqa: F811
    """`case` agreeing the first `count` of CLAUSES, a paragraph each, before two mediators; `more_parties` (names)
    join its parties with the particulars of its last one."""
    parties = case.values["parties"]
    more = [dict(parties[-1], name=name, role=("申请人", "被申请人")[i % 2]) for i, name in enumerate(more_parties)]
    values = {"agreement_content": "\n".join(CLAUSES[:count]), "mediators": ["马秀兰", "虎小平"],
              "parties": [*parties, *more]}
    return demo.save("mediation_case", values, "测试", record_id=case.id)


def flat(text):
    return text.replace("\n", "").replace(" ", "")


def empty_below(page: Page) -> float:
    """The share of the text block's height left empty under the last line of a page."""
    last = max(run.y for run in page.texts() if run.size == 14) / MM  # baseline of the last line of text, in mm
    return (TEXT_BOTTOM - last) / TEXT_HEIGHT


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
    assert short[4] == "被申请人：田娟，女，1974年**月**日出生，公民身份号码"
    assert short[2] < RIGHT_EDGE - 10, short  # ends short of the margin: set at its natural spacing
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


def test_a_short_agreement_fills_page_one_and_the_signatures_take_the_whole_clause_on_taking_effect(
        demo, age_only_respondent, tmp_path):  # noqa: F811
    """Page 1 used to end after the facts, nearly half empty: the terms, the closing notes and the signatures, more
    than half a page together, moved to page 2 as one piece."""
    path = tmp_path / "agreement.pdf"
    render_document(demo, age_only_respondent.id, "agreement", path)
    pages = [flat(text_of(path, n)) for n in (1, 2)]
    content = flat(age_only_respondent.values["agreement_content"])
    assert "经调解，各方当事人自愿达成如下协议" in pages[0] and content in pages[0]  # the terms fill page 1
    assert "履行方式、期限" in pages[0] and "前履行完毕" in pages[0]
    assert pages[1].startswith(TAKES_EFFECT) and SIGNATURES in pages[1]  # the signatures under the whole clause
    assert pages[1].index("申请司法确认。") < pages[1].index(SIGNATURES)
    assert empty_below(build_document(demo, age_only_respondent, "agreement").pages[0]) <= 1 / 4


@pytest.mark.parametrize("clauses", range(1, 6))
def test_however_long_the_agreement_page_one_is_at_least_three_quarters_full(demo, another_case, clauses):  # noqa: F811
    doc = build_document(demo, with_clauses(demo, another_case, clauses), "agreement")
    assert len(doc.pages) == 2
    assert empty_below(doc.pages[0]) <= 1 / 4, clauses


def test_a_long_agreement_begins_on_page_one_and_its_last_clause_is_on_the_signed_page(demo, another_case,  # noqa: F811
                                                                                       tmp_path):
    record = with_clauses(demo, another_case, 5)
    path = tmp_path / "agreement.pdf"
    render_document(demo, record.id, "agreement", path)
    first, signed = flat(text_of(path, 1)), flat(text_of(path, 2))
    assert CLAUSES[0] in first  # the agreement runs on from page 1...
    assert CLAUSES[-1] in signed and signed.index(CLAUSES[-1]) < signed.index(SIGNATURES)  # ...to the signatures
    assert "经调解，各方当事人自愿达成如下协议" not in signed  # only its end went to the signed page


def test_a_tall_signature_block_leaves_no_page_holding_a_stray_line(demo, another_case):  # noqa: F811
    """Five parties and two mediators make a signature block of two-thirds of a page, and the agreement runs to three
    pages: page 2 used to hold one line, the middle of a clause cut over all three."""
    record = with_clauses(demo, another_case, 1, more_parties=["马建国", "杨秀英", "李富贵"])
    doc = build_document(demo, record, "agreement")
    lines = [{round(run.y) for run in page.texts() if run.size == 14} for page in doc.pages]
    assert min(len(page) for page in lines) >= 5, [len(page) for page in lines]  # no line or two on a page alone
    pages = ["".join(run.text for run in page.texts()) for page in doc.pages]
    assert any(CLAUSES[0] in text for text in pages)  # the three-line clause whole on one page
    assert TAKES_EFFECT in pages[-1].split(SIGNATURES)[0]


#: the case `another_case` was when this layout was found (the demo's draws moved since: its parties now print an ID
#: number each, and page 1 has no room left to give): its parties and terms, so the page breaks stay where they were
PINNED_CASE = {
    "parties": [
        {"address": "海城镇双河村1组", "age": 74, "ethnicity": "汉族", "gender": "男", "name": "刘成",
         "occupation": "个体工商户", "party_type": "自然人", "phone": "19971277083", "role": "申请人"},
        {"address": "海城镇杨山村7组", "birth_date": "1969-05-04", "ethnicity": "回族", "gender": "女",
         "id_number": "640522196905043868", "name": "王兰", "occupation": "养殖户", "party_type": "自然人",
         "phone": "18227646990", "role": "被申请人"}],
    "dispute_summary": "刘成等5人在王兰承包的村道硬化工程务工，完工后王兰以工程款未结清为由拖欠工资38600元。",
    "claims": "请求支付拖欠的劳务报酬38600元。",
    "party_responsibilities": "王兰作为用工方负有按时支付劳动报酬的义务，应承担全部责任。",
    "performance_method": "即时履行", "performance_deadline": "2026-01-07", "performance_status": "已履行",
}


def test_keeping_a_clause_whole_never_costs_a_third_page(demo, another_case):  # noqa: F811
    """Four parties and two mediators: kept whole on page 2, the second clause would push the signatures onto a
    third page; two of its lines end page 1 instead."""
    pinned = demo.save("mediation_case", PINNED_CASE, "测试", record_id=another_case.id)
    record = with_clauses(demo, pinned, 2, more_parties=["马建国", "杨秀英"])
    doc = build_document(demo, record, "agreement")
    assert len(doc.pages) == 2
    assert TAKES_EFFECT in "".join(run.text for run in doc.pages[1].texts()).split(SIGNATURES)[0]


def test_in_every_demo_agreement_the_signatures_follow_the_closing_clause_and_no_page_ends_with_a_heading(
        demo):  # noqa: F811
    split = 0
    for record in agreements(demo):
        doc = build_document(demo, record, "agreement")
        pages = ["".join(r.text for r in page.texts()) for page in doc.pages]
        signed = next(i for i, text in enumerate(pages) if SIGNATURES in text)
        before = pages[signed].split(SIGNATURES)[0]
        assert TAKES_EFFECT in before, record.number  # the whole clause on taking effect, at least
        if signed and ("履行方式、期限" in before or "前履行完毕" in before):  # the terms went along with them only...
            assert empty_below(doc.pages[signed - 1]) <= 1 / 4, record.number  # ...where page 1 stayed well filled
        elif signed:
            assert "前履行完毕" in pages[signed - 1] or "履行方式、期限" in pages[signed - 1], record.number
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


def test_judicial_confirmation_is_for_both_parties_or_for_all_of_them(demo, another_case):  # noqa: F811
    """Art. 33 speaks of 双方当事人; with a third party the agreement says 各方."""
    pair = demo.save("mediation_case", {"parties": another_case.values["parties"][:2]}, "测试",
                     record_id=another_case.id)
    two = flat("".join(run.text for page in build_document(demo, pair, "agreement").pages for run in page.texts()))
    assert "双方当事人可以自本协议生效之日起三十日内" in two
    record = with_clauses(demo, pair, 1, more_parties=["马建国"])
    three = flat("".join(run.text for page in build_document(demo, record, "agreement").pages for run in page.texts()))
    assert "各方当事人可以自本协议生效之日起三十日内" in three and "双方当事人" not in three


def test_signatures_of_many_households_go_on_over_the_next_page_not_off_the_bottom(demo, another_case):  # noqa: F811
    """Fourteen parties sign more lines than a page holds: the list goes on over the next page, between two parties,
    and the mediators stay with the committee's seal; nothing is drawn below the text block."""
    names = ["马建国", "杨秀英", "李富贵", "海玉兰", "苏明", "周华", "王强", "田丽", "禹成", "马福", "杨海", "李娟"]
    record = with_clauses(demo, another_case, 2, more_parties=names)
    doc = build_document(demo, record, "agreement")
    for page in doc.pages:
        assert max(run.y for run in page.texts() if run.size == 14) / MM <= TEXT_BOTTOM + 0.5
    pages = ["".join(run.text for run in page.texts()) for page in doc.pages]
    assert len(doc.pages) >= 3 and SIGNATURES in pages[-2] and TAKES_EFFECT in pages[-2]
    assert "人民调解员（签名）：" in pages[-1] and "马秀兰：" in pages[-1] and "（盖章）" in pages[-1]
    assert "申请人" in pages[-1].split("人民调解员")[0]  # at least one party signs on the seal's page


def test_an_organisation_with_a_long_name_signs_on_a_line_of_its_own_inside_the_page(demo, another_case):  # noqa: F811
    """"被申请人 宁夏回族自治区…联合社第三生产" ran off the page, and the line to sign on was drawn under the name."""
    long = "宁夏回族自治区中卫市海原县海城镇双河村农民专业合作社联合社第三生产经营服务部"
    parties = [*another_case.values["parties"][:1],
               {"role": "被申请人", "party_type": "单位", "org_name": long, "legal_representative": "马福"}]
    record = demo.save("mediation_case", {"parties": parties}, "测试", record_id=another_case.id)
    doc = build_document(demo, record, "agreement")
    for page in doc.pages:
        for run in page.texts():
            assert (run.x + stringWidth(run.text, run.font, run.size)) / MM <= 210 - 25 + 0.5, run.text  # margin
    page = doc.pages[-1]
    runs = [r for r in page.texts() if r.size == 14]
    first = next(r for r in runs if r.text.startswith("被申请人 宁夏"))
    rules = [item for item in page.items if isinstance(item, Rule) and item.x2 - item.x1 > 30 * MM]
    below = [rule for rule in rules if rule.y1 > first.y + 5]  # its line to sign on, under the whole name
    assert below and all(rule.x2 <= (210 - 25) * MM for rule in rules)
    assert long in "".join(r.text for r in runs).replace(" ", "")


@pytest.mark.parametrize("parties", [8, 9])
def test_eight_or_nine_parties_leave_no_page_of_two_or_three_lines(demo, another_case, parties):  # noqa: F811
    """The 生效 clause and nine parties' signatures are taller than a page: the clause was cut, two or three of its
    lines alone on a page before the signed one. The parties' lines may go on over the next page instead."""
    names = ["马建国", "杨秀英", "李富贵", "海玉兰", "苏明", "周华", "王强", "田丽", "禹成"]
    more = names[: parties - len(another_case.values["parties"])]
    for clauses in range(1, 6):
        record = with_clauses(demo, another_case, clauses, more_parties=more)
        doc = build_document(demo, record, "agreement")
        lines = [{round(run.y) for run in page.texts() if run.size == 14} for page in doc.pages]
        assert min(len(page) for page in lines) >= 5, (clauses, [len(page) for page in lines])
        pages = ["".join(run.text for run in page.texts()) for page in doc.pages]
        signed = next(text for text in pages if SIGNATURES in text)
        assert "申请司法确认。" in signed.split(SIGNATURES)[0]  # the signatures under (the end of) the 生效 clause
        assert "申请人" in pages[-1].split("人民调解员（签名）：")[0]  # a party signs on the seal's page


def test_an_organisation_party_seals_and_its_legal_representative_signs(demo, another_case):  # noqa: F811
    """A 单位 got a bare line to sign on, with no （盖章） and no line for its 法定代表人."""
    parties = [*another_case.values["parties"][:1],
               {"role": "被申请人", "party_type": "单位", "org_name": "海原县鑫盛建筑工程有限公司",
                "legal_representative": "马福"}]
    record = demo.save("mediation_case", {"parties": parties}, "测试", record_id=another_case.id)
    doc = build_document(demo, record, "agreement")
    signed = "".join(run.text for run in doc.pages[-1].texts()).split("当事人（签名、盖章或者按指印）：")[-1]
    assert "被申请人 海原县鑫盛建筑工程有限公司（盖章）：法定代表人 马福（签名）：" in signed
    applicant = another_case.values["parties"][0]
    assert f"{applicant['role']} {applicant['name']}：" in signed  # a person signs as before


def test_a_lead_in_ending_in_a_colon_never_ends_a_page(demo, another_case):  # noqa: F811
    """"二、双方确认：" stood alone at the foot of page 1, the items it leads to on page 2."""
    moved = 0
    for filler in range(12):
        terms = ["一、被申请人向申请人赔偿损失。"] * filler + ["二、双方确认：", *CLAUSES[:3]]
        record = demo.save("mediation_case", {"agreement_content": "\n".join(terms)}, "测试", record_id=another_case.id)
        doc = build_document(demo, record, "agreement")
        for page in doc.pages[:-1]:
            last = max((run for run in page.texts() if run.size == 14), key=lambda run: run.y)
            assert not last.text.endswith("："), (filler, last.text)
        moved += any(run.text == "二、双方确认：" for page in doc.pages[1:] for run in page.texts())
    assert moved  # some of these put the lead-in at the foot of a page: the break was judged
