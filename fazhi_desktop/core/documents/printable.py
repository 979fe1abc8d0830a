"""Records as documents may print them: every value cleaned by its field's type with core/plaintext.py (records
stored before the editor cleaned what was pasted still hold tabs, line breaks and other control characters, which
print as ☒ and split titles).

`printable_record` applies `one_line` and `multi_line` to a record by its form's field types, before any document
reads it; the typesetter applies `drawable` to every piece of text it measures.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from fazhi_desktop.core.plaintext import drawable, multi_line, one_line

__all__ = ["drawable", "multi_line", "one_line", "printable_record", "printable_value"]

if TYPE_CHECKING:
    from fazhi_desktop.core.forms import FieldDef, LedgerDef
    from fazhi_desktop.core.store import Record


def printable_value(f: FieldDef, value: Any) -> Any:
    """A stored value of field `f` as documents may print it: long text by `multi_line`, every other text by
    `one_line`, a repeating group's rows field by field; numbers, flags and empty values as they are."""
    if isinstance(value, str):
        return multi_line(value) if f.type == "longtext" else one_line(value)
    if isinstance(value, list):
        return [printable_value(f, item) for item in value]
    if isinstance(value, dict):
        subs = {sub.name: sub for sub in f.fields}
        return {key: printable_value(subs[key], item) if key in subs else _plain(item) for key, item in value.items()}
    return value


def _plain(value: Any) -> Any:
    """A value outside the form (an attachment's name): one line."""
    if isinstance(value, str):
        return one_line(value)
    return value


def printable_record(ledger: LedgerDef, record: Record) -> Record:
    """A copy of `record` whose values are all printable (see `printable_value`); 备注 is long text. The record's
    identity, revision and content hash are kept: the verification mark names what is stored."""
    values = {}
    for name, value in record.values.items():
        if name == "remarks" and isinstance(value, str):
            values[name] = multi_line(value)
        elif name in ledger.field_names:
            values[name] = printable_value(ledger.field(name), value)
        else:
            values[name] = _plain(value)
    return replace(record, values=values)
