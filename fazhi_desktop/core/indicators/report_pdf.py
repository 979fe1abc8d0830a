"""The year's report as a PDF, laid out with the document layer (core/documents): its one font resolver (official
fonts, else the closest TrueType stand-in, every font embedded), its line breaker, tables and atomic PDF writer.

Landscape A4. For a county: the townships x targets matrix (status colour and text in every cell), then per target
how many townships met it and which did not, each township's report-only figures, completeness, the mediation
statistics, and the indicators this version cannot compute. For one township: its indicators with progress
instead of the matrix.

A section's heading stays on the page with its table's header and first rows; a row taller than what is left of a
page begins there and goes on overleaf (T29's list of checks, pushed whole, left a third of a page empty).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from fazhi_desktop.core.dates import cn_date, cn_number, cn_time
from fazhi_desktop.core.documents.common import number_pages
from fazhi_desktop.core.documents.fonts import FontSet, resolve_fonts, take_notice
from fazhi_desktop.core.documents.layout import A4_LANDSCAPE, GREY, MM, RGB, Document, Style, Typesetter
from fazhi_desktop.core.documents.pdf import write_pdf
from fazhi_desktop.core.documents.table import Cell, CellText, Column, Flow, Table, fit_columns
from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.indicators.catalog import Indicator
from fazhi_desktop.core.indicators.engine import Results
from fazhi_desktop.core.indicators.views import (
    NUMBER,
    PERCENT,
    STATUS_NOTES,
    Amount,
    Report,
    View,
    gaps_header,
    value_text,
)
from fazhi_desktop.core.jobs import Progress, no_progress

MARGIN = 14 * MM
SIZE, LEADING, PADDING = 8.5, 11.0, 2.5
NAME_WIDTH = 24 * MM
ROW_HEIGHT = 15.0
KEEP_ROWS = 3  # a heading is drawn only where its table's header and this many rows fit under it
SPLIT_LINES = 3  # a tall row is split only with at least this many of its lines on each page
NOTE = Style("songti", 8, GREY)
SHORT_CHARS = 16  # who or what falls short, per township, in the summary's cell: the rest is "等 N 条"


def _rgb(hex_colour: str) -> RGB:
    return (int(hex_colour[0:2], 16) / 255, int(hex_colour[2:4], 16) / 255, int(hex_colour[4:6], 16) / 255)


def build_pdf_report(report: Report, fonts: FontSet | None = None) -> Document:
    """Lay out the report (see the module's docstring)."""
    fonts = fonts or resolve_fonts()
    ts = Typesetter(fonts)
    width, height = A4_LANDSCAPE
    flow = Flow((width, height), MARGIN, height - MARGIN - 6 * MM, MARGIN, width - MARGIN)
    _head(flow, ts, report)
    results = report.results
    county = len(results.townships) > 1
    # each section draws its numbered heading itself, knowing how much of what follows must come with it
    sections: list[tuple[str, Callable[[str], None]]] = [
        ("指标完成情况汇总（乡镇 × 指标）", lambda heading: _matrix(flow, ts, report, heading))] if county else []
    sections += [("各指标完成情况", lambda heading: _targets(flow, ts, report, county, heading))]
    if county and results.catalog.reported:  # their county totals are in 二; here each township's, as 指标明细 has them
        sections += [("仅报告的指标（乡镇 × 指标）", lambda heading: _reported(flow, ts, report, heading))]
    sections += [
                 ("数据完整性", lambda heading: _view_table(flow, ts, _find(report, "数据完整性"), heading)),
                 ("调解统计", lambda heading: _view_table(flow, ts, _find(report, "调解统计"), heading)),
                 ("各指标的计入条件", lambda heading: _rules(flow, ts, report, heading)),
                 ("本版本不能计算的指标", lambda heading: _not_computable(flow, ts, report, heading))]
    for number, (heading, draw) in enumerate(sections, 1):
        draw(f"{cn_number(number)}、{heading}")
    number_pages(flow.pages, ts, flow.bottom - 2 * MM, flow.left, flow.right, footer_left=report.title)
    return Document(flow.pages, fonts, report.title, "indicator-report", report.office,
                    subject=f"法治政府建设指标 {report.year}年", extra={"townships": len(results.townships)})


def write_pdf_report(report: Report, path: Path | str, progress: Progress = no_progress) -> tuple[Path, int,
                                                                                                   str | None]:
    """Write the report as a PDF at `path` atomically: (path, pages, the font substitution notice to show once)."""
    doc = build_pdf_report(report)
    written = write_pdf(doc, path, progress)
    return written, len(doc.pages), take_notice(doc.fonts)


def _find(report: Report, name: str) -> View:
    return next(v for v in report.views if v.name == name)


def _head(flow: Flow, ts: Typesetter, report: Report) -> None:
    flow.y += 20
    ts.draw_text(flow.page, report.title, Style("xiaobiaosong", 18), flow.left + flow.width / 2, flow.y,
                 align="center")
    flow.y += 16
    line = (f"{report.office}　统计截至 {cn_date(report.today.isoformat())}　生成时间 {cn_time(report.generated)}　"
            f"指标目录：{report.catalog.label}")
    ts.draw_text(flow.page, line, Style("songti", 9, GREY), flow.left + flow.width / 2, flow.y, align="center")
    ahead = report.results.ahead_text(report.results.townships[0].code if len(report.results.townships) == 1
                                      else None)
    for said in (ahead, report.results.merged_note()):  # what lies ahead; a merged township's records counted here
        if said:
            flow.y += 13
            ts.draw_text(flow.page, said, Style("songti", 9, GREY), flow.left + flow.width / 2, flow.y,
                         align="center")
    flow.y += 8


def _section(flow: Flow, ts: Typesetter, text: str, keep: float, size: float = 12) -> None:
    """A heading, on a new page unless `keep` points of what follows it (its table's header and first rows) fit
    under it: a heading never stands at a page's foot with a row or none."""
    space = size * 1.5
    flow.need(space + 6 + keep)
    flow.y += space
    ts.draw_text(flow.page, text, Style("heiti", size), flow.left, flow.y)
    flow.y += 6


def _notes(flow: Flow, ts: Typesetter, texts: Sequence[str]) -> None:
    """Notes under a table, in small grey type (kept with its last row: `_notes_height`)."""
    for text in texts:
        for line in ts.lines([(text, NOTE)], flow.width):
            flow.need(LEADING)
            flow.y += LEADING
            ts.draw_line(flow.page, line, flow.left, flow.y)


def _notes_height(flow: Flow, ts: Typesetter, texts: Sequence[str]) -> float:
    """How tall `_notes` draws `texts`: the table's last row keeps them on its page, so that a page never holds
    a note alone (the report's last page held only "指标目录：…")."""
    return sum(len(ts.lines([(text, NOTE)], flow.width)) for text in texts) * LEADING


def _matrix(flow: Flow, ts: Typesetter, report: Report, heading: str) -> None:
    """The coloured grid: a row per township, a column per target, the status written in every cell."""
    results = report.results
    targets = results.catalog.judged
    cell_w = (flow.width - NAME_WIDTH) / max(len(targets), 1)
    head_style, code_style = Style("songti", 7), Style("heiti", 7.5)
    titles = [_column_title(ts, i.title, head_style, cell_w - 2 * PADDING)[:3] for i in targets]
    head_h = 11 + 9 * max((len(t) for t in titles), default=1) + 2 * PADDING

    def header() -> None:
        top = flow.y
        flow.page.box(flow.left, top, flow.width, head_h, fill=(0.85, 0.88, 0.95), stroke=(0.5, 0.5, 0.5))
        ts.draw_text(flow.page, "乡镇", Style("heiti", SIZE), flow.left + NAME_WIDTH / 2, top + head_h / 2 + 3,
                     align="center")
        for i, (ind, lines) in enumerate(zip(targets, titles, strict=True)):
            x = flow.left + NAME_WIDTH + i * cell_w
            flow.page.rule(x, top, x, top + head_h, 0.4, (0.5, 0.5, 0.5))
            ts.draw_text(flow.page, ind.code, code_style, x + cell_w / 2, top + PADDING + 8, align="center")
            for n, line in enumerate(lines):
                ts.draw_text(flow.page, line, head_style, x + cell_w / 2, top + PADDING + 18 + 9 * n, align="center")
        flow.y += head_h

    late = report.completeness.not_all_arrived()  # judged on what arrived: marked as on screen
    rows = [(f"{t.name} *" if t.code in late else t.name, [results.figure(i.code, t.code).status_text
                                                                   for i in targets])
            for t in results.townships]
    rows += [(f"{s}乡镇数", [str(results.summary(i.code)[s]) for i in targets]) for s in (st.MET, st.MISSED)]
    notes = ["；".join(STATUS_NOTES), *([empty] if (empty := results.no_data_note(targets)) else []),
             *([report.completeness.arrival_note()] if report.completeness.arrival_note() else [])]
    _section(flow, ts, heading, head_h + ROW_HEIGHT * KEEP_ROWS)
    header()
    for index, (name, cells) in enumerate(rows):
        after = _notes_height(flow, ts, notes) if index == len(rows) - 1 else 0.0
        if flow.y + ROW_HEIGHT + after > flow.bottom:
            flow.new_page()
            header()
        top = flow.y
        flow.page.box(flow.left, top, NAME_WIDTH, ROW_HEIGHT, stroke=(0.5, 0.5, 0.5))
        ts.draw_text(flow.page, name, Style("songti", SIZE), flow.left + PADDING, top + ROW_HEIGHT - 4.5)
        for i, text in enumerate(cells):
            x = flow.left + NAME_WIDTH + i * cell_w
            fill = _rgb(st.COLOURS[text]) if text in st.COLOURS else None
            flow.page.box(x, top, cell_w, ROW_HEIGHT, fill=fill, stroke=(0.5, 0.5, 0.5), width=0.4)
            ts.draw_text(flow.page, text, Style("songti", SIZE), x + cell_w / 2, top + ROW_HEIGHT - 4.5,
                         align="center")
        flow.y += ROW_HEIGHT
    _notes(flow, ts, notes)


def _column_title(ts: Typesetter, title: str, style: Style, width: float) -> list[str]:
    """A matrix column's title in lines that break between words: whole when it fits, else Chinese text in pieces
    of an even number of characters, since its words are mostly of two ("投诉举报 / 办结率", where the balanced
    breaker, not knowing 举报, gave "投诉举 / 报办结率"); other text as the balanced breaker sets it."""
    if ts.width(title, style.role, style.size) <= width:
        return [title]
    if all("\u4e00" <= ch <= "\u9fff" for ch in title):
        for count in range(2, len(title)):
            size = math.ceil(len(title) / count)
            size += size % 2
            pieces = [title[i : i + size] for i in range(0, len(title), size)]
            if all(ts.width(piece, style.role, style.size) <= width for piece in pieces):
                return pieces
    return [line.text for line in ts.title_lines(title, style, width)]


def _targets(flow: Flow, ts: Typesetter, report: Report, county: bool, heading: str) -> None:
    results = report.results
    if county:
        labels = ["代码", "指标", "目标", "全县合计", *st.MATRIX_STATUSES, "未达标或有风险的乡镇"]
        aligns = ["left", "left", "left", "right", *("right" for _ in st.MATRIX_STATUSES), "left"]
        rows = []
        for ind in results.catalog.targets:
            total = _total(results, ind)
            summary = results.summary(ind.code)
            behind = [f"{t.name}（{results.figure(ind.code, t.code).status}{_short(report, ind.code, t.code, True)}）"
                      for t in results.townships
                      if results.figure(ind.code, t.code).status in (st.MISSED, st.AT_RISK)]
            # a report-only figure has no target to be met or missed: only 无数据 says something about it
            counts = [str(summary[s]) if ind.direction != "report" or s == st.NO_DATA else "—"
                      for s in st.MATRIX_STATUSES]
            rows.append([ind.code, ind.title, ind.target_text(), total, *counts, "、".join(behind)])
    else:
        labels = ["代码", "指标", "目标", "完成", "状态", "进度说明"]
        aligns = ["left", "left", "left", "right", "left", "left"]
        town = results.townships[0].code
        rows = [[i.code, i.title, i.target_text(), value_text(f), f.status_text,
                 f.progress_text() + _short(report, i.code, town)]
                for i in results.catalog.targets for f in [results.figure(i.code, town)]]
    notes = [report.review.replace("“指标明细”", "Excel 报表“指标明细”工作表")] if report.review else []
    if any(s.brief(SHORT_CHARS) != s.text() for s in (*report.shortfalls.values(), *report.gaps.values())):
        notes.append("未达到的人员或记录较多时只列前几项（“等 N 条”）；全部见 Excel 报表“指标明细”工作表的"
                     f"“{gaps_header(results, report.moving)}”一列，或在程序中双击该指标“查看记录”。")
    if moving := report.moving.note():  # the printed, signed figures: which of them the open matters may still move
        notes.append(moving)
    _table(flow, ts, labels, rows, aligns, heading, notes=notes)


def _amount(ind: Indicator, num: float, den: float | None, empty: str = "") -> str:
    """A figure as the report writes it: a count "12", a ratio "206/238（86.6%）" (without a denominator "无数据："
    and what it lacks, `empty`: 全县合计 of no township's 行政裁决案件)."""
    if not ind.is_ratio:
        return f"{num:g}"
    return f"{num:g}/{den:g}（{num / den:.1%}）" if den else f"{st.NO_DATA}：{empty}"


def _total(results: Results, ind: Indicator) -> str:
    """全县合计 of one indicator (`Results.total`), its 无数据 said as `Results.total_empty` says it."""
    return _amount(ind, *results.total(ind.code), results.total_empty(ind.code))


def _reported(flow: Flow, ts: Typesetter, report: Report, heading: str) -> None:
    """The report-only targets (T45 宪法宣誓, T34, T4), a row per township and a column per target: no status to
    colour, so not in the matrix, yet the county hands each township's figure upward (二 has only the total). The
    figures are 指标明细's 完成值: a count in the column's unit, a ratio as its numerator and denominator too."""
    results = report.results
    reported = results.catalog.reported
    late = report.completeness.not_all_arrived()
    labels = ["乡镇", *(f"{i.code} {i.title}" + ("" if i.is_ratio or not i.unit else f"（{i.unit}）")
                       for i in reported)]
    rows = []
    for town in results.townships:
        cells = []
        for ind in reported:
            fig = results.figure(ind.code, town.code)
            amount = Amount.of(fig)
            if amount.value is None:
                cells.append(st.NO_DATA)
            else:
                cells.append(_amount(ind, fig.numerator or 0, fig.denominator))
        rows.append([f"{town.name} *" if town.code in late else town.name, *cells])
    rows.append(["全县合计", *(_total(results, i) for i in reported)])
    notes = ["仅报告、不评状态：不在汇总矩阵中，不计入达标乡镇数。数值即 Excel 报表“指标明细”工作表的完成值；"
             "“无数据”＝比率分母为0，或尚无该乡镇本年的记录。",
             *([empty] if (empty := results.no_data_note(reported)) else [])]
    if late:
        notes.append(f"带 * 的乡镇最后一个数据包制作于{report.year}年底之前，其数值只含已收到的记录。")
    _table(flow, ts, labels, rows, ["left", *("right" for _ in reported)], heading, notes=notes)


def _short(report: Report, code: str, town: str, county: bool = False) -> str:
    """Who or what falls short (T47's leaders: "；未述法：马志刚", T29's officers: "；未持有效执法证：马小龙", the
    catalog's `lacking`), else the records a counted ratio
    still waits for (T30b's open complaints, by number: "；尚未计入的记录：…", "；未计入的记录：…" once they can no
    longer count in the year, `Moving.not_counted`), the first few and how many in all; the workbook lists every
    one. In the `county`'s summary cell, after the status: "：马志刚", "，尚未计入：…"."""
    shortfall = report.shortfalls.get((code, town))
    if shortfall and shortfall.items:
        lead = "：" if county else f"；{report.results.catalog.get(code).lacking}："
    elif (shortfall := report.gaps.get((code, town))) and (county or not _said(report, code, town)):
        # 未计入 once the year is over and none of them can still count in it, as 本年度指标's 说明 says
        word = report.moving.not_counted(report.results.figure(code, town))
        lead = f"，{word}：" if county else f"；{word}的记录："
    else:
        return ""
    # "（3/4）" as 全县合计 writes a ratio: "（3 / 4）" broke at its spaces, "（3" ending one line and "/ 4）" the next
    return lead + shortfall.brief(SHORT_CHARS).replace(" / ", "/")


def _said(report: Report, code: str, town: str) -> bool:
    """Does the figure's progress text name its records already ("〔2026〕会记字第3号未计入，全年已不能达到…")?"""
    fig = report.results.figure(code, town)
    return fig.status == st.MISSED and bool(fig.short)


def _view_table(flow: Flow, ts: Typesetter, view: View, heading: str, size: float = 12) -> None:
    """A report view as a ruled table under its heading (and its smaller tables under it), percentages written
    out, figures right-aligned."""
    labels = [h.replace("\n", " ") for h in view.headers]
    rows = [[_text(value, kind) for value, kind in zip(row, view.kinds, strict=True)] for row in view.rows]
    _table(flow, ts, labels, rows, ["right" if kind in (NUMBER, PERCENT) else "left" for kind in view.kinds],
           heading, size, notes=view.notes)
    for extra in view.extra:
        _view_table(flow, ts, extra, extra.title, size=10)


def _text(value: object, kind: str) -> str:
    if value is None:
        return st.NO_DATA_MARK if kind == PERCENT else ""
    if kind == PERCENT and isinstance(value, float):
        return f"{value:.1%}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(flow: Flow, ts: Typesetter, labels: list[str], rows: list[list[str]], aligns: list[str], heading: str,
           size: float = 12, notes: Sequence[str] = ()) -> None:
    """A ruled table across the page under its heading; `aligns` per column (figures right-aligned); `notes` under
    it, on the page of its last row."""
    body, head = Style("songti", SIZE), Style("heiti", SIZE)
    total = flow.width if len(labels) > 4 else flow.width / 2  # a small table is not stretched across the page
    widths = fit_columns(ts, labels, rows, total, body, head, PADDING)
    columns = [Column(label, w, align) for label, w, align in zip(labels, widths, aligns, strict=True)]
    table = _Table(ts, columns, body, head, LEADING, PADDING)
    after = _notes_height(flow, ts, notes)
    # a table of a few rows keeps its notes under it (its last row does): its heading comes with both, or a long
    # note (无数据的原因) sent 调解统计's one row overleaf and left its heading and header alone at a page's foot
    _section(flow, ts, heading, 4 + table.opening(flow, rows) + (after if len(rows) <= KEEP_ROWS else 0), size)
    flow.y += 4
    table.draw(flow, rows, then=after)
    _notes(flow, ts, notes)


class _Table(Table):
    """The document layer's table with what a long report needs besides: `opening`, how tall its header and first
    rows are (for the heading to keep with them), and a tall row that begins where it is and goes on overleaf."""

    def opening(self, flow: Flow, rows: Sequence[Sequence[CellText]]) -> float:
        """The header and the first KEEP_ROWS rows, a tall row counted as far as it would be split."""
        return self._header_height() + sum(self.keep_with_header(flow, row) for row in rows[:KEEP_ROWS])

    def keep_with_header(self, flow: Flow, row: Sequence[CellText]) -> float:
        """A row of at least twice SPLIT_LINES lines is split (`_draw_row`): its first SPLIT_LINES lines."""
        if self.row_height(row) >= 2 * SPLIT_LINES * self.leading + 2 * self.padding:
            return SPLIT_LINES * self.leading + 2 * self.padding
        return super().keep_with_header(flow, row)

    def _draw_row(self, flow: Flow, cells: list[Cell]) -> None:
        room = int((flow.bottom - flow.y - 2 * self.padding) // self.leading)
        tallest = max((len(cell.lines) for cell in cells), default=1)
        first = min(room, tallest - SPLIT_LINES)
        if tallest <= room or first < SPLIT_LINES:
            super()._draw_row(flow, cells)  # fits here, or too short to split: whole (on the next page if need be)
            return
        height = first * self.leading + 2 * self.padding
        self._draw_cells(flow.page, cells, flow.left, flow.y, height, 0, first)
        flow.y += height
        flow.new_page()  # the header again (on_new_page), then the rest of the row
        rest = [replace(cell, lines=cell.lines[first:]) for cell in cells]
        if len(cells[0].lines) <= first:  # the row's key ("T29") again, so that the rest says whose it is
            rest[0] = cells[0]
        super()._draw_row(flow, rest)


def _rules(flow: Flow, ts: Typesetter, report: Report, heading: str) -> None:
    """Which records each figure counts, from the catalog's own conditions: what a township checks its figures
    (and the record numbers in 指标明细) against."""
    view = _find(report, "指标说明")
    wanted = [view.headers.index(name) for name in ("代码", "简称", "目标", "计入条件", "说明")]
    rows = [[row[i] or "" for i in wanted] for row in view.rows if row[view.headers.index("计入条件")]]
    _table(flow, ts, ["代码", "指标", "目标", "计入条件", "说明"], rows, ["left"] * 5, heading)


def _not_computable(flow: Flow, ts: Typesetter, report: Report, heading: str) -> None:
    rows = [[i.code, i.text, i.needs] for i in report.catalog.not_computable]
    # by the catalog's name and version (and a county's own file by its name): never the program's install path
    note = f"指标目录：{report.catalog.label}" if rows else f"无。指标目录：{report.catalog.label}"
    if rows:
        _table(flow, ts, ["代码", "方案要求", "需要的台账"], rows, ["left"] * 3, heading, notes=[note])
    else:
        _section(flow, ts, heading, _notes_height(flow, ts, [note]))
        _notes(flow, ts, [note])
