"""Saving an openpyxl workbook into a file that core/atomic.py gives its name only when complete.

`Workbook.save` leaves its zip archive open when writing fails (a full disk, Ctrl-C). core/atomic.py then closes
and removes the unfinished file, and later the garbage collector closes the archive, which writes its directory into
the closed file and prints "Exception ignored in: <function ZipFile.__del__> … ValueError: seek of closed file"
under the Chinese message. `save_workbook` closes the archive at once instead, while the file is still open.
`put_text` is how every workbook the program writes fills a text cell; `mark_text` and `unmark_text` how a CSV
cell is written and read back.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from typing import IO, Any

#: the control characters a worksheet cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE): all but tab and line ends
_NOT_IN_CELLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cell_text(text: str) -> str:
    """`text` with each control character a worksheet cannot hold made a space: what a cell of every table the program
    writes holds, Excel or CSV (a list's CSV carried the NUL or vertical tab of a record an older version saved, or a
    township's bundle brought, as it was)."""
    return _NOT_IN_CELLS.sub(" ", text)


#: a text Excel takes for a formula (= + - @ first), after any apostrophes (Excel's mark for text: `'=1+1`)
_FORMULA_LIKE = re.compile(r"'*[=+\-@]")
#: a number as the program writes one (-5, 2.5): Excel takes it for the number, which it is
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def mark_text(text: str) -> str:
    """`text` for a CSV cell Excel shows as typed: a text it would take for a formula (=, +, -, @ first: "=1+1", "-"
    for no place, "+86…" a phone) gets a leading apostrophe, Excel's own mark for text, and so does one already
    beginning with apostrophes before such a character ('-, typed in the editor as a clerk types it in Excel), so
    that `unmark_text` gives back each exactly; a negative number stays a number."""
    return "'" + text if _FORMULA_LIKE.match(text) and not NUMBER.fullmatch(text) else text


def unmark_text(cell: str) -> str:
    """A CSV cell as it was before `mark_text`: a leading apostrophe before what Excel would take for a formula
    taken off ('-, '+86…, ''=1+1 -> '=1+1); any other apostrophe is the clerk's and stays."""
    return cell[1:] if cell[:1] == "'" and _FORMULA_LIKE.match(cell, 1) else cell


#: a literal text that Excel (and core/excel_sheets.py) would read as an escape code: `_x000B_` is a vertical tab
_LOOKS_ESCAPED = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def put_text(cell: Any, text: str) -> Any:
    """`cell` (a worksheet's or a write-only one) holding `text` as text, returned. Whatever the text looks like:
    openpyxl makes a string beginning with "=" a formula, and a roster name a township sent as
    `=HYPERLINK("http://…","马文军")` would be a live link in the county's report. Each control character openpyxl
    refuses (and with it the whole file: a vertical tab pasted from Word, a name sent with \\x01) is made a space.
    A literal `_x000D_` is written as Excel writes it (`_x005F_x000D_`), since openpyxl does not: Excel and the
    program's import read back the text itself, not a carriage return."""
    cell.value = _LOOKS_ESCAPED.sub("_x005F_", cell_text(text))
    cell.data_type = "s"
    return cell


def save_workbook(workbook: Any, out: IO[bytes]) -> None:
    """`workbook.save(out)` (openpyxl's own writer), closing the zip archive before this returns or raises."""
    from openpyxl.writer.excel import ExcelWriter

    archive = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(workbook, archive).write_data()
    except BaseException:
        with contextlib.suppress(Exception):  # the directory of a file about to be removed: it may fail, too
            archive.close()
        raise
    archive.close()  # writes the zip's directory: a full disk may show only here
