# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""At the county a register is one township's, for that township's file: its office in the title, its records only,
those the county marks (重装前, 不计入) marked as the lists mark them. It mixed every township under
"海原县司法局2026年会议台账", two 〔2026〕会记字第1号 with nothing telling them apart."""

from __future__ import annotations

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.documents import DocumentError, build_register_document, register_townships

CLERK = "杨芳"


@pytest.fixture
def county(world, valid_record):
    """海城镇 (re-installed once: its earlier 第1号 is still held, 重装前) and 李旺镇, a 〔2026〕会记字第1号 each."""
    haicheng = world.town("640522100")
    haicheng.store.save("meeting", valid_record("meeting", title="海城镇第1次常务会议", held_on="2026-02-05"), CLERK)
    liwang = world.town("640522101")
    liwang.store.save("meeting", valid_record("meeting", title="李旺镇第1次常务会议", held_on="2026-02-25"), CLERK)
    for town in (haicheng, liwang):
        assert world.import_(world.export(town).path).ok
    again = world.reinstall("640522100")
    again.store.save("meeting", valid_record("meeting", title="海城镇重装后第1次常务会议", held_on="2026-08-01"), CLERK)
    assert world.import_(world.export(again).path).ok
    return world.county


def rows(doc) -> list[list[str]]:
    """The table's rows as lines of text, from 序号 1 on: each row begins with its 序号 and 编号."""
    texts = [run.text for page in doc.pages for run in page.texts()]
    starts = [i for i, text in enumerate(texts[:-1]) if text.isdigit() and texts[i + 1].startswith("〔")]
    return [texts[a:b] for a, b in zip(starts, [*starts[1:], len(texts)], strict=True)]


def test_the_county_prints_one_townships_register_under_its_office(county):
    doc = build_register_document(county, "meeting", 2026, township="640522100")
    assert doc.title == "海城镇司法所2026年会议台账" and doc.text().startswith("海城镇司法所2026年会议台账")
    assert "海原县司法局" not in doc.text() and "李旺镇" not in doc.text()
    listed = rows(doc)
    assert [(row[1], row[2]) for row in listed] == [("〔2026〕会记字第1号", "2026-02-05"),
                                                    ("〔2026〕会记字第1号", "2026-08-01")]
    # both 第1号 of 海城镇: the earlier install's is marked as the lists mark it
    assert [next(t for t in row if t.startswith("草稿")) for row in listed] == ["草稿·重装前", "草稿"]
    assert build_register_document(county, "meeting", 2026, township="640522101").title == "李旺镇司法所2026年会议台账"


def test_the_county_must_choose_a_township_and_is_offered_those_with_records(county):
    with pytest.raises(DocumentError) as refused:
        build_register_document(county, "meeting", 2026)
    assert "须选定一个乡镇" in str(refused.value)
    assert register_townships(county, "meeting") == [("640522100", "海城镇"), ("640522101", "李旺镇")]
    assert register_townships(county, "complaint") == []
