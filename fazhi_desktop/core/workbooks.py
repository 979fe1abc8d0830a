"""Saving an openpyxl workbook into a file that core/atomic.py gives its name only when complete.

`Workbook.save` leaves its zip archive open when writing fails (a full disk, Ctrl-C). core/atomic.py then closes
and removes the unfinished file, and later the garbage collector closes the archive, which writes its directory into
the closed file and prints "Exception ignored in: <function ZipFile.__del__> … ValueError: seek of closed file"
under the Chinese message. `save_workbook` closes the archive at once instead, while the file is still open.
`put_text` is how every workbook the program writes fills a text cell.
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
