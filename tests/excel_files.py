"""Workbooks as a clerk fills them in, for the tests of 从Excel导入记录: the program's template with rows typed into
it (by field label), or a bare workbook of given cells."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from fazhi_desktop.core.excel_template import write_template
from fazhi_desktop.core.forms import LedgerDef


def filled_template(ledger: LedgerDef, path: Path, rows: list[dict[str, Any]],
                    groups: dict[str, list[dict[str, Any]]] | None = None) -> Path:
    """The template of `ledger` with `rows` (label -> value) typed into its first sheet from row 2, numbered 序号 1,
    2, 3… as a clerk numbers them (unless a row gives its own 序号), and each group sheet's lines (label -> value,
    记录序号 included) from row 2; saved as `path`."""
    write_template(ledger, path)
    book = load_workbook(path)
    if any(cell.value == "序号" for cell in book.worksheets[0][1]):
        rows = [{"序号": number, **row} for number, row in enumerate(rows, 1)]
    _type_rows(book.worksheets[0], rows)
    for sheet, lines in (groups or {}).items():
        _type_rows(book[sheet], lines)
    book.save(path)
    return path


def set_cell(path: Path, sheet: str, cell: str, value: Any) -> Path:
    """One cell of a saved workbook changed as a clerk changes it in Excel (a header renamed: 记录行 as the template
    had it before 记录序号)."""
    book = load_workbook(path)
    book[sheet][cell] = value
    book.save(path)
    return path


def _type_rows(sheet: Any, rows: list[dict[str, Any]]) -> None:
    columns = {cell.value: cell.column for cell in sheet[1]}
    for number, row in enumerate(rows, 2):
        for label, value in row.items():
            sheet.cell(row=number, column=columns[label]).value = value


def saved_by_excel(path: Path) -> Path:
    """The workbook as Excel saves it: every text of its sheets moved into a shared-string table (sharedStrings.xml)
    as it is written, escape codes and all (openpyxl writes each in its cell, an inline string)."""
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    strings: list[str] = []

    def shared(found: re.Match[str]) -> str:
        strings.append(found[3])
        return f'<c {found[1]}t="s"{found[2]}><v>{len(strings) - 1}</v></c>'

    inline = re.compile(r'<c ([^>]*?)t="inlineStr"([^>]*)><is><t[^>]*>(.*?)</t></is></c>', re.DOTALL)
    for name in [name for name in files if name.startswith("xl/worksheets/sheet")]:
        files[name] = inline.sub(shared, files[name].decode()).encode()
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    files["xl/sharedStrings.xml"] = (f'<sst xmlns="{main}" count="{len(strings)}" uniqueCount="{len(strings)}">'
                                     + "".join(f'<si><t xml:space="preserve">{s}</t></si>' for s in strings)
                                     + "</sst>").encode()
    kind = "officeDocument/2006/relationships/sharedStrings"
    files["xl/_rels/workbook.xml.rels"] = files["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/{kind}" '
        'Target="sharedStrings.xml"/></Relationships>'.encode())
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def workbook(path: Path, rows: list[list[Any]], title: str = "Sheet1") -> Path:
    """A workbook whose first sheet holds `rows` from A1."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


MEETING = {"会议名称/届次": "2026年第1次乡镇政府常务会议", "会议类型": "乡镇行政会议(政府常务会议)",
           "会议日期": "2026-01-08", "司法所所长列席情况": "全程"}


def meetings(count: int, **overrides: Any) -> list[dict[str, Any]]:
    """`count` valid meetings of 2026 (a title and a day each their own), as typed into the template."""
    return [{**MEETING, "会议名称/届次": f"2026年第{n}次乡镇政府常务会议",
             "会议日期": f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}", **overrides} for n in range(1, count + 1)]


#: an office's own meeting 台账's header, one sheet a month
MONTH_HEADER = ["序号", "会议名称/届次", "会议类型", "会议日期", "司法所所长列席情况"]


def month_meetings(number: int) -> list[list[Any]]:
    """Two 党委会 of month `number` of 2026, as rows under `MONTH_HEADER`."""
    return [[n, f"2026年{number}月第{n}次党委会", "党委会", f"2026-{number:02d}-{10 * n:02d}", "全程"] for n in (1, 2)]


def month_sheets(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """A workbook of one sheet per entry of `sheets` (1月, 2月, 全年), each `MONTH_HEADER` and its rows."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in [MONTH_HEADER, *rows]:
            sheet.append(row)
    book.save(path)
    return path
