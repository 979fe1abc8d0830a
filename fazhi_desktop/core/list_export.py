"""A ledger's list, as shown (searched, filtered, sorted), as a file for Excel: CSV or XLSX by the file's suffix.

The same columns everywhere (the window's 导出列表…, `fazhi list --format csv`, `-o FILE.xlsx`): 乡镇 at the county,
编号, 状态, every field of the form as printed, 备注, 标识. ID and phone numbers are masked unless the user may reveal
them and asks to (noted in the reveal log), also one typed into a text (投诉内容, 备注: display.list_cell).
CSV is what Excel on a Chinese PC reads: UTF-8 with a byte-order mark (without it Excel takes the file for GBK)
and CRLF line ends. Either file appears only when complete (core/atomic.py).
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from fazhi_desktop.core import divisions, reveals
from fazhi_desktop.core.atomic import atomic_output
from fazhi_desktop.core.display import linked_record_text, list_cell, status_text, text_width
from fazhi_desktop.core.errors import FazhiError, NotFound
from fazhi_desktop.core.forms import FieldDef, LedgerDef
from fazhi_desktop.core.jobs import Progress, no_progress
from fazhi_desktop.core.leftovers import remove_output_parts
from fazhi_desktop.core.store import ListQuery, Record, Store
from fazhi_desktop.core.workbooks import NUMBER, cell_text, mark_text, put_text, save_workbook

SUFFIXES = (".xlsx", ".csv")
CHUNK = 500  # records read at a time: a list of 100,000 is never held whole
MAX_WIDTH = 40
WIDTH_SAMPLE = 1000  # rows the columns' widths are measured on
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: the first day Excel counts as this program does (its 1900 has a 29 February that was not); an earlier one, such as
#: 0026 saved before dates were checked, was written as a negative serial that Excel shows as #####: it goes as text
EXCEL_FIRST_DAY = "1900-03-01"
#: field types whose cells a workbook holds as numbers or dates, so Excel sums and sorts them (编号, ID and phone
#: numbers stay text: Excel would round them)
TYPED = ("integer", "decimal", "date")


def headers(store: Store, ledger: LedgerDef) -> list[str]:
    return [*(["乡镇"] if store.is_county else []), "编号", "状态", *(f.label for f in ledger.fields), "备注", "标识"]


def column_types(store: Store, ledger: LedgerDef) -> list[str]:
    """Beside `headers`: the field type of a column a workbook writes as a number or a date (TYPED), "" for text."""
    return [*([""] if store.is_county else []), "", "", *(f.type if f.type in TYPED else "" for f in ledger.fields),
            "", ""]


def row(store: Store, ledger: LedgerDef, record: Record, reveal: bool, places: dict[str, str],
        links: dict[str, str] | None = None, mark: str = "") -> list[str]:
    """One record's cells as printed: a linked record (会前学法) by its number and title, not its id (`links` keeps
    those already looked up during one export); `mark`: what the county says after its status (Store.county_marks)."""
    links = {} if links is None else links

    def cell(f: FieldDef) -> str:
        value = record.values.get(f.name)
        if f.type == "link" and value:
            if value not in links:
                links[value] = linked_record_text(store, str(value))
            return links[value]
        return list_cell(f, value, reveal=reveal)  # a number stays one Excel sums; a group's rows keep their units

    return [*([places.get(record.township, record.township)] if store.is_county else []), record.number or "",
            status_text(record.status, mark), *(cell(f) for f in ledger.fields),
            list_cell(None, record.values.get("remarks"), reveal), record.id]


def rows(store: Store, query: ListQuery, reveal: bool = False, progress: Progress = no_progress,
         limit: int | None = None, revealed: list[reveals.Entry] | None = None) -> Iterator[list[str]]:
    """The list's rows in its order (the first `limit`), read a chunk at a time; `progress` may raise Cancelled.
    With `reveal`, the records whose numbers are shown are added to `revealed`, for the caller to note."""
    rids = store.query_rids(query)[:limit]

    def chunks() -> Iterator[list[Record]]:
        for start in range(0, len(rids), CHUNK):
            progress(start, len(rids), f"正在导出 {start} / {len(rids)} 条……")
            chunk = rids[start:start + CHUNK]
            by_rid = store.rows(query.ledger, chunk)
            yield [by_rid[r] for r in chunk]

    return _lines(store, store.ledger(query.ledger), chunks(), reveal, revealed)


def _lines(store: Store, ledger: LedgerDef, chunks: Iterable[list[Record]], reveal: bool,
           revealed: list[reveals.Entry] | None) -> Iterator[list[str]]:
    """The rows of the records `chunks` yields, a chunk at a time (see `rows`)."""
    places = divisions.names() if store.is_county else {}
    links: dict[str, str] = {}
    for records in chunks:
        if reveal and revealed is not None:
            revealed += reveals.with_texts(store, records)  # a number typed into a text too
        marks = store.county_marks([r.id for r in records])
        yield from (row(store, ledger, r, reveal, places, links, marks.get(r.id, "")) for r in records)


def plain(text: str) -> str:
    """A cell Excel shows as typed (workbooks.mark_text: '=1+1, '-, '+86…, which the import reads back as they were);
    a control character (a record an older version saved, a township's bundle) a space, as in the .xlsx
    (workbooks.cell_text)."""
    return mark_text(cell_text(text))


def write_csv(out: IO[str], header: list[str], lines: Iterable[list[str]], line_end: str = "\r\n") -> None:
    writer = csv.writer(out, lineterminator=line_end)
    writer.writerow(header)
    writer.writerows([plain(v) for v in line] for line in lines)


def csv_text(header: list[str], lines: Iterable[list[str]], line_end: str = "\r\n") -> str:
    buffer = io.StringIO()
    write_csv(buffer, header, lines, line_end)
    return buffer.getvalue()


def kind_of(path: Path | str) -> str:
    """"xlsx" or "csv" from the file's suffix; FazhiError for any other."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise FazhiError(f"无法导出到 {path}：文件名须以 .xlsx（Excel 工作簿）或 .csv 结尾")
    return suffix[1:]


def write_list(store: Store, query: ListQuery, path: Path | str, reveal: bool = False,
               progress: Progress = no_progress, limit: int | None = None, reason: str | None = None) -> int:
    """Write the list `query` shows to `path` (.xlsx or .csv); returns how many records it holds. With `reveal`,
    full numbers: checked and noted as every reveal is, for `reason` (optional)."""
    return _write(store, store.ledger(query.ledger), path,
                  lambda revealed: rows(store, query, reveal, progress, limit, revealed), reveal, progress, reason)


def write_records(store: Store, ledger_name: str, ids: list[str], path: Path | str,
                  progress: Progress = no_progress) -> int:
    """Write the records `ids` of one ledger, in that order, to `path` as `write_list` writes a list, numbers
    masked: the records a drill-down lists (本年度指标 → 查看记录 → 导出列表), but those deleted since it listed them
    (the whole export was refused, naming a record's internal id). Returns how many."""
    def chunks() -> Iterator[list[Record]]:
        for start in range(0, len(ids), CHUNK):
            progress(start, len(ids), f"正在导出 {start} / {len(ids)} 条……")
            yield [r for r in (_live(store, i) for i in ids[start:start + CHUNK]) if r is not None]

    ledger = store.ledger(ledger_name)
    return _write(store, ledger, path, lambda revealed: _lines(store, ledger, chunks(), False, revealed), False,
                  progress)


def _live(store: Store, record_id: str) -> Record | None:
    """The record, or None when it was deleted."""
    try:
        return store.get(record_id)
    except NotFound:
        return None


def _write(store: Store, ledger: LedgerDef, path: Path | str, lines: Callable[[list[reveals.Entry]],
           Iterator[list[str]]], reveal: bool, progress: Progress, reason: str | None = None) -> int:
    """Write the rows `lines(revealed)` gives to `path` (.xlsx or .csv), atomically; with `reveal`, the numbers
    shown are noted (see `write_list`). Returns how many rows."""
    path = Path(path)
    kind = kind_of(path)
    if reveal:
        reveals.may_reveal(store)  # the right, before anything is read
    header = headers(store, ledger)
    count = 0
    revealed: list[reveals.Entry] = []

    def counted() -> Iterator[list[str]]:
        nonlocal count
        for line in lines(revealed):
            count += 1
            yield line

    written = range(0)
    remove_output_parts(path)  # what an export killed while written left there
    try:
        with atomic_output(path, "导出列表") as out:
            _write_out(out, kind, ledger.label, header, counted(), column_types(store, ledger))
            # the file is complete, not yet under its name: a reveal that cannot be noted leaves no file
            written = reveals.note_entries(store, revealed, f"导出列表（{path.name}）", reason) if reveal \
                else range(0)
    except BaseException:
        with contextlib.suppress(FazhiError):
            reveals.withdraw(store, written)  # the file never appeared under its name: nothing was revealed
        raise
    progress(count, count, "完成")
    return count


def write_table(path: Path | str, title: str, header: list[str], lines: Iterable[list[str]]) -> int:
    """Rows already said as text (待办事项, core/todo.py) to `path` (.xlsx or .csv) as a list is written: the
    header bold and frozen, each cell as typed, the file appearing only when complete. Returns how many rows."""
    path = Path(path)
    kind = kind_of(path)
    written = list(lines)
    remove_output_parts(path)
    with atomic_output(path, "导出列表") as out:
        _write_out(out, kind, title, header, iter(written), [""] * len(header))
    return len(written)


def _write_out(out: IO[bytes], kind: str, title: str, header: list[str], lines: Iterator[list[str]],
               types: list[str]) -> None:
    """The rows to the file being written, as CSV (UTF-8 with a byte-order mark) or a workbook (`_write_xlsx`)."""
    if kind == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
        write_csv(text, header, lines)
        text.flush()
        text.detach()  # atomic_output closes (and syncs) the file itself
    else:
        _write_xlsx(out, title, header, lines, types)


def _write_xlsx(out: IO[bytes], title: str, header: list[str], lines: Iterator[list[str]], types: list[str]) -> None:
    """A write-only workbook (rows streamed, not held): column widths from the header and the first rows, the header
    bold, frozen and filterable; numbers and dates of the form's number and date fields as such (`types`, from
    `column_types`), every other value as text (编号 and 身份证号 are not numbers for Excel to round)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    first = list(itertools.islice(lines, WIDTH_SAMPLE))
    widths = [text_width(h) for h in header]
    for line in first:
        widths = [max(w, min(text_width(v.split("\n")[0]), MAX_WIDTH)) for w, v in zip(widths, line, strict=True)]
    for column, width in enumerate(widths, 1):  # a write-only sheet takes its widths before its rows
        sheet.column_dimensions[get_column_letter(column)].width = width + 2
    bold = Font(bold=True)
    heads = [put_text(WriteOnlyCell(sheet), text) for text in header]
    for cell in heads:
        cell.font = bold
    sheet.append(heads)
    count = 0
    for line in itertools.chain(first, lines):
        sheet.append([_cell(sheet, value, kind) for value, kind in zip(line, types, strict=True)])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    save_workbook(workbook, out)  # not workbook.save: see core/workbooks.py



def _cell(sheet: Any, value: str, kind: str) -> Any:
    """A number field's number as a number, a date field's date as a date (shown 2026-03-05), one Excel can hold;
    anything else as text."""
    from openpyxl.cell import WriteOnlyCell

    if kind in ("integer", "decimal") and NUMBER.fullmatch(value):
        return WriteOnlyCell(sheet, int(value) if kind == "integer" and "." not in value else float(value))
    if kind == "date" and _DATE.fullmatch(value) and value >= EXCEL_FIRST_DAY:
        with contextlib.suppress(ValueError):
            cell = WriteOnlyCell(sheet, datetime.date.fromisoformat(value))
            cell.number_format = "yyyy-mm-dd"
            return cell
    return put_text(WriteOnlyCell(sheet), value)
