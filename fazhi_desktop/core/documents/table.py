"""Paged flow and ruled tables: the header row is repeated on every page, tall cells continue on the next page.

Used by the register, the sign-in sheet and printed records. Text in cells is broken by the 避头尾 breaker.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace

from fazhi_desktop.core.documents import cjk
from fazhi_desktop.core.documents.cjk import Line
from fazhi_desktop.core.documents.layout import Page, Style, Typesetter

HEADER_FILL = (0.90, 0.90, 0.90)
SHORT_CHARS = 12  # a value up to this many characters wide gets a column it fits in
SHORT_PROSE = 6  # ... or this many, in a column of free text (a place): longer text wraps when room is short
#: a column of long text narrows to this many characters a line, no fewer, when a page holds no more (at four, a
#: study's 学习内容 of 30 characters took eight lines and the register of 30 lectures eight pages instead of four)
FLOOR_CHARS = 10
LAST_CHARS = 4  # ... and to this many only when every other column is at its least and the page still short
_RUN = re.compile(r"[0-9A-Za-z*]+(?:[.,:/\-_+'@#&][0-9A-Za-z*]+)*%?")
#: what a cell holds: text, or spans already styled (names kept whole: `cjk.name_spans`)
CellText = str | Sequence[cjk.Span]


class Flow:
    """The pages of one document and a cursor `y` on the current page, between `top` and `bottom`."""

    def __init__(self, size: tuple[float, float], top: float, bottom: float, left: float, right: float):
        self.size, self.top, self.bottom, self.left, self.right = size, top, bottom, left, right
        self.pages: list[Page] = []
        self.page: Page = self._add()
        self.y = top
        #: called after each new page (a table uses it to repeat its header)
        self.on_new_page: Callable[[Flow], None] | None = None

    @property
    def width(self) -> float:
        return self.right - self.left

    def _add(self) -> Page:
        page = Page(*self.size)
        self.pages.append(page)
        return page

    def new_page(self) -> Page:
        """Start the next page; `on_new_page` draws what every page of the current table repeats."""
        self.page = self._add()
        self.y = self.top
        if self.on_new_page is not None:
            self.on_new_page(self)
        return self.page

    def room(self) -> float:
        """Points left on this page."""
        return self.bottom - self.y

    def need(self, height: float) -> None:
        """Start a new page unless `height` points are left on this one."""
        if self.y + height > self.bottom + 0.01 and self.y > self.top + 0.01:
            self.new_page()


@dataclass
class Column:
    """A table column: header label, width in points, alignment, and optionally its own text style."""

    label: str
    width: float
    align: str = "left"  # left, center, right (figures)
    style: Style | None = None  # the table's style unless given
    balanced: bool = False  # break a label in lines of even length ("应持证执法" / "人员数"), not greedily


@dataclass
class Cell:
    """A cell's text already broken into lines."""

    lines: list[Line]
    align: str
    style: Style


@dataclass
class Table:
    """A ruled table of `columns` set in `style`; `min_height` makes rows tall enough to sign in."""

    ts: Typesetter
    columns: Sequence[Column]
    style: Style
    header_style: Style
    leading: float
    padding: float = 3.0
    min_height: float = 0.0
    rule_width: float = 0.5
    header: bool = True
    #: a row taller than the room left is split where two of its lines fit (and two go over), not moved whole to
    #: the next page, where its first cell is said again with "（续）" (a printed record's 议题一（续）)
    split: bool = False
    #: columns whose text is said again on each continued part of a row taller than a page, beside its first
    #: cell's with "（续）" (a register's 编号 beside "1（续）"): a page that holds only the rest of a row names it
    repeat: Collection[int] = ()
    _header: list[Cell] = field(default_factory=list)

    def __post_init__(self) -> None:
        # a header label wraps in lines of even length ("司法所所长" / "列席情况"), never "司法所所长列席情" / "况"
        self._header = [self._cell(c.label, replace(c, balanced=True), self.header_style, "center")
                        for c in self.columns]

    def _cell(self, text: CellText, column: Column, style: Style, align: str | None = None) -> Cell:
        width = max(column.width - 2 * self.padding, style.size)
        if not isinstance(text, str):
            return Cell(self.ts.lines(text, width), align or column.align, style)
        lines: list[Line] = []
        for para in (text or "").split("\n"):
            para = para.strip()
            if column.balanced:
                lines += self.ts.title_lines(para, style, width)
                continue
            spans = cjk.units(para.split("　"), style) if "　" in para else [(para, style)]
            lines += self.ts.lines(spans, width)  # "label：value" pairs joined by "　" stay whole where they fit
        return Cell(lines, align or column.align, style)

    def _height(self, cells: Sequence[Cell], minimum: float) -> float:
        tallest = max((len(c.lines) for c in cells), default=1)
        return max(tallest * self.leading + 2 * self.padding, minimum)

    def draw_header(self, flow: Flow) -> None:
        """The shaded header row at the flow's cursor (also called for each new page while the table runs)."""
        if not self.header:
            return
        height = self._height(self._header, 0)
        x = flow.left
        flow.page.box(x, flow.y, sum(c.width for c in self.columns), height, fill=HEADER_FILL, stroke=None)
        self._draw_cells(flow.page, self._header, flow.left, flow.y, height, 0, None)
        flow.y += height

    def draw(self, flow: Flow, rows: Sequence[Sequence[CellText]], progress: Callable[[int], None] | None = None,
             continued: bool = False, then: float = 0.0) -> None:
        """Draw the header and `rows` (one string per column) from the flow's cursor on, across pages, the header
        repeated on each new page. `continued`: more rows of a table already begun (no header first). `then`: the
        points of what follows the table (a note) that go on the page of its last row, never on a page alone."""
        if not continued and self.header:  # the header with its first row: a sign-in row is 11 mm, not a line
            flow.need(self._header_height() + (self.keep_with_header(flow, rows[0]) if rows else 0.0))
        previous = flow.on_new_page
        flow.on_new_page = self.draw_header
        try:
            if not continued:
                self.draw_header(flow)
            for index, row in enumerate(rows):
                cells = [self._cell(text, col, col.style or self.style)
                         for text, col in zip(row, self.columns, strict=True)]
                if then and index == len(rows) - 1:
                    last = self._height(cells, self.min_height) + then
                    if last <= self._full_page(flow):
                        flow.need(last)
                self._draw_row(flow, cells)
                if progress is not None:
                    progress(index + 1)
        finally:
            flow.on_new_page = previous

    def line_count(self, text: CellText, column: int, width: float) -> int:
        """How many lines `text` takes in column `column` made `width` points wide (to fit the columns)."""
        col = replace(self.columns[column], width=width)
        return len(self._cell(text, col, col.style or self.style).lines)

    def row_height(self, row: Sequence[CellText]) -> float:
        """How tall `row` is drawn (to keep it on a page with what follows it)."""
        return self._height([self._cell(text, col, col.style or self.style)
                             for text, col in zip(row, self.columns, strict=True)], self.min_height)

    def keep_with_header(self, flow: Flow, row: Sequence[CellText]) -> float:
        """How much of `row` must fit under the header for the header to be drawn on this page: the whole row when
        a page holds it (else it is drawn whole on the next page, the header left alone), a line when it is split
        (two when the table `split`s rows)."""
        height = self.row_height(row)
        if height <= self._full_page(flow) and not self.split:
            return height
        return min(height, (2 if self.split else 1) * self.leading + 2 * self.padding)

    def _full_page(self, flow: Flow) -> float:
        """The height a fresh page has for rows, under the header."""
        return flow.bottom - flow.top - self._header_height()

    def rows_per_page(self, flow: Flow) -> int:
        """How many rows of the minimum height a fresh page holds under the header."""
        return int(self._full_page(flow) // max(self.min_height, 1.0))

    def _header_height(self) -> float:
        return self._height(self._header, 0) if self.header else 0.0

    def _draw_row(self, flow: Flow, cells: list[Cell]) -> None:
        height = self._height(cells, self.min_height)
        if flow.y + height <= flow.bottom + 0.01:
            self._draw_cells(flow.page, cells, flow.left, flow.y, height, 0, None)
            flow.y += height
            return
        tallest = max(len(c.lines) for c in cells)
        least = 2 if self.split else 1  # a split row leaves two lines at least on each page
        if height <= self._full_page(flow) and not (self.split and self._part(flow, tallest) >= least):
            flow.new_page()  # fits on a fresh page: do not split it
            self._draw_cells(flow.page, cells, flow.left, flow.y, height, 0, None)
            flow.y += height
            return
        start = 0  # continue line by line
        while start < tallest:
            fit = self._part(flow, tallest - start)
            if fit < least and flow.y > flow.top + 0.01:
                flow.new_page()
                continue
            end = min(tallest, start + max(fit, 1))
            part = (end - start) * self.leading + 2 * self.padding
            said = self._said_again(cells) if start and (self.split or self.repeat) else None
            self._draw_cells(flow.page, cells, flow.left, flow.y, part, start, end, said)
            flow.y += part
            start = end
            if start < tallest:
                flow.new_page()

    def _part(self, flow: Flow, left: int) -> int:
        """How many of a row's `left` lines go on this page: what fits, less what would leave one line alone on the
        next when the row is `split`."""
        fit = int((flow.bottom - flow.y - 2 * self.padding) // self.leading)
        return min(fit, left - 2) if self.split and fit < left else fit

    def _said_again(self, cells: Sequence[Cell]) -> dict[int, Cell]:
        """What a continued part of a row shows instead of the rest of some cells: its first cell's text and （续）
        ("议题一（续）", "1（续）"), and the whole text of the `repeat` columns."""
        first = "".join(line.text for line in cells[0].lines) + "（续）"
        said = {0: self._cell(first, self.columns[0], cells[0].style)}
        return said | {i: cells[i] for i in self.repeat}

    def _draw_cells(self, page: Page, cells: Sequence[Cell], left: float, top: float, height: float, start: int,
                    end: int | None, said: dict[int, Cell] | None = None) -> None:
        """The lines `start` to `end` of `cells` (all of them: `end` None); the cells of `said` instead of some."""
        total = sum(c.width for c in self.columns)
        w = self.rule_width
        page.rule(left, top, left + total, top, w)
        page.rule(left, top + height, left + total, top + height, w)
        x = left
        page.rule(x, top, x, top + height, w)
        for number, (cell, column) in enumerate(zip(cells, self.columns, strict=True)):
            lines = said[number].lines[: end - start] if said and number in said and end is not None \
                else cell.lines[start:end]
            used = len(lines) * self.leading
            offset = max((height - used) / 2, self.padding) if end is None else self.padding
            for i, line in enumerate(lines):
                size = cell.style.size
                baseline = top + offset + i * self.leading + (self.leading - size) / 2 + size * 0.86
                if cell.align == "center":
                    lx = x + (column.width - line.width) / 2
                elif cell.align == "right":
                    lx = x + column.width - self.padding - line.width
                else:
                    lx = x + self.padding
                self.ts.draw_line(page, line, lx, baseline)
            x += column.width
            page.rule(x, top, x, top + height, w)


def fit_columns(ts: Typesetter, labels: Sequence[str], samples: Sequence[Sequence[str]], total: float,
                style: Style, header_style: Style, padding: float, fixed: dict[int, float] | None = None,
                max_share: float = 0.34, prose: Collection[int] = (),
                bounds: dict[int, tuple[float, float]] | None = None, names: Collection[int] = ()) -> list[float]:
    """Column widths that add up to `total`: every column at least as wide as four characters of its header (or
    the whole header when shorter), then what is left shared by how much each column's typical text wants.
    Short values (numbers, dates, names, choices) are not wrapped, nor is short text in the `prose` columns (free
    text such as a place: "镇政府三楼会议室" may wrap to leave room for longer text); a header longer than its
    column's values takes two lines rather than widening the column. `fixed` gives some columns an exact width,
    `bounds` others a (least, most) width: 备注 keeps room to write in by hand, and a long remark wraps.
    When the page is short even so, the room comes in turn: from long text, down to FLOOR_CHARS characters a line
    (the columns of `names` to their least: the longest name whole, a list wrapping between names); then from short
    values, down to their least (a count's long header wraps, `_header_least`; a name, a choice's part, a status
    kept whole by its `bounds`); then from long text down to its least (LAST_CHARS characters, a bounded column
    such as a case's name its least, which it leaves last); only when that is not enough is every column narrowed.
    The main text stays readable: at four characters a line beside short columns at their full width, a year of
    lectures took eight pages instead of four."""
    fixed, bounds = fixed or {}, bounds or {}
    flexible = [i for i in range(len(labels)) if i not in fixed]
    short_run = style.size * SHORT_CHARS
    least: dict[int, float] = {}
    wants: dict[int, float] = {}
    short: set[int] = set()
    for i in flexible:
        head = max(ts.width(part, header_style.role, header_style.size) for part in labels[i].split("\n"))
        least[i] = min(head, header_style.size * 4) + 2 * padding + 1
        texts = [row[i] for row in samples if row[i]]
        body = sorted(max(ts.width(p, style.role, style.size) for p in t.split("\n")) for t in texts) or [0.0]
        # short values (dates, numbers, names) are not wrapped at all; long text wraps at its usual length
        if body[-1] <= style.size * (SHORT_PROSE if i in prose else SHORT_CHARS):
            typical = body[-1]
            short.add(i)
            if head > typical:  # "司法所所长列席情况" over "全程": the header takes two lines
                head = max(line.width for line in ts.title_lines(labels[i], header_style, max(head * 0.6, typical)))
        else:
            typical = body[int((len(body) - 1) * 0.9)]
        # "2026-01-06" is never split; a run longer than a short value (a pasted code, a URL) breaks where it must
        # rather than widen its column off the page
        runs = [w for t in texts for m in _RUN.findall(t) if (w := ts.width(m, style.role, style.size)) <= short_run]
        least[i] = max(least[i], max(runs, default=0.0) + 2 * padding + 1)
        wants[i] = max(least[i], min(max(head, typical) + 2 * padding + 1, total * max_share))
        if i in short:  # a full page may wrap a short value's header tighter: 实到 / 人数 over a column of 30
            least[i] = max(_header_least(ts, labels[i], header_style) + 2 * padding + 1,
                           max(runs, default=0.0) + 2 * padding + 1)
        if i in bounds:
            least[i] = max(least[i], bounds[i][0])
            wants[i] = min(max(wants[i], least[i]), bounds[i][1])
            least[i] = min(least[i], wants[i])
    free = total - sum(fixed.values())
    widths = dict(fixed)
    if sum(wants.values()) <= free:  # room to spare, shared out; a bounded column no wider than its most
        capped = {i: most for i, (_, most) in bounds.items() if wants[i] * free / sum(wants.values()) > most}
        rest = [i for i in flexible if i not in capped]
        scale = (free - sum(capped.values())) / (sum(wants[i] for i in rest) or 1.0)
        widths.update({**capped, **{i: wants[i] * scale for i in rest}})
        return [widths[i] for i in range(len(labels))]
    # a page short of room narrows in stages, each only when the one before is not enough: long text towards its
    # least, none below FLOOR_CHARS characters a line (or half its usual width: a place of eight characters may take
    # two lines), a list of names to its longest name, short values whole; then short values to their least; then
    # free text to its least; last a bounded one (a case's name) to LAST_CHARS. A short value squeezed costs its
    # header a line, free text at four characters a line doubled a register.
    narrowest, last = (style.size * chars + 2 * padding + 1 for chars in (FLOOR_CHARS, LAST_CHARS))
    long = [i for i in flexible if i not in short]
    floor = {i: least[i] if i in names else max(least[i], min(narrowest, wants[i] / 2)) for i in long}
    stages = [({**wants, **{i: least[i] for i in long}}, {**wants, **floor}),
              ({**wants, **floor, **{i: least[i] for i in short}},) * 2,
              (dict(least),) * 2,
              ({**least, **{i: min(least[i], last) for i in long if i not in names}},) * 2]
    wider = dict(wants)
    for target, lowest in stages:
        if sum(lowest.values()) <= free:
            widths.update(_between(wider, target, lowest, free))
            break
        wider = lowest
    else:  # too many columns for the page even so: all narrower, the table still within the page
        scale = max(free, 0.0) / (sum(lowest.values()) or 1.0)
        widths.update({i: lowest[i] * scale for i in flexible})
    return [widths[i] for i in range(len(labels))]


def _between(wider: dict[int, float], narrower: dict[int, float], lowest: dict[int, float],
             free: float) -> dict[int, float]:
    """Widths that add up to `free`: each column's cut from `wider` towards `narrower` in the same share, none
    below its `lowest` (whose sum is at most `free`)."""
    def at(share: float) -> dict[int, float]:
        return {i: max(lowest[i], narrower[i] + (wider[i] - narrower[i]) * share) for i in wider}

    low, high = 0.0, 1.0  # the share of each column's cut kept back
    for _ in range(50):
        middle = (low + high) / 2
        low, high = (middle, high) if sum(at(middle).values()) <= free else (low, middle)
    return at(low)


def _header_least(ts: Typesetter, label: str, style: Style) -> float:
    """The narrowest a header over short values may be: two to four characters a line, in at most four balanced
    lines of two characters or more, a bracket kept whole (实到 / 人数, 时长 / （分钟）; not 述法 / 人, （分 / 钟）)."""
    for chars in (2, 3):
        lines = ts.title_lines(label, style, chars * style.size + 0.01)
        if len(lines) <= 4 and breaks_well(lines):
            return max(line.width for line in lines)
    return min(max(ts.width(part, style.role, style.size) for part in label.split("\n")), style.size * 4)


def breaks_well(lines: Sequence[Line]) -> bool:
    """Whether a header's lines read: two characters or more each, a bracket kept whole (实到 / 人数, 时长 /
    （分钟）; not 承办 / 人, （分 / 钟）)."""
    return all(line.chars >= 2 and line.text.count("（") == line.text.count("）") for line in lines)
