"""The 签到表 has a row for everyone it says is expected, and its header row never stands alone at a page's foot."""

from __future__ import annotations

from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.documents.fonts import resolve_fonts
from fazhi_desktop.core.documents.layout import A4_PORTRAIT, MM, Style, Typesetter
from fazhi_desktop.core.documents.table import Column, Flow, Table


def row_numbers(page) -> list[int]:
    """The 序号 printed on a page of the sheet (the rows' numbers, 12 pt)."""
    return [int(r.text) for r in page.texts() if r.text.isdigit() and r.size == 12]


def test_a_sign_in_sheet_has_a_row_for_each_of_the_expected(store, valid_record):
    """应到人数 32 with three people named printed one page of 18 rows ending "应到 32 人": fifteen had no row."""
    record = store.save("law_study", valid_record(
        "law_study", activity_type="专题法治讲座", topic="民法典宣讲", held_on="2026-11-20", host="田玉春",
        expected_count=32, participants=["田玉春", "马志刚", "李强"]), "杨芳")
    doc = build_document(store, record, "signin")
    numbers = [n for page in doc.pages for n in row_numbers(page)]
    assert numbers == list(range(1, len(numbers) + 1))  # one run, page after page
    assert len(numbers) >= 32 + 3  # the 32 expected and the walk-ins' rows under them
    assert len(doc.pages) == 2 and "应到 32 人" in doc.text()
    assert "应到 32 人" in "".join(r.text for r in doc.pages[-1].texts())
    names = {r.text for r in doc.pages[0].texts()}
    assert {"田玉春", "马志刚", "李强"} <= names


def test_the_expected_count_adds_no_rows_when_the_names_are_as_many(store, valid_record):
    people = [f"参会人{n:02d}" for n in range(10)]
    record = store.save("law_study", valid_record("law_study", expected_count=8, participants=people), "杨芳")
    doc = build_document(store, record, "signin")
    assert len(doc.pages) == 1 and max(row_numbers(doc.pages[0])) < 20  # the page's walk-in rows, no more


def test_the_header_row_is_never_alone_at_the_foot_of_a_page(store, valid_record):
    """A long 会议名称 left the 签到表's header row alone at the foot of page 1: kept with a line of text, not with
    an 11 mm row."""
    judged = 0
    for length in range(560, 624, 8):  # the title pushes the table down the page, a little more each time
        title = ("2026年第22次镇政府常务会议暨法治政府建设专题研究部署会议" * 20)[:length]
        record = store.save("meeting", valid_record("meeting", title=title, attendees=["田玉春", "马志刚"]), "杨芳")
        doc = build_document(store, record, "signin")
        for number, page in enumerate(doc.pages, 1):
            texts = [r.text for r in page.texts()]
            assert texts.count("序号") <= 1, (length, number)  # the header once a page
            if "序号" in texts:
                assert row_numbers(page), (length, number)  # with a row under it
        judged += "序号" not in {r.text for r in doc.pages[0].texts()}  # the table began overleaf
    assert judged  # some titles left no room for the header and a row on page 1


def test_a_table_keeps_its_header_with_a_whole_first_row_wherever_it_begins():
    ts = Typesetter(resolve_fonts())
    table = Table(ts, [Column("序号", 40), Column("签名", 200)], Style("fangsong", 12), Style("heiti", 12), 16.0,
                  padding=3, min_height=11 * MM)
    for start in range(600, 760, 3):
        flow = Flow(A4_PORTRAIT, 60, 780, 60, 540)
        flow.y = start
        table.draw(flow, [["1", ""], ["2", ""]])
        for page in flow.pages:
            texts = [r.text for r in page.texts()]
            assert texts.count("序号") <= 1, start
            assert "序号" not in texts or "1" in texts or "2" in texts, start
