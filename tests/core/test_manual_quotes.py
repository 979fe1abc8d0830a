"""The manual quoted the program's words with their own quotes inside (如“在“请假/缺席人员”中找到”): read aloud, where
the quote ends could not be told. A quote inside a quote takes ‘’, as Chinese writing has it."""

from __future__ import annotations

from fazhi_desktop.core import paths


def test_no_quote_in_the_manual_opens_inside_another():
    nested = []
    for number, line in enumerate(paths.resource("manual", "manual.md").read_text(encoding="utf-8").splitlines(), 1):
        depth = 0
        for at, char in enumerate(line):
            depth = depth + 1 if char == "“" else max(depth - 1, 0) if char == "”" else depth
            if depth > 1 and char == "“":
                nested.append(f"第 {number} 行：{line[max(at - 20, 0):at + 20]}")
    assert nested == []


def test_the_search_tooltip_is_quoted_with_inner_quotes():
    text = paths.resource("manual", "manual.md").read_text(encoding="utf-8")
    assert "如“在‘请假/缺席人员’中找到”" in text
