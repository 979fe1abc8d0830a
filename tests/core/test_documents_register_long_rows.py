"""A register row taller than a page (a meeting of twenty long 议题) as an inspector reads it: its part on the next
page says whose it is (序号 with （续） and the 编号), and the 议题 gets the room a short 备注 does not use; it went on
under blank 序号 and 编号 cells, beside a 备注 column as wide as the 议题 holding three lines."""

from __future__ import annotations

from test_documents_register import column_widths

from fazhi_desktop.core.documents import build_register_document
from fazhi_desktop.core.documents.layout import MM

ITEMS = [{"title": f"关于《海原县海城镇2026年第{n}批次农村人居环境整治及矛盾纠纷排查化解工作方案（试行）》的审议"}
         for n in range(1, 21)]

TITLE = "海城镇2026年第12次党政联席会议暨法治政府建设专题研究部署会议（扩大）"
PLACE = "镇政府三楼会议室（https://meet.example.gov.cn/room/123456789 线上同步）"
REMARKS = "本次会议材料共12份，已归档。\n附件1：签到表\n附件2：会议照片"


def test_a_row_continued_on_the_next_page_repeats_its_number_and_the_agenda_gets_the_remarks_room(
        store, valid_record):
    big = store.save("meeting", valid_record("meeting", agenda_items=ITEMS, held_on="2026-03-05", title=TITLE,
                                             location=PLACE, remarks=REMARKS), "杨芳")
    store.save("meeting", valid_record("meeting", held_on="2026-03-06"), "杨芳")
    doc = build_register_document(store, "meeting", 2026)
    assert len(doc.pages) >= 2, [run.text for run in doc.pages[0].texts()]
    page2 = [run.text for run in doc.pages[1].texts()]
    after_header = page2[page2.index("备注") + 1 :]
    assert after_header[:3] == ["1", "（续）", big.number], after_header[:6]  # were the 议题's lines, no number
    widths = column_widths(doc)
    assert widths["备注"] < 25 * MM and widths["议题"] > 1.8 * widths["备注"], widths  # were 28 mm and 40 mm
