"""The 纪要's pages: GB/T 9704's 22-line grid is kept (lines are moved, never squeezed), and no paragraph leaves a
single line alone at the foot or the head of a page, no page begins with an empty line, and the 出席 block does not
go over to a page of its own (documents audit: a second page holding only "实，确保各项工作取得实效。")."""

from __future__ import annotations

from itertools import pairwise

import pytest

from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.documents.layout import Document
from fazhi_desktop.core.documents.minutes import LINE_PITCH, TOP, body_paragraphs, grid_baseline, presence_blocks
from fazhi_desktop.core.documents.pagination import paginate
from fazhi_desktop.core.store import Record, Store

#: the auditor's m6: a 党委会 without attendance lists whose one discussion ends "…确保各项工作取得实效。"
STUDY = ("会议传达学习了习近平法治思想和《法治政府建设实施纲要（2021—2025年）》，与会人员结合工作实际进行了讨论，"
         "大家一致认为要深入学习贯彻，把法治思维贯穿于乡镇工作的各方面和全过程，切实提高运用法治思维和法治方式"
         "深化改革、推动发展、化解矛盾、维护稳定、应对风险的能力。会议要求，各部门要结合工作实际，认真抓好贯彻"
         "落实，确保各项工作取得实效。")
PEOPLE = ["马志刚", "田玉春", "杨芳", "欧阳晓明", "王梅", "虎小平", "马秀兰", "海军", "禹成", "苏燕", "马斌", "张丽",
          "李强", "田娟"]


def pages_of(doc: Document) -> list[list[tuple[int, str]]]:
    """Each page's body as (grid line, text) rows, the pieces on one baseline joined."""
    out = []
    for page in doc.pages:
        rows: dict[float, str] = {}
        for run in page.texts():
            if run.size == 16 and TOP < run.y < TOP + 22 * LINE_PITCH:
                rows[round(run.y, 1)] = rows.get(round(run.y, 1), "") + run.text
        out.append([(round((y - grid_baseline(0)) / LINE_PITCH), text) for y, text in sorted(rows.items())])
    return out


def lone_lines(store: Store, record: Record) -> list[str]:
    """What a clerk would strike out at each page break: a paragraph's first line alone at the foot of a page, its
    last line alone at the head of the next, an empty first line, the 出席 block alone on its page."""
    paragraphs = [text for _kind, text in body_paragraphs(store, record)]
    paragraphs += [f"{label}：{'、'.join(names)}" for label, names in presence_blocks(record)]
    found = []
    for before, after in pairwise(pages_of(build_document(store, record, "minutes"))):
        (_, last), (line, first) = before[-1], after[0]
        if any(p.startswith(last) and p != last for p in paragraphs):
            found.append(f"first line alone at the foot: {last}")
        if any(p.endswith(first) and p != first for p in paragraphs):
            found.append(f"last line alone at the head: {first}")
        if line != 0:
            found.append(f"page begins with an empty line: {first}")
        if first.startswith("出席："):
            found.append("出席 alone on its page")
    return found


def meeting(store: Store, valid_record, discussion: str, people: list[str] | None = None) -> Record:
    item = {"title": "传达学习上级会议精神", "presenter": "马志刚", "discussion": discussion}
    return store.save("meeting", valid_record("meeting", meeting_type="党委会", attendees=people, agenda_items=[item]),
                      "杨芳")


def test_a_minutes_never_ends_on_a_page_holding_the_last_line_of_a_paragraph(store, valid_record):
    m6 = valid_record("meeting", title="海城镇党委2026年第4次会议", meeting_type="党委会", held_on="2026-07-20",
                      location="党委会议室", host="马志刚", recorder="王梅", office_head_attendance="部分",
                      agenda_items=[{"title": "传达学习上级会议精神", "presenter": "马志刚", "discussion": STUDY}])
    record = store.save("meeting", m6, "杨芳")
    pages = pages_of(build_document(store, record, "minutes"))
    assert len(pages[-1]) >= 2  # was one line: "实，确保各项工作取得实效。"
    assert pages[-1][-1][1].endswith("确保各项工作取得实效。")
    assert lone_lines(store, record) == []
    assert all(line == number for page in pages[1:] for number, (line, _) in enumerate(page))  # the grid stays


@pytest.mark.parametrize("people", [None, PEOPLE], ids=["no attendance", "14 attendees"])
def test_no_page_break_leaves_a_lone_line_whatever_the_length_of_the_text(store, valid_record, people):
    """The auditor's sweep: the same meeting with its discussion one character longer each time."""
    record = meeting(store, valid_record, STUDY, people)
    for extra in range(0, 60, 2):
        record = store.save("meeting", {"agenda_items": [{**record.values["agenda_items"][0],
                                                          "discussion": STUDY[:-1] + "要" * extra + "。"}]},
                            "杨芳", record_id=record.id)
        assert lone_lines(store, record) == [], extra


def test_lines_held_together_go_over_to_the_next_page():
    # a paragraph's first line holds the second, its second-last the last
    three = paginate([False, True, True, False], [False] * 4, first=20, per_page=22)
    assert three == [(0, 20), (1, 0), (1, 1), (1, 2)]  # one line left on the page: the whole paragraph goes over
    four = paginate([False, True, False, True, False], [False] * 5, first=18, per_page=22)
    assert four == [(0, 18), (0, 19), (0, 20), (1, 0), (1, 1)]  # two and two, not three and a lone last line
    assert paginate([False, False], [True, False], first=22, per_page=22) == [None, (1, 0)]  # no empty first line
    assert paginate([True] * 30, [False] * 30, first=0, per_page=22)[22] == (1, 0)  # longer than a page: broken


def test_a_very_long_title_stays_inside_the_text_block_of_page_one(store, valid_record):
    """A pasted 600-character 会议名称 ran past the block, over "— 1 —" and off the paper: the title is set smaller
    until it fits, every character of it printed; a title that fits keeps its 2号."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from fazhi_desktop.core.documents.layout import RED
    from fazhi_desktop.core.documents.minutes import BLOCK_H, BLOCK_W, block_left

    for length in (24, 200, 600, 2000):
        title = ("2026年第22次镇政府常务会议暨法治政府建设专题研究部署会议" * 60)[:length]
        record = store.save("meeting", valid_record("meeting", title=title, agenda_items=[
            {"title": "研究冬季供暖保障工作", "decision": "原则同意。"}]), "杨芳")
        doc = build_document(store, record, "minutes")
        page = doc.pages[0]
        runs = [r for r in page.texts() if r.font == doc.fonts["xiaobiaosong"] and r.color != RED]
        assert "".join(r.text for r in runs) == title, length  # nothing left out
        left = block_left(1)
        for run in runs:
            assert run.y <= TOP + BLOCK_H, (length, run.y)  # above the block's foot (and "— 1 —" under it)
            assert left - 0.5 <= run.x and run.x + stringWidth(run.text, run.font, run.size) <= left + BLOCK_W + 0.5
        assert {r.size for r in runs} == ({22.0} if length <= 200 else {runs[0].size}), length
        assert "研究冬季供暖保障工作" in "".join(r.text for p in doc.pages for r in p.texts())


def presence_pages(store: Store, record: Record) -> set[int]:
    """The pages the 出席, 请假, 缺席 and 列席 lines are printed on."""
    labels = ("出席：", "请假：", "缺席：", "列席：")
    return {number for number, page in enumerate(pages_of(build_document(store, record, "minutes")))
            for _, text in page if text.startswith(labels)}


def test_the_attendance_block_is_never_split_over_two_pages(store, valid_record):
    """The reviewer's 〔2025〕会记字第3号: page 1 ended "出席：田玉春、王强", page 2 held only
    "请假：马志刚（下村入户）" and "列席：杨芳". The block goes over whole, with the last lines of the body,
    wherever the page ends."""
    discussion = ("与会人员进行了讨论。会议认为，春耕生产事关全年农业收成，各村要提前谋划，"
                  "做好农资储备和技术指导工作。")
    values = valid_record("meeting", title="2025年第1次镇政府常务会议", meeting_type="乡镇行政会议(政府常务会议)",
                          record_form="会议纪要", held_on="2025-03-05", location="镇政府三楼会议室", host="田玉春",
                          attendees=["田玉春", "王强"], observers=["杨芳"],
                          absentees=[{"name": "马志刚", "reason": "下村入户"}], office_head_attendance="全程",
                          agenda_items=[{"title": "春耕生产工作安排", "presenter": "王强",
                                         "discussion": discussion, "decision": "通过"}])
    record = store.save("meeting", values, "杨芳")
    assert len(presence_pages(store, record)) == 1
    for extra in range(0, 200, 11):  # the page break falls on each line of the block in turn
        item = {**values["agenda_items"][0], "discussion": discussion + "要" * extra + "。"}
        record = store.save("meeting", {"agenda_items": [item]}, "杨芳", record_id=record.id)
        assert len(presence_pages(store, record)) == 1, extra
        assert lone_lines(store, record) == [], extra


def test_headings_and_the_attendance_block_keep_two_lines_of_one_line_paragraphs(store, valid_record):
    """The inspector's page 6 held "会议议定：由司法所牵头调处。" alone above 出席…列席, and page 5 ended on a heading
    and one line: with one-line paragraphs only the line next to a heading or to the block was held. Two lines
    are, of one paragraph or two, wherever the page ends."""
    items = [{"title": "研究冬季供暖保障工作", "discussion": ""},
             {"title": "研究春季森林草原防火工作", "presenter": "马志刚", "decision": "由林业站牵头落实。"},
             {"title": "研究宅基地纠纷化解工作", "presenter": "杨芳", "decision": "由司法所牵头调处。",
              "discussion": "李强介绍了情况。\n与会人员进行了讨论。\n王梅作了补充。"}]
    record = store.save("meeting", valid_record("meeting", host="马志刚", attendees=PEOPLE, agenda_items=items),
                        "杨芳")
    seen = set()
    for extra in range(0, 22 * 28, 14):  # the first item's discussion a half line longer each time
        first = {**items[0], "discussion": "各站所要按照职责分工抓好落实，确保群众温暖过冬。" * (1 + extra // 28)
                 + "落实" * (extra % 28 // 4)}
        record = store.save("meeting", {"agenda_items": [first, *items[1:]]}, "杨芳", record_id=record.id)
        pages = [[text for _, text in page] for page in pages_of(build_document(store, record, "minutes"))]
        for number, page in enumerate(pages):
            for index, text in enumerate(page):
                if text.startswith(("二、", "三、")):
                    assert len(page) - index >= 3, (extra, number, page[index:])  # two lines of its text under it
                    seen.add(("heading", len(page) - index if number < len(pages) - 1 else None))
                if text.startswith("出席："):
                    assert index >= 2 or number == 0, (extra, number, page[:index + 1])
                    seen.add(("出席", index if number else None))
        assert lone_lines(store, record) == [], extra
    assert ("heading", 3) in seen and ("出席", 2) in seen  # pages ended right under a heading's two lines, and
    # began with the block after two lines of the body
