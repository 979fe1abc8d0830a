"""Reading the sheets of a workbook a clerk filled in (.xlsx) or saved from Excel as CSV, with Excel's traps said.

What comes out is cells, not records (core/excel_import.py makes records of them): each sheet's header row and its
non-empty rows, by their Excel row numbers, and what in the sheet cannot be read as the clerk sees it: a merged cell
(only its first row holds the value), a hidden or filtered row or a hidden column (imported unseen), a formula whose
result the file does not hold (written by a program, never opened in Excel), an Excel error value (#N/A), a second
header row. The header is the first row with something in it, or, when the caller's `is_header` recognises one of
the first rows, that row: an office's own 台账 has its title (海城镇2026年会议台账) above the header. The main
sheet is the first one the clerk sees: a hidden sheet before it (an old copy, a lookup list) is passed over and said.

The file is bounded before it is read: its size, the size its zip unpacks to (a zip bomb is refused unread), 5,000
rows a sheet. openpyxl reads the workbook read-only, a row at a time; the sheet XML is parsed once, by openpyxl's own
parser, which also gives the rows' hidden flags and the merged ranges. That parser is openpyxl's private API
(`openpyxl.worksheet._reader`, the book's archive and shared strings): pyproject pins openpyxl to the 3.1 series it
was tested on, and a version without those names is said as 程序内部错误, never as a damaged file.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from fazhi_desktop.core import failures, textfiles, workbooks
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.jobs import Progress, no_progress

MAX_ROWS = 5_000
MAX_FILE_BYTES = 20 * 2**20
#: what the zip may unpack to: 5,000 rows of thirty long cells are some 30 MB of XML
MAX_UNPACKED_BYTES = 200 * 2**20
SUFFIXES = (".xlsx", ".csv")
#: how many rows with something in them may stand above the header (a title, a date line)
MAX_TITLE_ROWS = 5
WRONG_VERSION = "程序内部错误：Excel 读取组件版本不符（openpyxl {version}），无法读取 Excel 工作簿：请联系维护人员"
#: a CSV's quote left open: the rest of its row ("内容") and the rows after it ("行") are read as one cell
UNPAIRED_QUOTE = "第 {row} 行的引号没有配对，之后的{what}被并进了这一格"
_QUOTE_FIX = "：请用记事本打开，补上或删去这个引号（格内的引号要写成两个）后再导入"
_LINE_END = re.compile(r"\r\n|\r|\n")  # as csv ends a row
_ERROR_VALUES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"})


class FileRefused(FazhiError):
    """The file as a whole cannot be read (not a workbook, too large, too many rows): nothing of it was used."""


@dataclass(frozen=True)
class CellProblem:
    """Something in a sheet that is not what the clerk sees: at `row` (Excel's number) and `column` (1-based; None:
    the whole row)."""

    row: int
    column: int | None
    message: str


@dataclass
class Sheet:
    name: str
    header_row: int
    #: the header cells' text, '' for an empty one
    header: list[str]
    #: (Excel row number, the row's values) of every row below the header with something in it
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    #: (Excel row number, text) of the rows above the header that were left out: a table's title
    title_rows: list[tuple[int, str]] = field(default_factory=list)
    #: hidden in Excel (a main sheet is hidden only when the workbook shows no worksheet at all)
    hidden: bool = False
    #: (Excel row number, column number) of the cells holding a formula (their value read is its stored result)
    formulas: set[tuple[int, int]] = field(default_factory=set)


@dataclass(frozen=True)
class Unread:
    """A sheet left unread: its name, whether it is a hidden sheet passed over for the main one, and the texts of its
    first rows (where a group's sheet misnamed shows its header, 记录行 among them)."""

    name: str
    passed_over: bool = False
    texts: frozenset[str] = frozenset()


#: (sheet name, a row's cell texts) -> whether the row is the sheet's header
HeaderTest = Callable[[str, list[str]], bool]
#: (the main sheet as read, another sheet's first rows read as a sheet: its header found as reading it finds it)
#: -> whether that sheet holds more of the main sheet's rows
Alike = Callable[[Sheet, Sheet], bool]


def column_letter(column: int) -> str:
    """1 -> A, 27 -> AA, as Excel names its columns."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_file(path: Path | str, wanted: Callable[[str], bool], progress: Progress = no_progress,
              is_header: HeaderTest | None = None, alike: Alike | None = None) -> tuple[list[Sheet], list[Unread]]:
    """The main sheet of `path` (its first visible worksheet) and every later sheet whose name `wanted` accepts, or
    visible one whose first rows `alike` takes for more of the main sheet's (one sheet a month), in the
    workbook's order, with the sheets left unread; a CSV file is one sheet named after the file. `is_header`
    recognises a header below a title row. Raises FileRefused or a core/failures StorageError naming the file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise FileRefused(f"{path.name} 是旧版 Excel 文件（.xls）：请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）"
                          "后再导入")
    if suffix not in SUFFIXES:
        raise FileRefused(f"无法导入 {path.name}：文件名须以 .xlsx（Excel 工作簿）或 .csv 结尾")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FileRefused(f"{path.name} 有 {size / 2**20:.0f} MB，超过 {MAX_FILE_BYTES // 2**20} MB，"
                              "不像是台账记录：请只保留要导入的记录")
        data = path.read_bytes()
    except OSError as exc:
        raise failures.cannot_read(exc, path, "文件") from None
    if suffix == ".csv":
        return [_read_csv(path.stem, data, path.name, is_header)], []
    return _read_xlsx(data, path.name, wanted, progress, is_header, alike)


# -- CSV --------------------------------------------------------------------------------------------------------


def _read_csv(name: str, data: bytes, file_name: str, is_header: HeaderTest | None) -> Sheet:
    """A CSV as Excel on a Chinese PC saves it: UTF-8 with a BOM (“CSV UTF-8”) or GBK (“CSV（逗号分隔）”), or as the
    program's list export writes it (a text Excel would take for a formula marked with an apostrophe, taken off)."""
    try:
        text = textfiles.decode_text(data)
    except UnicodeDecodeError:
        raise FileRefused(f"{file_name} {textfiles.NOT_TEXT}") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    lines: list[list[str]] = []
    while True:
        first_line = reader.line_num + 1  # of the file, where the next row begins
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # a cell longer than csv's limit: one that long, or a quote left open
            raise FileRefused(_csv_error(file_name, len(lines) + 1, reader.line_num > first_line, str(exc))) from None
        lines.append([workbooks.unmark_text(value) for value in values])
    sheet = _sheet(name, enumerate(lines, 1), no_progress, None, is_header)
    _check_quotes(sheet, file_name)
    return sheet


def _csv_error(file_name: str, row: int, across_lines: bool, reason: str) -> str:
    if across_lines:  # a cell of 131,072 characters is a quote that took in the rows after it
        return f"{file_name} {UNPAIRED_QUOTE.format(row=row, what='行')}{_QUOTE_FIX}"
    if "field limit" in reason:
        return (f"{file_name} 第 {row} 行有一格超过 {csv.field_size_limit():,} 个字，不像是台账记录：请删去多余的内容"
                "后再导入")
    return f"{file_name} 第 {row} 行无法按 CSV 读取：请在 Excel 或 WPS 中打开，另存为“CSV UTF-8”后再试"


def _check_quotes(sheet: Sheet, file_name: str) -> None:
    """Refuse a CSV with a quote left open (`"关于""扩大会议,…` in Notepad): its cell takes in the rest of its row and
    the rows after it, up to the next quote or the end of the file, and would be read as one record short of its
    columns. Said when a cell holding line breaks has a line after its first as long as a whole row (as many commas
    as the header) and its row has not the header's number of cells (a 备注 listing names `马明,李华,…` on its second
    line, in a row of its own, is read), or its row is short of columns that its first line would have filled."""
    width = len(sheet.header)
    while width and not sheet.header[width - 1]:
        width -= 1
    if width < 3:  # too few columns for a comma count to tell a row from a cell's text
        return
    for number, values in sheet.rows:
        for column, value in enumerate(values):
            lines = _LINE_END.split(value) if isinstance(value, str) else []
            if len(lines) < 2:
                continue
            rows_taken = not width <= len(values) <= len(sheet.header) and any(
                line.count(",") >= width - 1 for line in lines[1:])
            if rows_taken or (len(values) < width and column + lines[0].count(",") + 1 >= width):
                said = UNPAIRED_QUOTE.format(row=number, what="行" if rows_taken else "内容")
                head = sheet.header[column] if column < width else ""
                cell = f"“{head}”一格" if head else f"第 {column_letter(column + 1)} 列的一格"
                start = lines[0] if len(lines[0]) <= 20 else lines[0][:20] + "…"
                raise FileRefused(f"{file_name} {said}（{cell}以“{start}”开头）{_QUOTE_FIX}")


# -- XLSX -------------------------------------------------------------------------------------------------------


def _read_xlsx(data: bytes, file_name: str, wanted: Callable[[str], bool], progress: Progress,
               is_header: HeaderTest | None, alike: Alike | None) -> tuple[list[Sheet], list[Unread]]:
    _check_zip(data, file_name)
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():  # "Data Validation extension is not supported": about drop-downs, not data
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises what its parsers raise: KeyError, ValueError, XML errors
        raise FileRefused(f"{file_name} 不是可以读取的 Excel 工作簿（.xlsx）：请在 Excel 或 WPS 中打开，"
                          "另存为 Excel 工作簿后再试") from None
    try:
        worksheets = book.worksheets  # chart sheets are not among them
        if not worksheets:
            raise FileRefused(f"{file_name} 中没有工作表（只有图表）：请把记录填在工作表中")
        main = next((sheet for sheet in worksheets if not _hidden(sheet)), worksheets[0])
        strings = _shared_strings(book, main, file_name)
        sheets, skipped = [], []
        for index, sheet in enumerate(worksheets):
            if index < worksheets.index(main):  # hidden: the clerk does not see it as the first sheet
                skipped.append(Unread(sheet.title, passed_over=True))
            elif sheet is main or wanted(sheet.title):
                sheets.append(_read_sheet(book, sheet, strings, file_name, progress, is_header))
            else:
                first = _first_rows(book, sheet, strings)
                if alike is not None and not _hidden(sheet) and first \
                        and alike(sheets[0], _sheet(sheet.title, iter(first), no_progress, None, is_header)):
                    sheets.append(_read_sheet(book, sheet, strings, file_name, progress, is_header))
                else:
                    texts = frozenset(_header_text(value) for _, values in first for value in values
                                      if not _is_empty(value))
                    skipped.append(Unread(sheet.title, texts=texts))
        return sheets, skipped
    finally:
        book.close()


def _hidden(sheet: Any) -> bool:
    return getattr(sheet, "sheet_state", "visible") != "visible"  # "hidden" or "veryHidden"


def _shared_strings(book: Any, sheet: Any, file_name: str) -> list[str]:
    """The workbook's shared strings (every text of a file Excel saved) as the clerk sees them: Excel writes a control
    character as its escape code (Word's Shift+Enter as `_x000B_`) and a typed `_x000D_` as `_x005F_x000D_`, each
    read back by unescaping once. openpyxl's own table drops every `x005F_` and unescapes nothing, so the typed text
    and the control character are no longer told apart there: the table is read again from the file as it is, when
    openpyxl's holds an escape code (`_x`; without one it is already as the clerk sees it, and a second reading would
    add a third to a large file's reading time)."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.utils.escape import unescape
    from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS, SHEET_MAIN_NS
    from openpyxl.xml.functions import fromstring, iterparse

    try:
        archive, held = book._archive, sheet._shared_strings
    except AttributeError:
        raise _wrong_version() from None
    if not any("_x" in text for text in held):
        return held
    try:
        part = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES))).find(SHARED_STRINGS)
        if part is None:
            return []
        strings, item, text, run = [], f"{{{SHEET_MAIN_NS}}}si", f"{{{SHEET_MAIN_NS}}}t", f"{{{SHEET_MAIN_NS}}}r"
        with archive.open(part.PartName[1:]) as source:
            for _, node in iterparse(source):
                if node.tag == item:  # its text, or its runs' (formatted parts); not a phonetic guide's (rPh)
                    texts = [node.findtext(text) or "", *(r.findtext(text) or "" for r in node.iterfind(run))]
                    strings.append(unescape("".join(texts)))
                    node.clear()
        return strings
    except Exception:  # openpyxl read the same table when it opened the book; damaged all the same
        raise FileRefused(f"{file_name} 不是可以读取的 Excel 工作簿（.xlsx）：请在 Excel 或 WPS 中打开，"
                          "另存为 Excel 工作簿后再试") from None


def _first_rows(book: Any, sheet: Any, strings: list[str]) -> list[tuple[int, list[Any]]]:
    """A sheet's first rows with something in them, as many as its header may be among (a title above it): to tell
    whether it holds more of the main sheet's rows (`Alike`), or say what a sheet left unread looks like. A sheet
    that cannot be read gives none; only the first hundred rows are looked at (a sheet of empty formatted rows)."""
    rows: list[tuple[int, list[Any]]] = []
    try:
        with _opened(book, sheet, strings) as parser:
            for done, (number, values) in enumerate(parser.rows()):
                if not all(_is_empty(value) for value in values):
                    rows.append((number, values))
                if len(rows) > MAX_TITLE_ROWS or done >= 100:
                    break
    except FazhiError:
        raise
    except Exception:  # damaged XML in a sheet nobody asked to read
        return []
    return rows


def _check_zip(data: bytes, file_name: str) -> None:
    """Refuse what is not a workbook, or unpacks to more than MAX_UNPACKED_BYTES, before anything is unpacked (the
    sizes the zip declares bound what reading it yields)."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # an OLE file: an .xls renamed, or a password-protected book
        raise FileRefused(f"{file_name} 是旧版 Excel 文件或设有打开密码：请取消密码，另存为 Excel 工作簿（.xlsx）"
                          "后再导入")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise FileRefused(f"{file_name} 不是 Excel 工作簿（.xlsx），或文件已损坏") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileRefused(f"{file_name} 解压后有 {unpacked / 2**20:.0f} MB，超过 {MAX_UNPACKED_BYTES // 2**20} MB，"
                          "不像是台账记录，未读取")


@contextmanager
def _opened(book: Any, sheet: Any, strings: list[str]) -> Iterator[_Parser]:
    """openpyxl's parser started over the sheet's XML in the book's archive, with the book's shared `strings`."""
    parser = _Parser(book, sheet, strings)
    try:
        archive, member = book._archive, sheet._worksheet_path
    except AttributeError:
        raise _wrong_version() from None
    with archive.open(member) as source:
        parser.start(source)
        yield parser


def _read_sheet(book: Any, sheet: Any, strings: list[str], file_name: str, progress: Progress,
                is_header: HeaderTest | None) -> Sheet:
    try:
        with _opened(book, sheet, strings) as parser:
            read = _sheet(sheet.title, parser.rows(), progress, sheet.max_row, is_header)
    except FazhiError:
        raise
    except Exception:  # malformed XML, a number openpyxl cannot read
        raise FileRefused(f"{file_name} 的工作表“{sheet.title}”无法读取：文件可能已损坏，请在 Excel 中打开并另存后再试"
                          ) from None
    read.problems += parser.problems(read)
    read.formulas = parser.parser.formulas
    read.hidden = _hidden(sheet)
    return read


def _wrong_version() -> FazhiError:
    import openpyxl

    return FazhiError(WRONG_VERSION.format(version=getattr(openpyxl, "__version__", "?")))


class Serial(datetime):
    """A number in a cell formatted as a date or time, as openpyxl reads it (930 in an hh:mm cell is 1902-07-18
    00:00), with the number as it is in the file (`serial`): a time column reads 930 as the editor reads it."""

    serial: float


def _parser_class() -> type:
    try:
        from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser, _cast_number
    except ImportError:
        raise _wrong_version() from None
    from openpyxl.utils.escape import unescape

    class Parser(WorkSheetParser):
        """openpyxl's sheet parser, also noting the formula cells (and those whose result the file does not hold),
        and keeping the number of a cell formatted as a date: 20260305 typed into a date cell (beyond Excel's dates,
        which openpyxl makes #VALUE!) is that number, and a whole day or more in a time cell keeps its number
        (`Serial`). A text in the cell itself (an inline string, a formula's result) is unescaped once, as the
        shared strings are (`_shared_strings`): openpyxl returns it as it is in the file."""

        no_result: list[tuple[int, int]]
        formulas: set[tuple[int, int]]

        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell = super().parse_cell(element)
            if element.get("t") in ("inlineStr", "str") and isinstance(cell["value"], str):
                cell["value"] = unescape(cell["value"])
            if element.find(FORMULA_TAG) is not None:
                self.formulas.add((cell["row"], cell["column"]))
                if cell["value"] is None:
                    self.no_result.append((cell["row"], cell["column"]))
            if element.get("t", "n") == "n" and cell["data_type"] in ("d", "e") and element.findtext(VALUE_TAG):
                number = _cast_number(element.findtext(VALUE_TAG))
                if cell["data_type"] == "e":  # a serial openpyxl could not make a date of
                    cell.update(value=number, data_type="n")
                elif type(cell["value"]) is datetime:
                    serial = Serial.combine(cell["value"].date(), cell["value"].time())
                    serial.serial = number
                    cell["value"] = serial
            return cell

    return Parser


class _Parser:
    def __init__(self, book: Any, sheet: Any, strings: list[str]):
        self.book, self.sheet, self.strings = book, sheet, strings
        self.parser: Any = None

    def start(self, source: Any) -> None:
        """openpyxl's parser over the sheet's XML; an openpyxl whose private names differ is 程序内部错误."""
        parser_class = _parser_class()
        try:
            self.parser = parser_class(
                source, self.strings, data_only=True, epoch=self.book.epoch,
                date_formats=self.book._date_formats, timedelta_formats=self.book._timedelta_formats)
        except (AttributeError, TypeError):
            raise _wrong_version() from None
        self.parser.no_result = []
        self.parser.formulas = set()

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """Each row's values, a text as the clerk sees it (Excel's escape codes read once: `_shared_strings`)."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for number, cells in self.parser.parse():
                values: list[Any] = [None] * (max((c["column"] for c in cells), default=0))
                for cell in cells:
                    value = cell["value"]
                    if cell["data_type"] == "e" or (isinstance(value, str) and value in _ERROR_VALUES):
                        value = _ExcelError(str(value))
                    values[cell["column"] - 1] = value
                yield number, values

    def problems(self, read: Sheet) -> list[CellProblem]:
        """Merged cells, hidden rows and columns, and formulas without a result at or below the header."""
        found = [CellProblem(row, column, "是公式，文件中没有它的计算结果（文件不是在 Excel 中保存的）：请在 Excel 或 "
                             "WPS 中打开并保存一次，或把公式改成数值")
                 for row, column in self.parser.no_result if row >= read.header_row]
        data_rows = {number for number, _ in read.rows}
        for key, attrs in self.parser.row_dimensions.items():
            if attrs.get("hidden") in ("1", "true") and int(key) in data_rows:
                found.append(CellProblem(int(key), None, "这一行被隐藏了（或被筛选隐藏）：看不见的行不会被跳过，"
                                         "请取消隐藏（取消筛选）核对后再导入"))
        for attrs in self.parser.column_dimensions.values():  # <col min max hidden>: a run of columns
            if attrs.get("hidden") in ("1", "true"):
                for column in range(int(attrs.get("min", 0)), min(int(attrs.get("max", 0)), len(read.header)) + 1):
                    if column >= 1 and read.header[column - 1]:
                        found.append(CellProblem(read.header_row, column, "这一列被隐藏了：看不见的列也会导入，"
                                                 "请取消隐藏核对后再导入"))
        merged = self.parser.merged_cells
        for merge in (merged.mergeCell if merged is not None else ()):
            low, high = _range_rows(merge.ref)
            if high >= read.header_row:
                found.append(CellProblem(max(low, read.header_row), None,
                                         f"有合并的单元格（{merge.ref}）：合并后只有第一格有值，请取消合并，在每一行填上值"))
        return found


def _range_rows(ref: str) -> tuple[int, int]:
    from openpyxl.utils.cell import range_boundaries

    _, low, _, high = range_boundaries(ref)
    return low, high


class _ExcelError(str):
    """An Excel error value (#N/A, #REF!) in a cell: said, never imported as text."""


def is_excel_error(value: Any) -> bool:
    return isinstance(value, _ExcelError)


# -- both -------------------------------------------------------------------------------------------------------


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _sheet(name: str, lines: Iterator[tuple[int, list[Any]]], progress: Progress, total: int | None,
           is_header: HeaderTest | None = None) -> Sheet:
    """The header and the rows below it that have something; Excel's trailing empty rows and columns left out.
    The header is the first row with something in it, unless `is_header` takes one of the next few rows for it and
    not the first (those above it are then title rows). Refuses a sheet of more than MAX_ROWS rows without reading
    on."""
    header: Sheet | None = None
    above: list[tuple[int, list[Any]]] = []  # the first rows, while the header is not yet known
    for number, values in lines:
        if all(_is_empty(v) for v in values):
            continue
        if header is None:
            texts = [_header_text(v) for v in values]
            if is_header is None or is_header(name, texts):
                header = Sheet(name, number, texts, title_rows=[(n, _row_text(v)) for n, v in above])
                continue
            above.append((number, values))
            if len(above) > MAX_TITLE_ROWS:  # none of the first rows is a header: the first one is
                header, above = _first_is_header(name, above), []
            continue
        if len(header.rows) >= MAX_ROWS:
            raise FileRefused(f"工作表“{name}”有 {MAX_ROWS:,} 行以上的记录，一次最多导入 {MAX_ROWS:,} 行："
                              "请分成几个文件导入")
        header.rows.append((number, tuple(values)))
        if len(header.rows) % 200 == 0:
            progress(number, max(total or 0, number), f"正在读取工作表“{name}”：第 {number} 行……")
    if header is None and above:
        header = _first_is_header(name, above)
    if header is None:
        return Sheet(name, 1, [])
    _check_columns(header)
    return header


def _first_is_header(name: str, rows: list[tuple[int, list[Any]]]) -> Sheet:
    """The sheet of `rows` (the first few with something in them) whose first row is its header."""
    (number, values), *below = rows
    return Sheet(name, number, [_header_text(v) for v in values], [(n, tuple(v)) for n, v in below])


def _row_text(values: list[Any]) -> str:
    return " ".join(text for text in (_header_text(v) for v in values) if text)


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _check_columns(sheet: Sheet) -> None:
    """A cell below an empty header cell is said once a column; a row that repeats the header is a second header."""
    said: set[int] = set()
    named = [text for text in sheet.header if text]
    kept = []
    for number, values in sheet.rows:
        for column, value in enumerate(values, 1):
            if column in said or _is_empty(value):
                continue
            if column > len(sheet.header) or not sheet.header[column - 1]:
                said.add(column)
                sheet.problems.append(CellProblem(number, column, "这一列没有标题，却填了内容：请在第 "
                                                  f"{sheet.header_row} 行写上这一列的字段名称，或删去这一列"))
        texts = [_header_text(v) for v in values]
        same = sum(1 for text, head in zip(texts, sheet.header, strict=False) if text and text == head)
        if len(named) >= 2 and same >= max(2, len([t for t in texts if t]) // 2 + 1):
            sheet.problems.append(CellProblem(number, None, f"这一行是又一行标题（与第 {sheet.header_row} 行相同）："
                                              "请删去这一行"))
            continue  # not a record: its “values” would each be refused besides
        kept.append((number, values))
    sheet.rows = kept
