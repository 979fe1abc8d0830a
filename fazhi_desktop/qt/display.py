"""A list cell's text: core.display formats field values (masked personal data, 、-joined lists, 是/否);
this adds the system columns (编号, 状态, times) and keeps long text to one line."""

from __future__ import annotations

from typing import Any

from fazhi_desktop.core.display import NOT_CONCLUDED, list_cell, not_concluded, status_text
from fazhi_desktop.core.forms import SYSTEM_COLUMNS, LedgerDef
from fazhi_desktop.core.store import Record

CELL_CHARS = 60


def column_value(record: Record, column: str) -> Any:
    """The raw value of a list column: a system column (number, status...) or a field."""
    if column in SYSTEM_COLUMNS and column != "remarks":
        return getattr(record, column)
    return record.values.get(column)


def cell_text(ledger: LedgerDef, record: Record, column: str, mark: str = "") -> str:
    """`mark`: what the county says of the record after its status (Store.county_marks)."""
    value = column_value(record, column)
    if column == "status":
        return status_text(value, mark)
    if column == "remarks":
        text = list_cell(None, value)  # a number typed into it masked, as in its own field
    elif column in SYSTEM_COLUMNS:
        text = "" if value is None else str(value).replace("T", " ").removesuffix("Z")
    elif not_concluded(ledger, record.values, column):
        text = NOT_CONCLUDED
    else:
        text = list_cell(ledger.field(column), value)
    return one_line(text)


def one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= CELL_CHARS else line[:CELL_CHARS] + "…"


def is_numeric(ledger: LedgerDef, column: str) -> bool:
    if column in SYSTEM_COLUMNS:
        return column == "revision"
    return ledger.field(column).type in ("integer", "decimal")
