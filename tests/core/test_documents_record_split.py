"""A printed record's tall rows (the county inspector's 会议记录): a 议题 row taller than what is left of page 1 went
whole to page 2, leaving some 45 % of page 1 empty, while a longer one was split, its part on the next page without
a label. A row is now split wherever two of its lines fit and two go over, and its part overleaf is "议题一（续）"."""

from __future__ import annotations

import pytest

from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.documents.fonts import resolve_fonts
from fazhi_desktop.core.documents.layout import A4_PORTRAIT, Rule, Style, Typesetter
from fazhi_desktop.core.documents.table import Column, Flow, Table

DISCUSSION = "与会人员逐条讨论，一致认为目录编制程序合法、内容完整，符合《重大行政决策程序暂行条例》规定。"


def lowest_rule(page) -> float:
    return max(item.y1 for item in page.items if isinstance(item, Rule) and item.y1 == item.y2)


@pytest.mark.parametrize("repeats", [12, 40], ids=["shorter than a page", "longer than a page"])
def test_a_tall_agenda_row_fills_page_one_and_goes_on_labelled(store, valid_record, repeats):
    items = [{"title": "审议《海城镇2026年度重大行政决策事项目录》", "discussion": DISCUSSION * repeats},
             {"title": "研究宅基地纠纷化解工作", "decision": "由司法所牵头调处。"}]
    record = store.save("meeting", valid_record("meeting", agenda_items=items), "杨芳")
    doc = build_document(store, record, "record")
    first, second = doc.pages[0], doc.pages[1]
    assert any(r.text.startswith("议题名称：审议") for r in first.texts())  # begun on page 1 ...
    assert lowest_rule(first) > first.height * 0.7  # ... which it fills (was 55 %)
    labels = [r.text for r in second.texts() if r.font == doc.fonts["heiti"]]
    assert labels[0] == "议题一（续）" and "议题二" in labels  # the part overleaf says whose it is
    assert all("（续）" not in r.text for r in first.texts())


def rows_drawn(start: float, lines: int) -> list[int]:
    """The lines of a split table's row of `lines` lines drawn on each page, the row starting at `start`."""
    ts = Typesetter(resolve_fonts())
    style = Style("fangsong", 11)
    table = Table(ts, [Column("", 60), Column("", 300)], style, style, 16.0, 4.0, header=False, split=True)
    flow = Flow(A4_PORTRAIT, 60, 780, 60, 420)
    flow.y = start
    table.draw(flow, [["议题一", "\n".join(f"第{n}行" for n in range(lines))]])
    return [sum(r.text.startswith("第") for r in page.texts()) for page in flow.pages]


def test_a_row_is_split_only_where_two_lines_stay_on_each_page():
    assert rows_drawn(780 - 8 - 2 * 16, 3) == [0, 3]  # two would fit: one alone overleaf, so it goes whole
    assert rows_drawn(780 - 8 - 2 * 16, 4) == [2, 2]
    assert rows_drawn(780 - 8 - 4 * 16, 5) == [3, 2]  # four would fit: not four and one
    assert rows_drawn(780 - 8 - 1 * 16, 6) == [0, 6]  # one line is no start
