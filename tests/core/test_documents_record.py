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


NAMES = ["马晓明", "孙六七", "李建国", "王梅", "海玉兰", "杨芳", "田玉春", "苏燕", "虎小平", "张丽娟", "马秀兰",
         "禹成龙", "海军", "周建华", "欧阳晓明", "马志刚", "李强"]


def test_a_list_of_people_wraps_between_names_never_inside_one(store, valid_record):
    """检查人员 "…禹成龙、海" / "军、周建华…": a line of the form ended inside a name."""
    meeting = store.save("meeting", valid_record("meeting", attendees=NAMES), "杨芳")
    check = store.save("enforcement_check", valid_record("enforcement_check", inspectors=NAMES[3:16]), "杨芳")
    for record, names in ((meeting, NAMES), (check, NAMES[3:16])):
        lines = build_document(store, record, "record").text().split("\n")
        start = next(i for i, line in enumerate(lines) if line.startswith(names[0]))
        block = [lines[start]]
        while block[-1].endswith("、"):
            block.append(lines[start + len(block)])
        assert len(block) > 1, block  # the list wraps, so there is a break to judge
        assert "".join(block).split("、") == names


def test_a_meeting_that_runs_past_midnight_ends_the_next_day_on_paper(store, valid_record):
    """19:30 to 00:40 printed as "19:30—00:40": read as ending before it began."""
    record = store.save("meeting", valid_record("meeting", start_time="19:30", end_time="00:40"), "杨芳")
    lines = build_document(store, record, "record").text().split("\n")
    assert lines[lines.index("结束时间") + 1] == "次日00:40"
    assert "19:30至次日00:40" in build_document(store, record, "signin").text()
    same_day = store.save("meeting", valid_record("meeting", start_time="09:00", end_time="11:30"), "杨芳")
    assert "09:00至11:30" in build_document(store, same_day, "signin").text()
    assert "次日" not in build_document(store, same_day, "record").text()
