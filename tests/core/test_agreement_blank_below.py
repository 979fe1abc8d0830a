"""No room left on the agreement to write terms in after signing: a page of its text that ends short says
（本页以下空白） under its last line, and a page of signatures alone is headed （此页无正文）."""

from __future__ import annotations

from test_documents_agreement import SIGNATURES, TAKES_EFFECT, another_case, with_clauses  # noqa: F401  (fixture)
from test_documents_pdf import MM, demo  # noqa: F401  (fixture)

from fazhi_desktop.core.documents import build_document

BLANK_BELOW, NO_TEXT = "（本页以下空白）", "（此页无正文）"
SUPPORT = [  # a 赡养 agreement: an old father and his four sons
    "一、自2026年12月起，四名被申请人每人每月向申请人支付赡养费人民币叁佰元整（300元），于每月5日前以现金或银行"
    "转账方式交付申请人本人。",
    "二、申请人由四名被申请人轮流照料，每人照料三个月，照料期间负责申请人的饮食起居、日常洗涮及看病就医，轮流次序为"
    "长子、次子、三子、四子。",
    "三、申请人患病住院所产生的医疗费用，在新型农村合作医疗报销后的剩余部分，由四名被申请人平均分担；住院期间由当月"
    "照料人负责陪护，其他被申请人予以协助。",
    "四、申请人现居住的老宅由申请人终身居住使用，任何被申请人不得擅自占用、出租或拆除；老宅的日常维修费用由四名被申请人"
    "平均分担。",
]


def lines(page) -> list[str]:
    """The page's lines of body text (14 pt), top to bottom."""
    rows: dict[int, str] = {}
    for run in sorted(page.texts(), key=lambda r: (round(r.y), r.x)):
        if run.size == 14:
            rows[round(run.y)] = rows.get(round(run.y), "") + run.text
    return [rows[y] for y in sorted(rows)]


def support_case(demo, case):  # noqa: F811
    parties = case.values["parties"]
    father = dict(parties[0], role="申请人", name="马占福")
    sons = [dict(parties[-1], role="被申请人", name=name) for name in ("马志刚", "马志强", "马志明", "马志军")]
    values = {"parties": [father, *sons], "agreement_content": "\n".join(SUPPORT), "mediators": ["马秀兰", "虎小平"]}
    return demo.save("mediation_case", values, "测试", record_id=case.id)


def test_the_page_before_the_signed_one_says_the_rest_of_it_is_blank(demo, another_case):  # noqa: F811
    """The reviewer's 赡养 agreement ran to three pages, page 2 half empty under its last term: room to write one
    more in after the parties signed on page 3."""
    doc = build_document(demo, support_case(demo, another_case), "agreement")
    pages = [lines(page) for page in doc.pages]
    assert len(pages) == 3
    assert pages[1][-1].strip() == BLANK_BELOW  # right under the last line of the terms
    assert "一次性履行" in "".join(pages[1]) or "履行完毕" in "".join(pages[1])
    signed = "".join(pages[2])
    assert BLANK_BELOW not in signed and NO_TEXT not in signed  # the signed page carries the 生效 clause
    assert signed.index(TAKES_EFFECT) < signed.index(SIGNATURES)


def test_a_page_of_signatures_alone_is_headed_no_text(demo, another_case):  # noqa: F811
    """Fourteen parties: their lines go on over a page that holds no text, which says so above them."""
    names = ["马建国", "杨秀英", "李富贵", "海玉兰", "苏明", "周华", "王强", "田丽", "禹成", "马福", "杨海", "李娟"]
    doc = build_document(demo, with_clauses(demo, another_case, 2, more_parties=names), "agreement")
    pages = [lines(page) for page in doc.pages]
    assert pages[-1][0] == NO_TEXT and "申请人" in pages[-1][1]
    assert not any(NO_TEXT in line for page in pages[:-1] for line in page)
    assert TAKES_EFFECT in "".join(pages[-2])
