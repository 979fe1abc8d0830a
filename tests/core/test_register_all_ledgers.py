"""全部台账 (twenty-seventh session, played as the 所长 before the county's annual inspection): the five registers
the inspection asks for were five runs of 打印本年度台账, each with its own save prompt. One choice now writes them
into one PDF, each register from a new page with its own title, page numbers and footer, and every page kept with its
核验码 as when printed alone: a page of the set checks out as that register's page."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/core/test_register_page_codes.py

from test_register_page_codes import cases, page_codes

from fazhi_desktop.core.documents import ALL, build_register_document, check_print, render_register


def footers(doc) -> list[str]:
    """Each page's "第 N 页 共 M 页"."""
    return [next(run.text for run in page.texts() if run.text.startswith("第 ") and "共" in run.text)
            for page in doc.pages]


def test_all_registers_in_one_pdf_each_as_printed_alone(store, valid_record, tmp_path):
    cases(store, valid_record, 40)  # the mediation register over two pages
    store.save("meeting", valid_record("meeting"), "杨芳")
    every = build_register_document(store, ALL, 2026)
    alone = {name: build_register_document(store, name, 2026) for name in store.ledgers}
    assert every.title == "海城镇司法所2026年全部台账"
    assert len(every.pages) == sum(len(doc.pages) for doc in alone.values())
    first = 0
    for name, doc in alone.items():  # in the ledgers' order, each from a new page, as printed alone
        part = every.pages[first : first + len(doc.pages)]
        assert next(run.text for run in part[0].texts()) == doc.title, name  # its own title on its first page
        assert footers(doc) == [f"第 {n} 页 共 {len(doc.pages)} 页" for n in range(1, len(doc.pages) + 1)]
        assert [p.texts() for p in part] == [p.texts() for p in doc.pages], name  # the very same pages
        first += len(doc.pages)
    codes = page_codes(every)
    assert len(codes) == len(every.pages) == len(set(codes))
    mediation = next(c for c in codes if check_print(store, c).message.count("调解案件台账第 2 页（共 2 页）"))
    assert check_print(store, mediation).ok
    assert all(check_print(store, code).ok for code in codes)
    written = render_register(store, ALL, 2026, tmp_path / "全部台账.pdf")
    assert written.pages == len(every.pages) and written.path.read_bytes().startswith(b"%PDF")
