"""Text a document may draw: no control characters, whatever was pasted into the record.

A font has no glyph for a tab, a line break or any other control character, so reportlab draws its missing-glyph
box (☒) and Qt's preview the same: a 会议名称 pasted with a tab printed "会议☒名称" in the minutes' title, and terms
copied from a Word numbered list ("一、<tab>被申请人…") printed "一、☒被申请人…" on the agreement. Records stored
before the editor refused such characters still hold them, so the documents clean every value they print:

- `one_line` for titles, names, places and table cells: a tab or a line break becomes one space (none after
  full-width punctuation such as the 、 of "一、", which has its own space), so a title is never split;
- `multi_line` for long text (议题, 协议内容, 备注): paragraph breaks stay, tabs become a space as above;
- `drawable`, the last guard the typesetter applies to every piece of text it measures: tabs and line breaks
  become spaces, every other control or invisible format character is dropped.

`printable_record` applies the first two to a record by its form's field types, before any document reads it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fazhi_desktop.core.forms import FieldDef, LedgerDef
    from fazhi_desktop.core.store import Record

#: line breaks as pasted text carries them: Word's manual line break is a vertical tab, its page break a form feed
_BREAKS = "\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029"
#: a tab or line break (with the spaces around it) after full-width punctuation: the mark carries its own space
_AFTER_MARK = re.compile(rf"(?<=[、，。：；！？）】」』》〕．])[ \t]*[\t{_BREAKS}][ \t{_BREAKS}]*")
_SEPARATOR = re.compile(rf"[ \t]*[\t{_BREAKS}][ \t{_BREAKS}]*")  # one space for the run, however long
_TAB = re.compile(r"[ \t]*\t[ \t]*")
_LINE_ENDS = re.compile(r"^[ \t]*\t[ \t]*|[ \t]*\t[ \t]*$", re.M)  # tabs indenting or ending a line: dropped
_MARK_TAB = re.compile(r"(?<=[、，。：；！？）】」』》〕．])[ \t]*\t[ \t]*")
_NEWLINES = re.compile(r"\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def _drawable_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in (*range(0x00, 0x20), *range(0x7F, 0xA0), 0xAD, *range(0x200B, 0x2010), *range(0x202A, 0x202F),
                 *range(0x2060, 0x2065), 0xFEFF):
        table[code] = None
    for ch in "\t" + _BREAKS:
        table[ord(ch)] = " "
    return table


_DRAWABLE = _drawable_table()


def drawable(text: str) -> str:
    """`text` with each tab and line break made a space and every other control character (and invisible format
    character: zero-width space, byte-order mark, direction marks) dropped: nothing a font lacks a glyph for."""
    return text.translate(_DRAWABLE)


def one_line(text: str) -> str:
    """A one-line value as printed: tabs and line breaks become one space (none after 、，。：）…), so a title or a
    name never breaks where the pasted text did; other control characters are dropped."""
    if text.isprintable():  # the usual case: nothing to do
        return text
    text, dropped = _AFTER_MARK.subn("", text)
    text, spaced = _SEPARATOR.subn(" ", text)
    return drawable(text.strip(" ") if dropped or spaced else text)


def multi_line(text: str) -> str:
    """Long text as printed: paragraph breaks kept (as "\\n", whatever the system or Word used), a tab after a list
    mark such as "一、" dropped, after "1." or inside a line one space, at a line's ends none; other control
    characters dropped."""
    if text.isprintable():
        return text
    text = _NEWLINES.sub("\n", text)
    text = _TAB.sub(" ", _MARK_TAB.sub("", _LINE_ENDS.sub("", text)))
    return "\n".join(drawable(line) for line in text.split("\n"))


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
