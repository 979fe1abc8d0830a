"""A 调解协议书 of two pages was signed on page 2 only (reviews of printed papers): a court may ask what ties page 1 to
the signatures, beyond page numbers a retyped page 1 carries too. Every page says 第 N 页 共 M 页, and each page
before the one the parties sign has their line to sign at its foot."""

from __future__ import annotations

from test_documents_agreement import (  # noqa: F401  (fixtures)
    SIGNATURES,
    age_only_respondent,
    agreements,
    another_case,
    with_clauses,
)
from test_documents_pdf import MM, demo  # noqa: F401  (fixture)

from fazhi_desktop.core.documents import build_document

INITIALS = "当事人签名："


def texts(page) -> str:
    return "".join(run.text for run in page.texts())


def initials_lines(page) -> list:
    """The initials line's label below the text block (30 mm from the bottom of the page), with its y in mm."""
    return [run.y / MM for run in page.texts() if run.text == INITIALS]


def test_page_one_of_a_two_page_agreement_has_the_parties_line_to_sign_and_every_page_its_number(
        demo, age_only_respondent):  # noqa: F811
    doc = build_document(demo, age_only_respondent, "agreement")
    pages = [texts(page) for page in doc.pages]
    assert len(pages) == 2 and SIGNATURES not in pages[0] and SIGNATURES in pages[1]
    for number, text in enumerate(pages, 1):
        assert f"第 {number} 页 共 2 页" in text
    (y,) = initials_lines(doc.pages[0])
    assert 297 - 30 + 8 < y < 297 - 5  # under the page number's line, inside what a printer prints
    assert initials_lines(doc.pages[1]) == []  # the signed page has the signature block itself


def test_only_pages_before_the_signatures_carry_it(demo, another_case):  # noqa: F811
    """Fourteen parties: their lines go on over a third page; pages 2 and 3 both hold signatures."""
    names = ["马建国", "杨秀英", "李富贵", "海玉兰", "苏明", "周华", "王强", "田丽", "禹成", "马福", "杨海", "李娟"]
    doc = build_document(demo, with_clauses(demo, another_case, 2, more_parties=names), "agreement")
    signed = next(n for n, page in enumerate(doc.pages) if SIGNATURES in texts(page))
    assert signed >= 1 and len(doc.pages) > signed + 1
    assert [bool(initials_lines(page)) for page in doc.pages] == [n < signed for n in range(len(doc.pages))]


def test_in_every_demo_agreement_the_pages_before_the_signed_one_carry_it(demo):  # noqa: F811
    lengths = set()
    for record in agreements(demo):
        doc = build_document(demo, record, "agreement")
        signed = next(n for n, page in enumerate(doc.pages) if SIGNATURES in texts(page))
        assert [len(initials_lines(page)) for page in doc.pages] == [int(n < signed) for n in range(len(doc.pages))]
        lengths.add(len(doc.pages))
    assert 2 in lengths
