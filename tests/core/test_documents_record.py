"""A printed record (会议记录, 执法监督检查记录, 调解案件记录 …) as the clerk and the signers see it on paper: the
signature lines on a page with the form, names whole on their line, room to write in a blank form."""

from __future__ import annotations

from test_documents_pdf import demo  # noqa: F401  (fixture)

from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.documents.layout import Rule
from fazhi_desktop.core.store import ListQuery


def form_rows_on(page) -> bool:
    """Whether any ruled form row is drawn on `page` (its cells' vertical rules)."""
    return any(isinstance(item, Rule) and item.x1 == item.x2 for item in page.items)


def test_the_signature_lines_never_stand_alone_on_the_last_page(demo):  # noqa: F811
    """One demo record in fifteen printed its form on page 1 and only "主持人（签字）：___" on page 2."""
    checked = 0
    for ledger in demo.ledgers:
        for record in demo.list(ListQuery(ledger)):
            doc = build_document(demo, record, "record")
            last = doc.pages[-1]
            assert any("（签字）" in run.text for run in last.texts()), record.number
            if len(doc.pages) > 1:
                assert form_rows_on(last), (record.number, len(doc.pages))
                checked += 1
    assert checked >= 10  # records long enough to go over a page were judged
