"""The year's report as a PDF, laid out with the document layer (core/documents): its one font resolver (official
fonts, else the closest TrueType stand-in, every font embedded), its line breaker, tables and atomic PDF writer.

Landscape A4. For a county: the townships x targets matrix (status colour and text in every cell), then per target
how many townships met it and which did not, completeness, the mediation statistics, and the indicators this version
cannot compute. For one township: its indicators with progress instead of the matrix.
"""

from __future__ import annotations

from pathlib import Path

from fazhi_desktop.core.documents.common import number_pages
from fazhi_desktop.core.documents.fonts import FontSet, resolve_fonts, take_notice
from fazhi_desktop.core.documents.layout import A4_LANDSCAPE, GREY, MM, RGB, Document, Style, Typesetter, local_time
from fazhi_desktop.core.documents.pdf import write_pdf
from fazhi_desktop.core.documents.table import Column, Flow, Table, fit_columns
from fazhi_desktop.core.indicators import status as st
from fazhi_desktop.core.indicators.views import NUMBER, PERCENT, STATUS_NOTES, Report, View, value_text
from fazhi_desktop.core.jobs import Progress, no_progress

MARGIN = 14 * MM
SIZE, LEADING, PADDING = 8.5, 11.0, 2.5
NAME_WIDTH = 24 * MM
ROW_HEIGHT = 15.0


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
    sections = [("指标完成情况汇总（乡镇 × 指标）", lambda: _matrix(flow, ts, report))] if county else []
    sections += [("各指标完成情况", lambda: _targets(flow, ts, report, county)),
                 ("数据完整性", lambda: _view_table(flow, ts, _find(report, "数据完整性"))),
                 ("调解统计", lambda: _view_table(flow, ts, _find(report, "调解统计"))),
                 ("本版本不能计算的指标", lambda: _not_computable(flow, ts, report))]
    numbers = "一二三四五六七八"
    for index, (heading, draw) in enumerate(sections):
        _section(flow, ts, f"{numbers[index]}、{heading}")
        draw()
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
    line = (f"{report.office}　统计截至 {report.today.isoformat()}　生成时间 {local_time(report.generated)}　"
            f"指标目录：{report.catalog.label}")
    ts.draw_text(flow.page, line, Style("songti", 9, GREY), flow.left + flow.width / 2, flow.y, align="center")
    ahead = report.results.ahead_text(report.results.townships[0].code if len(report.results.townships) == 1
                                      else None)
    if ahead:
        flow.y += 13
        ts.draw_text(flow.page, ahead, Style("songti", 9, GREY), flow.left + flow.width / 2, flow.y, align="center")
    flow.y += 8


def _section(flow: Flow, ts: Typesetter, text: str) -> None:
    flow.need(60)
    flow.y += 18
    ts.draw_text(flow.page, text, Style("heiti", 12), flow.left, flow.y)
    flow.y += 6


def _note(flow: Flow, ts: Typesetter, text: str) -> None:
    style = Style("songti", 8, GREY)
    for line in ts.lines([(text, style)], flow.width):
        flow.need(LEADING)
        flow.y += LEADING
        ts.draw_line(flow.page, line, flow.left, flow.y)


def _matrix(flow: Flow, ts: Typesetter, report: Report) -> None:
    """The coloured grid: a row per township, a column per target, the status written in every cell."""
    results = report.results
    targets = results.catalog.judged
    cell_w = (flow.width - NAME_WIDTH) / max(len(targets), 1)
    head_style, code_style = Style("songti", 7), Style("heiti", 7.5)
    titles = [ts.title_lines(i.title, head_style, cell_w - 2 * PADDING)[:3] for i in targets]
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
                ts.draw_line(flow.page, line, x + (cell_w - line.width) / 2, top + PADDING + 18 + 9 * n)
        flow.y += head_h

    rows = [(t.name, [results.figure(i.code, t.code).status for i in targets]) for t in results.townships]
    rows += [(f"{s}乡镇数", [str(results.summary(i.code)[s]) for i in targets]) for s in (st.MET, st.MISSED)]
    flow.need(head_h + ROW_HEIGHT * 3)
    header()
    for name, cells in rows:
        if flow.y + ROW_HEIGHT > flow.bottom:
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
    _note(flow, ts, "；".join(STATUS_NOTES))


def _targets(flow: Flow, ts: Typesetter, report: Report, county: bool) -> None:
    results = report.results
    if county:
        labels = ["代码", "指标", "目标", "全县合计", *st.MATRIX_STATUSES, "未达标或有风险的乡镇"]
        rows = []
        for ind in results.catalog.targets:
            num, den = results.total(ind.code)
            total = (f"{num:g}/{den:g}（{num / den:.1%}）" if den else "无数据") if ind.is_ratio else f"{num:g}"
            summary = results.summary(ind.code)
            behind = [f"{t.name}（{results.figure(ind.code, t.code).status}{_short(report, ind.code, t.code)}）"
                      for t in results.townships
                      if results.figure(ind.code, t.code).status in (st.MISSED, st.AT_RISK)]
            # a report-only figure has no target to be met or missed: only 无数据 says something about it
            counts = [str(summary[s]) if ind.direction != "report" or s == st.NO_DATA else "—"
                      for s in st.MATRIX_STATUSES]
            rows.append([ind.code, ind.title, ind.target_text(), total, *counts, "、".join(behind)])
    else:
        labels = ["代码", "指标", "目标", "完成", "状态", "进度说明"]
        town = results.townships[0].code
        rows = [[i.code, i.title, i.target_text(), value_text(f), f.status,
                 f.progress_text() + _short(report, i.code, town, "；未达到：")]
                for i in results.catalog.targets for f in [results.figure(i.code, town)]]
    _table(flow, ts, labels, rows)


def _short(report: Report, code: str, town: str, lead: str = "：", longest: int = 60) -> str:
    """Who or what falls short (T47's leaders, T29's checks), when short enough for a cell; the workbook lists
    every one."""
    text = report.shortfalls.get((code, town), "")
    if not text:
        return ""
    return lead + (text if len(text) <= longest else text[:longest].rsplit("、", 1)[0] + "……（详见 Excel 报表）")


def _view_table(flow: Flow, ts: Typesetter, view: View) -> None:
    """A report view as a ruled table (and its smaller tables under it), percentages written out."""
    labels = [h.replace("\n", " ") for h in view.headers]
    rows = [[_text(value, kind) for value, kind in zip(row, view.kinds, strict=True)] for row in view.rows]
    _table(flow, ts, labels, rows, ["right" if kind in (NUMBER, PERCENT) else "left" for kind in view.kinds])
    for note in view.notes:
        _note(flow, ts, note)
    for extra in view.extra:
        flow.need(60)
        flow.y += 14
        ts.draw_text(flow.page, extra.title, Style("heiti", 10), flow.left, flow.y)
        _view_table(flow, ts, extra)


def _text(value: object, kind: str) -> str:
    if value is None:
        return "—" if kind == PERCENT else ""
    if kind == PERCENT and isinstance(value, float):
        return f"{value:.1%}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(flow: Flow, ts: Typesetter, labels: list[str], rows: list[list[str]],
           aligns: list[str] | None = None) -> None:
    """A ruled table across the page; `aligns` per column (figures right-aligned), left by default."""
    body, head = Style("songti", SIZE), Style("heiti", SIZE)
    total = flow.width if len(labels) > 4 else flow.width / 2  # a small table is not stretched across the page
    widths = fit_columns(ts, labels, rows, total, body, head, PADDING)
    aligns = aligns or ["left"] * len(labels)
    columns = [Column(label, w, align) for label, w, align in zip(labels, widths, aligns, strict=True)]
    table = Table(ts, columns, body, head, LEADING, PADDING)
    flow.y += 4
    table.draw(flow, rows)


def _not_computable(flow: Flow, ts: Typesetter, report: Report) -> None:
    rows = [[i.code, i.text, i.needs] for i in report.catalog.not_computable]
    if rows:
        _table(flow, ts, ["代码", "方案要求", "需要的台账"], rows)
    _note(flow, ts, f"指标目录文件：{report.catalog.source}")
