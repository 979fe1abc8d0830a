# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A township's record printed at the county carries the township's name, not the county's: a 纪要 of 李旺镇 was
headed 海原县人民政府常务会议纪要 under 海原县司法局 (today's review)."""

from __future__ import annotations

from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.documents.batch import build_batch

MEETING = {"title": "2026年第3次镇政府常务会议", "meeting_type": "乡镇行政会议(政府常务会议)", "held_on": "2026-03-05",
           "office_head_attendance": "全程", "host": "田玉春", "attendees": ["田玉春", "马志刚"]}
CASE = {"case_category": "人民调解", "case_name": "马文与李海宅基地纠纷", "accepted_on": "2026-03-02",
        "dispute_type": "房屋宅基地纠纷", "result": "调解成功", "agreement_form": "书面",
        "agreement_content": "双方以登记图为准重新确界。",
        "parties": [{"role": "申请人", "party_type": "自然人", "name": "马文"},
                    {"role": "被申请人", "party_type": "自然人", "name": "李海"}]}


def texts(doc) -> list[str]:
    return [run.text for page in doc.pages for run in page.texts()]


def test_a_townships_documents_printed_at_the_county_carry_the_townships_name(world):
    town = world.town("640522101")  # 李旺镇
    meeting = town.store.save("meeting", MEETING, "杨芳")
    case = town.store.save("mediation_case", CASE, "杨芳")
    assert world.import_(world.export(town).path).ok
    office = town.store.setting("office_name")
    minutes = build_document(world.county, meeting.id, "minutes")
    assert texts(minutes)[0] == "李旺镇人民政府常务会议纪要" and minutes.author == office
    assert not any("海原县" in text for text in texts(minutes))
    agreement = build_document(world.county, case.id, "agreement")
    assert any("李旺镇人民调解委员会" in text for text in texts(agreement)) and agreement.author == office
    record = build_document(world.county, meeting.id, "record")
    assert any(text.startswith(f"{office}　状态") for text in texts(record))
    assert build_batch(world.county, [meeting.id, meeting.id], "signin").document.author == office
