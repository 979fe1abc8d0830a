"""Putting lines on pages of a fixed grid without leaving a single line of a paragraph alone.

GB/T 9704 fixes 22 lines to a page, so lines are not squeezed to make room: a line that should not stand alone
(the first line of a paragraph at the foot of a page, its last line at the head of the next, a heading without its
text, the 出席 block without the end of the body) takes the lines it is held to over to the next page, leaving one
or two grid lines empty at the foot.
"""

from __future__ import annotations

from collections.abc import Sequence


def paginate(keeps: Sequence[bool], blanks: Sequence[bool], first: int, per_page: int) -> list[tuple[int, int] | None]:
    """Where each line goes: (page, grid line), both counted from 0, or None for a blank line that would open a
    page (it is left out: a page never begins with an empty line). Page 0 begins at grid line `first`.

    `keeps[i]`: line i stays on the page of line i + 1. When a page is full, the lines held to the next one go over
    with it; a chain of held lines that began the page (longer than a page) is broken where the page ends."""
    placed: list[tuple[int, int] | None] = [None] * len(keeps)
    page, line, top, index = 0, first, 0, 0
    while index < len(keeps):
        if line >= per_page:
            cut = index
            while cut > top and keeps[cut - 1]:
                cut -= 1
            if cut == top:
                cut = index
            placed[cut:index] = [None] * (index - cut)
            page, line, top, index = page + 1, 0, cut, cut
            continue
        if blanks[index] and line == 0:
            placed[index] = None
            index += 1
            top = index
            continue
        placed[index] = (page, line)
        line += 1
        index += 1
    return placed
