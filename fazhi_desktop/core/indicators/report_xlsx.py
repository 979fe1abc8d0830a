"""The year's report as an Excel workbook (openpyxl): one sheet per view, Chinese headers, the header rows frozen,
column widths from the text they hold, figures as numbers (percentages formatted 0.0%, counts with their unit, so
that Excel sorts and filters them by value), statuses coloured and spelled out.

Written to a temporary file beside the target, fsynced and renamed over it, so a failed or cancelled export never
leaves half a workbook (and never destroys the previous one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fazhi_desktop.core import failures
from fazhi_desktop.core.atomic import replacing
from fazhi_desktop.core.dates import cn_date, cn_time
from fazhi_desktop.core.display import text_width
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.indicators.status import COLOURS, NO_DATA_MARK
from fazhi_desktop.core.indicators.views import AMOUNT, NUMBER, PERCENT, STATUS, Amount, Report, View
from fazhi_desktop.core.jobs import Progress, no_progress
from fazhi_desktop.core.leftovers import remove_output_parts
from fazhi_desktop.core.workbooks import put_text, save_workbook

HEADER_ROW = 3  # title, subtitle, then the header row; data below it
#: every printed page says which it is: 指标明细 runs to many pages, handed round loose
PAGE_FOOTER = "第 &P 页，共 &N 页"
LINE_HEIGHT = 15  # points per wrapped line of a note (11-point text)
MIN_WIDTH, MAX_WIDTH, LONG_TEXT_WIDTH = 6, 60, 40
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")


def write_xlsx(report: Report, path: Path | str, progress: Progress = no_progress) -> Path:
    """Write `report` to `path` (.xlsx) atomically. `progress` may raise Cancelled; nothing is left behind then."""
    path = Path(path)
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = report.title
    workbook.properties.creator = report.office or "法治台账"
    for index, view in enumerate(report.views):
        progress(index, len(report.views) + 1, f"正在写入工作表“{view.name}”……")
        _sheet(workbook.create_sheet(view.name), view, report)
    progress(len(report.views), len(report.views) + 1, "正在保存……")
    _save_atomic(workbook, path)
    return path


def _sheet(ws: Worksheet, view: View, report: Report) -> None:
    width = len(view.headers)
    # a table's title as an official one reads, once: "海原县司法局2026年法治政府建设指标完成情况汇总表"
    put_text(ws.cell(1, 1), f"{report.scope}{view.title}").font = Font(bold=True, size=14)
    subtitle = f"统计截至 {cn_date(report.today.isoformat())}　生成时间 {cn_time(report.generated)}"
    put_text(ws.cell(2, 1), f"{report.office}　{subtitle}　指标目录：{report.catalog.label}".strip())
    ws.cell(2, 1).font = Font(color="595959")
    notes = [2]  # the subtitle: as long as a note, cut off on paper like one
    below = _table(ws, view, HEADER_ROW, notes)
    for extra in view.extra:
        put_text(ws.cell(below + 1, 1), extra.title).font = Font(bold=True, size=12)
        below = _table(ws, extra, below + 2, notes)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, view.frozen_columns + 1)
    if view.rows:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(width)}{HEADER_ROW + len(view.rows)}"
    _widths(ws, view)
    _wrap_notes(ws, notes, width)
    ws.oddFooter.center.text = PAGE_FOOTER
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _table(ws: Worksheet, view: View, header_row: int, notes: list[int]) -> int:
    """The header row, the rows and the notes of a view from `header_row` down (the notes' rows added to
    `notes`); returns the next free row."""
    for column, header in enumerate(view.headers, 1):
        cell = put_text(ws.cell(header_row, column), header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if any("\n" in h for h in view.headers):
        ws.row_dimensions[header_row].height = 32
    for r, row in enumerate(view.rows, header_row + 1):
        for c, (value, kind) in enumerate(zip(row, view.kinds, strict=True), 1):
            _cell(ws, r, c, value, kind)
    below = header_row + len(view.rows) + 2
    for offset, note in enumerate(view.notes):
        put_text(ws.cell(below + offset, 1), note).font = Font(color="595959")
        notes.append(below + offset)
    return below + len(view.notes) + 1


def _cell(ws: Worksheet, row: int, column: int, value: Any, kind: str) -> None:
    if kind == AMOUNT:
        _amount(ws.cell(row, column), value)
        return
    if isinstance(value, float) and kind == NUMBER and value.is_integer():
        value = int(value)
    if kind == PERCENT and value is None:
        value = NO_DATA_MARK  # no denominator: as the window and the PDF say it (the notes say what it means)
    if isinstance(value, str) and value:  # a roster name sent as "=HYPERLINK(…)" or with a control character
        cell = put_text(ws.cell(row, column), value)
        value = cell.value
    else:
        cell = ws.cell(row, column, value if value != "" else None)
    cell.border = _BORDER
    if kind in (PERCENT, NUMBER) and value == NO_DATA_MARK:  # no data: right, where the figures stand
        cell.alignment = Alignment(horizontal="right")
    elif kind == PERCENT:
        cell.number_format = "0.0%"
    elif kind == NUMBER and isinstance(value, int | float):
        cell.number_format = "0" if isinstance(value, int) else "0.0"
    elif kind == STATUS and isinstance(value, str) and value in COLOURS:
        cell.fill = PatternFill("solid", fgColor=COLOURS[value])
        cell.alignment = Alignment(horizontal="center")
    if isinstance(value, str) and ("\n" in value or text_width(value) > LONG_TEXT_WIDTH):
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _amount(cell: Any, amount: Amount) -> None:
    """A ratio as a fraction formatted 0.0%, a count as a number shown with its unit (`0" 次"`), no data as an
    empty cell: Excel sorts numbers by value and empty cells last, whichever way."""
    cell.border = _BORDER
    if amount.value is None:
        return
    value = int(amount.value) if not amount.ratio and float(amount.value).is_integer() else amount.value
    cell.value = value
    if amount.ratio:
        cell.number_format = "0.0%"
    else:
        digits = "0" if isinstance(value, int) else "0.0"
        unit = amount.unit.replace('"', "")
        cell.number_format = f'{digits}" {unit}"' if unit else digits


def _widths(ws: Worksheet, view: View) -> None:
    """Each column as wide as its header's longest line or its widest value (Chinese counts double), within
    bounds; long text wraps instead. Tables under the main one are measured too."""
    widest: dict[int, int] = {}
    for table in (view, *view.extra):
        for column, header in enumerate(table.headers, 1):
            wide = max(text_width(part) for part in header.split("\n"))
            for row in table.rows:
                wide = max(wide, min(_text_width(row[column - 1], table.kinds[column - 1]), LONG_TEXT_WIDTH))
            widest[column] = max(widest.get(column, 0), wide)
    for column, wide in widest.items():
        ws.column_dimensions[get_column_letter(column)].width = max(MIN_WIDTH, min(wide + 2, MAX_WIDTH))


def _wrap_notes(ws: Worksheet, rows: list[int], width: int) -> None:
    """Each note (and the subtitle) merged across the table's columns and wrapped, its row as tall as its lines:
    a single cell spilled its text to the right, past the last column, where neither the printed page (fitted to
    the table's width) nor the screen shows it; Excel does not size a merged cell's row itself."""
    columns = sum(ws.column_dimensions[get_column_letter(c)].width or MIN_WIDTH for c in range(1, width + 1))
    for row in rows:
        cell = ws.cell(row, 1)
        if width > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        per_line = max(1, int(columns) - 2)
        lines = sum(max(1, -(-text_width(part) // per_line)) for part in str(cell.value).split("\n"))
        ws.row_dimensions[row].height = LINE_HEIGHT * lines


def _text_width(value: Any, kind: str) -> int:
    if kind == PERCENT and isinstance(value, float):
        text = f"{value:.1%}"
    elif value is None or (kind == AMOUNT and value.value is None):
        text = ""  # an empty cell
    else:
        text = str(value)
    return max((text_width(part) for part in text.split("\n")), default=0)


def _save_atomic(workbook: Workbook, path: Path) -> None:
    """The workbook at `path`, all or nothing (core/atomic.py), readable by others like any document."""
    remove_output_parts(path)  # what a workbook killed while written left there
    try:
        with replacing(path) as handle:
            save_workbook(workbook, handle)  # a failed save leaves nothing for the garbage collector to report
    except PermissionError:
        raise FazhiError(f"无法保存 {path}：文件被占用或没有写入权限（如已在 Excel 中打开，请先关闭）") from None
    except OSError as exc:  # a full or pulled stick: said in Chinese, as for bundles and backups
        raise failures.from_os(exc, path, "保存Excel报表", cleaned_up=True, output=True) from None
